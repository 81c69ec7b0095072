"""Where an export may go: a new folder, an empty one, or one that a previous sppmon export wrote.

An export replaces its folder as a whole, so the folder must hold nothing else: a marker file, written last into
a finished export, is what tells a previous export from a folder of someone's own files. The store being
exported never lies inside the folder (replacing the folder would delete it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..outputs.atomic import atomic_text_file
from ..outputs.oserrors import OutputRefused

MARKER = ".sppmon-export"


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
        shown = ", ".join(sorted(names)[:3]) + (", …" if len(names) > 3 else "")
        raise OutputRefused(
            "EXPORT_TARGET_FOREIGN", f"{directory}: holds {len(names)} entries ({shown}) but no {MARKER} marker"
        )


def write_marker(building: Path, kind: str) -> None:
    """The last file of a finished export: what makes its folder replaceable by the next export."""
    with atomic_text_file(building / MARKER) as handle:
        json.dump({"written_by": "sppmon export", "format": kind}, handle)
        handle.write("\n")
