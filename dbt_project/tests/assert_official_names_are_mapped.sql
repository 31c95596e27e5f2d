{{ config(severity='warn') }}
-- Official park / program names the official_entity_map seed does not know: they still build (under their
-- own name) but are not joined to the extractor's canonical subjects. Add them to the seed.
select 'official_parks' as source_table, park_name as official_name
from {{ ref('stg_official__parks') }}
where park_name not in (
    select official_name from {{ ref('official_entity_map') }} where source_table = 'official_parks'
)
union
select 'official_programs', program_name
from {{ ref('stg_official__programs') }}
where program_name not in (
    select official_name from {{ ref('official_entity_map') }} where source_table = 'official_programs'
)
