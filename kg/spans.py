"""How two spans lie: anything with ``start`` and ``end`` (end exclusive) — spaCy Spans, Mentions.

Examples
--------
>>> from kg.model import Mention
>>> a, b = Mention("x", 0, 8, "New York", "GPE"), Mention("x", 4, 8, "York", "GPE")
>>> overlaps(a, b), within(b, a), nested(b, a), nested(a, a)
(True, True, True, False)
>>> overlaps(Mention("x", 0, 3, "Rome", "GPE"), Mention("x", 3, 8, "Paris", "GPE"))
False
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["overlaps", "within", "nested"]


class _Ranged(Protocol):
    start: int
    end: int


def overlaps(a: _Ranged, b: _Ranged) -> bool:
    """Whether ``a`` and ``b`` share a position."""
    return a.start < b.end and b.start < a.end


def within(inner: _Ranged, outer: _Ranged) -> bool:
    """Whether ``inner`` lies inside ``outer`` (or is as long and in the same place)."""
    return outer.start <= inner.start and inner.end <= outer.end


def nested(inner: _Ranged, outer: _Ranged) -> bool:
    """Whether ``inner`` lies inside ``outer`` and is shorter: "York" in "New York"."""
    return within(inner, outer) and outer.end - outer.start > inner.end - inner.start
