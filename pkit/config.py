"""Where pkit reads its inputs and writes its outputs: one place, driven by the environment.

Every location has a documented default relative to the project home, so a fresh clone runs with
no configuration, and a user points the pipeline at their own inbox by setting a variable instead of
editing code. Values come from the process environment (and an untracked ``.env`` file when the
caller loads one); see ``.env.example``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Setting:
    """One ``PKIT_*`` variable: its default (as a user would type it), kind and meaning."""

    variable: str
    default: str
    kind: str  # path | int | bool | text | secret
    meaning: str
    internal: bool = False  # set by pkit for its own child processes or tests; not a user setting


#: Every ``PKIT_*`` variable pkit reads, and nowhere else is the environment read for one. The README's
#: configuration table is generated from this (``pkit settings --markdown``; a test fails on drift).
SETTINGS: tuple[Setting, ...] = (
    Setting("PKIT_HOME", "<repository root>", "path", "Base for every relative path below."),
    Setting("PKIT_DOCUMENTS_DIR", "data/documents", "path", "Inbox of source documents (.txt, .md, .html)."),
    Setting(
        "PKIT_OFFICIAL_DIR", "data/official", "path", "Folder of official tables (CSV) named in the registry."
    ),
    Setting(
        "PKIT_WAREHOUSE_DIR", "warehouse", "path", "Runtime output: raw layer, published DuckDB, reports."
    ),
    Setting("PKIT_SOURCES", "sources.yml", "path", "The source registry."),
    Setting("PKIT_DBT_PROJECT_DIR", "dbt_project", "path", "The dbt project the run builds."),
    Setting(
        "PKIT_GAZETTEER", "data/gazetteer.yml", "path", "The extractor's gazetteer of the sector's entities."
    ),
    Setting(
        "PKIT_FETCH_ENABLED",
        "0",
        "bool",
        "`1` downloads sources that have a URL (offline snapshot otherwise, and on failure).",
    ),
    Setting(
        "PKIT_FETCH_CONTACT",
        "",
        "text",
        "Contact (e-mail or URL) named in the User-Agent of every request pkit makes, so a publisher "
        "can reach the operator instead of blocking the crawler.",
    ),
    Setting(
        "PKIT_SBP_API_KEY",
        "",
        "secret",
        "Key of the State Bank's EasyData API (free, expires every 90 days); EasyData series are "
        "retrieved only with it and `PKIT_FETCH_ENABLED=1`. Never written to a log, file or report.",
    ),
    Setting(
        "PKIT_SBP_EASYDATA_URL",
        "https://easydata.sbp.org.pk",
        "text",
        "Base URL of the EasyData API (`{base}/api/v1/series/{key}/data`).",
    ),
    Setting(
        "PKIT_MAX_DOCUMENT_BYTES",
        "10485760",
        "int",
        "Larger documents are quarantined (10 MiB: no article comes near; a file that size is a dump).",
    ),
    Setting(
        "PKIT_MAX_OFFICIAL_BYTES",
        "52428800",
        "int",
        "Larger official tables are quarantined unread (50 MiB: the bundled tables are under 30 KB; a "
        "table that size is a dump, and would be read whole).",
    ),
    Setting(
        "PKIT_DOCUMENT_BATCH",
        "5000",
        "int",
        "Documents per load (memory per batch against GX checkpoints per night).",
    ),
    Setting(
        "PKIT_DUCKDB_MEMORY_LIMIT",
        "768MB",
        "text",
        "DuckDB memory of the dbt build; beyond it the build spills to disk.",
    ),
    Setting(
        "PKIT_FULL_REFRESH",
        "0",
        "bool",
        "`1` builds the warehouse from empty instead of adding the night's loads to a copy of the published "
        "one (the run chooses a full build by itself after a code change).",
    ),
    Setting(
        "PKIT_RUN_LOCK_WAIT_S",
        "5",
        "int",
        "Seconds `pkit run` waits for another run of the same warehouse to finish before it exits, "
        "naming that run (one run at a time per warehouse: `warehouse/run.lock`).",
    ),
    Setting(
        "PKIT_TASK_LOCK_WAIT_S",
        "3600",
        "int",
        "Seconds an Airflow task waits for the warehouse's run lock (held by `pkit run`, or by another "
        "task: mapped ingestion tasks take turns) before it fails.",
    ),
    Setting("PKIT_ALERT_WEBHOOK", "", "secret", "Failure notification webhook (off when unset)."),
    Setting(
        "PKIT_FAULT", "", "text", "Fault-injection point for the crash tests (kills the run there).", True
    ),
    Setting("PKIT_FAULT_DELAY", "4", "text", "Seconds dbt runs before the `dbt_build:during` fault.", True),
    Setting("PKIT_RAW_DIR", "", "path", "The raw layer, as pkit passes it to dbt (set by the build).", True),
    Setting("PKIT_DBT_DATABASE", "", "path", "The candidate file dbt writes (set by the build).", True),
)
_BY_NAME = {s.variable: s for s in SETTINGS}


def _raw(env: dict[str, str], name: str) -> str:
    if name not in _BY_NAME:  # a typo here would silently read nothing
        raise KeyError(f"{name} is not a pkit setting; add it to pkit.config.SETTINGS")
    return env.get(name) or _BY_NAME[name].default


def _path(env: dict[str, str], name: str, home: Path) -> Path:
    path = Path(_raw(env, name)).expanduser()
    return path if path.is_absolute() else home / path


def _bool(env: dict[str, str], name: str) -> bool:
    return _raw(env, name).strip().lower() in _TRUE


def _int(env: dict[str, str], name: str) -> int:
    raw = _raw(env, name)
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    home: Path
    documents_dir: Path
    official_dir: Path
    warehouse_dir: Path
    dbt_project_dir: Path
    max_document_bytes: int
    max_official_bytes: int = 52428800
    sources_file: Path = PROJECT_ROOT / "sources.yml"
    gazetteer_file: Path = PROJECT_ROOT / "data" / "gazetteer.yml"
    fetch_enabled: bool = False
    document_batch: int = 5000
    duckdb_memory_limit: str = "768MB"
    full_refresh: bool = False
    run_lock_wait_s: int = 5
    task_lock_wait_s: int = 3600
    alert_webhook: str | None = None
    fault: str | None = None
    fault_delay_s: float = 4.0
    fetch_contact: str = ""
    sbp_api_key: str | None = field(default=None, repr=False)  # a secret: never in a repr or log
    sbp_easydata_url: str = "https://easydata.sbp.org.pk"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        home = Path(env.get("PKIT_HOME") or PROJECT_ROOT).expanduser().resolve()
        return cls(
            home=home,
            documents_dir=_path(env, "PKIT_DOCUMENTS_DIR", home),
            official_dir=_path(env, "PKIT_OFFICIAL_DIR", home),
            warehouse_dir=_path(env, "PKIT_WAREHOUSE_DIR", home),
            dbt_project_dir=_path(env, "PKIT_DBT_PROJECT_DIR", home),
            max_document_bytes=_int(env, "PKIT_MAX_DOCUMENT_BYTES"),
            max_official_bytes=_int(env, "PKIT_MAX_OFFICIAL_BYTES"),
            sources_file=_path(env, "PKIT_SOURCES", home),
            gazetteer_file=_path(env, "PKIT_GAZETTEER", home),
            fetch_enabled=_bool(env, "PKIT_FETCH_ENABLED"),
            document_batch=max(1, _int(env, "PKIT_DOCUMENT_BATCH")),
            duckdb_memory_limit=_raw(env, "PKIT_DUCKDB_MEMORY_LIMIT"),
            full_refresh=_bool(env, "PKIT_FULL_REFRESH"),
            run_lock_wait_s=max(0, _int(env, "PKIT_RUN_LOCK_WAIT_S")),
            task_lock_wait_s=max(0, _int(env, "PKIT_TASK_LOCK_WAIT_S")),
            alert_webhook=_raw(env, "PKIT_ALERT_WEBHOOK") or None,
            fault=_raw(env, "PKIT_FAULT") or None,
            fault_delay_s=float(_raw(env, "PKIT_FAULT_DELAY")),
            fetch_contact=_raw(env, "PKIT_FETCH_CONTACT").strip(),
            sbp_api_key=_raw(env, "PKIT_SBP_API_KEY").strip() or None,
            sbp_easydata_url=_raw(env, "PKIT_SBP_EASYDATA_URL").strip().rstrip("/"),
        )

    @classmethod
    def current(cls) -> Settings:
        """The settings of this process's environment, now (cheap: no file is read)."""
        return cls.from_env()

    # Layout of the warehouse folder (see warehouse/README.md).
    @property
    def published_db(self) -> Path:
        return self.warehouse_dir / "pkit.duckdb"

    @property
    def raw_dir(self) -> Path:
        return self.warehouse_dir / "raw"

    @property
    def landing_dir(self) -> Path:
        return self.warehouse_dir / "landing"

    @property
    def quarantine_dir(self) -> Path:
        return self.warehouse_dir / "quarantine"

    @property
    def run_lock(self) -> Path:
        return self.warehouse_dir / "run.lock"

    @property
    def candidates_dir(self) -> Path:
        return self.warehouse_dir / "candidates"

    @property
    def ledger_dir(self) -> Path:
        return self.warehouse_dir / "ledger"

    @property
    def reports_dir(self) -> Path:
        return self.warehouse_dir / "reports"

    @property
    def exports_dir(self) -> Path:
        return self.warehouse_dir / "exports"

    @property
    def gx_dir(self) -> Path:
        return self.warehouse_dir / "gx"


def quiet_telemetry(env: dict[str, str] | None = None) -> None:
    """Switch off every phone-home of the stack (dbt, GX, cosmos, Airflow, Scarf) in this process.

    Called before any of those libraries is imported; child processes inherit the variables.
    """
    target = os.environ if env is None else env
    for key, value in {
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "False",
        "SCARF_ANALYTICS": "false",
        "SCARF_NO_ANALYTICS": "true",
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
    }.items():
        target.setdefault(key, value)


def settings_table() -> str:
    """The README's configuration table (user settings only), generated from ``SETTINGS``."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        if not s.internal:
            default = f"`{s.default}`" if s.default else "unset"
            lines.append(f"| `{s.variable}` | {default} | {s.meaning} |")
    return "\n".join(lines)
