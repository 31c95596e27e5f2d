{#- Pakistan's fiscal year runs 1 July - 30 June: July 2023 .. June 2024 is FY2023-24 (fiscal month 1 = July). -#}

{% macro fiscal_year_start_year(date_expr) -%}
    (year({{ date_expr }}) - case when month({{ date_expr }}) < 7 then 1 else 0 end)
{%- endmacro %}

{% macro fiscal_year_label_from_start_year(start_year_expr) -%}
    ('FY' || cast({{ start_year_expr }} as varchar) || '-'
        || lpad(cast((({{ start_year_expr }}) + 1) % 100 as varchar), 2, '0'))
{%- endmacro %}

{% macro fiscal_year_label(date_expr) -%}
    {{ fiscal_year_label_from_start_year(fiscal_year_start_year(date_expr)) }}
{%- endmacro %}

{% macro fiscal_month_number(date_expr) -%}
    (((month({{ date_expr }}) + 5) % 12) + 1)
{%- endmacro %}

{#- Month number of a three-letter English month abbreviation ('Jul' -> 7); null when not one. -#}
{% macro month_number_of_abbr(abbr_expr) -%}
    (list_position(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
        lower(left({{ abbr_expr }}, 3))))
{%- endmacro %}

{#- Start year of a fiscal-year label: 'FY2023-24' -> 2023 (the inverse of fiscal_year_label_from_start_year). -#}
{% macro fiscal_year_start_year_of_label(label_expr) -%}
    cast(substr({{ label_expr }}, 3, 4) as integer)
{%- endmacro %}

{#- Last month of a fiscal-year label, YYYY-MM: 'FY2023-24' -> '2024-06'. -#}
{% macro fiscal_year_end_month_of_label(label_expr) -%}
    (cast({{ fiscal_year_start_year_of_label(label_expr) }} + 1 as varchar) || '-06')
{%- endmacro %}
