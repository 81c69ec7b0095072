"""A value of a thread's state for the length of a block (the computations' per-thread modes)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def scoped(local: threading.local, name: str, value: object, default: object = None) -> Iterator[None]:
    """Within the block, ``name`` of ``local`` (this thread's) is ``value``; afterwards what it was (``default``
    when it was not set), whatever the block raised."""
    previous = getattr(local, name, default)
    setattr(local, name, value)
    try:
        yield
    finally:
        setattr(local, name, previous)
