{{ config(materialized='incremental', unique_key='mention_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

-- Every mention of a fact in a document (the current extraction of each document), linked to its
-- canonical fact: the quote and character offsets are the provenance of each mention.
-- Incremental: the mentions loaded since the last build, and the built ones that stopped being their
-- fact's first mention.
with
{% if is_incremental() %}
new_mentions as (
    select mention_id, fact_id
    from {{ ref('int_fact_mentions') }}
    where {{ loaded_after_last_build('ingested_at') }}
),

demoted_mentions as (
    select built.mention_id
    from {{ this }} as built
    inner join {{ ref('int_fact_mentions') }} as current_mentions
        on built.mention_id = current_mentions.mention_id
    where built.is_first_mention
        and not current_mentions.is_first_mention
        and built.fact_id in (select new_mentions.fact_id from new_mentions)
),
{% endif %}

mentions as (
    select
        mention_id,
        fact_id,
        doc_id,
        file_name,
        fact_index,
        quote,
        char_start,
        char_end,
        is_first_mention,
        subject,
        metric,
        value,
        value_high,
        qualifier,
        unit,
        period,
        kind,
        extractor_version,
        load_id,
        ingested_at
    from {{ ref('int_fact_mentions') }}
    {% if is_incremental() %}
    where mention_id in (select new_mentions.mention_id from new_mentions)
        or mention_id in (select demoted_mentions.mention_id from demoted_mentions)
    {% endif %}
),

final as (
    select
        mention_id,
        fact_id,
        doc_id,
        file_name,
        fact_index,
        quote,
        char_start,
        char_end,
        is_first_mention,
        subject,
        metric,
        value,
        value_high,
        qualifier,
        unit,
        period,
        kind,
        extractor_version,
        load_id,
        ingested_at
    from mentions
)

select
    mention_id,
    fact_id,
    doc_id,
    file_name,
    fact_index,
    quote,
    char_start,
    char_end,
    is_first_mention,
    subject,
    metric,
    value,
    value_high,
    qualifier,
    unit,
    period,
    kind,
    extractor_version,
    load_id,
    ingested_at
from final
