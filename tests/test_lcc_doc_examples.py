"""The worked examples of docs/lcc.md, read from the page itself: each input block is computed and every figure
of the table under it compared, to the decimals the page writes — the page cannot drift from the code."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from sppmon.planning.lcc import compare, parse_lcc, results_as_dict
from sppmon.planning.lcc_sensitivity import sensitivity

DOC = Path(__file__).resolve().parent.parent / "docs" / "lcc.md"
_EXAMPLE = re.compile(r"^\*\*(\d+)\. ([^*]+)\*\*", re.MULTILINE)
_BLOCK = re.compile(r"```yaml\n(.*?)```\n+((?:\|[^\n]*\|\n)+)", re.DOTALL)


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Worked examples")
    return text[start : text.index("\n## ", start + 1)]


def _expected(table: str) -> list[tuple[str, str, str]]:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]
    assert rows[0] == ["offer", "figure", "expected"] and set(rows[1][0]) <= {"-"}, rows[:2]
    return [(offer, figure, expected) for offer, figure, expected in rows[2:]]


def doc_examples() -> list[tuple[str, dict[str, Any], list[tuple[str, str, str]]]]:
    """(example title, input, [(offer, figure, expected as written)]) of every input block of the section."""
    section = _section()
    starts = [
        (match.start(), f"{match.group(1)}. {match.group(2).rstrip('.')}") for match in _EXAMPLE.finditer(section)
    ]
    found = []
    for index, (start, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(section)
        for number, match in enumerate(_BLOCK.finditer(section, start, end), start=1):
            found.append((f"{title} ({number})", yaml.safe_load(match.group(1)), _expected(match.group(2))))
    return found


def _written(text: str) -> tuple[Decimal, Decimal]:
    """A figure as the page writes it (1,037.19; −500) and half a unit of its last decimal."""
    value = Decimal(text.replace(",", "").replace("−", "-"))
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return value, Decimal(5).scaleb(exponent - 1)


def _figure(data: Any, report: dict[str, Any], offer: str, figure: str) -> tuple[float, str | None]:
    """The computed figure, and for a break-even point the offer that becomes the cheapest."""
    if figure.startswith("break_even."):
        _, parameter, direction = figure.split(".")
        (point,) = [b for b in sensitivity(data).break_evens if (b.parameter, b.direction) == (parameter, direction)]
        assert point.value is not None
        return point.value, point.new_best
    (entry,) = [entry for entry in report["offers"] if entry["offer"] == offer]
    value: Any = entry
    for key in figure.split("."):
        value = value[key]
    return float(value), offer


EXAMPLES = doc_examples()


def test_the_page_has_its_six_worked_examples_each_with_figures() -> None:
    titles = {title.split(" (")[0] for title, _, _ in EXAMPLES}
    assert len(titles) == 6 and all(rows for _, _, rows in EXAMPLES), titles


@pytest.mark.parametrize(("title", "document", "rows"), EXAMPLES, ids=[title for title, _, _ in EXAMPLES])
def test_a_worked_example_of_the_page_gives_its_figures(
    title: str, document: dict[str, Any], rows: list[tuple[str, str, str]]
) -> None:
    data = parse_lcc(document)
    report = results_as_dict(data, compare(data))
    for offer, figure, text in rows:
        expected, tolerance = _written(text)
        value, named = _figure(data, report, offer, figure)
        assert abs(Decimal(repr(value)) - expected) <= tolerance, (title, offer, figure, value, text)
        assert named == offer, (title, figure, named)


def test_a_figure_the_page_would_get_wrong_is_caught() -> None:
    """The comparison is not vacuous: one cent off a written total fails."""
    title, document, rows = EXAMPLES[0]
    data = parse_lcc(document)
    report = results_as_dict(data, compare(data))
    offer, figure, text = next(row for row in rows if row[1] == "total")
    expected, tolerance = _written(text)
    value, _ = _figure(data, report, offer, figure)
    assert abs(Decimal(repr(value)) - (expected + Decimal("0.01"))) > tolerance, title
