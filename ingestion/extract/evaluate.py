"""Score the extractor against hand-labelled facts, side by side with quantulum3.

    python -m pkit.ingestion.extract.evaluate [--gold tests/data/gold/seeds.jsonl] [--docs data/documents]

Matching rule (docs/fact-schema.md): a prediction matches a gold fact when it is from the same
document, has the same unit, and its value is within 0.5 % of the gold value (``value_high`` likewise);
each gold fact matches at most one prediction. Precision = matched / predicted, recall = matched /
gold. Over matched pairs, agreement on period, kind, metric and subject is reported (period exact;
kind and metric case-insensitive; subject case- and space-insensitive).

Scores are given at two levels: *mentions* (every gold row, as labelled: a restated figure is a row
each time) and *facts* (rows equal on doc, subject, metric, value, qualifier, value_high, unit, period
and kind merged, on both sides, as tests/data/gold/notes.md suggests).

quantulum3 is a general quantity parser; its quantities are mapped to the contract's units as fairly
as we can (dollar -> USD, a rupee symbol before a dimensionless number -> PKR, percentage -> percent,
square foot/metre, kilometre, terabit per second, day, dimensionless -> count) and scored on value
and unit only (it has no notion of subject, metric, period or kind). It is imported only here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pkit.ingestion.extract import detect_metadata, extract_facts
from pkit.ingestion.extract.metadata import clear_caches

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = ROOT / "tests" / "data" / "gold" / "seeds.jsonl"
DEFAULT_DOCS = ROOT / "data" / "documents"
TOLERANCE = 0.005
FIELDS = ("period", "kind", "metric", "subject")
MERGE_KEY = ("doc", "subject", "metric", "value", "qualifier", "value_high", "unit", "period", "kind")
TARGETS = {"precision": 0.95, "recall": 0.95, "period": 0.90, "kind": 0.90, "metric": 0.80, "subject": 0.80}


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[dict[str, Any]] = field(default_factory=list)  # gold rows with no prediction
    extras: list[dict[str, Any]] = field(default_factory=list)  # predictions matching no gold row
    disagreements: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def agreement(self, name: str) -> float:
        return self.agree[name] / self.matched if self.matched else 0.0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        for name in FIELDS:
            self.agree[name] += other.agree[name]
        self.misses += other.misses
        self.extras += other.extras
        self.disagreements += other.disagreements


@dataclass
class Report:
    level: str
    per_doc: dict[str, Score]
    overall: Score

    def meets_targets(self) -> dict[str, bool]:
        o = self.overall
        values = {"precision": o.precision, "recall": o.recall, **{f: o.agreement(f) for f in FIELDS}}
        return {name: values[name] >= goal for name, goal in TARGETS.items()}


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if b == 0:
        return a == 0
    return abs(a - b) <= TOLERANCE * abs(b)


def _norm(name: str, value: Any) -> Any:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text if name == "period" else text.casefold()


def _quote_overlap(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    p, g = str(pred.get("quote") or ""), str(gold.get("quote") or "")
    return bool(p and g) and (g in p or p in g)


def score_doc(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], with_fields: bool = True) -> Score:
    """One document: greedy one-to-one matching, preferring predictions from the gold row's quote."""
    score = Score(gold=len(gold), predicted=len(predicted))
    used: set[int] = set()
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    unmatched: list[dict[str, Any]] = []
    for g in gold:
        candidates = [
            i
            for i, p in enumerate(predicted)
            if i not in used
            and p["unit"] == g["unit"]
            and _close(p["value"], g["value"])
            and _close(p.get("value_high"), g.get("value_high"))
        ]
        if not candidates:
            unmatched.append(g)
            continue

        def rank(i: int, g: dict[str, Any] = g) -> tuple[int, int]:
            p = predicted[i]
            agree = sum(_norm(f, p.get(f)) == _norm(f, g.get(f)) for f in FIELDS) if with_fields else 0
            return (2 if _quote_overlap(p, g) else 0, agree)

        best = max(candidates, key=rank)
        used.add(best)
        pairs.append((g, predicted[best]))
    score.matched = len(pairs)
    score.misses = unmatched
    score.extras = [p for i, p in enumerate(predicted) if i not in used]
    if with_fields:
        for g, p in pairs:
            for name in FIELDS:
                if _norm(name, p.get(name)) == _norm(name, g.get(name)):
                    score.agree[name] += 1
                else:
                    score.disagreements.append((name, g, p))
    return score


def merge_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows equal on the merge key (all fields but the quote) become one."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(
            _norm(k, row.get(k)) if k not in ("value", "value_high") else row.get(k) for k in MERGE_KEY
        )
        seen.setdefault(key, row)
    return list(seen.values())


def load_gold(path: Path, country: str | None = "Pakistan") -> list[dict[str, Any]]:
    """Gold rows; where rows carry a ``country`` (the held-out and dev sets), only that country's, since
    the extractor states Pakistan's facts only (``country=None`` keeps every row)."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    if country is None:
        return rows
    return [row for row in rows if row.get("country", country) == country]


def read_docs(docs: Path, names: Iterable[str]) -> dict[str, str]:
    return {name: (docs / name).read_text(encoding="utf-8") for name in sorted(set(names))}


def predict_ours(texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    clear_caches()  # each run pays for metadata detection, as a fresh document would
    out = {}
    for name, text in texts.items():
        published = detect_metadata(text).published_date
        out[name] = [f.to_dict() for f in extract_facts(text, name, published_date=published)]
    return out


def build_report(
    level: str,
    gold: list[dict[str, Any]],
    predicted: dict[str, list[dict[str, Any]]],
    with_fields: bool = True,
) -> Report:
    per_doc: dict[str, Score] = {}
    overall = Score()
    for name in sorted(predicted):
        g = [row for row in gold if row["doc"] == name]
        p = predicted[name]
        if level == "facts":
            g, p = merge_rows(g), merge_rows(p)
        score = score_doc(g, p, with_fields)
        per_doc[name] = score
        overall.add(score)
    return Report(level, per_doc, overall)


def evaluate(gold_path: Path = DEFAULT_GOLD, docs: Path = DEFAULT_DOCS, level: str = "mentions") -> Report:
    """The extractor's scores on the gold set (no quantulum3 needed)."""
    gold = load_gold(gold_path)
    texts = read_docs(docs, (row["doc"] for row in gold))
    return build_report(level, gold, predict_ours(texts))


# --- quantulum3 -------------------------------------------------------------------------------

_Q3_UNITS = {
    "percentage": "percent", "per cent": "percent", "percent": "percent", "square foot": "sqft",
    "square metre": "sqm", "square meter": "sqm", "kilometre": "km", "kilometer": "km",
    "terabit per second": "Tbps", "day": "days", "dimensionless": "count",
}  # fmt: skip
_PKR_BEFORE = re.compile(r"(?:Rs\.?|PKR|Rupees?)\s?$")
_USD_BEFORE = re.compile(r"(?:US\$|USD|\$)\s?$")


def quantulum_predict(texts: dict[str, str]) -> tuple[dict[str, list[dict[str, Any]]], float]:
    """quantulum3's quantities per document, mapped to contract units; and the seconds it took."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser  # lazy: a development dependency only

        parser.parse("warm up 5 km")  # loads its unit tables; not counted in throughput
        out: dict[str, list[dict[str, Any]]] = {}
        t0 = time.perf_counter()
        for name, text in texts.items():
            rows = []
            for q in parser.parse(text):
                unit = _map_q3_unit(q, text)
                if unit is None:
                    continue
                value, high = float(q.value), None
                if q.uncertainty:
                    value, high = float(q.value - q.uncertainty), float(q.value + q.uncertainty)
                rows.append(
                    {"doc": name, "value": value, "value_high": high, "unit": unit, "quote": q.surface}
                )
            out[name] = rows
        seconds = time.perf_counter() - t0
    return out, seconds


def _map_q3_unit(q: Any, text: str) -> str | None:
    name = str(q.unit.name).lower()
    if name.startswith("dollar"):
        return "USD"
    if "rupee" in name:
        return "PKR"
    if name.startswith("terabit"):
        return "Tbps"
    unit = _Q3_UNITS.get(name)
    if unit == "count":
        before = text[max(0, q.span[0] - 6) : q.span[0]]
        if _PKR_BEFORE.search(before):
            return "PKR"
        if _USD_BEFORE.search(before):
            return "USD"
    return unit


# --- throughput -------------------------------------------------------------------------------


def throughput(run: Callable[[], object], nbytes: int, min_seconds: float = 1.0) -> float:
    """MB/s of ``run`` over ``nbytes`` of text, repeated for at least ``min_seconds``."""
    rounds, t0 = 0, time.perf_counter()
    while True:
        run()
        rounds += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return nbytes * rounds / elapsed / 1e6


# --- printing ---------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x:5.3f}"


def format_table(ours: Report, theirs: Report | None) -> str:
    head = f"{'document':<26} {'gold':>4} | {'ours P':>6} {'R':>5} {'F1':>5} {'pred':>4}"
    if theirs is not None:
        head += f" | {'q3 P':>5} {'R':>5} {'F1':>5} {'pred':>4}"
    lines = [f"level: {ours.level}", head, "-" * len(head)]
    for name, s in [*ours.per_doc.items(), ("OVERALL", ours.overall)]:
        row = (
            f"{name:<26} {s.gold:>4} | {_pct(s.precision):>6} {_pct(s.recall)} {_pct(s.f1)} {s.predicted:>4}"
        )
        if theirs is not None:
            t = theirs.overall if name == "OVERALL" else theirs.per_doc[name]
            row += f" | {_pct(t.precision)} {_pct(t.recall)} {_pct(t.f1)} {t.predicted:>4}"
        lines.append(row)
    lines.append("")
    lines.append(
        f"agreement on matched facts (ours; quantulum3 has no such fields), n={ours.overall.matched}:"
    )
    lines.append("  " + "  ".join(f"{f} {_pct(ours.overall.agreement(f))}" for f in FIELDS))
    per_doc = "  ".join(
        f"{name[:3]}: " + "/".join(f"{s.agreement(f):.2f}" for f in FIELDS)
        for name, s in ours.per_doc.items()
    )
    lines.append(f"  per document (period/kind/metric/subject): {per_doc}")
    met = ours.meets_targets()
    lines.append("targets: " + "  ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in met.items()))
    return "\n".join(lines)


def format_details(report: Report) -> str:
    lines = []
    for g in report.overall.misses:
        quote = str(g.get("quote", ""))[:90]
        lines.append(f"  missed  {g['doc'][:3]} {g['value']} {g['unit']} ({g.get('metric')}): {quote}")
    for p in report.overall.extras:
        quote = str(p.get("quote", ""))[:90]
        lines.append(f"  extra   {p['doc'][:3]} {p['value']} {p['unit']} ({p.get('metric')}): {quote}")
    for name, g, p in report.overall.disagreements:
        lines.append(f"  {name:<8} {g['doc'][:3]} {g['value']:>14} gold={g.get(name)!r} ours={p.get(name)!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--no-quantulum", action="store_true", help="skip the quantulum3 baseline")
    parser.add_argument("--details", action="store_true", help="list misses, extras and disagreements")
    parser.add_argument(
        "--all-countries",
        action="store_true",
        help="also score gold rows labelled with another country (they count as misses)",
    )
    args = parser.parse_args(argv)

    gold = load_gold(args.gold, None if args.all_countries else "Pakistan")
    names = [row["doc"] for row in gold]
    if args.gold.resolve().parent == args.docs.resolve():
        # a labelled folder (gold.jsonl beside its passages): passages with no fact are scored too
        names += [path.name for path in args.docs.glob("*.txt")]
    texts = read_docs(args.docs, names)
    nbytes = sum(len(t.encode("utf-8")) for t in texts.values())
    ours = predict_ours(texts)
    q3: dict[str, list[dict[str, Any]]] | None = None
    q3_seconds = 0.0
    if not args.no_quantulum:
        try:
            q3, q3_seconds = quantulum_predict(texts)
        except ImportError:
            print(
                "quantulum3 is not installed (.venv/bin/pip install -r requirements-dev.lock); skipping it\n"
            )
    for level in ("mentions", "facts"):
        report = build_report(level, gold, ours)
        theirs = build_report(level, gold, q3, with_fields=False) if q3 is not None else None
        print(format_table(report, theirs))
        if args.details and level == "mentions":
            print(format_details(report))
        print()
    ours_mbs = throughput(lambda: predict_ours(texts), nbytes)
    print(f"throughput on the {len(texts)} gold documents ({nbytes:,} bytes), one core:")
    print(f"  ours       {ours_mbs:8.3f} MB/s")
    if q3 is not None:
        print(f"  quantulum3 {nbytes / q3_seconds / 1e6:8.3f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
