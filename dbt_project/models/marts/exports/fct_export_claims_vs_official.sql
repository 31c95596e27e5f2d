{{ config(materialized='incremental', unique_key='claim_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- Each document export claim beside the official figure for the same measure and period: a fiscal year
-- (FY2023-24), a fiscal-year-to-date span (Jul-Mar FY2024-25), a month (2024-11) or, for targets, the official
-- target of that period. Status: consistent (within the tolerance of the current official figure: 1 %, or
-- 1 percentage point for growth), matches_earlier_vintage (only an earlier / other vintage agrees),
-- conflicting (official figures exist, none agrees) or no_official_figure. A target claimed without a period
-- ('the goal is $15 billion') is matched with the official target of the same value, whatever its deadline
-- (official_period says which); only when no official target has that value is it no_official_figure.
-- Incremental: the claims with a mention loaded since the last build. A night that loads an official table
-- rebuilds this model from empty (ingestion/build.py runs such a night with --full-refresh).
with claims as (
    select
        claim_id,
        fact_id,
        doc_id,
        file_name,
        quote,
        subject,
        metric,
        claim_type,
        measure,
        kind,
        claim_value,
        claim_value_usd_mn,
        unit,
        period,
        official_grain,
        last_ingested_at
    from {{ ref('fct_export_claims') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('last_ingested_at') }}
    {% endif %}
),

official_values as (
    select
        claim_type,
        grain,
        period,
        measure,
        official_value,
        unit,
        is_current,
        figure_count,
        official_figure_id,
        source_title,
        source_url,
        published_date,
        publisher
    from {{ ref('int_export_official_values') }}
),

current_official as (
    select
        claim_type,
        grain,
        period,
        measure,
        unit,
        official_value,
        figure_count,
        official_figure_id,
        source_title,
        source_url,
        published_date,
        publisher
    from official_values
    where is_current
),

agreeing_vintages as (
    select
        claims.claim_id,
        official_values.official_value,
        official_values.source_title,
        official_values.published_date,
        row_number() over (
            partition by claims.claim_id
            order by
                abs(claims.claim_value - official_values.official_value),
                official_values.published_date desc,
                official_values.official_figure_id
        ) as closeness_rank
    from claims
    inner join official_values
        on claims.claim_type = official_values.claim_type
        and claims.official_grain = official_values.grain
        and claims.period = official_values.period
        and claims.measure = official_values.measure
        and claims.unit = official_values.unit
    where not official_values.is_current
        and {{ values_agree('claims.claim_value', 'official_values.official_value', 'claims.unit') }}
),

-- a target claimed without a period: the official target of the same value (the latest announced)
undated_target_matches as (
    select
        claims.claim_id,
        official_values.period,
        official_values.official_value,
        official_values.figure_count,
        official_values.official_figure_id,
        official_values.source_title,
        official_values.source_url,
        official_values.published_date,
        official_values.publisher
    from claims
    inner join official_values
        on claims.claim_type = 'target'
        and official_values.claim_type = 'target'
        and claims.unit = official_values.unit
        and {{ values_agree('claims.claim_value', 'official_values.official_value', 'claims.unit') }}
    where claims.period is null
    qualify row_number() over (
        partition by claims.claim_id
        order by official_values.published_date desc nulls last, official_values.official_figure_id
    ) = 1
),

compared as (
    select
        claims.claim_id,
        claims.fact_id,
        claims.doc_id,
        claims.file_name,
        claims.quote,
        claims.subject,
        claims.metric,
        claims.claim_type,
        claims.measure,
        claims.kind,
        claims.claim_value,
        claims.claim_value_usd_mn,
        claims.unit,
        claims.period,
        claims.official_grain,
        claims.last_ingested_at,
        coalesce(current_official.period, undated_target.period) as official_period,
        coalesce(current_official.official_value, undated_target.official_value) as official_value,
        coalesce(current_official.official_figure_id, undated_target.official_figure_id) as official_figure_id,
        coalesce(current_official.figure_count, undated_target.figure_count) as official_figure_count,
        coalesce(current_official.source_title, undated_target.source_title) as official_source_title,
        coalesce(current_official.source_url, undated_target.source_url) as official_source_url,
        coalesce(current_official.published_date, undated_target.published_date) as official_published_date,
        coalesce(current_official.publisher, undated_target.publisher) as official_publisher,
        {{ values_agree('claims.claim_value', 'coalesce(current_official.official_value, undated_target.official_value)', 'claims.unit') }}
            as agrees_with_current,
        agreeing_vintages.official_value as agreeing_vintage_value,
        agreeing_vintages.source_title as agreeing_vintage_source_title,
        agreeing_vintages.published_date as agreeing_vintage_published_date
    from claims
    left join current_official
        on claims.claim_type = current_official.claim_type
        and claims.official_grain = current_official.grain
        and claims.period = current_official.period
        and claims.measure = current_official.measure
        and claims.unit = current_official.unit
    left join agreeing_vintages
        on claims.claim_id = agreeing_vintages.claim_id
        and agreeing_vintages.closeness_rank = 1
    left join undated_target_matches as undated_target
        on claims.claim_id = undated_target.claim_id
),

final as (
    select
        claim_id,
        fact_id,
        doc_id,
        file_name,
        quote,
        subject,
        metric,
        claim_type,
        measure,
        kind,
        period,
        official_grain,
        unit,
        claim_value,
        claim_value_usd_mn,
        official_period,
        official_value,
        official_figure_id,
        official_figure_count,
        official_source_title,
        official_source_url,
        official_published_date,
        official_publisher,
        agreeing_vintage_value,
        agreeing_vintage_source_title,
        agreeing_vintage_published_date,
        last_ingested_at,
        claim_value - official_value as abs_deviation,
        round((claim_value - official_value) / nullif(abs(official_value), 0) * 100, 3) as pct_deviation,
        case when unit = 'USD' then official_value / 1e6 end as official_value_usd_mn,
        case
            when agrees_with_current then 'consistent'
            -- an earlier vintage agrees, even where the current figure states nothing to compare
            when agreeing_vintage_value is not null then 'matches_earlier_vintage'
            when official_value is null then 'no_official_figure'
            else 'conflicting'
        end as status
    from compared
)

select
    claim_id,
    fact_id,
    doc_id,
    file_name,
    quote,
    subject,
    metric,
    claim_type,
    measure,
    kind,
    period,
    official_grain,
    unit,
    claim_value,
    claim_value_usd_mn,
    official_period,
    official_value,
    official_value_usd_mn,
    abs_deviation,
    pct_deviation,
    status,
    official_figure_id,
    official_figure_count,
    official_source_title,
    official_source_url,
    official_published_date,
    official_publisher,
    agreeing_vintage_value,
    agreeing_vintage_source_title,
    agreeing_vintage_published_date,
    last_ingested_at
from final
