"""The texts of every indicator (unit, scope, exclusions, method) and of the result notes exist in English,
Dutch and French, and the indicator page, the API and the CLI show them in the reader's language."""

from __future__ import annotations

import copy
import pickle
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from markupsafe import escape

from sppmon.cli.indicators import indicators_command
from sppmon.indicators import REGISTRY, Indicator, compute
from sppmon.indicators.base import LANGS, Note, Texts, note_in
from sppmon.indicators.frames import VALUE_NOTE
from sppmon.store import Store
from sppmon.web import WebConfig, create_app

from .indicator_fixture import fill
from .web_support import sample_store

TRANSLATED = ("nl", "fr")
CODES = list(REGISTRY)
# English-only content is marked lang="en"; the language menu's "English" option rightly is too
ENGLISH_CONTENT = re.compile(r'<(?!option\b)\w+[^>]*\slang="en"')


def _texts(indicator: Indicator) -> dict[str, Texts]:
    """Every translatable text of the indicator, named for the failure message."""
    named: dict[str, Texts] = {"unit": indicator.units, "scope": indicator.scopes}
    named["method"] = {lang: indicator.method_in(lang) for lang in LANGS}
    for number, texts in enumerate(indicator.exclusion_texts):
        named[f"exclusion {number + 1}"] = texts
    return named


def _assert_translated(texts: Texts, what: str) -> None:
    for lang in LANGS:
        assert texts.get(lang, "").strip(), f"{what}: no {lang} text"
    # a sentence (not a bare term) must really be translated, not copied from English
    if len(texts["en"].split()) > 2:
        for lang in TRANSLATED:
            assert texts[lang] != texts["en"], f"{what}: {lang} is the English text"


@pytest.mark.parametrize("code", CODES)
def test_every_text_of_every_indicator_exists_in_every_language(code: str) -> None:
    indicator = REGISTRY[code]
    assert indicator.exclusion_texts, f"{code} lists no exclusions"
    for name, texts in _texts(indicator).items():
        _assert_translated(texts, f"{code} {name}")


@pytest.mark.parametrize("code", CODES)
def test_english_stays_what_the_docs_and_reports_read(code: str) -> None:
    indicator = REGISTRY[code]
    assert indicator.unit == indicator.unit_in("en") == indicator.units["en"]
    assert indicator.scope == indicator.scope_in("en")
    assert indicator.exclusions == indicator.exclusions_in("en")
    assert indicator.measure.method == indicator.method_in("en")
    assert indicator.unit_in("de") == indicator.unit  # an unknown language falls back to English


@pytest.fixture
def golden(store: Store) -> Store:
    return fill(store)


def test_notes_made_at_compute_time_are_translated(golden: Store) -> None:
    results = [
        compute(golden, "green", by="year"),  # value note and unknown currency (ZZZ)
        compute(golden, "cvd"),  # [verify] notes
    ]
    notes = [note for result in results for note in result.notes]
    assert any(note.startswith("MONEY_UNKNOWN_CURRENCY") for note in notes)
    assert any(note.startswith("[verify]") for note in notes)
    for note in notes:
        assert isinstance(note, Note), note
        _assert_translated(note.texts, f"note {note[:40]!r}")
    currency = next(note for note in notes if note.startswith("MONEY_UNKNOWN_CURRENCY"))
    assert "ZZZ" in note_in(currency, "nl") and "percelen" in note_in(currency, "nl")
    assert results[0].notes_in("en") == results[0].notes


def test_notes_without_detection_data_are_translated(store: Store) -> None:
    fill(store, with_detection=False)
    for code, variant in (("declared-vs-detected", "declared"), ("green", "detected")):
        result = compute(store, code, variant=variant)
        assert result.notes_in("nl")[0].startswith("geen detectiegegevens"), code
        assert result.notes_in("fr")[0].startswith("aucune donnée de détection"), code


def test_a_note_keeps_its_translations_when_copied_or_pickled() -> None:
    for copied in (copy.deepcopy(VALUE_NOTE), pickle.loads(pickle.dumps(VALUE_NOTE))):
        assert copied == VALUE_NOTE and note_in(copied, "fr") == note_in(VALUE_NOTE, "fr")
    assert note_in("plain English", "nl") == "plain English"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(WebConfig(db=str(sample_store(tmp_path_factory.mktemp("languages")))))
    with TestClient(app) as test_client:
        yield test_client


def _shown(text: str) -> str:
    return str(escape(text))


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("code", CODES)
def test_indicator_page_shows_the_texts_in_its_language(client: TestClient, code: str, lang: str) -> None:
    indicator = REGISTRY[code]
    html = client.get(f"/indicators/{code}?lang={lang}").text
    assert not ENGLISH_CONTENT.search(html), ENGLISH_CONTENT.search(html)
    assert _shown(indicator.scope_in(lang)) in html
    assert _shown(indicator.unit_in(lang)) in html
    assert _shown(indicator.method_in(lang)) in html
    assert _shown(" ".join(indicator.exclusions_in(lang))) in html


def test_indicator_page_notes_follow_the_language(client: TestClient) -> None:
    dutch = client.get("/indicators/green?lang=nl").text
    assert _shown(note_in(VALUE_NOTE, "nl")) in dutch and _shown(VALUE_NOTE) not in dutch
    assert _shown(note_in(VALUE_NOTE, "en")) in client.get("/indicators/green?lang=en").text


def test_api_keeps_english_and_adds_the_chosen_language(client: TestClient) -> None:
    body = client.get("/api/indicators/green?lang=fr").json()
    assert body["lang"] == "fr" and VALUE_NOTE in body["notes"]
    assert note_in(VALUE_NOTE, "fr") in body["notes_in_lang"]
    catalogue = {item["code"]: item for item in client.get("/api/indicators").json()}
    green = REGISTRY["green"]
    assert catalogue["green"]["unit"] == green.unit
    assert catalogue["green"]["scopes"]["nl"] == green.scope_in("nl")
    assert catalogue["green"]["methods"]["fr"] == green.method_in("fr")
    assert catalogue["green"]["exclusions"][0]["nl"] == green.exclusions_in("nl")[0]


def test_cli_catalogue_gives_units_in_the_chosen_language() -> None:
    output = CliRunner().invoke(indicators_command, ["--lang", "fr"]).output
    assert "part des lots" in output and "share of lots" not in output
