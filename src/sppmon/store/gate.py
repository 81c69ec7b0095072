"""One writer and many reader processes on one DuckDB file.

DuckDB lets several processes open a file read-only, or one process open it read-write, never both at once. The
gate turns that into a readers–writer lock across processes, with two lock files beside the database
(``flock``, released by the kernel when a process dies):

* a reader passes the *turnstile* (shared lock, taken and dropped at once) and then holds the *readers* lock
  (shared) for as long as it keeps the file open;
* the writer takes the turnstile exclusively — no new reader gets in — and then the readers lock exclusively,
  which it gets once every reader has closed the file; it opens the file read-write, writes, closes it, and
  releases both;
* readers watch the turnstile (:meth:`FileGate.writer_waiting`): when a writer waits, they finish the queries
  under way, close the file and wait at the turnstile until the writer is done.

Writers wait for each other at the turnstile, so writes from any process take turns.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class FileGate:
    def __init__(self, database: str | Path) -> None:
        path = Path(database).resolve()
        self.turnstile = path.with_name(path.name + ".gate")
        self.readers = path.with_name(path.name + ".readers")

    def _open(self, path: Path) -> int:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def enter_read(self) -> int:
        """Wait for any writer, then hold the readers lock; returns the handle to give to :meth:`leave_read`."""
        turnstile = self._open(self.turnstile)
        try:
            fcntl.flock(turnstile, fcntl.LOCK_SH)
            readers = self._open(self.readers)
            fcntl.flock(readers, fcntl.LOCK_SH)
        finally:
            os.close(turnstile)  # closing drops the turnstile lock
        return readers

    def leave_read(self, handle: int) -> None:
        os.close(handle)

    def writer_waiting(self) -> bool:
        """Whether a writer holds (or waits at) the turnstile."""
        turnstile = self._open(self.turnstile)
        try:
            fcntl.flock(turnstile, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(turnstile)
        return False

    def wait_for_writer(self) -> None:
        """Block until no writer holds the turnstile."""
        turnstile = self._open(self.turnstile)
        try:
            fcntl.flock(turnstile, fcntl.LOCK_SH)
        finally:
            os.close(turnstile)

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """Hold the file alone: no reader of any process has it open while the block runs."""
        turnstile = self._open(self.turnstile)
        try:
            fcntl.flock(turnstile, fcntl.LOCK_EX)
            readers = self._open(self.readers)
            try:
                fcntl.flock(readers, fcntl.LOCK_EX)
                yield
            finally:
                os.close(readers)
        finally:
            os.close(turnstile)
