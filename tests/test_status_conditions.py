"""``Status.where`` (the conditions the uptake counts use) agrees with comparing ``Status.sql`` to a status, for
every indicator's status, every variant it has, and every combination of values and NULLs of its columns."""

from __future__ import annotations

import itertools
import re

import duckdb
import pytest

from sppmon.indicators.base import DECLARED, DETECTED, EITHER
from sppmon.indicators.registry import REGISTRY
from sppmon.indicators.uptake import Status, Uptake

_COLUMN = re.compile(r"\bp\.([a-z_][a-z0-9_]*)\b")
_BOOLEANS = ("TRUE", "FALSE", "NULL")
_TEXTS = ("'yes'", "'none'", "'not-reported'", "'true'", "'false'", "'[true, false]'", "'other'", "NULL")


def _statuses() -> list[tuple[str, Status]]:
    measures = [(code, indicator.measure) for code, indicator in REGISTRY.items()]
    return [(code, measure.status) for code, measure in measures if isinstance(measure, Uptake)]


def _domain(column: str) -> tuple[str, ...]:
    boolean = column.endswith("_detected") or column in {"sme_suitable"}
    return _BOOLEANS if boolean else _TEXTS


def _variants(status: Status) -> list[str]:
    return [DECLARED, DETECTED, EITHER] if status.detection_columns else [DECLARED]


def test_the_statuses_include_the_three_way_and_the_several_detections() -> None:
    statuses = [status for _, status in _statuses()]
    assert len(statuses) >= 8
    assert any(status.declared_when for status in statuses)
    assert any(len(status.detection_columns) > 1 for status in statuses)


@pytest.mark.parametrize(("code", "status"), _statuses(), ids=[code for code, _ in _statuses()])
def test_where_agrees_with_the_status_text(code: str, status: Status) -> None:
    connection = duckdb.connect()
    for variant in _variants(status):
        texts = [status.sql(variant), status.where(variant, "yes"), status.where(variant, "none")]
        columns = sorted({name for text in texts for name in _COLUMN.findall(text)})
        rows = list(itertools.product(*(_domain(name) for name in columns)))
        values = ", ".join("(" + ", ".join(row) + ")" for row in rows)
        frame = f"(VALUES {values}) p({', '.join(columns)})"
        for value in ("yes", "none"):
            compared = f"CASE WHEN {status.sql(variant)} = '{value}' THEN 1 ELSE 0 END"
            condition = f"CASE WHEN {status.where(variant, value)} THEN 1 ELSE 0 END"
            disagreeing = connection.execute(f"SELECT COUNT(*) FROM {frame} WHERE ({compared}) <> ({condition})")
            assert disagreeing.fetchone() == (0,), (code, variant, value)
        assert len(rows) >= 3


def test_three_way_keeps_its_status_text() -> None:
    status = Status.three_way("p.a", "NOT p.a")
    assert status.sql(DECLARED) == "(CASE WHEN p.a THEN 'yes' WHEN NOT p.a THEN 'none' ELSE 'not-reported' END)"
    assert status.where(DECLARED, "yes") == "(p.a)"


def test_where_refuses_an_unknown_status() -> None:
    with pytest.raises(Exception, match="unknown status"):
        Status("p.green_status", "p.green_detected").where(DETECTED, "not-reported")
