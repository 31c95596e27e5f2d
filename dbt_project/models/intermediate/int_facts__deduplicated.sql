-- One row per canonical fact: the normalised fields and provenance of its first mention, how often it is
-- mentioned and in how many documents.
with mentions as (
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
        is_first_mention
    from {{ ref('int_fact_mentions') }}
),

mention_counts as (
    select
        fact_id,
        count(*) as mention_count,
        count(distinct doc_id) as doc_count,
        string_agg(distinct file_name, '; ' order by file_name) as file_names
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
        mention_counts.file_names
    from first_mentions
    inner join mention_counts
        on first_mentions.fact_id = mention_counts.fact_id
)

select * from final
