-- Official figures a document's export claim can be checked against, per (claim_type, period, measure):
--   level  - every reported export value in USD (current = latest published),
--   growth - every stated year-on-year growth; when the current source states none, growth computed from
--            the current values of the period and the same period a year earlier is the current figure, but
--            only when both have the same (curated) publisher and series: never a mixed-basis ratio,
--   target - every official export target (current = latest announced, undated last).
with vintages as (
    select
        vintage_id,
        grain,
        period,
        fiscal_year,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        is_current,
        vintage_rank,
        vintage_count,
        source_title,
        source_url,
        published_date,
        publisher,
        series_basis
    from {{ ref('int_ict_exports__vintages') }}
),

current_values as (
    select
        grain,
        period,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        vintage_count,
        publisher,
        series_basis,
        -- the same period one year earlier: 2024-11 -> 2023-11; Jul-Mar FY2024-25 -> Jul-Mar FY2023-24
        case
            when grain = 'month'
                then strftime(cast(period || '-01' as date) - interval 1 year, '%Y-%m')
            else regexp_replace(period, 'FY\d{4}-\d{2}$',
                {{ fiscal_year_label_from_start_year(fiscal_year_start_year_of_label("fiscal_year") ~ " - 1") }})
        end as previous_period
    from vintages
    where is_current
),

computed_growth as (
    select
        this_period.grain,
        this_period.period,
        this_period.measure,
        round((this_period.value_usd_mn / nullif(previous_period.value_usd_mn, 0) - 1) * 100, 2) as growth_pct,
        this_period.vintage_count,
        'computed from current values of ' || this_period.period || ' and ' || previous_period.period
        || ' (both ' || this_period.publisher || ', ' || this_period.series_basis || ' series)' as source_title
    from current_values as this_period
    inner join current_values as previous_period
        on this_period.grain = previous_period.grain
        and this_period.measure = previous_period.measure
        and this_period.previous_period = previous_period.period
        and this_period.publisher = previous_period.publisher
        and this_period.series_basis = previous_period.series_basis
        and this_period.publisher <> 'unknown'
    where this_period.stated_yoy_growth_pct is null
),

levels as (
    select
        'level' as claim_type,
        grain,
        period,
        measure,
        value_usd_mn * 1e6 as official_value,
        'USD' as unit,
        is_current,
        vintage_count as figure_count,
        vintage_id as official_figure_id,
        source_title,
        source_url,
        published_date,
        publisher
    from vintages
),

stated_growth as (
    select
        'growth' as claim_type,
        grain,
        period,
        measure,
        stated_yoy_growth_pct as official_value,
        'percent' as unit,
        is_current,
        vintage_count as figure_count,
        vintage_id as official_figure_id,
        source_title,
        source_url,
        published_date,
        publisher
    from vintages
    where stated_yoy_growth_pct is not null
),

derived_growth as (
    select
        'growth' as claim_type,
        grain,
        period,
        measure,
        growth_pct as official_value,
        'percent' as unit,
        true as is_current,
        vintage_count as figure_count,
        'computed:' || grain || ':' || period || ':' || measure as official_figure_id,
        source_title,
        cast(null as varchar) as source_url,
        cast(null as date) as published_date,
        'computed' as publisher
    from computed_growth
    where growth_pct is not null
),

targets as (
    select
        'target' as claim_type,
        'target' as grain,
        period,
        'ict_exports' as measure,
        value as official_value,
        unit,
        row_number() over (
            partition by period, unit
            order by observed_on desc nulls last, {{ publisher_precedence('observations.publisher') }}, official_row_id
        ) = 1 as is_current,
        count(*) over (partition by period, unit) as figure_count,
        official_row_id as official_figure_id,
        source_title,
        source_url,
        published_date,
        publisher
    from {{ ref('int_observations') }} as observations
    where source_kind = 'official'
        and subject = 'Pakistan ICT exports'
        and metric = 'export_target'
        and period is not null
),

final as (
    select * from levels
    union all
    select * from stated_growth
    union all
    select * from derived_growth
    union all
    select * from targets
)

select * from final
