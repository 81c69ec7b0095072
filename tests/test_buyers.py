"""One name per buyer per language, and buyers found by key, registration number or (part of) a name."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sppmon import buyers
from sppmon.cli import main
from sppmon.detect.plausibility import plausibility
from sppmon.readers import read_notice
from sppmon.reports.base import ReportRequest
from sppmon.reports.registry import REPORTS
from sppmon.sample.model import NoticeDraft
from sppmon.sample.vocab import BuyerSpec
from sppmon.sample.writer import notice_xml
from sppmon.store import Store, StoredNotice, open_store

from .indicator_fixture import COMPUTERS, _lot, _notice, _uuid

FEDERAL = BuyerSpec(
    {"NLD": "FOD Beleid en Ondersteuning", "FRA": "SPF Stratégie et Appui"},
    "BEL",
    "BE100",
    "Brussel",
    "cga",
    "gen-pub",
    "0671.516.647",
)
GHENT = BuyerSpec({"NLD": "Stad Gent"}, "BEL", "BE234", "Gent", "la", "gen-pub", "0207.451.227")
UNIVERSITY = BuyerSpec({"NLD": "Universiteit Gent"}, "BEL", "BE234", "Gent", "body-pl", "educ", "0248.015.142")
COMMISSION = BuyerSpec({"ENG": "European Commission, OIB"}, "BEL", "BE100", "Brussel", "eu-ins-bod-ag", "gen-pub", "X1")
FEDERAL_KEY, GHENT_KEY, UNIVERSITY_KEY = "BEL:id:0671516647", "BEL:id:0207451227", "BEL:id:0248015142"


def _draft(number: int, buyer: BuyerSpec, language: str) -> NoticeDraft:
    draft = _notice(
        _uuid(900 + number),
        _uuid(800 + number),
        buyer,
        date(2025, 3, number),
        [_lot("LOT-0001", COMPUTERS, 1000)],
        number=number,
    )
    return replace(draft, language=language, titles={language: "Opdracht"}, descriptions={language: "Tekst."})


def _fill(store: Store) -> Store:
    drafts = [
        # The federal body: three French notices, two Dutch ones (French is the more frequent name).
        *(_draft(n, FEDERAL, "FRA") for n in (1, 2, 3)),
        *(_draft(n, FEDERAL, "NLD") for n in (4, 5)),
        _draft(6, GHENT, "NLD"),
        _draft(7, UNIVERSITY, "NLD"),
        _draft(8, COMMISSION, "ENG"),
    ]
    items = []
    for draft in drafts:
        data = notice_xml(draft)
        items.append(StoredNotice(read_notice(data), draft.file_name, hashlib.sha256(data).hexdigest()))
    store.write_batch(items, [])
    return store


@pytest.fixture
def named(store: Store) -> Store:
    return _fill(store)


def test_one_name_per_language_else_the_most_frequent(named: Store) -> None:
    chosen = buyers.naming(named)
    assert chosen.name(FEDERAL_KEY, "nl") == "FOD Beleid en Ondersteuning"
    assert chosen.name(FEDERAL_KEY, "fr") == "SPF Stratégie et Appui"
    assert chosen.name(FEDERAL_KEY, "en") == "SPF Stratégie et Appui"  # no English name: the most frequent
    assert chosen.name(GHENT_KEY, "fr") == "Stad Gent"
    assert chosen.all_names(FEDERAL_KEY) == ("SPF Stratégie et Appui", "FOD Beleid en Ondersteuning")
    assert chosen.name("BEL:id:0000000000", "nl") is None and chosen.label(None, "nl") == "–"
    assert buyers.naming(named, [GHENT_KEY]).names("nl") == {GHENT_KEY: "Stad Gent"}
    assert buyers.buyer_name(named, FEDERAL_KEY, "nl") == "FOD Beleid en Ondersteuning"
    rows = buyers.with_names(named, [{"buyer": FEDERAL_KEY, "buyer_name": "x"}, {"buyer": None}], "nl")
    assert rows == [{"buyer": FEDERAL_KEY, "buyer_name": "FOD Beleid en Ondersteuning"}, {"buyer": None}]


def test_ties_go_to_the_alphabetically_first_name() -> None:
    tie = buyers.BuyerNaming({"K": {("NLD", "Zeta"): 2, ("NLD", "Alfa"): 2, ("FRA", "Bêta"): 9}})
    assert tie.name("K", "nl") == "Alfa" and tie.name("K", "fr") == "Bêta" and tie.name("K", "en") == "Bêta"


def test_buyers_found_by_key_number_or_name(named: Store) -> None:
    assert buyers.resolve_buyer(named, FEDERAL_KEY) == FEDERAL_KEY
    assert buyers.resolve_buyer(named, "0671.516.647") == FEDERAL_KEY
    assert buyers.resolve_buyer(named, "spf strategie et appui") == FEDERAL_KEY  # case and accents ignored
    assert buyers.resolve_buyer(named, "Beleid") == FEDERAL_KEY
    assert buyers.resolve_buyer(named, "Stad Gent") == GHENT_KEY  # a whole name wins over a part of another
    with pytest.raises(buyers.BuyerNotFound) as ambiguous:
        buyers.resolve_buyer(named, "gent", "nl")
    assert ambiguous.value.code == "BUYER_AMBIGUOUS"
    assert {choice.key for choice in ambiguous.value.candidates} == {GHENT_KEY, UNIVERSITY_KEY}
    assert "Universiteit Gent" in str(ambiguous.value)
    for unknown in ("Stad Brugge", "", "BEL:id:0000000000"):
        with pytest.raises(buyers.BuyerNotFound) as missing:
            buyers.resolve_buyer(named, unknown)
        assert missing.value.code == "BUYER_UNKNOWN"


def test_buyer_filters_take_names_even_with_commas(named: Store) -> None:
    commission = buyers.resolve_buyer(named, "European Commission, OIB")
    assert buyers.resolve_filters(named, {"buyer": "European Commission, OIB", "year": "2025"}) == {
        "buyer": commission,
        "year": "2025",
    }
    assert buyers.resolve_filters(named, {"buyer": "Stad Gent,Universiteit"}) == {
        "buyer": f"{GHENT_KEY},{UNIVERSITY_KEY}"
    }
    assert buyers.resolve_filters(named, {"year": "2025"}) == {"year": "2025"}


def test_reports_and_plausibility_use_the_one_name(named: Store) -> None:
    sheet = REPORTS["buyer"].build(named, ReportRequest("nl", buyer="SPF Stratégie"))
    assert sheet.title == "Feedbackfiche — FOD Beleid en Ondersteuning"
    french = REPORTS["buyer"].build(named, ReportRequest("fr", buyer=FEDERAL_KEY))
    assert french.title == "Fiche de retour — SPF Stratégie et Appui"
    with pytest.raises(buyers.BuyerNotFound):
        REPORTS["buyer"].build(named, ReportRequest("nl", buyer="Stad Brugge"))
    rows = plausibility(named, "green", lang="nl")
    assert {row.buyer_key: row.buyer_name for row in rows}[FEDERAL_KEY] == "FOD Beleid en Ondersteuning"
    annual = REPORTS["annual"].build(named, ReportRequest("fr", year=2025))
    names = {cell for table in annual.tables for row in table.rows for cell in row if isinstance(cell, str)}
    assert "SPF Stratégie et Appui" in names and "FOD Beleid en Ondersteuning" not in names


def test_report_command_takes_a_name_and_refuses_an_unknown_buyer(tmp_path: Path) -> None:
    db = str(tmp_path / "buyers.duckdb")
    with open_store(db) as store:
        _fill(store)
    out = tmp_path / "sheet.html"
    ok = CliRunner().invoke(
        main, ["report", "buyer", "--buyer", "Stad Gent", "--lang", "nl", "--out", str(out), "--db", db]
    )
    assert ok.exit_code == 0, ok.output
    assert "Feedbackfiche — Stad Gent" in out.read_text(encoding="utf-8")
    for given, code in (("Stad Brugge", "BUYER_UNKNOWN"), ("gent", "BUYER_AMBIGUOUS")):
        target = tmp_path / f"{code}.xlsx"
        failed = CliRunner().invoke(main, ["report", "buyer", "--buyer", given, "--out", str(target), "--db", db])
        assert failed.exit_code == 3 and code in failed.output and not target.exists()
