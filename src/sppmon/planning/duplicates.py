"""Rows of a purchase plan entered twice.

- An **exact duplicate** repeats an earlier row cell for cell (after trimming spaces and ignoring case): it is
  reported (``PLAN_DUPLICATE_ROW``) and ranked once.
- **Similar rows** share the department and the CPV code, are planned within :data:`NEAR_DAYS` of each other,
  and have the same estimated value or descriptions at least :data:`SIMILAR_TEXT` alike: they are reported
  (``PLAN_SIMILAR_ROWS``) and both ranked, because two lots of one purchase look like this too.

Linear in the plan: rows are grouped by department and CPV code, and each row is compared with at most
:data:`COMPARED` earlier rows of its group.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .plan import PlannedPurchase

NEAR_DAYS = 92
SIMILAR_TEXT = 0.85
COMPARED = 25


@dataclass(frozen=True, slots=True)
class DuplicateNote:
    row: int
    earlier_row: int
    code: str  # PLAN_DUPLICATE_ROW or PLAN_SIMILAR_ROWS


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def exact_key(cells: Sequence[object]) -> tuple[str, ...]:
    """A row's cells as compared for exact duplicates (trailing empty cells ignored)."""
    values = [_plain(str(cell)) if cell is not None else "" for cell in cells]
    while values and not values[-1]:
        values.pop()
    return tuple(values)


def similar_rows(items: Sequence[PlannedPurchase]) -> list[DuplicateNote]:
    """The rows that look like an earlier row of the plan (see the module's rules)."""
    groups: dict[tuple[str, str], list[PlannedPurchase]] = {}
    notes = []
    for item in items:
        group = groups.setdefault((_plain(item.department), item.cpv), [])
        for earlier in reversed(group[-COMPARED:]):
            if abs((item.planned_launch - earlier.planned_launch).days) > NEAR_DAYS:
                continue
            same_value = item.estimated_value == earlier.estimated_value
            alike = difflib.SequenceMatcher(None, _plain(item.description), _plain(earlier.description)).ratio()
            if same_value or alike >= SIMILAR_TEXT:
                notes.append(DuplicateNote(item.row, earlier.row, "PLAN_SIMILAR_ROWS"))
                break
        group.append(item)
    return notes
