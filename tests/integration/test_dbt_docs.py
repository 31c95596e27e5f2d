"""dbt docs follow the build code: generated on the first publish, kept while nights only add data,
regenerated when the dbt project changes (a model's description here)."""

from __future__ import annotations

import shutil

import pytest

from pkit.build.docs import docs_build, ensure_docs
from pkit.config import PROJECT_ROOT
from pkit.pipeline import run_all
from pkit.run.context import RunContext

pytestmark = pytest.mark.slow

NEW_DOCUMENT = (
    "Published: 12 March 2025\n\nPakistan's IT exports rose to $338 million in February 2025, "
    "the State Bank of Pakistan said.\n"
)


def _docs_events(settings, run_id: str) -> list[dict]:
    return RunContext.create(run_id, settings=settings).ledger.events("docs")


def test_docs_regenerate_on_code_changes_not_on_new_data(project_copy, monkeypatch, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(
        PROJECT_ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")
    )
    for key, value in {
        "PKIT_DOCUMENTS_DIR": project_copy.documents_dir,
        "PKIT_OFFICIAL_DIR": project_copy.official_dir,
        "PKIT_WAREHOUSE_DIR": project_copy.warehouse_dir,
        "PKIT_DBT_PROJECT_DIR": project,
    }.items():
        monkeypatch.setenv(key, str(value))

    assert run_all("first")["status"] == "published"
    assert [e["status"] for e in _docs_events(project_copy, "first")] == ["generated"]
    index = project_copy.warehouse_dir / "docs" / "index.html"
    first_stamp, first_bytes = docs_build(RunContext.create("x")), index.read_bytes()
    assert first_stamp["build_run_id"] == "first"

    (project_copy.documents_dir / "new.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    assert run_all("second")["status"] == "published"
    assert [e["status"] for e in _docs_events(project_copy, "second")] == ["current"]
    assert index.read_bytes() == first_bytes

    models = project / "models" / "marts" / "parks" / "_parks__models.yml"
    text = models.read_text(encoding="utf-8")
    marker = "Docs regeneration probe, slug of the canonical name"
    assert "Slug of the canonical name" in text
    models.write_text(text.replace("Slug of the canonical name", marker, 1), encoding="utf-8")
    assert ensure_docs(RunContext.create("third")) == index
    stamp = docs_build(RunContext.create("x"))
    assert stamp["code_fingerprint"] != first_stamp["code_fingerprint"]
    assert stamp["build_run_id"] == "second"  # the docs describe the build that is published now
    assert marker in (index.parent / "manifest.json").read_text(encoding="utf-8")
