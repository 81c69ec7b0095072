"""Every report rendered in Dutch and French, read back from its PDF (and its XLSX): no English text of the
catalogue left where it differs from the translation, no number in English format, headers and code values
translated in the workbook, numbers kept as numbers with percent and euro formats."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sppmon import messages
from sppmon.readers import read_notice
from sppmon.reports.base import ReportRequest
from sppmon.reports.registry import REPORTS
from sppmon.reports.render import write_report
from sppmon.sample import SampleGenerator
from sppmon.store import Store, StoredNotice

from .indicator_fixture import BUYER_A_KEY, fill

PLACEHOLDER = re.compile(r"\{[^}]*\}")
SHORTEST = 4  # shorter English texts ("Lot", "Code") are words of Dutch or French too
LONG_WORD = 6  # a single English word this long is no Dutch or French word by chance
REQUESTS = {
    "annual": {"year": 2025},
    "eu-strategic": {"first_year": 2024, "last_year": 2025},
    "cvd": {},
    "buyer": {"buyer": BUYER_A_KEY},
    "eu-benchmark": {},
}
# English number formats: a thousands comma (1,781: our decimals have at most two digits) or a decimal point
# (25.5, 0.016844). Dutch groups with a point (1.781), so a point before exactly three digits is fine there.
ENGLISH_NUMBER = {
    "nl": re.compile(r"(?<![\w.,/=-])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,/=-])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])\s?%?"),
    "fr": re.compile(r"(?<![\w.,/=-])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.])\d+\.\d+(?![\w.])"),
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden store with a sample of generated notices, so that every section has rows."""
    from sppmon.store import open_store

    path = tmp_path_factory.mktemp("languages") / "reports.duckdb"
    with open_store(str(path)) as store:
        fill(store)
        store.write_batch([_stored(xml) for _, xml in SampleGenerator(5).notices(400)], [])
    return path


def _stored(data: bytes) -> StoredNotice:
    import hashlib

    return StoredNotice(read_notice(data), "test", hashlib.sha256(data).hexdigest())


@cache
def english_only(lang: str) -> tuple[str, ...]:
    """The fixed parts of every English text of the catalogue that is not also a text of ``lang``."""
    catalogue = messages.catalogue()
    translated = {texts[lang] for texts in catalogue.values()}
    found = set()
    for texts in catalogue.values():
        if texts["en"] == texts[lang]:
            continue
        for piece in PLACEHOLDER.split(texts["en"]):
            part = piece.strip(" .:;,()")
            if (" " in part and len(part) >= SHORTEST) or len(part) >= LONG_WORD:
                found.add(part)
    return tuple(sorted(found - translated))


def english_left(text: str, lang: str) -> list[str]:
    flat = " ".join(text.split())
    return [part for part in english_only(lang) if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", flat)]


# English words that are no Dutch or French word: a sentence assembled from data (a source's title, a code read as
# a word, an indicator's definition) is English even when no catalogue text is. Names that may hold them
# (European Commission, a lot title in English) are not in the reports of the fixture store.
_WORDS = """the and with without which when where from this that these those only each every shipped none yes
vehicles heavy duty agency parliament council annex tables counted emission target zero reported uptake share
shares buyer buyers notice notices year years price quality tenders"""
ENGLISH_WORDS = frozenset(_WORDS.split())


def english_words(text: str) -> list[str]:
    return sorted({word for word in re.findall(r"[A-Za-z]+", text) if word.lower() in ENGLISH_WORDS})


def _prose(text: str) -> str:
    """The text without the commands of the reproduction notes and without web addresses: both stay as
    they are in every language."""
    lines = (line for line in text.splitlines() if not re.search(r"sppmon (indicators|outcomes) ", line))
    return re.sub(r"https?://\S+", "", "\n".join(lines))


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_report_pdf_has_no_english_text_or_number_format(filled: Path, tmp_path: Path, name: str, lang: str) -> None:
    from sppmon.store import open_store

    with open_store(str(filled), read_only=True) as store:
        doc = REPORTS[name].build(store, ReportRequest(lang, **REQUESTS[name]))  # type: ignore[arg-type]
    pdf = tmp_path / f"{name}-{lang}.pdf"
    write_report(doc, pdf)
    text = _pdf_text(pdf)
    prose = _prose(text)
    assert english_left(prose, lang) == []
    assert english_words(prose) == []
    assert ENGLISH_NUMBER[lang].findall(prose) == []


def test_the_checks_find_english(store: Store) -> None:
    """The checks above can fail: an English heading and English numbers are found."""
    assert "Headline figures" in english_left("Kerncijfers en Headline figures.", "nl")
    found = english_words("Bron: European Parliament and Council, shipped rates.")
    assert found == ["Council", "Parliament", "and", "shipped"]
    assert english_words("Bronnen: Europees Parlement en Raad; les taux fournis, émissions nulles.") == []
    assert ENGLISH_NUMBER["nl"].findall("1,781 lots, 25.5 % and 0.016844") == ["1,781", "25.5 %", "0.016844"]
    assert ENGLISH_NUMBER["nl"].findall("1.781 percelen, 25,5% en 2021-2025") == []
    assert ENGLISH_NUMBER["fr"].findall("1,781 lots et 25.5 %") == ["1,781", "25.5"]
    assert ENGLISH_NUMBER["fr"].findall("1\u202f781 lots et 25,5\u00a0%") == []


def test_report_workbook_is_translated_and_formatted(filled: Path, tmp_path: Path) -> None:
    from sppmon.store import open_store

    with open_store(str(filled), read_only=True) as store:
        doc = REPORTS["annual"].build(store, ReportRequest("fr", year=2025))
    path = tmp_path / "annual.xlsx"
    write_report(doc, path)
    book = load_workbook(path)
    assert all(len(name) <= 31 for name in book.sheetnames) and book.sheetnames[-1] == "Commandes"
    headline = book[book.sheetnames[0]]
    assert headline.freeze_panes == "A2"
    assert [cell.value for cell in headline[1]][:3] == ["Indicateur", "Lots", "Adoption"]
    share = headline.cell(row=2, column=3)
    assert isinstance(share.value, float) and share.number_format == "0.0%"
    assert headline.column_dimensions["A"].width > 20  # as wide as the indicator names
    values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    texts = " ".join(str(value) for value in values if isinstance(value, str) and "sppmon indicators" not in value)
    assert english_left(_prose(texts), "fr") == []
    assert english_words(_prose(texts)) == []
    for sheet in book:  # whole titles, never cut in the middle of a word
        title = re.sub(r" \(\d+\)$", "", sheet.title)
        assert (
            any(title == block.sheet or f"{title} " in f"{block.title} " for block in doc.tables)
            or title == "Commandes"
        )
