-- Official park rows unpivoted to one row per (row, metric): area_sqft (an area stated in square metres
-- is converted, its text kept), companies_hosted, jobs_created (professionals for a whole network's
-- workforce), parks (network counts), stage, cost, physical_progress_pct, status and expected_completion.
-- What a park not yet built states (its area, companies, jobs) is planned capacity: kind 'projection',
-- never 'actual'; a planned number of parks is a 'target'. Each row keeps its source; every restated
-- version is kept. Name variants of one park share its curated park_key and so one entity.
with parks as (
    select
        parks.official_row_id,
        parks.park_name,
        parks.park_type,
        parks.park_key,
        -- an unmapped name variant takes the entity of a mapped row with the same park_key
        coalesce(
            entity_map.canonical_subject,
            case when parks.park_key is not null then max(entity_map.canonical_subject) over same_park end,
            parks.park_name
        ) as entity_name,
        coalesce(
            entity_map.entity_type,
            case when parks.park_key is not null then max(entity_map.entity_type) over same_park end,
            'park'
        ) as entity_type,
        coalesce(entity_map.setter, case when parks.park_key is not null then max(entity_map.setter) over same_park end)
            as setter,
        entity_map.official_name is not null as is_mapped,
        parks.stage,
        parks.cost_value,
        parks.cost_unit,
        parks.cost_as_of,
        parks.physical_progress_pct,
        parks.area_sqm,
        parks.area_kind,
        parks.companies_kind,
        parks.jobs_kind,
        coalesce(parks.parks_count, parks.stated_park_count, parks.planned_park_count) as parks_count,
        case
            when parks.parks_count is not null then parks.parks_count_kind
            when parks.stated_park_count is not null then 'actual'
            when parks.planned_park_count is not null then 'planned'
        end as parks_count_kind,
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
        parks.release_date,
        parks.publisher
    from {{ ref('stg_official__parks') }} as parks
    left join {{ ref('official_entity_map') }} as entity_map
        on entity_map.source_table = 'official_parks'
        and parks.park_name = entity_map.official_name
    window same_park as (partition by parks.park_key)
),

unpivoted as (
    select *, 'area_sqft' as metric, {{ planned_kind('area_kind') }} as kind, area_sqft as value, 'sqft' as unit,
        cast(null as varchar) as value_text, cast(null as date) as value_date
    from parks where area_sqft is not null
    union all
    -- stated in square metres: compared in square feet, the text as written kept
    select *, 'area_sqft', {{ planned_kind('area_kind') }}, round(area_sqm * 10.7639), 'sqft',
        cast(area_sqm as varchar) || ' sq m', null
    from parks where area_sqm is not null
    union all
    select *, 'companies_hosted', {{ planned_kind('companies_kind') }}, cast(companies as double), 'count', null, null
    from parks where companies is not null
    union all
    select *, case when park_type = 'STP network' then 'professionals' else 'jobs_created' end,
        {{ planned_kind('jobs_kind') }}, cast(jobs as double), 'count', null, null
    from parks where jobs is not null
    union all
    select *, 'parks', case when parks_count_kind = 'planned' then 'target' else 'actual' end,
        cast(parks_count as double), 'count', null, null
    from parks where parks_count is not null
    union all
    select *, 'stage', 'actual', null, null, stage, null
    from parks where stage is not null
    union all
    select *, 'cost', 'actual',
        cost_value * case when cost_unit like '% billion' then 1e9 when cost_unit like '% million' then 1e6 else 1 end,
        left(cost_unit, 3), cast(cost_value as varchar) || ' ' || cost_unit, null
    from parks where cost_value is not null
    union all
    select *, 'physical_progress_pct', 'actual', physical_progress_pct, 'percent', null, null
    from parks where physical_progress_pct is not null
    union all
    select *, 'status', 'actual', null, null, status, null
    from parks where status is not null
    union all
    select *, 'expected_completion', 'projection', null, 'date', expected_completion, expected_completion_date
    from parks where expected_completion is not null
),

final as (
    select
        official_row_id || ':' || metric || ':' || kind
            || case when value_text like '% sq m' then ':sqm' else '' end as observation_id,
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
        park_key,
        cost_as_of,
        source_title,
        source_url,
        published_date,
        release_date,
        publisher
    from unpivoted
)

select * from final
