{#- Rows of the latest load: by ingested_at, then load_id (load ids sort by time). partition_by=none:
    the latest load of the whole table (official snapshots); partition_by='doc_id': per document. -#}
{% macro latest_load_rank(partition_by=none) -%}
    dense_rank() over (
        {% if partition_by %}partition by {{ partition_by }}{% endif %}
        order by ingested_at desc, load_id desc
    )
{%- endmacro %}

{#- The value of the latest (latest_by) or earliest (earliest_by) dated row, ties on the date broken by
    `tiebreak` (highest for latest, lowest for earliest) so every build returns the same value; rows with
    no date or no value are skipped, as arg_max skips them. Plain arg_max(value, date) picks any one of
    two same-day rows, and a rerun could publish the other. -#}
{% macro latest_by(value, date, tiebreak) -%}
    arg_max({{ value }}, case when {{ date }} is not null then struct_pack(d := {{ date }}, t := {{ tiebreak }}) end)
{%- endmacro %}

{% macro earliest_by(value, date, tiebreak) -%}
    arg_min({{ value }}, case when {{ date }} is not null then struct_pack(d := {{ date }}, t := {{ tiebreak }}) end)
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

{#- The release columns every official staging model carries. publisher and release_date are curated in
    data/official (never guessed from a title); a table in the original layout has neither, so the
    publisher is 'unknown' and the release date is the page's published_date. -#}
{% macro official_release_columns(fallback_publisher="null") -%}
        coalesce(nullif(trim(publisher), ''), {{ fallback_publisher }}, 'unknown') as publisher,
        coalesce(release_date, published_date) as release_date,
        case
            when release_date is not null then coalesce(nullif(trim(release_date_basis), ''), 'curated')
            when published_date is not null then 'page_date'
        end as release_date_basis
{%- endmacro %}

{#- Rank of a publisher when two releases of one date disagree (seed publisher_precedence: 1 is first).
    Qualify the argument with its table alias: the seed has a column of the same name. -#}
{% macro publisher_precedence(publisher_expr) -%}
    coalesce((
        select ranked_publishers.precedence
        from {{ ref('publisher_precedence') }} as ranked_publishers
        where ranked_publishers.publisher = {{ publisher_expr }}
    ), 99)
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

{#- How far a sum of monthly values (each rounded to the US$ million) may be from a stated total and still
    add up: half a million per month plus half the unit the total was written to (totals of a billion
    and more are written in billions: '$1.2bn' is rounded to the hundred million, '$2.97bn' to ten
    million; other whole numbers are exact to the million). The one home of the reconciliation tolerance. -#}
{% macro reconcile_tolerance(total_expr, months_expr) -%}
    (0.5 * ({{ months_expr }}) + 0.5 * case
        when {{ total_expr }} <> round({{ total_expr }}) then 0.01
        when {{ total_expr }} >= 1000 and {{ total_expr }} % 100 = 0 then 100
        when {{ total_expr }} >= 1000 and {{ total_expr }} % 10 = 0 then 10
        else 1
    end)
{%- endmacro %}

{#- The fact contract's kind of a park quantity: planned capacity (a park not yet built, a design figure)
    is a projection, never an actual. -#}
{% macro planned_kind(kind_expr) -%}
    case when {{ kind_expr }} = 'planned' then 'projection' else 'actual' end
{%- endmacro %}
