{#- Rows of the latest load: by ingested_at, then load_id (load ids sort by time). partition_by=none:
    the latest load of the whole table (official snapshots); partition_by='doc_id': per document. -#}
{% macro latest_load_rank(partition_by=none) -%}
    dense_rank() over (
        {% if partition_by %}partition by {{ partition_by }}{% endif %}
        order by ingested_at desc, load_id desc
    )
{%- endmacro %}

{#- Stable, readable id: lower-case words joined by '-' ('Karachi IT Park' -> 'karachi-it-park'). -#}
{% macro slugify(expr) -%}
    trim(regexp_replace(lower({{ expr }}), '[^a-z0-9]+', '-', 'g'), '-')
{%- endmacro %}

{#- snake_case of free text up to its first parenthesis ('IDs issued (x)' -> 'ids_issued'). -#}
{% macro snake_case(expr) -%}
    trim(regexp_replace(lower(split_part({{ expr }}, '(', 1)), '[^a-z0-9]+', '_', 'g'), '_')
{%- endmacro %}

{#- Canonical fact key: what makes two mentions the same fact (the quote and the document do not).
    Null-safe; values are compared at 6 decimals so float noise cannot split a fact. -#}
{% macro fact_key(subject, metric, unit, value, value_high, period, kind) -%}
    md5(
        coalesce(lower(trim({{ subject }})), '<null>')
        || '|' || coalesce(lower(trim({{ metric }})), '<null>')
        || '|' || coalesce(trim({{ unit }}), '<null>')
        || '|' || coalesce(cast(cast({{ value }} as decimal(38, 6)) as varchar), '<null>')
        || '|' || coalesce(cast(cast({{ value_high }} as decimal(38, 6)) as varchar), '<null>')
        || '|' || coalesce(trim({{ period }}), '<null>')
        || '|' || coalesce(lower(trim({{ kind }})), '<null>')
    )
{%- endmacro %}

{#- Does `value` agree with `reference`? Within agreement_tolerance_pct percent of the reference, or, for
    percent metrics (growth rates), within that many percentage points. Null when either is null. -#}
{% macro values_agree(value, reference, unit) -%}
    case
        when {{ value }} is null or {{ reference }} is null then null
        when {{ unit }} = 'percent'
            then abs({{ value }} - {{ reference }}) <= {{ var('agreement_tolerance_pct') }}
        else abs({{ value }} - {{ reference }}) <= abs({{ reference }}) * {{ var('agreement_tolerance_pct') }} / 100.0
    end
{%- endmacro %}

{#- Who published a figure, read from a source title or a reported basis ('(PBS, July 2024)', 'SBP data',
    'State Bank', 'MoITT', 'IT ministry' ...); press when none is named. -#}
{% macro publisher_from_text(expr) -%}
    case
        when {{ expr }} is null then 'press'
        when regexp_matches({{ expr }}, '\bSBP\b|State Bank') then 'SBP'
        when regexp_matches({{ expr }}, '\bPBS\b|Bureau of Statistics') then 'PBS'
        when regexp_matches({{ expr }}, '\bMoITT\b|\bMoS IT\b|IT [Mm]inistry|[Mm]inistry of (IT|Information)|\bMoC\b|\bMoF\b|Economic Survey')
            then 'ministry'
        else 'press'
    end
{%- endmacro %}

{#- Tie-break precedence among publishers of one date: SBP > PBS > ministry > press. -#}
{% macro publisher_precedence(publisher_expr) -%}
    case {{ publisher_expr }} when 'SBP' then 1 when 'PBS' then 2 when 'ministry' then 3 else 4 end
{%- endmacro %}

{#- Incremental builds (the nightly run copies the published warehouse and adds the new loads): rows whose
    `column` is later than the newest `this_column` already built. Documents only ever arrive (a seen
    document is never read again), so a load is either wholly built or wholly new; anything else —
    a re-read or re-extracted document, changed code — makes ingestion/build.py build from scratch,
    as `dbt build --full-refresh` does by hand. -#}
{% macro loaded_after_last_build(column, this_column=none) -%}
    {{ column }} > (
        select coalesce(max({{ this_column or column }}), cast('-infinity' as timestamptz)) from {{ this }}
    )
{%- endmacro %}
