"""Golden tests: the facts of each fixture notice written in this repository equal the JSON beside it.

Set SPPMON_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sppmon.facts import notice_facts
from sppmon.readers import read_notice

from .conftest import FIXTURES

FIXTURE_NOTICES = sorted((FIXTURES / "eforms").glob("*.xml"))


@pytest.mark.parametrize("path", FIXTURE_NOTICES, ids=[p.stem for p in FIXTURE_NOTICES])
def test_golden_facts(path: Path) -> None:
    facts = notice_facts(read_notice(path.read_bytes()))
    golden = path.with_suffix(".facts.json")
    text = json.dumps(facts, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("SPPMON_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(text, encoding="utf-8")
    assert json.loads(golden.read_text(encoding="utf-8")) == json.loads(text)


def _fixture(name: str) -> bytes:
    return (FIXTURES / "eforms" / name).read_bytes()


def test_sdk_1_0_social_list_name_is_read_as_bt_775() -> None:
    lot = read_notice(_fixture("cn_sdk10_strategic.xml")).lots[0]
    assert lot.social_objective == ("opp",)
    assert lot.performance_terms[0].value.startswith("Inschakeling")


def test_touch_point_address_does_not_leak_into_the_organisation() -> None:
    notice = read_notice(_fixture("cn_sdk10_strategic.xml"))
    assert notice.organisations[0].country == "BEL"
    assert notice.organisations[0].city == "Brussel"


def test_names_are_whitespace_normalised_and_kept_per_language() -> None:
    names = read_notice(_fixture("cn_sdk10_strategic.xml")).organisations[0].names
    assert [(t.lang, t.value) for t in names] == [
        ("NLD", "FOD Beleid en Ondersteuning"),
        ("FRA", "SPF Stratégie et Appui"),
    ]


def test_unreadable_amount_is_a_warning_not_a_rejection() -> None:
    notice = read_notice(_fixture("cn_sdk10_strategic.xml"))
    assert notice.lots[1].estimated_value is None
    assert any(w.startswith("NOTICE_INVALID_VALUE") and "LOT-0002" in w for w in notice.warnings)


def test_unreadable_procedure_amount_is_a_warning_too() -> None:
    procedure_value = (
        b'<cbc:EstimatedOverallContractAmount currencyID="EUR">1500000</cbc:EstimatedOverallContractAmount>'
    )
    data = _fixture("cn_sdk10_strategic.xml")
    assert data.count(procedure_value) == 1
    notice = read_notice(data.replace(procedure_value, procedure_value.replace(b"1500000", b"1,5 M")))
    assert notice.estimated_value is None
    assert [w for w in notice.warnings if "BT-27-Procedure" in w] == [
        "NOTICE_INVALID_VALUE: BT-27-Procedure: '1,5 M' is not a number"
    ]


def test_winner_from_rank_one_tender_when_no_contract() -> None:
    notice = read_notice(_fixture("can_cvd_eed.xml"))
    winners = {(w.lot_id, w.org_id) for w in notice.winners}
    assert winners == {("LOT-0001", "ORG-0003"), ("LOT-0001", "ORG-0004"), ("LOT-0003", "ORG-0005")}
