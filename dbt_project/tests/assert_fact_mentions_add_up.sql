-- De-duplication loses no mention: every canonical fact's mention_count equals its rows in fct_fact_mentions,
-- and exactly one of them is its first mention.
with mention_counts as (
    select
        fact_id,
        count(*) as mentions,
        count(*) filter (where is_first_mention) as first_mentions
    from {{ ref('fct_fact_mentions') }}
    group by fact_id
)

select
    facts.fact_id,
    facts.mention_count,
    mention_counts.mentions,
    mention_counts.first_mentions
from {{ ref('fct_facts') }} as facts
full outer join mention_counts
    on facts.fact_id = mention_counts.fact_id
where facts.mention_count is distinct from mention_counts.mentions
    or mention_counts.first_mentions is distinct from 1
