{{ config(materialized='incremental', unique_key='mention_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

{%- set columns = ['mention_id', 'fact_id', 'doc_id', 'file_name', 'doc_published_date', 'fact_index', 'subject',
    'metric', 'value', 'value_high', 'qualifier', 'unit', 'period', 'kind', 'quote', 'char_start', 'char_end',
    'extractor_version', 'load_id', 'ingested_at'] %}

-- Every fact mention of the current extractions with its canonical fact key: mentions that agree on
-- (subject, metric, unit, value, value_high, period, kind) are one fact, whatever their quote or document.
-- The first mention of a fact is the one in the earliest-published document (undated documents last),
-- then by file name and position.
-- Incremental: the new loads' mentions, plus a fact's first mention already built when a new mention
-- takes its place (it is rewritten with is_first_mention false). No other row is rewritten: a fact
-- restated by thousands of articles costs one row per new restatement, not thousands.
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
    from {{ ref('int_document_facts__corrected') }}
    {% if is_incremental() %}
    where {{ loaded_after_last_build('ingested_at') }}
    {% endif %}
),

documents as (
    select
        doc_id,
        published_date
    from {{ ref('stg_documents__documents') }}
),

new_mentions as (
    select
        facts.mention_id,
        {{ fact_key('facts.subject', 'facts.metric', 'facts.unit', 'facts.value', 'facts.value_high',
            'facts.period', 'facts.kind') }} as fact_id,
        facts.doc_id,
        facts.file_name,
        documents.published_date as doc_published_date,
        facts.fact_index,
        facts.subject,
        facts.metric,
        facts.value,
        facts.value_high,
        facts.qualifier,
        facts.unit,
        facts.period,
        facts.kind,
        facts.quote,
        facts.char_start,
        facts.char_end,
        facts.extractor_version,
        facts.load_id,
        facts.ingested_at
    from facts
    left join documents
        on facts.doc_id = documents.doc_id
),

contenders as (
    select {{ columns | join(', ') }}, true as is_new
    from new_mentions
    {% if is_incremental() %}
    union all
    -- the first mention so far of each fact mentioned again
    select {{ columns | join(', ') }}, false as is_new
    from {{ this }}
    where is_first_mention
        and fact_id in (select new_mentions.fact_id from new_mentions)
    {% endif %}
),

ranked as (
    select
        {{ columns | join(',\n        ') }},
        is_new,
        row_number() over (
            partition by fact_id
            order by doc_published_date asc nulls last, file_name, char_start asc nulls last, fact_index, mention_id
        ) = 1 as is_first_mention
    from contenders
),

final as (
    select
        {{ columns | join(',\n        ') }},
        is_first_mention
    from ranked
    -- a first mention already built is only rewritten when it is first no longer
    where is_new or not is_first_mention
)

select * from final
