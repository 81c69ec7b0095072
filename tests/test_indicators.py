"""Golden tests of every indicator on the hand-written fixture store (see indicator_fixture.py).

The eight procedure lots, as the store must count them (NR = not reported):

    lot    year country buyer strategic green gpp  social innov access reserved sme   value EUR   group
    P1-L1  2024 BEL     A     yes       yes   yes  NR     yes   yes    none     true  100 000     computers
    P1-L2  2024 BEL     A     none      none  none none   none  none   yes      false  50 000     computers
    P1-L3  2024 BEL     A     NR        NR    NR   NR     NR    NR     NR       NR     25 000     computers
    P2-L1  2025 BEL     A     none      none  NR   none   none  NR     none     NR     40 000     -
    P3-L1  2024 SWE     B     yes       yes   NR   yes    NR    NR     NR       NR     10 000 (SEK) computers
    P4-L1  2024 NLD     C     NR        NR    NR   NR     NR    NR     NR       NR     ZZZ: no rate
    P5-L1  2024 BEL     A     yes       yes   NR   NR     NR    NR     NR       NR     30 000 (awarded)
    P5-L2  2024 BEL     A     NR        NR    NR   NR     NR    NR     NR       NR     20 000 (awarded)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sppmon.indicators import BREAKDOWNS, REGISTRY, QueryError, compute, parse_filters
from sppmon.indicators.base import IndicatorResult
from sppmon.indicators.export import as_csv, as_json, as_people_csv, write_result_xlsx
from sppmon.store import Store

from .indicator_fixture import BUYER_A_KEY, fill


@pytest.fixture
def golden(store: Store) -> Store:
    return fill(store)


def _only(result: IndicatorResult) -> dict[str, object]:
    assert len(result.rows) == 1, result.rows
    return result.rows[0]


def _pick(row: dict[str, object], *names: str) -> tuple[object, ...]:
    return tuple(row[name] for name in names)


UPTAKE = ("lots_in_scope", "lots_yes", "lots_none", "lots_not_reported")


def test_registry_has_the_minimum_catalogue_with_translated_titles() -> None:
    required = {
        "strategic",
        "green",
        "gpp-criteria",
        "social",
        "innovative",
        "reserved",
        "accessibility",
        "award-criteria",
        "sme",
        "competition",
        "cvd",
        "eed",
        "coverage",
        "gpp-relevant",
        "declared-vs-detected",
        "environmental-impact",
        "social-objectives",
    }
    assert required <= set(REGISTRY)
    for indicator in REGISTRY.values():
        assert set(indicator.titles) == {"en", "nl", "fr"} == set(indicator.definition), indicator.code
        assert all(name in BREAKDOWNS for name in indicator.breakdowns)


def test_green_by_year_counts_each_lot_once_with_value_and_currency(golden: Store) -> None:
    result = compute(golden, "green", by=("year",))
    rows = {row["year"]: row for row in result.rows}
    assert set(rows) == {2024, 2025}
    # 2024: P1 ×3, P3, P4, P5 ×2 = 7 lots; yes P1-L1, P3-L1, P5-L1; none P1-L2.
    assert _pick(rows[2024], *UPTAKE) == (7, 3, 1, 3)
    assert rows[2024]["uptake_share"] == pytest.approx(3 / 7, abs=1e-6)
    assert rows[2024]["coverage_share"] == pytest.approx(4 / 7, abs=1e-6)
    assert rows[2024]["not_reported_share"] == pytest.approx(3 / 7, abs=1e-6)
    # 100 000 + 50 000 + 25 000 + 114 325 SEK / 11.4325 + 30 000 + 20 000 (awarded, not the estimates); ZZZ out.
    assert rows[2024]["value_eur_in_scope"] == pytest.approx(235_000.0)
    assert rows[2024]["value_eur_yes"] == pytest.approx(140_000.0)
    assert rows[2024]["lots_unknown_currency"] == 1
    assert rows[2024]["lots_without_value"] == 0
    # 2025: only the change notice of P2 counts (BT-06 none).
    assert _pick(rows[2025], *UPTAKE) == (1, 0, 1, 0)
    assert rows[2025]["coverage_share"] == 1.0
    assert rows[2025]["value_eur_in_scope"] == pytest.approx(40_000.0)
    assert any(note.startswith("MONEY_UNKNOWN_CURRENCY") for note in result.notes)
    assert result.columns[:1] == ["year"] and "value_eur_yes" in result.columns


def test_supersession_only_latest_version_counts(golden: Store) -> None:
    # The superseded first version of P2 declared soc-obj; its change notice says BT-06 none.
    row = _only(compute(golden, "social", filters={"year": "2025"}))
    assert _pick(row, *UPTAKE) == (1, 0, 1, 0)
    assert _only(compute(golden, "strategic"))["lots_in_scope"] == 8


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("strategic", (8, 3, 2, 3)),
        ("green", (8, 3, 2, 3)),
        ("gpp-criteria", (8, 1, 1, 6)),
        ("social", (8, 1, 2, 5)),
        ("innovative", (8, 1, 2, 5)),
        ("accessibility", (8, 1, 1, 6)),
        ("reserved", (8, 1, 2, 5)),
        ("eed", (8, 1, 0, 7)),
        ("sme", (8, 1, 1, 6)),
        ("gpp-relevant", (6, 3, 1, 2)),
    ],
)
def test_uptake_indicators_overall(golden: Store, code: str, expected: tuple[int, int, int, int]) -> None:
    row = _only(compute(golden, code))
    assert _pick(row, *UPTAKE) == expected
    in_scope, yes, none, _ = expected
    assert row["uptake_share"] == pytest.approx(yes / in_scope, abs=1e-6)
    assert row["coverage_share"] == pytest.approx((yes + none) / in_scope, abs=1e-6)


def test_uptake_extras(golden: Store) -> None:
    reserved = _only(compute(golden, "reserved"))
    assert _pick(reserved, "lots_sheltered_workshops", "lots_public_service_mission", "lots_reserved_execution") == (
        1,
        0,
        0,
    )
    sme = _only(compute(golden, "sme"))
    # Winners: P1-L1 small, P1-L2 large, P5-L1 micro, P5-L2 medium.
    assert _pick(sme, "lots_winner_size_known", "lots_won_by_sme", "sme_win_share") == (4, 3, 0.75)
    assert _only(compute(golden, "eed"))["lots_with_items"] == 1
    relevant = _only(compute(golden, "gpp-relevant"))
    assert relevant["value_eur_in_scope"] == pytest.approx(235_000.0)  # P4 (ZZZ) and P2 have no product group
    assert relevant["lots_unknown_currency"] == 0


def test_social_by_country(golden: Store) -> None:
    rows = {row["country"]: row for row in compute(golden, "social", by="country").rows}
    assert _pick(rows["BEL"], *UPTAKE) == (6, 0, 2, 4)
    assert _pick(rows["NLD"], *UPTAKE) == (1, 0, 0, 1)
    assert _pick(rows["SWE"], *UPTAKE) == (1, 1, 0, 0)
    assert rows["NLD"]["uptake_share"] == 0.0 and rows["NLD"]["coverage_share"] == 0.0


def test_quarter_and_buyer_breakdowns(golden: Store) -> None:
    quarters = {row["quarter"]: row["lots_in_scope"] for row in compute(golden, "green", by="quarter").rows}
    assert quarters == {"2024-Q1": 3, "2024-Q2": 2, "2024-Q4": 2, "2025-Q1": 1}
    buyers = compute(golden, "green", by=("buyer",), filters={"year": "2024"})
    assert buyers.columns[:2] == ["buyer", "buyer_name"]
    first = next(row for row in buyers.rows if row["buyer"] == BUYER_A_KEY)
    assert first["buyer_name"] == "FOD Proefdienst"
    assert _pick(first, *UPTAKE) == (5, 2, 1, 2)


def test_code_share_indicators(golden: Store) -> None:
    impacts = {row["code"]: row for row in compute(golden, "environmental-impact").rows}
    assert set(impacts) == {"circ-econ", "clim-mitig", "pollu-prev"}
    assert _pick(impacts["circ-econ"], "lots_in_scope", "lots_parent_yes", "lots_with_code") == (8, 3, 2)
    assert impacts["circ-econ"]["share_of_lots"] == 0.25
    assert impacts["circ-econ"]["share_of_parent_yes"] == pytest.approx(2 / 3, abs=1e-6)
    social = _only(compute(golden, "social-objectives"))
    assert _pick(social, "code", "lots_with_code", "share_of_lots", "share_of_parent_yes") == ("opp", 1, 0.125, 1.0)
    innovation = _only(compute(golden, "innovation-types"))
    assert _pick(innovation, "code", "lots_with_code", "share_of_parent_yes") == ("rd-act", 1, 1.0)


def test_award_criteria_and_competition(golden: Store) -> None:
    award = _only(compute(golden, "award-criteria"))
    # With criteria: P1-L1 (price 60 / quality 40), P1-L2, P2-L1, P3-L1 (price only) → mean quality 0.4 / 4.
    assert _pick(award, "lots_in_scope", "lots_with_criteria", "lots_price_only", "lots_weighted") == (8, 4, 3, 4)
    assert award["price_only_share"] == 0.75
    assert award["avg_quality_weight"] == pytest.approx(0.1)
    assert award["coverage_share"] == 0.5
    competition = _only(compute(golden, "competition"))
    # Tenders: P1-L1 1, P1-L2 4, P5-L1 2, P5-L2 3.
    assert _pick(competition, "lots_with_tender_count", "lots_single_tender", "single_tender_share") == (4, 1, 0.25)
    assert competition["avg_tenders"] == 2.5


def test_cvd_against_targets(golden: Store) -> None:
    result = compute(golden, "cvd")
    rows = {(row["vehicle_category_group"], row["reference_period"]): row for row in result.rows}
    light = rows[("light-duty", "2021-2025")]
    assert _pick(light, "vehicles", "clean", "zero_emission", "clean_share") == (10, 5, 2, 0.5)
    assert _pick(light, "target_clean_share", "meets_target") == (0.385, "yes")
    trucks = rows[("trucks", "2021-2025")]
    assert _pick(trucks, "vehicles", "clean", "clean_share", "target_clean_share", "meets_target") == (
        4,
        1,
        0.25,
        0.1,
        "yes",
    )
    assert any("[verify]" in note for note in result.notes)
    assert REGISTRY["cvd"].rests_on_verify


def test_eed_labels_and_coverage(golden: Store) -> None:
    label = _only(compute(golden, "eed-labels"))
    assert _pick(label, "label", "items", "quantity") == ("ENERA", 1, 20.0)
    coverage = {row["buyer"]: row for row in compute(golden, "coverage").rows}
    buyer_a = coverage[BUYER_A_KEY]
    # Buyer A: P1 ×3, P2, P5 ×2; BT-06 said something for P1-L1, P1-L2, P2-L1, P5-L1 (green via BT-774).
    assert _pick(buyer_a, "lots_in_scope", "strategic_reported") == (6, 4)
    assert buyer_a["coverage_share"] == pytest.approx(4 / 6, abs=1e-6)


def test_detected_and_either_variants(golden: Store) -> None:
    detected = _only(compute(golden, "green", variant="detected"))
    # Detection ran on P1 only: L1 and L2 evidence, L3 none.
    assert _pick(detected, *UPTAKE, "lots_text_examined") == (8, 2, 1, 5, 3)
    either = _only(compute(golden, "green", variant="either"))
    # yes: P1-L1, P1-L2 (evidence), P3, P5-L1; none: P1-L3 (examined), P2 (declared none).
    assert _pick(either, *UPTAKE) == (8, 4, 2, 2)
    with pytest.raises(QueryError):
        compute(golden, "gpp-criteria", variant="detected")


def test_declared_vs_detected(golden: Store) -> None:
    rows = {row["dimension"]: row for row in compute(golden, "declared-vs-detected").rows}
    green = rows["green"]
    assert _pick(
        green,
        "lots_text_examined",
        "lots_declared_and_detected",
        "lots_declared_only",
        "lots_detected_only",
        "lots_neither",
        "lots_with_evidence",
    ) == (3, 1, 0, 1, 1, 2)
    assert green["agreement_share"] == pytest.approx(2 / 3, abs=1e-6)
    assert rows["social"]["lots_neither"] == 3


def test_declared_vs_detected_without_detection_data(store: Store) -> None:
    fill(store, with_detection=False)
    result = compute(store, "declared-vs-detected")
    assert result.rows == []
    assert result.notes and result.notes[0].startswith("no detection data")
    detected = compute(store, "green", variant="detected")
    assert detected.notes[0].startswith("no detection data")
    assert _only(detected)["lots_not_reported"] == 8


def test_empty_groups(golden: Store) -> None:
    assert compute(golden, "green", by="year", filters={"country": "DNK"}).rows == []
    row = _only(compute(golden, "green", filters={"country": "DNK"}))
    assert _pick(row, *UPTAKE) == (0, 0, 0, 0)
    assert row["uptake_share"] is None and row["coverage_share"] is None
    assert row["value_eur_in_scope"] == 0.0
    assert compute(golden, "cvd", filters={"year": "2019"}).rows == []


def test_filters_are_parameters(golden: Store) -> None:
    hostile = "BEL' OR '1'='1"
    assert compute(golden, "green", by="year", filters={"country": hostile}).rows == []
    several = _only(compute(golden, "green", filters=parse_filters(["country=SWE,NLD"])))
    assert several["lots_in_scope"] == 2


def test_parse_filters() -> None:
    assert parse_filters(["country=BEL year=2025"]) == {"country": "BEL", "year": "2025"}
    assert parse_filters(["buyer=BEL:name:fod financien", "eu-institution=no"]) == {
        "buyer": "BEL:name:fod financien",
        "eu_institution": "no",
    }
    for bad in (["colour=red"], ["year=twenty"], ["country"], ["country="], ["eu_institution=maybe"]):
        with pytest.raises(QueryError):
            parse_filters(bad)


def test_unknown_indicator_breakdown_and_variant(golden: Store) -> None:
    with pytest.raises(QueryError, match="unknown indicator"):
        compute(golden, "greenish")
    with pytest.raises(QueryError, match="unknown breakdown"):
        compute(golden, "green", by="colour")
    with pytest.raises(QueryError, match="no variant"):
        compute(golden, "cvd", variant="either")


def test_rates_refresh_converts_a_new_currency(golden: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sppmon.rates import refresh_rates

    monkeypatch.setenv("SPPMON_RATES_FILE", str(tmp_path / "rates.csv"))
    source = tmp_path / "new.csv"
    source.write_text("Date,ZZZ,USD\n2024-01-02,2.0,N/A\n", encoding="utf-8")
    summary = refresh_rates(source)
    assert summary.read == 1 and summary.currencies == 1
    row = next(row for row in compute(golden, "green", by="year").rows if row["year"] == 2024)
    assert row["value_eur_in_scope"] == pytest.approx(237_500.0)  # + 5 000 ZZZ / 2
    assert row["lots_unknown_currency"] == 0


def test_exports(golden: Store, tmp_path: Path) -> None:
    result = compute(golden, "coverage")
    rows = json.loads(as_json(result))
    assert isinstance(rows, list) and set(rows[0]) == set(result.columns)
    hostile = IndicatorResult(
        result.indicator, ("buyer",), {}, "declared", ["buyer", "lots"], [{"buyer": "=1+2", "lots": -3}], []
    )
    text = as_csv(hostile)
    assert "'=1+2" in text and ",-3" in text
    from openpyxl import load_workbook

    path = tmp_path / "coverage.xlsx"
    write_result_xlsx(result, path, "nl")  # for people: titled columns, numbers as numbers with formats
    sheet = load_workbook(path).active
    assert sheet is not None and sheet.title == "Invulgraad"  # whole words of the title, at most 31 characters
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Sleutel van de aankoper", "Aankoper", "Percelen"]
    lots, share = sheet.cell(row=2, column=3), sheet.cell(row=2, column=header.index("Groen: invulgraad") + 1)
    assert isinstance(lots.value, int) and lots.number_format == "#,##0"
    assert isinstance(share.value, float) and share.number_format == "0.0%"
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["B"].width >= len("Aankoper")
    assert result.call() == "sppmon indicators coverage --by buyer"
    people = as_people_csv(hostile, "fr").lstrip("\ufeff").splitlines()
    assert people == ["Identifiant de l'acheteur;Lots", "'=1+2;-3"]  # the key, told apart from the name


def test_docs_pages_match_the_registry() -> None:
    from sppmon.indicators.docs import pages

    from .conftest import ROOT

    folder = ROOT / "docs" / "indicators"
    for name, text in pages().items():
        path = folder / name
        assert path.is_file(), f"docs/indicators/{name} is missing: run python -m sppmon.indicators.docs"
        assert path.read_text(encoding="utf-8") == text, f"docs/indicators/{name} is stale"
    for page in folder.glob("*.md"):
        assert page.name in pages(), f"docs/indicators/{page.name} has no indicator"
    text = (folder / "index.md").read_text(encoding="utf-8")
    for section in ("## Definition", "## Method", "## Example", "## Exclusions"):
        assert all(section in pages()[f"{code}.md"] for code in REGISTRY), section
    assert all(f"({code}.md)" in text for code in REGISTRY)


@pytest.mark.parametrize("by", [(), ("buyer",), ("year", "format"), ("product_group",)])
def test_counts_only_give_the_same_counts_without_the_value_columns(golden: Store, by: tuple[str, ...]) -> None:
    for code in ("green", "social", "strategic", "eed"):
        full = compute(golden, code, by=by)
        counts = compute(golden, code, by=by, values=False)
        value_columns = {"value_eur_in_scope", "value_eur_yes", "value_uptake_share", "lots_unknown_currency"}
        assert value_columns <= set(full.columns) and not value_columns & set(counts.columns)
        assert counts.columns == [name for name in full.columns if name not in value_columns]
        assert counts.rows == [{key: row[key] for key in counts.columns if key in row} for row in full.rows]
        assert full.rows and all(set(row) <= set(counts.columns) for row in counts.rows)
