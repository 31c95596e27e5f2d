-- Park metrics in long form, official and document alike: area_sqft, companies_hosted, jobs_created /
-- professionals, parks (network counts), status, expected_completion and whatever else documents state.
-- Every version is kept (restated completion dates, revised job counts): version_number orders a
-- park-metric's versions by when they were reported (undated last) and is_latest marks the most recent.
with observations as (
    select
        observation_id,
        entity_name,
        metric,
        kind,
        value,
        value_high,
        unit,
        qualifier,
        value_text,
        value_date,
        period,
        observed_on,
        source_kind,
        source_title,
        source_url,
        published_date,
        publisher,
        setter,
        official_row_id,
        fact_id,
        doc_id,
        file_name,
        file_names,
        quote,
        char_start,
        char_end,
        mention_count
    from {{ ref('int_observations') }}
    where entity_type in ('park', 'park_network')
),

parks as (
    select park_id, park_name
    from {{ ref('dim_parks') }}
),

versioned as (
    select
        parks.park_id,
        observations.observation_id,
        observations.entity_name,
        observations.metric,
        observations.kind,
        observations.value,
        observations.value_high,
        observations.unit,
        observations.qualifier,
        observations.value_text,
        observations.value_date,
        observations.period,
        observations.observed_on,
        observations.source_kind,
        observations.source_title,
        observations.source_url,
        observations.published_date,
        observations.publisher,
        observations.setter,
        observations.official_row_id,
        observations.fact_id,
        observations.doc_id,
        observations.file_name,
        observations.file_names,
        observations.quote,
        observations.char_start,
        observations.char_end,
        observations.mention_count,

        row_number() over park_metric_by_date_asc as version_number,
        count(*) over (partition by parks.park_id, observations.metric) as version_count,
        count(distinct coalesce(cast(observations.value as varchar), observations.value_text))
            over (partition by parks.park_id, observations.metric) as distinct_value_count,
        row_number() over park_metric_by_date_desc = 1 as is_latest
    from observations
    inner join parks
        on observations.entity_name = parks.park_name
    window
        park_metric_by_date_asc as (
            partition by parks.park_id, observations.metric
            order by observations.observed_on asc nulls last, observations.source_kind desc, observations.observation_id
        ),
        park_metric_by_date_desc as (
            partition by parks.park_id, observations.metric
            order by observations.observed_on desc nulls last, observations.source_kind desc, observations.observation_id
        )
),

final as (
    select
        observation_id as park_metric_id,
        park_id,
        entity_name as park_name,
        metric,
        kind,
        value,
        value_high,
        unit,
        qualifier,
        value_text,
        value_date,
        period,
        observed_on as as_of,
        source_kind,
        source_title,
        source_url,
        published_date,
        publisher,
        official_row_id,
        fact_id,
        doc_id,
        coalesce(file_names, file_name) as file_names,
        file_name,
        quote,
        char_start,
        char_end,
        mention_count,
        version_number,
        version_count,
        distinct_value_count,
        distinct_value_count > 1 as is_restated,
        is_latest
    from versioned
)

select
    park_metric_id,
    park_id,
    park_name,
    metric,
    kind,
    value,
    value_high,
    unit,
    qualifier,
    value_text,
    value_date,
    period,
    as_of,
    source_kind,
    source_title,
    source_url,
    published_date,
    publisher,
    official_row_id,
    fact_id,
    doc_id,
    file_name,
    file_names,
    quote,
    char_start,
    char_end,
    mention_count,
    version_number,
    version_count,
    distinct_value_count,
    is_restated,
    is_latest,
    {{ citation('publisher', "coalesce(source_title, 'document ' || file_name)", 'published_date', 'source_url', 'quote') }} as citation
from final
