"""What the browsing pages show, read from the store with SPARQL (layout: :mod:`kg.graph.rdf`).

Every read goes through a :class:`Reader`: anything with ``settings`` and
``select(sparql, params)``, such as a :class:`~kg.graph.store.GraphStore` or a remote store
(``kg site``, ``kg render``), or a :class:`StoreReader` over the read-only Oxigraph snapshot a
``kg serve`` worker hands to a page (where ``check`` stops a read past the time limit).
:func:`load_site` reads what every page needs once: the entity graph of :mod:`kg.graph.nx` with
each edge's evidence records and each node's articles and dates, the entities with their counts,
the articles, and every fact grouped by entity and by article. :func:`load_article` reads one
article's text and mentions, which only its own page needs.

Examples
--------
>>> from kg.graph.store import GraphStore
>>> from kg.model import Article, ArticleGraph, Entity, Evidence, Fact
>>> gs = GraphStore(None)
>>> art = Article.from_text("Rutte heads NATO.", title="T", published="2025-01-02")
>>> rutte = Entity(gs.settings.entity_ns + "rutte", "Rutte", "Person")
>>> nato = Entity(gs.settings.entity_ns + "nato", "NATO", "Organization")
>>> ev = Evidence(art.id, "Rutte heads NATO.", 0, 17, "demo", 0.9)
>>> gs.write(ArticleGraph(art, [rutte, nato], [], [Fact(rutte, "heads", nato, ev)]))
>>> site = load_site(gs)
>>> [(e.label, e.facts, e.first_seen) for e in site.entities.values()]
[('NATO', 1, '2025-01-02'), ('Rutte', 1, '2025-01-02')]
>>> site.facts_by_entity[nato.iri][0].predicate
'heads'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import networkx as nx
import pyoxigraph as ox

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.graph.rdf import NS
from kg.graph.store import _python, _term
from kg.render.links import page_slug
from kg.render.pyvis_view import pagerank

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

__all__ = [
    "Reader",
    "StoreReader",
    "EntityInfo",
    "ArticleInfo",
    "EvidenceInfo",
    "FactInfo",
    "MentionInfo",
    "ArticleBody",
    "SiteData",
    "load_site",
    "load_article",
]

# Evidence items and articles per node or edge that travel into a network page's data: the full
# lists are on the entity and article pages, the network only needs enough to read a click.
_EDGE_EVIDENCE = 5
_NODE_ARTICLES = 5


class Reader(Protocol):
    """What the page data is read through: kg's settings and SELECT with bound parameters."""

    settings: Settings

    def select(self, sparql: str, params: Mapping[str, str] | None = None) -> list[dict[str, object]]:
        ...


class StoreReader:
    """SELECT queries on an Oxigraph store with kg's prefixes, rows as dicts of Python values.

    Parameters
    ----------
    store : pyoxigraph.Store
    settings : Settings
        For the ``kg:`` namespace and the entity and article IRI prefixes.
    check : callable, optional
        Called between result rows; raises to stop a read (the server's time limit).

    Examples
    --------
    >>> from kg.graph.store import GraphStore
    >>> r = StoreReader.of(GraphStore(None))
    >>> r.select("SELECT ?x WHERE { BIND(1 AS ?x) }")
    [{'x': 1}]
    >>> r.select("SELECT ?x WHERE { }", {"x": "https://example.org/a"})
    [{'x': 'https://example.org/a'}]
    """

    def __init__(self, store: ox.Store, settings: Settings | None = None, *,
                 check: Callable[[], None] | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self._check = check
        ns = self.settings.ontology_ns
        self._prefixes = {"kg": ns, **{k: v for k, v in NS.items() if k != "gn"}}

    @classmethod
    def of(cls, graph_store: GraphStore) -> StoreReader:
        """A reader over the store inside ``graph_store``."""
        return cls(graph_store.oxigraph, graph_store.settings)

    def select(self, sparql: str, params: Mapping[str, str] | None = None) -> list[dict[str, object]]:
        """Run a SELECT; ``params`` bind projected variables (IRIs when they start with http)."""
        subs = {ox.Variable(k): _term(v) for k, v in (params or {}).items()}
        try:
            result = self.store.query(sparql, prefixes=self._prefixes, substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL in a page query: {exc}") from None
        except OSError as exc:
            raise StoreError(f"store read failed: {exc}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if self._check is not None:
                self._check()
            rows.append({n: _python(solution[n]) for n in names})
        return rows


@dataclass(frozen=True)
class ArticleInfo:
    """An article as lists and links show it (its text is in :class:`ArticleBody`)."""

    iri: str
    id: str
    title: str
    url: str
    published: str
    source: str
    slug: str
    entities: int

    @property
    def display_title(self) -> str:
        return self.title or self.id


@dataclass(frozen=True)
class EntityInfo:
    """An entity with its counts: evidence records, distinct facts, articles that mention it."""

    iri: str
    label: str
    type: str
    qid: str
    aliases: tuple[str, ...]
    evidence: int
    facts: int
    articles: int
    first_seen: str
    last_seen: str
    slug: str


@dataclass(frozen=True)
class EvidenceInfo:
    """One evidence record: the sentence of one article that states a fact."""

    iri: str
    sentence: str
    start: int | None
    end: int | None
    extractor: str
    confidence: float | None
    article: str
    published: str


@dataclass(frozen=True)
class FactInfo:
    """``subject —predicate→ object`` (an entity IRI, or a literal such as a quote) and its evidence."""

    subject: str
    predicate: str
    object: str
    object_is_entity: bool
    evidence: tuple[EvidenceInfo, ...]

    @property
    def confidence(self) -> float | None:
        values = [e.confidence for e in self.evidence if e.confidence is not None]
        return max(values) if values else None


@dataclass(frozen=True)
class MentionInfo:
    """A span of an article's text (character offsets, end exclusive) naming ``entity``."""

    start: int
    end: int
    text: str
    label: str
    entity: str


@dataclass(frozen=True)
class ArticleBody:
    """An article's text and its entity mentions, sorted by position."""

    info: ArticleInfo
    text: str
    mentions: tuple[MentionInfo, ...]


@dataclass(frozen=True)
class SiteData:
    """Everything the index, overview and entity pages show; see :func:`load_site`."""

    graph: nx.MultiDiGraph
    entities: Mapping[str, EntityInfo]
    articles: Mapping[str, ArticleInfo]
    facts_by_entity: Mapping[str, tuple[FactInfo, ...]]
    facts_by_article: Mapping[str, tuple[FactInfo, ...]]
    articles_by_entity: Mapping[str, tuple[str, ...]]
    entity_by_slug: Mapping[str, str]
    article_by_slug: Mapping[str, str]
    pagerank: Mapping[str, float]
    settings: Settings


def _articles(reader: Reader) -> dict[str, ArticleInfo]:
    counts = {r["a"]: r["n"] for r in reader.select("""
        SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE { ?a a schema:NewsArticle ; schema:mentions ?e }
        GROUP BY ?a""")}
    out: dict[str, ArticleInfo] = {}
    for r in reader.select("""
        SELECT ?a (SAMPLE(?i) AS ?id) (SAMPLE(?h) AS ?title) (SAMPLE(?u) AS ?url)
               (SAMPLE(?d) AS ?published) (SAMPLE(?s) AS ?source) WHERE {
          ?a a schema:NewsArticle .
          OPTIONAL { ?a schema:identifier ?i } OPTIONAL { ?a schema:headline ?h }
          OPTIONAL { ?a schema:url ?u } OPTIONAL { ?a schema:datePublished ?d }
          OPTIONAL { ?a kg:source ?s }
        } GROUP BY ?a"""):
        iri = str(r["a"])
        out[iri] = ArticleInfo(
            iri=iri, id=_s(r["id"]), title=_s(r["title"]), url=_s(r["url"]),
            published=_s(r["published"]), source=_s(r["source"]),
            slug=page_slug(iri, reader.settings.article_ns), entities=int(counts.get(iri, 0)),
        )
    return out


def _s(value: object) -> str:
    return "" if value is None else str(value)


def _evidence(reader: Reader) -> dict[tuple[str, str, str, bool], list[EvidenceInfo]]:
    ns = reader.settings.ontology_ns
    facts: dict[tuple[str, str, str, bool], list[EvidenceInfo]] = defaultdict(list)
    seen: set[str] = set()
    for r in reader.select("""
        SELECT ?ev ?s ?p ?o ?isIri ?sentence ?start ?end ?x ?c ?a ?pub WHERE {
          ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          BIND(isIRI(?o) AS ?isIri)
          OPTIONAL { ?ev prov:wasDerivedFrom ?a } OPTIONAL { ?ev kg:sentence ?sentence }
          OPTIONAL { ?ev kg:start ?start } OPTIONAL { ?ev kg:end ?end }
          OPTIONAL { ?ev kg:extractor ?x } OPTIONAL { ?ev kg:confidence ?c }
          OPTIONAL { ?ev kg:published ?pub }
        }"""):
        ev = str(r["ev"])
        if ev in seen:  # a record with two values of one property: keep the first row
            continue
        seen.add(ev)
        predicate = str(r["p"])
        predicate = predicate[len(ns):] if predicate.startswith(ns) else predicate
        key = (str(r["s"]), predicate, str(r["o"]), r["isIri"] is True)
        facts[key].append(EvidenceInfo(
            iri=ev, sentence=_s(r["sentence"]), start=_int(r["start"]), end=_int(r["end"]),
            extractor=_s(r["x"]), confidence=_float(r["c"]), article=_s(r["a"]),
            published=_s(r["pub"]),
        ))
    return facts


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _evidence_order(ev: EvidenceInfo) -> tuple:
    # Newest first, then the most confident, then a stable tie-break.
    return (*_newest_first(ev.published), -(ev.confidence or 0.0), ev.article, ev.start or 0, ev.iri)


def _newest_first(date: str) -> tuple[bool, tuple[int, ...]]:
    # ISO dates sort as text; undated last.
    return (not date, tuple(-ord(c) for c in date))


def load_site(reader: Reader) -> SiteData:
    """Read what the index, overview and entity pages show, in a handful of queries.

    Returns
    -------
    SiteData
        ``graph`` is :func:`kg.graph.nx.to_networkx` of the store with, on each edge,
        ``evidence`` (dicts: ``sentence``, ``article``, ``title``, ``published``,
        ``confidence``, ``extractor``; newest first, at most 5) and ``evidence_total``, and on
        each node ``articles`` (dicts: ``article``, ``title``, ``published``; at most 5),
        ``articles_total``, ``first_seen``/``last_seen`` (dates of the articles naming it) and
        ``slug``. ``entities`` and ``articles`` are sorted (most evidence first; newest first),
        ``facts_by_entity`` and ``facts_by_article`` hold every fact, ``said`` quotes included,
        ``articles_by_entity`` every article naming an entity (newest first);
        ``pagerank`` is the weighted PageRank of every entity (the overview's order).
    """
    from kg.graph.nx import to_networkx

    settings = reader.settings
    G = to_networkx(reader)
    articles = _articles(reader)
    facts_raw = _evidence(reader)

    by_entity: dict[str, list[FactInfo]] = defaultdict(list)
    by_article: dict[str, list[FactInfo]] = defaultdict(list)
    for (s, p, o, is_iri), evidence in facts_raw.items():
        evidence.sort(key=_evidence_order)
        fact = FactInfo(s, p, o, is_iri and o in G, tuple(evidence))
        by_entity[s].append(fact)
        if fact.object_is_entity and o != s:
            by_entity[o].append(fact)
        per_article: dict[str, list[EvidenceInfo]] = defaultdict(list)
        for ev in evidence:
            per_article[ev.article].append(ev)
        for article, evs in per_article.items():
            by_article[article].append(FactInfo(s, p, o, fact.object_is_entity, tuple(evs)))
        if fact.object_is_entity and G.has_edge(s, o, p):
            data = G.edges[s, o, p]
            data["evidence"] = [_evidence_dict(ev, articles) for ev in evidence[:_EDGE_EVIDENCE]]
            data["evidence_total"] = len(evidence)

    mentioned: dict[str, list[str]] = defaultdict(list)
    for r in reader.select("SELECT DISTINCT ?e ?a WHERE { ?a a schema:NewsArticle ; schema:mentions ?e }"):
        mentioned[str(r["e"])].append(str(r["a"]))

    entities: dict[str, EntityInfo] = {}
    articles_by_entity: dict[str, tuple[str, ...]] = {}
    for iri, data in G.nodes(data=True):
        arts = sorted((articles[a] for a in mentioned.get(iri, ()) if a in articles),
                      key=lambda a: (*_newest_first(a.published), a.display_title, a.iri))
        articles_by_entity[iri] = tuple(a.iri for a in arts)
        dates = sorted(a.published[:10] for a in arts if a.published)
        slug = page_slug(iri, settings.entity_ns)
        data.update(
            slug=slug,
            articles=[{"article": a.iri, "title": a.display_title, "published": a.published}
                      for a in arts[:_NODE_ARTICLES]],
            articles_total=len(arts),
            first_seen=dates[0] if dates else "",
            last_seen=dates[-1] if dates else "",
        )
        facts = by_entity.get(iri, [])
        entities[iri] = EntityInfo(
            iri=iri, label=str(data.get("label") or iri), type=str(data.get("type") or "Thing"),
            qid=str(data.get("qid") or ""),
            aliases=tuple(a for a in str(data.get("aliases") or "").split("|") if a),
            evidence=int(data.get("evidence") or 0), facts=len(facts), articles=len(arts),
            first_seen=data["first_seen"], last_seen=data["last_seen"], slug=slug,
        )

    def fact_order(f: FactInfo) -> tuple:
        other = f.object if f.object_is_entity else ""
        return (-len(f.evidence), f.predicate, _label(entities, f.subject), _label(entities, other),
                f.object)

    ordered_entities = sorted(entities.values(), key=lambda e: (-e.evidence, e.label.casefold(), e.iri))
    ordered_articles = sorted(articles.values(),
                              key=lambda a: (*_newest_first(a.published), a.display_title.casefold(),
                                             a.iri))
    return SiteData(
        graph=G,
        entities={e.iri: e for e in ordered_entities},
        articles={a.iri: a for a in ordered_articles},
        facts_by_entity={k: tuple(sorted(v, key=fact_order)) for k, v in by_entity.items()},
        facts_by_article={k: tuple(sorted(v, key=lambda f: (min(e.start or 0 for e in f.evidence),
                                                            fact_order(f))))
                          for k, v in by_article.items()},
        articles_by_entity=articles_by_entity,
        entity_by_slug={e.slug: e.iri for e in ordered_entities},
        article_by_slug={a.slug: a.iri for a in ordered_articles},
        pagerank=pagerank(G),
        settings=settings,
    )


def _label(entities: Mapping[str, EntityInfo], iri: str) -> str:
    e = entities.get(iri)
    return e.label.casefold() if e else iri


def _evidence_dict(ev: EvidenceInfo, articles: Mapping[str, ArticleInfo]) -> dict[str, object]:
    art = articles.get(ev.article)
    return {
        "sentence": ev.sentence,
        "article": ev.article,
        "title": art.display_title if art else ev.article,
        "published": ev.published or (art.published if art else ""),
        "confidence": ev.confidence,
        "extractor": ev.extractor,
    }


def load_article(reader: Reader, info: ArticleInfo) -> ArticleBody:
    """The text and mentions of one article (mentions sorted by start, then longest first)."""
    rows = reader.select("SELECT ?a ?text WHERE { ?a schema:text ?text } LIMIT 1", {"a": info.iri})
    text = _s(rows[0]["text"]) if rows else ""
    mentions = []
    for r in reader.select("""
        SELECT ?a ?e ?start ?end ?text ?label WHERE {
          ?m a kg:Mention ; kg:inArticle ?a ; kg:entity ?e ; kg:start ?start ; kg:end ?end .
          OPTIONAL { ?m kg:text ?text } OPTIONAL { ?m kg:label ?label }
        }""", {"a": info.iri}):
        start, end = _int(r["start"]), _int(r["end"])
        if start is None or end is None:
            continue
        mentions.append(MentionInfo(start, end, _s(r["text"]), _s(r["label"]), str(r["e"])))
    mentions.sort(key=lambda m: (m.start, -m.end, m.entity))
    return ArticleBody(info, text, tuple(mentions))
