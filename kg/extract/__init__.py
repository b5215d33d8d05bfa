"""Extractors: from a parsed spaCy ``Doc`` to the entities and facts of one article.

Each extractor is a small generator ``def name(doc, *, article, index) -> Iterator[Fact]``;
:func:`extract` runs them all and returns an :class:`~kg.model.ArticleGraph`. Between the entity
extractor and the others, the entity typer (:func:`kg.extract.classifier.retype`) corrects the
type of unlinked entities, then names of media (:func:`kg.extract.entities.name_mastheads`) and
descriptions ("the newspaper La Prensa": :func:`kg.extract.entities.described_types`) have the last
word; the relation classifier runs inside :func:`relations`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.classifier import load_typer, retype
from kg.extract.entities import described_types, entities, name_mastheads
from kg.extract.events import events
from kg.extract.quotes import quotes
from kg.extract.relations import relations
from kg.model import ArticleGraph, Fact

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.config import Settings
    from kg.link.gazetteer import Gazetteer
    from kg.model import Article

__all__ = ["extract", "EXTRACTORS"]

EXTRACTORS = (relations, quotes, events)


def extract(doc: Doc, article: Article, *, settings: Settings, gazetteer: Gazetteer | None) -> ArticleGraph:
    """Run every extractor on ``doc`` and collect one article's graph.

    A fact found twice in the same sentence (by two patterns) is kept once, with the evidence
    of the more confident pattern; facts below ``settings.min_confidence`` are dropped.
    """
    index = entities(doc, article_id=article.id, gazetteer=gazetteer, settings=settings, published=article.published)
    retype(doc, index, load_typer())
    name_mastheads(index)
    described_types(index)
    best: dict[tuple, Fact] = {}
    for extractor in EXTRACTORS:
        for fact in extractor(doc, article=article, index=index):
            if fact.evidence.confidence < settings.min_confidence:
                continue
            obj = fact.object.iri if hasattr(fact.object, "iri") else fact.object
            key = (fact.subject.iri, fact.predicate, obj, fact.evidence.start)
            if key not in best or best[key].evidence.confidence < fact.evidence.confidence:
                best[key] = fact
    # Entities may have gained aliases and attributes after a fact captured them: use the final ones.
    final = index.entities
    facts = [
        Fact(
            final.get(f.subject.iri, f.subject),
            f.predicate,
            final.get(f.object.iri, f.object) if hasattr(f.object, "iri") else f.object,
            f.evidence,
        )
        for f in best.values()
    ]
    return ArticleGraph(article=article, entities=list(final.values()), mentions=index.mentions, facts=facts)
