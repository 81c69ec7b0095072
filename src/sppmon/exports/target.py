"""Where an export may go: a new folder, an empty one, or one that a previous sppmon export wrote.

An export replaces its folder as a whole, so the folder must hold nothing else: a marker file, written last into
a finished export, is what tells a previous export from a folder of someone's own files, and a previous export
that someone added files to (anything outside the layout an export writes) is refused as well. The store being
exported never lies inside the folder (replacing the folder would delete it).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..outputs.atomic import atomic_text_file
from ..outputs.oserrors import OutputRefused

MARKER = ".sppmon-export"
MANIFEST = "manifest.json"
PART_FILES = ("part-0.csv", "part-0.parquet")  # one file per table or partition, whatever the format
_PARTITION_NAME = re.compile(r"[a-z][a-z0-9_]*=[^/]+")


def check_export_target(directory: Path, store_path: str | None) -> None:
    """Raise :class:`OutputRefused` unless exporting into ``directory`` cannot destroy anything foreign."""
    if store_path and store_path != ":memory:":
        store = Path(store_path).resolve()
        if store.is_relative_to(directory.resolve()):
            raise OutputRefused("EXPORT_TARGET_HOLDS_STORE", f"{directory}: holds the store {store_path}")
    if not os.path.lexists(directory):
        return
    if directory.is_symlink() or not directory.is_dir():
        raise OutputRefused("EXPORT_TARGET_NOT_FOLDER", f"{directory}: exists and is not a folder")
    with os.scandir(directory) as entries:
        names = [entry.name for entry in entries]
    if names and not (directory / MARKER).is_file():
        raise OutputRefused("EXPORT_TARGET_FOREIGN", f"{directory}: {_holds(names)} but no {MARKER} marker")
    foreign = _foreign_entries(directory)
    if foreign:
        raise OutputRefused(
            "EXPORT_TARGET_FOREIGN", f"{directory}: a previous export, but {_holds(foreign)} that it did not write"
        )


def _holds(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:3]) + (", …" if len(names) > 3 else "")
    return f"holds {len(names)} {'entry' if len(names) == 1 else 'entries'} ({shown})"


def _foreign_entries(directory: Path) -> list[str]:
    """The entries of a previous export's folder outside the layout an export writes (marker, manifest, one
    folder per table holding ``part-0`` files, directly or in ``column=value`` partition folders): files a person
    added there, which replacing the folder would delete."""
    foreign: list[str] = []
    tables = _table_names(directory / MANIFEST)
    for entry in sorted(directory.iterdir()):
        if entry.name in (MARKER, MANIFEST):
            known = entry.is_file() and not entry.is_symlink()
        else:
            known = entry.name in tables and _is_table_folder(entry)
        if not known:
            foreign.append(entry.name)
    return foreign


def _table_names(manifest: Path) -> set[str]:
    """The tables of this version's exports and those the previous export's manifest lists (an older version
    may have exported others)."""
    from ..store.schema import ALL_TABLES

    names = {table.name for table in ALL_TABLES}
    if manifest.is_symlink() or not manifest.is_file():  # never open a FIFO put in its place
        return names
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("tables", {})
    except (OSError, ValueError, AttributeError):
        return names
    return names | {name for name in listed if isinstance(name, str)} if isinstance(listed, dict) else names


def _is_table_folder(folder: Path) -> bool:
    if folder.is_symlink() or not folder.is_dir():
        return False
    for entry in folder.iterdir():
        if entry.name in PART_FILES:
            ok = entry.is_file() and not entry.is_symlink()
        else:
            ok = bool(_PARTITION_NAME.fullmatch(entry.name)) and _holds_parts_only(entry)
        if not ok:
            return False
    return True


def _holds_parts_only(folder: Path) -> bool:
    if folder.is_symlink() or not folder.is_dir():
        return False
    return all(e.name in PART_FILES and e.is_file() and not e.is_symlink() for e in folder.iterdir())


def write_marker(building: Path, kind: str) -> None:
    """The last file of a finished export: what makes its folder replaceable by the next export."""
    with atomic_text_file(building / MARKER) as handle:
        json.dump({"written_by": "sppmon export", "format": kind}, handle)
        handle.write("\n")
