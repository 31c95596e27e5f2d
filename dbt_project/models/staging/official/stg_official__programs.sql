-- Reported program metrics and targets, one row per source, from the latest snapshot load. The value is
-- kept as written and parsed: a number or a range ('18-20') in the written unit ('USD million'), then
-- in base units (value = 18000000, value_high = 20000000, unit = 'USD').
with source as (
    select
        load_id,
        ingested_at,
        source_file,
        source_row,
        program_name,
        metric,
        value,
        unit,
        period_or_deadline,
        kind,
        source_title,
        source_url,
        published_date,
        publisher,
        release_date,
        release_date_basis,
        program_key,
        phase,
        metric_code,
        scope,
        as_of_date,
        deadline,
        kind_detail
    from {{ source('official', 'official_programs') }}
),

latest_snapshot as (
    select *
    from source
    qualify {{ latest_load_rank() }} = 1
),

renamed as (
    select
        source_file || ':' || cast(source_row as varchar) as official_row_id,
        trim(program_name) as program_name,
        trim(metric) as metric_as_written,
        nullif(trim(value), '') as value_as_written,
        nullif(trim(unit), '') as unit_as_written,
        nullif(trim(period_or_deadline), '') as period_as_written,
        lower(trim(kind)) as official_kind,
        trim(source_title) as source_title,
        trim(source_url) as source_url,
        published_date,
        {{ official_release_columns() }},
        nullif(trim(program_key), '') as program_key,
        nullif(trim(phase), '') as phase,
        nullif(trim(metric_code), '') as metric_code,
        nullif(trim(scope), '') as scope,
        as_of_date,
        deadline,
        nullif(trim(kind_detail), '') as curated_kind_detail,
        source_file,
        source_row,
        load_id,
        ingested_at
    from latest_snapshot
),

parsed_values as (
    select
        *,
        case
            when regexp_full_match(value_as_written, '-?\d+(\.\d+)?\s*-\s*\d+(\.\d+)?')
                then try_cast(trim(split_part(value_as_written, '-', 1)) as double)
            else try_cast(replace(value_as_written, ',', '') as double)
        end as value_low_as_written,
        case
            when regexp_full_match(value_as_written, '-?\d+(\.\d+)?\s*-\s*\d+(\.\d+)?')
                then try_cast(trim(split_part(value_as_written, '-', 2)) as double)
        end as value_high_as_written,
        case
            when regexp_full_match(value_as_written, '\d{4}-\d{2}-\d{2}') then try_cast(value_as_written as date)
        end as value_date,
        lower(coalesce(unit_as_written, '')) as unit_lower,
        lower(metric_as_written) as metric_lower,
        -- actual, target, projection, plan or approval: curated; else the snapshot's achieved/target
        coalesce(curated_kind_detail, case official_kind when 'achieved' then 'actual' else official_kind end)
            as kind_detail_resolved
    from renamed
),

parsed_units as (
    select
        *,
        case
            when regexp_matches(unit_as_written, '^(USD|PKR)') then left(unit_as_written, 3)
            when unit_lower like 'percent%' then 'percent'
            when unit_lower like 'days%' then 'days'
            when unit_lower = 'date' then 'date'
            when unit_as_written is null then null
            else 'count'
        end as unit,
        case
            when regexp_matches(unit_lower, '^(usd|pkr) billion') then 1e9
            when regexp_matches(unit_lower, '^(usd|pkr) million') then 1e6
            when regexp_matches(unit_lower, '^(usd|pkr) thousand') then 1e3
            else 1
        end as unit_multiplier,
        case
            when regexp_matches(unit_lower, '^(usd|pkr|percent|days|date)') then null
            else nullif(trim(split_part(split_part(unit_lower, '(', 1), ' per ', 1)), '')
        end as counted_noun,
        case when regexp_matches(unit_lower, '\bper year\b') then 'per year' end as rate_basis,
        -- 'persons (more than)', 'centres planned - total (over)'
        case
            when regexp_matches(unit_lower || ' ' || metric_lower, '\((more than|over)\)') then 'over'
            when regexp_matches(unit_lower || ' ' || metric_lower, '\((up to|not exceeding)\)') then 'up to'
            when regexp_matches(unit_lower || ' ' || metric_lower, '\(at least\)') then 'at least'
            when regexp_matches(unit_lower || ' ' || metric_lower, '\((around|about)\)') then 'around'
        end as qualifier,
        -- a breakdown named after ' - ' ('centres planned - Punjab'); 'total' is no breakdown
        nullif(nullif(trim(regexp_extract(split_part(metric_lower, '(', 1), ' - (.+)$', 1)), ''), 'total')
            as breakdown
    from parsed_values
),

metrics as (
    select
        *,
        case
            when official_kind = 'target' and unit = 'USD'
                and regexp_matches(metric_lower, '\b(it|ict)( sector)? export')
                then 'export_target'
            when regexp_matches(metric_lower, 'per freelancer') then 'income_per_freelancer'
            when regexp_matches(metric_lower, 'freelanc') and regexp_matches(metric_lower, 'growth') and unit = 'percent'
                then 'freelancers_growth'
            when regexp_matches(metric_lower, 'freelanc') and unit in ('USD', 'PKR') then 'freelancer_earnings'
            when regexp_matches(metric_lower, 'freelancers') and regexp_matches(metric_lower, 'bank account')
                then 'freelancers_with_bank_accounts'
            when regexp_matches(metric_lower, 'trainee|trained') and unit = 'count' then 'trainees'
            when regexp_matches(metric_lower, 'freelancers') and unit = 'count'
                and not regexp_matches(metric_lower, 'registered') then 'freelancers'
            when regexp_matches(metric_lower, 'cent(re|er)s') or counted_noun like 'cent%' then 'centres'
            when regexp_matches(metric_lower, 'enrol') then 'enrolments'
            when regexp_matches(metric_lower, 'trainings') or counted_noun = 'trainings' then 'trainings'
            when regexp_matches(metric_lower, 'trainee|trained') then 'trainees'
            when counted_noun like 'startups%' and unit = 'count' then 'startups'
            when regexp_matches(metric_lower, 'disburs') then 'amount_disbursed'
            when unit in ('USD', 'PKR') and regexp_matches(metric_lower, 'financing|loan|funding|allocation')
                then 'funding'
            when regexp_matches(metric_lower, '\bstps\b') or counted_noun = 'stps' then 'parks'
            else {{ snake_case('metric_as_written') }}
        end as base_metric
    from parsed_units
),

final as (
    select
        official_row_id,
        program_name,
        case
            when breakdown is not null and base_metric not in ('export_target')
                then base_metric || '_' || {{ snake_case('breakdown') }}
            else base_metric
        end as metric,
        metric_as_written,
        -- the fact contract's kind: a plan (capacity, allocation) is a goal, not an achievement
        case
            when kind_detail_resolved in ('actual', 'approval') then 'actual'
            when kind_detail_resolved = 'projection' then 'projection'
            else 'target'
        end as kind,
        official_kind,
        value_as_written,
        unit_as_written,
        value_low_as_written,
        value_high_as_written,
        unit_multiplier,
        value_low_as_written * unit_multiplier as value,
        value_high_as_written * unit_multiplier as value_high,
        unit,
        counted_noun,
        rate_basis,
        qualifier,
        value_date,
        period_as_written,
        {{ normalise_period_text('period_as_written') }} as period,
        -- an actual is observed on the date it is as of; a target on the day it was announced
        coalesce(
            case when kind_detail_resolved in ('actual', 'approval') then as_of_date end,
            release_date,
            {{ stated_date('period_as_written') }}
        ) as observed_on,
        source_title,
        source_url,
        published_date,
        publisher,
        release_date,
        release_date_basis,
        program_key,
        phase,
        metric_code,
        scope,
        as_of_date,
        deadline,
        -- actual, target, projection, plan or approval: curated; else the snapshot's achieved/target
        kind_detail_resolved as kind_detail,
        source_file,
        source_row,
        load_id,
        ingested_at
    from metrics
)

select * from final
