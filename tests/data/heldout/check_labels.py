#!/usr/bin/env python3
"""Validate the held-out gold labels (gold.jsonl) against the passages in this folder.

Stdlib only. Run:  python3 tests/data/heldout/check_labels.py
Exit status 0 when every check passes; otherwise the problems are printed and the status is 1.

Checks: header block of every passage; body length; fields and their types; units; kinds; period
grammar (docs/fact-schema.md); offsets (body[start:end] is the number as written, the quote is a
verbatim substring of the body that contains that span); the value read back from the span (with
million/bn/crore/lakh/thousand scales, spelled-out numbers, ranges and numbers split by a line break)
agrees with `value` / `value_high` within 0.5 %. Then prints the counts.
"""

import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = [
    "doc",
    "subject",
    "metric",
    "value",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "kind",
    "quote",
    "start",
    "end",
    "country",
]
UNITS = {"USD", "PKR", "percent", "count", "sqft", "sqm", "km", "Tbps", "days"}
KINDS = {"actual", "target", "projection", "comparison"}
HEADER_KEYS = {"url", "outlet", "title", "author", "published"}
MONTHS = ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun"]
FY = r"FY(\d{4})-(\d{2})"
PERIOD_RES = [
    ("fy", re.compile(rf"^{FY}$")),
    ("months", re.compile(rf"^({'|'.join(MONTHS)})-({'|'.join(MONTHS)}) {FY}$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("year", re.compile(r"^(\d{4})$")),
    ("asof", re.compile(r"^as of (\d{4})(?:-(\d{2}))?$")),
    ("by", re.compile(r"^by (\d{4})(?:-(\d{2}))?$")),
    ("byfy", re.compile(rf"^by {FY}$")),
]
WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
WORDS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "a dozen": 12,
        "dozen": 12,
    }
)
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "arab": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
NUM = r"\d[\d,]*(?:\.\d+)?"
SCALE_RE = r"(?:thousand|lakhs?|lac|million|mln|mn|crores?|cr|billion|bn|arab|trillion|tn|k|m|b)\b"


def period_ok(p):
    """Return None when `p` follows the period grammar, else the reason."""
    if p is None:
        return None
    if not isinstance(p, str):
        return "period is not a string"
    for name, rx in PERIOD_RES:
        m = rx.match(p)
        if not m:
            continue
        g = m.groups()
        if name in ("fy", "byfy", "months"):
            y, yy = g[-2], g[-1]
            if (int(y) + 1) % 100 != int(yy):
                return f"fiscal year {p!r}: second year is not first + 1"
            if name == "months" and MONTHS.index(g[0]) > MONTHS.index(g[1]):
                return f"months {p!r} out of fiscal-year order"
        if name in ("month", "asof", "by") and len(g) > 1 and g[1] is not None and not 1 <= int(g[1]) <= 12:
            return f"bad month in {p!r}"
        years = [int(x) for x in re.findall(r"\d{4}", p)]
        if any(not 1990 <= y <= 2040 for y in years):
            return f"implausible year in {p!r}"
        return None
    return f"period {p!r} does not follow the grammar"


def read_span(text):
    """Values written in a mention: a list of one value, or [low, high] for a range."""
    t = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"(\d)\.\s+(\d)", r"\1.\2", t)  # "$88.\n\n4 million"
    t = re.sub(r"\s+", " ", t)
    rng = re.search(rf"({NUM})\s*(?:-|to)\s*\$?\s*({NUM})\s*({SCALE_RE})?", t)
    if rng:
        sc = SCALES.get(rng.group(3) or "", 1)
        return [float(rng.group(1).replace(",", "")) * sc, float(rng.group(2).replace(",", "")) * sc]
    parts = re.findall(rf"({NUM})\s*({SCALE_RE})?", t)
    if parts:
        return [sum(float(n.replace(",", "")) * SCALES.get(s, 1) for n, s in parts)]
    total, found = 0.0, False
    for w in sorted(WORDS, key=len, reverse=True):
        if re.search(rf"\b{w}\b", t):
            v = WORDS[w]
            sc = re.search(rf"\b{w}\b\s*({SCALE_RE})", t)
            total += v * (SCALES[sc.group(1)] if sc else 1)
            t = re.sub(rf"\b{w}\b", " ", t)
            found = True
    return [total] if found else []


def close(a, b):
    return abs(a - b) <= 0.005 * abs(b) + 1e-9


def load_docs():
    docs, problems = {}, []
    for name in sorted(os.listdir(HERE)):
        if not re.match(r"^\d{3}_[a-z0-9_]+\.txt$", name):
            continue
        with open(os.path.join(HERE, name), encoding="utf-8") as handle:
            raw = handle.read()
        if "\n---\n" not in raw:
            problems.append(f"{name}: no '---' line")
            continue
        head, body = raw.split("\n---\n", 1)
        keys = {}
        for line in head.split("\n"):
            k, sep, v = line.partition(":")
            if not sep or k.strip() not in HEADER_KEYS:
                problems.append(f"{name}: bad header line {line!r}")
                continue
            keys[k.strip()] = v.strip()
        for k in ("url", "outlet", "title", "published"):
            if not keys.get(k):
                problems.append(f"{name}: header lacks {k}")
        pub = keys.get("published", "")
        if not re.match(r"^(2019|202[0-6])-\d{2}-\d{2}$", pub):
            problems.append(f"{name}: published {pub!r} not a 2019-2026 date")
        words = len(body.split())
        if not 80 <= words <= 600:
            problems.append(f"{name}: body has {words} words (80-600 wanted)")
        docs[name] = {"body": body, "header": keys}
    return docs, problems


def main():
    docs, problems = load_docs()
    gold = []
    with open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                try:
                    gold.append((i, json.loads(line)))
                except json.JSONDecodeError as e:
                    problems.append(f"gold.jsonl:{i}: not JSON ({e})")
    for i, g in gold:
        where = f"gold.jsonl:{i}"
        if sorted(g) != sorted(FIELDS):
            problems.append(f"{where}: fields {sorted(g)} != {sorted(FIELDS)}")
            continue
        d = docs.get(g["doc"])
        if d is None:
            problems.append(f"{where}: no passage {g['doc']}")
            continue
        for k in ("subject", "metric", "quote"):
            if not isinstance(g[k], str) or not g[k]:
                problems.append(f"{where}: {k} must be a non-empty string")
        if not re.match(r"^[a-z][a-z0-9_]*$", g["metric"] or ""):
            problems.append(f"{where}: metric {g['metric']!r} not snake_case")
        if g["unit"] not in UNITS:
            problems.append(f"{where}: unit {g['unit']!r}")
        if g["kind"] not in KINDS:
            problems.append(f"{where}: kind {g['kind']!r}")
        if g["qualifier"] is not None and not isinstance(g["qualifier"], str):
            problems.append(f"{where}: qualifier must be a string or null")
        if g["country"] is not None and not isinstance(g["country"], str):
            problems.append(f"{where}: country must be a string or null")
        why = period_ok(g["period"])
        if why:
            problems.append(f"{where}: {why}")
        for k in ("value", "value_high"):
            v = g[k]
            if v is None and k == "value_high":
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                problems.append(f"{where}: {k} must be a number")
        if g["unit"] == "percent" and not isinstance(g["value"], float):
            problems.append(f"{where}: percent value should be written as a float (24.0)")
        body, s, e = d["body"], g["start"], g["end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(body)):
            problems.append(f"{where}: bad offsets {s}..{e}")
            continue
        span = body[s:e]
        if span != span.strip() or not re.search(r"\d|[a-z]", span):
            problems.append(f"{where}: span {span!r} is not a clean number mention")
        q = g["quote"]
        covers = [
            m.start() for m in re.finditer(re.escape(q), body) if m.start() <= s and e <= m.start() + len(q)
        ]
        if q not in body:
            problems.append(f"{where}: quote not in body: {q[:60]!r}")
        elif not covers:
            problems.append(f"{where}: quote does not contain the span {span!r}")
        read = read_span(span)
        want = [g["value"]] + ([g["value_high"]] if g["value_high"] is not None else [])
        if want and want[0] < 0:  # a decline written as "fell 7 percent" is stored signed
            want = [abs(w) for w in want]
        if len(read) != len(want) or not all(close(a, b) for a, b in zip(read, want, strict=False)):
            problems.append(f"{where}: span {span!r} reads as {read}, labelled {want}")
    # coverage table
    cov = {}
    cov_path = os.path.join(HERE, "coverage.tsv")
    with open(cov_path, encoding="utf-8") as handle:
        cov_lines = handle.read().splitlines(keepends=True)
    for line in cov_lines:
        if line.startswith("#") or not line.strip():
            continue
        name, cats = line.rstrip("\n").split("\t")[:2]
        cov[name] = [int(c) for c in cats.split(",") if c.strip()]
        if name not in docs:
            problems.append(f"coverage.tsv: no passage {name}")
    for name in docs:
        if name not in cov:
            problems.append(f"coverage.tsv: passage {name} not listed")
    facts = [g for _, g in gold if isinstance(g, dict) and "doc" in g]
    per_doc = collections.Counter(g["doc"] for g in facts)
    print(f"passages: {len(docs)}   facts: {len(facts)}")
    print("\nfacts by kind:", dict(collections.Counter(g.get("kind") for g in facts)))
    print("facts by country:", dict(collections.Counter(g.get("country") for g in facts)))
    print("facts by unit:", dict(collections.Counter(g.get("unit") for g in facts)))
    print("passages with zero facts:", sorted(n for n in docs if per_doc[n] == 0))
    names = {
        1: "other countries beside Pakistan",
        2: "period named once / relative periods",
        3: "kinds (comparison, target, projection)",
        4: "enumerations and mixed scales",
        5: "subjects (actor, pronoun, phase)",
        6: "noise and zero-fact passages",
    }
    print("\n| # | passage kind | passages | facts in those passages |")
    print("|---|---|---|---|")
    for c in range(1, 7):
        ds = [n for n, cs in cov.items() if c in cs]
        print(f"| {c} | {names[c]} | {len(ds)} | {sum(per_doc[n] for n in ds)} |")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
