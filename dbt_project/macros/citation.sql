{#- A ready-to-paste citation: Publisher, "Title", 20 January 2025, URL. — parts a source lacks are left
    out — and, for a figure a document states, the words it was stated in. The one home of the format:
    every mart's `citation` column is this macro. -#}
{% macro citation(publisher, title, released, url, quote=none) -%}
    concat_ws(
        ', ',
        nullif(trim({{ publisher }}), ''),
        '"' || nullif(trim({{ title }}), '') || '"',
        strftime({{ released }}, '%-d %B %Y'),
        nullif(trim({{ url }}), '')
    ) || '.'{% if quote %} || coalesce(' Quote: "' || nullif(trim({{ quote }}), '') || '"', ''){% endif %}
{%- endmacro %}
