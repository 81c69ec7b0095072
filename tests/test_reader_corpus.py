"""Every real notice and every SDK example reads; extracted facts equal the independently computed ones."""

from __future__ import annotations

import json

import pytest

from sppmon.errors import CATALOGUE, CatalogedError
from sppmon.facts import CONTRACT_KEYS, notice_facts
from sppmon.readers import read_notice

from .conftest import SHARED, SHARED_AVAILABLE

pytestmark = pytest.mark.shared


def _expected() -> list[dict[str, object]]:
    if not SHARED_AVAILABLE:
        return []
    lines = (SHARED / "corpus" / "expected" / "eforms.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


EXPECTED = _expected()


def _canonical_cvd(rows: list[dict[str, object]]) -> list[str]:
    # The expected file lists vehicle statistics sorted by their JSON text; the order carries no meaning.
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def _contract_view(facts: dict[str, object], lot_keys: list[str]) -> dict[str, object]:
    view = {key: facts[key] for key in CONTRACT_KEYS}
    view["lots"] = [{key: lot[key] for key in lot_keys} for lot in facts["lots"]]  # type: ignore[attr-defined]
    view["cvd"] = _canonical_cvd(facts["cvd"])  # type: ignore[arg-type]
    return view


@pytest.mark.skipif(not EXPECTED, reason="shared corpus absent")
@pytest.mark.parametrize("expected", EXPECTED, ids=[str(e["file"]).rsplit("/", 1)[-1] for e in EXPECTED])
def test_expected_facts(expected: dict[str, object]) -> None:
    path = SHARED / str(expected["file"])
    is_invalid_example = path.name.startswith("INVALID_")
    try:
        notice = read_notice(path.read_bytes())
    except CatalogedError as error:
        # Only the deliberately invalid SDK examples may be rejected, and then with a catalogued code.
        assert is_invalid_example, f"{path.name} rejected: {error}"
        assert error.code in CATALOGUE
        return
    wanted = {key: value for key, value in expected.items() if key != "file"}
    lot_keys = sorted({key for lot in wanted["lots"] for key in lot}) or ["lot_id"]  # type: ignore[attr-defined]
    wanted["cvd"] = _canonical_cvd(wanted["cvd"])  # type: ignore[arg-type]
    assert _contract_view(notice_facts(notice), lot_keys) == wanted


def test_every_expected_notice_is_covered() -> None:
    files = {str(e["file"]) for e in EXPECTED}
    corpus = {f"corpus/eforms/{p.name}" for p in (SHARED / "corpus" / "eforms").glob("*.xml")}
    examples = {f"eforms-sdk/examples/{p.name}" for p in (SHARED / "eforms-sdk" / "examples").glob("*.xml")}
    assert corpus | examples <= files


def test_valid_sdk_examples_all_read() -> None:
    for path in sorted((SHARED / "eforms-sdk" / "examples").glob("*.xml")):
        if path.name.startswith("INVALID_"):
            continue
        notice = read_notice(path.read_bytes())
        assert notice.notice_id, path.name
        assert notice.subtype, path.name


def test_cvd_statistics_of_the_maximal_example() -> None:
    notice = read_notice((SHARED / "eforms-sdk" / "examples" / "can_24_maximal.xml").read_bytes())
    counts = {(v.vehicle_category, v.vehicle_type): v.count for r in notice.lot_results for v in r.vehicles}
    assert counts == {
        ("n2-n3", "vehicles"): 45,
        ("n2-n3", "vehicles-clean"): 10,
        ("n2-n3", "vehicles-zero-emission"): 2,
    }
    eed = [item for result in notice.lot_results for item in result.eed_items]
    assert {(item.item, item.basis) for item in eed} >= {("computer", "eco-des"), ("lo-spa-hea", "enrg-lab")}
    labelled = next(item for item in eed if item.item == "lo-spa-hea")
    assert labelled.label == "ENERA3"


def test_winners_are_linked_through_contracts_tenders_and_parties() -> None:
    notice = read_notice((SHARED / "eforms-sdk" / "examples" / "can_24_maximal.xml").read_bytes())
    by_lot: dict[str, set[str]] = {}
    for winner in notice.winners:
        by_lot.setdefault(winner.lot_id, set()).add(winner.org_id)
    # RES-0001 → CON-0001 → TEN-0001 → TPA-0001: a consortium of ORG-0008 (lead) and ORG-0009.
    assert {"ORG-0008", "ORG-0009"} <= by_lot["LOT-0001"]
    sizes = {org.org_id: org.size for org in notice.organisations}
    assert sizes["ORG-0008"] == "large"
    assert sizes["ORG-0009"] == "micro"
