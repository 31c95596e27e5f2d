"""Running Great Expectations checkpoints and turning results into sentences a steward can act on.

Frames are validated as GX pandas dataframe assets (read from Parquet or DuckDB by the caller);
GX's SQL datasource over duckdb-engine is not used (it failed here with MetricResolutionError).
Every validation is a real GX checkpoint whose results also go to GX Data Docs.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pkit.config import quiet_telemetry

log = logging.getLogger(__name__)
SAMPLE_SIZE = 5


@dataclass
class Failure:
    expectation: str
    column: str | None
    reason: str
    unexpected_count: int
    sample_values: list[Any]
    sample_rows: list[Any]
    blocking: bool

    def sentence(self) -> str:
        where = f" in column {self.column}" if self.column else ""
        sample = ""
        if self.sample_rows:
            sample = f"; rows: {', '.join(map(str, self.sample_rows))}"
        if self.sample_values:
            sample += f"; values: {', '.join(map(repr, self.sample_values))}"
        kind = "" if self.blocking else " (warning only)"
        return f"{self.reason}{kind} — {self.unexpected_count} offending value(s){where}{sample}"


@dataclass
class CheckResult:
    suite: str
    target: str
    evaluated: int
    failures: list[Failure] = field(default_factory=list)
    unexpected_rows: set[Any] = field(default_factory=set)

    @property
    def success(self) -> bool:
        return not any(f.blocking for f in self.failures)

    def as_event(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "target": self.target,
            "success": self.success,
            "evaluated": self.evaluated,
            "failed": sum(1 for f in self.failures if f.blocking),
            "failures": [asdict(f) | {"sentence": f.sentence()} for f in self.failures],
        }


class Checker:
    """One GX file context under ``warehouse/gx``, created on first use (GX import costs ~2 s).

    Checkpoints run without GX's data-docs action; ``build_docs`` renders the stage's results once.
    The action rebuilt the docs index from every stored result at every checkpoint: a cost that grew
    with the history (0.25 s a checkpoint after a few runs at 100,000 documents, ``make bench``).
    """

    def __init__(self, gx_root: Path) -> None:
        self.gx_root = gx_root
        self._context: Any = None
        self._validated: list[Any] = []  # results not yet in the data docs

    @property
    def context(self) -> Any:
        if self._context is None:
            quiet_telemetry()
            logging.getLogger("great_expectations").setLevel(logging.WARNING)
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            self.gx_root.mkdir(parents=True, exist_ok=True)
            self._context = gx.get_context(mode="file", project_root_dir=str(self.gx_root))
            self._context.variables.progress_bars = ProgressBarsConfig(globally=False)
        return self._context

    def validate(
        self,
        suite_name: str,
        expectations: list[Any],
        frame: pd.DataFrame,
        target: str,
        id_column: str | None = None,
    ) -> CheckResult:
        """Run ``expectations`` on ``frame`` as checkpoint ``suite_name``; ``id_column`` names bad rows."""
        import great_expectations as gx

        ctx = self.context
        suite = ctx.suites.add_or_update(gx.ExpectationSuite(name=suite_name, expectations=expectations))
        source = ctx.data_sources.add_or_update_pandas(name="pkit_frames")
        try:
            asset = source.get_asset(suite_name)
        except LookupError:
            asset = source.add_dataframe_asset(name=suite_name)
        try:
            batch_def = asset.get_batch_definition("whole")
        except KeyError:
            batch_def = asset.add_batch_definition_whole_dataframe("whole")
        validation = ctx.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=suite_name, data=batch_def, suite=suite)
        )
        result_format: dict[str, Any] = {"result_format": "COMPLETE"}
        if id_column:
            result_format["unexpected_index_column_names"] = [id_column]
        checkpoint = ctx.checkpoints.add_or_update(
            gx.Checkpoint(
                name=suite_name,
                validation_definitions=[validation],
                actions=[],
                result_format=result_format,
            )
        )
        run = checkpoint.run(batch_parameters={"dataframe": frame.reset_index(drop=True)})
        self._validated.extend(run.run_results.keys())
        check = CheckResult(suite=suite_name, target=target, evaluated=len(frame))
        for validation_result in run.run_results.values():
            for res in validation_result.results:
                if res.success:
                    continue
                check.failures.append(_failure(res, id_column, check.unexpected_rows))
        log.info("checkpoint %s on %s: %s", suite_name, target, "passed" if check.success else "FAILED")
        return check

    def build_docs(self) -> None:
        """Render the results validated since the last call into the data docs (and their index)."""
        if self._validated:
            self.context.build_data_docs(resource_identifiers=self._validated)
            self._validated = []

    def data_docs_index(self) -> Path:
        return self.gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def columns_needed(spec: dict[str, Any]) -> list[str]:
    """The columns a suite's expectations name, plus its id column, in first-seen order.

    Checks read only these: the tables carry text and quotes that no expectation looks at.
    """
    names: list[str] = [spec["id"]] if spec.get("id") else []
    for expectation in spec["expectations"]:
        for attr in ("column", "column_A", "column_B"):
            value = getattr(expectation, attr, None)
            if isinstance(value, str):
                names.append(value)
        names.extend(getattr(expectation, "column_list", None) or [])
        # a pandas row_condition ('status=="not_comparable"') names the columns it filters on
        condition = getattr(expectation, "row_condition", None)
        if condition is not None:
            condition = str(getattr(condition, "pass_through_filter", None) or condition)
            names.extend(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:==|!=|>=|<=|>|<)", condition))
    unique = list(dict.fromkeys(names))
    if not unique:
        raise ValueError(f"a suite names no column and no id: {spec}")
    return unique


def _failure(res: Any, id_column: str | None, unexpected_rows: set[Any]) -> Failure:
    config = res.expectation_config
    kwargs = config.kwargs
    meta = config.meta or {}
    result = res.result or {}
    column = (
        kwargs.get("column")
        or ", ".join(str(v) for k, v in kwargs.items() if k in {"column_A", "column_B", "column_list"})
        or None
    )
    rows: list[Any] = []
    for item in result.get("unexpected_index_list") or []:
        value = item.get(id_column) if isinstance(item, dict) and id_column else item
        rows.append(value)
    blocking = str(getattr(config, "severity", "critical")).lower().endswith("critical")
    if blocking:
        unexpected_rows.update(rows)
    exception = _exception_message(res.exception_info)
    reason = meta.get("reason") or config.type
    if exception:
        reason = f"{reason} (the check itself failed: {exception})"
    return Failure(
        expectation=config.type,
        column=column,
        reason=reason,
        unexpected_count=int(result.get("unexpected_count") or 0),
        sample_values=_jsonable(result.get("partial_unexpected_list") or [])[:SAMPLE_SIZE],
        sample_rows=_jsonable(rows)[:SAMPLE_SIZE],
        blocking=blocking,
    )


def _exception_message(info: Any) -> str | None:
    """GX nests errors of a check that could not run under metric ids; find the first message."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception") or info.get("exception_message"):
        return info.get("exception_message") or "unknown error"
    for value in info.values():
        found = _exception_message(value)
        if found:
            return found
    return None


def _jsonable(values: list[Any]) -> list[Any]:
    out = []
    for v in values:
        if isinstance(v, dict | list | tuple):
            out.append(str(v))
        elif hasattr(v, "isoformat"):
            out.append(v.isoformat())
        elif isinstance(v, float) and v != v:
            out.append(None)
        else:
            out.append(v.item() if hasattr(v, "item") else v)
    return out


os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
