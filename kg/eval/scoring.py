"""Precision, recall and F1 over sets of predicted and gold items.

Examples
--------
>>> s = PRF.of({("a", 1), ("b", 2)}, {("a", 1), ("c", 3)})
>>> (s.tp, s.fp, s.fn), round(s.f1, 3)
((1, 1, 1), 0.5)
>>> (s + PRF(1, 0, 0)).precision
0.6666666666666666
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PRF"]


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and false negatives, with P/R/F1 derived."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def of(cls, predicted: Iterable[object], gold: Iterable[object]) -> PRF:
        """Score one unit (a sentence, a document): strict set match."""
        p, g = set(predicted), set(gold)
        return cls(len(p & g), len(p - g), len(g - p))

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}
