{{ config(materialized='incremental', unique_key='doc_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- Fact mentions of the latest extraction of each document: a later load for a doc_id (re-extraction)
-- replaces every fact of the earlier ones.
with source as (
    select
        load_id,
        ingested_at,
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
        extractor_version
    from {{ source('documents', 'document_facts') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('ingested_at') }}
    {% endif %}
),

latest_extraction as (
    select
        *,
        {{ latest_load_rank('doc_id') }} as extraction_rank
    from source
),

final as (
    select
        md5(load_id || '|' || doc_id || '|' || cast(fact_index as varchar)) as mention_id,
        doc_id,
        file_name,
        fact_index,
        trim(subject) as subject,
        lower(trim(metric)) as metric,
        cast(value as double) as value,
        cast(value_high as double) as value_high,
        nullif(lower(trim(qualifier)), '') as qualifier,
        trim(unit) as unit,
        nullif(trim(period), '') as period,
        lower(trim(kind)) as kind,
        quote,
        char_start,
        char_end,
        extractor_version,
        load_id,
        ingested_at
    from latest_extraction
    where extraction_rank = 1
)

select * from final
