"""Files that appear complete or not at all: written beside the target, renamed into place on success.

The temporary file lives in the target's own folder, so that the final rename never crosses a file system
(a rename is atomic only within one). ``mkstemp`` creates files readable by their owner only; the finished file
gets the permissions an ordinary ``open`` would have given it under the process's umask.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_FILE_MODE = 0o666
_FOLDER_MODE = 0o777


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (``os.umask`` alone would set it)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def honour_umask(path: Path, folder: bool = False) -> None:
    """Give ``path`` (made by ``mkstemp``/``mkdtemp``) the mode a plain ``open``/``mkdir`` would have given it."""
    os.chmod(path, (_FOLDER_MODE if folder else _FILE_MODE) & ~current_umask())


def make_folders(folder: Path) -> None:
    """``folder`` and its missing parents. A file standing where a folder is needed fails the same way at any
    depth: ``mkdir`` says "file exists" when it is the folder itself and "not a directory" below it; both become
    the latter (``OS_PATH_MISSING``), naming the file in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename or str(folder)) from None


@contextlib.contextmanager
def _temporary_beside(path: Path, mode: str, encoding: str | None) -> Iterator[IO[str]] | Iterator[IO[bytes]]:
    make_folders(path.parent)
    prefix = f".{path.name}."
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=path.parent)
    except OSError as exc:  # the hidden temporary name means nothing to the person: name the target
        raise _naming(exc, path) from None
    try:
        os.fchmod(descriptor, _FILE_MODE & ~current_umask())
        newline = "" if encoding else None
        with os.fdopen(descriptor, mode, encoding=encoding, newline=newline) as handle:
            yield handle
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError) and exc.filename == temporary:
            raise _naming(exc, path) from None
        raise


def _naming(exc: OSError, path: Path) -> OSError:
    """``exc`` as it is, but naming ``path`` where it named a temporary file beside it."""
    name = os.path.basename(str(exc.filename or ""))
    if exc.filename is None or (name.startswith(f".{path.name}.") and name.endswith(".part")):
        return type(exc)(exc.errno, exc.strerror, str(path))
    return exc


@contextlib.contextmanager
def atomic_text_file(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    with _temporary_beside(path, "w", encoding) as handle:
        yield handle  # type: ignore[misc]


@contextlib.contextmanager
def atomic_binary_file(path: Path) -> Iterator[IO[bytes]]:
    with _temporary_beside(path, "wb", None) as handle:
        yield handle  # type: ignore[misc]


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with atomic_binary_file(path) as handle:
        handle.write(data)
