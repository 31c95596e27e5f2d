-- Reported states of parks and park networks, one row per source, from the latest snapshot load.
with source as (
    select
        load_id,
        ingested_at,
        source_file,
        source_row,
        park_name,
        park_type,
        city,
        province,
        area_sqft,
        companies,
        jobs,
        status,
        expected_completion,
        source_title,
        source_url,
        published_date,
        publisher,
        release_date,
        release_date_basis,
        park_key,
        stage,
        cost_value,
        cost_unit,
        cost_as_of,
        physical_progress_pct,
        area_sqm,
        area_kind,
        companies_kind,
        jobs_kind,
        parks_count,
        parks_count_kind
    from {{ source('official', 'official_parks') }}
),

latest_snapshot as (
    select *
    from source
    qualify {{ latest_load_rank() }} = 1
),

renamed as (
    select
        source_file || ':' || cast(source_row as varchar) as official_row_id,
        trim(park_name) as park_name,
        nullif(trim(park_type), '') as park_type,
        nullif(trim(city), '') as city,
        nullif(trim(province), '') as province,
        area_sqft,
        companies,
        jobs,
        nullif(trim(status), '') as status,
        nullif(trim(expected_completion), '') as expected_completion,
        trim(source_title) as source_title,
        trim(source_url) as source_url,
        published_date,
        {{ official_release_columns() }},
        nullif(trim(park_key), '') as park_key,
        nullif(trim(stage), '') as curated_stage,
        cost_value,
        nullif(trim(cost_unit), '') as cost_unit,
        nullif(trim(cost_as_of), '') as cost_as_of,
        physical_progress_pct,
        area_sqm,
        nullif(trim(area_kind), '') as curated_area_kind,
        nullif(trim(companies_kind), '') as curated_companies_kind,
        nullif(trim(jobs_kind), '') as curated_jobs_kind,
        parks_count,
        nullif(trim(parks_count_kind), '') as curated_parks_count_kind,
        source_file,
        source_row,
        load_id,
        ingested_at
    from latest_snapshot
),

staged as (
    select
        *,
        -- curated stage first; for a table in the original layout, the status text's own words
        coalesce(
            curated_stage,
            case
                when regexp_matches(lower(status), 'under (construction|development)|construction (started|underway|in progress)|\d+ ?% (complete|progress)')
                    then 'under_construction'
                when regexp_matches(lower(status), '\b(operational|inaugurated|functional|running|hosting|hosts)\b')
                    then 'operational'
                when regexp_matches(lower(status), '\b(approved|ecnec|pc-1|sanctioned)\b') then 'approved'
                when regexp_matches(lower(status), '\b(planned|proposed|design|feasibility|to be (built|set up|established))\b')
                    then 'planned'
            end
        ) as stage
    from renamed
),

final as (
    select
        *,
        -- what a park not yet built states (area, companies, jobs) is planned capacity, not an achievement
        coalesce(curated_area_kind, case when stage in ('planned', 'approved', 'under_construction') then 'planned' else 'actual' end)
            as area_kind,
        coalesce(curated_companies_kind, case when stage in ('planned', 'approved', 'under_construction') then 'planned' else 'actual' end)
            as companies_kind,
        coalesce(curated_jobs_kind, case when stage in ('planned', 'approved', 'under_construction') then 'planned' else 'actual' end)
            as jobs_kind,
        {{ end_of_written_date('expected_completion') }} as expected_completion_date,
        case
            when regexp_full_match(expected_completion, '\d{4}-\d{2}-\d{2}') then 'day'
            when regexp_full_match(expected_completion, '\d{4}-\d{2}') then 'month'
            when regexp_full_match(expected_completion, '\d{4}') then 'year'
        end as expected_completion_precision,
        -- counts stated in a network's name: 'PSEB Software Technology Parks (network total: 43 STPs)'
        try_cast(nullif(regexp_extract(park_name, 'network total: (\d+)', 1), '') as integer) as stated_park_count,
        -- planned counts stated in a programme's name: 'PSEB STP programme target: 25 STPs by end-2021'
        try_cast(nullif(regexp_extract(park_name, 'programme[^:]*:\s*(\d+) STPs (by|\()', 1), '') as integer)
            as planned_park_count,
        coalesce(curated_parks_count_kind, case when stage = 'operational' then 'actual' else 'planned' end)
            as parks_count_kind
    from staged
)

select * from final
