"""Scorers that measure kg's extractor on public gold data (CoNLL04, PLOVER, GUM).

Each scorer runs the same extraction ``kg build`` runs (:func:`kg.extract.extract` on a parsed
``Doc`` with the gazetteer), maps our types and predicates to the gold scheme, and reports
precision, recall and F1 (:class:`~kg.eval.scoring.PRF`).
"""

from __future__ import annotations
