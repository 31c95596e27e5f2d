{{ config(severity='warn') }}
-- The fact contract says a quote is verbatim from its document: warn on quotes the document text does not hold.
select
    mentions.mention_id,
    mentions.file_name,
    mentions.quote
from {{ ref('fct_fact_mentions') }} as mentions
inner join {{ ref('dim_documents') }} as documents
    on mentions.doc_id = documents.doc_id
where mentions.quote is not null
    and documents.text is not null
    and not contains(documents.text, mentions.quote)
