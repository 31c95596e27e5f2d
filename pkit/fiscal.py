"""Pakistan's fiscal year runs July to June; a year is named by its start: ``FY2023-24`` starts July 2023.

The one home of the rule in Python (extractor, official tables and their checks, report, benchmark);
dbt's ``fiscal_year_of`` macro states it in SQL and ``tests/pkit/test_fiscal.py`` checks the two agree.
"""

from __future__ import annotations

import re

FIRST_MONTH = 7  # July
_LABEL = re.compile(r"^FY(\d{4})-(\d{2})$")


def fy_label(start: int) -> str:
    """``FY2023-24`` for the fiscal year that starts in July 2023."""
    return f"FY{start}-{(start + 1) % 100:02d}"


def fy_start(year: int, month: int) -> int:
    """The start year of the fiscal year that calendar ``year``-``month`` falls in."""
    return year if month >= FIRST_MONTH else year - 1


def fiscal_year_of(month: str) -> str:
    """``2024-11`` → ``FY2024-25``."""
    return fy_label(fy_start(int(month[:4]), int(month[5:7])))


def fiscal_month(month: int) -> int:
    """Position of a calendar month in the fiscal year: July 1 … June 12."""
    return (month - FIRST_MONTH) % 12 + 1


def parse_fy_label(label: str) -> int | None:
    """``FY2023-24`` → 2023; None unless the label is well formed with consecutive years."""
    match = _LABEL.match(label)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        return None
    return int(match[1])
