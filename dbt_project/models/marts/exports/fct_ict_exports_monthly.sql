-- One row per month and measure with a reported value: the current value (latest published wins), growth
-- computed from current values beside the growth the current source stated, and the fiscal-year-to-date
-- total of current values (null when a month of the fiscal year so far is missing).
with current_months as (
    select
        period as period_month,
        cast(period || '-01' as date) as month_start,
        {{ fiscal_year_label("cast(period || '-01' as date)") }} as fiscal_year,
        {{ fiscal_month_number("cast(period || '-01' as date)") }} as fiscal_month,
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
    from {{ ref('int_ict_exports__vintages') }}
    where grain = 'month'
        and is_current
),

with_comparisons as (
    select
        this_month.period_month,
        this_month.month_start,
        this_month.fiscal_year,
        this_month.fiscal_month,
        this_month.measure,
        this_month.value_usd_mn,
        this_month.stated_yoy_growth_pct,
        this_month.vintage_count,
        this_month.distinct_value_count,
        this_month.vintage_id,
        this_month.source_title,
        this_month.source_url,
        this_month.published_date,
        this_month.publisher,
        previous_year.value_usd_mn as previous_year_value_usd_mn,
        previous_month.value_usd_mn as previous_month_value_usd_mn,
        sum(this_month.value_usd_mn) over fiscal_year_so_far as months_so_far_usd_mn,
        count(*) over fiscal_year_so_far as months_so_far
    from current_months as this_month
    left join current_months as previous_year
        on this_month.measure = previous_year.measure
        and previous_year.month_start = this_month.month_start - interval 1 year
    left join current_months as previous_month
        on this_month.measure = previous_month.measure
        and previous_month.month_start = this_month.month_start - interval 1 month
    window fiscal_year_so_far as (
        partition by this_month.measure, this_month.fiscal_year
        order by this_month.fiscal_month
        rows between unbounded preceding and current row
    )
),

final as (
    select
        period_month || ':' || measure as month_measure_id,
        period_month,
        month_start,
        fiscal_year,
        fiscal_month,
        measure,
        value_usd_mn,
        round((value_usd_mn / nullif(previous_year_value_usd_mn, 0) - 1) * 100, 2) as yoy_growth_pct,
        stated_yoy_growth_pct,
        round((value_usd_mn / nullif(previous_month_value_usd_mn, 0) - 1) * 100, 2) as mom_growth_pct,
        previous_year_value_usd_mn,
        -- every month from July to this one has a value, else the cumulative total is unknown
        case when months_so_far = fiscal_month then months_so_far_usd_mn end as fytd_usd_mn,
        vintage_count,
        distinct_value_count,
        vintage_id as current_vintage_id,
        source_title,
        source_url,
        published_date,
        publisher
    from with_comparisons
)

select
    month_measure_id,
    period_month,
    month_start,
    fiscal_year,
    fiscal_month,
    measure,
    value_usd_mn,
    yoy_growth_pct,
    stated_yoy_growth_pct,
    mom_growth_pct,
    previous_year_value_usd_mn,
    fytd_usd_mn,
    vintage_count,
    distinct_value_count,
    current_vintage_id,
    source_title,
    source_url,
    published_date,
    publisher
from final
