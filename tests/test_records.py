"""The quicker constructor of frozen records: the same signature, the same records, the same refusals."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from sppmon import model
from sppmon.detect.context import Context
from sppmon.detect.matcher import Hit, Scan
from sppmon.pipeline import Outcome
from sppmon.readers.eforms_result import NoticeResultFacts
from sppmon.records import quick_init
from sppmon.sources.files import Item
from sppmon.store.rows import StoredNotice

MODEL_RECORDS = [
    value
    for value in vars(model).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == model.__name__
]
RECORDS = [*MODEL_RECORDS, Hit, Scan, Context, NoticeResultFacts, Item, Outcome, StoredNotice]


def _generated(cls: type) -> type:
    """The same fields as a plain frozen dataclass: the constructor Python itself would make."""
    fields = [
        (f.name, Any, field(default=f.default) if f.default is not dataclasses.MISSING else field())
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)


def _shape(cls: type) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(cls).parameters.values()]


def test_every_quick_record_of_the_model_is_covered() -> None:
    assert len(MODEL_RECORDS) >= 16
    assert all(cls.__init__.__module__ == cls.__module__ for cls in RECORDS)  # replaced, not the generated one


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_quick_record_has_the_dataclass_signature_and_values(cls: type) -> None:
    reference = _generated(cls)
    assert _shape(cls) == _shape(reference)
    names = [f.name for f in dataclasses.fields(cls)]
    values = {name: f"value {number}" for number, name in enumerate(names)}
    built, expected = cls(**values), reference(**values)
    assert [getattr(built, name) for name in names] == [getattr(expected, name) for name in names]
    positional = cls(*values.values())
    assert positional == built and hash(positional) == hash(built)
    required = {f.name: 1 for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING}
    assert [getattr(cls(**required), name) for name in names] == [getattr(reference(**required), n) for n in names]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, names[0], "changed")
    with pytest.raises(TypeError):
        cls(**values, unknown=1)


def test_a_quick_record_keeps_replace_and_equality() -> None:
    amount = model.Amount(Decimal("12.50"), "EUR")
    lot = model.Lot("LOT-0001", estimated_value=amount, titles=(model.Text("nl", "Schoonmaak"),))
    changed = dataclasses.replace(lot, cpv_main="90910000")
    assert changed.cpv_main == "90910000" and changed.titles == lot.titles and lot.cpv_main is None
    assert changed != lot and dataclasses.replace(changed, cpv_main=None) == lot


def test_quick_init_refuses_a_constructor_that_does_more_than_store() -> None:
    @dataclass(frozen=True)
    class Unslotted:
        a: int

    @dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = field(default_factory=list)

    @dataclass(frozen=True, slots=True)
    class Later:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        a: int

    for cls in (Unslotted, Factory, Later, KeywordOnly):
        with pytest.raises(TypeError, match="quick_init"):
            quick_init(cls)
