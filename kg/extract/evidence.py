"""Evidence records: the sentence (with offsets) a fact was read from.

Only the span's own text is built (spaCy's ``Doc.text`` joins every token anew on each call).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.doccache import sentence_text
from kg.model import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["sentence_evidence", "span_evidence"]


def _evidence(text: str, offset: int, *, article_id: str, extractor: str, confidence: float) -> Evidence:
    """Evidence for ``text`` found at character ``offset`` of the article, whitespace trimmed."""
    stripped = text.lstrip()
    start = offset + len(text) - len(stripped)
    stripped = stripped.rstrip()
    return Evidence(article_id, stripped, start, start + len(stripped), extractor, round(confidence, 3))


def span_evidence(doc: Doc, start_char: int, end_char: int, *, article_id: str, extractor: str,
                  confidence: float) -> Evidence:
    """Evidence for the text between two character offsets of ``doc`` (token boundaries)."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:  # offsets in whitespace only
        return _evidence("", start_char, article_id=article_id, extractor=extractor, confidence=confidence)
    return _evidence(span.text, span.start_char, article_id=article_id, extractor=extractor,
                     confidence=confidence)


def sentence_evidence(sent: Span, *, article_id: str, extractor: str, confidence: float) -> Evidence:
    """Evidence for one sentence of a parsed document."""
    text, offset = sentence_text(sent)  # every fact of a sentence asks for it
    return _evidence(text, offset, article_id=article_id, extractor=extractor, confidence=confidence)
