"""The EU benchmark: Wilson intervals against hand-computed values, the marks of countries too small or too
sparsely reported to rank, the order and ranks, each country's own CVD targets, the figures against the
indicator engine on both stores, the report in three languages and formats, and the shared corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from sppmon.benchmarking import Interval, Thresholds, eu_benchmark, wilson
from sppmon.benchmarking.compare import LOW_COVERAGE, SMALL, CountryShare, _country_share, _ranked
from sppmon.benchmarking.countries import EU, EU_EEA, alpha3
from sppmon.benchmarking.targets import cvd_targets
from sppmon.indicators import compute
from sppmon.indicators.catalogue.cvd import TARGETS as BELGIAN_TARGETS
from sppmon.pipeline import PipelineOptions, ingest
from sppmon.reports.base import ReportRequest
from sppmon.reports.registry import REPORTS
from sppmon.reports.render import render_html, write_report
from sppmon.store import Store
from sppmon.web import WebConfig, create_app

from .conftest import SHARED, needs_shared
from .indicator_fixture import fill
from .test_report_languages import english_left
from .web_support import sample_store

# Hand-computed with z = 1.96: centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²).
# 5 of 10: z²/n = 0.38416, centre 0.5, half = 1.96/1.38416 · √(0.025 + 0.009604) = 0.26341.
# 0 of 10: high = (z²/n)/(1 + z²/n) = 0.38416/1.38416 = 0.27754.
# 81 of 263: p = 0.30798, centre 0.31075, half 1.93178 · √(0.00081037 + 0.00001388) = 0.05546.
HAND = [
    ((5, 10), (0.23659, 0.76341)),
    ((0, 10), (0.0, 0.27754)),
    ((10, 10), (0.72246, 1.0)),
    ((81, 263), (0.25529, 0.36621)),
    ((1, 1), (0.20655, 1.0)),
]


@pytest.mark.parametrize(("counts", "expected"), HAND)
def test_wilson_matches_hand_computed_values(counts: tuple[int, int], expected: tuple[float, float]) -> None:
    found = wilson(*counts)
    assert found is not None
    assert found.low == pytest.approx(expected[0], abs=2e-4)
    assert found.high == pytest.approx(expected[1], abs=2e-4)


def test_wilson_without_trials_is_no_interval_and_impossible_counts_fail() -> None:
    assert wilson(0, 0) is None
    with pytest.raises(ValueError, match="outside"):
        wilson(11, 10)


def _share(country: str, in_scope: int, yes: int, none: int, limits: Thresholds | None = None) -> CountryShare:
    sums = {"lots_in_scope": in_scope, "lots_yes": yes, "lots_none": none}
    return _country_share(country, {**sums, "value_eur_in_scope": 0.0, "value_eur_yes": 0.0}, limits or Thresholds())


def test_small_samples_and_low_coverage_are_marked() -> None:
    limits = Thresholds(min_lots=30, min_coverage=0.2)
    assert _share("MLT", 29, 29, 0, limits).mark == SMALL  # 100 % uptake, but 29 lots
    assert _share("DEU", 1000, 100, 99, limits).mark == LOW_COVERAGE  # 199/1000 report the field
    assert _share("FRA", 1000, 100, 100, limits).mark is None  # exactly 20 %: rankable
    assert _share("BEL", 30, 3, 3, limits).mark is None


def test_order_ranks_only_rankable_countries_with_ties() -> None:
    rows = [
        _share("AUT", 100, 20, 50),  # 20 %
        _share("BEL", 100, 40, 50),  # 40 %
        _share("CYP", 10, 9, 1),  # 90 %, too few lots
        _share("DNK", 100, 40, 40),  # 40 %, tie with Belgium
        _share("EST", 100, 90, 5),  # 90 %, coverage 95 %
        _share("FIN", 100, 60, 5),  # 60 %, coverage 65 %
        _share("GRC", 100, 10, 5),  # coverage 15 %: not ranked
    ]
    ranked = _ranked(rows, lambda row: row.uptake)
    assert [(row.country, row.rank) for row in ranked] == [
        ("EST", 1),
        ("FIN", 2),
        ("BEL", 3),
        ("DNK", 3),
        ("AUT", 5),
        ("CYP", None),
        ("GRC", None),
    ]
    assert [row.mark for row in ranked[-2:]] == [SMALL, LOW_COVERAGE]


def test_countries_legacy_codes_and_others() -> None:
    assert alpha3("BE") == "BEL" and alpha3("BEL") == "BEL" and alpha3("EL") == "GRC" and alpha3("no") == "NOR"
    assert alpha3("CHE") is None and alpha3("GBR") is None and alpha3(None) is None and alpha3("") is None
    assert len(EU) == 27 and len(EU_EEA) == 30


CHECKED_AGAINST_A_TEXT_OF_THE_ANNEX = {"CZE", "DEU"}  # the only rows whose six figures were checked (see the data file)


def test_every_member_state_has_targets_and_belgium_agrees_with_the_cvd_indicator() -> None:
    targets = cvd_targets()
    assert "2019/1161" in targets.source
    for country in EU:
        for group in ("light-duty", "trucks", "buses"):
            for period in ("2021-2025", "2026-2030"):
                target = targets.get(country, group, period)
                assert target is not None and 0 < target.clean < 1
                assert target.verify is (country not in CHECKED_AGAINST_A_TEXT_OF_THE_ANNEX)
    for (group, period), (clean, zero) in BELGIAN_TARGETS.items():
        found = targets.get("BEL", group, period)
        assert found is not None and (found.clean, found.zero_emission) == (clean, zero)
    assert targets.get("NOR", "buses", "2021-2025") is None  # no EEA target in the Annex


def test_figures_per_country_agree_with_the_engine(store: Store) -> None:
    fill(store)
    benchmark = eu_benchmark(store, thresholds=Thresholds(min_lots=2, min_coverage=0.2, min_vehicles=5))
    green = next(ranking for ranking in benchmark.indicators if ranking.code == "green")
    by_country = {row.country: row for row in green.rows}
    assert set(by_country) == {"BEL", "NLD", "SWE"}
    (belgian,) = compute(store, "green", filters={"country": "BEL", "eu_institution": "no"}).rows
    bel = by_country["BEL"]
    assert (bel.lots_in_scope, bel.lots_yes, bel.lots_none) == (
        belgian["lots_in_scope"],
        belgian["lots_yes"],
        belgian["lots_none"],
    )
    assert bel.uptake_interval == wilson(bel.lots_yes, bel.lots_in_scope)
    assert bel.rank == 1 and by_country["SWE"].mark == SMALL and by_country["SWE"].rank is None
    light = next(ranking for ranking in benchmark.cvd if ranking.vehicle_group == "light-duty")
    (row,) = light.rows  # the fixture's m1: 10 vehicles, 5 clean, 2 zero-emission, 2024
    assert (row.country, row.vehicles, row.clean_counted, row.target_clean, row.meets_target) == (
        "BEL",
        10,
        5,
        0.385,
        "yes",
    )
    assert row.clean_interval == Interval(0.236593, 0.763407)
    trucks = next(ranking for ranking in benchmark.cvd if ranking.vehicle_group == "trucks")
    assert trucks.rows[0].mark == SMALL  # 4 vehicles < 5


def test_year_filter_leaves_other_years_out(store: Store) -> None:
    fill(store)
    benchmark = eu_benchmark(store, {"year": "2025"}, Thresholds(min_lots=1))
    green = next(ranking for ranking in benchmark.indicators if ranking.code == "green")
    assert {row.country for row in green.rows} == {"BEL"}  # only P2 (Belgian) was published in 2025
    assert "--filter year=2025" in benchmark.calls[1]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_report_in_three_formats(store: Store, tmp_path: Path, lang: str) -> None:
    fill(store)
    doc = REPORTS["eu-benchmark"].build(store, ReportRequest(lang, year=2024))
    belgium = {"nl": "België ◀", "fr": "Belgique ◀", "en": "Belgium ◀"}[lang]
    assert any(row[1] == belgium for table in doc.tables for row in table.rows)
    html = render_html(doc)
    assert "<svg" in html and belgium in html and html.count('<tr class="highlight">') == len(doc.tables)
    pdf = tmp_path / f"bench-{lang}.pdf"
    write_report(doc, pdf)
    text = "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert belgium.split()[0] in text and "sppmon indicators green --by country" in text
    xlsx = tmp_path / f"bench-{lang}.xlsx"
    write_report(doc, xlsx)
    book = load_workbook(xlsx)
    assert len(book.sheetnames) == len(doc.tables) + 1
    first = book[book.sheetnames[0]]
    (row,) = (row for row in first.iter_rows(min_row=2) if row[1].value == belgium)
    (engine,) = compute(store, "strategic", filters={"country": "BEL", "year": "2024", "eu_institution": "no"}).rows
    assert row[2].value == engine["lots_in_scope"] and row[3].value == engine["uptake_share"]
    assert row[3].number_format == "0.0%" and isinstance(row[4].value, float)
    highlighted = [row[1].value for row in first.iter_rows(min_row=2) if row[0].font.b and row[1].font.b]
    assert highlighted == [belgium] and row[3].fill.fgColor.rgb.endswith("FDECEA")  # as in HTML and PDF
    for sheet in book:  # formula-safe: no text cell starts a formula
        for row in sheet.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value[:1] in "=+-@")


@needs_shared
def test_runs_on_the_shared_corpus(store: Store) -> None:
    ingest([str(SHARED / "corpus" / "eforms"), str(SHARED / "corpus" / "ted-xml")], store, PipelineOptions(workers=1))
    benchmark = eu_benchmark(store)
    countries = {row.country for ranking in benchmark.indicators for row in ranking.rows}
    assert countries and countries <= EU_EEA
    for ranking in benchmark.indicators:
        ranks = [row.rank for row in ranking.rows if row.rank is not None]
        assert ranks == sorted(ranks)
        for row in ranking.rows:
            assert (row.rank is None) == (row.mark is not None or row.uptake is None)
            if row.uptake_interval is not None and row.uptake is not None:
                assert row.uptake_interval.low <= row.uptake <= row.uptake_interval.high


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = sample_store(tmp_path_factory.mktemp("benchmark-web"))
    with TestClient(create_app(WebConfig(db=str(path))), headers={"user-agent": "Mozilla/5.0 test"}) as opened:
        yield opened


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_dashboard_page_in_dutch_and_french(client: TestClient, lang: str) -> None:
    page = client.get(f"/eu-benchmark?lang={lang}&year=2024")
    assert page.status_code == 200
    html = unescape(page.text)
    title = {
        "nl": "België naast elk land van de EU/EER, 2024",
        "fr": "La Belgique à côté de chaque pays de l'UE/EEE, 2024",
    }
    assert title[lang] in html and {"nl": "België ◀", "fr": "Belgique ◀"}[lang] in html
    assert 'href="/eu-benchmark"' in html  # in the navigation
    assert 'class="vl-chart"' in html and "report_lang=" in html
    visible = re.sub(r"<script.*?</script>|<code>.*?</code>|<[^>]+>", " ", html, flags=re.S)
    assert english_left(unescape(visible), lang) == []


def test_dashboard_year_filter_changes_the_figures(client: TestClient) -> None:
    every_year = client.get("/eu-benchmark?lang=en").text
    one_year = client.get("/eu-benchmark?lang=en&year=2024").text
    assert "--filter year=2024" in one_year and "--filter year=2024" not in every_year


def test_report_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main
    from sppmon.store import open_store

    db = tmp_path / "store.duckdb"
    with open_store(str(db)) as opened:
        fill(opened)
    out = tmp_path / "vergelijking.xlsx"
    done = CliRunner().invoke(
        main, ["report", "eu-benchmark", "--year", "2024", "--lang", "nl", "--out", str(out), "--db", str(db)]
    )
    assert done.exit_code == 0, done.output
    book = load_workbook(out)
    assert book.sheetnames[-1] == "Opdrachten" and book[book.sheetnames[0]]["B1"].value == "Land koper"
    wrong = CliRunner().invoke(main, ["report", "eu-benchmark", "--year", "x", "--out", str(out), "--db", str(db)])
    assert wrong.exit_code == 2


def test_interval_chart_is_valid_vega_lite_and_colours_belgium() -> None:
    import altair as alt

    from sppmon.reports.benchmark_charts import FOCUS_COLOUR, Point, interval_chart

    points = [
        Point("Nederland", 0.4, 0.3, 0.5, focus=False, ranked=True),
        Point("België ◀", 0.2, 0.15, 0.26, focus=True, ranked=True, target=0.385),
        Point("Malta", 0.9, 0.6, 0.98, focus=False, ranked=False),
    ]
    spec = interval_chart(points, "Groen", "aandeel ja", "nl")
    alt.Root.from_dict(spec)  # raises on anything the Vega-Lite schema refuses
    values = spec["layer"][0]["data"]["values"] if "data" in spec["layer"][0] else spec["data"]["values"]
    assert [value["kind"] for value in values] == [
        "andere landen",
        "België",
        "niet gerangschikt (te weinig percelen of te lage invulgraad)",
    ]
    assert [value["order"] for value in values] == [0, 1, 2] and values[1]["target"] == 0.385
    assert FOCUS_COLOUR in str(spec)


@pytest.mark.parametrize(
    ("given", "setting"),
    [
        ({"min_lots": "0"}, "min_lots"),
        ({"min_lots": "2.5"}, "min_lots"),
        ({"min_vehicles": "-3"}, "min_vehicles"),
        ({"min_coverage": "120"}, "min_coverage"),
        ({"min_coverage": "abc"}, "min_coverage"),
        ({"focus": "GBR"}, "focus"),
        ({"focus": "XX"}, "focus"),
    ],
)
def test_bad_settings_are_refused_with_a_code(given: dict[str, str], setting: str) -> None:
    from sppmon.benchmarking import BenchmarkSettingError, focus_country, thresholds

    with pytest.raises(BenchmarkSettingError) as raised:
        focus_country(given.get("focus"))
        thresholds(given.get("min_lots"), given.get("min_coverage"), given.get("min_vehicles"))
    error = raised.value
    assert error.code == "BENCHMARK_INVALID_SETTING" and error.setting == setting
    texts = {lang: error.message_in(lang) for lang in ("en", "nl", "fr")}
    assert len(set(texts.values())) == 3 and all(setting in text for text in texts.values())


def test_settings_are_read_as_typed() -> None:
    from sppmon.benchmarking import focus_country, thresholds

    assert thresholds() == Thresholds()
    assert thresholds("5", "12,5", 7) == Thresholds(5, 0.125, 7)
    assert thresholds(min_coverage="20 %").min_coverage == 0.2 and thresholds(min_coverage="0").min_coverage == 0
    assert [focus_country(code) for code in (None, "", "nld", "DE", "EL", "bel")] == [
        "BEL",
        "BEL",
        "NLD",
        "DEU",
        "GRC",
        "BEL",
    ]


def test_thresholds_change_the_ranks_and_are_stated(store: Store) -> None:
    fill(store)
    strict = REPORTS["eu-benchmark"].build(store, ReportRequest("en", year=2024))
    loose = REPORTS["eu-benchmark"].build(
        store, ReportRequest("en", year=2024, settings={"min_lots": "1", "min_coverage": "0"})
    )
    assert all(row[0] is None for row in strict.tables[0].rows)  # the fixture is far below 30 lots
    assert any(row[0] == 1 for row in loose.tables[0].rows)
    assert "fewer than 1 lots" in loose.sections[0].paragraphs[1] and "0.0%" in loose.sections[0].paragraphs[1]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_focus_country_is_drawn_out_instead_of_belgium(store: Store, tmp_path: Path, lang: str) -> None:
    fill(store)
    doc = REPORTS["eu-benchmark"].build(store, ReportRequest(lang, year=2024, settings={"focus": "nl"}))
    netherlands = {"nl": "Nederland", "fr": "Pays-Bas", "en": "Netherlands"}[lang]
    belgium = {"nl": "België", "fr": "Belgique", "en": "Belgium"}[lang]
    assert netherlands in doc.title and belgium not in doc.title
    labels = [row[1] for table in doc.tables for row in table.rows]
    assert f"{netherlands} ◀" in labels and f"{belgium} ◀" not in labels and belgium in labels
    for table in doc.tables:
        assert [table.rows[index][1] for index in table.highlight] in ([], [f"{netherlands} ◀"])
    assert any(netherlands in paragraph and "◀" in paragraph for paragraph in doc.sections[0].paragraphs)
    chart = next(block for block in doc.sections[1].blocks if not hasattr(block, "rows"))
    assert netherlands in str(chart.spec)  # the legend names the focus country
    html = render_html(doc)
    assert html.count('<tr class="highlight">') == sum(bool(table.highlight) for table in doc.tables)
    xlsx = tmp_path / "focus.xlsx"
    write_report(doc, xlsx)
    first = load_workbook(xlsx).worksheets[0]
    assert [row[1].value for row in first.iter_rows(min_row=2) if row[1].font.b] == [f"{netherlands} ◀"]


def test_report_command_settings_and_their_errors(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main
    from sppmon.store import open_store

    db = tmp_path / "store.duckdb"
    with open_store(str(db)) as opened:
        fill(opened)
    out = tmp_path / "comparaison.html"
    base = ["report", "eu-benchmark", "--year", "2024", "--out", str(out), "--db", str(db)]
    done = CliRunner().invoke(
        main, [*base, "--lang", "fr", "--country", "SE", "--min-lots", "1", "--min-coverage", "0"]
    )
    assert done.exit_code == 0, done.output
    html = unescape(out.read_text(encoding="utf-8"))
    assert "Suède ◀" in html and "pays mis en avant : Suède" in html and "moins de 1 lots" in html
    out.unlink()
    for option, value, word in [
        ("--min-lots", "zero", "nombre entier"),
        ("--min-coverage", "150", "pourcentage"),
        ("--country", "CH", "UE ou de l’EEE"),
    ]:
        wrong = CliRunner().invoke(main, [*base, "--lang", "fr", option, value])
        assert wrong.exit_code == 2 and not out.exists()
        assert f"BENCHMARK_INVALID_SETTING: {option}" in wrong.output and word in wrong.output
    dutch = CliRunner().invoke(main, [*base, "--lang", "nl", "--min-vehicles", "0"])
    assert dutch.exit_code == 2 and "geen geheel getal" in dutch.output and "Traceback" not in dutch.output


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_dashboard_settings_and_their_errors(client: TestClient, lang: str) -> None:
    page = client.get(f"/eu-benchmark?lang={lang}&focus=FRA&min_lots=1&min_coverage=5")
    assert page.status_code == 200
    html = unescape(page.text)
    france = {"nl": "Frankrijk", "fr": "France"}[lang]
    assert f"{france} ◀" in html and 'name="min_lots" value="1"' in html and 'value="FRA" selected' in html
    assert "focus=FRA" in html and "min_coverage=5" in html  # the downloads keep the settings
    visible = re.sub(r"<script.*?</script>|<code>.*?</code>|<[^>]+>", " ", html, flags=re.S)
    assert english_left(unescape(visible), lang) == []
    wrong = client.get(f"/eu-benchmark?lang={lang}&min_coverage=101")
    assert wrong.status_code in (400, 422) and "BENCHMARK_INVALID_SETTING" in wrong.text
    assert {"nl": "geen percentage", "fr": "pas un pourcentage"}[lang] in unescape(wrong.text)
    download = client.get(f"/reports/eu-benchmark.html?report_lang={lang}&focus=CH")
    assert download.status_code == 422 and "BENCHMARK_INVALID_SETTING" in download.text
    xlsx = client.get(f"/reports/eu-benchmark.xlsx?report_lang={lang}&focus=FRA&min_lots=1")
    assert xlsx.status_code == 200
