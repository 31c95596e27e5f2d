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
        published_date
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
        source_file,
        source_row,
        load_id,
        ingested_at
    from latest_snapshot
),

final as (
    select
        *,
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
        {{ publisher_from_text('source_title') }} as publisher
    from renamed
)

select * from final
