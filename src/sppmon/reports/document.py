"""The neutral form of a report: sections of paragraphs, tables and charts, each number traceable to the
``sppmon indicators`` call that reproduces it. Renderers (HTML, PDF, XLSX) turn it into files."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..indicators import columns as people
from ..indicators.base import IndicatorResult, note_in
from ..indicators.breakdowns import BREAKDOWNS
from .texts import t

_BRACKETED = re.compile(r"^\[[^\]]*\]\s*")


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table for people: codes already by their labels in the report's language, numbers still numbers
    (each renderer formats them by the kind of their column, see :mod:`sppmon.indicators.columns`)."""

    title: str
    columns: tuple[str, ...]  # column ids (for number formats)
    headers: tuple[str, ...]  # column titles in the report language
    rows: tuple[tuple[Any, ...], ...]
    calls: tuple[str, ...] = ()  # the sppmon indicators calls behind the numbers
    notes: tuple[str, ...] = ()
    sheet: str = ""  # a short title for an XLSX sheet (at most 31 characters), when the title is longer
    highlight: tuple[int, ...] = ()  # rows drawn out in every format (the focus country)


@dataclass(frozen=True, slots=True)
class ChartBlock:
    title: str
    spec: dict[str, Any]
    calls: tuple[str, ...] = ()


Block = TableBlock | ChartBlock


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    subtitle: str
    lang: str
    sections: tuple[Section, ...]
    colophon: tuple[str, ...] = field(default_factory=tuple)

    @property
    def tables(self) -> list[TableBlock]:
        return [block for section in self.sections for block in section.blocks if isinstance(block, TableBlock)]

    @property
    def calls(self) -> list[str]:
        """Every indicators call, once, in order of appearance (the reproduction annex)."""
        seen: dict[str, None] = {}
        for section in self.sections:
            for block in section.blocks:
                seen.update(dict.fromkeys(block.calls))
        return list(seen)


def with_reproduction_annex(doc: Document) -> Document:
    """The document with a last section listing every ``sppmon indicators`` call behind its numbers."""
    annex = Section(t("sec.reproduce", doc.lang), (t("p.reproduce", doc.lang), *doc.calls))
    return Document(doc.title, doc.subtitle, doc.lang, (*doc.sections, annex), doc.colophon)


def result_table(
    result: IndicatorResult,
    lang: str,
    columns: Sequence[str],
    title: str | None = None,
    label_groups: bool = True,
    limit: int | None = None,
) -> TableBlock:
    """A table of ``columns`` of a result, the breakdown columns first (with readable labels); codes by their
    labels in ``lang`` (eForms labels for a code list), numbers left as numbers; titles in the words of the
    result's variant (a detected "none" is "examined, nothing found")."""
    key_columns = list(result.by)
    code_list = people.code_list_of(result)
    rows = []
    for row in result.rows[:limit]:
        keys = [_key_label(name, row, lang) if label_groups else row.get(name) for name in key_columns]
        values = (people.value_label(name, row.get(name), lang, code_list, result.variant) for name in columns)
        rows.append((*keys, *values))
    headers = [BREAKDOWNS[name].title(lang) for name in key_columns]
    headers += [people.title(name, lang, code_list, result.variant) for name in columns]
    return TableBlock(
        title or result.indicator.title(lang),
        (*key_columns, *columns),
        tuple(headers),
        tuple(rows),
        (with_db(result.call()),),
        tuple(_notes(result, lang)),
        _sheet_title(result.indicator.code, lang),
    )


def _sheet_title(code: str, lang: str) -> str:
    from .. import messages

    texts = messages.catalogue().get(f"report.sheet.{code}")
    return (texts.get(lang) or texts["en"]) if texts else ""


def _notes(result: IndicatorResult, lang: str) -> list[str]:
    """The result's notes for people (column names by their titles), without the currency note of value
    columns the table does not show."""
    return [people.readable(note_in(note, lang), lang) for note in result.notes if not note.startswith("value_eur_*")]


def verify_notes(result: IndicatorResult, lang: str) -> tuple[str, ...]:
    """The result's facts still to check against the legal text ("[verify]" notes), worded for ``lang``."""
    return tuple(
        t("verify", lang, note=_BRACKETED.sub("", note_in(note, lang)))
        for note in result.notes
        if note.startswith("[verify]")
    )


def _key_label(name: str, row: dict[str, object], lang: str) -> object:
    breakdown = BREAKDOWNS[name]
    if breakdown.label_column and row.get(breakdown.label_column):
        return row.get(breakdown.label_column)
    value = row.get(name)
    return value if isinstance(value, int) else people.value_label(name, value, lang)


def with_db(call: str) -> str:
    return f"{call} --db STORE"
