-- Every period string in use (facts, official tables, the fiscal calendar) parsed by the fact contract's
-- grammar: FY2023-24, Jul-Mar FY2024-25, Aug-Dec FY2025-26, 2024-11, 2025, as of 2025-03, by 2027,
-- by 2027-11, by FY2026-27. Strings outside the grammar are kept with period_type 'other'.
with periods_in_use as (
    select period from {{ ref('int_document_facts__corrected') }}
    union
    select period from {{ ref('stg_official__programs') }}
    union
    select period from {{ ref('int_parks__official_metrics') }}
    union
    select period from {{ ref('stg_official__ict_exports_ytd') }}
    union
    select period_month as period from {{ ref('stg_official__ict_exports_monthly') }}
    union
    select fiscal_year as period from {{ ref('stg_official__ict_exports_fiscal_year') }}
    union
    select period_month as period from {{ ref('int_fiscal_calendar') }}
    union
    select fiscal_year as period from {{ ref('int_fiscal_calendar') }}
    union
    select fiscal_ytd_period as period from {{ ref('int_fiscal_calendar') }}
),

matched as (
    select
        period,
        regexp_extract(period, '^(by )?FY(\d{4})-(\d{2})$', ['deadline', 'start_year', 'end_yy']) as fiscal_year_match,
        regexp_extract(period, '^([A-Z][a-z]{2})-([A-Z][a-z]{2}) FY(\d{4})-(\d{2})$',
            ['first_month', 'last_month', 'start_year', 'end_yy']) as fiscal_span_match,
        regexp_extract(period, '^(by |as of )?(\d{4})(-(\d{2}))?$', ['prefix', 'year', 'dash_month', 'month'])
            as calendar_match
    from periods_in_use
    where period is not null
),

fiscal_years as (
    select
        period,
        case when fiscal_year_match.deadline = 'by ' then 'deadline' else 'fiscal_year' end as period_type,
        make_date(cast(fiscal_year_match.start_year as integer), 7, 1) as start_date,
        make_date(cast(fiscal_year_match.start_year as integer) + 1, 6, 30) as end_date
    from matched
    where fiscal_year_match.start_year <> ''
        -- FY2023-24: the second year must follow the first
        and (cast(fiscal_year_match.start_year as integer) + 1) % 100 = cast(fiscal_year_match.end_yy as integer)
),

fiscal_spans as (
    select
        period,
        start_year,
        first_month,
        last_month,
        case when first_month = 7 then 'fiscal_ytd' else 'fiscal_span' end as period_type,
        make_date(case when first_month >= 7 then start_year else start_year + 1 end, first_month, 1) as start_date,
        last_day(make_date(case when last_month >= 7 then start_year else start_year + 1 end, last_month, 1))
            as end_date
    from (
        select
            period,
            cast(fiscal_span_match.start_year as integer) as start_year,
            cast(fiscal_span_match.end_yy as integer) as end_yy,
            {{ month_number_of_abbr('fiscal_span_match.first_month') }} as first_month,
            {{ month_number_of_abbr('fiscal_span_match.last_month') }} as last_month
        from matched
        where fiscal_span_match.start_year <> ''
    ) as spans
    where first_month > 0 and last_month > 0
        and (start_year + 1) % 100 = end_yy
        -- the span must run forward inside the fiscal year (Jul = 1 .. Jun = 12)
        and ((first_month + 5) % 12) <= ((last_month + 5) % 12)
),

calendar_periods as (
    select
        period,
        case
            when calendar_match.prefix = 'by ' then 'deadline'
            when calendar_match.prefix = 'as of ' then 'as_of'
            when calendar_match.month <> '' then 'month'
            else 'calendar_year'
        end as period_type,
        case
            when calendar_match.month <> ''
                then make_date(cast(calendar_match.year as integer), cast(calendar_match.month as integer), 1)
            else make_date(cast(calendar_match.year as integer), 1, 1)
        end as start_date,
        case
            when calendar_match.month <> ''
                then last_day(make_date(cast(calendar_match.year as integer), cast(calendar_match.month as integer), 1))
            else make_date(cast(calendar_match.year as integer), 12, 31)
        end as end_date
    from matched
    where calendar_match.year <> ''
        and (calendar_match.month = '' or cast(calendar_match.month as integer) between 1 and 12)
),

parsed as (
    select period, period_type, start_date, end_date from fiscal_years
    union all
    select period, period_type, start_date, end_date from fiscal_spans
    union all
    select period, period_type, start_date, end_date from calendar_periods
),

final as (
    select
        matched.period,
        coalesce(parsed.period_type, 'other') as period_type,
        parsed.period_type = 'deadline' as is_deadline,
        -- a deadline's period starts when it is set, which the string does not say
        case when parsed.period_type <> 'deadline' then parsed.start_date end as start_date,
        parsed.end_date,
        case when parsed.period_type = 'deadline' then parsed.end_date end as deadline_date,
        case
            when parsed.period_type in ('fiscal_year', 'fiscal_ytd', 'fiscal_span', 'month')
                or (parsed.period_type = 'deadline' and matched.period like 'by FY%')
                then {{ fiscal_year_label('parsed.end_date') }}
        end as fiscal_year,
        case
            when parsed.period_type in ('fiscal_year', 'fiscal_ytd', 'fiscal_span', 'month')
                then cast(date_diff('month', parsed.start_date, parsed.end_date) + 1 as integer)
        end as months_covered,
        case
            when parsed.period_type in ('fiscal_year', 'fiscal_ytd', 'fiscal_span', 'month')
                then strftime(parsed.end_date, '%Y-%m')
        end as end_month
    from matched
    left join parsed
        on matched.period = parsed.period
)

select * from final
