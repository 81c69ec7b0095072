"""Report smoke tests: every report builds on the fixture store, the PDF opens with the expected text and the
XLSX has one sheet per table with numbers as numbers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from sppmon.cli import main
from sppmon.errors import ConfigError
from sppmon.readers import read_notice
from sppmon.reports.base import ReportRequest
from sppmon.reports.document import Document, Section, TableBlock
from sppmon.reports.registry import REPORTS
from sppmon.reports.render import render_html, write_report
from sppmon.sample import SampleGenerator
from sppmon.store import Store, StoredNotice, open_store

from .conftest import FIXTURES
from .indicator_fixture import BUYER_A_KEY, fill


@pytest.fixture
def golden(store: Store) -> Store:
    return fill(store)


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_annual_report_in_three_formats(golden: Store, tmp_path: Path) -> None:
    doc = REPORTS["annual"].build(golden, ReportRequest("nl", year=2024))
    assert doc.title == "Duurzame overheidsopdrachten — monitoringrapport 2024"
    assert "sppmon indicators green --filter year=2024 --db STORE" in doc.calls
    html = render_html(doc)
    assert "<svg" in html and "Kerncijfers" in html and "ted.europa.eu/nl/notice/-/detail/101-2024" in html
    pdf = tmp_path / "annual.pdf"
    write_report(doc, pdf)
    pages, text = _pdf_text(pdf)
    assert pages >= 3
    assert "Groene overheidsopdrachten" in text and "Hoe elk cijfer te reproduceren" in text
    xlsx = tmp_path / "annual.xlsx"
    write_report(doc, xlsx)
    book = load_workbook(xlsx)
    assert len(book.sheetnames) == len(doc.tables) + 1 and book.sheetnames[-1] == "Opdrachten"
    headline = book[book.sheetnames[0]]
    assert headline.cell(row=2, column=2).value == 7  # green/strategic: 7 procedure lots in 2024
    assert isinstance(headline.cell(row=2, column=3).value, float)


def _section(doc: Document, *titles: str) -> Section:
    return next(section for section in doc.sections if section.title in titles)


def _table(section: Section) -> TableBlock:
    return next(block for block in section.blocks if isinstance(block, TableBlock))


def _stored(data: bytes) -> StoredNotice:
    return StoredNotice(read_notice(data), "test", hashlib.sha256(data).hexdigest())


def _cga_names(store: Store, year: int, country: str) -> set[str]:
    rows = store.query(  # one name per buyer, as the buyer breakdown labels it (bilingual buyers have two)
        "SELECT MIN(buyer_name) FROM procedure_lots WHERE year = ? AND buyer_country = ? "
        "AND buyer_legal_type = 'cga' GROUP BY buyer_key",
        [year, country],
    )
    return {str(name) for (name,) in rows}


def test_annual_departments_list_central_government_buyers(store: Store) -> None:
    store.write_batch([_stored(xml) for _, xml in SampleGenerator(21).notices(150)], [])
    departments = {"By federal department", "By central government authority"}
    federal = _section(
        REPORTS["annual"].build(store, ReportRequest("en", 2025, filters={"country": "BEL"})), *departments
    )
    assert federal.title == "By federal department"
    table = _table(federal)
    expected = _cga_names(store, 2025, "BEL")
    assert expected and {row[0] for row in table.rows} == expected  # only cga, not body-pl-cga or la buyers
    assert table.columns[2:4] == ("green_uptake_share", "green_coverage_share") and len(table.calls) == 3
    assert all("--filter buyer_legal_type=cga" in call for call in table.calls)
    # Another country: its own central government; a year without any says so in the report's language.
    dutch = REPORTS["annual"].build(store, ReportRequest("nl", 2025, filters={"country": "NLD"}))
    assert {row[0] for row in _table(_section(dutch, "Per centrale overheidsinstantie")).rows} == _cga_names(
        store, 2025, "NLD"
    )
    empty = _section(
        REPORTS["annual"].build(store, ReportRequest("fr", 2024, filters={"country": "NLD"})),
        "Par autorité publique centrale",
    )
    assert not empty.blocks and empty.paragraphs[0].startswith("Aucun acheteur")


def test_annual_departments_of_several_countries_and_legal_type_filter(golden: Store) -> None:
    every = _table(
        _section(REPORTS["annual"].build(golden, ReportRequest("en", 2024)), "By central government authority")
    )
    # Without a country filter the country tells the authorities apart; buyer C (a local authority) is absent.
    expected = [("Belgium", "FOD Proefdienst", 5), ("Sweden", "Test Agency Stockholm", 1)]
    assert [row[:3] for row in every.rows] == expected
    assert every.rows[0][3:5] == (0.4, 0.6)  # green: P1-L1 and P5-L1 yes, P1-L2 none, of 5 lots
    doc = REPORTS["annual"].build(golden, ReportRequest("en", 2024, filters={"buyer_legal_type": "la"}))
    section = _section(doc, "By central government authority")
    assert not section.blocks and section.paragraphs[0].startswith("No buyer")


def test_annual_trends_per_indicator_with_method_per_year(golden: Store) -> None:
    golden.write_batch([_stored((FIXTURES / "ted" / "f02_be_bilingual.xml").read_bytes())], [])
    doc = REPORTS["annual"].build(golden, ReportRequest("en", year=2024))
    table = _table(_section(doc, "Trends over the years"))
    methods = {(row[0], row[1]): row[2] for row in table.rows}
    titles = ("Strategic procurement (any)", "Green public procurement", "Socially responsible procurement")
    for title in (*titles, "Procurement of innovation"):
        # 2019 is a legacy (TED R2.0.9) year: text detection; 2024 has eForms notices: declarations.
        assert methods[(title, 2019)] == "detected in the texts" and methods[(title, 2024)] == "declared"
    assert "sppmon indicators innovative --by year --variant detected --db STORE" in table.calls
    assert "sppmon indicators strategic --by year,format --db STORE" in table.calls
    chart = next(block for block in _section(doc, "Trends over the years").blocks if not isinstance(block, TableBlock))
    assert len(chart.spec["concat"]) == 4  # type: ignore[union-attr]


def test_eu_cvd_and_buyer_reports(golden: Store, tmp_path: Path) -> None:
    eu = REPORTS["eu-strategic"].build(golden, ReportRequest("fr", first_year=2024, last_year=2025))
    pdf = tmp_path / "eu.pdf"
    write_report(eu, pdf)
    _, text = _pdf_text(pdf)
    assert "Marchés publics écologiques" in text and "2024–2025" in text
    cvd = REPORTS["cvd"].build(golden, ReportRequest("en"))
    html = render_html(cvd)
    assert "Belgian minimum" in html and "†" in html and "Per contracting authority" in html
    buyer = REPORTS["buyer"].build(golden, ReportRequest("en", buyer=BUYER_A_KEY))
    assert buyer.title == "Feedback sheet — FOD Proefdienst"
    listing = buyer.sections[2].blocks[1]
    # P1-L2: evidence in the texts (Energy Star label) but BT-06 'none' → detected only.
    assert [row[1] for row in listing.rows] == ["LOT-0002"]  # type: ignore[union-attr]
    assert "energy star" in listing.rows[0][-1]  # type: ignore[union-attr]


def test_buyer_sheet_without_detection_says_so(store: Store) -> None:
    fill(store, with_detection=False)
    doc = REPORTS["buyer"].build(store, ReportRequest("nl", buyer=BUYER_A_KEY))
    assert doc.sections[2].paragraphs[0].startswith("Nog geen gegevens van tekstdetectie")


def test_report_needs_its_parameters(golden: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        REPORTS["annual"].build(golden, ReportRequest("en"))
    with pytest.raises(ConfigError):
        REPORTS["eu-strategic"].build(golden, ReportRequest("en", first_year=2025, last_year=2024))
    doc = REPORTS["cvd"].build(golden, ReportRequest("en"))
    with pytest.raises(ConfigError):
        write_report(doc, tmp_path / "report.docx")
    assert not (tmp_path / "report.docx").exists()


def test_report_command(tmp_path: Path) -> None:
    db = tmp_path / "golden.duckdb"
    with open_store(str(db)) as store:
        fill(store)
    out = tmp_path / "cvd.xlsx"
    result = CliRunner().invoke(main, ["report", "cvd", "--out", str(out), "--db", str(db), "--filter", "country=BEL"])
    assert result.exit_code == 0, result.output
    assert "Total" in load_workbook(out).sheetnames
    bad = CliRunner().invoke(main, ["report", "annual", "--year", "2024", "--out", str(out), "--filter", "x=1"])
    assert bad.exit_code == 2


def test_buyer_sheet_by_name_and_unknown_buyer_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "golden.duckdb"
    with open_store(str(db)) as store:
        fill(store)
    out = tmp_path / "sheet.xlsx"
    runner = CliRunner()
    by_name = runner.invoke(
        main, ["report", "buyer", "--buyer", "proefdienst", "--lang", "nl", "--out", str(out), "--db", str(db)]
    )
    assert by_name.exit_code == 0, by_name.output
    assert load_workbook(out).sheetnames[0].startswith("Invulgraad")
    out.unlink()
    unknown = runner.invoke(main, ["report", "buyer", "--buyer", "Stad Brugge", "--out", str(out), "--db", str(db)])
    assert unknown.exit_code == 3 and "BUYER_UNKNOWN" in unknown.output and not out.exists()
