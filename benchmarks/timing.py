"""Timing shared by the benchmarks: the best of repeated runs, the figure least disturbed by a busy machine."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, function: Callable[[], object]) -> float:
    """Seconds of the fastest of ``runs`` calls of ``function``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)
