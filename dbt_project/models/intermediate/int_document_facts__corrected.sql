{{ config(materialized='incremental', unique_key='doc_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- The extracted fact mentions with the data stewards' reviewed corrections applied (seed fact_corrections,
-- keyed by document hash and character span): a rejected mention is dropped, an override replaces the
-- fields it gives; the values as extracted are kept beside the corrected ones.
-- Incremental like the extraction it reads: a night adds its new mentions (a changed seed changes the
-- build code, so the next build is from empty).
with facts as (
    select
        mention_id,
        doc_id,
        file_name,
        fact_index,
        subject,
        metric,
        value,
        value_high,
        qualifier,
        unit,
        period,
        kind,
        quote,
        char_start,
        char_end,
        extractor_version,
        load_id,
        ingested_at
    from {{ ref('stg_documents__facts') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('ingested_at') }}
    {% endif %}
),

corrections as (
    select
        correction_id,
        doc_id,
        char_start,
        char_end,
        lower(trim(action)) as action,
        nullif(trim(subject), '') as subject,
        nullif(lower(trim(metric)), '') as metric,
        value,
        nullif(trim(unit), '') as unit,
        nullif(trim(period), '') as period,
        nullif(lower(trim(kind)), '') as kind
    from {{ ref('fact_corrections') }}
),

final as (
    select
        facts.mention_id,
        facts.doc_id,
        facts.file_name,
        facts.fact_index,
        coalesce(corrections.subject, facts.subject) as subject,
        coalesce(corrections.metric, facts.metric) as metric,
        coalesce(corrections.value, facts.value) as value,
        facts.value_high,
        facts.qualifier,
        coalesce(corrections.unit, facts.unit) as unit,
        coalesce(corrections.period, facts.period) as period,
        coalesce(corrections.kind, facts.kind) as kind,
        facts.quote,
        facts.char_start,
        facts.char_end,
        facts.extractor_version,
        facts.load_id,
        facts.ingested_at,
        corrections.correction_id,
        facts.subject as subject_as_extracted,
        facts.metric as metric_as_extracted,
        facts.value as value_as_extracted,
        facts.unit as unit_as_extracted,
        facts.period as period_as_extracted,
        facts.kind as kind_as_extracted
    from facts
    left join corrections
        on facts.doc_id = corrections.doc_id
        and facts.char_start = corrections.char_start
        and facts.char_end = corrections.char_end
    where corrections.action is distinct from 'reject'
)

select * from final
