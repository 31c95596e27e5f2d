-- Fiscal-year-to-date (Jul-X) export totals as reported, one row per source, from the latest snapshot load.
with source as (
    select
        load_id,
        ingested_at,
        source_file,
        source_row,
        fiscal_year,
        period_label,
        end_month,
        months_covered,
        measure,
        value_usd_mn,
        yoy_growth_pct,
        prior_year_same_period_usd_mn,
        reported_basis,
        source_title,
        source_url,
        published_date
    from {{ source('official', 'official_ict_exports_ytd') }}
),

latest_snapshot as (
    select *
    from source
    qualify {{ latest_load_rank() }} = 1
),

renamed as (
    select
        source_file || ':' || cast(source_row as varchar) as official_row_id,
        trim(fiscal_year) as fiscal_year,
        trim(period_label) as period_label,
        -- the fact contract's period grammar: 'Jul-Mar FY2024-25'
        trim(period_label) || ' ' || trim(fiscal_year) as period,
        trim(end_month) as end_month,
        months_covered,
        lower(trim(measure)) as measure,
        value_usd_mn,
        yoy_growth_pct as stated_yoy_growth_pct,
        prior_year_same_period_usd_mn,
        nullif(trim(reported_basis), '') as reported_basis,
        trim(source_title) as source_title,
        trim(source_url) as source_url,
        published_date,
        source_file,
        source_row,
        load_id,
        ingested_at
    from latest_snapshot
),

final as (
    select
        *,
        -- the stated basis names the publisher; the title is the fallback
        case
            when {{ publisher_from_text('reported_basis') }} <> 'press' then {{ publisher_from_text('reported_basis') }}
            else {{ publisher_from_text('source_title') }}
        end as publisher
    from renamed
)

select
    official_row_id,
    fiscal_year,
    period_label,
    period,
    end_month,
    months_covered,
    measure,
    value_usd_mn,
    stated_yoy_growth_pct,
    prior_year_same_period_usd_mn,
    reported_basis,
    source_title,
    source_url,
    published_date,
    publisher,
    {{ publisher_precedence('publisher') }} as publisher_precedence,
    source_file,
    source_row,
    load_id,
    ingested_at
from final
