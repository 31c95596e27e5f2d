-- Statements that disagree: the same subject, metric, unit and period (and the same class of value:
-- actual, target or projection) reported with values more than the tolerance apart (1 %, or 1 percentage
-- point for percentages) by at least two sources, official or document. One row per disagreement, listing
-- every value with its source. Undated statements (no period) are not compared.
with observations as (
    select
        subject,
        comparable_metric as metric,
        unit,
        period,
        value_class,
        value,
        source_kind,
        coalesce(source_title, 'document ' || file_names) as source,
        published_date
    from {{ ref('int_observations') }}
    where period is not null
        and value is not null
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
        count(distinct value) as distinct_value_count,
        min(value) as min_value,
        max(value) as max_value,
        bool_or(source_kind = 'official') as has_official_source,
        bool_or(source_kind = 'document') as has_document_source,
        string_agg(
            cast(value as varchar) || ' (' || source || ', ' || coalesce(cast(published_date as varchar), 'undated') || ')',
            ' | ' order by value, published_date
        ) as values_reported
    from observations
    group by subject, metric, unit, period, value_class
),

final as (
    select
        md5(subject || '|' || metric || '|' || unit || '|' || period || '|' || value_class) as conflict_id,
        subject,
        metric,
        unit,
        period,
        value_class,
        observation_count,
        source_count,
        distinct_value_count,
        min_value,
        max_value,
        has_official_source,
        has_document_source,
        values_reported,
        max_value - min_value as spread,
        round((max_value - min_value) / nullif(abs(min_value), 0) * 100, 3) as spread_pct
    from grouped
    where source_count >= 2
        and not {{ values_agree('max_value', 'min_value', 'unit') }}
)

select
    conflict_id,
    subject,
    metric,
    unit,
    period,
    value_class,
    observation_count,
    source_count,
    distinct_value_count,
    min_value,
    max_value,
    spread,
    spread_pct,
    has_official_source,
    has_document_source,
    values_reported
from final
