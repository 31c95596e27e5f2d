"""The run report and the dbt docs, opened in a real browser (headless Chromium through selenium).

A published run of the bundled inputs writes ``reports/latest/index.html``; Chromium loads it from
``file://`` with no network and must draw every chart (plotly's ``svg.main-svg`` with data traces in
each ``.plotly-graph-div``) without a console error. A screenshot of the page is kept in the run's
report folder and in the test's tmp dir. Chromium comes from Debian (``chromium``,
``chromium-driver``); ``make test`` installs it when missing. Without it these tests fail, they do not skip.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pkit.build.docs import generate_docs
from pkit.config import Settings
from pkit.pipeline import run_all
from pkit.report.page import write_report
from pkit.run.context import RunContext
from pkit.run.ledger import InputEvent, safe_name

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
RUN_ID = "browser-run"
# dbt-docs' own page logs these from file:// (an icon URL read before Angular fills it in, a favicon
# placeholder); they are the same with any project and harmless. Anything else is an error.
DBT_DOCS_QUIRKS = ("getIcon(item.type", "favicons/favicon.ico")
CHART_IDS = ["quality", "exports-monthly", "exports-fiscal-year", "park-capacity", "program-targets"]

# What plotly drew in each chart div: its svg layers and the trace groups holding bars or markers.
_DRAWN = """
return Array.from(document.querySelectorAll('.plotly-graph-div')).map(gd => {
  const svg = gd.querySelector('svg.main-svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return {
    id: gd.id,
    svgs: gd.querySelectorAll('svg.main-svg').length,
    width: box.width,
    height: box.height,
    data: (gd.data || []).length,
    traces: gd.querySelectorAll('g.trace').length,
    points: gd.querySelectorAll('g.trace path.point, g.trace .point path, g.trace path.bar').length
      + gd.querySelectorAll('g.trace .points path').length,
  };
});
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"headless Chromium is needed for the browser tests but {', '.join(missing)} is missing: run "
            "`make test` (installs it) or `apt-get install -y chromium chromium-driver`",
            pytrace=False,
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, project_copy_factory) -> Iterator[Settings]:
    """One published run of the bundled inputs (``run_all`` reads its settings from the environment)."""
    settings = project_copy_factory(tmp_path_factory.mktemp("browser"))
    with pytest.MonkeyPatch.context() as monkeypatch:
        for key, value in {
            "PKIT_HOME": settings.home,
            "PKIT_DOCUMENTS_DIR": settings.documents_dir,
            "PKIT_OFFICIAL_DIR": settings.official_dir,
            "PKIT_WAREHOUSE_DIR": settings.warehouse_dir,
        }.items():
            monkeypatch.setenv(key, str(value))
        outcome = run_all(RUN_ID)
        assert outcome["status"] == "published", outcome
        yield settings


def load(driver: Any, page: Path) -> list[dict[str, Any]]:
    """Open ``page``, wait until plotly has drawn every chart, return what each chart drew."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(page.as_uri())
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && Array.from("
            "document.querySelectorAll('.plotly-graph-div')).every(g => g.querySelector('svg.main-svg'))"
        )
    )
    return driver.execute_script(_DRAWN)


def severe(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def screenshot(driver: Any, *targets: Path) -> None:
    """Whole-page screenshot (the window grown to the page's height) saved to each target."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(height + 100, 16000))
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(target)), target
        assert target.stat().st_size > 10_000, f"{target} looks empty"
    driver.set_window_size(1280, 900)


def test_console_errors_are_caught(driver):
    """The console check below is not vacuous: an error logged by a page reaches ``get_log``."""
    driver.get_log("browser")
    driver.get("data:text/html,<script>console.error('pkit-probe')</script>")
    assert any("pkit-probe" in e["message"] for e in severe(driver))


def test_published_report_draws_every_chart_in_chromium(published, driver, tmp_path):
    page = published.reports_dir / "latest" / "index.html"
    drawn = load(driver, page)
    errors = severe(driver)
    assert [d["id"] for d in drawn] == [f"chart-{c}" for c in CHART_IDS]
    for chart in drawn:
        assert chart["svgs"] >= 1 and chart["width"] > 300 and chart["height"] > 100, chart
        assert chart["data"] >= 1 and chart["traces"] >= 1, f"no data traces drawn: {chart}"
        assert chart["points"] >= 1, f"no bars or markers drawn: {chart}"
    assert not errors, f"console errors: {errors}"
    body = driver.find_element("tag name", "body").text
    assert "Published." in body and "No data yet" not in body
    assert "The charts read the warehouse this run published" in body
    screenshot(
        driver,
        published.reports_dir / safe_name(RUN_ID) / "screenshot.png",
        published.reports_dir / "latest" / "screenshot.png",
        tmp_path / "report.png",
    )


def test_report_of_an_empty_warehouse_in_chromium(driver, tmp_path):
    settings = Settings.from_env({"PKIT_WAREHOUSE_DIR": str(tmp_path / "warehouse")})
    ctx = RunContext.create("empty", settings=settings)
    page = write_report(ctx, {"status": "failed", "message": "The run stopped before publishing."})
    drawn = load(driver, page)
    assert [d["id"] for d in drawn] == ["chart-quality"]
    assert drawn[0]["svgs"] >= 1 and drawn[0]["traces"] >= 1
    body = driver.find_element("tag name", "body").text
    assert body.count("No data yet") == 4 and "Nothing has been published yet" in body
    assert not severe(driver)
    screenshot(driver, tmp_path / "empty-report.png")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dbt_docs_of_the_published_build_open_in_chromium(published, driver, tmp_path):
    """Docs are generated from a copy: a reader holding the published file open neither blocks it nor
    sees it change; the one-file docs page opens from ``file://`` with the marts in it."""
    ctx = RunContext.create(RUN_ID, settings=published)
    database = published.published_db
    before = _sha(database)
    with duckdb.connect(str(database), read_only=True) as reader:
        index = generate_docs(ctx, database)
        assert reader.execute("select count(*) from marts.fct_targets").fetchone()[0] > 0
    assert index == published.warehouse_dir / "docs" / "index.html" and index.exists()
    assert _sha(database) == before
    assert {p.name for p in index.parent.iterdir()} >= {"index.html", "manifest.json", "catalog.json"}
    assert not (index.parent / ".work").exists()
    stamp = json.loads((index.parent / "build.json").read_text(encoding="utf-8"))
    assert stamp["build_run_id"] == RUN_ID and stamp["fingerprint"]
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")
    # A model page: its description (manifest), column types (catalog) and lineage, all in the one file.
    driver.get(index.as_uri() + "#!/model/model.pkit.fct_targets")
    WebDriverWait(driver, 20).until(
        lambda d: "actual_value / target_value" in d.find_element("tag name", "body").text
    )
    body = driver.find_element("tag name", "body").text
    assert "attainment_pct" in body and "DOUBLE" in body  # column types come from the catalog
    assert "dbt" in driver.title.lower()
    errors = [e for e in severe(driver) if not any(quirk in e["message"] for quirk in DBT_DOCS_QUIRKS)]
    assert not errors, f"console errors: {errors}"
    driver.save_screenshot(str(tmp_path / "dbt-docs.png"))
    shutil.copy(tmp_path / "dbt-docs.png", published.reports_dir / safe_name(RUN_ID) / "dbt-docs.png")


def test_pkit_docs_serves_the_docs_on_loopback(published):
    """``pkit docs`` (``make docs``): one command serves the generated docs on 127.0.0.1."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PKIT_HOME": str(published.home), "PKIT_WAREHOUSE_DIR": str(published.warehouse_dir)}
    pkit = Path(sys.executable).with_name("pkit")
    server = subprocess.Popen(
        [str(pkit), "docs", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline, response = time.monotonic() + 60, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        exited = server.poll() is not None
        assert response is not None, server.stdout.read().decode() if exited else "no answer in 60 s"
        assert response.status_code == 200 and "dbt" in response.text.lower()
        manifest = httpx.get(f"http://127.0.0.1:{port}/manifest.json", timeout=5).json()
        assert "model.pkit.fct_targets" in manifest["nodes"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_report_download_links_resolve_in_chromium(published, driver):
    """The report's Downloads line links the published build's files (exports/latest/), from file://."""
    from urllib.parse import unquote, urlparse

    page = published.reports_dir / "latest" / "index.html"
    load(driver, page)
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('p.downloads a')).map(a => [a.textContent, a.href])"
    )
    assert len(links) == 4, links
    for label, href in links:
        target = Path(unquote(urlparse(href).path))
        assert target.exists(), f"{label}: {href} does not resolve"
        assert target.resolve().is_relative_to((published.exports_dir / "latest").resolve()), target
    latest = published.exports_dir / "latest"
    assert latest.is_symlink() and (latest / "datapackage.json").exists()
    package = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    assert package["pkit_build"]["run_id"] == RUN_ID


def test_dbt_docs_open_on_the_analysts_overview_with_whole_descriptions(published, driver, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    ctx = RunContext.create(RUN_ID, settings=published)
    index = generate_docs(ctx, published.published_db)
    driver.get_log("browser")
    driver.get(index.as_uri() + "#!/overview")
    WebDriverWait(driver, 20).until(
        lambda d: "Which mart answers which question" in d.find_element("tag name", "body").text
    )
    body = driver.find_element("tag name", "body").text
    assert "How the current value is chosen" in body and "July to June" in body
    driver.save_screenshot(str(tmp_path / "dbt-docs-overview.png"))
    driver.get(index.as_uri() + "#!/model/model.pkit.fct_ict_exports_monthly")
    WebDriverWait(driver, 20).until(
        lambda d: "fytd_reconciliation" in d.find_element("tag name", "body").text
    )
    cells = driver.execute_script(
        "return Array.from(document.querySelectorAll('td[style*=\"text-overflow: ellipsis\"]'))"
        ".map(td => [getComputedStyle(td).whiteSpace, td.scrollWidth <= td.clientWidth + 1])"
    )
    assert len(cells) >= 28 and all(ws == "normal" and fits for ws, fits in cells), cells[:5]
    body = driver.find_element("tag name", "body").text
    assert "series_basis" in body  # the last column shows: the table does not scroll after 800 px
    errors = [e for e in severe(driver) if not any(quirk in e["message"] for quirk in DBT_DOCS_QUIRKS)]
    assert not errors, f"console errors: {errors}"


def test_hostile_names_and_values_run_no_script_in_chromium(driver, tmp_path):
    """A quarantined file named ``<img src=x onerror=alert(1)>.txt``, a ``<script>`` in a reason, a
    warning and a check: Chromium shows them as text, runs none of them, and the page's own scripts
    (allowed by hash in its Content-Security-Policy) still draw the chart without a console error."""
    from selenium.common.exceptions import NoAlertPresentException

    img, script = "<img src=x onerror=alert(1)>", "<script>window.__pwned = 1</script>"
    settings = Settings.from_env({"PKIT_WAREHOUSE_DIR": str(tmp_path / "w")})
    ctx = RunContext.create("hostile", settings=settings)
    ctx.ledger.input(InputEvent("documents", f"{img}.txt", None, 10, "quarantined", reason=f"bad {script}"))
    ctx.ledger.input(InputEvent("official", "t.csv", None, 20, "loaded", warnings=[f"cell {img}"], rows=1))
    page = write_report(ctx, {"status": "failed", "message": f"Stage x failed: {img} {script}"})
    drawn = load(driver, page)
    assert [d["id"] for d in drawn] == ["chart-quality"] and drawn[0]["traces"] >= 1
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - an alert() would be open
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    body = driver.find_element("tag name", "body").text
    assert f"{img}.txt" in body and script in body
    assert not severe(driver), severe(driver)
    # The policy is in force: a script added to the page without its hash is refused.
    driver.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.__late = 1';"
        "document.body.appendChild(s);"
    )
    assert driver.execute_script("return window.__late === undefined")
    assert any("Content Security Policy" in e["message"] for e in severe(driver))
