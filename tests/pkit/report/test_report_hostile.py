"""Hostile names and values in the report: escaped (autoescape is on for report.html.j2), and a
Content-Security-Policy that lets only the page's own scripts run, each by its hash."""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import re
from pathlib import Path

from pkit.config import Settings
from pkit.report.page import write_report
from pkit.run.context import RunContext
from pkit.run.ledger import CheckEvent, InputEvent

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.__pwned = 1</script>"


def hostile_report(warehouse: Path) -> Path:
    """A report whose quarantined file names, reasons, warnings and messages carry markup."""
    settings = Settings.from_env({"PKIT_WAREHOUSE_DIR": str(warehouse)})
    ctx = RunContext.create("hostile", settings=settings)
    ctx.ledger.input(InputEvent("documents", f"{IMG}.txt", None, 10, "quarantined", reason=f"bad {SCRIPT}"))
    ctx.ledger.input(
        InputEvent("official", f"{SCRIPT}.csv", "ab" * 32, 20, "loaded", warnings=[f"cell {IMG}"], rows=1)
    )
    ctx.ledger.check(
        CheckEvent("raw_official", f"load {IMG}", False, 1, 1, [{"sentence": f"v {SCRIPT}", "blocking": 1}])
    )
    return write_report(ctx, {"status": "failed", "message": f"Stage x failed: {IMG} {SCRIPT}"})


def test_hostile_names_and_values_are_escaped(tmp_path):
    html = hostile_report(tmp_path / "warehouse").read_text(encoding="utf-8")
    assert IMG not in html and SCRIPT not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "onerror=alert(1)>" not in html


def test_the_page_allows_no_network_and_only_its_own_scripts_by_hash(tmp_path):
    html = hostile_report(tmp_path / "warehouse").read_text(encoding="utf-8")
    [attribute] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    csp = htmllib.unescape(attribute)  # as the browser reads the attribute
    assert html.index("Content-Security-Policy") < html.index("<script")  # in force before any script
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    allowed = set(directives["script-src"].split())
    assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) >= 2  # plotly.js and the quality chart
    digests = (base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts)
    hashes = {f"'sha256-{d}'" for d in digests}
    assert hashes == allowed
    assert "http" not in csp and "*" not in csp
