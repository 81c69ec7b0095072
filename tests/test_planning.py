"""Urgency list: plan reading with per-row problems, the score parts computed by hand, outputs, matching."""

from __future__ import annotations

import csv
import math
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.errors import CatalogedError
from sppmon.guide.knowledge import load_knowledge_base
from sppmon.pipeline import ingest
from sppmon.planning.cpv import STRUCTURE_ONLY, CpvList, configured_cpv_list
from sppmon.planning.matching import NoticeMatch, StoreContext, cpv_score, name_score, time_score
from sppmon.planning.plan import (
    MAX_PLAN_ROWS,
    PlannedPurchase,
    parse_value,
    read_plan,
    read_plan_bytes,
)
from sppmon.planning.report import UrgencyReport, build_report, render_html, rows, write_report
from sppmon.planning.urgency import PastUptake, UrgencyItem, Weights, score_item
from sppmon.store import Store

from .conftest import FIXTURES, SHARED

HEADER = "id;department;description;cpv;estimated_value;planned_launch;duration_months;framework;buyer_id\n"


def _plan(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "plan.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def _item(**changes: object) -> PlannedPurchase:
    values: dict[str, object] = {
        "row": 2,
        "id": "P-1",
        "department": "FOD Beleid en Ondersteuning",
        "description": "Laptops",
        "cpv": "30213100",
        "estimated_value": Decimal(100_000),
        "planned_launch": date(2026, 7, 1),
        "duration_months": 24,
        "framework": False,
        "buyer_id": None,
    }
    values.update(changes)
    return PlannedPurchase(**values)  # type: ignore[arg-type]


def test_bad_rows_get_stable_codes_and_the_rest_is_read(tmp_path: Path) -> None:
    plan = read_plan(
        _plan(
            tmp_path,
            "A;Dept;Laptops;30213100-6;1 250 000,50;01/03/2026;48;ja;\n"
            "B;Dept;No CPV;;1000;2026-01-01;;;\n"
            "C;Dept;Bad CPV;3021;1000;2026-01-01;;;\n"
            "D;Dept;Negative;30213100;-5;2026-01-01;;;\n"
            "E;Dept;Bad date;30213100;1000;31/02/2026;;;\n"
            "F;Dept;Bad duration;30213100;1000;2026-01-01;1.5;;\n"
            "G;Dept;Bad flag;30213100;1000;2026-01-01;;maybe;\n"
            ";;;;;;;;\n"
            "H;;No department;30213100;1000;2026-01-01;;;\n",
        )
    )
    assert [item.id for item in plan.items] == ["A"]
    first = plan.items[0]
    assert first.estimated_value == Decimal("1250000.50")
    assert first.planned_launch == date(2026, 3, 1) and first.framework is True and first.duration_months == 48
    codes = {(p.row, p.code) for p in plan.problems}
    assert codes == {
        (3, "PLAN_MISSING_VALUE"),
        (4, "PLAN_INVALID_CPV"),
        (5, "PLAN_INVALID_VALUE"),
        (6, "PLAN_INVALID_DATE"),
        (7, "PLAN_INVALID_DURATION"),
        (8, "PLAN_INVALID_FLAG"),
        (10, "PLAN_MISSING_VALUE"),
    }


def test_dutch_headers_with_commas_and_a_missing_column(tmp_path: Path) -> None:
    header = "Afdeling,Omschrijving,CPV-code,Geraamde waarde,Geplande lancering\n"
    plan = read_plan(_plan(tmp_path, 'Dienst,Papier,30197643,"12,5",2026-05-01\n', header))
    assert plan.items[0].estimated_value == Decimal("12.5")
    with pytest.raises(CatalogedError) as caught:
        read_plan(_plan(tmp_path, "x,y\n", "department,description\n"))
    assert caught.value.code == "PLAN_MISSING_COLUMN"


def test_xlsx_plans_are_read_with_spreadsheet_dates(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(";"))
    sheet.append(["X", "Dept", "Cars", "34110000", 50000, date(2026, 2, 1), 60, "no", None])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    plan = read_plan(path)
    assert plan.items[0].planned_launch == date(2026, 2, 1) and plan.items[0].framework is False
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(CatalogedError) as caught:
        read_plan(tmp_path / "bad.xlsx")
    assert caught.value.code == "PLAN_UNREADABLE"


def test_a_workbook_that_unpacks_too_large_is_refused_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import zipfile

    from sppmon.planning import plan_files

    monkeypatch.setattr(plan_files, "MAX_XLSX_UNPACKED", 10_000)  # the real limit is 200 MB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 10_001)
    with pytest.raises(CatalogedError, match="unpacks to") as caught:
        read_plan_bytes(buffer.getvalue(), "plan.xlsx")
    assert caught.value.code == "PLAN_TOO_LARGE"


def test_a_workbook_with_entities_is_refused() -> None:
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(";"))
    sheet.append(["X", "Dept", "Cars", "34110000", 50000, "2027-01-01", 60, "no", None])
    plain = io.BytesIO()
    book.save(plain)
    hostile = io.BytesIO()
    entities = b'<!DOCTYPE worksheet [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<worksheet", entities + b"<worksheet", 1)
            target.writestr(item, data)
    with pytest.raises(CatalogedError) as caught:
        read_plan_bytes(hostile.getvalue(), "plan.xlsx")
    assert caught.value.code == "PLAN_UNREADABLE"


def test_a_plan_with_too_many_rows_is_refused() -> None:
    rows = "".join(f"P{i};D;x;30197643;1;2027-01-01;;;\n" for i in range(MAX_PLAN_ROWS + 1))
    with pytest.raises(CatalogedError, match="more than"):
        read_plan_bytes((HEADER + rows).encode(), "plan.csv")
    with pytest.raises(CatalogedError, match=r"use a \.csv or \.xlsx"):
        read_plan_bytes(b"x", "plan.ods")


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.250.000,50", "1250000.50"), ("1,250,000.50", "1250000.50"), ("€ 2 000", "2000"), ("3,5", "3.5")],
)
def test_value_formats(text: str, value: str) -> None:
    assert parse_value(text) == Decimal(value)


def test_score_parts_computed_by_hand() -> None:
    knowledge = load_knowledge_base()
    item = _item(estimated_value=Decimal(100_000), planned_launch=date(2026, 7, 1), duration_months=24)
    scored = score_item(item, knowledge, date(2026, 1, 1), lambda fiche, planned: PastUptake("department", 10, 3))
    parts = {part.name: part for part in scored.parts}
    assert parts["spend"].value == pytest.approx(1 / 3, abs=1e-4)  # log10(10) / log10(1000)
    assert parts["impact"].value == 1.0  # computers: high
    months = (date(2026, 7, 1) - date(2026, 1, 1)).days / (365.25 / 12)
    assert parts["timing"].value == pytest.approx(1 - 0.5 * (months - 3) / 9, abs=1e-4)
    assert parts["criteria"].value == 1.0
    assert parts["uptake_gap"].value == pytest.approx(0.7)
    assert parts["lock_in"].value == 0.5
    expected = 100 * (0.25 / 3 + 0.25 + 0.2 * parts["timing"].value + 0.15 + 0.1 * 0.7 + 0.05 * 0.5)
    assert scored.score == pytest.approx(expected, abs=0.1)
    assert scored.fiche is not None and scored.fiche.id == "computers"
    assert "ict-circular-fair" in scored.other_fiches
    assert {o.id for o in scored.obligations} == {"eed", "accessibility"}


def test_past_launch_unknown_group_and_cvd_obligation() -> None:
    knowledge = load_knowledge_base()
    late = score_item(_item(planned_launch=date(2025, 1, 1)), knowledge, date(2026, 1, 1))
    assert {p.name: p.value for p in late.parts}["timing"] == 0.0
    unknown = score_item(_item(cpv="03400000"), knowledge, date(2026, 1, 1))
    assert unknown.fiche is None and {p.name: p.value for p in unknown.parts}["criteria"] == 0.0
    vans = score_item(_item(cpv="34136000"), knowledge, date(2026, 1, 1))
    assert "cvd" in {o.id for o in vans.obligations}
    with pytest.raises(ValueError):
        Weights(spend=0.9)


def test_outputs_are_ranked_formula_safe_and_escaped(tmp_path: Path) -> None:
    plan = read_plan(
        _plan(
            tmp_path,
            "A;=HYPERLINK(1);<script>x</script>;30213100;5000000;2026-02-01;48;yes;\n"
            "B;Dept;Paper;30197643;20000;2029-01-01;12;no;\n"
            "C;Dept;Bad;;1;2026-01-01;;;\n",
        )
    )
    report = build_report(plan, load_knowledge_base(), date(2026, 1, 1))
    table = rows(report)
    assert [row["id"] for row in table] == ["A", "B"]
    assert table[0]["score"] > table[1]["score"]
    assert table[0]["mandatory_criteria"] and table[0]["voluntary_criteria"]
    assert "BT-810" in table[0]["monitoring"]
    write_report(report, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert first["department"] == "'=HYPERLINK(1)"
    write_report(report, tmp_path / "out.html")
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<script>x" not in page and "&lt;script&gt;" in page and "PLAN_MISSING_VALUE" in page
    write_report(report, tmp_path / "out.xlsx")
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "out.xlsx")
    assert workbook["urgency"]["D2"].value == "'=HYPERLINK(1)"
    assert workbook["rejected rows"]["C2"].value == "PLAN_MISSING_VALUE"
    assert not list(tmp_path.glob(".out*"))  # no temporary files left behind


def test_matching_scores() -> None:
    assert name_score("FOD Financiën", "FOD FINANCIEN") == 1.0
    assert name_score("Financiën", "FOD Financiën") == 0.8
    assert name_score("Stad Gent", "Ville de Liège") == 0.0
    assert cpv_score("30213100", "30213100") == 1.0 and cpv_score("30213100", "30213300") == 0.8
    assert cpv_score("30213100", "30200000") == 0.4 and cpv_score("30213100", "90911200") == 0.0
    assert cpv_score("30213100", "48820000", same_group=True) == 0.7
    assert time_score(date(2026, 1, 1), date(2026, 1, 1)) == 1.0
    assert math.isclose(time_score(date(2026, 1, 1), date(2026, 7, 2)), 1 - 182 / 365)


def test_planned_purchase_matches_its_later_notice(store: Store) -> None:
    ingest([str(FIXTURES / "eforms" / "cn_sdk10_strategic.xml")], store)
    knowledge = load_knowledge_base()
    context = StoreContext(store, knowledge)
    item = _item(
        department="FOD Beleid en Ondersteuning", cpv="90911200", planned_launch=date(2023, 2, 1), buyer_id=None
    )
    found = context.matches(item)
    assert found and found[0].notice_key.startswith("11111111-2222") and found[0].confidence >= 0.9
    by_id = context.matches(_item(department="Other name", buyer_id="0671.516.647", cpv="90911000"))
    assert by_id == ()  # outside the time window
    in_window = _item(
        department="Other name", buyer_id="BE 0671516647", cpv="90911000", planned_launch=date(2023, 3, 1)
    )
    match = context.matches(in_window)[0]
    assert match.buyer_score == 1.0 and match.cpv_score == 0.8
    uptake = context.past_uptake(knowledge.get("cleaning"), item)  # type: ignore[arg-type]
    assert (uptake.scope, uptake.lots, uptake.green) == ("all buyers", 2, 1)  # fewer than 5 lots of the department


def test_plan_commands(tmp_path: Path, store: Store) -> None:
    runner = CliRunner()
    template = runner.invoke(main, ["plan", "template"])
    assert template.output.startswith("id;department")
    assert runner.invoke(main, ["plan", "template", "--out", str(tmp_path / "t.xlsx")]).exit_code == 0
    ok = runner.invoke(main, ["plan", "urgency", str(tmp_path / "t.xlsx"), "--today", "2026-01-01"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.splitlines()[0].strip().startswith("1.")
    plan = _plan(tmp_path, "A;Dept;Laptops;30213100;1000;2026-01-01;;;\nB;Dept;Bad;x;1;2026-01-01;;;\n")
    db = store.url
    store.close()
    out = tmp_path / "list.xlsx"
    result = runner.invoke(main, ["plan", "urgency", str(plan), "--db", db, "--out", str(out)])
    assert result.exit_code == 1 and "PLAN_INVALID_CPV" in result.output and out.is_file()
    wrong = runner.invoke(main, ["plan", "urgency", str(plan), "--out", str(tmp_path / "list.pdf")])
    assert wrong.exit_code == 2


def test_a_bad_row_reports_every_problem_with_its_column(tmp_path: Path) -> None:
    plan = read_plan(
        _plan(
            tmp_path,
            "A;;Two bad cells;30213100;1000;2026-01-01;1.5;maybe;\n"
            "B;Dept;Fine;30213100;1000;2026-01-01;12;no;\n"
            "C;Dept;Everything wrong;3021;-5;31/02/2026;x;?;\n",
        )
    )
    assert [item.id for item in plan.items] == ["B"]
    found = [(p.row, p.column, p.code) for p in plan.problems]
    assert found == [
        (2, "department", "PLAN_MISSING_VALUE"),
        (2, "duration_months", "PLAN_INVALID_DURATION"),
        (2, "framework", "PLAN_INVALID_FLAG"),
        (4, "cpv", "PLAN_INVALID_CPV"),
        (4, "estimated_value", "PLAN_INVALID_VALUE"),
        (4, "planned_launch", "PLAN_INVALID_DATE"),
        (4, "duration_months", "PLAN_INVALID_DURATION"),
        (4, "framework", "PLAN_INVALID_FLAG"),
    ]
    assert plan.rejected_rows == 2
    report = build_report(plan, load_knowledge_base(), date(2026, 1, 1))
    page = render_html(report, rows(report))
    assert "(2)</h2>" in page and page.count("<li>Row 2,") == 3  # rows counted once, every problem listed


def test_cpv_codes_must_exist_as_far_as_known_offline(tmp_path: Path) -> None:
    body = (
        "A;D;Laptops;30213100-6;1000;2026-01-01;;;\n"
        "B;D;Not a division;99000000;1000;2026-01-01;;;\n"
        "C;D;Not the CPV tree;30203100;1000;2026-01-01;;;\n"
        "D;D;Shaped right, not in the list;30213900;1000;2026-01-01;;;\n"
        "E;D;Check digit not verified;30213100-0;1000;2026-01-01;;;\n"
    )
    offline = read_plan(_plan(tmp_path, body))  # no SDK in the tests' settings
    assert offline.cpv_checked_against == STRUCTURE_ONLY.source
    assert [item.id for item in offline.items] == ["A", "D", "E"]
    messages = {p.row: (p.column, p.code, p.message) for p in offline.problems}
    assert messages[3] == ("cpv", "PLAN_INVALID_CPV", "99000000 is not a CPV code: 99 is not a CPV division")
    assert messages[4][:2] == ("cpv", "PLAN_INVALID_CPV") and "30203100" in messages[4][2]
    listed = CpvList(frozenset({"30213100"}), "a test list")
    with_list = read_plan(_plan(tmp_path, body), listed)
    assert [item.id for item in with_list.items] == ["A", "E"]
    unknown = next(p for p in with_list.problems if p.row == 5)
    assert (unknown.column, unknown.code) == ("cpv", "PLAN_INVALID_CPV") and "a test list" in unknown.message


@pytest.mark.shared
def test_every_sdk_cpv_code_passes_the_offline_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The division and tree-shape rules refuse no real code; with the SDK configured the full list is used."""
    monkeypatch.setenv("SPPMON_SDK_DIR", str(SHARED / "eforms-sdk"))
    full = configured_cpv_list()
    assert full.codes is not None and len(full.codes) > 9000
    assert [code for code in full.codes if STRUCTURE_ONLY.problem(code)] == []
    assert full.problem("30213100") is None and full.problem("30213900") is not None


def test_explanations_and_obligations_in_dutch_and_french(tmp_path: Path) -> None:
    plan = read_plan(
        _plan(
            tmp_path,
            "A;Dept;Laptops;30213100;1000000;2026-03-01;48;ja;\nB;Dept;Vans;34136000;200000;2026-06-01;;;\n",
        )
    )
    report = build_report(plan, load_knowledge_base(), date(2026, 1, 1))
    english, dutch, french = rows(report, "en"), rows(report, "nl"), rows(report, "fr")
    assert "framework agreement: its criteria bind every later order" in english[0]["score_explained"]
    assert "raamovereenkomst: haar criteria binden elke latere bestelling" in dutch[0]["score_explained"]
    assert "€ 1.000.000 op een logaritmische schaal" in dutch[0]["score_explained"]
    assert "accord-cadre : ses critères lient chaque commande ultérieure" in french[0]["score_explained"]
    assert "lancement dans 2 mois" in french[0]["score_explained"]
    assert "Directive Efficacité énergétique" in french[0]["obligations"]
    assert "au-dessus du seuil européen" in french[0]["obligations"]
    assert "Richtlijn schone voertuigen" in dutch[1]["obligations"] and "(ja)" in dutch[1]["obligations"]
    assert "Spécification technique" in french[0]["mandatory_criteria"]
    assert "aankondiging van gunning" in dutch[1]["monitoring"]
    assert "(Computers, monitors" in english[0]["score_explained"]
    assert "(Computers, beeldschermen, tablets en smartphones:" in dutch[0]["score_explained"]
    for row in (*dutch, *french):
        text = " ".join(str(value) for value in row.values() if value != row["product_group"])  # the id column
        for english_word in (
            "month(s)",
            "guide criteria",
            "Clean Vehicles",
            "Energy Efficiency",
            "result notice",
            "computers:",
            "eed (",
            "cvd (",
            "accessibility (",
        ):
            assert english_word not in text, english_word
    scored = report.items[0]
    assert scored.parts[0].explanation == scored.parts[0].explain("en")  # the web page's English text


def test_urgency_command_writes_the_chosen_language(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "A;Dept;Vans;34136000;200000;2026-06-01;;;\n")
    out = tmp_path / "list.html"
    result = CliRunner().invoke(
        main, ["plan", "urgency", str(plan), "--today", "2026-01-01", "--lang", "fr", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Liste d’urgence" in page
    assert "Directive véhicules propres" in page and "durée inconnue : neutre" in page
    assert "le 1 janvier 2026" in page and "2026-01-01" not in page


def test_matched_notice_links_follow_the_publication_url_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    match = NoticeMatch(
        "k", "LOT-0001", None, None, date(2026, 1, 1), "30213100", "00100469-2024", "yes", "yes", 0.9, 1, 1, 1
    )
    assert match.link == "https://ted.europa.eu/en/notice/-/detail/100469-2024"
    monkeypatch.setenv("SPPMON_PUBLICATION_URL", "https://notices.example/{lang}/{number}")
    assert match.link == "https://notices.example/en/100469-2024"
    item = score_item(_item(), load_knowledge_base(), date(2026, 1, 1))
    report = UrgencyReport((UrgencyItem(*_fields(item), (match,)),), (), date(2026, 1, 1), True)
    assert "https://notices.example/nl/100469-2024" in rows(report, "nl")[0]["matched_notices"]


def _fields(item: UrgencyItem) -> tuple[object, ...]:
    return (item.item, item.fiche, item.other_fiches, item.parts, item.obligations, item.months_to_launch)
