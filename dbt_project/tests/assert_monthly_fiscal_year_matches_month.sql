-- The fiscal-year label a monthly row states must be the one its month falls in (July-June years).
select
    official_row_id,
    period_month,
    fiscal_year,
    {{ fiscal_year_label('month_start') }} as fiscal_year_of_month
from {{ ref('stg_official__ict_exports_monthly') }}
where fiscal_year <> {{ fiscal_year_label('month_start') }}
