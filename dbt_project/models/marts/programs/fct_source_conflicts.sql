-- Every disagreement between sources: the same subject (entity aliases resolved to one canonical subject),
-- metric, unit, period and class of value (actual, target or projection) reported with more than one
-- value by at least two sources, official or document, parks and programs included. A park's or
-- program's statement without a period is compared with the other undated statements of the same
-- subject and metric (a park's planned jobs, cost, area or completion date: period 'undated'); an export
-- or document figure without a period is not compared. Nothing is dropped for being small: each row says
-- what kind of disagreement it is (conflict_kind) and how large (spread, spread_pct, revision_size):
--   rounding     - one precise figure and the same figure rounded as it was written ('$3.8bn' for 3,810)
--   revision     - the values come from releases of different dates: a later release changed the figure
--   disagreement - sources of the same date (or undated) state different values
with observations as (
    select
        observations.subject,
        observations.comparable_metric as metric,
        coalesce(observations.unit, 'date') as unit,
        -- undated: a park's design and plans, a program's targets (an undated count of a program is a point
        -- on a growing series, not a rival figure)
        case
            when observations.period is not null then observations.period
            when observations.entity_type in ('park', 'park_network') then 'undated'
            when observations.entity_type = 'program'
                and (observations.value_class <> 'actual' or observations.kind_detail = 'approval')
                then 'undated'
        end as period,
        -- a planned amount and the amount approved are one commitment restated (DEEP: $131.5m planned,
        -- $78m approved); otherwise actual, target and projection are compared within their class
        case
            when observations.kind_detail in ('plan', 'approval') and observations.entity_type = 'program'
                then 'commitment'
            else observations.value_class
        end as value_class,
        -- dates (a completion date) are compared as dates, numbers as numbers
        coalesce(observations.value, epoch(observations.value_date) / 86400.0) as value,
        observations.value_date,
        -- a date as written: '2025' and '2025-12-31' are two statements, one less precise
        case
            when observations.metric = 'expected_completion' then coalesce(observations.value_text, cast(observations.value_date as varchar))
            else cast(observations.value as varchar)
        end as value_label,
        observations.subject_key,
        observations.source_kind,
        coalesce(observations.source_title, 'document ' || observations.file_names) as source,
        observations.release_date
    from {{ ref('int_observations') }} as observations
    where observations.value is not null
        or (observations.value_date is not null and observations.metric = 'expected_completion')
),

in_millions as (
    select
        *,
        -- money is written in millions or billions; compare how it was written in millions
        case when unit in ('USD', 'PKR') then round(value / 1e6, 4) else value end as written_value
    from observations
    where period is not null
        -- a park's progress moves over time: it is history, not disagreement
        and metric not in ('physical_progress_pct')
),

comparable as (
    select
        *,
        -- the unit a value was written to, to tell rounding from revision ('$3.8bn' beside 3,810)
        case when unit in ('USD', 'PKR') then 1e6 else 1 end * case
            when written_value <> round(written_value, 2) then 0.001
            when written_value <> round(written_value, 1) then 0.01
            when written_value <> round(written_value) then 0.1
            -- a count, a percentage, or money under a billion is written to the unit
            when unit in ('percent', 'date') or abs(written_value) < 1000 then 1
            when written_value % 1000 = 0 then 1000
            when written_value % 100 = 0 then 100
            when written_value % 10 = 0 then 10
            else 1
        end as written_unit
    from in_millions
),

grouped as (
    select
        subject,
        metric,
        unit,
        period,
        value_class,
        count(*) as observation_count,
        count(distinct source) as source_count,
        count(distinct value_label) as distinct_value_count,
        count(distinct release_date) as release_date_count,
        min(value) as min_value,
        max(value) as max_value,
        max(written_unit) as coarsest_unit,
        count(distinct written_unit) as written_unit_count,
        -- the lowest and the highest value of the earliest and of the latest release date: two sources of
        -- one date that disagree leave no single earliest (latest) value, so none is published
        {{ earliest_by('value', 'release_date', 'value') }} as earliest_value_low,
        {{ earliest_by('value', 'release_date', '-value') }} as earliest_value_high,
        {{ latest_by('value', 'release_date', '-value') }} as latest_value_low,
        {{ latest_by('value', 'release_date', 'value') }} as latest_value_high,
        min(release_date) as earliest_release_date,
        max(release_date) as latest_release_date,
        list(distinct value_label order by value_label) as values_list,
        list(distinct subject_key order by subject_key) filter (where subject_key is not null) as subject_keys,
        bool_or(source_kind = 'official') as has_official_source,
        bool_or(source_kind = 'document') as has_document_source,
        string_agg(
            value_label || ' (' || source || ', ' || coalesce(cast(release_date as varchar), 'undated') || ')',
            ' | ' order by value, release_date
        ) as values_reported
    from comparable
    group by subject, metric, unit, period, value_class
),

rounded_agreement as (
    select
        grouped.subject,
        grouped.metric,
        grouped.unit,
        grouped.period,
        grouped.value_class,
        -- one precise figure, and the rest are it rounded as they were written
        count(distinct round(comparable.value / grouped.coarsest_unit) * grouped.coarsest_unit) = 1
        and count(distinct comparable.value) filter (where comparable.written_unit < grouped.coarsest_unit) = 1
            as agrees_after_rounding
    from grouped
    inner join comparable
        on grouped.subject = comparable.subject
        and grouped.metric = comparable.metric
        and grouped.unit = comparable.unit
        and grouped.period = comparable.period
        and grouped.value_class = comparable.value_class
    group by all
),

final as (
    select
        md5(
            grouped.subject || '|' || grouped.metric || '|' || grouped.unit || '|' || grouped.period || '|'
            || grouped.value_class
        ) as conflict_id,
        grouped.subject,
        grouped.metric,
        grouped.unit,
        grouped.period,
        grouped.value_class,
        case
            -- actual figures written at different precision that agree once rounded, by less than a tenth
            when grouped.value_class = 'actual'
                and grouped.unit <> 'date'
                and grouped.written_unit_count > 1
                and rounded_agreement.agrees_after_rounding
                and grouped.coarsest_unit <= 0.1 * abs(grouped.max_value)
                then 'rounding'
            when grouped.release_date_count > 1 then 'revision'
            else 'disagreement'
        end as conflict_kind,
        grouped.observation_count,
        grouped.source_count,
        grouped.distinct_value_count,
        grouped.min_value,
        grouped.max_value,
        grouped.max_value - grouped.min_value as spread,
        round((grouped.max_value - grouped.min_value) / nullif(abs(grouped.min_value), 0) * 100, 3) as spread_pct,
        case when grouped.earliest_value_low = grouped.earliest_value_high then grouped.earliest_value_low end
            as earliest_value,
        case when grouped.latest_value_low = grouped.latest_value_high then grouped.latest_value_low end
            as latest_value,
        case
            when grouped.earliest_value_low = grouped.earliest_value_high
                and grouped.latest_value_low = grouped.latest_value_high
                then grouped.latest_value_low - grouped.earliest_value_low
        end as revision_size,
        case
            when grouped.earliest_value_low = grouped.earliest_value_high
                and grouped.latest_value_low = grouped.latest_value_high
                then round(
                    (grouped.latest_value_low - grouped.earliest_value_low)
                    / nullif(abs(grouped.earliest_value_low), 0) * 100,
                    3
                )
        end as revision_pct,
        grouped.earliest_release_date,
        grouped.latest_release_date,
        {{ values_agree('grouped.max_value', 'grouped.min_value', 'grouped.unit') }} as is_within_tolerance,
        grouped.values_list,
        coalesce(grouped.subject_keys, []) as subject_keys,
        grouped.has_official_source,
        grouped.has_document_source,
        grouped.values_reported
    from grouped
    inner join rounded_agreement
        on grouped.subject = rounded_agreement.subject
        and grouped.metric = rounded_agreement.metric
        and grouped.unit = rounded_agreement.unit
        and grouped.period = rounded_agreement.period
        and grouped.value_class = rounded_agreement.value_class
    where grouped.source_count >= 2
        and grouped.distinct_value_count >= 2
)

select
    conflict_id,
    subject,
    metric,
    unit,
    period,
    value_class,
    conflict_kind,
    observation_count,
    source_count,
    distinct_value_count,
    min_value,
    max_value,
    spread,
    spread_pct,
    earliest_value,
    latest_value,
    revision_size,
    revision_pct,
    earliest_release_date,
    latest_release_date,
    is_within_tolerance,
    values_list,
    subject_keys,
    has_official_source,
    has_document_source,
    values_reported
from final
