-- One row per park or park network under its canonical name, with type and location from its latest
-- official row (undated rows last) and how much official and document evidence there is about it.
with observations as (
    select
        entity_name,
        entity_type,
        source_kind,
        official_row_id,
        fact_id,
        observed_on
    from {{ ref('int_observations') }}
    where entity_type in ('park', 'park_network')
),

official_rows as (
    select
        coalesce(entity_map.canonical_subject, parks.park_name) as park_name,
        parks.park_name as official_name,
        parks.park_type,
        parks.city,
        parks.province,
        parks.published_date,
        parks.official_row_id
    from {{ ref('stg_official__parks') }} as parks
    left join {{ ref('official_entity_map') }} as entity_map
        on entity_map.source_table = 'official_parks'
        and parks.park_name = entity_map.official_name
),

latest_official as (
    select
        park_name,
        park_type,
        city,
        province
    from official_rows
    qualify row_number() over (
        partition by park_name order by published_date desc nulls last, official_row_id
    ) = 1
),

official_names as (
    select
        park_name,
        string_agg(distinct official_name, '; ' order by official_name) as official_names
    from official_rows
    group by park_name
),

evidence as (
    select
        entity_name as park_name,
        max(entity_type) as park_level,
        count(distinct official_row_id) as official_row_count,
        count(distinct fact_id) as document_fact_count,
        min(observed_on) as first_reported_on,
        max(observed_on) as last_reported_on
    from observations
    group by entity_name
),

final as (
    select
        {{ slugify('evidence.park_name') }} as park_id,
        evidence.park_name,
        evidence.park_level,
        latest_official.park_type,
        latest_official.city,
        latest_official.province,
        official_names.official_names,
        evidence.official_row_count,
        evidence.document_fact_count,
        evidence.first_reported_on,
        evidence.last_reported_on
    from evidence
    left join latest_official
        on evidence.park_name = latest_official.park_name
    left join official_names
        on evidence.park_name = official_names.park_name
)

select
    park_id,
    park_name,
    park_level,
    park_type,
    city,
    province,
    official_names,
    official_row_count,
    document_fact_count,
    first_reported_on,
    last_reported_on
from final
