"""Heavy work in worker processes, each request under a time and a memory limit.

Parsing an upload, a plan or a notice to check is pure Python on one core: in a thread of the server it holds the
interpreter lock for long stretches and every other request (``/health`` included) waits behind it. So that work
runs in separate processes, kept in small pools of single-process executors ("slots"): a request takes a free
slot, sends the work and waits at most its time limit. A slot whose work runs out of time is ended (its process
killed) and replaced by a new one, without touching the work of other slots. A worker process starts with a
ceiling on its address space (its size once started plus the configured allowance): a computation that needs
more gets a ``MemoryError`` inside the worker instead of growing the server.

Processes are started with ``forkserver`` where the platform has it (``spawn`` elsewhere), never by forking the
server itself, whose threads and open store must not be copied. Pools are created on first use.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import resource
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from .errors import WebError

T = TypeVar("T")

WORKER_NICENESS = 10  # scheduling priority of the worker processes (the server's own stays as it was started)
PRELOADED = ("sppmon.web.upload_work", "sppmon.web.pages.check", "sppmon.web.pages.lcc", "sppmon.web.api.tools")


def _address_space() -> int:
    """This process's current virtual size in bytes (0 where /proc does not tell it)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _start_worker(allowance: int) -> None:
    """Initializer of a worker process: a lower CPU priority, import what the work needs, then cap the address
    space."""
    import importlib

    with contextlib.suppress(AttributeError, OSError):
        # parsing gives way to answering: on a busy machine the server's requests get the cores first
        os.setpriority(os.PRIO_PROCESS, 0, max(WORKER_NICENESS, os.getpriority(os.PRIO_PROCESS, 0)))
    for name in PRELOADED:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    base = _address_space()
    if allowance > 0 and base > 0:
        limit = base + allowance
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _ready() -> int:
    return os.getpid()


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def start_fork_server() -> None:
    """Start the fork server now, before requests are answered: starting it forks this (large) process once,
    which holds the interpreter for a few hundred milliseconds; worker processes are then forked from it."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        forkserver.ensure_running()


class WorkTimeout(Exception):
    """The work ran longer than its time limit; its process has been ended."""


class _Slot:
    """One worker process (a single-process executor), replaced whenever its work fails or runs too long."""

    def __init__(self, allowance: int) -> None:
        self.allowance = allowance
        self.executor: ProcessPoolExecutor | None = None

    def _started(self) -> ProcessPoolExecutor:
        if self.executor is None:
            context, allowance = _context(), (self.allowance,)
            executor = ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker, initargs=allowance)
            executor.submit(_ready).result()  # start-up is not counted against a request's time limit
            self.executor = executor
        return self.executor

    def end(self) -> None:
        """Kill the worker process (work under way included) so that the next request starts a new one."""
        executor, self.executor = self.executor, None
        if executor is None:
            return
        for process in list(getattr(executor, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                process.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    def run(self, function: Callable[..., T], args: tuple[object, ...], seconds: float) -> T:
        future = self._started().submit(function, *args)
        try:
            return future.result(timeout=seconds)
        except FutureTimeout:
            self.end()
            raise WorkTimeout from None
        except (MemoryError, BrokenProcessPool):
            self.end()  # a worker that ran out of memory (or died of it) is not trusted with more work
            raise


class WorkerPool:
    """``size`` slots; callers (threads) wait for a free one."""

    def __init__(self, size: int, allowance: int) -> None:
        self._free: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._slots = [_Slot(allowance) for _ in range(size)]
        for slot in self._slots:
            self._free.put(slot)

    def run(self, function: Callable[..., T], args: tuple[object, ...], seconds: float) -> T:
        slot = self._free.get()
        try:
            return slot.run(function, args, seconds)
        finally:
            self._free.put(slot)

    def close(self) -> None:
        for slot in self._slots:
            slot.end()


_POOLS: dict[tuple[str, int, int], WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def pool(kind: str, size: int, allowance: int) -> WorkerPool:
    """The process-wide pool of ``kind`` for this memory allowance, created on first use."""
    with _POOLS_LOCK:
        key = (kind, size, allowance)
        if key not in _POOLS:
            _POOLS[key] = WorkerPool(size, allowance)
        return _POOLS[key]


def close_pools() -> None:
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for each in pools:
        each.close()


def run_limited(kind: str, size: int, limits: tuple[float, int], function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in a worker process of pool ``kind``, within ``limits`` (seconds, bytes of memory
    beyond the worker's own); an error answer with a stable code when it runs out of either."""
    seconds, allowance = limits
    try:
        return pool(kind, size, allowance).run(function, args, seconds)
    except WorkTimeout:
        raise WebError(504, "errorcode.WEB_WORK_TIMEOUT", code="WEB_WORK_TIMEOUT") from None
    except MemoryError:
        raise WebError(503, "errorcode.WEB_WORK_TOO_LARGE", code="WEB_WORK_TOO_LARGE") from None
    except BrokenProcessPool:
        raise WebError(503, "errorcode.WEB_WORK_FAILED", code="WEB_WORK_FAILED") from None
