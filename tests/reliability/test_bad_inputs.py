"""Bad input in a real run: each item is quarantined with its original bytes and a reason naming the
file (and line), every good input of the same run is still loaded and published, and the audit
accounts for every input file."""

from __future__ import annotations

import codecs
import json

import duckdb
import pytest

from pkit.pipeline import run_all

pytestmark = pytest.mark.slow

HTML = """<!doctype html><html><head><title>PSEB expands STPs</title>
<script>window.dataLayer = [{"price": 999999}];</script><style>.x{width:100px}</style></head>
<body><nav>Home | Tech | Business | Login</nav><header>Breaking: 2 days ago</header>
<article><p>ISLAMABAD: The Pakistan Software Export Board said 44 software technology parks now host
over 400 companies.</p></article><footer>Call 051-1234567</footer></body></html>"""


# a good document beside the bad ones, with the header block real articles are delivered with
CITED = """url: https://www.brecorder.com/news/40312345/it-exports-rise
outlet: Business Recorder
title: IT exports rise 24pc to $3.2bn in FY24
published: 2024-07-18
---
ISLAMABAD: Pakistan's IT exports rose to $3.223 billion in FY2023-24, the State Bank said on Thursday.
"""


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, project_copy_factory):
    s = project_copy_factory(tmp_path_factory.mktemp("bad"))
    docs, official = s.documents_dir, s.official_dir
    (docs / "empty.txt").write_bytes(b"")
    (docs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (docs / "latin1.txt").write_bytes(
        "Karachi: exports of Rs 2 billion — café owners cheered.".encode("cp1252")
    )
    (docs / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + "Lahore: e-Rozgaar trained 5,000+ freelancers in FY2024-25.".encode("utf-16-le")
    )
    (docs / "page.html").write_text(HTML)
    (docs / "cited.txt").write_text(CITED)
    (docs / "no_facts.md").write_text("# Opinion\n\nThe sector needs patience and better policy.\n")
    with (docs / "huge.txt").open("wb") as fh:  # 50 MB, above the 10 MiB limit
        fh.truncate(50 * 1000 * 1000)
    ytd = official / "ict_exports_ytd.csv"
    ytd.write_text(ytd.read_text().replace(",ict_exports,", ",telecom_exports,", 1))
    (official / "exports_2026.csv").write_text("a;b\n1;2\n")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for key, value in {
            "PKIT_DOCUMENTS_DIR": docs,
            "PKIT_OFFICIAL_DIR": official,
            "PKIT_WAREHOUSE_DIR": s.warehouse_dir,
            "PKIT_HOME": s.home,
        }.items():
            monkeypatch.setenv(key, str(value))
        outcome = run_all("bad-inputs")
    summary = json.loads((s.reports_dir / "latest" / "summary.json").read_text())
    return s, outcome, summary


def test_bad_inputs_are_quarantined_and_good_ones_published(bad_run):
    s, outcome, summary = bad_run
    assert outcome["status"] == "published"
    quarantined = {q["file"]: q["reason"] for q in summary["quarantined"]}
    assert set(quarantined) == {
        "empty.txt",
        "photo.txt",
        "huge.txt",
        "ict_exports_ytd.csv",
        "exports_2026.csv",
    }
    assert "empty" in quarantined["empty.txt"]
    assert "PNG image" in quarantined["photo.txt"]
    assert "50,000,000 bytes, above the limit" in quarantined["huge.txt"]
    assert (
        "ict_exports_ytd.csv line 2: measure = 'telecom_exports' is not one of"
        in quarantined["ict_exports_ytd.csv"]
    )
    assert "no source in the registry" in quarantined["exports_2026.csv"]
    # original bytes kept beside a reason.json, for each item
    folders = list((s.quarantine_dir / "bad-inputs").iterdir())
    assert len(folders) == 5
    for folder in folders:
        reason = json.loads((folder / "reason.json").read_text())
        kept = folder / reason["kept_as"]
        source = (s.documents_dir if kept.suffix != ".csv" else s.official_dir) / reason["file"]
        assert kept.read_bytes() == source.read_bytes(), reason["file"]


def test_undecodable_and_html_documents_are_loaded_with_warnings(bad_run):
    s, _, summary = bad_run
    loaded = {i["file"]: i for i in summary["inputs"] if i["status"] == "loaded"}
    assert {"latin1.txt", "utf16.txt", "page.html", "no_facts.md"} <= set(loaded)
    assert any("Windows-1252" in w for w in loaded["latin1.txt"]["warnings"])
    assert loaded["no_facts.md"]["rows"] == 0
    with duckdb.connect(str(s.published_db), read_only=True) as con:
        docs = dict(con.execute("select file_name, text from marts.dim_documents").fetchall())
        assert "café" in docs["latin1.txt"] and "5,000+" in docs["utf16.txt"]
        assert "999999" not in docs["page.html"] and "Login" not in docs["page.html"]
        assert "44 software technology parks" in docs["page.html"]
        counts = dict(con.execute("select file_name, fact_count from marts.dim_documents").fetchall())
        assert counts["no_facts.md"] == 0 and counts["page.html"] >= 1
        # the good tables of the same run were loaded; the quarantined one kept no load at all
        assert con.execute("select count(*) from staging.stg_official__parks").fetchone()[0] > 0
        assert con.execute("select count(*) from staging.stg_official__ict_exports_ytd").fetchone()[0] == 0


def test_audit_accounts_for_every_input_file(bad_run):
    s, _, _ = bad_run
    files = len(list(s.documents_dir.iterdir())) + len(list(s.official_dir.iterdir()))
    with duckdb.connect(str(s.published_db), read_only=True) as con:
        by_status = dict(con.execute("select status, sum(files) from audit.inputs group by all").fetchall())
    assert sum(by_status.values()) == files
    assert by_status["quarantined"] == 5


def test_a_documents_citation_reaches_its_facts(bad_run):
    s, _, _ = bad_run
    with duckdb.connect(str(s.published_db), read_only=True) as con:
        doc = con.execute(
            "select outlet, title, published_date, url from marts.dim_documents where file_name = 'cited.txt'"
        ).fetchone()
        citations = [
            r[0]
            for r in con.execute(
                "select citation from marts.fct_facts where file_name = 'cited.txt'"
            ).fetchall()
        ]
    assert (
        doc[0] == "Business Recorder" and doc[1].startswith("IT exports rise") and str(doc[2]) == "2024-07-18"
    )
    assert doc[3] == "https://www.brecorder.com/news/40312345/it-exports-rise"
    assert citations and all(
        c.startswith(
            'Business Recorder, "IT exports rise 24pc to $3.2bn in FY24", 18 July 2024, https://www.brecorder.com/'
        )
        and 'Quote: "' in c
        for c in citations
    ), citations
