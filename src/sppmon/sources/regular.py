"""Opening a path named by the user only when it is a regular file.

Opening a FIFO waits for a writer that may never come, and a device such as ``/dev/zero`` never ends: a named
path is opened without waiting (``O_NONBLOCK``, which changes nothing for a regular file) and checked on the open
handle, so that nothing can swap the file between the check and the read.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

from ..errors import CatalogedError


def not_regular(path: Path | str) -> CatalogedError:
    return CatalogedError("SOURCE_NOT_REGULAR", f"{path} is a FIFO, device or socket, not a file")


def is_special(path: Path | str) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (links are followed)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def open_regular(path: Path | str) -> io.BufferedReader:
    """``path`` opened for reading in binary mode; :class:`CatalogedError` ``SOURCE_NOT_REGULAR`` for a FIFO,
    device or socket; :class:`OSError` as ``open`` raises it otherwise (missing, a folder, no permission)."""
    descriptor, _ = open_descriptor(path)
    try:
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def open_descriptor(path: Path | str) -> tuple[int, int]:
    """A descriptor of ``path`` (the caller closes it) and the file's size, refused as :func:`open_regular`
    refuses it. Still non-blocking, which changes nothing for the regular file it is."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        if is_special(path):  # a socket cannot be opened at all (ENXIO): say what it is
            raise not_regular(path) from None
        raise
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(status.st_mode):
            raise not_regular(path)
        return descriptor, status.st_size
    except BaseException:
        os.close(descriptor)
        raise


def read_at_most(descriptor: int, size: int) -> bytes:
    """Up to ``size`` bytes from the descriptor's position: fewer only where the file ends. A read straight from
    the descriptor: a buffered file object costs more than the read itself for a notice of a few KB."""
    data = os.read(descriptor, size)
    if len(data) == size or not data:
        return data
    parts = [data]
    held = len(data)
    while held < size and (more := os.read(descriptor, size - held)):
        parts.append(more)
        held += len(more)
    return b"".join(parts)


def read_regular(path: Path | str) -> bytes:
    with open_regular(path) as handle:
        return handle.read()
