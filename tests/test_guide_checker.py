"""The notice checker: rules fire on the cases they describe, the evidence section is fed by the function the
caller gives, and the JSON/text outputs hold the recommendations."""

from __future__ import annotations

import html
import json
import re
import string
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sppmon.cli import main
from sppmon.errors import CatalogedError
from sppmon.guide.checker import EVIDENCE_NOT_RUN, EVIDENCE_RUN, check_bytes, check_notice
from sppmon.guide.rules import FINDING_RULES, MESSAGE_KEY_PREFIX, Finding, finding
from sppmon.model import AwardCriterion, Detection, EedItem, Evidence, Lot, Notice
from sppmon.readers import read_notice
from sppmon.web import WebConfig, create_app
from sppmon.web.i18n import catalogue

from .conftest import FIXTURES, SHARED, needs_shared

CN = FIXTURES / "eforms" / "cn_sdk10_strategic.xml"
CAN = FIXTURES / "eforms" / "can_cvd_eed.xml"


def _notice(path: Path = CN) -> Notice:
    return read_notice(path.read_bytes())


def _rules(notice: Notice, lot_id: str = "LOT-0001", **kwargs: object) -> set[str]:
    report = check_notice(notice, **kwargs)  # type: ignore[arg-type]
    lot = next(lot for lot in report.lots if lot.lot.lot_id == lot_id)
    found = {finding.rule for finding in lot.findings}
    assert found <= set(FINDING_RULES), f"rule ids missing from FINDING_RULES: {found - set(FINDING_RULES)}"
    return found


def _with_lot(notice: Notice, **changes: object) -> Notice:
    lot: Lot = replace(notice.lots[0], **changes)  # type: ignore[arg-type]
    return replace(notice, lots=(lot, *notice.lots[1:]))


def test_a_well_declared_cleaning_lot_has_no_findings() -> None:
    assert _rules(_notice()) == set()


def test_gpp_criteria_without_env_imp_is_inconsistent() -> None:
    notice = _with_lot(_notice(), strategic_procurement=("soc-obj",), environmental_impact=())
    report = check_notice(notice)
    findings = {f.rule: f for f in report.lots[0].findings}
    assert findings["gpp-without-env-imp"].severity == "inconsistent"
    assert findings["gpp-without-env-imp"].fields == ("BT-805", "BT-06")


def test_bt774_without_env_imp_and_env_imp_without_bt774() -> None:
    notice = _notice()
    assert "bt-774-without-env-imp" in _rules(_with_lot(notice, strategic_procurement=("soc-obj",)))
    assert "env-imp-without-bt-774" in _rules(_with_lot(notice, environmental_impact=()))


def test_none_together_with_codes_is_inconsistent() -> None:
    assert "strategic-none-with-codes" in _rules(_with_lot(_notice(), strategic_procurement=("env-imp", "none")))


def test_missing_bt06_and_bt805_in_a_gpp_group() -> None:
    notice = _with_lot(
        _notice(), strategic_procurement=(), environmental_impact=(), social_objective=(), gpp_criteria=()
    )
    assert {"strategic-not-reported", "gpp-not-reported"} <= _rules(notice)


def test_cvd_scope_without_bt717_and_bt717_without_contract_type() -> None:
    notice = _notice(CAN)
    assert "cvd-not-declared" in _rules(notice, "LOT-0002")  # vans, no BT-717
    van = _with_lot(notice, cvd_applicable=("true",), cvd_contract_types=())
    assert "cvd-without-contract-type" in _rules(van)
    exempt = _with_lot(notice, cvd_applicable=("false",))
    assert "cvd-declared-false" in _rules(exempt)


def test_eed_relevant_product_without_bt810_and_bt810_without_items() -> None:
    laptops = _with_lot(_notice(), cpv_main="30213100", eed_applicable=(), eed_items=())
    assert "eed-not-declared" in _rules(laptops)
    declared = _with_lot(laptops, eed_applicable=("true",))
    assert "eed-without-items" in _rules(declared)
    complete = _with_lot(laptops, eed_applicable=("true",), eed_items=(EedItem("computer", "gpp-crit"),))
    assert not {"eed-not-declared", "eed-without-items"} & _rules(complete)


def test_price_only_award_in_a_relevant_group() -> None:
    assert "price-only-award" in _rules(_notice(), "LOT-0002")


def test_award_criterion_evidence_comes_from_the_given_function() -> None:
    notice = _with_lot(_notice(), award_criteria=(AwardCriterion("price"), AwardCriterion("quality")))
    assert "no-environmental-award-criterion" not in _rules(notice)  # no detector: the rule stays silent

    def nothing_found(_: Notice) -> list[Detection]:
        return []

    assert "no-environmental-award-criterion" in _rules(notice, evidence=nothing_found)

    def found_in_criteria(checked: Notice) -> list[Detection]:
        hit = Evidence("LOT-0001", "environmental", "milieu", "nl", "award_criteria", "milieu", 0, 6)
        return [Detection("LOT-0001", True, False, False, (hit,))]

    report = check_notice(notice, evidence=found_in_criteria)
    assert report.evidence_status == EVIDENCE_RUN
    assert "no-environmental-award-criterion" not in {f.rule for f in report.lots[0].findings}
    assert report.as_dict()["lots"][0]["evidence"]["items"][0]["matched"] == "milieu"


def test_evidence_without_declaration_is_reported() -> None:
    notice = _with_lot(_notice(), strategic_procurement=("none",), environmental_impact=(), gpp_criteria=("none",))

    def green_text(_: Notice) -> list[Detection]:
        return [Detection("LOT-0001", True, False, False)]

    assert "green-evidence-not-declared" in _rules(notice, evidence=green_text)


def test_report_lists_groups_recommendations_and_what_is_declared() -> None:
    report = check_bytes(CN.read_bytes())
    assert report.evidence_status == EVIDENCE_NOT_RUN
    data = report.as_dict("fr")
    lot = data["lots"][0]
    assert lot["product_groups"][0] == {
        "id": "cleaning",
        "name": lot["product_groups"][0]["name"],
        "cpv_prefix": "909112",
        "primary": True,
    }
    advice = lot["recommendations"][0]
    assert advice["name"].startswith("Services et produits de nettoyage")
    bt06 = next(entry for entry in advice["declare"] if entry["field"] == "BT-06")
    assert "env-imp" in bt06["declared"]
    assert lot["evidence"] is None
    json.dumps(data)  # the whole report is JSON-ready


def test_planning_notices_have_no_fields_to_check() -> None:
    notice = replace(_notice(), subtype="4")
    report = check_notice(notice)
    assert not report.fields_allowed
    assert all(not lot.findings for lot in report.lots)


def test_unreadable_notice_raises_a_catalogued_error() -> None:
    with pytest.raises(CatalogedError):
        check_bytes(b"<ContractNotice>")


def test_check_command_text_json_strict_and_rejection(tmp_path: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["check", str(CAN), "--lang", "nl"])
    assert text.exit_code == 0, text.output
    assert "cvd-not-declared" in text.output and "Voertuigen" in text.output
    strict = runner.invoke(main, ["check", str(CAN), "--strict", "--format", "json"])
    assert strict.exit_code == 1
    assert json.loads(strict.output)["counts"]["missing"] >= 1
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<ContractNotice>")
    rejected = runner.invoke(main, ["check", str(broken)])
    assert rejected.exit_code == 1
    assert "XML_TRUNCATED" in rejected.output


@needs_shared
def test_checker_runs_on_every_real_notice() -> None:
    checked = 0
    for path in sorted((SHARED / "corpus" / "eforms").glob("*.xml")):
        try:
            report = check_bytes(path.read_bytes())
        except CatalogedError:
            continue
        json.dumps(report.as_dict("nl"))
        assert {f.rule for lot in report.lots for f in lot.findings} <= set(FINDING_RULES), path.name
        checked += 1
    assert checked >= 50


def test_every_finding_rule_is_documented() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "commands" / "check.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.MULTILINE))
    assert documented == set(FINDING_RULES)


# Finding messages in English, Dutch and French

CVD_EN = "The CPV code falls in the Clean Vehicles Directive scope but BT-717 is not declared."
CVD_FR = (
    "Le code CPV relève du champ d’application de la directive véhicules propres, mais le BT-717 n’est pas déclaré."
)
CVD_NL = (
    "De CPV-code valt onder het toepassingsgebied van de Richtlijn schone voertuigen, maar BT-717 is niet aangegeven."
)


def _fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _message(report: dict[str, object], lot_id: str, rule: str) -> str:
    lots = report["lots"]
    assert isinstance(lots, list)
    lot = next(lot for lot in lots if lot["lot_id"] == lot_id)
    return str(next(f["message"] for f in lot["findings"] if f["rule"] == rule))


def test_every_finding_message_has_a_template_in_every_language_with_the_same_fields() -> None:
    messages = catalogue()
    for rule in FINDING_RULES:
        texts = messages[MESSAGE_KEY_PREFIX + rule]
        assert all(texts[lang].strip() for lang in ("en", "nl", "fr")), rule
        assert _fields_of(texts["en"]) == _fields_of(texts["nl"]) == _fields_of(texts["fr"]), rule


def test_a_french_check_gives_the_french_message_and_english_stays_unchanged() -> None:
    report = check_notice(_notice(CAN))
    assert _message(report.as_dict("fr"), "LOT-0002", "cvd-not-declared") == CVD_FR
    assert _message(report.as_dict("nl"), "LOT-0002", "cvd-not-declared") == CVD_NL
    assert _message(report.as_dict("en"), "LOT-0002", "cvd-not-declared") == CVD_EN
    lot = next(lot for lot in report.lots if lot.lot.lot_id == "LOT-0002")
    assert next(f.message for f in lot.findings if f.rule == "cvd-not-declared") == CVD_EN


def test_translated_messages_keep_their_values() -> None:
    notice = _with_lot(_notice(), strategic_procurement=("soc-obj",), environmental_impact=())
    data = check_notice(notice).as_dict("nl")
    assert _message(data, "LOT-0001", "gpp-without-env-imp").startswith("BT-805 vermeldt GPP-criteria (")
    assert "BT-805 declares GPP criteria (" in _message(
        check_notice(notice).as_dict("en"), "LOT-0001", "gpp-without-env-imp"
    )
    laptops = _with_lot(_notice(), cpv_main="30213100", eed_applicable=(), eed_items=())
    eed = _message(check_notice(laptops).as_dict("fr"), "LOT-0001", "eed-not-declared")
    assert eed.startswith("Le lot porte sur l’achat de produits ou de services liés à l’énergie (")
    assert "{" not in eed and "(computers)" in eed


def test_a_rule_registered_with_an_english_message_only_keeps_it_in_every_language() -> None:
    plain = Finding("local-rule", "advice", ("BT-06",), "Only in English.")
    assert plain.message_in("fr") == plain.message_in("nl") == "Only in English."
    templated = finding("cvd-not-declared", "missing", ("BT-717",))
    assert templated.message == CVD_EN and templated.message_in("fr") == CVD_FR


def test_check_command_prints_the_findings_in_the_chosen_language() -> None:
    runner = CliRunner()
    french = runner.invoke(main, ["check", str(CAN), "--lang", "fr", "--no-detect"])
    assert french.exit_code == 0, french.output
    assert CVD_FR in french.output and CVD_EN not in french.output
    english = runner.invoke(main, ["check", str(CAN), "--no-detect"])
    assert CVD_EN in english.output
    as_json = runner.invoke(main, ["check", str(CAN), "--lang", "nl", "--format", "json", "--no-detect"])
    assert _message(json.loads(as_json.output), "LOT-0002", "cvd-not-declared") == CVD_NL


def test_web_page_and_api_give_the_findings_in_the_chosen_language() -> None:
    data = CAN.read_bytes()
    app = create_app(WebConfig(db=None, usage_recording=False, warm_up=False))
    with TestClient(app) as client:
        page = client.post("/check?lang=fr", files={"upload": ("draft.xml", data, "application/xml")})
        assert page.status_code == 200
        assert html.escape(CVD_FR) in page.text and CVD_EN not in page.text
        french = client.post("/api/check?lang=fr", content=data, headers={"content-type": "application/xml"})
        assert _message(french.json(), "LOT-0002", "cvd-not-declared") == CVD_FR
        # The pages left a French cookie: the API still answers in English unless its lang parameter says otherwise.
        default = client.post("/api/check", content=data, headers={"content-type": "application/xml"})
        assert _message(default.json(), "LOT-0002", "cvd-not-declared") == CVD_EN
        assert client.post("/api/check?lang=de", content=data).status_code == 422


def _english_headings() -> list[str]:
    """Headings the checker's text output writes in English, which must not appear in French or Dutch."""
    return ["findings:", "declared:", "groups:", "labels:", "suggested codes not declared", "evidence:"]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_check_text_has_every_heading_in_the_chosen_language(lang: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(CAN), "--lang", lang])
    assert result.exit_code == 0, result.output
    for heading in _english_headings():
        assert heading not in result.output, heading
    expected = {
        "fr": ("Constats", "Groupe de produits", "avis "),
        "nl": ("Bevindingen", "Productgroep", "aankondiging "),
    }
    for text in expected[lang]:
        assert text in result.output, text


def test_lot_identifiers_are_ordered_as_people_count() -> None:
    from sppmon.guide.checker import natural_key

    lots = ["LOT-0010", "LOT-0002", "lot-1", "LOT-2", "LOT-10", "PAR-0001", None, "LOT-0001"]
    assert sorted(lots, key=natural_key) == [
        None,
        "lot-1",
        "LOT-0001",
        "LOT-0002",
        "LOT-2",
        "LOT-0010",
        "LOT-10",
        "PAR-0001",
    ]


@needs_shared
def test_a_finding_repeated_over_many_lots_is_summarised_once() -> None:
    path = SHARED / "corpus" / "eforms" / "tedrdfmapef_00612681-2024.xml"  # SPF Justice, 25 lots
    report = check_bytes(path.read_bytes())
    data = report.as_dict("nl")
    assert len(data["lots"]) == 25
    (shared,) = [entry for entry in data["summary"] if entry["rule"] == "strategic-not-reported"]
    assert len(shared["lots"]) == 25 and shared["message"].startswith("BT-06")
    natural = [f"LOT-{number:04d}" for number in range(1, 26)]
    assert shared["lots"] == natural  # LOT-0002 before LOT-0010
    assert [lot["lot_id"] for lot in data["lots"]] == natural
    text = CliRunner().invoke(main, ["check", str(path), "--lang", "nl", "--no-detect"]).output
    assert text.count("[strategic-not-reported]") == 1
    assert "in 25 percelen: LOT-0001, LOT-0002, LOT-0003" in text
    app = create_app(WebConfig(db=None, usage_recording=False, warm_up=False))
    with TestClient(app) as client:
        page = client.post("/check?lang=fr", files={"upload": ("n.xml", path.read_bytes(), "application/xml")})
    assert page.status_code == 200 and page.text.count("[strategic-not-reported") == 1
    assert "Constats communs à plusieurs lots (1)" in page.text and "dans 25 lots" in page.text
