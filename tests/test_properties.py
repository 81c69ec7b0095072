"""Property tests: generated notice → XML → reader gives back the same facts; mutated XML never crashes."""

from __future__ import annotations

import contextlib
import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from sppmon.errors import CatalogedError
from sppmon.readers import read_notice
from sppmon.sample import SampleGenerator
from sppmon.sample.model import NoticeDraft
from sppmon.sample.writer import notice_xml

from .conftest import FIXTURES

SEEDS = st.integers(min_value=0, max_value=2**31)


def _check_round_trip(draft: NoticeDraft) -> None:
    notice = read_notice(notice_xml(draft))
    assert (notice.notice_id, notice.version, notice.procedure_id) == (
        draft.notice_id,
        draft.version,
        draft.procedure_id,
    )
    assert (notice.subtype, notice.form_type, notice.legal_basis) == (
        draft.subtype,
        draft.form_type,
        draft.legal_basis,
    )
    assert notice.changed_notice == draft.changed_notice
    assert notice.language == draft.language
    assert list(notice.additional_languages) == draft.extra_languages
    assert [lot.lot_id for lot in notice.lots] == [lot.lot_id for lot in draft.lots]
    for lot, expected in zip(notice.lots, draft.lots, strict=True):
        assert lot.cpv_main == expected.purchase.cpv
        for name in (
            "strategic_procurement",
            "environmental_impact",
            "social_objective",
            "innovative_acquisition",
            "gpp_criteria",
            "accessibility",
            "reserved_procurement",
            "reserved_execution",
            "cvd_applicable",
        ):
            assert list(getattr(lot, name)) == sorted(set(getattr(expected, name))), name
        assert lot.estimated_value is not None
        assert lot.estimated_value.value == Decimal(expected.estimated_value)
        assert [(c.type, c.weight) for c in lot.award_criteria] == [
            (c.type, Decimal(c.weight)) for c in expected.criteria
        ]
        assert [(i.item, i.basis) for i in lot.eed_items] == expected.eed_items
        assert {t.value for t in lot.descriptions} == set(expected.descriptions.values())
    results = {result.lot_id: result for result in notice.lot_results}
    for expected_result in draft.results:
        result = results[expected_result.lot_id]
        assert result.winner_status == ("selec-w" if expected_result.selected else "clos-nw")
        vehicles = [(v.vehicle_category, v.vehicle_type, v.count) for v in result.vehicles]
        assert vehicles == expected_result.vehicles
        winners = {w.org_id for w in notice.winners if w.lot_id == expected_result.lot_id}
        assert winners == ({expected_result.winner.org_id} if expected_result.winner else set())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SEEDS)
def test_generated_notices_round_trip(seed: int) -> None:
    for draft in SampleGenerator(seed).drafts(6):
        _check_round_trip(draft)


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(buffer))
        action = rng.choice(("delete", "insert", "flip", "truncate"))
        if action == "delete":
            del buffer[position : position + rng.randint(1, 40)]
        elif action == "insert":
            buffer[position:position] = rng.choice((b"<", b">", b"&", b"\x00", b"</x>", b"<x>", "é".encode()))
        elif action == "flip":
            buffer[position] = rng.randrange(256)
        else:
            del buffer[position:]
        if not buffer:
            break
    return bytes(buffer)


def _mutate_tree(data: bytes, rng: random.Random) -> bytes:
    root = etree.fromstring(data)
    elements = list(root.iter())
    for _ in range(rng.randint(1, 5)):
        element = rng.choice(elements)
        action = rng.choice(("remove", "text", "attribute", "duplicate"))
        parent = element.getparent()
        if action == "remove" and parent is not None:
            parent.remove(element)
            elements = list(root.iter())
        elif action == "text":
            element.text = rng.choice(("", " ", "abc", "-1e999", "NaN", "9" * 40, "LOT-0001", "ééé"))
        elif action == "attribute":
            element.set(rng.choice(("listName", "schemeName", "currencyID", "languageID")), rng.choice(("", "x")))
        elif parent is not None:
            parent.append(etree.fromstring(etree.tostring(element)))
    return etree.tostring(root)


CORPUS = [
    (FIXTURES / "eforms" / "cn_sdk10_strategic.xml").read_bytes(),
    (FIXTURES / "eforms" / "can_cvd_eed.xml").read_bytes(),
    *(data for _, data in SampleGenerator(7).notices(4)),
]


def _read_or_reject(data: bytes) -> None:
    with contextlib.suppress(CatalogedError):
        read_notice(data)


@settings(max_examples=300, deadline=None)
@given(SEEDS, st.sampled_from(range(len(CORPUS))))
def test_mutated_bytes_never_crash_the_reader(seed: int, which: int) -> None:
    _read_or_reject(_mutate_bytes(CORPUS[which], random.Random(seed)))


@settings(max_examples=300, deadline=None)
@given(SEEDS, st.sampled_from(range(len(CORPUS))))
def test_mutated_trees_never_crash_the_reader(seed: int, which: int) -> None:
    _read_or_reject(_mutate_tree(CORPUS[which], random.Random(seed)))
