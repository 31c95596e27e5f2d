-- Every stated target (export and program targets, official and document) with its deadline, setter and
-- announcement date. A target restated with another value or by another source is kept as a version of
-- its (subject, metric, unit, period). Each target is set beside the latest actual for the same subject
-- and metric, with attainment %: national export targets against the official ICT export series (the
-- target year's total, else its latest year-to-date figure; for a deadline the last full year ended by
-- then; else the latest full year), program targets
-- against the latest reported actual.
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
        quote
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
    qualify row_number() over (partition by fiscal_year order by end_month desc) = 1
),

export_latest_year_total as (
    select
        period,
        fiscal_year,
        value_usd_mn,
        published_date,
        source_title
    from export_year_totals
    qualify row_number() over (order by fiscal_year desc) = 1
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
        comparable_metric,
        unit,
        value,
        period,
        observed_on,
        coalesce(source_title, file_names, file_name) as source,
        observation_id
    from {{ ref('int_observations') }}
    where kind = 'actual'
        and value is not null
        and subject <> 'Pakistan ICT exports'
    qualify row_number() over (
        partition by subject, comparable_metric, unit
        order by observed_on desc nulls last, source_kind desc, value desc, observation_id
    ) = 1
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
        coalesce(periods.deadline_date, periods.end_date) as deadline_date,
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
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.value_usd_mn, year_to_date.value_usd_mn, deadline_total.value_usd_mn,
                    latest_total.value_usd_mn) * 1e6
            else program_actuals.value
        end as actual_value,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.period, year_to_date.period, deadline_total.period, latest_total.period)
            else program_actuals.period
        end as actual_period,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.published_date, year_to_date.published_date, deadline_total.published_date,
                    latest_total.published_date)
            else program_actuals.observed_on
        end as actual_as_of,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then coalesce(year_total.source_title, year_to_date.source_title, deadline_total.source_title,
                    latest_total.source_title)
            else program_actuals.source
        end as actual_source,
        case
            when versioned.subject = 'Pakistan ICT exports' and versioned.unit = 'USD'
                then case
                    when year_total.value_usd_mn is not null then 'fiscal_year_total'
                    when year_to_date.value_usd_mn is not null then 'fiscal_year_to_date'
                    when deadline_total.value_usd_mn is not null then 'last_fiscal_year_total_by_deadline'
                    when latest_total.value_usd_mn is not null then 'latest_fiscal_year_total'
                end
            when program_actuals.value is not null then 'latest_reported_actual'
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
    left join export_latest_year_total as latest_total
        on versioned.period_type is distinct from 'fiscal_year'
    left join program_actuals
        on versioned.subject = program_actuals.subject
        and versioned.comparable_metric = program_actuals.comparable_metric
        and versioned.unit = program_actuals.unit
        and versioned.subject <> 'Pakistan ICT exports'
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
        round(actual_value / nullif(value, 0) * 100, 1) as attainment_pct
    from with_actuals
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
    attainment_pct
from final
