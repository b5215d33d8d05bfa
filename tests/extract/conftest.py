"""Hand-built spaCy Docs, so extractor tests need no model."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.config import Settings
from kg.link.gazetteer import Gazetteer
from kg.model import Article

_VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_, is_punct …)


def make_doc(rows: list[tuple], *, ents: list[str] | None = None) -> Doc:
    """Build a parsed Doc from rows ``(word, head index, dep, pos, lemma[, space])``."""
    words = [r[0] for r in rows]
    spaces = [r[5] if len(r) > 5 else True for r in rows]
    return Doc(
        _VOCAB, words=words, spaces=spaces, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
        pos=[r[3] for r in rows], lemmas=[r[4] for r in rows], ents=ents or ["O"] * len(rows),
    )


def name_rows(words: list[str], spaces: list[bool] | None = None) -> list[tuple]:
    """Rows for :func:`make_doc` of unparsed words: capitalised ones are proper nouns."""
    spaces = spaces or [True] * len(words)
    return [(w, 0, "dep", "PROPN" if w[:1].isupper() else "X", w, space) for w, space in zip(words, spaces)]


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def article_for(doc: Doc) -> Article:
    return Article.from_text(doc.text, title="test")


def extract_text(text: str, settings: Settings, gazetteer=None):
    """The graph ``kg build`` makes of ``text`` with the real model (tests marked ``model``)."""
    from kg.extract import extract
    from kg.nlp import load_pipeline

    return extract(load_pipeline(settings.model)(text), Article.from_text(text, id="t"), settings=settings,
                   gazetteer=gazetteer)


def triples(graph) -> set[tuple[str, str, str]]:
    """``(subject, predicate, object)`` names of a graph's facts (a quote's text as object)."""
    return {(f.subject.name, f.predicate, getattr(f.object, "name", "")) for f in graph.facts}


def types(graph) -> dict[str, str]:
    """Entity name → type."""
    return {e.name: e.type for e in graph.entities}
