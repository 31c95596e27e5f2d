{{ config(materialized='incremental', unique_key='fact_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- One row per canonical fact extracted from documents (restatements merged): its normalised fields, the
-- provenance of its first mention (document, quote, offsets) and how often it is mentioned.
-- Incremental: the facts recomputed upstream since this model's last build.
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
        file_names,
        last_ingested_at
    from {{ ref('int_facts__deduplicated') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('last_ingested_at') }}
    {% endif %}
),

subject_map as (
    select subject, canonical_subject, entity_type
    from {{ ref('subject_map') }}
),

periods as (
    select period, period_type, fiscal_year
    from {{ ref('int_periods') }}
),

-- what a citation of the document needs: its outlet, title and address, where the document states them
documents as (
    select doc_id, outlet, title, url
    from {{ ref('stg_documents__documents') }}
),

final as (
    select
        facts.fact_id,
        facts.subject,
        coalesce(subject_map.canonical_subject, facts.subject) as canonical_subject,
        coalesce(subject_map.entity_type, 'other') as entity_type,
        facts.metric,
        facts.value,
        facts.value_high,
        facts.qualifier,
        facts.unit,
        facts.period,
        periods.period_type,
        periods.fiscal_year,
        facts.kind,
        facts.quote,
        facts.doc_id,
        facts.file_name,
        facts.doc_published_date,
        facts.char_start,
        facts.char_end,
        facts.mention_count,
        facts.doc_count,
        facts.file_names,
        facts.last_ingested_at,
        {{ citation("documents.outlet", "coalesce(documents.title, 'document ' || facts.file_name)", 'facts.doc_published_date', 'documents.url', 'facts.quote') }} as citation
    from facts
    left join documents
        on facts.doc_id = documents.doc_id
    left join subject_map
        on facts.subject = subject_map.subject
    left join periods
        on facts.period = periods.period
)

select
    fact_id,
    subject,
    canonical_subject,
    entity_type,
    metric,
    value,
    value_high,
    qualifier,
    unit,
    period,
    period_type,
    fiscal_year,
    kind,
    quote,
    doc_id,
    file_name,
    doc_published_date,
    char_start,
    char_end,
    mention_count,
    doc_count,
    file_names,
    last_ingested_at,
    citation
from final
