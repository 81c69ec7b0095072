"""The project's one message catalogue: every text a person reads, in English, Dutch and French.

The catalogue is the set of files ``data/messages/*.tsv`` (key, en, nl, fr; tab-separated; ``#`` starts a
comment line), one file per part of the application so that each part keeps its texts together. A key is
unique across all files: a key defined twice is an error, found when the catalogue is loaded.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

LANGUAGES = ("en", "nl", "fr")


class CatalogueError(ValueError):
    """A catalogue file is malformed or defines a key that another file defines too."""


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """key → {language → text}, from every file of ``data/messages``."""
    folder = resources.files("sppmon.data").joinpath("messages")
    messages: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".tsv"):
            continue
        for key, texts in _read(entry.name, entry.read_text(encoding="utf-8")):
            if key in messages:
                raise CatalogueError(f"message key {key!r} is defined in {origin[key]} and in {entry.name}")
            messages[key] = texts
            origin[key] = entry.name
    return messages


def _read(name: str, text: str) -> list[tuple[str, dict[str, str]]]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        missing = [lang for lang in LANGUAGES if row.get(lang) is None]
        if missing or not row.get("key"):
            raise CatalogueError(f"{name}: the row {row.get('key')!r} lacks the columns {', '.join(missing)}")
        rows.append((row["key"], {lang: row[lang] for lang in LANGUAGES}))
    return rows
