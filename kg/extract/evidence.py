"""Evidence records: the sentence (with offsets) a fact was read from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["sentence_evidence", "span_evidence"]


def _trimmed(doc: Doc, start_char: int, end_char: int) -> tuple[int, int]:
    text = doc.text
    while start_char < end_char and text[start_char].isspace():
        start_char += 1
    while end_char > start_char and text[end_char - 1].isspace():
        end_char -= 1
    return start_char, end_char


def span_evidence(doc: Doc, start_char: int, end_char: int, *, article_id: str, extractor: str,
                  confidence: float) -> Evidence:
    """Evidence for the text between two character offsets of ``doc``, whitespace trimmed."""
    start, end = _trimmed(doc, start_char, end_char)
    return Evidence(article_id, doc.text[start:end], start, end, extractor, round(confidence, 3))


def sentence_evidence(sent: Span, *, article_id: str, extractor: str, confidence: float) -> Evidence:
    """Evidence for one sentence of a parsed document."""
    return span_evidence(sent.doc, sent.start_char, sent.end_char, article_id=article_id,
                         extractor=extractor, confidence=confidence)
