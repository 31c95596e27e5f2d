"""Charts of the published warehouse for the run report (plotly, drawn offline in the page).

Each chart is a small function from a read-only DuckDB connection (or the run summary) to a plotly
figure, or ``None`` when its marts are empty or missing, so an empty warehouse still renders a page
that says "no data yet". ``render_charts`` opens the published file read-only once, builds every
chart and returns HTML fragments drawn with ``include_plotlyjs=False``: the report embeds plotly.js
once (``plotly_js``), so the page opens offline and is self-contained.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline
from plotly.subplots import make_subplots

from pkit.fiscal import fy_label as fiscal_year_label

log = logging.getLogger(__name__)

EXPORT_SUBJECT = "Pakistan ICT exports"
EXPORT_TARGET_METRIC = "export_target"
NO_DATA = "No data yet: the published warehouse has nothing for this chart."

GREEN, RED, GREY, BLUE, AMBER, TEAL = "#2e7d32", "#c62828", "#9e9e9e", "#1f77b4", "#e69500", "#00897b"
_PLOT_CONFIG = {"displaylogo": False, "responsive": True}


class ChartUnavailable(RuntimeError):
    """The chart's query failed (a missing mart is "no data", a broken one is this)."""


@dataclass
class Chart:
    """One chart of the report: its plotly fragment (or why there is none) and a caption."""

    id: str
    title: str
    caption: str
    figure: go.Figure | None = None
    note: str | None = None  # "no data yet" or the error that stopped the chart
    table: list[dict[str, Any]] = field(default_factory=list)  # rows shown under the chart
    html: str | None = None

    def render(self) -> Chart:
        if self.figure is not None:
            self.html = pio.to_html(
                self.figure,
                full_html=False,
                include_plotlyjs=False,
                div_id=f"chart-{self.id}",
                config=_PLOT_CONFIG,
            )
        return self


@dataclass
class PublishedBuild:
    """Which build the charts show: the ``audit.build_info`` row of the published file."""

    path: str
    exists: bool
    run_id: str | None = None
    published_at: str | None = None
    error: str | None = None


def plotly_js() -> str:
    """plotly.js, to embed once in a ``<script>`` tag of the page."""
    return plotly.offline.get_plotlyjs()


def fiscal_year_start(label: str) -> int:
    return int(label[2:6])


def last_fiscal_year_ended_by(deadline: date) -> int:
    """Start year of the last fiscal year (July-June) that has ended on or before ``deadline``."""
    return deadline.year - 1 if (deadline.month, deadline.day) >= (6, 30) else deadline.year - 2


def query(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Rows as a frame; empty when a table is missing (an empty warehouse), an error otherwise."""
    try:
        return con.execute(sql).df()
    except duckdb.CatalogException:
        return pd.DataFrame()
    except duckdb.Error as err:
        raise ChartUnavailable(f"{type(err).__name__}: {err}") from err


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NaT


def _fmt(value: Any, unit: str | None = None) -> str:
    """12,345 / US$ 4.2 bn / 1.12 m sqft: numbers as a reader says them."""
    if not _present(value):
        return "n/a"
    number = float(value)
    if unit in {"USD", "PKR"}:
        prefix = "US$ " if unit == "USD" else "Rs "
        for size, word in ((1e9, "bn"), (1e6, "mn")):
            if abs(number) >= size:
                return f"{prefix}{number / size:,.4g} {word}"
        return f"{prefix}{number:,.0f}"
    if unit == "percent":
        return f"{number:g} %"
    text = f"{number:,.0f}" if number == round(number) else f"{number:,.2f}"
    return f"{text} {unit}" if unit and unit != "count" else text


def _layout(fig: go.Figure, note: str | None = None, height: int = 420, **extra: Any) -> go.Figure:
    """Common layout; the report's heading names the chart, ``note`` says what a reader may miss."""
    fig.update_layout(
        title={"text": note or "", "x": 0, "xanchor": "left", "font": {"size": 13, "color": "#555"}},
        height=height,
        margin={"l": 60, "r": 20, "t": 50 if note else 30, "b": 50},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"align": "left"},
        **extra,
    )
    return fig


# --- ICT exports ----------------------------------------------------------------------------------


def exports_monthly(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    """Current value of ICT exports by month (US$ mn), one trace per series (SBP or PBS); flagged months
    (values that do not add up with the stated totals) are outlined; months without a report are gaps."""
    df = query(
        con,
        """
        select period_month, month_start, fiscal_year, value_usd_mn, yoy_growth_pct, growth_basis,
               publisher, coalesce(series_basis, 'series not curated') as series, selection_rule,
               is_flagged, flag_reason,
               coalesce(release_date, published_date) as release_date, source_title
        from marts.fct_ict_exports_monthly
        where measure = 'ict_exports' and value_usd_mn is not null
        order by month_start
        """,
    )
    if df.empty:
        return None
    fig = go.Figure()
    colours = {"SBP": BLUE, "PBS": TEAL}
    for series, rows in df.groupby("series", sort=True):
        hover = [
            f"<b>{r.period_month}</b> ({r.fiscal_year})<br>US$ {r.value_usd_mn:,.1f} mn, "
            f"{html.escape(series)} series"
            + (
                f"<br>growth on a year earlier: {r.yoy_growth_pct:+.1f} % ({r.growth_basis})"
                if _present(r.yoy_growth_pct)
                else ""
            )
            + f"<br>chosen by: {html.escape(str(r.selection_rule))}"
            + f"<br>source: {html.escape(str(r.publisher or 'n/a'))}, "
            f"{r.release_date.date() if _present(r.release_date) else 'undated'}"
            + (f"<br><b>flagged</b>: {html.escape(str(r.flag_reason))}" if r.is_flagged else "")
            for r in rows.itertuples()
        ]
        fig.add_bar(
            x=rows["month_start"],
            y=rows["value_usd_mn"],
            name=f"{series} series (current value)",
            marker_color=colours.get(series, GREY),
            marker_line_color=[RED if flagged else "rgba(0,0,0,0)" for flagged in rows["is_flagged"]],
            marker_line_width=2,
            hovertext=hover,
            hoverinfo="text",
        )
    months = pd.period_range(df["month_start"].min(), df["month_start"].max(), freq="M")
    missing = len(months) - df["period_month"].nunique()
    notes = []
    if missing:
        notes.append(f"{missing} of {len(months)} months have no reported value (left empty)")
    flagged = int(df["is_flagged"].sum())
    if flagged:
        notes.append(f"{flagged} months outlined in red do not add up with the stated totals (hover: why)")
    _layout(fig, "; ".join(notes) or None, yaxis_title="US$ million (current value)", showlegend=True)
    fig.update_yaxes(tickformat=",")
    return fig


def exports_fiscal_year(con: duckdb.DuckDBPyConnection) -> tuple[go.Figure | None, int]:
    """ICT exports by fiscal year against the export targets; also the targets that have no period."""
    years = query(
        con,
        """
        select fiscal_year, value_usd_mn, publisher, published_date, months_available,
               latest_ytd_period, latest_ytd_usd_mn
        from marts.fct_ict_exports_fiscal_year
        where measure = 'ict_exports'
        order by fiscal_year
        """,
    )
    targets = query(
        con,
        f"""
        select target_value / 1e6 as target_usd_mn, period, period_type, deadline_date, announced_on,
               source_kind, coalesce(publisher, file_name, source_title) as source, is_latest_version
        from marts.fct_targets
        where subject = '{EXPORT_SUBJECT}' and metric = '{EXPORT_TARGET_METRIC}' and unit = 'USD'
        """,
    )
    if years.empty and targets.empty:
        return None, 0
    fig = go.Figure()
    starts: set[int] = set()
    if not years.empty:
        starts |= {fiscal_year_start(fy) for fy in years["fiscal_year"]}
        total = years[years["value_usd_mn"].notna()]
        fig.add_bar(
            x=total["fiscal_year"],
            y=total["value_usd_mn"],
            name="reported total",
            marker_color=BLUE,
            text=[f"{v:,.0f}" for v in total["value_usd_mn"]],
            textposition="outside",
            hovertext=[
                f"<b>{r.fiscal_year}</b><br>total US$ {r.value_usd_mn:,.0f} mn<br>source: "
                f"{html.escape(str(r.publisher or 'n/a'))}, "
                f"{r.published_date.date() if _present(r.published_date) else 'undated'}"
                for r in total.itertuples()
            ],
            hoverinfo="text",
        )
        ytd = years[years["value_usd_mn"].isna() & years["latest_ytd_usd_mn"].notna()]
        if not ytd.empty:
            fig.add_bar(
                x=ytd["fiscal_year"],
                y=ytd["latest_ytd_usd_mn"],
                name="year so far (no total yet)",
                marker={"color": "rgba(31,119,180,0.35)", "line": {"color": BLUE, "width": 1.5}},
                text=ytd["latest_ytd_period"].str.split(" ").str[0],
                textposition="outside",
                hovertext=[
                    f"<b>{r.latest_ytd_period}</b><br>US$ {r.latest_ytd_usd_mn:,.0f} mn so far"
                    for r in ytd.itertuples()
                ],
                hoverinfo="text",
            )
    undated = 0
    later_targets: list[str] = []
    if not targets.empty:
        targets = targets.copy()
        targets["start"] = [
            fiscal_year_start(p)
            if t == "fiscal_year"
            else (last_fiscal_year_ended_by(d) if _present(d) else None)
            for p, t, d in zip(
                targets["period"], targets["period_type"], targets["deadline_date"], strict=True
            )
        ]
        undated = int(targets["start"].isna().sum())
        placed = targets[targets["start"].notna()].copy()
        placed["start"] = placed["start"].astype(int)
        # targets years beyond the data get a line in the note, not an axis that squashes the series
        horizon = max(starts) + 1 if starts else None
        if horizon is not None:
            beyond = placed[(placed["start"] > horizon) & placed["is_latest_version"]]
            later = sorted(
                {
                    (int(r.start), f"US$ {r.target_usd_mn / 1000:,.1f} bn ({r.period})")
                    for r in beyond.itertuples()
                }
            )
            later_targets = [label for _, label in later]
            placed = placed[placed["start"] <= horizon]
        starts |= set(placed["start"])
        styles = [
            ("fiscal_year", True, "target for the year", "diamond", 13, RED),
            ("deadline", True, "target 'by' a deadline (at the last full year by then)", "star", 15, AMBER),
            (None, False, "earlier announced target", "circle-open", 9, GREY),
        ]
        for period_type, latest, name, symbol, size, colour in styles:
            rows = placed[placed["is_latest_version"] == latest]
            if period_type:
                rows = rows[rows["period_type"] == period_type]
            if rows.empty:
                continue
            groups = rows.groupby(["start", "target_usd_mn"], as_index=False).agg(
                periods=("period", lambda s: ", ".join(sorted(set(s)))),
                sources=(
                    "source",
                    lambda s: "; ".join(sorted({html.escape(str(v)) for v in s if _present(v)})),
                ),
                announced=(
                    "announced_on",
                    lambda s: ", ".join(sorted({str(v.date()) for v in s if _present(v)})) or "undated",
                ),
            )
            fig.add_scatter(
                x=[fiscal_year_label(s) for s in groups["start"]],
                y=groups["target_usd_mn"],
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": size, "color": colour, "line": {"width": 1}},
                hovertext=[
                    f"<b>{name}</b>: US$ {g.target_usd_mn:,.0f} mn<br>period: {g.periods}"
                    f"<br>announced: {g.announced}<br>source: {g.sources}"
                    for g in groups.itertuples()
                ],
                hoverinfo="text",
            )
    axis = [fiscal_year_label(y) for y in range(min(starts), max(starts) + 1)] if starts else []
    notes = []
    if later_targets:
        notes.append("later targets, not drawn: " + "; ".join(later_targets))
    if undated:
        notes.append(f"{undated} export targets stated without a period are not plotted")
    note = "; ".join(notes) or None
    _layout(fig, note, height=460, yaxis_title="US$ million", barmode="overlay")
    fig.update_yaxes(tickformat=",")
    fig.update_xaxes(
        title="fiscal year (July-June)", type="category", categoryorder="array", categoryarray=axis
    )
    return fig, undated


# --- parks ----------------------------------------------------------------------------------------

PARK_MEASURES = (  # (column title, metrics in order of preference, unit)
    ("area, sq ft", ("area_sqft",), "sqft"),
    ("companies hosted", ("companies_hosted",), "count"),
    ("jobs (or professionals)", ("jobs_created", "professionals"), "count"),
)


def park_latest(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The latest value of each park-metric that exists (kind actual) or is planned (kind projection: a
    park not yet built, a design figure), with the park's place; status text for the table."""
    return query(
        con,
        """
        select m.park_name, p.park_level, p.city, m.metric, m.kind, m.value, m.value_text, m.as_of,
               m.source_kind
        from marts.fct_park_metrics m
        left join marts.dim_parks p using (park_id)
        where m.is_latest and (
            (m.kind in ('actual', 'projection')
             and m.metric in ('area_sqft', 'companies_hosted', 'jobs_created', 'professionals'))
            or (m.kind = 'actual' and m.metric = 'status'))
        qualify row_number() over (
            partition by m.park_id, m.metric, m.kind
            order by m.as_of desc nulls last, m.source_kind = 'official' desc, m.park_metric_id) = 1
        order by m.park_name, m.metric
        """,
    )


def park_capacity(latest: pd.DataFrame) -> go.Figure | None:
    """Area, companies and jobs of each park side by side: what exists (solid) apart from what is planned
    (light: capacity of a park under construction, jobs to be created); status in the hover."""
    if latest.empty:
        return None
    latest = latest.assign(
        park_name=[
            f"{name} (network)" if level == "park_network" else name
            for name, level in zip(latest["park_name"], latest["park_level"], strict=True)
        ]
    )
    numeric = latest[latest["metric"] != "status"].dropna(subset=["value"])
    if numeric.empty:
        return None
    status = latest[latest["metric"] == "status"].set_index("park_name")["value_text"].to_dict()
    parks = sorted(set(numeric["park_name"]))
    fig = make_subplots(
        rows=1, cols=len(PARK_MEASURES), shared_yaxes=True, subplot_titles=[m[0] for m in PARK_MEASURES]
    )
    for col, (label, metrics, unit) in enumerate(PARK_MEASURES, start=1):
        for kind, name, colour in (
            ("actual", "achieved (exists)", [TEAL, BLUE, AMBER][col - 1]),
            ("projection", "planned", GREY),
        ):
            rows = numeric[numeric["metric"].isin(metrics) & (numeric["kind"] == kind)].copy()
            rows["rank"] = rows["metric"].map({m: i for i, m in enumerate(metrics)})
            rows = rows.sort_values("rank").drop_duplicates("park_name")
            if rows.empty:
                continue
            fig.add_bar(
                row=1,
                col=col,
                y=rows["park_name"],
                x=rows["value"],
                orientation="h",
                name=f"{label}: {name}",
                legendgroup=kind,
                marker_color=colour,
                marker_pattern_shape="/" if kind == "projection" else "",
                text=[_fmt(v, unit) + (" planned" if kind == "projection" else "") for v in rows["value"]],
                textposition="auto",
                hovertext=[
                    f"<b>{html.escape(r.park_name)}</b>"
                    + (f" ({html.escape(str(r.city))})" if _present(r.city) else "")
                    + f"<br>{r.metric} ({name}): {_fmt(r.value, unit)}<br>as of "
                    f"{r.as_of.date() if _present(r.as_of) else 'undated'} ({r.source_kind})"
                    + (
                        f"<br>status: {html.escape(str(status[r.park_name]))}"
                        if r.park_name in status
                        else ""
                    )
                    for r in rows.itertuples()
                ],
                hoverinfo="text",
            )
    height = 140 + 28 * len(parks)
    _layout(fig, "Hatched grey bars are planned capacity, not achievements", height=height, showlegend=False)
    fig.update_layout(margin={"l": 20, "r": 20, "t": 40, "b": 40}, barmode="group")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(parks)), automargin=True)
    return fig


def park_status_rows(latest: pd.DataFrame) -> list[dict[str, Any]]:
    if latest.empty:
        return []
    rows = latest[latest["metric"] == "status"]
    return [
        {
            "park": r.park_name,
            "level": r.park_level if _present(r.park_level) else "",
            "city": r.city if _present(r.city) else "",
            "status": r.value_text if _present(r.value_text) else "",
            "as_of": str(r.as_of.date()) if _present(r.as_of) else "undated",
            "source": r.source_kind,
        }
        for r in rows.itertuples()
    ]


# --- program targets ------------------------------------------------------------------------------


STATUS_COLOURS = {"met": GREEN, "missed": RED, "in_progress": AMBER}


def program_targets(con: duckdb.DuckDBPyConnection) -> tuple[go.Figure | None, int]:
    """Status of program, park and plan targets (latest versions): met, missed or in progress, judged
    against an actual of the same measure and scope at the deadline (marts.fct_targets.status).

    Export targets have their own chart. Returns the figure and how many targets are not comparable.
    """
    df = query(
        con,
        f"""
        select distinct subject, metric, unit, period, target_value, actual_value, actual_period,
               actual_as_of, actual_basis, status, attainment_pct
        from marts.fct_targets
        where is_latest_version and subject <> '{EXPORT_SUBJECT}'
        """,
    )
    if df.empty:
        return None, 0
    not_comparable = int((df["status"] == "not_comparable").sum())
    df = df[df["status"] != "not_comparable"].copy()
    if df.empty:
        return None, not_comparable
    df["label"] = [
        f"{r.subject} · {r.metric.replace('_', ' ')} {_fmt(r.target_value, r.unit)}"
        + (f" ({r.period})" if _present(r.period) else "")
        for r in df.itertuples()
    ]
    df = df.sort_values(["status", "label"])
    fig = go.Figure()
    for status, rows in df.groupby("status", sort=True):
        fig.add_bar(
            y=rows["label"],
            x=rows["attainment_pct"],
            orientation="h",
            name=status.replace("_", " "),
            marker_color=STATUS_COLOURS.get(status, GREY),
            text=[f"{status.replace('_', ' ')}: {v:,.0f} %" for v in rows["attainment_pct"]],
            textposition="auto",
            hovertext=[
                f"<b>{html.escape(r.subject)}</b>: {r.metric}<br>target {_fmt(r.target_value, r.unit)}"
                f"{f' ({r.period})' if _present(r.period) else ''}<br>actual {_fmt(r.actual_value, r.unit)}"
                f"{f' ({r.actual_period})' if _present(r.actual_period) else ''}, as of "
                f"{r.actual_as_of.date() if _present(r.actual_as_of) else 'undated'} ({r.actual_basis})"
                f"<br><b>{status.replace('_', ' ')}</b>: {r.attainment_pct:,.1f} % of target"
                for r in rows.itertuples()
            ],
            hoverinfo="text",
        )
    fig.add_vline(x=100, line_dash="dash", line_color=GREY)
    note = (
        f"{not_comparable} more targets are not comparable (no deadline, or no actual of the same measure "
        "and scope at the deadline): see marts.fct_targets.status_reason"
        if not_comparable
        else None
    )
    _layout(fig, note, height=140 + 26 * len(df), showlegend=True, xaxis_title="% of target (100 % = met)")
    fig.update_yaxes(automargin=True)
    return fig, not_comparable


# --- data quality of the run ----------------------------------------------------------------------


def quality(summary: dict[str, Any]) -> go.Figure:
    """This run's inputs, checkpoints and dbt tests as stacked bars (always drawn, also for a failed run)."""
    counts = summary.get("input_counts") or {}
    rows = {
        "inputs": [
            ("loaded", counts.get("loaded", 0), GREEN),
            ("skipped (seen before)", counts.get("skipped", 0), GREY),
            ("quarantined", counts.get("quarantined", 0), RED),
        ],
        "GX checkpoints": [
            ("passed", summary.get("checks_passed", 0), GREEN),
            ("failed", summary.get("checks_failed", 0), RED),
        ],
        "dbt tests": [
            ("passed", summary.get("dbt_tests", 0) - summary.get("dbt_tests_failed", 0), GREEN),
            ("failed", summary.get("dbt_tests_failed", 0), RED),
        ],
    }
    fig = go.Figure()
    for category, parts in rows.items():
        for label, count, colour in parts:
            fig.add_bar(
                y=[category],
                x=[count],
                orientation="h",
                name=label,
                legendgroup=label,
                showlegend=False,
                marker_color=colour,
                text=[f"{count} {label}" if count else ""],
                textposition="inside",
                insidetextanchor="middle",
                hovertext=[f"{category}: {count} {label}"],
                hoverinfo="text",
            )
    _layout(fig, None, height=200, barmode="stack")
    fig.update_layout(margin={"l": 20, "r": 20, "t": 20, "b": 30})
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)), automargin=True)
    return fig


# --- the report's charts --------------------------------------------------------------------------


def published_build(database: Path) -> PublishedBuild:
    build = PublishedBuild(str(database), database.exists())
    if not build.exists:
        return build
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            row = con.execute("select run_id, published_at from audit.build_info").fetchone()
    except duckdb.Error as err:
        build.error = str(err)
        return build
    if row:
        build.run_id = row[0]
        when = row[1]
        build.published_at = (
            when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if isinstance(when, datetime) else str(when)
        )
    return build


def _guard(chart: Chart, make: Callable[[], None]) -> None:
    try:
        make()
    except ChartUnavailable as err:
        log.warning("chart %s unavailable: %s", chart.id, err)
        chart.note = f"Chart unavailable: {err}"
    except Exception as err:  # a chart must never stop the report
        log.exception("chart %s failed", chart.id)
        chart.note = f"Chart failed: {type(err).__name__}: {err}"
    else:
        if chart.figure is None and not chart.table and chart.note is None:
            chart.note = NO_DATA


def warehouse_charts(database: Path) -> list[Chart]:
    """The charts of the published warehouse, each with a note when it has nothing to draw."""
    charts = [
        Chart(
            "exports-monthly",
            "ICT exports by month",
            "Current value of each month by the stated rule (selection_rule: latest release; a value that "
            "adds up with the stated totals beats one they contradict), one colour per series (SBP, PBS). "
            "Source: marts.fct_ict_exports_monthly, measure ict_exports.",
        ),
        Chart(
            "exports-fiscal-year",
            "ICT exports by fiscal year against targets",
            "Reported fiscal-year totals (the running year: its latest year-to-date figure) beside every "
            "export target. Sources: marts.fct_ict_exports_fiscal_year, marts.fct_targets "
            f"(subject '{EXPORT_SUBJECT}', metric {EXPORT_TARGET_METRIC}).",
        ),
        Chart(
            "park-capacity",
            "Park capacity: achieved and planned",
            "Latest reported area, companies hosted and jobs of each park, what exists (kind actual) apart "
            "from what is planned (kind projection: a park not yet built); hover for the date, source and "
            "status. Sources: marts.fct_park_metrics (is_latest), marts.dim_parks.",
        ),
        Chart(
            "program-targets",
            "Program targets: met, missed, in progress",
            "Each target's latest version judged against an actual of the same measure and scope at its "
            "deadline (status; attainment_pct only where judged). Source: marts.fct_targets.",
        ),
    ]
    by_id = {c.id: c for c in charts}
    if not database.exists():
        for chart in charts:
            chart.note = "No data yet: nothing has been published."
        return charts
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as err:
        for chart in charts:
            chart.note = f"Chart unavailable: the published warehouse could not be opened ({err})."
        return charts
    with con:

        def monthly() -> None:
            by_id["exports-monthly"].figure = exports_monthly(con)

        def fiscal() -> None:
            by_id["exports-fiscal-year"].figure, _ = exports_fiscal_year(con)

        def parks() -> None:
            latest = park_latest(con)
            by_id["park-capacity"].figure = park_capacity(latest)
            by_id["park-capacity"].table = park_status_rows(latest)

        def programs() -> None:
            by_id["program-targets"].figure, _ = program_targets(con)

        for chart_id, make in (
            ("exports-monthly", monthly),
            ("exports-fiscal-year", fiscal),
            ("park-capacity", parks),
            ("program-targets", programs),
        ):
            _guard(by_id[chart_id], make)
    return charts


def render_charts(database: Path, summary: dict[str, Any]) -> list[Chart]:
    """Every chart of the report, rendered to HTML fragments (plotly.js not included)."""
    dq = Chart(
        "quality",
        "Data quality of this run",
        "Inputs of this run (loaded, skipped as already seen, quarantined), GX checkpoints and dbt tests.",
    )
    _guard(dq, lambda: setattr(dq, "figure", quality(summary)))
    rendered = [dq, *warehouse_charts(database)]
    for chart in rendered:
        try:
            chart.render()
        except Exception as err:  # a chart must never stop the report
            log.exception("chart %s could not be rendered", chart.id)
            chart.html, chart.note = None, f"Chart failed: {type(err).__name__}: {err}"
    return rendered
