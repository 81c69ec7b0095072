"""HTTP tests of every page and API route in every language, downloads, language choice, security headers,
administrator actions and usage recording (FastAPI's test client; no browser, no network)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sppmon.indicators import REGISTRY
from sppmon.web import WebConfig, create_app
from sppmon.web.facets import options_html
from sppmon.web.i18n import LANGUAGES, catalogue
from sppmon.web.reporting import FORMATS, registry

from .web_support import page_urls, sample_store, some_keys

TOKEN = "test-admin-token"
BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64) test"}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    path = sample_store(tmp_path_factory.mktemp("web"))
    keys = some_keys(path)
    app = create_app(WebConfig(db=str(path), admin_token=TOKEN, upload_max_bytes=200_000))
    with TestClient(app, headers=BROWSER) as client:
        yield client, keys


def api_urls(keys: dict[str, str]) -> list[str]:
    return [
        "/api/openapi.json",
        "/api/indicators",
        *[f"/api/indicators/{code}" for code in REGISTRY],
        "/api/indicators/green?by=year,buyer_legal_type&country=BEL",
        "/api/indicators/social?by=product_group&filter=year=2024",
        "/api/lots?fact=green&status=yes&limit=5",
        "/api/notices?limit=5&year=2024",
        f"/api/notices/{keys['notice']}",
        "/api/facets/buyer",
        "/api/quality",
        "/api/usage?period=quarter",
        "/api/guide",
        "/api/guide/search?q=laptop",
        "/api/guide/vehicles",
        "/api/outcomes?year=2024,2025&country=BEL&by=year,category",
    ]


NAV_WORD = {"en": "Dashboard", "nl": "Dashboard", "fr": "Tableau de bord"}
LOTS_WORD = {"en": "Lots", "nl": "Percelen", "fr": "Lots"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_renders_in_every_language(web: tuple[TestClient, dict[str, str]], lang: str) -> None:
    client, keys = web
    for url in page_urls(keys):
        response = client.get(url, headers={"accept-language": lang})
        assert response.status_code == 200, (url, response.text[:500])
        html = response.text
        assert f'<html lang="{lang}">' in html, url
        assert NAV_WORD[lang] in html and LOTS_WORD[lang] in html, url
        assert "<table" in html or url in ("/admin", "/reports"), url
        if url != "/api":  # the API page lists route templates such as /api/notices/{notice_key}
            assert not re.search(r"\{[a-z_]+\}", html.split("<script")[0]), f"unfilled placeholder on {url}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_api_route_answers_in_every_language(web: tuple[TestClient, dict[str, str]], lang: str) -> None:
    client, keys = web
    for url in api_urls(keys):
        response = client.get(url, headers={"accept-language": lang})
        assert response.status_code == 200, (url, response.text[:500])
        assert response.headers["content-type"].startswith("application/json"), url
    titled = client.get("/api/indicators/green", headers={"accept-language": lang}).json()
    assert titled["title"] == REGISTRY["green"].title(lang)


def test_every_route_is_exercised(web: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = web
    tested = {url.split("?")[0] for url in page_urls(keys) + api_urls(keys)}
    tested |= {"/download/{filename}", "/static/style.css", "/static/charts.js", "/static/page.js", "/health"}
    tested |= {"/admin/ingest"}
    tested |= {"/api/admin/ingest", "/favicon.ico", "/reports/{filename}", "/api/admin/reports/{filename}"}
    tested |= {"/plan/template.csv", "/api/check", "/api/lcc", "/api/plan/urgency"}  # in test_web_tools
    tested |= {"/api/admin/sync", "/api/admin/sync/{job_id}", "/admin/sync", "/admin/sync/status"}  # test_web_sync
    paths = list(_route_paths(client.app.routes))  # type: ignore[attr-defined]
    assert len(paths) > 40
    for path in paths:
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
        assert any(pattern.match(url) for url in tested), f"route {path} has no test"


def _route_paths(routes: list[Any]) -> Iterator[str]:
    """Every route path of the app, also those of included routers (which FastAPI keeps as routers)."""
    for route in routes:
        if getattr(route, "path", ""):
            yield route.path
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _route_paths(included.routes)


def test_indicator_api_matches_the_engine(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    body = client.get("/api/indicators/green?by=year").json()
    assert body["columns"][:2] == ["year", "lots_in_scope"]
    assert body["call"] == "sppmon indicators green --by year"
    for row in body["rows"]:
        assert row["lots_in_scope"] == row["lots_yes"] + row["lots_none"] + row["lots_not_reported"]
    bad = client.get("/api/indicators/green?by=colour")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "by"
    assert "buyer_legal_type" in bad.json()["errors"][0]["detail"]  # the breakdowns allowed are named
    assert client.get("/api/indicators/nope").status_code == 404


def test_drill_down_counts_match_the_figure(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    figure = client.get("/api/indicators/green?year=2024").json()["rows"][0]
    for status, column in (("yes", "lots_yes"), ("none", "lots_none"), ("not-reported", "lots_not_reported")):
        lots = client.get(f"/api/lots?fact=green&status={status}&year=2024&limit=1").json()
        assert lots["total"] == figure[column], status
    html = client.get("/?year=2024").text
    assert "/lots?year=2024&amp;fact=green&amp;status=yes" in html


def test_downloads_are_formula_safe_csv_and_real_xlsx(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    for name in ("lots", "coverage", "rejections", "buyers", "product-groups", "usage", "trend"):
        response = client.get(f"/download/{name}.csv")
        assert response.status_code == 200, name
        assert "attachment" in response.headers["content-disposition"]
        for row in csv.reader(io.StringIO(response.text)):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), (name, row)
        xlsx = client.get(f"/download/{name}.xlsx")
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK", name
    indicator = client.get("/download/indicator.csv?code=green&by=year").text.lstrip("\ufeff").splitlines()
    assert indicator[0].startswith("Year,Lots,Lots yes,")
    # In the page's language: titles, labels, the decimal comma and Excel's list separator in Belgium.
    dutch = client.get("/download/indicator.csv?code=green&by=year&lang=nl").text.lstrip("\ufeff").splitlines()
    assert dutch[0].startswith("Jaar;Percelen;Percelen ja;") and re.search(r";\d+,\d+%;", dutch[1])
    book = load_workbook(io.BytesIO(client.get("/download/indicator.xlsx?code=green&by=year&lang=fr").content))
    sheet = book.active
    assert sheet is not None and sheet["A1"].value == "Année" and sheet.freeze_panes == "A2"
    share = next(cell for cell in sheet[2] if cell.number_format == "0.0%")
    assert isinstance(share.value, float)
    lots = list(csv.reader(io.StringIO(client.get("/download/lots.csv?lang=nl").text.lstrip("\ufeff")), delimiter=";"))
    assert lots[0][:3] == ["Aankondiging", "Perceel", "Datum"] and re.fullmatch(r"\d{4}-\d\d-\d\d", lots[1][2])
    assert client.get("/download/nothing.csv").status_code == 404
    assert client.get("/download/lots.exe").status_code == 404


def test_language_choice_is_remembered_in_a_cookie(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    client.cookies.clear()
    chosen = client.get("/quality?lang=fr")
    assert chosen.cookies.get("sppmon_lang") == "fr"
    assert 'lang="fr"' in client.get("/quality").text
    assert 'lang="nl"' in client.get("/quality?lang=nl").text
    client.cookies.clear()
    assert 'lang="nl"' in client.get("/quality", headers={"accept-language": "nl-BE,nl;q=0.9,en;q=0.5"}).text
    client.cookies.clear()


def test_numbers_are_formatted_per_language(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    english = client.get("/?lang=en").text
    dutch = client.get("/?lang=nl").text
    french = client.get("/?lang=fr").text
    assert re.search(r'class="big"><a [^>]+>\d+\.\d%', english)
    assert re.search(r'class="big"><a [^>]+>\d+,\d%', dutch)
    assert re.search(r'class="big"><a [^>]+>\d+,\d\u00a0%', french)  # French: a space that never breaks


def test_pages_load_nothing_from_other_hosts(web: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = web
    for url in page_urls(keys):
        response = client.get(url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', response.text):
            external = attribute.startswith(("http:", "https:", "//"))
            assert not external or 'rel="external' in response.text, (url, attribute)
        assert '<script src="http' not in response.text and "@import" not in response.text


def test_unknown_things_are_404_and_bad_filters_400(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    assert client.get("/notices/does-not-exist").status_code == 404
    assert client.get("/buyers/nobody").status_code == 404
    assert client.get("/product-groups/nothing").status_code == 404
    assert client.get("/indicators/nothing").status_code == 404
    assert client.get("/lots?year=twenty").status_code == 400
    assert client.get("/lots?fact=colour&status=yes").status_code == 400
    assert client.get("/api/lots?status=maybe").status_code == 422
    refused = client.get("/lots?lang=en&country=BEL' OR '1'='1")  # not the form of a country code
    assert refused.status_code == 400 and "country" in refused.text
    injected = client.get("/lots?lang=en&buyer=x' OR '1'='1")  # looked up as a key or name, never SQL
    assert injected.status_code == 422 and "BUYER_UNKNOWN" in injected.text
    assert client.get("/api/lots?buyer=x' OR '1'='1").json()["code"] == "BUYER_UNKNOWN"


def test_write_actions_need_the_token_and_respect_the_size_limit(
    web: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    client, _ = web
    notice = (Path(__file__).parent / "fixtures" / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
    files = {"upload": ("notice.xml", notice, "application/xml")}
    assert client.post("/api/admin/ingest", files=files).status_code == 403
    denied = client.post("/api/admin/ingest", files=files, headers={"authorization": "Bearer wrong"})
    assert denied.status_code == 403
    accepted = client.post("/api/admin/ingest", files=files, headers={"authorization": f"Bearer {TOKEN}"})
    assert accepted.status_code == 200 and accepted.json()["read"] == 1
    too_big = {"upload": ("big.xml", b"<x>" + b" " * 300_000 + b"</x>", "application/xml")}
    assert (
        client.post("/api/admin/ingest", files=too_big, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 413
    )
    wrong_kind = {"upload": ("../../etc/passwd", b"root", "text/plain")}
    assert client.post("/admin/ingest", data={"token": TOKEN}, files=wrong_kind).status_code == 415
    form = client.post("/admin/ingest?lang=en", data={"token": TOKEN}, files=files)
    assert form.status_code == 200 and "Unchanged" in form.text


def test_write_actions_are_off_without_a_token(tmp_path: Path) -> None:
    app = create_app(WebConfig(db=str(sample_store(tmp_path)), admin_token=""))
    with TestClient(app, headers=BROWSER) as client:
        files = {"upload": ("notice.xml", b"<x/>", "application/xml")}
        response = client.post("/api/admin/ingest", files=files, headers={"authorization": "Bearer "})
        assert response.status_code == 403
        assert "SPPMON_ADMIN_TOKEN" in client.get("/admin").text


def test_page_views_are_recorded_without_addresses(tmp_path: Path) -> None:
    app = create_app(WebConfig(db=str(sample_store(tmp_path))))
    with TestClient(app, headers=BROWSER) as client:
        client.get("/quality")
        client.get("/usage")
        client.get("/quality", headers={"dnt": "1"})
        client.get("/api/quality")
        client.get("/static/style.css")
        rows = client.get("/api/usage?period=year&source=app").json()["rows"]
    assert len(rows) == 1 and rows[0]["page_views"] == 2 and rows[0]["sessions"] == 1


def test_reports_download_in_every_format(web: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = web
    reports = registry()
    assert {"annual", "eu-strategic", "cvd", "buyer"} <= set(reports)
    page = client.get("/reports?lang=en").text
    assert 'name="buyer"' in page and 'name="from"' in page
    for name in reports:
        for fmt in FORMATS:
            url = f"/reports/{name}.{fmt}?year=2024&report_lang=nl&buyer={quote(keys['buyer'], safe='')}"
            response = client.get(url)
            assert response.status_code == 200, (url, response.text[:300])
            assert response.content[:4] in (b"%PDF", b"PK\x03\x04") or b"<html" in response.content[:500].lower()
    assert client.get("/reports/annual.docx").status_code == 404
    rebuilt = client.post(f"/api/admin/reports/{next(iter(reports))}.html?year=2024")
    assert rebuilt.status_code == 403


def test_messages_exist_in_every_language() -> None:
    for key, texts in catalogue().items():
        for lang in LANGUAGES:
            assert texts[lang].strip(), (key, lang)


def test_notice_page_highlights_detected_evidence(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    lots = client.get("/api/lots?fact=green&status=yes&variant=detected&limit=20").json()["rows"]
    if not lots:
        pytest.skip("the sample has no lot with detected green evidence")
    html = client.get(f"/notices/{lots[0]['notice_key']}?lang=en").text
    marked = re.findall(r"<mark>([^<]+)</mark>", html)
    assert marked, "evidence is shown with the matched words highlighted"
    assert re.search(r"counts (as|next to)", html), "each piece of evidence says why it counts"
    dutch = client.get(f"/notices/{lots[0]['notice_key']}?lang=nl").text
    assert re.search(r"telt (als|naast)", dutch) and not re.search(r"counts (as|next to)", dutch)


def test_locate_trusts_spans_that_point_at_the_match_and_searches_otherwise() -> None:
    from sppmon.browse.notice import locate

    texts = [{"text": "Minstens 30 % gerecycleerd materiaal.", "lang": "NLD"}]
    assert locate(texts, "gerecycleerd", 14, 26)[1] == ("gerecycleerd", True)
    assert locate(texts, "gerecycleerd", 0, 5)[1] == ("gerecycleerd", True)  # wrong span: searched
    assert locate(texts, "absent", None, None) == (("absent", True),)
    assert locate([], None, None, None) == ()


@pytest.mark.postgres
def test_the_app_serves_a_postgresql_store(postgres_database: str, tmp_path: Path) -> None:
    from sppmon.pipeline import ingest
    from sppmon.sample import write_sample
    from sppmon.store import open_store

    from .conftest import fresh_postgres_schema

    url = fresh_postgres_schema(postgres_database)
    with open_store(url) as store:
        ingest([str(write_sample(tmp_path / "sample", 60, seed=3, layout="dir"))], store)
    app = create_app(WebConfig(db=url, admin_token=TOKEN))
    with TestClient(app, headers=BROWSER) as client:
        for path in ("/", "/indicators/green?by=year", "/lots?fact=green&status=yes", "/quality", "/buyers"):
            assert client.get(path).status_code == 200, path
        figure = client.get("/api/indicators/green").json()["rows"][0]
        lots = client.get("/api/lots?fact=green&status=not-reported&limit=1").json()
        assert lots["total"] == figure["lots_not_reported"]
        notice = client.get("/api/lots?limit=1").json()["rows"][0]["notice_key"]
        assert client.get(f"/notices/{notice}").status_code == 200
        assert client.get("/usage").status_code == 200
        assert client.get("/api/usage?source=app").json()["rows"][0]["page_views"] >= 7


def test_trend_rows_drill_down_to_their_lots(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    rows = client.get("/api/indicators/green?by=year,format").json()["rows"]
    row = next(r for r in rows if r["year"] == 2024 and r["format"] == "eforms")
    html = client.get("/").text
    assert "/lots?year=2024&amp;notice_format=eforms&amp;fact=green" in html
    lots = client.get("/api/lots?year=2024&notice_format=eforms&fact=green&limit=1").json()
    assert lots["total"] == row["lots_in_scope"]
    yes = client.get("/api/lots?year=2024&notice_format=eforms&fact=green&status=yes&limit=1").json()
    assert yes["total"] == row["lots_yes"]


def test_every_indicator_page_has_a_chart(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    for code in REGISTRY:
        page = client.get(f"/indicators/{code}?lang=fr").text
        assert 'id="indicator-spec"' in page, code
    coded = client.get("/indicators/environmental-impact?lang=nl").text
    assert "Circulaire economie" in coded or "circulaire economie" in coded.lower()


def _table_rows(html: str, name: str) -> list[list[str]]:
    """The body rows of table ``name`` on a page, each as its cells' HTML."""
    table = html.split(f'id="table-{name}"', maxsplit=1)[1].split("</table>", maxsplit=1)[0]
    body = table.split("<tbody>", maxsplit=1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]


def _lot_total(client: TestClient, cell: str) -> tuple[str, int]:
    """The text of a cell's lot link and the number of lots the lot API finds behind it."""
    from html import unescape

    match = re.search(r'<a href="/lots\?([^"]+)">([^<]+)</a>', cell)
    assert match, cell
    query = unescape(match.group(1))
    return match.group(2).strip(), client.get(f"/api/lots?{query}&limit=1").json()["total"]


def test_buyer_page_is_a_feedback_sheet_per_year(web: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = web
    buyer = quote(keys["buyer"], safe="")
    figures = client.get(f"/api/indicators/green?by=year&buyer={buyer}").json()["rows"]
    html = client.get(f"/buyers/{buyer}?lang=en").text
    rows = _table_rows(html, "buyer-green")
    assert len(rows) == len(figures) > 0
    counts = ("lots_in_scope", "lots_yes", "lots_none", "lots_not_reported")
    for cells, figure in zip(rows, figures, strict=True):
        assert cells[0].strip() == str(figure["year"])
        for cell, column in zip(cells[1:5], counts, strict=True):
            text, total = _lot_total(client, cell)
            assert text == f"{figure[column]:,}" and total == figure[column], (figure["year"], column)
    for code in ("strategic", "gpp-criteria", "social", "innovative"):
        assert f'id="table-buyer-{code}"' in html
    assert f"sppmon indicators green --by year --filter buyer={keys['buyer']}" in html
    assert 'id="buyer-trends-spec"' in html and 'id="table-buyer-coverage"' in html
    assert f"/reports/buyer.pdf?buyer={buyer}&amp;report_lang=en" in html


def test_buyer_page_compares_with_buyers_of_the_same_type_and_country(
    web: tuple[TestClient, dict[str, str]],
) -> None:
    client, keys = web
    buyer = quote(keys["buyer"], safe="")
    profiles = client.get(f"/api/indicators/coverage?by=buyer_legal_type,country&buyer={buyer}").json()["rows"]
    profile = max(profiles, key=lambda row: row["lots_in_scope"])
    peers = f"buyer_legal_type={profile['buyer_legal_type']}&country={profile['country']}"
    figure = client.get(f"/api/indicators/green?{peers}").json()["rows"][0]
    html = client.get(f"/buyers/{buyer}?lang=en").text
    title = REGISTRY["green"].title("en")
    green = next(cells for cells in _table_rows(html, "buyer-peers") if f">{title}<" in cells[0])
    text, total = _lot_total(client, green[6])  # the peers' lots in scope
    assert text == f"{figure['lots_in_scope']:,}" and total == figure["lots_in_scope"]
    own = client.get(f"/api/indicators/green?buyer={buyer}").json()["rows"][0]
    assert figure["lots_in_scope"] >= own["lots_in_scope"]  # the peers include the buyer
    download = client.get(f"/download/buyer-peers.csv?buyer={buyer}")
    header = download.text.lstrip("\ufeff").splitlines()[0]
    assert download.status_code == 200 and header.startswith("Indicator,Lots: this buyer,")
    assert "peer_uptake_share" not in header  # titles for people, not column names


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_buyer_feedback_sheet_renders_in_dutch_and_french(web: tuple[TestClient, dict[str, str]], lang: str) -> None:
    client, keys = web
    html = client.get(f"/buyers/{quote(keys['buyer'], safe='')}?lang={lang}").text
    texts = catalogue()
    for key in ("buyer.per_year", "buyer.coverage_year", "buyer.peers", "buyer.report"):
        assert texts[key][lang] in html, key
    assert texts["buyer.per_year"]["en"] not in html
    assert f"report_lang={lang}" in html


def _valid_values(keys: dict[str, str], path: str) -> dict[str, str]:
    """A value of every documented parameter that the route accepts (parameters of the OpenAPI document)."""
    filename = {"/download/{filename}": "lots.csv", "/plan/template.{kind}": ""}.get(path, "cvd.html")
    return {
        "year": "2024",
        "quarter": "2024-Q1",
        "country": "BEL,NLD",
        "buyer": keys["buyer"],
        "buyer_legal_type": "cga",
        "eu_institution": "no",
        "cpv_division": "30",
        "product_group": keys["group"],
        "procedure_type": "open",
        "nature": "supplies",
        "form_type": "competition",
        "format": "eforms" if path.startswith("/api/indicators/") else "csv",
        "notice_format": "eforms",
        "by": "year",
        "variant": "declared",
        "filter": "country=BEL",
        "output": "csv",
        "fact": "green",
        "status": "yes",
        "limit": "5",
        "offset": "1",
        "period": "quarter",
        "source": "app",
        "q": "laptop",
        "since": "2024",
        "detect": "false",
        "sensitivity": "true",
        "years": "true",
        "lang": "fr",
        "today": "2026-06-01",
        "from": "2024",
        "to": "2024",
        "report_lang": "nl",
        "focus": "NLD",
        "min_lots": "10",
        "min_coverage": "12,5",
        "min_vehicles": "10",
        "code": "green",
        "kind": "csv",
        "key": "year",
        "notice_key": keys["notice"],
        "fiche_id": "computers",
        "job_id": "no-such-job",
        "filename": filename,
        "authorization": f"Bearer {TOKEN}",
    }


# Parameters a route needs whatever else is asked: the year of a report, the token of write actions.
ALWAYS = {
    "/reports/{filename}": ["year"],
    "/api/admin/reports/{filename}": ["year", "authorization"],
    "/api/admin/ingest": ["authorization"],
    "/api/admin/sync": ["authorization"],
    "/api/admin/sync/{job_id}": ["authorization"],
}


def _call(client: TestClient, method: str, path: str, values: dict[str, str], names: list[str]) -> Any:
    """One request to a documented route with the parameters ``names`` set (path parameters always), and the
    body the route needs."""
    operation = client.app.openapi()["paths"][path][method]  # type: ignore[attr-defined]
    names = [*names, *ALWAYS.get(path, [])]
    url, query, headers = path, {}, {}
    for item in operation.get("parameters", []):
        name, where = item["name"], item["in"]
        if where == "path":
            url = url.replace("{" + name + "}", quote(values[name], safe=""))
        elif name in names and where == "header":
            headers[name] = values[name]
        elif name in names:
            query[name] = values[name]
    if "status" in query:
        query["fact"] = values["fact"]  # a status needs its fact
    fixtures = Path(__file__).parent / "fixtures"
    notice = (fixtures / "eforms" / "cn_sdk10_strategic.xml").read_bytes()
    if path in ("/api/check",):
        return client.post(url, params=query, content=notice, headers={**headers, "content-type": "application/xml"})
    if path == "/api/plan/urgency":
        plan = client.get("/plan/template.csv").content
        return client.post(url, params=query, headers=headers, files={"upload": ("plan.csv", plan, "text/csv")})
    if path == "/api/admin/ingest":
        return client.post(url, headers=headers, files={"upload": ("notice.xml", notice, "application/xml")})
    if path == "/api/admin/sync":
        return client.post(url, headers=headers, json={"source": "none"})  # refused before anything starts
    if path == "/api/lcc":  # the worked example of the LCC page, as JSON
        import json as json_module
        from importlib import resources

        import yaml

        example = yaml.safe_load(resources.files("sppmon.data").joinpath("lcc-example-vans.yaml").read_text("utf-8"))
        body = json_module.dumps(example, default=str)
        return client.post(url, params=query, content=body, headers={"content-type": "application/json"})
    return client.request(method.upper(), url, params=query, headers=headers)


def _wrong_value(schema: dict[str, Any]) -> str | None:
    """A value that breaks a parameter's declared form (pattern, bounds, length), if it declares one."""
    for part in [schema, *schema.get("anyOf", [])]:
        if "pattern" in part:
            return ",,"  # no pattern takes empty values between commas
        if part.get("type") == "integer" and "minimum" in part:
            return str(part["minimum"] - 1)
        if part.get("type") == "string" and "maxLength" in part:
            return "x" * (part["maxLength"] + 1)
    return None


def test_every_documented_parameter_is_accepted_and_checked(web: tuple[TestClient, dict[str, str]]) -> None:
    """Each parameter of the OpenAPI document, given alone with a valid value, is answered without a server
    error; given a value of the wrong form, it is refused with its name in the error body."""
    client, keys = web
    document = client.get("/api/openapi.json").json()
    called = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            values = _valid_values(keys, path)
            for item in operation.get("parameters", []):
                name = item["name"]
                answer = _call(client, method, path, values, [name])
                assert answer.status_code < 500, (method, path, name, answer.text[:300])
                if path == "/api/admin/sync/{job_id}" or name == "authorization":
                    continue
                assert answer.status_code in (200, 202, 422), (method, path, name, answer.text[:300])
                called += 1
                wrong = _wrong_value(item.get("schema", {}))
                if item["in"] != "query" or wrong is None:
                    continue
                refused = _call(client, method, path, dict(values, **{name: wrong}), [name])
                assert refused.status_code in (400, 422), (method, path, name, refused.text[:300])
                if path.startswith("/api/"):
                    body = refused.json()
                    assert body["code"] == "HTTP_INVALID_PARAMETER" and body["errors"][0]["field"] == name, body
    assert called > 60


def test_error_bodies_have_one_shape(web: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = web
    answers = [
        client.get("/api/lots?year=abcd&lang=fr"),
        client.get("/api/lots?year=%C2%B2"),
        client.get("/api/lots?offset=99999999999999999999"),
        client.get("/api/indicators/green?format=csv"),
        client.get("/api/indicators/nope"),
        client.get("/api/notices?product_group=computers"),
        client.get("/api/nothing"),
        client.post("/api/admin/ingest", files={"upload": ("n.xml", b"<x/>", "application/xml")}),
        client.post("/api/lcc", content=b"{not json"),
        client.post("/api/lcc", content=b"[" * 100_000 + b"]" * 100_000),  # nested deeper than Python recurses
    ]
    for answer in answers:
        assert 400 <= answer.status_code < 500, answer.text
        body = answer.json()
        assert set(body) <= {"code", "detail", "errors"} and body["code"] and body["detail"], body
        for problem in body.get("errors", []):
            assert set(problem) == {"field", "code", "detail"}, problem
    assert answers[0].json()["detail"].startswith("Non valide")  # in the request's language
    assert answers[3].json()["errors"][0]["field"] == "format"  # a breakdown, not the output format
    assert client.get("/api/indicators/green?output=csv").text.startswith("lots_in_scope,")
    assert client.get("/api/lots?limit=1&format=csv").text.startswith("notice_key,")  # the old name, where free
    several = client.get("/api/lots?year=2024,2025&limit=1").json()["total"]
    each = sum(client.get(f"/api/lots?year={year}&limit=1").json()["total"] for year in (2024, 2025))
    assert several == each > 0


def test_one_name_per_buyer_and_buyers_given_by_name(web: tuple[TestClient, dict[str, str]]) -> None:
    """A bilingual buyer has its Dutch name on Dutch pages and its French name on French ones, in tables,
    headings and dropdowns alike; a buyer can be given by name, and an unknown one is an error."""
    client, _ = web
    key = "BEL:id:0671516647"  # FOD Beleid en Ondersteuning / SPF Stratégie et Appui in the sample
    names = {"nl": "FOD Beleid en Ondersteuning", "fr": "SPF Stratégie et Appui"}
    for lang, name in names.items():
        other = names["fr" if lang == "nl" else "nl"]
        for url in (f"/buyers/{quote(key, safe='')}", "/buyers", "/", f"/lots?buyer={quote(key, safe='')}"):
            html = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}").text
            assert name in html and other not in html, (lang, url)
        facet = client.get(f"/api/facets/buyer?lang={lang}").json()
        assert {row["name"] for row in facet if row["value"] == key} == {name}
    by_key = client.get(f"/api/lots?buyer={quote(key, safe='')}&limit=1").json()["total"]
    for given in ("SPF Stratégie et Appui", "beleid en ondersteuning", "0671.516.647"):
        assert client.get(f"/api/lots?buyer={quote(given)}&limit=1").json()["total"] == by_key, given
    moved = client.get("/buyers/Stad%20Antwerpen", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"].startswith("/buyers/BEL%3Aid%3A")
    assert client.get("/buyers/Nobody%20at%20all").status_code == 404
    unknown = client.get("/api/indicators/green?buyer=Nobody%20at%20all&lang=nl").json()
    assert unknown["code"] == "BUYER_UNKNOWN" and unknown["detail"].startswith("Geen enkele aankoper")


def test_the_dashboards_largest_buyers_carry_their_one_name_in_the_page_language(
    web: tuple[TestClient, dict[str, str]],
) -> None:
    """The breakdown by buyer names only the groups it shows, each by the buyer's one name in the page's language
    (not the name the summary happened to keep)."""
    import html

    from sppmon.buyers import naming

    client, keys = web
    names = naming(client.app.state.provider.get())  # type: ignore[attr-defined]
    for lang in ("nl", "fr"):
        page = html.unescape(client.get(f"/?lang={lang}").text)
        section = page[page.index('id="table-breakdown-buyer"') :]
        section = section[: section.index("</table>")]
        assert names.label(keys["buyer"], lang) in section


def test_filter_choices_are_escaped_and_the_chosen_one_selected() -> None:
    html = str(options_html("b&c", [("a", "Ville <A>"), ("b&c", 'Café "B"'), ("", "none")]))
    assert html.count("<option") == 3 and html.count(" selected") == 1
    assert '<option value="b&amp;c" selected>Café &#34;B&#34;</option>' in html
    assert "Ville &lt;A&gt;" in html and "<A>" not in html
    assert " selected" not in str(options_html(None, [("a", "A")]))


def test_filter_choices_escaped_once_give_what_escaping_each_page_gives() -> None:
    from markupsafe import escape

    def plain(chosen: object, options: list[tuple[str, str]]) -> str:
        selected = [" selected" if value == chosen else "" for value, _ in options]
        return "".join(
            f'      <option value="{escape(value)}"{mark}>{escape(name)}</option>\n'
            for (value, name), mark in zip(options, selected, strict=True)
        )

    options = [("a", "Ville <A>"), ("b&c", 'Café "B"'), ("", "none"), ("a", "twice"), ("é", "É")]
    for chosen in ("a", "b&c", "", "é", "missing", None, 3):
        for _ in range(2):  # escaped on the first page, kept for the second
            assert str(options_html(chosen, options)) == plain(chosen, options), chosen
    changed = [*options[:2], ("d", "D")]  # another list (another store version): escaped anew
    assert str(options_html("d", changed)) == plain("d", changed)
    many = [[(str(i), str(i))] for i in range(100)]  # more lists than are kept
    assert all(str(options_html("0", one)) == plain("0", one) for one in many + many)
