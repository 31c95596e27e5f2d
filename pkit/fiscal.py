"""Pakistan's fiscal year runs July to June; a year is named by its start: ``FY2023-24`` starts July 2023.

One spelling of the label for every part of pkit (extractor, official tables, report, benchmark); it
is the spelling the dbt models parse back.
"""

from __future__ import annotations


def fy_label(start: int) -> str:
    """``FY2023-24`` for the fiscal year that starts in July 2023."""
    return f"FY{start}-{(start + 1) % 100:02d}"
