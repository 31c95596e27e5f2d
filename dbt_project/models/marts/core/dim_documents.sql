{{ config(materialized='incremental', unique_key='doc_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- One row per source document, with its metadata and how many fact mentions / distinct facts its current
-- extraction holds. Incremental: the documents loaded since the last build (a document's mentions all
-- arrive with it).
with documents as (
    select
        doc_id,
        file_name,
        source_path,
        media_type,
        encoding,
        title,
        outlet,
        published_date,
        url,
        byte_count,
        char_count,
        extracted_fact_count,
        text,
        first_load_id,
        first_ingested_at,
        last_ingested_at,
        read_count
    from {{ ref('stg_documents__documents') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('last_ingested_at') }}
    {% endif %}
),

mention_counts as (
    select
        doc_id,
        count(*) as fact_count,
        count(distinct fact_id) as distinct_fact_count,
        max(extractor_version) as extractor_version,
        max(load_id) as facts_load_id
    from {{ ref('int_fact_mentions') }}
    {% if is_incremental() %}
    where doc_id in (select documents.doc_id from documents)
    {% endif %}
    group by doc_id
),

final as (
    select
        documents.doc_id,
        documents.file_name,
        documents.title,
        documents.outlet,
        documents.published_date,
        documents.url,
        documents.source_path,
        documents.media_type,
        documents.encoding,
        documents.byte_count,
        documents.char_count,
        coalesce(mention_counts.fact_count, 0) as fact_count,
        coalesce(mention_counts.distinct_fact_count, 0) as distinct_fact_count,
        documents.extracted_fact_count,
        mention_counts.extractor_version,
        mention_counts.facts_load_id,
        documents.first_load_id,
        documents.first_ingested_at,
        documents.last_ingested_at,
        documents.read_count,
        documents.text
    from documents
    left join mention_counts
        on documents.doc_id = mention_counts.doc_id
)

select
    doc_id,
    file_name,
    title,
    outlet,
    published_date,
    url,
    source_path,
    media_type,
    encoding,
    byte_count,
    char_count,
    fact_count,
    distinct_fact_count,
    extracted_fact_count,
    extractor_version,
    facts_load_id,
    first_load_id,
    first_ingested_at,
    last_ingested_at,
    read_count,
    text
from final
