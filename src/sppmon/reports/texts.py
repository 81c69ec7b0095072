"""Texts of the reports in English, Dutch and French: titles, section headings and short explanations, kept in
the message catalogue (``data/messages/reports.tsv``, keys ``report.NAME``) beside every other text, so that
translators find them in the same ``.po`` files. ``t(key, lang, **values)`` formats one; an unknown language
falls back to English."""

from __future__ import annotations

from .. import messages

LANGS = messages.LANGUAGES


def t(key: str, lang: str, **values: object) -> str:
    texts = messages.catalogue()[f"report.{key}"]
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text
