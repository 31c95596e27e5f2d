-- Official park rows unpivoted to one row per (row, metric): area_sqft, companies_hosted, jobs_created
-- (professionals for a whole network's workforce), parks (counts stated in a network's or programme's
-- name), status and expected_completion. Each row keeps its source; every restated version is kept.
with parks as (
    select
        parks.official_row_id,
        parks.park_name,
        parks.park_type,
        coalesce(entity_map.canonical_subject, parks.park_name) as entity_name,
        coalesce(entity_map.entity_type, 'park') as entity_type,
        entity_map.setter,
        entity_map.official_name is not null as is_mapped,
        parks.area_sqft,
        parks.companies,
        parks.jobs,
        parks.status,
        parks.expected_completion,
        parks.expected_completion_date,
        parks.stated_park_count,
        parks.planned_park_count,
        parks.source_title,
        parks.source_url,
        parks.published_date,
        parks.publisher
    from {{ ref('stg_official__parks') }} as parks
    left join {{ ref('official_entity_map') }} as entity_map
        on entity_map.source_table = 'official_parks'
        and parks.park_name = entity_map.official_name
),

unpivoted as (
    select *, 'area_sqft' as metric, 'actual' as kind, area_sqft as value, 'sqft' as unit,
        cast(null as varchar) as value_text, cast(null as date) as value_date
    from parks where area_sqft is not null
    union all
    select *, 'companies_hosted', 'actual', cast(companies as double), 'count', null, null
    from parks where companies is not null
    union all
    select *, case when park_type = 'STP network' then 'professionals' else 'jobs_created' end, 'actual',
        cast(jobs as double), 'count', null, null
    from parks where jobs is not null
    union all
    select *, 'parks', 'actual', cast(stated_park_count as double), 'count', null, null
    from parks where stated_park_count is not null
    union all
    select *, 'parks', 'target', cast(planned_park_count as double), 'count', null, null
    from parks where planned_park_count is not null
    union all
    select *, 'status', 'actual', null, null, status, null
    from parks where status is not null
    union all
    select *, 'expected_completion', 'projection', null, 'date', expected_completion, expected_completion_date
    from parks where expected_completion is not null
),

final as (
    select
        official_row_id || ':' || metric || ':' || kind as observation_id,
        official_row_id,
        park_name as official_name,
        park_type,
        entity_name,
        entity_type,
        setter,
        is_mapped,
        metric,
        kind,
        value,
        unit,
        value_text,
        value_date,
        -- a planned count is due by the row's expected completion ('25 STPs by end-2021' -> by 2021-12)
        case
            when kind = 'target' and regexp_full_match(expected_completion, '\d{4}(-\d{2})?')
                then 'by ' || expected_completion
        end as period,
        case when kind = 'target' then expected_completion end as period_as_written,
        source_title,
        source_url,
        published_date,
        publisher
    from unpivoted
)

select * from final
