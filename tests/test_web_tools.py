"""HTTP tests of the buyer tools in the web app — guide, notice checker, urgency list, life-cycle cost — and
their API routes: each page's figures equal the library's on the same input and store, refused input gets its
stable code, uploads respect their limits, and downloads are formula-safe."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sppmon.detect import detect_notice
from sppmon.guide.checker import check_bytes
from sppmon.guide.knowledge import load_knowledge_base
from sppmon.guide.present import figures_as_dict
from sppmon.guide.uptake import group_figures
from sppmon.planning.lcc import compare, parse_lcc, results_as_dict
from sppmon.planning.lcc_files import MAX_INPUT_BYTES
from sppmon.planning.lcc_form import input_to_form
from sppmon.planning.plan import read_plan_bytes
from sppmon.planning.report import build_report
from sppmon.planning.template import template_text
from sppmon.store import Store
from sppmon.web import WebConfig, create_app
from sppmon.web.i18n import LANGUAGES
from sppmon.web.pages.lcc_view import PAGE_OFFERS

from .web_support import sample_store

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "tests" / "fixtures" / "eforms" / "cn_sdk10_strategic.xml"
LAPTOPS = ROOT / "docs" / "examples" / "lcc-laptops.yaml"
LIMIT = 200_000
ALERT = re.compile(r'role="alert"><p><strong>[^<]*</strong> <code>([A-Z_]+)</code>: ([^<]*)</p>')


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    path = sample_store(tmp_path_factory.mktemp("tools"))
    app = create_app(WebConfig(db=str(path), upload_max_bytes=LIMIT, usage_recording=False, warm_up=False))
    with TestClient(app) as client:
        yield client, path


def store_of(client: TestClient) -> Store:
    """The app's own store (the database file is owned by the app; a second connection could conflict)."""
    store: Store = client.app.state.provider.get()  # type: ignore[attr-defined]
    return store


def refusal(html: str) -> tuple[str, str]:
    found = ALERT.search(html)
    assert found, "no refusal shown"
    return found.group(1), found.group(2)


# The guide


def test_guide_search_finds_the_group_of_a_cpv_code_and_of_words(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    by_code = client.get("/api/guide/search", params={"q": "30213100-6"}).json()
    assert by_code["results"][0]["fiche"]["id"] == "computers"
    page = client.get("/guide", params={"q": "schoonmaak", "lang": "nl"}).text
    assert 'href="/guide/cleaning"' in page.split("<table")[0]
    nothing = client.get("/guide", params={"q": "zzzqqq", "lang": "en"}).text
    assert "No product group found" in nothing


def test_every_fiche_page_renders_in_every_language(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    for fiche in load_knowledge_base().fiches:
        for lang in LANGUAGES:
            response = client.get(f"/guide/{fiche.id}", params={"lang": lang})
            assert response.status_code == 200, (fiche.id, lang)
            assert fiche.name(lang) in html.unescape(response.text)
            assert not re.search(r"\{[a-z_]+\}", response.text.split("<script")[0]), fiche.id
    assert client.get("/guide/no-such-group").status_code == 404
    assert client.get("/guide/computers", params={"since": "last year"}).status_code == 400


def test_fiche_figures_are_those_of_the_library_and_link_to_notices(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    fiche = load_knowledge_base().get("computers")
    assert fiche is not None
    store = store_of(client)
    buyer = store.query("SELECT buyer_name FROM procedure_lots WHERE buyer_name IS NOT NULL LIMIT 1")[0][0]
    expected = figures_as_dict(group_figures(store, fiche, buyer, 2024))
    overall = figures_as_dict(group_figures(store, fiche))
    assert overall["by_year"], "the sample store should hold lots of this group"
    answer = client.get("/api/guide/computers", params={"buyer": buyer, "since": "2024"}).json()
    assert answer["fiche"]["id"] == "computers"
    assert answer["figures"]["by_year"] == expected["by_year"]
    assert answer["figures"]["peers"] == expected["peers"]
    assert [g["notice_key"] for g in answer["figures"]["good_practice"]] == [
        g["notice_key"] for g in expected["good_practice"]
    ]
    page = client.get("/guide/computers", params={"lang": "en"}).text
    peers = overall["peers"]
    assert f"{peers['buyers_green']} of {peers['buyers']} buyers" in page
    for link in re.findall(r'href="(/notices/[^"]+)"', page):
        assert client.get(link).status_code == 200, link
    download = client.get("/download/guide-uptake.csv", params={"fiche": "computers"})
    rows = list(csv.DictReader(io.StringIO(download.text.lstrip("\ufeff"))))
    assert [int(row["Lots in scope"]) for row in rows] == [year["lots"] for year in overall["by_year"]]


def test_product_group_page_links_to_its_fiche(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    assert 'href="/guide/computers"' in client.get("/product-groups/computers").text


# The notice checker


def test_checked_notice_shows_the_findings_of_the_library(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    data = NOTICE.read_bytes()
    expected = check_bytes(data, load_knowledge_base(), evidence=detect_notice).as_dict("en")
    page = client.post(
        "/check?lang=en", files={"upload": ("draft.xml", data, "application/xml")}, data={"detect": "true"}
    )
    assert page.status_code == 200
    for lot in expected["lots"]:
        assert lot["lot_id"] in page.text
        for finding in lot["findings"]:
            assert f"[{finding['rule']}" in page.text
    assert f"missing: {expected['counts']['missing']}" in page.text
    answer = client.post("/api/check", content=data, headers={"content-type": "application/xml"})
    assert answer.status_code == 200 and answer.json() == expected
    pasted = client.post("/check?lang=en", data={"xml": data.decode("utf-8")})
    assert pasted.status_code == 200 and expected["notice"]["notice_id"] in pasted.text


def test_checker_refuses_bad_notices_with_their_code(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    assert refusal(client.post("/check", data={"xml": "<a><b></a>"}).text)[0] == "XML_MALFORMED"
    assert refusal(client.post("/check", data={"xml": "<ContractNotice"}).text)[0] == "XML_TRUNCATED"
    hostile = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    answer = client.post("/api/check", content=hostile.encode())
    assert answer.status_code == 422 and answer.json()["code"] == "XML_DOCTYPE_FORBIDDEN"
    assert client.post("/api/check", content=b"<x>" + b" " * LIMIT + b"</x>").status_code == 413
    big = {"upload": ("big.xml", b"<x>" + b" " * LIMIT + b"</x>", "application/xml")}
    assert client.post("/check", files=big).status_code == 413
    assert client.post("/check", data={"xml": "  "}).status_code == 400
    assert client.post("/api/check", content=b"").status_code == 400


# The urgency list


def _plan_with_a_published_item(store: Store) -> tuple[bytes, str]:
    """The template plus a row planned like a lot of the sample store, so that it must be matched, plus bad
    rows and a formula in a description."""
    name, cpv, day, key = store.query(
        "SELECT buyer_name, cpv_main, notice_date, notice_key FROM procedure_lots "
        "WHERE buyer_name IS NOT NULL AND cpv_main IS NOT NULL AND notice_date IS NOT NULL "
        "ORDER BY notice_key LIMIT 1"
    )[0]
    rows = [
        f"P-100;{name};Planned like a published lot;{cpv};500000;{day.isoformat()};24;no;",
        'P-101;Dienst;=HYPERLINK("http://example.invalid");30197643;1000;2027-01-01;;;',
        "P-102;Dienst;No CPV;;1000;2027-01-01;;;",
        "P-103;Dienst;Bad date;30197643;1000;someday;;;",
        "P-104;Dienst;Negative;30197643;-5;2027-01-01;;;",
    ]
    return (template_text() + "\n".join(rows) + "\n").encode("utf-8"), str(key)


def test_ranked_plan_equals_the_library_and_reports_bad_rows(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    store = store_of(client)
    data, published_key = _plan_with_a_published_item(store)
    expected = build_report(read_plan_bytes(data, "plan.csv"), load_knowledge_base(), date(2026, 6, 1), store)
    answer = client.post(
        "/api/plan/urgency",
        params={"today": "2026-06-01"},
        files={"upload": ("plan.csv", data, "text/csv")},
    ).json()
    assert [item["id"] for item in answer["items"]] == [entry.item.id for entry in expected.items]
    assert [item["score"] for item in answer["items"]] == [entry.score for entry in expected.items]
    assert sorted((p["row"], p["code"]) for p in answer["problems"]) == sorted(
        (p.row, p.code) for p in expected.problems
    )
    assert {p["code"] for p in answer["problems"]} >= {"PLAN_MISSING_VALUE", "PLAN_INVALID_DATE"}
    page = client.post("/plan?lang=en", data={"today": "2026-06-01"}, files={"upload": ("plan.csv", data, "text/csv")})
    assert page.status_code == 200
    assert f'href="/notices/{published_key}"' in page.text
    assert "Refused rows" in page.text and "PLAN_INVALID_VALUE" in page.text
    french = client.post("/plan?lang=fr", data={"today": "2026-06-01"}, files={"upload": ("p.csv", data, "text/csv")})
    assert "sur une échelle logarithmique" in french.text  # the score parts explained in the page's language
    assert "on a log scale" not in french.text
    refused_rows = len({p.row for p in expected.problems})
    assert f"{refused_rows} ligne(s) refusée(s)" in french.text


def test_urgency_downloads_are_formula_safe(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    data, _ = _plan_with_a_published_item(store_of(client))
    as_csv = client.post("/plan", data={"output": "csv"}, files={"upload": ("plan.csv", data, "text/csv")})
    assert as_csv.headers["content-disposition"].endswith('.csv"')
    descriptions = [row["description"] for row in csv.DictReader(io.StringIO(as_csv.text))]
    assert any(text.startswith("'=HYPERLINK") for text in descriptions)
    as_xlsx = client.post("/plan", data={"output": "xlsx"}, files={"upload": ("plan.csv", data, "text/csv")})
    sheet = load_workbook(io.BytesIO(as_xlsx.content), read_only=True)["urgency"]
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert not any(cell.startswith("=") for cell in cells)
    template = client.get("/plan/template.xlsx")
    plan = read_plan_bytes(template.content, "plan.xlsx")
    assert len(plan.items) == 3 and not plan.problems
    assert client.get("/plan/template.csv?lang=en").text == template_text("en")
    assert client.get("/plan/template.csv?lang=fr").text == template_text("fr")  # in the page's language
    assert client.get("/plan/template.pdf").status_code == 404


def test_plan_uploads_are_checked(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    assert client.post("/plan", files={"upload": ("plan.pdf", b"%PDF", "application/pdf")}).status_code == 415
    broken = client.post("/plan", files={"upload": ("plan.xlsx", b"not a workbook", "application/octet-stream")})
    assert broken.status_code == 422 and refusal(broken.text)[0] == "PLAN_UNREADABLE"
    big = client.post("/plan", files={"upload": ("plan.csv", b"x" * (LIMIT + 1), "text/csv")})
    assert big.status_code == 413
    assert (
        client.post("/plan", data={"today": "soon"}, files={"upload": ("p.csv", b"x", "text/csv")}).status_code == 400
    )
    answer = client.post("/api/plan/urgency", files={"upload": ("plan.csv", b"\xff\xfe", "text/csv")})
    assert answer.status_code == 422 and answer.json()["code"] == "PLAN_UNREADABLE"


# Life-cycle cost


def _library_result(data: object) -> dict[str, object]:
    checked = parse_lcc(data)
    return results_as_dict(checked, compare(checked))


def test_lcc_form_gives_the_library_result(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    data = yaml.safe_load(LAPTOPS.read_text())
    expected = _library_result(data)
    form = input_to_form(data)
    page = client.post("/lcc?lang=en", data=form)
    assert page.status_code == 200
    best = expected["offers"][0]  # type: ignore[index]
    assert f"{best['total']:,.2f}" in page.text and best["offer"] in page.text
    as_csv = client.post("/lcc", data={**form, "output": "csv"})
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [float(row["total"]) for row in rows] == [offer["total"] for offer in expected["offers"]]  # type: ignore[index]
    assert client.post("/api/lcc", json=data).json() == expected
    uploaded = client.post("/lcc?lang=en", files={"file": ("offers.yaml", LAPTOPS.read_bytes(), "application/yaml")})
    assert uploaded.status_code == 200 and f"{best['total']:,.2f}" in uploaded.text


def test_lcc_form_reads_belgian_numbers_and_names_the_field_at_fault(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    form = {
        "period_years": "10",
        "discount_rate_pct": "0",
        "r1_name": "electricity",
        "r1_price": "0,25",
        "o1_name": "A",
        "o1_purchase": "1 000,50",
        "o1_q1": "100",
        "o3_name": "B",
        "o3_purchase": "1.200,00",
    }
    answer = client.post("/lcc?lang=en", data={**form, "output": "csv"})
    totals = {row["offer"]: float(row["total"]) for row in csv.DictReader(io.StringIO(answer.text))}
    assert totals == {"A": 1000.5 + 10 * 100 * 0.25, "B": 1200.0}
    code, message = refusal(client.post("/lcc?lang=en", data={**form, "o3_purchase": "lots"}).text)
    assert code == "LCC_INVALID_INPUT" and message.startswith("Offer 3 — Purchase price: “lots” is not a number")
    code, message = refusal(client.post("/lcc?lang=nl", data={**form, "o3_purchase": "-1"}).text)
    assert message == "Offerte 3 — Aankoopprijs: -1 is kleiner dan 0"
    code, message = refusal(client.post("/lcc?lang=fr", data={**form, "period_years": ""}).text)
    assert message.startswith(("Période (années) : manquant", "Période (années): manquant"))
    code, message = refusal(
        client.post(
            "/lcc?lang=en", data={**form, "discount_rate_pct": "3", "o1_maintenance_escalation_pct": "300"}
        ).text
    )
    assert message.startswith("Offer 1 — Maintenance change per year (%): 3 is read as a fraction")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typing_32_000_in_the_lcc_form_gives_the_result_of_32000(tools: tuple[TestClient, Path], lang: str) -> None:
    client, _ = tools
    form = {
        "period_years": "8",
        "discount_rate_pct": "3",
        "co2_mode": "none",
        "o1_name": "Diesel van",
        "o2_name": "Electric van",
    }
    belgian = {**form, "o1_purchase": "32.000", "o2_purchase": "€ 42.000,00", "output": "csv"}
    plain = {**form, "o1_purchase": "32000", "o2_purchase": "42000", "output": "csv"}
    first = client.post(f"/lcc?lang={lang}", data=belgian)
    second = client.post(f"/lcc?lang={lang}", data=plain)
    assert first.status_code == 200 and first.text == second.text
    assert [row["total"] for row in csv.DictReader(io.StringIO(first.text))] == ["32000.0", "42000.0"]
    page = client.post(f"/lcc?lang={lang}", data={**belgian, "output": "page"})
    assert page.status_code == 200 and "Diesel van" in page.text and 'role="alert"' not in page.text


def test_lcc_page_shows_sensitivity_years_and_warnings_in_the_page_language(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    form = input_to_form(yaml.safe_load((ROOT / "src" / "sppmon" / "data" / "lcc-example-vans.yaml").read_text()))
    page = client.post("/lcc?lang=nl", data={**form, "discount_rate_pct": "-1"})
    assert page.status_code == 200
    for text in (
        "Gevoeligheid: blijft de rangschikking overeind?",
        "jaar per jaar",
        "negatieve disconteringsvoet",
        "lcc-sensitivity-spec",
    ):
        assert text in page.text, text
    assert 'id="table-lcc-sensitivity"' in page.text and 'id="table-lcc-years-1"' in page.text
    # the vans declare their NOx and PM: the pollutant costs of the Clean Vehicles Directive are named
    assert "Gebruikte referentiewaarden: kost van de uitstoot van NOx 0,0044 EUR/g" in page.text
    assert 'href="https://eur-lex.europa.eu/eli/dir/2009/33/oj"' in page.text
    api = client.post("/api/lcc?sensitivity=true&years=true", json=yaml.safe_load(LAPTOPS.read_text()))
    body = api.json()
    assert api.status_code == 200 and body["sensitivity"]["scenarios"][0]["parameter"] == "base"
    assert body["offers"][0]["years"][0]["year"] == 0


def test_a_large_uploaded_comparison_lists_some_offers_and_downloads_all(tools: tuple[TestClient, Path]) -> None:
    """The page gets back from its worker only what it shows; the download still has every offer."""
    client, _ = tools
    offers = [{"name": f"offer {index}", "purchase": 1000 + 7 * index} for index in range(PAGE_OFFERS + 30)]
    data = {"period_years": 5, "discount_rate": 0.03, "offers": offers}
    raw = json.dumps(data).encode()
    page = client.post("/lcc?lang=en", files={"file": ("offers.json", raw, "application/json")})
    assert page.status_code == 200 and "30 more offers" in page.text and 'id="table-lcc-sensitivity"' in page.text
    assert "offer 0" in page.text and f"offer {PAGE_OFFERS + 29}" not in page.text
    assert 'value="offer 0"' in page.text  # the form is filled from the file
    download = client.post("/lcc", data={"output": "csv"}, files={"file": ("offers.json", raw, "application/json")})
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert len(rows) == PAGE_OFFERS + 30 and rows[-1]["offer"] == f"offer {PAGE_OFFERS + 29}"
    api = client.post("/api/lcc?sensitivity=true", content=raw)
    assert api.headers["content-type"] == "application/json"
    assert api.json()["offers"] == _library_result(data)["offers"]
    assert len(api.json()["sensitivity"]["scenarios"][1]["totals"]) == PAGE_OFFERS + 30


def test_lcc_refuses_hostile_and_broken_input(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join(['*' + chr(97 + level)] * 10)}]\n" for level in range(7)
    )
    bomb += "currency: EUR\nperiod_years: 5\ndiscount_rate: 0\noffers: *h\n"
    answer = client.post("/lcc", files={"file": ("bomb.yaml", bomb.encode(), "application/yaml")})
    assert answer.status_code == 422 and refusal(answer.text)[0] in ("LCC_UNREADABLE", "LCC_INVALID_INPUT")
    broken = client.post("/lcc", files={"file": ("x.yaml", b"offers: [", "application/yaml")})
    assert refusal(broken.text)[0] == "LCC_UNREADABLE"
    assert client.post("/api/lcc", content=b"[1, 2").json()["code"] == "LCC_UNREADABLE"
    invalid = client.post("/api/lcc", json={"period_years": 5, "discount_rate": 0.03, "offers": []})
    assert invalid.status_code == 422 and invalid.json()["code"] == "LCC_INVALID_INPUT"
    assert client.post("/api/lcc", content=b"{" + b" " * MAX_INPUT_BYTES + b"}").status_code == 413
    assert client.get("/lcc", params={"example": "nothing"}).status_code == 404


def test_fiche_page_cites_each_criterion_with_its_document_link_and_reference(tools: tuple[TestClient, Path]) -> None:
    client, _ = tools
    page = html.unescape(client.get("/guide/textiles", params={"lang": "fr"}).text)
    criteria = page.split("<h2")[1]
    assert 'href="https://ec.europa.eu/environment/gpp/pdf/criteria/textiles_2017.pdf"' in criteria
    assert "SWD(2017) 231 final" in criteria and "numéro du critère pas encore vérifié" in criteria
    assert "number, date" not in page  # the reviewer's English note stays off a French page
    english = html.unescape(client.get("/guide/textiles", params={"lang": "en"}).text)
    assert "checked: number, date" in english
