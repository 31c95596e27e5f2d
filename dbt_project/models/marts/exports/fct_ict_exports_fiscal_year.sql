-- One row per fiscal year and measure: the current reported total (latest published wins) with its growth,
-- beside the sum of the year's current monthly values, and a check of the two when all 12 months exist.
-- For a year without a total (the running year), the latest fiscal-year-to-date figure is given.
with vintages as (
    select
        grain,
        period,
        fiscal_year,
        end_month,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        is_current,
        vintage_count,
        distinct_value_count,
        vintage_id,
        source_title,
        source_url,
        published_date,
        publisher
    from {{ ref('int_ict_exports__vintages') }}
),

year_totals as (
    select
        fiscal_year,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        vintage_count,
        distinct_value_count,
        vintage_id,
        source_title,
        source_url,
        published_date,
        publisher
    from vintages
    where grain = 'fiscal_year'
        and is_current
),

month_sums as (
    select
        fiscal_year,
        measure,
        -- summed as decimals: a sum of doubles depends on the order DuckDB's threads add them in,
        -- and the same inputs must give the same mart to the last bit
        cast(sum(cast(value_usd_mn as decimal(18, 6))) as double) as sum_of_months_usd_mn,
        count(*) as months_available
    from vintages
    where grain = 'month'
        and is_current
    group by fiscal_year, measure
),

latest_year_to_date as (
    select
        fiscal_year,
        measure,
        period,
        value_usd_mn,
        published_date
    from vintages
    where grain = 'fiscal_ytd'
        and is_current
    qualify row_number() over (partition by fiscal_year, measure order by end_month desc) = 1
),

fiscal_years as (
    select fiscal_year, measure from year_totals
    union
    select fiscal_year, measure from month_sums
    union
    select fiscal_year, measure from latest_year_to_date
),

combined as (
    select
        fiscal_years.fiscal_year,
        {{ fiscal_year_start_year_of_label('fiscal_years.fiscal_year') }} as fiscal_year_start_year,
        fiscal_years.measure,
        year_totals.value_usd_mn,
        year_totals.stated_yoy_growth_pct,
        coalesce(year_totals.vintage_count, 0) as vintage_count,
        coalesce(year_totals.distinct_value_count, 0) as distinct_value_count,
        year_totals.vintage_id as current_vintage_id,
        year_totals.source_title,
        year_totals.source_url,
        year_totals.published_date,
        year_totals.publisher,
        month_sums.sum_of_months_usd_mn,
        coalesce(month_sums.months_available, 0) as months_available,
        latest_year_to_date.period as latest_ytd_period,
        latest_year_to_date.value_usd_mn as latest_ytd_usd_mn,
        latest_year_to_date.published_date as latest_ytd_published_date
    from fiscal_years
    left join year_totals
        on fiscal_years.fiscal_year = year_totals.fiscal_year
        and fiscal_years.measure = year_totals.measure
    left join month_sums
        on fiscal_years.fiscal_year = month_sums.fiscal_year
        and fiscal_years.measure = month_sums.measure
    left join latest_year_to_date
        on fiscal_years.fiscal_year = latest_year_to_date.fiscal_year
        and fiscal_years.measure = latest_year_to_date.measure
),

with_previous_year as (
    select
        this_year.fiscal_year,
        this_year.fiscal_year_start_year,
        this_year.measure,
        this_year.value_usd_mn,
        this_year.stated_yoy_growth_pct,
        this_year.vintage_count,
        this_year.distinct_value_count,
        this_year.current_vintage_id,
        this_year.source_title,
        this_year.source_url,
        this_year.published_date,
        this_year.publisher,
        this_year.sum_of_months_usd_mn,
        this_year.months_available,
        this_year.latest_ytd_period,
        this_year.latest_ytd_usd_mn,
        this_year.latest_ytd_published_date,
        previous_year.value_usd_mn as previous_year_value_usd_mn
    from combined as this_year
    left join combined as previous_year
        on this_year.measure = previous_year.measure
        and previous_year.fiscal_year_start_year = this_year.fiscal_year_start_year - 1
),

final as (
    select
        fiscal_year || ':' || measure as fiscal_year_measure_id,
        fiscal_year,
        fiscal_year_start_year,
        measure,
        value_usd_mn,
        round((value_usd_mn / nullif(previous_year_value_usd_mn, 0) - 1) * 100, 2) as yoy_growth_pct,
        stated_yoy_growth_pct,
        previous_year_value_usd_mn,
        vintage_count,
        distinct_value_count,
        current_vintage_id,
        source_title,
        source_url,
        published_date,
        publisher,
        sum_of_months_usd_mn,
        months_available,
        case
            when value_usd_mn is null then 'no_total'
            when months_available < 12 then 'incomplete_months'
            when {{ values_agree('sum_of_months_usd_mn', 'value_usd_mn', "'USD'") }} then 'consistent'
            else 'differs'
        end as months_check,
        case when months_available = 12 then sum_of_months_usd_mn - value_usd_mn end as months_minus_total_usd_mn,
        case
            when months_available = 12
                then round((sum_of_months_usd_mn - value_usd_mn) / nullif(value_usd_mn, 0) * 100, 3)
        end as months_minus_total_pct,
        latest_ytd_period,
        latest_ytd_usd_mn,
        latest_ytd_published_date
    from with_previous_year
)

select
    fiscal_year_measure_id,
    fiscal_year,
    fiscal_year_start_year,
    measure,
    value_usd_mn,
    yoy_growth_pct,
    stated_yoy_growth_pct,
    previous_year_value_usd_mn,
    vintage_count,
    distinct_value_count,
    current_vintage_id,
    source_title,
    source_url,
    published_date,
    publisher,
    sum_of_months_usd_mn,
    months_available,
    months_check,
    months_minus_total_usd_mn,
    months_minus_total_pct,
    latest_ytd_period,
    latest_ytd_usd_mn,
    latest_ytd_published_date
from final
