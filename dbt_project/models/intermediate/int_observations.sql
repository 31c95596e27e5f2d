{{
    config(
        materialized='incremental',
        unique_key='observation_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where source_kind = 'official'{% endif %}",
    )
}}

-- Every quantitative statement in one long table, official and document alike, in base units (USD not
-- USD million) and under canonical subjects: official export vintages (values and stated growth),
-- official park and program rows, and canonical document facts. Marts for parks, programs, targets and
-- source conflicts select from here.
-- Incremental: the official rows are replaced whole every build (a few thousand; a snapshot may drop a
-- row, hence the pre-hook), document rows only for the facts with a mention loaded since the last build.
with subject_map as (
    select subject, canonical_subject, entity_type
    from {{ ref('subject_map') }}
),

export_vintages as (
    select
        vintage_id,
        grain,
        period,
        measure,
        value_usd_mn,
        stated_yoy_growth_pct,
        source_title,
        source_url,
        published_date,
        release_date,
        publisher
    from {{ ref('int_ict_exports__vintages') }}
),

export_observations as (
    select
        'official:' || vintage_id || ':value' as observation_id,
        'official' as source_kind,
        'official_ict_exports_' || case grain when 'month' then 'monthly' when 'fiscal_ytd' then 'ytd' else grain end
            as source_table,
        vintage_id as official_row_id,
        'Pakistan ICT exports' as entity_name,
        'export_series' as entity_type,
        'Pakistan ICT exports' as subject,
        measure as subject_as_written,
        measure as metric,
        measure as metric_as_written,
        'actual' as kind,
        value_usd_mn * 1e6 as value,
        cast(null as double) as value_high,
        'USD' as unit,
        cast(null as varchar) as qualifier,
        cast(value_usd_mn as varchar) || ' USD million' as value_text,
        cast(null as date) as value_date,
        period,
        period as period_as_written,
        published_date as observed_on,
        published_date,
        source_title,
        source_url,
        publisher,
        cast(null as varchar) as setter,
        measure as subject_key,
        'actual' as kind_detail,
        'national' as scope,
        measure as match_metric,
        coalesce(release_date, published_date) as release_date,
        cast(null as date) as deadline_date
    from export_vintages

    union all

    select
        'official:' || vintage_id || ':yoy_growth',
        'official',
        'official_ict_exports_' || case grain when 'month' then 'monthly' when 'fiscal_ytd' then 'ytd' else grain end,
        vintage_id,
        'Pakistan ICT exports',
        'export_series',
        'Pakistan ICT exports',
        measure,
        case measure when 'ict_exports' then 'yoy_growth' else measure || '_yoy_growth' end,
        'yoy_growth_pct',
        'actual',
        stated_yoy_growth_pct,
        null,
        'percent',
        null,
        cast(stated_yoy_growth_pct as varchar) || ' percent',
        null,
        period,
        period,
        published_date,
        published_date,
        source_title,
        source_url,
        publisher,
        null,
        measure,
        'actual',
        'national',
        measure || '_yoy_growth',
        coalesce(release_date, published_date),
        null
    from export_vintages
    where stated_yoy_growth_pct is not null
),

park_observations as (
    select
        'official:' || observation_id as observation_id,
        'official' as source_kind,
        'official_parks' as source_table,
        official_row_id,
        entity_name,
        entity_type,
        entity_name as subject,
        official_name as subject_as_written,
        metric,
        metric as metric_as_written,
        kind,
        value,
        cast(null as double) as value_high,
        unit,
        cast(null as varchar) as qualifier,
        value_text,
        value_date,
        period,
        period_as_written,
        published_date as observed_on,
        published_date,
        source_title,
        source_url,
        publisher,
        setter,
        park_key as subject_key,
        case kind when 'projection' then 'plan' else kind end as kind_detail,
        cast(null as varchar) as scope,
        metric as match_metric,
        coalesce(release_date, published_date) as release_date,
        cast(null as date) as deadline_date
    from {{ ref('int_parks__official_metrics') }}
),

program_observations as (
    select
        'official:' || programs.official_row_id || ':' || programs.metric as observation_id,
        'official' as source_kind,
        'official_programs' as source_table,
        programs.official_row_id,
        coalesce(entity_map.canonical_subject, programs.program_name) as entity_name,
        coalesce(entity_map.entity_type, 'program') as entity_type,
        -- a national export target is about the export series, whoever files it
        -- a program's phase is its own subject: a phase-1 target is judged by phase-1 actuals
        case
            when programs.metric = 'export_target' then 'Pakistan ICT exports'
            else coalesce(entity_map.canonical_subject, programs.program_name)
                || coalesce(' (' || replace(programs.phase, '_', ' ') || ')', '')
        end as subject,
        programs.program_name as subject_as_written,
        programs.metric,
        programs.metric_as_written,
        programs.kind,
        programs.value,
        programs.value_high,
        programs.unit,
        programs.qualifier,
        concat_ws(' ', programs.value_as_written, programs.unit_as_written) as value_text,
        programs.value_date,
        programs.period,
        programs.period_as_written,
        programs.observed_on,
        programs.published_date,
        programs.source_title,
        programs.source_url,
        programs.publisher,
        entity_map.setter,
        programs.program_key || coalesce(':' || programs.phase, '') as subject_key,
        programs.kind_detail,
        programs.scope,
        -- targets meet their actuals on the curated metric_code (same measure, same unit)
        coalesce(programs.metric_code, programs.metric) as match_metric,
        programs.release_date,
        programs.deadline as deadline_date
    from {{ ref('stg_official__programs') }} as programs
    left join {{ ref('official_entity_map') }} as entity_map
        on entity_map.source_table = 'official_programs'
        and programs.program_name = entity_map.official_name
),

document_observations as (
    select
        'document:' || facts.fact_id as observation_id,
        'document' as source_kind,
        'document_facts' as source_table,
        cast(null as varchar) as official_row_id,
        coalesce(subject_map.canonical_subject, facts.subject) as entity_name,
        coalesce(subject_map.entity_type, 'other') as entity_type,
        coalesce(subject_map.canonical_subject, facts.subject) as subject,
        facts.subject as subject_as_written,
        facts.metric,
        facts.metric as metric_as_written,
        facts.kind,
        facts.value,
        facts.value_high,
        facts.unit,
        facts.qualifier,
        cast(null as varchar) as value_text,
        cast(null as date) as value_date,
        facts.period,
        facts.period as period_as_written,
        facts.doc_published_date as observed_on,
        facts.doc_published_date as published_date,
        cast(null as varchar) as source_title,
        cast(null as varchar) as source_url,
        cast(null as varchar) as publisher,
        cast(null as varchar) as setter,
        cast(null as varchar) as subject_key,
        facts.kind as kind_detail,
        cast(null as varchar) as scope,
        case facts.metric when 'it_exports' then 'ict_exports' else facts.metric end as match_metric,
        facts.doc_published_date as release_date,
        cast(null as date) as deadline_date
    from {{ ref('int_facts__deduplicated') }} as facts
    left join subject_map
        on facts.subject = subject_map.subject
    {% if is_incremental() %}
    where {{ loaded_after_last_build('facts.last_ingested_at', 'last_ingested_at') }}
    {% endif %}
),

official_observations as (
    select * from export_observations
    union all
    select * from park_observations
    union all
    select * from program_observations
),

unioned as (
    select
        official_observations.*,
        cast(null as varchar) as fact_id,
        cast(null as varchar) as doc_id,
        cast(null as varchar) as file_name,
        cast(null as varchar) as file_names,
        cast(null as varchar) as quote,
        cast(null as integer) as char_start,
        cast(null as integer) as char_end,
        cast(null as bigint) as mention_count,
        cast(null as bigint) as doc_count,
        cast(null as timestamptz) as last_ingested_at
    from official_observations

    union all

    select
        document_observations.*,
        facts.fact_id,
        facts.doc_id,
        facts.file_name,
        facts.file_names,
        facts.quote,
        facts.char_start,
        facts.char_end,
        facts.mention_count,
        facts.doc_count,
        facts.last_ingested_at
    from document_observations
    inner join {{ ref('int_facts__deduplicated') }} as facts
        on document_observations.observation_id = 'document:' || facts.fact_id
),

final as (
    select
        *,
        -- the metric under which values are compared across sources (IT and ICT exports are one series)
        case metric when 'it_exports' then 'ict_exports' else metric end as comparable_metric,
        case kind when 'target' then 'target' when 'projection' then 'projection' else 'actual' end
            as value_class
    from unioned
)

select * from final
