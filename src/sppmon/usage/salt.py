"""The visitor-hash salt, kept apart from the hashes: in a file of its own (mode 0600) in the user data folder,
never in the store that holds the page views.

Whoever holds a copy of the store (a backup, an export, a read-only replica) then holds hashes they cannot
recompute from an address. The file holds the current period's salt only; a new period overwrites it, which
is the rotation. Worker processes of one server share the file: an exclusive lock makes one of them create
the salt of a new period and the others read it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from pathlib import Path


def default_salt_file() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sppmon" / "usage-salt.json"


class SaltFile:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_salt_file()

    def salt_for(self, period: str) -> str:
        """The salt of ``period``: read from the file, or made (replacing an older period's) under the lock."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            stored = self._read()
            if stored is not None and stored.get("period") == period and isinstance(stored.get("salt"), str):
                return str(stored["salt"])
            salt = secrets.token_hex(32)
            self._write({"period": period, "salt": salt})
            return salt
        finally:
            os.close(lock)  # closing releases the lock

    def _read(self) -> dict[str, object] | None:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else None
        return None

    def _write(self, data: dict[str, str]) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(temporary, self.path)  # the old period's salt is gone with the old file
