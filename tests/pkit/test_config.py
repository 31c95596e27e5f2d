"""One home for settings: only ``pkit/config.py`` reads a ``PKIT_*`` variable, every one it names is in
``SETTINGS``, and the README's table is generated from it."""

from __future__ import annotations

import re

import pytest

from pkit.config import PROJECT_ROOT, SETTINGS, Settings, settings_table

CODE = [
    p
    for folder in ("pkit", "ingestion", "expectations", "dags")
    for p in (PROJECT_ROOT / folder).rglob("*.py")
    if p != PROJECT_ROOT / "pkit" / "config.py"
]
ENV_READ = re.compile(r"""(environ(\.get)?\s*[\[(]\s*|getenv\(\s*)["'](PKIT_\w+)""")


def test_only_config_reads_pkit_variables():
    readers = {
        f"{p.relative_to(PROJECT_ROOT)}: {m.group(3)}" for p in CODE for m in ENV_READ.finditer(p.read_text())
    }
    assert readers == set(), "read PKIT_* through pkit.config.Settings"


def test_every_variable_named_in_code_is_a_setting():
    known = {s.variable for s in SETTINGS}
    named = {name for p in CODE for name in re.findall(r"\bPKIT_[A-Z_]*[A-Z]\b", p.read_text())}
    dbt = {
        n
        for p in (PROJECT_ROOT / "dbt_project").rglob("*.yml")
        for n in re.findall(r"PKIT_[A-Z_]+", p.read_text())
    }
    assert named | dbt <= known, (named | dbt) - known


def test_readme_configuration_table_is_generated_from_settings():
    assert settings_table() in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_values_are_parsed_and_bad_ones_named():
    s = Settings.from_env({"PKIT_FETCH_ENABLED": "yes", "PKIT_DOCUMENT_BATCH": "7", "PKIT_HOME": "/tmp"})
    assert s.fetch_enabled and s.document_batch == 7 and s.official_dir.as_posix() == "/tmp/data/official"
    assert not Settings.from_env({}).full_refresh and Settings.from_env({}).alert_webhook is None
    with pytest.raises(ValueError, match="PKIT_DOCUMENT_BATCH must be a whole number"):
        Settings.from_env({"PKIT_DOCUMENT_BATCH": "many"})
