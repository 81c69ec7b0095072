"""Text detection has no explicit "none": for the detected (and either) variant of an indicator, the titles
and status labels people read say "examined, nothing found" and "not assessable" — in web tables and charts,
downloads, report tables and indicator files — while machine outputs keep the column names and codes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sppmon.indicators import columns, compute
from sppmon.indicators.base import DECLARED, DETECTED, EITHER
from sppmon.indicators.export import people_table
from sppmon.reports.charts import uptake_chart
from sppmon.reports.document import result_table
from sppmon.store import Store, open_store
from sppmon.web import WebConfig, create_app

from .indicator_fixture import fill
from .web_support import sample_store

BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64) test"}
NOTHING_FOUND = {"en": "examined, nothing found", "nl": "onderzocht, niets gevonden", "fr": "rien trouvé"}
EXPLICIT_NONE = {"en": "explicitly none", "nl": "uitdrukkelijk geen", "fr": "explicitement aucun"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = sample_store(tmp_path_factory.mktemp("wording"))
    with TestClient(create_app(WebConfig(db=str(path))), headers=BROWSER) as client:
        yield client


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(str(tmp_path_factory.mktemp("wording-store") / "s.duckdb")) as opened:
        fill(opened)
        yield opened


def test_titles_and_labels_follow_the_variant() -> None:
    assert columns.title("lots_none", "nl", variant=DETECTED) == "Percelen onderzocht, niets gevonden"
    assert columns.title("lots_none", "fr", variant=DETECTED) == "Lots examinés, rien trouvé"
    assert columns.title("lots_none", "nl") == columns.title("lots_none", "nl", variant=DECLARED)
    assert "uitdrukkelijk geen" in columns.title("lots_none", "nl", variant=DECLARED)
    assert "niets gevonden" in columns.title("lots_none", "nl", variant=EITHER)
    assert "beoordeelbaar" in columns.title("lots_not_reported", "nl", variant=DETECTED)
    assert columns.value_label("code", "none", "fr") == "explicitement aucun"
    assert columns.cell("code", "none", "fr", variant=DETECTED) == "examiné, rien trouvé"
    # a column without its own wording for the variant keeps its title
    assert columns.title("lots_yes", "fr", variant=DETECTED) == columns.title("lots_yes", "fr")


def _headers(html: str) -> list[str]:
    head = html.split('id="table-green"', maxsplit=1)[1].split("</thead>", maxsplit=1)[0]
    return re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)


def _spec(html: str) -> str:
    spec = html.split('id="indicator-spec">', maxsplit=1)[1].split("</script>", maxsplit=1)[0]
    return json.dumps(json.loads(spec), ensure_ascii=False)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_indicator_page_of_the_detected_variant_says_nothing_found(client: TestClient, lang: str) -> None:
    page = client.get(f"/indicators/green?variant=detected&lang={lang}")
    assert page.status_code == 200
    headers, spec = " | ".join(_headers(page.text)), _spec(page.text)
    assert NOTHING_FOUND[lang] in headers and NOTHING_FOUND[lang] in spec
    assert EXPLICIT_NONE[lang] not in headers and EXPLICIT_NONE[lang] not in spec
    declared = client.get(f"/indicators/green?lang={lang}").text
    assert EXPLICIT_NONE[lang] in " | ".join(_headers(declared)) and EXPLICIT_NONE[lang] in _spec(declared)


def test_lots_behind_a_detected_none_are_examined_without_a_hit(client: TestClient) -> None:
    page = client.get("/lots?fact=green&status=none&variant=detected&lang=nl").text
    chosen = page.split('class="chosen"', maxsplit=1)[1].split("</ul>", maxsplit=1)[0]
    assert "onderzocht, niets gevonden" in chosen and "uitdrukkelijk geen" not in chosen


def test_downloads_of_the_detected_variant_say_nothing_found(client: TestClient) -> None:
    text = client.get("/download/indicator.csv?code=green&variant=detected&lang=fr").text.lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert "Lots examinés, rien trouvé" in header and "Lots explicitement aucun" not in header
    # machine output keeps the column names
    rows = client.get("/api/indicators/green?variant=detected").json()["rows"]
    assert rows and "lots_none" in rows[0]


def test_report_table_and_chart_of_the_detected_variant(store: Store) -> None:
    result = compute(store, "green", by=("year",), variant=DETECTED)
    table = result_table(result, "nl", ("lots_in_scope", "lots_yes", "lots_none", "lots_not_reported"))
    assert "Percelen onderzocht, niets gevonden" in table.headers
    assert not any("uitdrukkelijk geen" in header for header in table.headers)
    legend = json.dumps(uptake_chart(result, "fr"), ensure_ascii=False)
    assert "examiné, rien trouvé" in legend and "explicitement aucun" not in legend
    headers, _, _ = people_table(result, "fr")
    assert "Lots examinés, rien trouvé" in headers
    declared = result_table(compute(store, "green", by=("year",)), "nl", ("lots_none",))
    assert declared.headers[-1] == "Percelen uitdrukkelijk geen"


def test_a_table_of_both_methods_names_both_meanings(store: Store) -> None:
    """The annual report's trend table mixes declared (eForms) and detected (legacy) years."""
    from sppmon.indicators.base import IndicatorResult
    from sppmon.reports.annual import _wording

    result = compute(store, "green", by=("year",))
    mixed = IndicatorResult(result.indicator, ("year",), {}, DECLARED, ["method"], [{"method": DETECTED}], [])
    assert _wording([mixed]) == EITHER and _wording([result]) == DECLARED


def test_command_line_tables_of_the_detected_variant(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main

    db = tmp_path / "cli.duckdb"
    with open_store(str(db)) as opened:
        fill(opened)
    runner = CliRunner()
    args = ["indicators", "green", "--variant", "detected", "--db", str(db), "--format", "csv"]
    dutch = runner.invoke(main, [*args, "--lang", "nl"]).stdout.lstrip("\ufeff").splitlines()[0].split(";")
    assert "Percelen onderzocht, niets gevonden" in dutch and "Percelen uitdrukkelijk geen" not in dutch
    assert "lots_none" in runner.invoke(main, args).stdout.splitlines()[0].split(",")  # machine CSV: names
    listing = runner.invoke(main, ["indicators", "--lang", "fr"]).stdout
    assert "Indicateurs" in listing and "variantes" in listing and "détecté dans les textes" in listing
    assert "compute one" not in listing and "en calculer un" in listing


def test_indicator_page_of_the_either_variant(client: TestClient) -> None:
    """The page offers every variant of the indicator, the either variant too (not only those of lot lists)."""
    page = client.get("/indicators/green?variant=either&lang=fr")
    assert page.status_code == 200
    headers = " | ".join(_headers(page.text))
    assert "Lots explicitement aucun ou examinés, rien trouvé" in headers
    assert client.get("/lots?fact=green&variant=either").status_code == 400  # lot lists have no either


def test_method_paragraph_of_the_detected_variant(client: TestClient) -> None:
    from sppmon.indicators import REGISTRY

    green = REGISTRY["green"]
    assert green.method_for("nl", DECLARED) == green.method_in("nl")
    detected = green.method_for("nl", DETECTED)
    assert "onderzocht, niets gevonden" in detected and "ja, uitdrukkelijk geen of niet" not in detected
    assert REGISTRY["cvd"].method_for("fr", DETECTED) == REGISTRY["cvd"].method_in("fr")  # not an uptake
    page = client.get("/indicators/green?variant=detected&lang=fr").text
    assert "examiné, rien trouvé) et le reste (non évaluable" in page


def _footer(html: str) -> str:
    return html.split("<footer>", maxsplit=1)[1].split("</footer>", maxsplit=1)[0]


def _definition(html: str) -> str:
    return html.split("</h2>", maxsplit=1)[1].split("<h2>", maxsplit=1)[0]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_definition_and_footer_of_a_detected_page_say_nothing_found(client: TestClient, lang: str) -> None:
    detected = client.get(f"/indicators/green?variant=detected&lang={lang}").text
    for part in (_definition(detected), _footer(detected)):
        assert EXPLICIT_NONE[lang] not in part
        assert NOTHING_FOUND[lang] in part
    declared = client.get(f"/indicators/green?lang={lang}").text
    assert EXPLICIT_NONE[lang] in _definition(declared) and EXPLICIT_NONE[lang] in _footer(declared)
    either = client.get(f"/indicators/green?variant=either&lang={lang}").text
    assert NOTHING_FOUND[lang] in _definition(either) and EXPLICIT_NONE[lang] in _definition(either)
    lots = client.get(f"/lots?fact=green&status=none&variant=detected&lang={lang}").text
    assert EXPLICIT_NONE[lang] not in _footer(lots)


def test_every_detected_variant_has_a_detected_definition() -> None:
    from sppmon.indicators import REGISTRY

    for indicator in REGISTRY.values():
        if DETECTED not in indicator.variants:
            continue
        assert indicator.detected_definition, indicator.code
        for lang in ("en", "nl", "fr"):
            worded = indicator.definition_for(lang, DETECTED)
            assert EXPLICIT_NONE[lang] not in worded and "explicit none" not in worded, (indicator.code, lang)
            assert NOTHING_FOUND[lang] in worded, (indicator.code, lang)
        assert "explicit none" in indicator.definition_for("en", DECLARED) or indicator.code == "gpp-relevant"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_annual_report_methods_give_the_detected_definitions(store: Store, lang: str) -> None:
    """The annual report's trends rest on text detection for the years before eForms: its methods give the
    detected definition of those indicators besides the declared one."""
    from sppmon.indicators import REGISTRY
    from sppmon.reports.base import ReportRequest
    from sppmon.reports.registry import REPORTS
    from sppmon.reports.texts import t

    doc = REPORTS["annual"].build(store, ReportRequest(lang, year=2024))
    methods = next(s for s in doc.sections if s.title == t("sec.methods", lang)).paragraphs
    text = " ".join(methods)
    assert REGISTRY["green"].definition_for(lang, DETECTED) in text
    assert REGISTRY["green"].definition_for(lang, DECLARED) in text
