{{
    config(
        materialized='incremental',
        unique_key='program_metric_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where source_kind = 'official'{% endif %}",
    )
}}

-- Program metrics in long form: every official program row (achieved figures and targets, value parsed into
-- base units with the as-written value kept) and every document fact about a program (trainees, centres,
-- funding, targets with deadlines ...). DigiSkills 3.0 and other aliases count under their program.
with observations as (
    select
        observation_id,
        entity_name,
        subject,
        subject_as_written,
        metric,
        metric_as_written,
        kind,
        value,
        value_high,
        unit,
        qualifier,
        value_text,
        value_date,
        period,
        period_as_written,
        observed_on,
        source_kind,
        source_title,
        source_url,
        published_date,
        publisher,
        setter,
        official_row_id,
        fact_id,
        doc_id,
        file_name,
        file_names,
        quote,
        char_start,
        char_end,
        mention_count,
        last_ingested_at
    from {{ ref('int_observations') }}
    where entity_type in ('program', 'plan', 'organisation', 'context')
    {% if is_incremental() %}
        -- official rows whole (the pre-hook removed them), document rows of facts mentioned anew
        and (source_kind = 'official' or {{ loaded_after_last_build('last_ingested_at') }})
    {% endif %}
),

programs as (
    select program_id, program_name
    from {{ ref('dim_programs') }}
),

periods as (
    select period, period_type, deadline_date, end_date
    from {{ ref('int_periods') }}
),

final as (
    select
        observations.observation_id as program_metric_id,
        programs.program_id,
        programs.program_name,
        observations.subject,
        observations.subject_as_written,
        observations.metric,
        observations.metric_as_written,
        observations.kind,
        observations.value,
        observations.value_high,
        observations.unit,
        observations.qualifier,
        observations.value_text,
        observations.value_date,
        observations.period,
        periods.period_type,
        observations.period_as_written,
        coalesce(periods.deadline_date, case when observations.kind = 'target' then periods.end_date end)
            as deadline_date,
        observations.observed_on as as_of,
        observations.source_kind,
        observations.source_title,
        observations.source_url,
        observations.published_date,
        observations.publisher,
        observations.setter,
        observations.official_row_id,
        observations.fact_id,
        observations.doc_id,
        observations.file_name,
        coalesce(observations.file_names, observations.file_name) as file_names,
        observations.quote,
        observations.char_start,
        observations.char_end,
        observations.mention_count,
        observations.last_ingested_at
    from observations
    inner join programs
        on observations.entity_name = programs.program_name
    left join periods
        on observations.period = periods.period
)

select
    program_metric_id,
    program_id,
    program_name,
    subject,
    subject_as_written,
    metric,
    metric_as_written,
    kind,
    value,
    value_high,
    unit,
    qualifier,
    value_text,
    value_date,
    period,
    period_type,
    period_as_written,
    deadline_date,
    as_of,
    source_kind,
    source_title,
    source_url,
    published_date,
    publisher,
    setter,
    official_row_id,
    fact_id,
    doc_id,
    file_name,
    file_names,
    quote,
    char_start,
    char_end,
    mention_count,
    last_ingested_at,
    {{ citation('publisher', "coalesce(source_title, 'document ' || file_name)", 'published_date', 'source_url', 'quote') }} as citation
from final
