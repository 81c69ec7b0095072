"""What this worker is doing: requests in flight and when the last one ended. Background work (the warm-up of
the figure cache) runs only while the worker is idle, one small step at a time, so that it never makes a
visitor wait: the first page after start is computed at once, not queued behind a warm-up."""

from __future__ import annotations

import contextlib
import os
import threading
import time

QUIET_SECONDS = 0.5  # idle this long before a background step starts
BACKGROUND_NICENESS = 10  # the warming thread's scheduling priority (Linux: per thread)


class Activity:
    def __init__(self) -> None:
        self._busy = 0
        self._last = time.monotonic()
        self._state = threading.Condition()

    def started(self) -> None:
        with self._state:
            self._busy += 1

    def ended(self) -> None:
        with self._state:
            self._busy -= 1
            self._last = time.monotonic()
            self._state.notify_all()

    def wait_idle(self, stop: threading.Event, quiet: float = QUIET_SECONDS) -> bool:
        """Wait until no request has run for ``quiet`` seconds; False when ``stop`` was set meanwhile."""
        with self._state:
            while not stop.is_set():
                idle_for = time.monotonic() - self._last
                if self._busy == 0 and idle_for >= quiet:
                    return True
                self._state.wait(timeout=quiet if self._busy else max(0.01, quiet - idle_for))
        return False


def lower_priority() -> None:
    """Give the calling thread a lower CPU priority (where the system allows one per thread)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
