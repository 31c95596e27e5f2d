-- One row per fiscal year and measure: the current reported total (chosen by the rule named in
-- selection_rule, see int_ict_exports__vintages) with its growth on one basis only (the growth a source
-- states for the figure; else computed from the previous year as stated in the same release, or from the
-- previous year's current total of the same publisher and series; growth_basis says which, and a ratio
-- of two publishers' figures is never published), beside the sum of the year's current monthly values,
-- and a check of the two when all 12 months exist. For a year without a total (the running year), the
-- latest fiscal-year-to-date figure is given.
with vintages as (
    select
        grain,
        period,
        fiscal_year,
        end_month,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        value_stated_yoy_growth_pct,
        is_current,
        vintage_count,
        distinct_value_count,
        vintage_id,
        source_title,
        source_url,
        published_date,
        release_date,
        publisher,
        series_basis,
        selection_rule
    from {{ ref('int_ict_exports__vintages') }}
),

year_totals as (
    select
        vintages.fiscal_year,
        vintages.measure,
        vintages.value_usd_mn,
        vintages.value_stated_yoy_growth_pct as stated_yoy_growth_pct,
        vintages.vintage_count,
        vintages.distinct_value_count,
        vintages.vintage_id,
        vintages.source_title,
        vintages.source_url,
        vintages.published_date,
        vintages.release_date,
        vintages.publisher,
        vintages.series_basis,
        vintages.selection_rule
    from vintages
    where vintages.grain = 'fiscal_year'
        and vintages.is_current
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
        year_totals.release_date,
        year_totals.publisher,
        year_totals.series_basis,
        year_totals.selection_rule,
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
        this_year.release_date,
        this_year.publisher,
        this_year.series_basis,
        this_year.selection_rule,
        this_year.sum_of_months_usd_mn,
        this_year.months_available,
        this_year.latest_ytd_period,
        this_year.latest_ytd_usd_mn,
        this_year.latest_ytd_published_date,
        coalesce(same_release.value_usd_mn, same_basis.value_usd_mn) as previous_year_value_usd_mn,
        case
            when same_release.value_usd_mn is not null then 'same_release'
            when same_basis.value_usd_mn is not null then 'same_publisher_and_series'
            when any_basis.value_usd_mn is not null then 'not_comparable'
        end as previous_year_basis
    from combined as this_year
    -- the previous year as stated in the same release
    left join vintages as same_release
        on same_release.grain = 'fiscal_year'
        and same_release.measure = this_year.measure
        and {{ fiscal_year_start_year_of_label('same_release.fiscal_year') }} = this_year.fiscal_year_start_year - 1
        and same_release.source_url = this_year.source_url
    -- the previous year's current total, when it has the same publisher and series
    left join combined as same_basis
        on this_year.measure = same_basis.measure
        and same_basis.fiscal_year_start_year = this_year.fiscal_year_start_year - 1
        and same_basis.publisher = this_year.publisher
        and same_basis.series_basis = this_year.series_basis
        and this_year.publisher <> 'unknown'
    left join combined as any_basis
        on this_year.measure = any_basis.measure
        and any_basis.fiscal_year_start_year = this_year.fiscal_year_start_year - 1
        and any_basis.value_usd_mn is not null
    qualify row_number() over (
        partition by this_year.fiscal_year, this_year.measure order by same_release.vintage_id
    ) = 1
),

final as (
    select
        fiscal_year || ':' || measure as fiscal_year_measure_id,
        fiscal_year,
        fiscal_year_start_year,
        measure,
        value_usd_mn,
        selection_rule,
        coalesce(
            stated_yoy_growth_pct,
            case
                when previous_year_basis in ('same_release', 'same_publisher_and_series')
                    then round((value_usd_mn / nullif(previous_year_value_usd_mn, 0) - 1) * 100, 2)
            end
        ) as yoy_growth_pct,
        case
            when value_usd_mn is null then null
            when stated_yoy_growth_pct is not null then 'stated_by_source'
            else previous_year_basis
        end as growth_basis,
        stated_yoy_growth_pct,
        case
            when previous_year_basis in ('same_release', 'same_publisher_and_series') then previous_year_value_usd_mn
        end as previous_year_value_usd_mn,
        vintage_count,
        distinct_value_count,
        current_vintage_id,
        source_title,
        source_url,
        published_date,
        release_date,
        publisher,
        series_basis,
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
    selection_rule,
    yoy_growth_pct,
    growth_basis,
    stated_yoy_growth_pct,
    previous_year_value_usd_mn,
    vintage_count,
    distinct_value_count,
    current_vintage_id,
    source_title,
    source_url,
    published_date,
    release_date,
    publisher,
    series_basis,
    sum_of_months_usd_mn,
    months_available,
    months_check,
    months_minus_total_usd_mn,
    months_minus_total_pct,
    latest_ytd_period,
    latest_ytd_usd_mn,
    latest_ytd_published_date,
    {{ citation('publisher', 'source_title', 'coalesce(release_date, published_date)', 'source_url') }} as citation
from final
