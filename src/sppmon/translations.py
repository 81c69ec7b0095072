"""The message catalogue as gettext ``.po`` files for translators, and their translations read back.

The catalogue's source of truth stays the tab-separated files ``data/messages/*.tsv`` (key, en, nl, fr). For
translators (Poedit, Weblate, a translation agency) ``export_po`` writes one ``.po`` file per language, Dutch
and French against the English source: each message's key is its context (``msgctxt``), so that two messages
with the same English text stay apart, and its file and line are its location. ``import_po`` reads a
translated ``.po`` file and writes its translations into the TSV files, in place: lines keep their order,
comments stay, nothing else changes.

A translation is taken only when it still fits: its English source is the catalogue's current one (else the
source changed after the export, and the entry is reported as stale), it is not marked fuzzy, it is not empty,
it names the same ``{placeholders}`` as the English text and it holds no tab or line break. Everything else is
reported, with its key, and left as it was.

    python -m sppmon.translations export DIR           # DIR/nl.po, DIR/fr.po
    python -m sppmon.translations import DIR/nl.po     # translations into data/messages/*.tsv
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import __version__
from .messages import LANGUAGES

SOURCE = "en"
TARGETS = tuple(lang for lang in LANGUAGES if lang != SOURCE)
LANGUAGE_NAMES = {"nl": "Dutch", "fr": "French"}
HEADER = """\
# sppmon: {language} translations of the message catalogue.
# Made from the catalogue's files (src/sppmon/data/messages/*.tsv), which stay the source of truth: translate
# here, then read the file back with `python -m sppmon.translations import FILE.po`. The context of each
# message is its key; keep every {{placeholder}} of the English text. See docs/translations.md.
#"""
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def messages_folder() -> Path:
    """The folder of the catalogue's TSV files (in a source checkout, the one under ``src/``)."""
    return Path(str(resources.files("sppmon.data").joinpath("messages")))


@dataclass(frozen=True, slots=True)
class Entry:
    """One message of a TSV file: its key, texts per language and where it is (file name, line number)."""

    key: str
    texts: dict[str, str]
    file: str
    line: int


def entries(folder: Path) -> Iterator[Entry]:
    """Every message of the TSV files of ``folder``, file by file (by name) and line by line."""
    for path in sorted(folder.glob("*.tsv")):
        for row in _rows(path.read_bytes().decode("utf-8").split("\n")):
            texts = {lang: row.cell(lang) for lang in LANGUAGES}
            yield Entry(row.cell("key"), texts, path.name, row.index + 1)


@dataclass(frozen=True, slots=True)
class _Row:
    """One message line of a TSV file: its index among the file's lines, the file's header and its cells."""

    index: int
    header: tuple[str, ...]
    cells: tuple[str, ...]

    def cell(self, column: str) -> str:
        """The cell of ``column``; empty when the file has no such column or the line stops before it."""
        position = self.header.index(column) if column in self.header else len(self.cells)
        return self.cells[position] if position < len(self.cells) else ""


def _rows(lines: list[str]) -> Iterator[_Row]:
    """The message lines of a TSV file's ``lines`` (split at line feeds), past comments, blank lines and the
    header: the one reader of the files' rows, for reading entries and for rewriting cells in place. A line
    ending in a carriage return (a file saved with Windows line ends) is read without it."""
    header: tuple[str, ...] | None = None
    for index, raw in enumerate(lines):
        line = raw.removesuffix("\r")
        if not line or line.startswith("#"):
            continue
        cells = tuple(line.split("\t"))
        if header is None:
            header = cells
            continue
        yield _Row(index, header, cells)


def catalog_of(folder: Path, lang: str) -> Catalog:
    """The messages of ``folder`` as a gettext catalogue for ``lang`` (English source, key as context)."""
    if lang not in TARGETS:
        raise ValueError(f"the language of a .po file is one of {', '.join(TARGETS)}")
    catalog = Catalog(
        locale=lang,
        header_comment=HEADER.format(language=LANGUAGE_NAMES[lang]),
        project="sppmon",
        version=__version__,
        copyright_holder="the sppmon authors",
        msgid_bugs_address="the sppmon maintainers",
        language_team=f"sppmon {lang}",
        creation_date=datetime.now(UTC),
        fuzzy=False,
    )
    for entry in entries(folder):
        source = entry.texts[SOURCE]
        flags = ["python-brace-format"] if _PLACEHOLDER.search(source) else []
        catalog.add(
            source,
            entry.texts.get(lang, ""),
            locations=[(f"messages/{entry.file}", entry.line)],
            flags=flags,
            context=entry.key,
        )
    return catalog


def export_po(folder: Path, target: Path, langs: Sequence[str] = TARGETS) -> list[Path]:
    """Write ``target/<lang>.po`` for each of ``langs``; returns the files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in langs:
        handle = io.BytesIO()
        write_po(handle, catalog_of(folder, lang), width=0, sort_output=False)
        path = target / f"{lang}.po"
        _write_atomically(path, handle.getvalue())
        written.append(path)
    return written


@dataclass
class ImportReport:
    """What reading a ``.po`` file changed, and what it refused (key → reason)."""

    lang: str
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    refused: dict[str, str] = field(default_factory=dict)


def import_po(po_file: Path, folder: Path) -> ImportReport:
    """Write the usable translations of ``po_file`` into the TSV files of ``folder`` (see the module)."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    lang = str(catalog.locale or "").split("_")[0].lower()
    if lang not in TARGETS:
        raise ValueError(f"{po_file}: the language of the file ({lang or 'none'}) is not one of {', '.join(TARGETS)}")
    current = {entry.key: entry for entry in entries(folder)}
    report = ImportReport(lang)
    wanted: dict[str, str] = {}
    for message in catalog:
        key = str(message.context or "")
        if not key or not message.id:
            continue
        translation = message.string if isinstance(message.string, str) else ""
        problem = _problem(current.get(key), str(message.id), translation, message.fuzzy)
        if problem:
            report.refused[key] = problem
        elif current[key].texts.get(lang, "") == translation:
            report.unchanged += 1
        else:
            wanted[key] = translation
    for path in sorted(folder.glob("*.tsv")):
        _rewrite(path, lang, wanted)
    report.changed = sorted(wanted)
    return report


def _problem(entry: Entry | None, source: str, translation: str, fuzzy: bool) -> str:
    if entry is None:
        return "no such key in the catalogue"
    if entry.texts[SOURCE] != source:
        return "stale: the English text changed since the export; export again and translate the new text"
    if fuzzy:
        return "marked fuzzy"
    if not translation.strip():
        return "empty translation"
    if "\t" in translation or "\n" in translation or "\r" in translation:
        return "holds a tab or a line break"
    if sorted(_PLACEHOLDER.findall(translation)) != sorted(_PLACEHOLDER.findall(source)):
        return "its {placeholders} differ from the English text's"
    return ""


def _rewrite(path: Path, lang: str, wanted: dict[str, str]) -> None:
    """Replace the ``lang`` cell of the rows of ``wanted`` in one TSV file, every other byte kept."""
    lines = path.read_bytes().decode("utf-8").split("\n")  # bytes: line ends stay as they are
    changed = False
    for row in _rows(lines):
        key = row.cell("key")
        if key in wanted and lang in row.header and row.header.index(lang) < len(row.cells):
            cells = list(row.cells)
            cells[row.header.index(lang)] = wanted[key]
            ending = "\r" if lines[row.index].endswith("\r") else ""
            lines[row.index] = "\t".join(cells) + ending
            changed = True
    if changed:
        _write_atomically(path, "\n".join(lines).encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sppmon.translations", description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=Path, default=None, help="folder of the TSV files (the package's)")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write DIR/nl.po and DIR/fr.po from the TSV files")
    export.add_argument("target", type=Path)
    export.add_argument("--lang", choices=TARGETS, action="append", help="only this language (repeatable)")
    take = commands.add_parser("import", help="write the translations of .po files into the TSV files")
    take.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args(argv)
    folder = args.messages or messages_folder()
    try:
        if args.command == "export":
            for path in export_po(folder, args.target, args.lang or TARGETS):
                print(f"wrote {path}")
            return 0
        worst = 0
        for po_file in args.files:
            report = import_po(po_file, folder)
            print(
                f"{po_file}: {len(report.changed)} changed, {report.unchanged} unchanged, {len(report.refused)} refused"
            )
            for key, reason in sorted(report.refused.items()):
                print(f"  refused {key}: {reason}", file=sys.stderr)
            worst = max(worst, 1 if report.refused else 0)
        return worst
    except (OSError, ValueError) as exc:
        print(f"translations: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
