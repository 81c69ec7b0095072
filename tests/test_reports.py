"""Report smoke tests: every report builds on the fixture store, the PDF opens with the expected text and the
XLSX has one sheet per table with numbers as numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from sppmon.cli import main
from sppmon.errors import ConfigError
from sppmon.reports.base import ReportRequest
from sppmon.reports.registry import REPORTS
from sppmon.reports.render import render_html, write_report
from sppmon.store import Store, open_store

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
    assert "<svg" in html and "Kerncijfers" in html and "ted.europa.eu/en/notice/-/detail/101-2024" in html
    pdf = tmp_path / "annual.pdf"
    write_report(doc, pdf)
    pages, text = _pdf_text(pdf)
    assert pages >= 3
    assert "Groene overheidsopdrachten" in text and "Hoe elk cijfer te reproduceren" in text
    xlsx = tmp_path / "annual.xlsx"
    write_report(doc, xlsx)
    book = load_workbook(xlsx)
    assert len(book.sheetnames) == len(doc.tables) + 1 and book.sheetnames[-1] == "calls"
    headline = book[book.sheetnames[0]]
    assert headline.cell(row=2, column=2).value == 7  # green/strategic: 7 procedure lots in 2024
    assert isinstance(headline.cell(row=2, column=3).value, float)


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
