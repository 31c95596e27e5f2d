{#- Free-text period / deadline of an official row ('by FY2029', 'by Aug 2020', 'end-2021', 'as of 2024-12',
    '... (Jul-Mar FY25)') -> the fact contract's period grammar (docs/fact-schema.md), else null. -#}
{% macro normalise_period_text(expr) -%}
    case
        when {{ expr }} is null then null
        when regexp_full_match(trim({{ expr }}), 'FY\d{4}-\d{2}') then trim({{ expr }})
        when regexp_full_match(trim({{ expr }}), 'by FY\d{4}-\d{2}') then trim({{ expr }})
        when regexp_full_match(trim({{ expr }}), 'by FY\d{4}')
            then 'by ' || {{ fiscal_year_label_from_start_year("cast(substr(trim(" ~ expr ~ "), 6, 4) as integer) - 1") }}
        when regexp_full_match(trim({{ expr }}), 'by \d{4}(-\d{2})?( \(.*\))?')
            then regexp_extract(trim({{ expr }}), '^by (\d{4}(-\d{2})?)', 0)
        when regexp_full_match(trim({{ expr }}), 'end-\d{4}') then 'by ' || right(trim({{ expr }}), 4)
        when regexp_full_match(trim({{ expr }}), 'by [A-Z][a-z]+ \d{4}')
            and try_strptime(left(split_part(trim({{ expr }}), ' ', 2), 3) || ' ' || split_part(trim({{ expr }}), ' ', 3), '%b %Y') is not null
            then 'by ' || strftime(try_strptime(left(split_part(trim({{ expr }}), ' ', 2), 3) || ' ' || split_part(trim({{ expr }}), ' ', 3), '%b %Y'), '%Y-%m')
        when regexp_full_match(trim({{ expr }}), 'as of \d{4}-\d{2}(-\d{2})?') then 'as of ' || substr(trim({{ expr }}), 7, 7)
        when regexp_full_match(trim({{ expr }}), '(calendar )?\d{4}') then right(trim({{ expr }}), 4)
        when regexp_full_match(trim({{ expr }}), '\d{4}-\d{2}') then trim({{ expr }})
        when regexp_matches({{ expr }}, '\(([A-Z][a-z]{2})-([A-Z][a-z]{2}) FY(\d{2})\)')
            then regexp_extract({{ expr }}, '\(([A-Z][a-z]{2}-[A-Z][a-z]{2}) FY\d{2}\)', 1) || ' '
                || {{ fiscal_year_label_from_start_year("1999 + cast(regexp_extract(" ~ expr ~ ", '\(([A-Z][a-z]{2})-([A-Z][a-z]{2}) FY(\d{2})\)', 3) as integer)") }}
        else null
    end
{%- endmacro %}

{#- A date written somewhere in free text ('page dated 2024-04-20', 'approved 2024-03-22'), else null. -#}
{% macro stated_date(expr) -%}
    try_cast(nullif(regexp_extract({{ expr }}, '(\d{4}-\d{2}-\d{2})', 1), '') as date)
{%- endmacro %}

{#- Last day of a completion date written as YYYY, YYYY-MM or YYYY-MM-DD. -#}
{% macro end_of_written_date(expr) -%}
    case
        when regexp_full_match(trim({{ expr }}), '\d{4}-\d{2}-\d{2}') then try_cast(trim({{ expr }}) as date)
        when regexp_full_match(trim({{ expr }}), '\d{4}-\d{2}') then last_day(try_cast(trim({{ expr }}) || '-01' as date))
        when regexp_full_match(trim({{ expr }}), '\d{4}') then make_date(cast(trim({{ expr }}) as integer), 12, 31)
    end
{%- endmacro %}
