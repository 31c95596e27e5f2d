-- One row per period string (the fact contract's grammar): every month, fiscal year and fiscal-year-to-date
-- span of the fiscal calendar, plus every period used by a fact or an official table, with its type, dates
-- and fiscal year. Join facts, claims and targets on `period`.
with periods as (
    select
        period,
        period_type,
        is_deadline,
        start_date,
        end_date,
        deadline_date,
        fiscal_year,
        months_covered,
        end_month
    from {{ ref('int_periods') }}
),

calendar as (
    select
        period_month,
        calendar_year,
        calendar_month,
        fiscal_month,
        fiscal_quarter,
        fiscal_half
    from {{ ref('int_fiscal_calendar') }}
),

final as (
    select
        periods.period,
        periods.period_type,
        periods.is_deadline,
        periods.start_date,
        periods.end_date,
        periods.deadline_date,
        periods.fiscal_year,
        {{ fiscal_year_start_year_of_label('periods.fiscal_year') }} as fiscal_year_start_year,
        periods.months_covered,
        periods.end_month,
        calendar.calendar_year,
        calendar.calendar_month,
        calendar.fiscal_month,
        calendar.fiscal_quarter,
        calendar.fiscal_half
    from periods
    left join calendar
        on periods.period_type = 'month'
        and periods.period = calendar.period_month
)

select
    period,
    period_type,
    is_deadline,
    start_date,
    end_date,
    deadline_date,
    fiscal_year,
    fiscal_year_start_year,
    months_covered,
    end_month,
    calendar_year,
    calendar_month,
    fiscal_month,
    fiscal_quarter,
    fiscal_half
from final
