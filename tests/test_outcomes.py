"""Outcome estimates: the factors file read strictly, the figures of fixture notices on both stores (the latest
version only), notes instead of silent zeros, and the command's outputs in nl, fr and en."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sppmon import messages
from sppmon.cli import main
from sppmon.errors import CATALOGUE, CatalogedError
from sppmon.outcomes.factors import load_outcome_factors
from sppmon.outcomes.report import outcomes
from sppmon.pipeline import ingest
from sppmon.store import open_store

from .conftest import FIXTURES

OUTCOMES = FIXTURES / "outcomes" / "can_outcomes.xml"
CAN = FIXTURES / "eforms" / "can_cvd_eed.xml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _db(tmp_path: Path, *notices: Path | bytes) -> str:
    paths = []
    for index, notice in enumerate(notices):
        if isinstance(notice, bytes):
            written = tmp_path / f"n{index}.xml"
            written.write_bytes(notice)
            paths.append(str(written))
        else:
            paths.append(str(notice))
    db = str(tmp_path / "s.duckdb")
    with open_store(db) as store:
        ingest(paths, store)
    return db


def _row(rows: list[dict[str, Any]], **keys: Any) -> dict[str, Any]:
    found = [row for row in rows if all(row.get(name) == value for name, value in keys.items())]
    assert len(found) == 1, (keys, rows)
    return found[0]


def _codes(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(note["area"], note["code"]) for note in report["notes"]}


# --- factors -------------------------------------------------------------------------------------------------


def test_packaged_factors_name_a_source_for_every_value() -> None:
    factors = load_outcome_factors()
    assert {"computer", "building", "tyres"} <= set(factors.service_life)
    assert "services" not in factors.service_life  # no default: lifetime savings are left out and listed
    assert {"BEL", "NLD", "FRA", "DEU", "NOR", "ISL"} <= set(factors.electricity)
    assert set(factors.vehicles) == {"m1", "m2", "m3", "n1", "n2", "n3", "m1-m2-n1", "n2-n3"}
    for life in factors.service_life.values():
        assert life.source.year and life.source.url
    for vehicle in factors.vehicles.values():
        for value in (vehicle.conventional, vehicle.clean, vehicle.zero_emission, vehicle.lifetime_km):
            assert value.source.year and value.low <= value.high
    # the aggregate takes the mileages of its members from the life-cycle cost factors, not its own numbers
    light = factors.vehicles["m1-m2-n1"].lifetime_km
    assert (light.low, light.high, light.source.id) == (200_000, 800_000, "cvd-2009")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("service_life: {computer: {years: 6, source: cwa-15693, colour: red}}", "service_life.computer.colour"),
        ("vehicle: {}", "vehicle"),
        ("electricity: {BEL: {source: nowhere, years: {2023: {low: 1, high: 2}}}}", "electricity.BEL.source"),
        ("electricity: {BEL: {source: eea-electricity, years: {2023: {low: 3, high: 2}}}}", "2023.high"),
        ("fuels: {coal: {low: 1, high: 2, source: ipcc-2006, unit: kg}}", "fuels.coal.unit"),
        ("carriers: {tyres: [kerosene]}", "carriers.tyres[0]"),
        ("vehicles: {m1: {lifetime_km_of: [Z9], conventional: {}, clean: {}, zero_emission: {}}}", "lifetime_km_of"),
        ("sources: {x: {title: t, publisher: p, year: 2020, url: u, pages: 3}}", "sources.x.pages"),
    ],
)
def test_a_factors_file_with_an_unknown_key_or_source_is_refused(tmp_path: Path, text: str, place: str) -> None:
    path = tmp_path / "factors.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(CatalogedError) as caught:
        load_outcome_factors(path)
    assert caught.value.code == "OUTCOME_FACTORS_INVALID" and place in str(caught.value)
    assert "OUTCOME_FACTORS_INVALID" in CATALOGUE


def test_a_factors_file_replaces_entries_and_the_command_refuses_a_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "factors.yaml"
    path.write_text("service_life: {computer: {years: 7, source: cwa-15693, verify: false}}\n", encoding="utf-8")
    factors = load_outcome_factors(path)
    assert factors.service_life["computer"].years == 7 and factors.origin == "factors.yaml"
    assert factors.service_life["building"].years == load_outcome_factors().service_life["building"].years
    bad = tmp_path / "bad.yaml"
    bad.write_text("servicelife: {}\n", encoding="utf-8")
    code, _, err = _run("outcomes", "--db", str(tmp_path / "none.duckdb"), "--factors", str(bad))
    assert code == 3 and "OUTCOME_FACTORS_INVALID" in err and "Traceback" not in err


# --- figures on both stores ------------------------------------------------------------------------------------


def test_figures_of_the_fixture_on_every_backend(store) -> None:  # type: ignore[no-untyped-def]
    ingest([str(OUTCOMES), str(CAN)], store)
    report = outcomes(store, load_outcome_factors(), by=("year", "category")).as_dict()
    energy, vehicles = report["energy"]["rows"], report["vehicles"]["rows"]
    computer = _row(energy, category="computer")
    assert computer["savings_kwh_per_year"] == 6000  # 150 kWh × 40
    assert computer["lifetime_savings_kwh"] == 30000  # × 5 years
    assert (computer["co2_kg_per_year_low"], computer["co2_kg_per_year_high"]) == (660, 960)  # BEL 2023: 110-160 g
    assert (computer["co2_kg_lifetime_low"], computer["co2_kg_lifetime_high"]) == (3300, 4800)
    services = _row(energy, category="services")
    assert services["savings_kwh_per_year"] == 1000
    assert services["lifetime_savings_kwh"] is None and services["co2_kg_lifetime_low"] is None  # unknown, not 0
    assert (services["co2_kg_per_year_low"], services["co2_kg_per_year_high"]) == (110, 201.96)  # electricity-gas
    bus = _row(vehicles, category="m3")
    # low: 800 000 km × (4 × 950 + 2 × 0); high: 800 000 km × (4 × 1 300 + 6 × 1 000); g → kg
    assert (bus["co2_kg_lifetime_low"], bus["co2_kg_lifetime_high"]) == (3_040_000, 8_960_000)
    cars = _row(vehicles, category="m1")  # can_cvd_eed: 20 vehicles, 12 clean, 8 zero-emission
    assert (cars["co2_kg_lifetime_low"], cars["co2_kg_lifetime_high"]) == (248_000, 640_000)
    assert bus["lots"] == [{"notice": "4d1f0c2a-7b3e-4c59-9a86-0e5f2b7c1d38-01", "lot": "LOT-0002"}]
    assert report["energy"]["total"]["items"] == 2 and report["energy"]["total"]["items_with_life"] == 1
    assert _codes(report) >= {
        ("energy", "savings_without_quantity"),
        ("energy", "quantity_without_savings"),
        ("energy", "no_service_life"),
        ("vehicles", "no_category"),
        ("vehicles", "clean_below_zero"),
    }
    assert set(report["factors"]["sources"]) >= {"cwa-15693", "eea-electricity", "cvd-2009", "eea-heavy-duty"}


def test_only_the_latest_version_of_a_notice_counts(tmp_path: Path) -> None:
    first = OUTCOMES.read_bytes()
    second = first.replace(b"<cbc:VersionID>01</cbc:VersionID>", b"<cbc:VersionID>02</cbc:VersionID>").replace(
        b"<efbc:StatisticsNumeric>40</efbc:StatisticsNumeric>", b"<efbc:StatisticsNumeric>50</efbc:StatisticsNumeric>"
    )
    db = _db(tmp_path, first, second)
    report = json.loads(_run("outcomes", "--db", db, "--by", "category", "--format", "json")[1])
    computer = _row(report["energy"]["rows"], category="computer")
    assert computer["savings_kwh_per_year"] == 7500  # 150 × 50 of version 02; version 01 is superseded
    assert computer["lots"][0]["notice"].endswith("-02")


def test_no_country_factor_and_no_quantity_are_notes_not_zeros(tmp_path: Path) -> None:
    liechtenstein = OUTCOMES.read_bytes().replace(b">BEL<", b">LIE<")
    db = _db(tmp_path, liechtenstein)
    report = json.loads(_run("outcomes", "--db", db, "--by", "", "--format", "json")[1])
    total = report["energy"]["total"]
    assert total["savings_kwh_per_year"] == 6000 + 1000 and total["items_with_co2"] == 0
    assert total["co2_kg_per_year_low"] is None and total["co2_kg_lifetime_high"] is None
    note = next(note for note in report["notes"] if note["code"] == "no_country_factor")
    assert note["rows"] == 2 and note["lots"] == [
        {"notice": "4d1f0c2a-7b3e-4c59-9a86-0e5f2b7c1d38-01", "lot": "LOT-0001"}
    ]
    assert "country" in note["text"]


def test_an_override_changes_the_year_and_says_so(tmp_path: Path) -> None:
    db = _db(tmp_path, OUTCOMES)
    factors = tmp_path / "f.json"
    factors.write_text(
        json.dumps(
            {"electricity": {"BEL": {"source": "eea-electricity", "years": {"2021": {"low": 150, "high": 150}}}}}
        )
    )
    code, out, _ = _run("outcomes", "--db", db, "--by", "category", "--format", "json", "--factors", str(factors))
    report = json.loads(out)
    computer = _row(report["energy"]["rows"], category="computer")
    assert code == 0 and computer["co2_kg_per_year_low"] == 900 == computer["co2_kg_per_year_high"]
    assert ("energy", "factor_year") in _codes(report)
    assert report["factors"]["electricity"]["BEL 2021"]["low"] == 150 and report["factors"]["origin"] == "f.json"


def test_filters_keep_only_what_is_asked(tmp_path: Path) -> None:
    db = _db(tmp_path, OUTCOMES, CAN)
    both = json.loads(_run("outcomes", "--db", db, "--format", "json")[1])
    assert {row["year"] for row in both["vehicles"]["rows"]} == {2023, 2024}
    only = json.loads(_run("outcomes", "--db", db, "--year", "2024", "--format", "json")[1])
    assert {row["year"] for row in only["vehicles"]["rows"]} == {2024} and only["filters"]["year"] == [2024]
    code, out, _ = _run("outcomes", "--db", db, "--country", "nld", "--lang", "nl")
    assert code == 0 and messages.catalogue()["outcomes.none"]["nl"] in out


# --- outputs -----------------------------------------------------------------------------------------------------


def _english_only() -> list[str]:
    """English texts of the outcome catalogue that differ from their Dutch and French versions (long enough to
    be recognisable)."""
    found = []
    for key, texts in messages.catalogue().items():
        if key.startswith("outcomes.") and texts["en"] not in (texts["nl"], texts["fr"]) and len(texts["en"]) > 12:
            found.append(texts["en"].split("{")[0].strip())
    return [text for text in found if len(text) > 12]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_table_and_json_have_no_english_in_dutch_or_french(tmp_path: Path, lang: str) -> None:
    db = _db(tmp_path, OUTCOMES, CAN)
    code, table, _ = _run("outcomes", "--db", db, "--lang", lang, "--by", "year,country,buyer,category")
    assert code == 0
    _, raw, _ = _run("outcomes", "--db", db, "--lang", lang, "--format", "json")
    report = json.loads(raw)
    texts = [table, *report["method"].values(), *(note["text"] for note in report["notes"])]
    for english in _english_only():
        for text in texts:
            assert english not in text, (lang, english)
    assert messages.catalogue()["outcomes.title"][lang] in table
    assert "Stad Voorbeeld" in table  # the buyer breakdown shows the name
    # names of works stay as published; the words around them, units included, are in the table's language
    factors = table.split(messages.catalogue()["outcomes.factors"][lang], 1)[1]
    words = {"nl": ("— bron: ", "— bronnen: ", "; jaar ", "jaar", "België"), "fr": ("— source : ", "— sources : ")}
    words["fr"] += (" ; année ", "année", "Belgique")
    assert all(word in factors for word in words[lang]), factors
    assert " BEL, " not in factors and "kWh" in factors and "g CO2/km" in factors
    assert ("6.000" if lang == "nl" else "6\u202f000") in table or "6 000" in table


def test_csv_lists_rows_totals_and_lots(tmp_path: Path) -> None:
    db = _db(tmp_path, OUTCOMES)
    code, out, _ = _run("outcomes", "--db", db, "--by", "category", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    computer = next(row for row in rows if row["category"] == "computer")
    assert computer["area"] == "energy" and computer["savings_kwh_per_year"] == "6000"
    assert computer["lots"] == "4d1f0c2a-7b3e-4c59-9a86-0e5f2b7c1d38-01#LOT-0001"
    assert [row["category"] for row in rows if row["area"] == "vehicles"] == ["m3", "n2-n3", "total"]


# --- the documentation's worked example --------------------------------------------------------------------------

DOC = FIXTURES.parent.parent / "docs" / "outcomes.md"


def test_the_worked_example_reproduces_to_the_unit(tmp_path: Path) -> None:
    db = _db(tmp_path, OUTCOMES)
    code, table, _ = _run("outcomes", "--db", db, "--by", "category")
    assert code == 0
    doc = DOC.read_text(encoding="utf-8")
    block = doc.split("<!-- worked-example:", 1)[1].split("```", 2)[1].strip("\n")
    assert block in table, "the worked example's output differs from the command's"
    report = json.loads(_run("outcomes", "--db", db, "--by", "category", "--format", "json")[1])
    computer = _row(report["energy"]["rows"], category="computer")
    bus = _row(report["vehicles"]["rows"], category="m3")
    by_hand = {
        "**6,000 kWh per year**": computer["savings_kwh_per_year"],
        "**30,000 kWh over the life**": computer["lifetime_savings_kwh"],
        "**660 kg**": computer["co2_kg_per_year_low"],
        "**960 kg CO2 per year**": computer["co2_kg_per_year_high"],
        "**3,300 kg**": computer["co2_kg_lifetime_low"],
        "**4,800 kg**": computer["co2_kg_lifetime_high"],
        "**3,040,000 kg**": bus["co2_kg_lifetime_low"],
        "**8,960,000 kg**": bus["co2_kg_lifetime_high"],
    }
    for written, computed in by_hand.items():
        assert written in doc, written
        number = float(written.strip("*").split()[0].replace(",", ""))
        assert number == computed, (written, computed)
    factors = report["factors"]
    assert factors["service_life"]["computer"]["years"] == 5 and "5 years" in doc
    assert (factors["electricity"]["BEL 2023"]["low"], factors["electricity"]["BEL 2023"]["high"]) == (110, 160)
    assert factors["vehicles"]["m3"]["lifetime_km"]["low"] == 800_000 and "800,000 km" in doc
    assert (factors["vehicles"]["m3"]["conventional"]["low"], factors["vehicles"]["m3"]["clean"]["low"]) == (950, 300)


# --- web: the API answers the command's JSON, the dashboard shows the estimates in the page's language ------------


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_api_and_dashboard_show_the_estimates(tmp_path: Path, lang: str) -> None:
    from fastapi.testclient import TestClient

    from sppmon.web import WebConfig, create_app

    db = _db(tmp_path, OUTCOMES, CAN)
    cli = json.loads(_run("outcomes", "--db", db, "--format", "json", "--lang", lang, "--year", "2023")[1])
    with TestClient(create_app(WebConfig(db=db))) as client:
        headers = {"accept-language": lang}
        api = client.get("/api/outcomes?year=2023", headers=headers)
        assert api.status_code == 200 and api.json() == cli
        assert client.get("/api/outcomes?by=colour", headers=headers).status_code == 422
        page = client.get("/", headers=headers).text
        section = page.split('id="outcomes"', 1)[1]
        assert messages.catalogue()["outcomes.dashboard.lead"][lang] in section
        assert {"nl": "3.040.000", "fr": "3\u202f040\u202f000", "en": "3,040,000"}[lang] in section.replace(
            "\xa0", "\u202f"
        )
        assert "/notices/4d1f0c2a-7b3e-4c59-9a86-0e5f2b7c1d38-01" in section  # drill-down to the lot's notice
        factors = section.split('class="outcome-factors"', 1)[1].split("</ul>", 1)[0]
        assert "g CO2/km" in factors and "g CO2/kWh" in factors  # each factor with its value and unit
        label = {"nl": ("bron ", "; jaar "), "fr": ("source ", " ; année "), "en": ("source ", "; year ")}[lang]
        assert all(word in factors for word in label) and 'rel="external noopener"' in factors
        if lang != "en":
            for english in _english_only():
                assert english not in section, english
        download = client.get("/download/outcomes-vehicles.csv?year=2023", headers=headers)
        assert download.status_code == 200 and "8960000" in download.text


# --- the annual report's chapter -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_annual_report_has_an_outcomes_chapter(tmp_path: Path, lang: str) -> None:
    from openpyxl import load_workbook

    from sppmon.reports.base import ReportRequest
    from sppmon.reports.document import TableBlock
    from sppmon.reports.registry import REPORTS
    from sppmon.reports.render import render_html, write_report

    db = _db(tmp_path, OUTCOMES, CAN)
    with open_store(db, read_only=True) as store:
        doc = REPORTS["annual"].build(store, ReportRequest(lang, year=2023))
    title = messages.catalogue()["outcomes.title"][lang]
    section = next(section for section in doc.sections if section.title == title)
    tables = [block for block in section.blocks if isinstance(block, TableBlock)]
    energy = {row[0]: row for row in tables[0].rows}
    assert energy["Computers" if lang == "nl" else "Ordinateurs"][1:3] == (1, 6000)
    vehicles = tables[1].rows
    assert vehicles[0][-2:] == (3_040_000, 8_960_000)  # the 2024 cars of can_cvd_eed are another year
    assert "sppmon outcomes --year 2023 --by category --db STORE" in doc.calls
    text = " ".join(section.paragraphs)
    for english in _english_only():
        assert english not in text, english
    html = render_html(doc)
    assert title in html
    xlsx = tmp_path / "annual.xlsx"
    write_report(doc, xlsx)
    assert len(load_workbook(xlsx).sheetnames) == len(doc.tables) + 1


# --- every code covered; every inconsistency a note ------------------------------------------------------------------


def test_factors_cover_every_code_of_the_eforms_lists() -> None:
    from sppmon.labels import codes_of

    factors = load_outcome_factors()
    assert set(codes_of("vehicle-category")) == set(factors.vehicles)
    items = set(codes_of("energy-efficiency-item"))
    assert len(items) == 32
    assert items - set(factors.service_life) == {"services", "products"}  # no default life, said in the notes
    assert set(factors.carriers) <= items


def _where(lot: str) -> Any:
    from sppmon.outcomes.rows import Where

    return Where("N-01", lot, 2023, "BEL", "B1", "Buyer")


def test_inconsistent_rows_become_notes_with_their_lots() -> None:
    from sppmon.outcomes.estimate import Notes, Used, estimate_energy, estimate_vehicles
    from sppmon.outcomes.rows import EedRow, VehicleRow

    factors, notes, used = load_outcome_factors(), Notes(), Used()
    energy = estimate_energy(
        [
            EedRow(_where("L1"), "R1", "computer", -5.0, 3.0),  # negative savings
            EedRow(_where("L2"), "R2", "computer", 5.0, 0.0),  # a quantity of zero
            EedRow(_where("L3"), "R3", "computer", None, None),
            EedRow(_where("L4"), "R4", None, 10.0, 2.0),  # counted, without a category: no life
        ],
        factors,
        ("category",),
        notes,
        used,
    )
    vehicles = estimate_vehicles(
        [
            VehicleRow(_where("L5"), "R5", "m1", 3, 0, 0, False),  # nothing clean: counted, saves nothing
            VehicleRow(_where("L6"), "R6", "m1", 2, 5, None, True),  # more clean than vehicles; a number missing
            VehicleRow(_where("L7"), "R7", "x9", 2, 2, 0, False),  # a category without factors
        ],
        factors,
        (),
        notes,
        used,
    )
    found = {(note.area, note.code): [lot for _, lot in note.lots] for note in notes.all()}
    assert found == {
        ("energy", "inconsistent"): ["L1", "L2"],
        ("energy", "nothing_declared"): ["L3"],
        ("energy", "no_category"): ["L4"],
        ("vehicles", "counts_missing"): ["L6"],
        ("vehicles", "no_clean"): ["L5"],
        ("vehicles", "above_total"): ["L6"],
        ("vehicles", "unknown_category"): ["L7"],
    }
    total = energy.total.as_dict()
    assert total["items"] == 1 and total["savings_kwh_per_year"] == 20 and total["lifetime_savings_kwh"] is None
    assert (total["co2_kg_per_year_low"], total["co2_kg_per_year_high"]) == (2.2, 3.2)  # 20 kWh × 110-160 g
    counted = vehicles.total.as_dict()
    assert counted["results"] == 2 and counted["clean"] == 5
    # L6: 5 clean, none zero-emission: 200 000 km × 5 × (120 − 50) g low, × 5 × (160 − 0) g high
    assert (counted["co2_kg_lifetime_low"], counted["co2_kg_lifetime_high"]) == (70_000, 160_000)
