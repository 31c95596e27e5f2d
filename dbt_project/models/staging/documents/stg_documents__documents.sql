{{ config(materialized='incremental', unique_key='doc_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- One row per document (doc_id = SHA-256 of its bytes). A document read again in a later load keeps the
-- metadata of its first read (earliest ingested_at); read_count says how often it was read.
with source as (
    select
        load_id,
        ingested_at,
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
        fact_count,
        text
    from {{ source('documents', 'documents') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('ingested_at', 'last_ingested_at') }}
    {% endif %}
),

reads as (
    select
        *,
        row_number() over (partition by doc_id order by ingested_at, load_id) as read_number,
        count(*) over (partition by doc_id) as read_count,
        max(ingested_at) over (partition by doc_id) as last_ingested_at
    from source
),

final as (
    select
        doc_id,
        file_name,
        source_path,
        lower(media_type) as media_type,
        encoding,
        nullif(trim(title), '') as title,
        nullif(trim(outlet), '') as outlet,
        published_date,
        nullif(trim(url), '') as url,
        byte_count,
        char_count,
        fact_count as extracted_fact_count,
        text,
        load_id as first_load_id,
        ingested_at as first_ingested_at,
        last_ingested_at,
        read_count
    from reads
    where read_number = 1
)

select * from final
