-- Every mention of a fact in a document (the current extraction of each document), linked to its
-- canonical fact: the quote and character offsets are the provenance of each mention.
with mentions as (
    select
        mention_id,
        fact_id,
        doc_id,
        file_name,
        fact_index,
        quote,
        char_start,
        char_end,
        mention_number,
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
        load_id
    from {{ ref('int_fact_mentions') }}
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
        mention_number,
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
        load_id
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
    mention_number,
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
    load_id
from final
