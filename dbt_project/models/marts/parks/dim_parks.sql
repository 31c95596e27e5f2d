-- One row per park or park network under its canonical name, with type and location from its latest
-- official row (undated rows last), its register (stage, cost, original and latest completion date,
-- physical progress; floor area, companies and jobs each with whether they exist or are planned) from the
-- latest official release stating each, and how much official and document evidence there is about it.
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

register_rows as (
    select
        entity_name as park_name,
        park_key,
        metric,
        kind,
        value,
        unit,
        value_text,
        value_date,
        cost_as_of,
        coalesce(release_date, published_date) as release_date,
        official_row_id
    from {{ ref('int_parks__official_metrics') }}
),

register as (
    select
        park_name,
        max(park_key) as park_key,
        {{ latest_by('value_text', 'release_date', 'official_row_id') }} filter (where metric = 'stage') as stage,
        {{ latest_by('value', 'release_date', 'official_row_id') }} filter (where metric = 'cost') as cost_value,
        {{ latest_by('unit', 'release_date', 'official_row_id') }} filter (where metric = 'cost') as cost_currency,
        {{ latest_by('cost_as_of', 'release_date', 'official_row_id') }} filter (where metric = 'cost') as cost_as_of,
        {{ latest_by('value_text', 'release_date', 'official_row_id') }} filter (where metric = 'cost') as cost_as_written,
        {{ earliest_by('value_date', 'release_date', 'official_row_id') }} filter (where metric = 'expected_completion') as completion_date_original,
        {{ latest_by('value_date', 'release_date', 'official_row_id') }} filter (where metric = 'expected_completion') as completion_date_latest,
        {{ latest_by('value', 'release_date', 'official_row_id') }} filter (where metric = 'physical_progress_pct') as physical_progress_pct,
        max(release_date) filter (where metric = 'physical_progress_pct') as physical_progress_as_of,
        {{ latest_by('value', 'release_date', 'official_row_id') }} filter (where metric = 'area_sqft') as area_sqft,
        {{ latest_by('kind', 'release_date', 'official_row_id') }} filter (where metric = 'area_sqft') as area_kind,
        {{ latest_by('value', 'release_date', 'official_row_id') }} filter (where metric = 'companies_hosted') as companies,
        {{ latest_by('kind', 'release_date', 'official_row_id') }} filter (where metric = 'companies_hosted') as companies_kind,
        {{ latest_by('value', 'release_date', 'official_row_id') }} filter (where metric in ('jobs_created', 'professionals')) as jobs,
        {{ latest_by('kind', 'release_date', 'official_row_id') }} filter (where metric in ('jobs_created', 'professionals')) as jobs_kind
    from register_rows
    group by park_name
),

row_entities as (
    select distinct
        official_row_id,
        park_name
    from register_rows
),

official_rows as (
    select
        coalesce(entity_map.canonical_subject, row_entities.park_name, parks.park_name) as park_name,
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
    -- a name variant the seed does not map takes its park_key's entity
    left join row_entities
        on parks.official_row_id = row_entities.official_row_id
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
        evidence.last_reported_on,
        register.park_key,
        register.stage,
        register.cost_value,
        register.cost_currency,
        register.cost_as_of,
        register.cost_as_written,
        register.completion_date_original,
        register.completion_date_latest,
        register.completion_date_latest > register.completion_date_original as is_completion_delayed,
        register.physical_progress_pct,
        register.physical_progress_as_of,
        register.area_sqft,
        case register.area_kind when 'projection' then 'planned' when 'actual' then 'actual' end as area_kind,
        register.companies,
        case register.companies_kind when 'projection' then 'planned' when 'actual' then 'actual' end
            as companies_kind,
        register.jobs,
        case register.jobs_kind when 'projection' then 'planned' when 'actual' then 'actual' end as jobs_kind
    from evidence
    left join register
        on evidence.park_name = register.park_name
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
    last_reported_on,
    park_key,
    stage,
    cost_value,
    cost_currency,
    cost_as_of,
    cost_as_written,
    completion_date_original,
    completion_date_latest,
    is_completion_delayed,
    physical_progress_pct,
    physical_progress_as_of,
    area_sqft,
    area_kind,
    companies,
    companies_kind,
    jobs,
    jobs_kind
from final
