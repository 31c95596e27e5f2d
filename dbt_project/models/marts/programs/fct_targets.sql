-- Every stated target (export and program targets, official and document) with its deadline, setter and
-- announcement date. A target restated with another value or by another source is kept as a version of
-- its (subject, metric, unit, period). Each target is judged as an auditor would: only against an actual
-- of the same subject (a program's phase is its own subject), measure (curated metric_code), unit and
-- scope, taken at the deadline (the latest actual on or before it). A future deadline is 'in_progress'
-- with the latest actual to date; a target without a deadline, or without a comparable actual, gets no
-- attainment ('not_comparable', with the reason). National export targets are judged by the official
-- ICT export series: the target fiscal year's total (in progress: its latest year-to-date figure); for
-- a deadline, the last full fiscal year ended by then.
with targets as (
    select
        observation_id,
        subject,
        subject_as_written,
        entity_name,
        metric,
        comparable_metric,
        metric_as_written,
        value,
        value_high,
        unit,
        qualifier,
        period,
        period_as_written,
        observed_on,
        source_kind,
        source_title,
        source_url,
        publisher,
        setter,
        official_row_id,
        fact_id,
        doc_id,
        file_name,
        file_names,
        quote,
        subject_key,
        scope,
        match_metric,
        deadline_date as stated_deadline_date
    from {{ ref('int_observations') }}
    where kind = 'target'
        and value is not null
),

periods as (
    select period, period_type, deadline_date, end_date, fiscal_year
    from {{ ref('int_periods') }}
),

export_vintages as (
    select
        grain,
        period,
        fiscal_year,
        end_month,
        value_usd_mn,
        published_date,
        source_title
    from {{ ref('int_ict_exports__vintages') }}
    where is_current
        and measure = 'ict_exports'
        and grain in ('fiscal_year', 'fiscal_ytd')
),

export_year_totals as (
    select
        period,
        fiscal_year,
        value_usd_mn,
        published_date,
        source_title
    from export_vintages
    where grain = 'fiscal_year'
),

export_latest_year_to_date as (
    select
        period,
        fiscal_year,
        value_usd_mn,
        published_date,
        source_title
    from export_vintages
    where grain = 'fiscal_ytd'
    qualify row_number() over (partition by fiscal_year order by end_month desc, period) = 1
),

-- for a deadline: the last full fiscal year that ended by then (a future deadline: the latest year)
deadline_year_totals as (
    select
        targets.observation_id,
        export_year_totals.period,
        export_year_totals.fiscal_year,
        export_year_totals.value_usd_mn,
        export_year_totals.published_date,
        export_year_totals.source_title
    from targets
    inner join periods
        on targets.period = periods.period
    inner join export_year_totals
        on make_date({{ fiscal_year_start_year_of_label('export_year_totals.fiscal_year') }} + 1, 6, 30)
            <= periods.deadline_date
    where periods.period_type = 'deadline'
    qualify row_number() over (partition by targets.observation_id order by export_year_totals.fiscal_year desc) = 1
),

program_actuals as (
    select
        subject,
        subject_key,
        match_metric,
        unit,
        scope,
        value,
        period,
        observed_on,
        coalesce(source_title, file_names, file_name) as source,
        source_kind,
        observation_id
    from {{ ref('int_observations') }}
    where kind = 'actual'
        and value is not null
        and observed_on is not null
        and subject <> 'Pakistan ICT exports'
),

versioned as (
    select
        targets.observation_id,
        targets.subject,
        targets.subject_as_written,
        targets.entity_name,
        targets.metric,
        targets.comparable_metric,
        targets.metric_as_written,
        targets.value,
        targets.value_high,
        targets.unit,
        targets.qualifier,
        targets.period,
        targets.period_as_written,
        targets.observed_on,
        targets.source_kind,
        targets.source_title,
        targets.source_url,
        targets.publisher,
        targets.setter,
        targets.official_row_id,
        targets.fact_id,
        targets.doc_id,
        targets.file_name,
        targets.file_names,
        targets.quote,
        periods.period_type,
        coalesce(targets.stated_deadline_date, periods.deadline_date, periods.end_date) as deadline_date,
        targets.subject_key,
        targets.scope,
        targets.match_metric,
        periods.fiscal_year as target_fiscal_year,
        row_number() over target_versions_asc as version_number,
        count(*) over target_versions as version_count,
        count(distinct targets.value) over target_versions as distinct_value_count,
        row_number() over target_versions_desc = 1 as is_latest_version
    from targets
    left join periods
        on targets.period = periods.period
    -- a target without a period cannot be told apart from another one: it is its own version group
    window
        target_versions as (
            partition by targets.subject, targets.metric, targets.unit, coalesce(targets.period, targets.observation_id)
        ),
        target_versions_asc as (
            target_versions order by targets.observed_on asc nulls last, targets.source_kind desc, targets.observation_id
        ),
        target_versions_desc as (
            target_versions order by targets.observed_on desc nulls last, targets.source_kind desc, targets.observation_id
        )
),

-- a program target's actual: same subject, measure, unit and scope (and curated key where both have one),
-- the latest on or before the deadline; before a future deadline, the latest to date
program_actual_at_deadline as (
    select
        versioned.observation_id,
        program_actuals.value,
        program_actuals.period,
        program_actuals.observed_on,
        program_actuals.source
    from versioned
    inner join program_actuals
        on versioned.subject = program_actuals.subject
        and versioned.match_metric = program_actuals.match_metric
        and versioned.unit = program_actuals.unit
        -- a target of unknown scope (most documents) takes the subject's actuals; a scoped one only its own
        and (versioned.scope is null or versioned.scope is not distinct from program_actuals.scope)
        and coalesce(versioned.subject_key = program_actuals.subject_key, true)
        and program_actuals.observed_on <= least(versioned.deadline_date, current_date)
    where versioned.subject <> 'Pakistan ICT exports'
        and versioned.deadline_date is not null
    qualify row_number() over (
        partition by versioned.observation_id
        order by program_actuals.observed_on desc, program_actuals.source_kind desc, program_actuals.value desc,
            program_actuals.observation_id
    ) = 1
),

with_actuals as (
    select
        versioned.observation_id,
        versioned.subject,
        versioned.subject_as_written,
        versioned.entity_name,
        versioned.metric,
        versioned.comparable_metric,
        versioned.metric_as_written,
        versioned.value,
        versioned.value_high,
        versioned.unit,
        versioned.qualifier,
        versioned.period,
        versioned.period_as_written,
        versioned.observed_on,
        versioned.source_kind,
        versioned.source_title,
        versioned.source_url,
        versioned.publisher,
        versioned.setter,
        versioned.official_row_id,
        versioned.fact_id,
        versioned.doc_id,
        versioned.file_name,
        versioned.file_names,
        versioned.quote,
        versioned.period_type,
        versioned.deadline_date,
        versioned.target_fiscal_year,
        versioned.version_number,
        versioned.version_count,
        versioned.distinct_value_count,
        versioned.is_latest_version,
        versioned.deadline_date >= current_date as deadline_is_future,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.value_usd_mn, year_to_date.value_usd_mn, deadline_total.value_usd_mn) * 1e6
            else program_actual.value
        end as actual_value,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.period, year_to_date.period, deadline_total.period)
            else program_actual.period
        end as actual_period,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.published_date, year_to_date.published_date, deadline_total.published_date)
            else program_actual.observed_on
        end as actual_as_of,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.source_title, year_to_date.source_title, deadline_total.source_title)
            else program_actual.source
        end as actual_source,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then case
                    when year_total.value_usd_mn is not null then 'fiscal_year_total'
                    when year_to_date.value_usd_mn is not null then 'fiscal_year_to_date'
                    when deadline_total.value_usd_mn is not null then 'last_fiscal_year_total_by_deadline'
                end
            when program_actual.value is not null then
                case when versioned.deadline_date >= current_date then 'latest_actual_to_date' else 'latest_actual_by_deadline' end
        end as actual_basis
    from versioned
    left join export_year_totals as year_total
        on versioned.period_type = 'fiscal_year'
        and versioned.target_fiscal_year = year_total.fiscal_year
    left join export_latest_year_to_date as year_to_date
        on versioned.period_type = 'fiscal_year'
        and versioned.target_fiscal_year = year_to_date.fiscal_year
    left join deadline_year_totals as deadline_total
        on versioned.observation_id = deadline_total.observation_id
    left join program_actual_at_deadline as program_actual
        on versioned.observation_id = program_actual.observation_id
),

final as (
    select
        observation_id as target_id,
        subject,
        subject_as_written,
        entity_name as filed_under,
        metric,
        metric_as_written,
        value as target_value,
        value_high as target_value_high,
        unit,
        qualifier,
        period,
        period_as_written,
        period_type,
        deadline_date,
        setter,
        observed_on as announced_on,
        source_kind,
        source_title,
        source_url,
        publisher,
        official_row_id,
        fact_id,
        doc_id,
        file_name,
        coalesce(file_names, file_name) as file_names,
        quote,
        version_number,
        version_count,
        distinct_value_count,
        distinct_value_count > 1 as is_restated,
        is_latest_version,
        actual_value,
        actual_period,
        actual_as_of,
        actual_source,
        actual_basis,
        case
            when deadline_date is null or actual_value is null then 'not_comparable'
            when deadline_is_future then 'in_progress'
            when actual_value >= value then 'met'
            -- below target: missed only when the actual is the one at the deadline (a full fiscal year's
            -- total, or a count from the last quarter before the deadline)
            when actual_basis in ('fiscal_year_total', 'last_fiscal_year_total_by_deadline') then 'missed'
            when actual_basis = 'latest_actual_by_deadline' and actual_as_of >= deadline_date - interval 92 day
                then 'missed'
            else 'not_comparable'
        end as status,
        case
            when deadline_date is null then 'the target has no deadline'
            when actual_value is null and deadline_is_future
                then 'no actual of the same measure, unit and scope reported yet'
            when actual_value is null then 'no actual of the same measure, unit and scope on or before the deadline'
            when deadline_is_future or actual_value >= value then null
            when actual_basis = 'fiscal_year_to_date'
                then 'the fiscal year is over but only its year-to-date figure (' || actual_period || ') is reported'
            when actual_basis = 'latest_actual_by_deadline' and actual_as_of < deadline_date - interval 92 day
                then 'the latest actual before the deadline is as of ' || cast(actual_as_of as varchar)
                    || ': too early to judge'
        end as status_reason,
        actual_value as judged_actual_value

    from with_actuals
),

judged as (
    select
        * exclude (judged_actual_value),
        -- attainment only where the target is judged (met, missed or in progress)
        case
            when status <> 'not_comparable' then round(judged_actual_value / nullif(target_value, 0) * 100, 1)
        end as attainment_pct,
        -- the verdict is as of the build: a deadline that passes after it is judged by the next build
        current_date as judged_on
    from final
)

select
    target_id,
    subject,
    subject_as_written,
    filed_under,
    metric,
    metric_as_written,
    target_value,
    target_value_high,
    unit,
    qualifier,
    period,
    period_as_written,
    period_type,
    deadline_date,
    setter,
    announced_on,
    source_kind,
    source_title,
    source_url,
    publisher,
    official_row_id,
    fact_id,
    doc_id,
    file_name,
    file_names,
    quote,
    version_number,
    version_count,
    distinct_value_count,
    is_restated,
    is_latest_version,
    actual_value,
    actual_period,
    actual_as_of,
    actual_source,
    actual_basis,
    status,
    status_reason,
    attainment_pct,
    judged_on
from judged
