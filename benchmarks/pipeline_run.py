"""Run the real pipeline in a child process and turn its ledger into per-stage numbers.

Per stage: wall time and CPU time (the ledger's, plus the CPU of the stage's own child processes —
dbt, the extraction pool — measured by ``child``), rows, and throughput over the run's new input
(documents/s, MB/s with MB = 10^6 bytes). Per run: wall time, peak RSS of the largest single
process (``getrusage``) and, when psutil is installed, of the whole process tree sampled every
0.1 s (dbt and extraction workers run beside the parent).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pkit.config import PROJECT_ROOT, quiet_telemetry
from pkit.run.ledger import read_ledger_file, safe_name

#: Stage groups in pipeline order: the pipeline stage (as ``run_all`` names it) and its label.
STAGES: tuple[tuple[str, str], ...] = (
    ("ingest_documents", "ingest documents"),
    ("ingest_official", "ingest official"),
    ("check_raw", "raw checks (GX)"),
    ("dbt_build", "dbt build"),
    ("check_marts", "mart checks (GX)"),
    ("publish", "publish"),
    ("export", "downloads (export)"),
    ("report", "report"),
)


@dataclass
class Workspace:
    """The inbox and warehouse of one benchmark size."""

    root: Path

    @property
    def documents(self) -> Path:
        return self.root / "inbox" / "documents"

    @property
    def official(self) -> Path:
        return self.root / "inbox" / "official"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        quiet_telemetry(env)
        env.update(
            PKIT_HOME=str(PROJECT_ROOT),
            PKIT_DOCUMENTS_DIR=str(self.documents),
            PKIT_OFFICIAL_DIR=str(self.official),
            PKIT_WAREHOUSE_DIR=str(self.warehouse),
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env


@dataclass
class StageMeasure:
    stage: str
    label: str
    seconds: float
    cpu_seconds: float
    rows: int
    docs_per_s: float | None
    mb_per_s: float | None
    status: str = "success"


@dataclass
class RunMeasure:
    scenario: str  # full | incremental | noop
    run_id: str
    status: str
    message: str | None
    wall_seconds: float
    new_documents: int
    new_bytes: int
    stages: list[StageMeasure] = field(default_factory=list)
    checkpoints: int = 0
    peak_rss_mb: float | None = None  # largest single process of the run
    peak_tree_rss_mb: float | None = None  # the whole process tree, sampled
    import_seconds: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _TreeSampler(threading.Thread):
    """Peak summed RSS of a process and its descendants (psutil), sampled every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._done = threading.Event()
        try:
            import psutil

            self._psutil: Any = psutil
        except ImportError:
            self._psutil = None

    def run(self) -> None:
        if self._psutil is None:
            return
        try:
            root = self._psutil.Process(self.pid)
        except self._psutil.Error:
            return
        while not self._done.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except self._psutil.Error:
                        continue
            except self._psutil.Error:
                break
            self.peak = max(self.peak, total)
            self._done.wait(self.interval)

    def stop(self) -> float | None:
        self._done.set()
        self.join(timeout=2)
        return round(self.peak / 2**20, 1) if self._psutil is not None and self.peak else None


def run_pipeline(
    ws: Workspace,
    scenario: str,
    run_id: str,
    new_documents: int,
    new_bytes: int,
    timeout: float,
    official_bytes: int = 0,
) -> RunMeasure:
    out = ws.root / f"run-{scenario}.json"
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with open(ws.root / f"run-{scenario}.stderr", "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.child", run_id, str(out)],
            env=ws.env(),
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        wall = time.perf_counter() - t0
        tree_peak = sampler.stop()
    child = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    outcome = child.get("outcome") or {"status": "failed", "message": _stderr_tail(ws, scenario, proc)}
    events = read_ledger_file(ws.warehouse / "ledger" / f"{safe_name(run_id)}.jsonl")
    measure = RunMeasure(
        scenario=scenario,
        run_id=run_id,
        status=outcome.get("status", "failed"),
        message=outcome.get("message"),
        wall_seconds=round(wall, 3),
        new_documents=new_documents,
        new_bytes=new_bytes,
        stages=stage_measures(events, child.get("stages", {}), new_documents, new_bytes, official_bytes),
        checkpoints=sum(1 for e in events if e["kind"] == "check"),
        peak_rss_mb=_peak(child),
        peak_tree_rss_mb=tree_peak,
        import_seconds=child.get("import_seconds"),
        details={
            "run_seconds": child.get("run_seconds"),
            "cpu_seconds": child.get("cpu_seconds"),
            "child_cpu_seconds": child.get("child_cpu_seconds"),
            "inputs": _input_counts(events),
            "log": child.get("log"),
            "traceback": child.get("traceback"),
        },
    )
    return measure


def _tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def storage(warehouse: Path) -> dict[str, Any]:
    """Bytes on disk after a run: raw layer per table, the published file, ledger, reports, GX docs."""
    raw = warehouse / "raw"
    tables = sorted(p.name for p in raw.iterdir() if p.is_dir()) if raw.exists() else []
    published = warehouse / "pkit.duckdb"
    return {
        "raw_bytes": {t: _tree_bytes(raw / t) for t in tables},
        "published_bytes": published.stat().st_size if published.exists() else 0,
        "ledger_bytes": _tree_bytes(warehouse / "ledger"),
        "reports_bytes": _tree_bytes(warehouse / "reports"),
        "gx_bytes": _tree_bytes(warehouse / "gx"),
    }


def _peak(child: dict[str, Any]) -> float | None:
    values = [child.get("maxrss_self_mb"), child.get("maxrss_children_mb")]
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _stderr_tail(ws: Workspace, scenario: str, proc: subprocess.Popen[bytes]) -> str:
    path = ws.root / f"run-{scenario}.stderr"
    tail = path.read_text(encoding="utf-8", errors="replace")[-2000:] if path.exists() else ""
    return f"the run process exited with {proc.returncode} without a result: {tail}"


def _input_counts(events: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in events:
        if e["kind"] == "input":
            key = f"{e.get('source')}:{e.get('status')}"
            counts[key] = counts.get(key, 0) + e.get("files", 1)
    return dict(sorted(counts.items()))


def _group(ledger_stage: str) -> str:
    if ledger_stage.startswith("ingest_") and ledger_stage != "ingest_documents":
        return "ingest_official"
    return ledger_stage


def stage_measures(
    events: list[dict[str, Any]],
    child_stages: dict[str, dict[str, float]],
    docs: int,
    nbytes: int,
    official_bytes: int = 0,
) -> list[StageMeasure]:
    """Ledger stage events grouped as ``STAGES`` (unknown names kept), with child processes' CPU added.

    Rates are the run's new documents (and their bytes) through each stage; the official tables'
    ingestion is rated by the CSV bytes instead (``official_bytes``), and has no documents/s.
    """
    grouped: dict[str, dict[str, Any]] = {}
    for e in events:
        if e["kind"] != "stage":
            continue
        g = grouped.setdefault(
            _group(e["stage"]), {"seconds": 0.0, "cpu": 0.0, "rows": 0, "status": "success"}
        )
        g["seconds"] += float(e.get("seconds") or 0)
        g["cpu"] += float(e.get("cpu_seconds") or 0)
        g["rows"] += int(e.get("rows") or 0)
        if e.get("status") != "success":
            g["status"] = e.get("status") or "failed"
    report = child_stages.get("report")
    if report:
        grouped["report"] = {
            "seconds": report["seconds"],
            "cpu": report["cpu_seconds"],
            "rows": 0,
            "status": "success",
        }
    labels = dict(STAGES)
    order = [s for s, _ in STAGES] + sorted(set(grouped) - set(labels))
    out = []
    for name in order:
        if name not in grouped:
            continue
        g = grouped[name]
        extra = child_stages.get(name, {}).get("child_cpu_seconds", 0.0) if name != "report" else 0.0
        seconds = g["seconds"]
        rate_docs, rate_bytes = (0, official_bytes) if name == "ingest_official" else (docs, nbytes)
        out.append(
            StageMeasure(
                stage=name,
                label=labels.get(name, name),
                seconds=round(seconds, 3),
                cpu_seconds=round(g["cpu"] + extra, 3),
                rows=g["rows"],
                docs_per_s=round(rate_docs / seconds, 1) if seconds > 0 and rate_docs else None,
                mb_per_s=round(rate_bytes / 1e6 / seconds, 2) if seconds > 0 and rate_bytes else None,
                status=g["status"],
            )
        )
    return out
