"""Small helpers so every expectation in a suite carries the reason a data steward reads."""

from __future__ import annotations

from typing import Any

import great_expectations.expectations as gxe


def expect(
    cls: type[gxe.Expectation], reason: str, *, warn_only: bool = False, **kwargs: Any
) -> gxe.Expectation:
    """An expectation with ``meta.reason``; ``warn_only`` ones are reported but do not block the load."""
    return cls(meta={"reason": reason}, severity="warning" if warn_only else "critical", **kwargs)


def cited(table: str) -> list[gxe.Expectation]:
    """Every official row names the page it came from (the warehouse keeps it through to the marts)."""
    return [
        expect(
            gxe.ExpectColumnValuesToNotBeNull,
            f"Every {table} row must cite the page it was read from (source_url).",
            column="source_url",
        ),
        expect(
            gxe.ExpectColumnValuesToMatchRegex,
            "A citation must be a web address an analyst can open.",
            column="source_url",
            regex=r"^https?://",
        ),
        expect(
            gxe.ExpectColumnValuesToNotBeNull,
            f"Every {table} row must name its source (source_title).",
            column="source_title",
        ),
    ]
