"""Where pkit reads its inputs and writes its outputs: one place, driven by the environment.

Every location has a documented default relative to the project home, so a fresh clone runs with
no configuration, and a user points the pipeline at their own inbox by setting a variable instead of
editing code. Values come from the process environment (and an untracked ``.env`` file when the
caller loads one); see ``.env.example``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: (variable, default relative to PKIT_HOME, meaning) — the README's configuration table is this list.
SETTINGS_DOC: tuple[tuple[str, str, str], ...] = (
    ("PKIT_HOME", "<repository root>", "Base for every relative path below."),
    ("PKIT_DOCUMENTS_DIR", "data/documents", "Inbox of source documents (.txt, .md, .html)."),
    ("PKIT_OFFICIAL_DIR", "data/official", "Folder of official tables (CSV snapshot)."),
    ("PKIT_WAREHOUSE_DIR", "warehouse", "Runtime output: raw layer, published DuckDB, reports."),
    ("PKIT_DBT_PROJECT_DIR", "dbt_project", "The dbt project the run builds."),
    ("PKIT_MAX_DOCUMENT_BYTES", "10485760", "Documents larger than this are quarantined (bytes)."),
)


def _path(env: dict[str, str], name: str, default: str, home: Path) -> Path:
    raw = env.get(name) or default
    path = Path(raw).expanduser()
    return path if path.is_absolute() else home / path


@dataclass(frozen=True)
class Settings:
    home: Path
    documents_dir: Path
    official_dir: Path
    warehouse_dir: Path
    dbt_project_dir: Path
    max_document_bytes: int

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        home = Path(env.get("PKIT_HOME") or PROJECT_ROOT).expanduser().resolve()
        return cls(
            home=home,
            documents_dir=_path(env, "PKIT_DOCUMENTS_DIR", "data/documents", home),
            official_dir=_path(env, "PKIT_OFFICIAL_DIR", "data/official", home),
            warehouse_dir=_path(env, "PKIT_WAREHOUSE_DIR", "warehouse", home),
            dbt_project_dir=_path(env, "PKIT_DBT_PROJECT_DIR", "dbt_project", home),
            # No article or press release comes near 10 MiB; a file that size is a dump or a mistake.
            max_document_bytes=int(env.get("PKIT_MAX_DOCUMENT_BYTES") or 10 * 1024 * 1024),
        )

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
    def candidates_dir(self) -> Path:
        return self.warehouse_dir / "candidates"

    @property
    def ledger_dir(self) -> Path:
        return self.warehouse_dir / "ledger"

    @property
    def reports_dir(self) -> Path:
        return self.warehouse_dir / "reports"

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
