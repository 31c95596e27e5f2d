"""Analysts' typical queries on the published warehouse, timed by the benchmark (p50/p95).

Edit freely: each query names the tables it reads (``schema.table``); a query whose tables are absent
from the published file is skipped (reported as such), one that fails is reported with its error.
Mart names follow the dbt project (``dbt_project/models/marts``); when a mart is renamed, rename it
here. Besides this list, the benchmark also times a full scan of every table it finds in the
``marts`` schema (``scan:<table>``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnalystQuery:
    name: str
    question: str
    sql: str
    tables: tuple[str, ...]


QUERIES: tuple[AnalystQuery, ...] = (
    AnalystQuery(
        "exports_by_fiscal_year",
        "ICT exports per fiscal year (both measures), current vintage",
        "select fiscal_year, measure, value_usd_mn, yoy_growth_pct, vintage_count "
        "from marts.fct_ict_exports_fiscal_year order by fiscal_year, measure",
        ("marts.fct_ict_exports_fiscal_year",),
    ),
    AnalystQuery(
        "monthly_series",
        "The monthly ICT exports series of the last five fiscal years",
        "select period_month, value_usd_mn, yoy_growth_pct, fytd_usd_mn from marts.fct_ict_exports_monthly "
        "where measure = 'ict_exports' and period_month >= '2021-07' order by period_month",
        ("marts.fct_ict_exports_monthly",),
    ),
    AnalystQuery(
        "revisions_of_a_year",
        "How the reported values of one fiscal year's months were revised (all vintages)",
        "select period, measure, published_date, value_usd_mn, difference_from_current_pct "
        "from marts.fct_ict_exports_vintages where grain = 'month' and fiscal_year = 'FY2023-24' "
        "order by period, measure, published_date",
        ("marts.fct_ict_exports_vintages",),
    ),
    AnalystQuery(
        "most_revised_periods",
        "Periods whose sources disagree most",
        "select grain, period, measure, count(*) as vintages, "
        "max(abs(difference_from_current_pct)) as spread from marts.fct_ict_exports_vintages "
        "group by all order by spread desc nulls last limit 20",
        ("marts.fct_ict_exports_vintages",),
    ),
    AnalystQuery(
        "facts_per_metric",
        "How many facts of each subject and metric the documents state",
        "select canonical_subject, metric, unit, count(*) as facts, median(value) as median_value "
        "from marts.fct_facts group by all order by facts desc limit 50",
        ("marts.fct_facts",),
    ),
    AnalystQuery(
        "karachi_it_park_facts",
        "Everything the press said about the Karachi IT Park, with quotes",
        "select metric, value, unit, period, kind, quote, file_name from marts.fct_facts "
        "where coalesce(canonical_subject, subject) ilike '%karachi it park%' order by period nulls last",
        ("marts.fct_facts",),
    ),
    AnalystQuery(
        "export_targets",
        "Stated IT export targets and their deadlines",
        "select period, value, qualifier, quote from marts.fct_facts "
        "where kind in ('target', 'projection') and unit = 'USD' order by value desc limit 100",
        ("marts.fct_facts",),
    ),
    AnalystQuery(
        "facts_by_fiscal_year",
        "Facts per fiscal year and kind (facts joined to the fiscal calendar)",
        "select p.fiscal_year, f.kind, count(*) as facts from marts.fct_facts f "
        "join marts.dim_fiscal_period p on f.period = p.period group by all order by 1, 2",
        ("marts.fct_facts", "marts.dim_fiscal_period"),
    ),
    AnalystQuery(
        "mentions_of_a_fact",
        "Where one fact was stated (its mentions across documents)",
        "select m.file_name, m.quote from marts.fct_fact_mentions m where m.fact_id = "
        "(select fact_id from marts.fct_facts order by mention_count desc, fact_id limit 1)",
        ("marts.fct_fact_mentions", "marts.fct_facts"),
    ),
    AnalystQuery(
        "documents_per_month",
        "Documents per publication month and outlet",
        "select date_trunc('month', published_date) as month, outlet, count(*) as documents "
        "from marts.dim_documents group by all order by 1, 2",
        ("marts.dim_documents",),
    ),
    AnalystQuery(
        "full_text_search",
        "Documents that mention e-Rozgaar (full-text scan)",
        "select doc_id, title, published_date from marts.dim_documents where text ilike '%e-rozgaar%'",
        ("marts.dim_documents",),
    ),
    AnalystQuery(
        "parks_latest",
        "The latest reported metrics of each park",
        "select park_name, metric, value, unit, as_of, source_kind from marts.fct_park_metrics "
        "where is_latest order by park_name, metric",
        ("marts.fct_park_metrics",),
    ),
    AnalystQuery(
        "parks_by_province",
        "Parks per province and type",
        "select province, park_type, count(*) as parks from marts.dim_parks group by all order by 1, 2",
        ("marts.dim_parks",),
    ),
    AnalystQuery(
        "program_metrics",
        "Achieved metrics of the programs (DigiSkills, e-Rozgaar, DEEP ...)",
        "select program_name, metric, value, unit, period, source_kind from marts.fct_program_metrics "
        "where kind <> 'target' order by program_name, metric",
        ("marts.fct_program_metrics",),
    ),
    AnalystQuery(
        "targets_and_attainment",
        "Latest targets and how far the latest actual figure has got",
        "select subject, metric, target_value, unit, period, actual_value, attainment_pct "
        "from marts.fct_targets where is_latest_version order by deadline_date nulls last",
        ("marts.fct_targets",),
    ),
    AnalystQuery(
        "claims_against_official",
        "Press claims about exports that differ from the official figures",
        "select status, count(*) as claims, median(abs(pct_deviation)) as median_deviation_pct "
        "from marts.fct_export_claims_vs_official group by 1 order by 2 desc",
        ("marts.fct_export_claims_vs_official",),
    ),
    AnalystQuery(
        "quarantined_inputs",
        "Which inputs were refused, and why (audit)",
        "select source, file, reason from audit.inputs where status = 'quarantined' "
        "order by recorded_at desc",
        ("audit.inputs",),
    ),
    AnalystQuery(
        "stage_history",
        "Mean stage time over the runs (audit)",
        "select stage, count(*) as runs, avg(seconds) as mean_seconds from audit.stages "
        "group by 1 order by 3 desc",
        ("audit.stages",),
    ),
)
