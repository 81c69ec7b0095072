"""Purchase plans as Belgian buyers write them, and the urgency list for them: plan files in the encodings Excel
saves, Belgian amounts, CPV codes that lost their leading zero, duplicate rows, enterprise numbers in every form
(matched to the shared corpus's Belgian notices, whose e-Notification identifiers carry a suffix), launches that
have passed, obligations checked against their legal scope, matches grouped per notice."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sppmon.guide.knowledge import load_knowledge_base
from sppmon.guide.rules import CVD_CPV_PREFIXES
from sppmon.pipeline import ingest
from sppmon.planning.cpv import STRUCTURE_ONLY
from sppmon.planning.identifiers import belgian_check_ok, comparable_id, comparable_key
from sppmon.planning.matching import NoticeMatch
from sppmon.planning.plan import PlannedPurchase, read_plan_bytes
from sppmon.planning.report import build_report, rows
from sppmon.planning.urgency import score_item, urgency_list
from sppmon.readers import read_notice
from sppmon.store import open_store

from .conftest import SHARED, needs_shared

HEADER = ["id", "department", "description", "cpv", "estimated_value", "planned_launch", "buyer_id"]
ROWS = [
    ["P1", "FOD Financiën", "Laptops en schermen", "30213100", "450.000", "2026-03-01", "BE 0308.356.862"],
    ["P2", "SPF Économie", "Électricité verte", "9310000", "250,000", "01/06/2026", ""],
    ["P3", "Régie des Bâtiments", "Entretien chauffage", "50720000", "€ 1.234,56", "2026-09-01", ""],
]


def _csv(rows: list[list[str]], delimiter: str = ";") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER, *rows])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "UTF-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "UTF-8 with BOM"),
        (lambda text: text.encode("cp1252"), "Windows-1252"),
        (lambda text: text.replace(";", "\t").encode("utf-16"), "UTF-16"),  # Excel's "Unicode text"
        (lambda text: text.encode("utf-16-le"), "UTF-16"),
    ],
)
def test_plan_csv_in_the_encodings_excel_saves(encode: object, encoding: str) -> None:
    plan = read_plan_bytes(encode(_csv(ROWS)), "plan.csv", STRUCTURE_ONLY)  # type: ignore[operator]
    assert plan.encoding == encoding and not plan.problems
    assert [item.department for item in plan.items] == ["FOD Financiën", "SPF Économie", "Régie des Bâtiments"]
    assert [item.estimated_value for item in plan.items] == [Decimal(450000), Decimal(250000), Decimal("1234.56")]
    assert plan.items[1].cpv == "09310000"
    (padded,) = plan.warnings
    assert (padded.row, padded.code) == (3, "PLAN_CPV_LEADING_ZERO")
    assert "09310000" in padded.message and "voorloopnul" in padded.message_in("nl")


def test_a_seven_digit_cpv_from_a_spreadsheet_cell_gets_its_zero_back() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["P1", "FOD BOSA", "Elektriciteit", 9310000, 450000, date(2026, 3, 1), None])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = read_plan_bytes(buffer.getvalue(), "plan.xlsx", STRUCTURE_ONLY)
    assert plan.items[0].cpv == "09310000" and [w.code for w in plan.warnings] == ["PLAN_CPV_LEADING_ZERO"]


def test_duplicate_rows_are_reported_and_ranked_once() -> None:
    repeated = [
        *ROWS,
        list(ROWS[0]),
        [" p1 ", "fod financiën", "LAPTOPS EN SCHERMEN", "30213100", "450.000", "2026-03-01", "BE 0308.356.862"],
    ]
    similar = ["P9", "FOD Financiën", "Laptops en beeldschermen", "30213100", "300.000", "2026-04-15", ""]
    plan = read_plan_bytes(_csv([*repeated, similar]).encode(), "plan.csv", STRUCTURE_ONLY)
    assert [item.id for item in plan.items] == ["P1", "P2", "P3", "P9"]
    found = {(w.row, w.code) for w in plan.warnings}
    assert {(5, "PLAN_DUPLICATE_ROW"), (6, "PLAN_DUPLICATE_ROW"), (7, "PLAN_SIMILAR_ROWS")} <= found
    duplicate = next(w for w in plan.warnings if w.row == 5)
    assert "row 2" in duplicate.message and "ligne 2" in duplicate.message_in("fr")
    report = build_report(plan, load_knowledge_base(), date(2026, 1, 1))
    assert len(report.items) == 4 and len(report.warnings) == 4  # the padded CPV of P2 as well


def test_ambiguous_and_bad_values_are_refused_with_their_reason() -> None:
    bad = [["P1", "A", "x", "30213100", "lots", "2026-03-01", ""]]
    plan = read_plan_bytes(_csv(bad).encode(), "plan.csv", STRUCTURE_ONLY)
    (problem,) = plan.problems
    assert problem.code == "PLAN_INVALID_VALUE" and problem.message_in("nl") == "“lots” is geen getal"


@pytest.mark.parametrize(
    ("written", "comparable"),
    [
        ("0308356862_4661", "BE:0308356862"),
        ("BE 0308.356.862", "BE:0308356862"),
        ("BE0308356862", "BE:0308356862"),
        ("308356862", "BE:0308356862"),
        ("0308.356.862", "BE:0308356862"),
        ("FR12443928874", "FR:443928874"),
    ],
)
def test_enterprise_numbers_in_every_form_compare_equal(written: str, comparable: str) -> None:
    assert comparable_id(written) == comparable


def test_identifiers_from_store_keys_and_other_schemes() -> None:
    assert comparable_key("BEL:id:03083568624661") == "BE:0308356862"  # the suffix once the underscore is gone
    assert comparable_id("21380053500014", "FRA") == "FR:213800535"  # SIRET → SIREN
    assert comparable_id("994-DOEVD-83", "DEU") == "DEU:994DOEVD83"
    assert belgian_check_ok("0308356862") and not belgian_check_ok("0308356863")


def _item(cpv: str, launch: date, value: int = 500_000, row: int = 2) -> PlannedPurchase:
    return PlannedPurchase(row, f"P{row}", "FOD BOSA", "x", cpv, Decimal(value), launch, None, None, None)


def test_purchases_whose_launch_passed_rank_after_those_still_open() -> None:
    knowledge = load_knowledge_base()
    today = date(2026, 1, 1)
    passed = _item("30213100", date(2025, 12, 1), 9_000_000, row=2)  # high score, but too late
    open_item = _item("39130000", date(2027, 6, 1), 20_000, row=3)
    ranked = urgency_list([passed, open_item], knowledge, today)
    assert [entry.item.row for entry in ranked] == [3, 2]
    assert ranked[1].score > ranked[0].score and ranked[1].launch_passed
    assert "ranked after the purchases still open" in ranked[1].ranking_note("en")
    assert "classé après" in ranked[1].ranking_note("fr") and not ranked[0].ranking_note()


@pytest.mark.parametrize(
    ("cpv", "expected"),
    [
        ("15000000", set()),  # food: no EED although its fiche names the EED for vending machines
        ("03142500", set()),  # eggs
        ("42933000", {"eed"}),  # vending machines
        ("55520000", {"eed"}),  # catering: a service that uses kitchen equipment
        ("30213100", {"eed", "accessibility"}),
        ("34100000", {"cvd"}),  # cars: the CVD, not the EED
        ("60112000", {"cvd"}),  # public road transport
        ("34350000", {"eed"}),  # tyres: the EED, not the CVD
        ("90911200", set()),  # cleaning
        ("45213150", {"eed", "accessibility"}),  # office block construction works
    ],
)
def test_obligations_follow_their_legal_scope(cpv: str, expected: set[str]) -> None:
    entry = score_item(_item(cpv, date(2026, 6, 1)), load_knowledge_base(), date(2026, 1, 1))
    assert {obligation.id for obligation in entry.obligations} == expected


def test_the_cvd_scope_of_the_data_is_the_checkers() -> None:
    cvd = next(o for o in load_knowledge_base().scoped_obligations if o.id == "cvd")
    assert set(cvd.cpv_scope) == set(CVD_CPV_PREFIXES)


def test_without_a_product_group_the_store_is_not_said_to_be_missing() -> None:
    knowledge = load_knowledge_base()
    entry = score_item(_item("79100000", date(2026, 6, 1)), knowledge, date(2026, 1, 1), lambda fiche, item: None)
    gap = next(part for part in entry.parts if part.name == "uptake_gap")
    assert gap.key == "plan.why.no_group_uptake" and "no store" not in gap.explain("en")


BELGIAN_NOTICES = sorted((SHARED / "corpus" / "eforms").glob("*.xml")) if SHARED.is_dir() else []


@needs_shared
def test_plans_find_the_corpus_belgian_notices_by_enterprise_number(tmp_path: Path) -> None:
    """Every Belgian eForms notice of the shared corpus whose buyer has an enterprise number is found by a plan row
    that gives the number as a Belgian writes it (BE, dots, no e-Notification suffix) under a department name
    the notice does not use."""
    rows_out, expected = [], {}
    belgian = []
    for path in BELGIAN_NOTICES:
        notice = read_notice(path.read_bytes())
        lead = notice.buyers[0] if notice.buyers else None
        org = notice.organisation(lead.org_id) if lead else None
        number = comparable_id(org.company_id, org.country) if org and org.country == "BEL" else None
        if not number or not number.startswith("BE:") or not notice.lots:
            continue
        belgian.append(path)
        digits = number[3:]
        written = f"BE {digits[:4]}.{digits[4:7]}.{digits[7:]}"
        day = date.fromisoformat(str(notice.publication_date or notice.issue_date)[:10])
        row = len(rows_out) + 2
        rows_out.append([f"P{row}", f"Dienst {row}", "x", notice.lots[0].cpv_main, "100000", day.isoformat(), written])
        expected[f"P{row}"] = (notice.notice_id, "_" in (org.company_id or ""))
    assert sum(suffixed for _, suffixed in expected.values()) >= 9  # e-Notification's suffixed identifiers
    store_path = tmp_path / "belgian.duckdb"
    with open_store(str(store_path)) as store:
        ingest([str(path) for path in belgian], store)
    plan = read_plan_bytes(_csv(rows_out).encode(), "plan.csv", STRUCTURE_ONLY)
    assert not plan.problems
    with open_store(str(store_path), read_only=True) as store:
        report = build_report(plan, load_knowledge_base(), date(2023, 1, 1), store)
    for entry in report.items:
        notice_id, _suffixed = expected[entry.item.id]
        assert entry.matches, f"{entry.item.id}: no notice matched for {notice_id}"
        best = entry.matches[0]
        assert isinstance(best, NoticeMatch) and best.buyer_score == 1.0
        assert best.notice_key.startswith(notice_id), (entry.item.id, best.notice_key)
        keys = [match.notice_key for match in entry.matches if isinstance(match, NoticeMatch)]
        assert len(keys) == len(set(keys)), "one match per notice"
    many = [m for e in report.items for m in e.matches if isinstance(m, NoticeMatch) and len(m.lot_ids) > 1]
    assert many, "a notice with several matching lots is one match listing its lots"
    table = rows(report, "nl")
    assert any("," in row["matched_notices"] for row in table)
