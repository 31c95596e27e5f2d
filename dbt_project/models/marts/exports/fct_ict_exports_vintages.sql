-- Every reported official export value (monthly, fiscal-year-to-date and fiscal-year) with its vintage rank,
-- whether it is the current value, and the interval it was the latest-published value in, for as-of queries:
--   where valid_from <= :as_of and (valid_to is null or valid_to > :as_of)
-- returns, per period and measure, the value published by :as_of (undated reports have no interval).
with vintages as (
    select
        vintage_id,
        grain,
        period,
        fiscal_year,
        end_month,
        months_covered,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        prior_year_same_period_usd_mn,
        source_title,
        source_url,
        published_date,
        publisher,
        vintage_rank,
        is_current,
        is_rounded_restatement,
        vintage_count,
        distinct_value_count,
        current_value_usd_mn,
        valid_from,
        valid_to,
        source_file,
        source_row
    from {{ ref('int_ict_exports__vintages') }}
),

final as (
    select
        vintage_id,
        grain,
        period,
        fiscal_year,
        end_month,
        months_covered,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        prior_year_same_period_usd_mn,
        source_title,
        source_url,
        published_date,
        publisher,
        vintage_rank,
        is_current,
        is_rounded_restatement,
        vintage_count,
        distinct_value_count,
        current_value_usd_mn,
        value_usd_mn - current_value_usd_mn as difference_from_current_usd_mn,
        round((value_usd_mn - current_value_usd_mn) / nullif(current_value_usd_mn, 0) * 100, 3)
            as difference_from_current_pct,
        valid_from,
        valid_to,
        source_file,
        source_row
    from vintages
)

select
    vintage_id,
    grain,
    period,
    fiscal_year,
    end_month,
    months_covered,
    measure,
    value_usd_mn,
    stated_yoy_growth_pct,
    prior_year_same_period_usd_mn,
    source_title,
    source_url,
    published_date,
    publisher,
    vintage_rank,
    is_current,
    is_rounded_restatement,
    vintage_count,
    distinct_value_count,
    current_value_usd_mn,
    difference_from_current_usd_mn,
    difference_from_current_pct,
    valid_from,
    valid_to,
    source_file,
    source_row
from final
