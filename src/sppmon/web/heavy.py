"""Heavy work off the event loop, in bounded pools: the loop only awaits it, so that ``/health`` and every page
keep answering while an upload is ingested or a big plan is ranked.

Two limiters: one ingest at a time (the store takes one writer anyway, and an ingest uses a core), and at most
:data:`HEAVY_THREADS` checks, plans and life-cycle-cost computations at once (each parses a whole input). Requests
beyond them wait their turn instead of starting threads of their own. The parsing itself — the part that holds the
interpreter lock — runs in worker processes under a time and a memory limit (:mod:`.workers`): one for uploads,
:data:`HEAVY_THREADS` for checks, plans and life-cycle costs; :func:`run_heavy` stays for the work that needs the
store (matching a plan), which a worker process cannot open.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from .workers import run_limited

T = TypeVar("T")
HEAVY_THREADS = 2

_LIMITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, anyio.CapacityLimiter]] = (
    weakref.WeakKeyDictionary()
)


def _limiter(kind: str) -> anyio.CapacityLimiter:
    """The limiter of ``kind`` for the running event loop (limiters belong to the loop that made them)."""
    limiters = _LIMITERS.setdefault(asyncio.get_running_loop(), {})
    if kind not in limiters:
        limiters[kind] = anyio.CapacityLimiter(1 if kind == "ingest" else HEAVY_THREADS)
    return limiters[kind]


async def run_ingest(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    return await anyio.to_thread.run_sync(functools.partial(function, *args, **kwargs), limiter=_limiter("ingest"))


async def run_heavy(function: Callable[..., T], *args: object) -> T:
    return await anyio.to_thread.run_sync(functools.partial(function, *args), limiter=_limiter("heavy"))


async def run_ingest_work(limits: tuple[float, int], function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in the upload worker process, one at a time, within ``limits`` (seconds, bytes)."""
    work = functools.partial(run_limited, "ingest", 1, limits, function, *args)
    return await anyio.to_thread.run_sync(work, limiter=_limiter("ingest"))


async def run_heavy_work(limits: tuple[float, int], function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in a worker process of the checks, plans and life-cycle costs, within ``limits``."""
    work = functools.partial(run_limited, "heavy", HEAVY_THREADS, limits, function, *args)
    return await anyio.to_thread.run_sync(work, limiter=_limiter("heavy"))
