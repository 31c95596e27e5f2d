"""The dbt docs open on an overview for analysts (dbt_project/models/overview.md), and the docs page shows
column descriptions whole instead of cutting them to one line (pkit.build.docs.show_whole_descriptions)."""

from __future__ import annotations

import re
from pathlib import Path

import dbt.task.docs
import yaml

from pkit.build.docs import WHOLE_DESCRIPTIONS_CSS, show_whole_descriptions
from pkit.config import PROJECT_ROOT

MODELS = PROJECT_ROOT / "dbt_project" / "models"
OVERVIEW = (MODELS / "overview.md").read_text(encoding="utf-8")


def test_the_overview_replaces_dbts_welcome_and_names_every_mart():
    assert OVERVIEW.startswith("{% docs __overview__ %}") and OVERVIEW.rstrip().endswith("{% enddocs %}")
    marts = sorted(p.stem for p in (MODELS / "marts").rglob("*.sql"))
    assert len(marts) >= 15
    missing = [m for m in marts if f"`{m}`" not in OVERVIEW]
    assert not missing, f"marts the overview does not name: {missing}"
    for words in ("July to June", "FY2023-24", "selection_rule", "is_flagged", "not_comparable", "CC-BY-4.0"):
        assert words in OVERVIEW


def test_the_overview_names_every_selection_rule_the_marts_can_hold():
    models = yaml.safe_load((MODELS / "marts" / "exports" / "_exports__models.yml").read_text("utf-8"))
    vintages = next(m for m in models["models"] if m["name"] == "fct_ict_exports_vintages")
    column = next(c for c in vintages["columns"] if c["name"] == "selection_rule")
    rules = set(re.findall(r"not_current:[a-z_]+|[a-z]+(?:_[a-z]+)+", column["description"]))
    assert len(rules) >= 10
    assert not [r for r in rules if f"`{r}`" not in OVERVIEW]


def test_columns_named_in_the_overview_exist():
    columns = set()
    for yml in (MODELS / "marts").rglob("_*__models.yml"):
        for model in yaml.safe_load(yml.read_text("utf-8"))["models"]:
            columns |= {c["name"] for c in model.get("columns", [])}
    for name in (
        "source_url",
        "release_date",
        "doc_published_date",
        "char_start",
        "outlet",
        "conflict_kind",
        "status_reason",
        "is_latest_version",
        "growth_basis",
        "valid_from",
    ):
        assert name in OVERVIEW and name in columns, name


def test_description_cells_of_dbts_docs_page_wrap():
    page = (Path(dbt.task.docs.__file__).parent / "index.html").read_text(encoding="utf-8")
    cut = 'style="text-overflow: ellipsis; overflow-x: hidden; white-space: nowrap; max-width: 1px;"'
    assert page.count(cut) >= 1  # the cells dbt cuts to one line (columns, arguments, sources)
    shown = show_whole_descriptions(page)
    assert shown.count(WHOLE_DESCRIPTIONS_CSS) == 1
    assert shown.index(WHOLE_DESCRIPTIONS_CSS) < shown.index("</head>")
    assert 'td[style*="text-overflow: ellipsis"]' in WHOLE_DESCRIPTIONS_CSS  # the selector matches them
    scroll_box = 'class="table-responsive"\\n             style="max-height: 800px; overflow-y: scroll;"'
    assert scroll_box in page  # the columns table's scroll box (in a JavaScript string of the page)
    assert 'div.table-responsive[style*="max-height: 800px"]' in WHOLE_DESCRIPTIONS_CSS
    assert show_whole_descriptions(shown) == shown
