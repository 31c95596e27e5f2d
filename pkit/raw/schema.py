"""The raw layer's tables: names, columns and DuckDB types.

The raw layer is append-only Parquet, one file per accepted load:
``<raw_dir>/<table>/<load_id>.parquet``. Every table also has a zero-row
``_schema.parquet`` so readers (dbt sources, GX) always find the columns, even before the
first load. dbt declares these tables once, in ``dbt_project/models/staging/_sources.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


LOAD_COLUMNS = (
    Column("load_id", "varchar", "Identifier of the load that wrote this row (one input file in one run)."),
    Column("ingested_at", "timestamp with time zone", "When the load was written (UTC)."),
)

DOCUMENTS = (
    *LOAD_COLUMNS,
    Column("doc_id", "varchar", "SHA-256 (hex) of the document's bytes: its identity."),
    Column("file_name", "varchar", "The document's file name, as the fact contract names documents."),
    Column("source_path", "varchar", "Path of the file relative to the documents inbox."),
    Column("media_type", "varchar", "How the bytes were read: txt, md or html."),
    Column("encoding", "varchar", "Text encoding the bytes were decoded with."),
    Column("title", "varchar", "Title detected in the text, if any."),
    Column("outlet", "varchar", "Publishing outlet detected in the text, if any."),
    Column("published_date", "date", "Publication date detected in the text, if any."),
    Column(
        "url", "varchar", "The article's address, if the document states it (header block, canonical link)."
    ),
    Column("byte_count", "bigint", "Size of the original file in bytes."),
    Column("char_count", "bigint", "Length of the extracted text in characters."),
    Column("fact_count", "integer", "Number of facts extracted from the text."),
    Column("text", "varchar", "The document's text (HTML reduced to text); fact offsets index into it."),
)

DOCUMENT_FACTS = (
    *LOAD_COLUMNS,
    Column("doc_id", "varchar", "SHA-256 of the document the fact was read from."),
    Column("file_name", "varchar", "The document's file name."),
    Column("fact_index", "integer", "Position of the mention in the document (0-based, in text order)."),
    Column("subject", "varchar", "What the number is about (canonical name where known)."),
    Column("metric", "varchar", "What is measured (snake_case vocabulary of the fact contract)."),
    Column("value", "double", "Value in base units (dollars, not millions); low end of a range."),
    Column("value_high", "double", "High end of a range, else null."),
    Column("qualifier", "varchar", "over, around, up to, ... as written; else null."),
    Column("unit", "varchar", "USD, PKR, percent, count, sqft, sqm, km, Tbps or days."),
    Column("period", "varchar", "Normalised period (FY2023-24, Jul-Mar FY2024-25, 2024-11, by 2027 ...)."),
    Column("kind", "varchar", "actual, target, projection or comparison."),
    Column("quote", "varchar", "The sentence or clause stating the fact, verbatim."),
    Column("char_start", "integer", "Offset of the number's mention in the document text (contract: start)."),
    Column("char_end", "integer", "End offset of the mention (contract: end)."),
    Column("extractor_version", "varchar", "Version of the extractor that produced the fact."),
)

_OFFICIAL_SOURCE = (
    Column("source_title", "varchar", "Title of the page the value was read from."),
    Column("source_url", "varchar", "URL of the page the value was read from."),
    Column("published_date", "date", "Publication date of that page; null where the page carried none."),
)
_OFFICIAL_RELEASE = (
    Column(
        "publisher",
        "varchar",
        (
            "Curated: whose figure it is (SBP, PBS, MoITT, PSEB, government, program, world_bank, "
            "analyst, press)."
        ),
    ),
    Column(
        "release_date",
        "date",
        (
            "Curated: when the cited source published the value (the page date, or inferred: see "
            "release_date_basis)."
        ),
    ),
    Column(
        "release_date_basis",
        "varchar",
        "Curated: page_date, url or content: where release_date comes from; retrieval: the date pkit "
        "retrieved the value from the publisher's API.",
    ),
)
_OFFICIAL_SERIES = (
    Column(
        "series_basis",
        "varchar",
        "Curated: the statistical series, SBP (balance of payments) or PBS (trade in services).",
    ),
    Column(
        "revision_status", "varchar", "Curated: first_release or revised, where the source makes it clear."
    ),
)
_OFFICIAL_LOAD = (
    *LOAD_COLUMNS,
    Column("source_file", "varchar", "File name of the CSV the row came from."),
    Column("source_row", "integer", "Line number of the row in that CSV (the header is line 1)."),
)

OFFICIAL_ICT_EXPORTS_MONTHLY = (
    *_OFFICIAL_LOAD,
    Column("period_month", "varchar", "Month of the value, YYYY-MM."),
    Column("fiscal_year", "varchar", "Fiscal year label, FY2023-24 style (July to June)."),
    Column("measure", "varchar", "ict_exports or computer_services_exports."),
    Column("value_usd_mn", "double", "Reported value in US$ million."),
    Column("yoy_growth_pct", "double", "Year-on-year growth as the source stated it, percent."),
    *_OFFICIAL_SOURCE,
    *_OFFICIAL_RELEASE,
    *_OFFICIAL_SERIES,
)

OFFICIAL_ICT_EXPORTS_YTD = (
    *_OFFICIAL_LOAD,
    Column("fiscal_year", "varchar", "Fiscal year label."),
    Column("period_label", "varchar", "Months covered, Jul-X style."),
    Column("end_month", "varchar", "Last month covered, YYYY-MM."),
    Column("months_covered", "integer", "Number of months covered (1 to 12)."),
    Column("measure", "varchar", "ict_exports or computer_services_exports."),
    Column("value_usd_mn", "double", "Reported cumulative value in US$ million."),
    Column("yoy_growth_pct", "double", "Growth over the same period a year earlier, as stated."),
    Column("prior_year_same_period_usd_mn", "double", "The same period a year earlier, as stated."),
    Column("reported_basis", "varchar", "Whose figure it is (PBS, SBP, MoITT, ...)."),
    *_OFFICIAL_SOURCE,
    *_OFFICIAL_RELEASE,
    *_OFFICIAL_SERIES,
)

OFFICIAL_ICT_EXPORTS_FISCAL_YEAR = (
    *_OFFICIAL_LOAD,
    Column("fiscal_year", "varchar", "Fiscal year label."),
    Column("measure", "varchar", "ict_exports or computer_services_exports."),
    Column("value_usd_mn", "double", "Reported fiscal-year total in US$ million."),
    Column("yoy_growth_pct", "double", "Growth over the previous fiscal year, as stated."),
    *_OFFICIAL_SOURCE,
    *_OFFICIAL_RELEASE,
    *_OFFICIAL_SERIES,
)

OFFICIAL_PARKS = (
    *_OFFICIAL_LOAD,
    Column("park_name", "varchar", "Park or park network, as the snapshot names it."),
    Column("park_type", "varchar", "IT Park, STP, STP network, Special Technology Zone, ..."),
    Column("city", "varchar", "City (or a list / placeholder for networks)."),
    Column("province", "varchar", "Province or territory."),
    Column("area_sqft", "double", "Floor area in square feet, where stated."),
    Column("companies", "integer", "Companies hosted or planned, where stated."),
    Column("jobs", "integer", "Jobs or professionals, where stated."),
    Column("status", "varchar", "Status notes as reported."),
    Column("expected_completion", "varchar", "Expected completion (YYYY, YYYY-MM or YYYY-MM-DD)."),
    *_OFFICIAL_SOURCE,
    *_OFFICIAL_RELEASE,
    Column("park_key", "varchar", "Curated: canonical park id, the same for every name variant of one park."),
    Column("stage", "varchar", "Curated: planned, approved, under_construction or operational."),
    Column("cost_value", "double", "Curated: project cost as stated, in cost_unit."),
    Column("cost_unit", "varchar", "Curated: USD million, PKR billion or PKR million."),
    Column("cost_as_of", "varchar", "Curated: date of the approval or statement the cost belongs to."),
    Column("physical_progress_pct", "double", "Curated: physical progress of construction, percent."),
    Column("area_sqm", "double", "Curated: area where the source stated it in square metres."),
    Column("area_kind", "varchar", "Curated: actual (exists) or planned (design / capacity)."),
    Column("companies_kind", "varchar", "Curated: actual (hosted now) or planned (to be hosted)."),
    Column("jobs_kind", "varchar", "Curated: actual (employed now) or planned (to be created)."),
    Column("parks_count", "integer", "Curated: parks a network row counts."),
    Column("parks_count_kind", "varchar", "Curated: actual or planned (a target number of parks)."),
)

OFFICIAL_PROGRAMS = (
    *_OFFICIAL_LOAD,
    Column("program_name", "varchar", "Program or target-setter, as the snapshot names it."),
    Column("metric", "varchar", "What is counted, in the source's words."),
    Column("value", "varchar", "Value as written: a number, a range (18-20), a date, or blank."),
    Column("unit", "varchar", "Unit as written (persons, USD million, PKR billion per year, ...)."),
    Column("period_or_deadline", "varchar", "Period, date or deadline as written."),
    Column("kind", "varchar", "achieved or target."),
    *_OFFICIAL_SOURCE,
    *_OFFICIAL_RELEASE,
    Column("program_key", "varchar", "Curated: canonical program id."),
    Column("phase", "varchar", "Curated: phase_1, phase_2, ... where the row is about one phase."),
    Column("metric_code", "varchar", "Curated: measure shared by a target and the actuals it is judged by."),
    Column("scope", "varchar", "Curated: who or where is counted (national, punjab, program, ...)."),
    Column("as_of_date", "date", "Curated: for actuals, the date the value is as of."),
    Column("deadline", "date", "Curated: for targets and projections, the deadline."),
    Column("kind_detail", "varchar", "Curated: actual, target, projection, plan or approval."),
)

RAW_TABLES: dict[str, tuple[Column, ...]] = {
    "documents": DOCUMENTS,
    "document_facts": DOCUMENT_FACTS,
    "official_ict_exports_monthly": OFFICIAL_ICT_EXPORTS_MONTHLY,
    "official_ict_exports_ytd": OFFICIAL_ICT_EXPORTS_YTD,
    "official_ict_exports_fiscal_year": OFFICIAL_ICT_EXPORTS_FISCAL_YEAR,
    "official_parks": OFFICIAL_PARKS,
    "official_programs": OFFICIAL_PROGRAMS,
}


# Which dbt source each raw table belongs to, and what it holds (dbt's _sources.yml is generated from these).
SOURCE_OF_TABLE: dict[str, str] = {
    "documents": "documents",
    "document_facts": "documents",
    "official_ict_exports_monthly": "official",
    "official_ict_exports_ytd": "official",
    "official_ict_exports_fiscal_year": "official",
    "official_parks": "official",
    "official_programs": "official",
}
SOURCE_DESCRIPTIONS: dict[str, str] = {
    "documents": "Source documents (news articles, press releases) and the facts extracted from them.",
    "official": (
        "Official tables (State Bank / PBS export series, park and program registers), each load a "
        "complete snapshot."
    ),
}
TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": (
        "One row per accepted document per load (documents are keyed by the SHA-256 of their bytes; a"
        " document re-read in a later load appears again)."
    ),
    "document_facts": (
        "Facts extracted from documents, one row per mention; a later load for the same doc_id (re-"
        "extraction) replaces the earlier one."
    ),
    "official_ict_exports_monthly": (
        "Official monthly ICT / computer-services export values as reported by the press, one row per"
        " source; each load is a complete snapshot of the CSV."
    ),
    "official_ict_exports_ytd": (
        "Official fiscal-year-to-date (Jul-X) export totals, one row per source; each load is a "
        "complete snapshot."
    ),
    "official_ict_exports_fiscal_year": (
        "Official fiscal-year export totals, one row per source; each load is a complete snapshot."
    ),
    "official_parks": (
        "Reported states of IT parks, software technology parks (STPs) and Special Technology Zones, "
        "one row per source; each load is a complete snapshot."
    ),
    "official_programs": (
        "Reported metrics and targets of government programs (DigiSkills, e-Rozgaar, DEEP, ...) and "
        "export targets, one row per source; each load is a complete snapshot."
    ),
}


def ddl_columns(table: str) -> str:
    """``name type, ...`` for a CREATE TABLE of a raw table."""
    return ", ".join(f'"{c.name}" {c.type}' for c in RAW_TABLES[table])
