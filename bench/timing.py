"""Timing helper shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best_of"]


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock runs of ``fn`` (seconds): on a shared machine the
    fastest run is the one least disturbed.

    >>> best_of(lambda: None, 3) >= 0.0
    True
    """
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best
