-- One row per calendar month of the spine (vars fiscal_calendar_start .. fiscal_calendar_end) with its place in
-- Pakistan's July-June fiscal year: Jul 2023 .. Jun 2024 = FY2023-24, fiscal months 1 (Jul) .. 12 (Jun).
with month_spine as (
    select cast(month_start as date) as month_start
    from generate_series(
        cast('{{ var("fiscal_calendar_start") }}' as date),
        cast('{{ var("fiscal_calendar_end") }}' as date),
        interval 1 month
    ) as spine(month_start)
),

fiscal_attributes as (
    select
        month_start,
        last_day(month_start) as month_end,
        strftime(month_start, '%Y-%m') as period_month,
        year(month_start) as calendar_year,
        month(month_start) as calendar_month,
        strftime(month_start, '%b') as month_abbr,
        {{ fiscal_year_start_year('month_start') }} as fiscal_year_start_year,
        {{ fiscal_year_label('month_start') }} as fiscal_year,
        {{ fiscal_month_number('month_start') }} as fiscal_month
    from month_spine
),

final as (
    select
        month_start,
        month_end,
        period_month,
        calendar_year,
        calendar_month,
        month_abbr,
        fiscal_year,
        fiscal_year_start_year,
        fiscal_month,
        cast(ceil(fiscal_month / 3.0) as integer) as fiscal_quarter,
        case when fiscal_month <= 6 then 1 else 2 end as fiscal_half,
        make_date(fiscal_year_start_year, 7, 1) as fiscal_year_start,
        make_date(fiscal_year_start_year + 1, 6, 30) as fiscal_year_end,
        -- the fiscal-year-to-date period ending this month, in the fact contract's grammar
        'Jul-' || month_abbr || ' ' || fiscal_year as fiscal_ytd_period
    from fiscal_attributes
)

select * from final
