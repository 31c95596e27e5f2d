"""The evaluator: the contract's matching rule, and the extractor's scores on the hand-labelled gold."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from pkit.ingestion.extract.evaluate import TARGETS, _map_q3_unit, evaluate, merge_rows, score_doc


def row(value: float, unit: str = "USD", high: float | None = None, **extra: Any) -> dict[str, Any]:
    base = {"doc": "d", "subject": "S", "metric": "m", "value": value, "value_high": high, "qualifier": None,
            "unit": unit, "period": None, "kind": "actual", "quote": ""}  # fmt: skip
    return {**base, **extra}


def test_values_match_within_half_a_percent_and_same_unit() -> None:
    gold = [row(1_000_000)]
    assert score_doc(gold, [row(1_004_900)]).matched == 1
    assert score_doc(gold, [row(1_006_000)]).matched == 0
    assert score_doc(gold, [row(1_000_000, unit="PKR")]).matched == 0


def test_ranges_must_match_at_both_ends() -> None:
    gold = [row(18e6, high=20e6)]
    assert score_doc(gold, [row(18e6, high=20e6)]).matched == 1
    assert score_doc(gold, [row(18e6)]).matched == 0
    assert score_doc(gold, [row(18e6, high=25e6)]).matched == 0


def test_each_gold_fact_matches_at_most_one_prediction() -> None:
    score = score_doc([row(5.2e9), row(5.2e9)], [row(5.2e9)])
    assert (score.matched, score.precision, score.recall) == (1, 1.0, 0.5)
    score = score_doc([row(5.2e9)], [row(5.2e9), row(5.2e9)])
    assert (score.matched, score.precision, score.recall) == (1, 0.5, 1.0)


def test_agreement_is_counted_on_matched_pairs() -> None:
    gold = [row(1.0, unit="percent", period="FY2023-24", kind="actual", subject="Pakistan ICT exports")]
    pred = [row(1.0, unit="percent", period="FY2023-24", kind="target", subject="pakistan  ICT exports")]
    score = score_doc(gold, pred)
    assert score.agreement("period") == 1.0 and score.agreement("kind") == 0.0
    assert score.agreement("subject") == 1.0  # case and spacing do not count


def test_merge_rows_joins_restatements() -> None:
    rows = [row(5.2e9, quote="a"), row(5.2e9, quote="b"), row(3.8e9)]
    assert len(merge_rows(rows)) == 2


@pytest.mark.parametrize("level", ["mentions", "facts"])
def test_extractor_meets_the_targets_on_the_gold(level: str) -> None:
    report = evaluate(level=level)
    overall = report.overall
    assert overall.gold > 0 and overall.matched > 0
    assert overall.precision >= TARGETS["precision"], overall.extras
    assert overall.recall >= TARGETS["recall"], overall.misses
    for name in ("period", "kind", "metric", "subject"):
        assert overall.agreement(name) >= TARGETS[name], [d for d in overall.disagreements if d[0] == name]
    assert all(report.meets_targets().values())


def _q3(name: str, start: int) -> SimpleNamespace:
    return SimpleNamespace(unit=SimpleNamespace(name=name), span=(start, start + 3))


def test_quantulum_units_are_mapped_to_contract_units() -> None:
    text = "Rs 260 million and 5 km"
    assert _map_q3_unit(_q3("dollar", 0), text) == "USD"
    assert _map_q3_unit(_q3("percentage", 0), text) == "percent"
    assert _map_q3_unit(_q3("square foot", 0), text) == "sqft"
    assert _map_q3_unit(_q3("kilometre", 0), text) == "km"
    assert _map_q3_unit(_q3("terabit per second", 0), text) == "Tbps"
    assert _map_q3_unit(_q3("dimensionless", text.index("260")), text) == "PKR"  # a rupee sign before it
    assert _map_q3_unit(_q3("dimensionless", text.index("5 km")), text) == "count"
    assert _map_q3_unit(_q3("kelvin", 0), text) is None


def test_load_gold_keeps_pakistan_rows_unless_asked(tmp_path):
    from pkit.ingestion.extract.evaluate import load_gold

    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"doc": "a", "value": 1, "country": "Pakistan"}\n{"doc": "a", "value": 2, "country": "India"}\n'
        '{"doc": "a", "value": 3}\n',
        encoding="utf-8",
    )
    assert [r["value"] for r in load_gold(path)] == [1, 3]
    assert [r["value"] for r in load_gold(path, None)] == [1, 2, 3]
