-- Fiscal-year export totals as reported, one row per source, from the latest snapshot load.
with source as (
    select
        load_id,
        ingested_at,
        source_file,
        source_row,
        fiscal_year,
        measure,
        value_usd_mn,
        yoy_growth_pct,
        source_title,
        source_url,
        published_date,
        publisher,
        release_date,
        release_date_basis,
        series_basis,
        revision_status
    from {{ source('official', 'official_ict_exports_fiscal_year') }}
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
        lower(trim(measure)) as measure,
        value_usd_mn,
        yoy_growth_pct as stated_yoy_growth_pct,
        trim(source_title) as source_title,
        trim(source_url) as source_url,
        published_date,
        {{ official_release_columns() }},
        nullif(trim(series_basis), '') as series_basis,
        nullif(trim(revision_status), '') as revision_status,
        source_file,
        source_row,
        load_id,
        ingested_at
    from latest_snapshot
),

final as (
    select *
    from renamed
)

select
    official_row_id,
    fiscal_year,
    measure,
    value_usd_mn,
    stated_yoy_growth_pct,
    source_title,
    source_url,
    published_date,
    publisher,
    {{ publisher_precedence('final.publisher') }} as publisher_precedence,
    release_date,
    release_date_basis,
    series_basis,
    revision_status,
    source_file,
    source_row,
    load_id,
    ingested_at
from final
