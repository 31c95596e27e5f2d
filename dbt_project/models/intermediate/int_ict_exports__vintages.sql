-- Every reported export value (monthly, fiscal-year-to-date and fiscal-year grains) as a vintage of its
-- (grain, period, measure). Rule for the current value: the latest published_date wins (undated reports
-- last); a tie is broken by publisher precedence SBP > PBS > ministry > press, then by CSV row.
-- Exception: a rounded restatement (a value that is another report's more precise value rounded, e.g.
-- 3,220 after 3,223) is not a revision and never displaces the precise value; it ranks after it.
-- valid_from / valid_to place each dated vintage in time for as-of queries: a vintage is what was known
-- from its publication until the next later publication of the same period (valid_to exclusive).
-- Undated vintages cannot be placed in time: their valid_from and valid_to are null.
with reported as (
    select
        official_row_id,
        'month' as grain,
        period_month as period,
        fiscal_year,
        period_month as end_month,
        1 as months_covered,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        cast(null as double) as prior_year_same_period_usd_mn,
        source_title,
        source_url,
        published_date,
        publisher,
        publisher_precedence,
        source_file,
        source_row
    from {{ ref('stg_official__ict_exports_monthly') }}

    union all

    select
        official_row_id,
        'fiscal_ytd' as grain,
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
        publisher_precedence,
        source_file,
        source_row
    from {{ ref('stg_official__ict_exports_ytd') }}

    union all

    select
        official_row_id,
        'fiscal_year' as grain,
        fiscal_year as period,
        fiscal_year,
        cast(cast(substr(fiscal_year, 3, 4) as integer) + 1 as varchar) || '-06' as end_month,
        12 as months_covered,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        cast(null as double) as prior_year_same_period_usd_mn,
        source_title,
        source_url,
        published_date,
        publisher,
        publisher_precedence,
        source_file,
        source_row
    from {{ ref('stg_official__ict_exports_fiscal_year') }}
),

precision as (
    select
        *,
        -- the unit the value was written to: 0.01 for 939.51, 1 for 3223, 10 for 3220, 100 for 5200
        case
            when value_usd_mn <> round(value_usd_mn) then 0.001
            when value_usd_mn = 0 then 1
            when value_usd_mn % 1000 = 0 then 1000
            when value_usd_mn % 100 = 0 then 100
            when value_usd_mn % 10 = 0 then 10
            else 1
        end as rounding_unit
    from reported
),

flagged as (
    select
        this_report.*,
        exists (
            select 1
            from precision as more_precise
            where more_precise.grain = this_report.grain
                and more_precise.period = this_report.period
                and more_precise.measure = this_report.measure
                and more_precise.rounding_unit < this_report.rounding_unit
                and more_precise.value_usd_mn <> this_report.value_usd_mn
                and round(more_precise.value_usd_mn / this_report.rounding_unit) * this_report.rounding_unit
                = this_report.value_usd_mn
        ) as is_rounded_restatement
    from precision as this_report
),

ranked as (
    select
        *,
        row_number() over (
            partition by grain, period, measure
            order by
                is_rounded_restatement,
                published_date desc nulls last,
                publisher_precedence,
                source_file,
                source_row
        ) as vintage_rank,
        -- among vintages of one publication date, the one that was in effect
        row_number() over (
            partition by grain, period, measure, published_date
            order by publisher_precedence, source_file, source_row
        ) as same_date_rank,
        count(*) over (partition by grain, period, measure) as vintage_count,
        count(distinct value_usd_mn) over (partition by grain, period, measure) as distinct_value_count
    from flagged
),

publication_dates as (
    select
        grain,
        period,
        measure,
        published_date,
        lead(published_date) over (partition by grain, period, measure order by published_date)
            as next_published_date
    from (
        select distinct grain, period, measure, published_date
        from flagged
        where published_date is not null and not is_rounded_restatement
    ) as dated
),

current_values as (
    select
        grain,
        period,
        measure,
        value_usd_mn as current_value_usd_mn
    from ranked
    where vintage_rank = 1
),

final as (
    select
        ranked.official_row_id as vintage_id,
        ranked.grain,
        ranked.period,
        ranked.fiscal_year,
        ranked.end_month,
        ranked.months_covered,
        ranked.measure,
        ranked.value_usd_mn,
        ranked.stated_yoy_growth_pct,
        ranked.prior_year_same_period_usd_mn,
        ranked.source_title,
        ranked.source_url,
        ranked.published_date,
        ranked.publisher,
        ranked.publisher_precedence,
        ranked.vintage_rank,
        ranked.vintage_rank = 1 as is_current,
        ranked.is_rounded_restatement,
        ranked.vintage_count,
        ranked.distinct_value_count,
        current_values.current_value_usd_mn,
        ranked.published_date as valid_from,
        case
            when ranked.published_date is null then null
            -- a rounded restatement never replaces the precise value it restates
            when ranked.is_rounded_restatement then ranked.published_date
            -- lost a same-day tie: never in effect
            when ranked.same_date_rank > 1 then ranked.published_date
            else publication_dates.next_published_date
        end as valid_to,
        ranked.source_file,
        ranked.source_row
    from ranked
    left join publication_dates
        on ranked.grain = publication_dates.grain
        and ranked.period = publication_dates.period
        and ranked.measure = publication_dates.measure
        and ranked.published_date = publication_dates.published_date
    inner join current_values
        on ranked.grain = current_values.grain
        and ranked.period = current_values.period
        and ranked.measure = current_values.measure
)

select * from final
