-- One row per program, plan, organisation or context subject (DigiSkills.pk, e-Rozgaar, DEEP, Uraan Pakistan,
-- PSEB, ...) under its canonical name, with the official names filed under it and the evidence about it.
with observations as (
    select
        entity_name,
        entity_type,
        subject_as_written,
        source_kind,
        official_row_id,
        fact_id,
        setter,
        observed_on
    from {{ ref('int_observations') }}
    where entity_type in ('program', 'plan', 'organisation', 'context')
),

final as (
    select
        {{ slugify('entity_name') }} as program_id,
        entity_name as program_name,
        max(entity_type) as program_type,
        string_agg(distinct setter, '; ' order by setter) as setters,
        string_agg(distinct case when source_kind = 'official' then subject_as_written end, '; '
            order by case when source_kind = 'official' then subject_as_written end) as official_names,
        string_agg(distinct case when source_kind = 'document' then subject_as_written end, '; '
            order by case when source_kind = 'document' then subject_as_written end) as document_subjects,
        count(distinct official_row_id) as official_row_count,
        count(distinct fact_id) as document_fact_count,
        min(observed_on) as first_reported_on,
        max(observed_on) as last_reported_on
    from observations
    group by entity_name
)

select
    program_id,
    program_name,
    program_type,
    setters,
    official_names,
    document_subjects,
    official_row_count,
    document_fact_count,
    first_reported_on,
    last_reported_on
from final
