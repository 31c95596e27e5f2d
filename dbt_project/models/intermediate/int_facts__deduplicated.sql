{{ config(materialized='incremental', unique_key='fact_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- One row per canonical fact: the normalised fields and provenance of its first mention, how often it is
-- mentioned and in how many documents. Incremental: only the facts with a mention loaded since the last
-- build are recomputed (from all their mentions).
with
{% if is_incremental() %}
changed_facts as (
    select distinct fact_id
    from {{ ref('int_fact_mentions') }}
    where {{ loaded_after_last_build('ingested_at', 'last_ingested_at') }}
),
{% endif %}

mentions as (
    select
        fact_id,
        doc_id,
        file_name,
        doc_published_date,
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
        is_first_mention,
        ingested_at
    from {{ ref('int_fact_mentions') }}
    {% if is_incremental() %}
    where fact_id in (select changed_facts.fact_id from changed_facts)
    {% endif %}
),

mention_counts as (
    select
        fact_id,
        count(*) as mention_count,
        count(distinct doc_id) as doc_count,
        string_agg(distinct file_name, '; ' order by file_name) as file_names,
        max(ingested_at) as last_ingested_at
    from mentions
    group by fact_id
),

first_mentions as (
    select *
    from mentions
    where is_first_mention
),

final as (
    select
        first_mentions.fact_id,
        first_mentions.subject,
        first_mentions.metric,
        first_mentions.value,
        first_mentions.value_high,
        first_mentions.qualifier,
        first_mentions.unit,
        first_mentions.period,
        first_mentions.kind,
        first_mentions.quote,
        first_mentions.doc_id,
        first_mentions.file_name,
        first_mentions.doc_published_date,
        first_mentions.char_start,
        first_mentions.char_end,
        mention_counts.mention_count,
        mention_counts.doc_count,
        mention_counts.file_names,
        mention_counts.last_ingested_at
    from first_mentions
    inner join mention_counts
        on first_mentions.fact_id = mention_counts.fact_id
)

select * from final
