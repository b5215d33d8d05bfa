"""Plain frozen dataclasses for the data that flows through the pipeline.

Articles go in, :class:`Entity` and :class:`Fact` records (each fact with its :class:`Evidence`)
come out of the extractors, and :mod:`kg.graph.rdf` turns them into RDF and back.

Examples
--------
>>> a = Article.from_text("NATO met in Brussels.", title="Demo")
>>> a.id.startswith("sha1:")
True
>>> nato = Entity(iri="https://kg.example.org/entity/nato", name="NATO", type="Organization")
>>> ev = Evidence(article_id=a.id, sentence="NATO met in Brussels.", start=0, end=21,
...               extractor="demo", confidence=0.5)
>>> Fact(nato, "said", Literal("hello"), ev).object.value
'hello'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = ["Article", "Mention", "Entity", "Literal", "Evidence", "Fact", "ArticleGraph", "content_hash"]


def content_hash(text: str) -> str:
    """Return the hex SHA-1 of ``text`` (UTF-8), used for stable ids.

    >>> content_hash("abc")[:8]
    'a9993e36'
    """
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One news article. ``id`` is stable: the URL where known, else ``sha1:`` of the text."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    published: str = ""  # ISO 8601 date or date-time, "" when unknown

    @classmethod
    def from_text(cls, text: str, **fields: str) -> Article:
        """Build an article whose id is the URL if given, else the content hash of ``text``."""
        ident = fields.pop("id", "") or fields.get("url", "") or f"sha1:{content_hash(text)}"
        return cls(id=ident, text=text, **fields)

    @property
    def digest(self) -> str:
        """Hash of everything stored about the article; a changed article has a new digest."""
        return content_hash("\x1f".join([self.text, self.title, self.url, self.source, self.published]))


@dataclass(frozen=True, order=True)
class Mention:
    """A span of an article that names an entity (character offsets, end exclusive)."""

    article_id: str
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class Entity:
    """A canonical node: one per real-world entity, whatever article names it.

    ``type`` is a schema.org class local name (Person, Organization, Country, City, Place …);
    ``same_as`` holds external ids as CURIEs (``wd:Q7184``, ``gn:2643743``).
    """

    iri: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # e.g. (("nationality", "Italian"),)


@dataclass(frozen=True)
class Literal:
    """A literal fact object: a quote, a date, a number. ``datatype`` is an XSD local name or ""."""

    value: str
    datatype: str = ""


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and its character offsets in the article."""

    article_id: str
    sentence: str
    start: int
    end: int
    extractor: str
    confidence: float


@dataclass(frozen=True)
class Fact:
    """``subject —predicate→ object`` with the evidence for it; predicate is an ontology local name."""

    subject: Entity
    predicate: str
    object: Entity | Literal
    evidence: Evidence


@dataclass
class ArticleGraph:
    """Everything extracted from one article: its entities, their mentions and its facts."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    mentions: list[tuple[Mention, str]] = field(default_factory=list)  # (mention, entity iri)
    facts: list[Fact] = field(default_factory=list)
