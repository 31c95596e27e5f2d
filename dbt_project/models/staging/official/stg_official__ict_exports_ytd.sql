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
        published_date,
        publisher,
        release_date,
        release_date_basis,
        series_basis,
        revision_status
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
        {{ official_release_columns() }},
        nullif(trim(series_basis), '') as curated_series_basis,
        nullif(trim(revision_status), '') as revision_status,
        source_file,
        source_row,
        load_id,
        ingested_at
    from latest_snapshot
),

based as (
    select
        *,
        -- uncurated rows: the reported_basis column names whose figure it is (never the title)
        case
            when regexp_matches(reported_basis, '\bSBP\b') then 'SBP'
            when regexp_matches(reported_basis, '\bPBS\b') then 'PBS'
            when regexp_matches(reported_basis, '\bMoITT\b') then 'MoITT'
            when reported_basis is not null then 'government'
        end as basis_publisher,
        case
            when regexp_matches(reported_basis, '\bPBS\b') and not regexp_matches(reported_basis, '\bSBP\b')
                then 'PBS'
            when reported_basis is not null then 'SBP'
        end as basis_series
    from renamed
),

final as (
    select
        *,
        case when publisher = 'unknown' then coalesce(basis_publisher, publisher) else publisher end
            as resolved_publisher
    from based
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
    resolved_publisher as publisher,
    {{ publisher_precedence('final.resolved_publisher') }} as publisher_precedence,
    release_date,
    release_date_basis,
    coalesce(curated_series_basis, basis_series) as series_basis,
    revision_status,
    source_file,
    source_row,
    load_id,
    ingested_at
from final
