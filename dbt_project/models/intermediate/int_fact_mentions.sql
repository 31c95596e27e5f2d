-- Every fact mention of the current extractions with its canonical fact key: mentions that agree on
-- (subject, metric, unit, value, value_high, period, kind) are one fact, whatever their quote or document.
-- The first mention of a fact is the one in the earliest-published document (undated documents last),
-- then by file name and position.
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
        load_id
    from {{ ref('stg_documents__facts') }}
),

documents as (
    select
        doc_id,
        published_date
    from {{ ref('stg_documents__documents') }}
),

keyed as (
    select
        facts.*,
        documents.published_date as doc_published_date,
        {{ fact_key('facts.subject', 'facts.metric', 'facts.unit', 'facts.value', 'facts.value_high',
            'facts.period', 'facts.kind') }} as fact_id
    from facts
    left join documents
        on facts.doc_id = documents.doc_id
),

final as (
    select
        mention_id,
        fact_id,
        doc_id,
        file_name,
        doc_published_date,
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
        row_number() over (
            partition by fact_id
            order by doc_published_date asc nulls last, file_name, char_start asc nulls last, fact_index
        ) as mention_number,
        count(*) over (partition by fact_id) as fact_mention_count
    from keyed
)

select
    *,
    mention_number = 1 as is_first_mention
from final
