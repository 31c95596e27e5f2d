{{ config(severity='warn') }}
-- Official park / program names the official_entity_map seed does not know: they still build (under their
-- own name, or their park_key's entity) but are not joined to the extractor's canonical subjects. Add them
-- to the seed. A park name variant whose curated park_key another, mapped row shares is resolved already.
with entity_map as (
    select
        source_table,
        official_name
    from {{ ref('official_entity_map') }}
),

parks as (
    select
        parks.park_name,
        parks.park_key
    from {{ ref('stg_official__parks') }} as parks
),

mapped_park_keys as (
    select distinct parks.park_key
    from parks
    inner join entity_map
        on entity_map.source_table = 'official_parks'
        and parks.park_name = entity_map.official_name
    where parks.park_key is not null
)

select
    'official_parks' as source_table,
    parks.park_name as official_name
from parks
where parks.park_name not in (
    select entity_map.official_name from entity_map where entity_map.source_table = 'official_parks'
)
    and (parks.park_key is null or parks.park_key not in (select mapped_park_keys.park_key from mapped_park_keys))
union
select
    'official_programs' as source_table,
    programs.program_name as official_name
from {{ ref('stg_official__programs') }} as programs
where programs.program_name not in (
    select entity_map.official_name from entity_map where entity_map.source_table = 'official_programs'
)
