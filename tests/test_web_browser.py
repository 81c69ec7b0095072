"""Browser tests: Playwright drives Debian's Chromium against the app served on 127.0.0.1. Load the dashboard,
change a filter, drill down to a notice, switch language, download a CSV, and check that no page requests
another host. Skipped (with the reason) where Chromium is not installed; CI installs it and requires it."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from sppmon.web import WebConfig, create_app

from .web_support import page_urls, sample_store, some_keys

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HAVE_CHROMIUM = Path(CHROMIUM).is_file()
if not HAVE_CHROMIUM and os.environ.get("SPPMON_REQUIRE_BROWSER"):
    raise RuntimeError(f"SPPMON_REQUIRE_BROWSER is set but Chromium is not installed at {CHROMIUM}")
pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=f"Chromium not installed ({CHROMIUM}); CI installs it")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def keys(store_path: Path) -> dict[str, str]:
    return some_keys(store_path)  # before the server owns the store file


@pytest.fixture(scope="module")
def server(store_path: Path, keys: dict[str, str]) -> Iterator[str]:
    import uvicorn

    app = create_app(WebConfig(db=str(store_path)))
    port = _free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@contextlib.contextmanager
def _opened_page(browser, **options: object) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A page in a browser context of its own (``options`` of the context: locale, viewport), accepting
    downloads and recording the hosts it requests; the context is closed afterwards."""
    context = browser.new_context(accept_downloads=True, **options)
    opened = context.new_page()
    opened.requested_hosts = set()
    opened.on("request", lambda request: opened.requested_hosts.add(urlsplit(request.url).netloc))
    try:
        yield opened
    finally:
        context.close()


def _visit(page, server: str, path: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``path`` of the served app in ``lang`` (added to the path's own query, if any)."""
    separator = "&" if "?" in path else "?"
    page.goto(f"{server}{path}{separator}lang={lang}")


@pytest.fixture
def page(browser, server: str):  # type: ignore[no-untyped-def]
    with _opened_page(browser, locale="en-GB") as opened:
        yield opened


def test_dashboard_filter_drill_down_to_a_notice(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _visit(page, server, "/", "en")
    assert page.locator("h1").inner_text().startswith("Sustainable public procurement")
    page.wait_for_selector(".vl-chart svg", timeout=20_000)  # charts drawn by the bundled Vega-Embed
    years = [value for value in page.locator("#filter-year option").evaluate_all("o => o.map(x => x.value)") if value]
    page.select_option("#filter-year", years[-1])
    page.click(".filters .actions button")
    page.wait_for_url(f"**year={years[-1]}**")
    assert f"year={years[-1]}" in page.url
    page.click("#card-green .big a")
    page.wait_for_url("**/lots?**")
    assert "fact=green" in page.url and "status=yes" in page.url and f"year={years[-1]}" in page.url
    page.locator("#table-lots tbody a").first.click()
    page.wait_for_url("**/notices/**")
    assert page.locator("h3", has_text="Sustainability facts").count() >= 1
    assert page.locator("td.status-yes").count() >= 1
    assert page.requested_hosts == {urlsplit(server).netloc}


def test_switch_language_is_remembered(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/quality")
    page.select_option("#lang-select", "nl")
    page.click(".langs button")
    page.wait_for_url("**lang=nl**")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Datakwaliteit"
    page.goto(f"{server}/usage")
    assert page.locator("h1").inner_text() == "Gebruiksstatistieken"
    page.select_option("#lang-select", "fr")
    page.click(".langs button")
    page.wait_for_url("**lang=fr**")
    assert page.locator("h1").inner_text() == "Statistiques d’utilisation"


def test_download_a_csv(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _visit(page, server, "/lots?fact=green&status=not-reported", "en")
    with page.expect_download() as download_info:
        page.locator(".downloads a", has_text="CSV").first.click()
    target = tmp_path / "lots.csv"
    download_info.value.save_as(target)
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Notice,Lot,Date,Title,")  # the page's titles, in its language
    assert len(target.read_text(encoding="utf-8").splitlines()) > 1


def test_keyboard_reaches_the_content_first(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _visit(page, server, "/", "en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_no_page_requests_another_host(page, server: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/indicators/green?by=year", "/indicators/cvd", "/buyers", "/product-groups", "/quality",
                 "/usage", "/api", "/lots", "/admin"):  # fmt: skip
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert page.requested_hosts == {urlsplit(server).netloc}


def test_buyer_tools_in_the_browser(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _visit(page, server, "/guide", "en")
    page.fill("#guide-q", "30213100")
    page.click("form[role=search] button")
    page.locator(".hits a").first.click()
    page.wait_for_url("**/guide/computers")
    assert page.locator("h1").inner_text().startswith("Computers")
    page.goto(f"{server}/lcc?example=vans")
    page.click("form.lcc-form button[type=submit]")
    page.wait_for_selector(".vl-chart svg", timeout=20_000)
    assert page.locator("#table-lcc tbody tr").count() == 2
    assert page.locator("#f-period_years").input_value() == "8"  # the form keeps what was typed
    page.goto(f"{server}/plan")
    template = tmp_path / "plan.csv"
    with page.expect_download() as download_info:
        page.click("a[href='/plan/template.csv']")
    download_info.value.save_as(template)
    page.set_input_files("#plan-upload", str(template))
    page.click("form.upload button")
    page.wait_for_selector("#table-urgency")
    assert page.locator("#table-urgency tbody tr").count() == 3
    page.goto(f"{server}/check")
    page.set_input_files("#check-upload", str(Path(__file__).parent / "fixtures" / "eforms" / "cn_sdk10_strategic.xml"))
    page.click("form.upload button")
    page.wait_for_selector("section.lot")
    assert page.locator("section.lot").count() >= 1
    assert page.requested_hosts == {urlsplit(server).netloc}


# Visible texts of a page: text nodes (SVG charts included) and the labels read aloud, leaving out what is
# code by nature (<code>, the language selector) and text in another language than the page's (notice texts).
VISIBLE_TEXTS = """lang => {
  const skipped = e => e.closest("code, pre, kbd, samp, script, style, #lang-select")
    || (e.closest("[lang]") && e.closest("[lang]").getAttribute("lang") !== lang);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
    if (parent && text && !skipped(parent)) { found.push(text); }
  }
  for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (skipped(element)) { continue; }
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = element.getAttribute(name);
      if (value) { found.push(value.trim()); }
    }
  }
  return found;
}"""


def untranslated(texts: list[str], lang: str) -> list[str]:
    """The texts that are the English text of a catalogue message whose ``lang`` translation differs."""
    from sppmon.messages import catalogue

    english = {item["en"].strip() for item in catalogue().values() if item["en"].strip() != item[lang].strip()}
    return sorted({text for text in texts if text in english})


# The layout of a page at the current width: the page must not scroll sideways, and every box that lets a
# wide table scroll must be reachable with the keyboard and named.
LAYOUT = """() => ({
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  boxes: [...document.querySelectorAll(".table-wrap")].filter(box =>
    box.getAttribute("tabindex") !== "0" || !(box.getAttribute("aria-label") || box.getAttribute("aria-labelledby"))
  ).length,
})"""


def _problems(page, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("load")
    if page.locator(".vl-chart").count():
        page.wait_for_selector(".vl-chart svg", timeout=20_000)
    layout = page.evaluate(LAYOUT)
    found = [f"English: {text}" for text in untranslated(page.evaluate(VISIBLE_TEXTS, lang), lang)]
    if layout["overflow"] > 0:
        found.append(f"the page scrolls sideways by {layout['overflow']} px")
    if layout["boxes"]:
        found.append(f"{layout['boxes']} table boxes without tabindex or name")
    return found


@pytest.fixture
def phone(browser, server: str):  # type: ignore[no-untyped-def]
    with _opened_page(browser, viewport={"width": 390, "height": 844}) as opened:
        yield opened


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_page_type_is_translated_and_fits_a_phone(
    phone, server: str, keys: dict[str, str], tmp_path: Path, lang: str
) -> None:  # type: ignore[no-untyped-def]
    """Every kind of page — charts, tables, forms, their results and errors — in Dutch and in French, 390 px
    wide: no text of the English catalogue that has a translation, no sideways scroll of the page, and every
    scrolling table box reachable with the keyboard."""
    page = phone
    urls = [*page_urls(keys), "/no-such-page", "/lots?year=twenty", "/download/lots.csv?year=x"]
    found: dict[str, list[str]] = {}
    for path in urls:
        _visit(page, server, path, lang)
        found[path] = _problems(page, lang)
    # pages that answer a form: a checked notice, a ranked plan, an LCC comparison
    _visit(page, server, "/check", lang)
    page.set_input_files("#check-upload", str(Path(__file__).parent / "fixtures" / "eforms" / "cn_sdk10_strategic.xml"))
    page.click("form.upload button")
    page.wait_for_selector("section.lot")
    found["POST /check"] = _problems(page, lang)
    _visit(page, server, "/lcc?example=vans", lang)
    page.click("form.lcc-form button[type=submit]")
    page.wait_for_selector(".vl-chart svg", timeout=20_000)
    found["POST /lcc"] = _problems(page, lang)
    _visit(page, server, "/plan", lang)
    template = tmp_path / "plan.csv"
    with page.expect_download() as download_info:
        page.click("a[href='/plan/template.csv']")
    download_info.value.save_as(template)
    page.set_input_files("#plan-upload", str(template))
    page.click("form.upload button")
    page.wait_for_selector("#table-urgency")
    found["POST /plan"] = _problems(page, lang)
    assert {path: problems for path, problems in found.items() if problems} == {}


# Boxes of a part of a page that reach past the window's right edge (inside a scrolling table box is allowed:
# that box scrolls, the page does not).
OUTSIDE = """(selector) => [...document.querySelectorAll(selector + " *")]
  .filter(node => !node.closest(".table-wrap") && node.getClientRects().length)
  .filter(node => node.getBoundingClientRect().right > window.innerWidth + 1)
  .map(node => node.tagName.toLowerCase() + "." + (node.getAttribute("class") || "") + " "
    + Math.round(node.getBoundingClientRect().right))
"""


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_outcomes_and_eu_benchmark_fit_a_phone(phone, server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The dashboard's outcomes section and the EU benchmark (with its settings form and a chosen focus country)
    at 390 px: nothing of them reaches past the window, and the page does not scroll sideways."""
    page = phone
    found: dict[str, list[str]] = {}
    for path, part in [
        ("/", "#outcomes ~ *"),
        ("/eu-benchmark?focus=NLD&min_lots=1&min_coverage=5", "main"),
    ]:
        _visit(page, server, path, lang)
        found[path] = _problems(page, lang) + page.evaluate(OUTSIDE, part)
    assert {path: problems for path, problems in found.items() if problems} == {}
    assert page.locator("form.filters select[name=focus]").count() == 1
