{{ config(materialized='incremental', unique_key='claim_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- Export figures claimed in documents (one row per canonical fact): national IT / ICT / computer-services
-- export levels, their year-on-year growth, and export targets, with the official grain their period maps to.
-- Incremental: the facts with a mention loaded since the last build.
with facts as (
    select
        fact_id,
        subject,
        metric,
        value,
        value_high,
        qualifier,
        unit,
        period,
        kind,
        quote,
        doc_id,
        file_name,
        doc_published_date,
        char_start,
        char_end,
        mention_count,
        doc_count,
        last_ingested_at
    from {{ ref('int_facts__deduplicated') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('last_ingested_at') }}
    {% endif %}
),

subject_map as (
    select subject, canonical_subject
    from {{ ref('subject_map') }}
),

periods as (
    select period, period_type, fiscal_year
    from {{ ref('int_periods') }}
),

export_facts as (
    select
        facts.fact_id,
        facts.subject,
        coalesce(subject_map.canonical_subject, facts.subject) as canonical_subject,
        facts.metric,
        facts.value,
        facts.value_high,
        facts.qualifier,
        facts.unit,
        facts.period,
        facts.kind,
        facts.quote,
        facts.doc_id,
        facts.file_name,
        facts.doc_published_date,
        facts.char_start,
        facts.char_end,
        facts.mention_count,
        facts.doc_count,
        facts.last_ingested_at
    from facts
    left join subject_map
        on facts.subject = subject_map.subject
    where coalesce(subject_map.canonical_subject, facts.subject) = 'Pakistan ICT exports'
        and facts.metric in ('it_exports', 'ict_exports', 'computer_services_exports', 'export_target', 'yoy_growth')
),

final as (
    select
        export_facts.fact_id as claim_id,
        export_facts.fact_id,
        export_facts.subject,
        export_facts.canonical_subject,
        export_facts.metric,
        case
            when export_facts.metric = 'export_target' then 'target'
            when export_facts.metric = 'yoy_growth' then 'growth'
            else 'level'
        end as claim_type,
        case
            when export_facts.metric = 'computer_services_exports' then 'computer_services_exports'
            else 'ict_exports'
        end as measure,
        export_facts.value as claim_value,
        export_facts.value_high as claim_value_high,
        case when export_facts.unit = 'USD' then export_facts.value / 1e6 end as claim_value_usd_mn,
        export_facts.qualifier,
        export_facts.unit,
        export_facts.period,
        periods.period_type,
        periods.fiscal_year,
        case
            when export_facts.metric = 'export_target' then 'target'
            when periods.period_type in ('month', 'fiscal_ytd', 'fiscal_year') then periods.period_type
        end as official_grain,
        export_facts.kind,
        export_facts.quote,
        export_facts.doc_id,
        export_facts.file_name,
        export_facts.doc_published_date,
        export_facts.char_start,
        export_facts.char_end,
        export_facts.mention_count,
        export_facts.doc_count,
        export_facts.last_ingested_at
    from export_facts
    left join periods
        on export_facts.period = periods.period
)

select
    claim_id,
    fact_id,
    subject,
    canonical_subject,
    metric,
    claim_type,
    measure,
    claim_value,
    claim_value_high,
    claim_value_usd_mn,
    qualifier,
    unit,
    period,
    period_type,
    fiscal_year,
    official_grain,
    kind,
    quote,
    doc_id,
    file_name,
    doc_published_date,
    char_start,
    char_end,
    mention_count,
    doc_count,
    last_ingested_at
from final
