"""One article's graph ↔ RDF quads (pyoxigraph terms), in the article's own named graph.

Layout (``kg:`` is ``{base}ontology#``; every IRI is minted from content, no blank nodes, so
the same corpus always gives the same quads)::

    <article> a schema:NewsArticle ; schema:identifier "id" ; schema:headline "…" ;
              schema:url "…" ; schema:datePublished "…" ; kg:source "…" ; schema:text "…" ;
              kg:digest "sha1" ; schema:mentions <entity> .
    <entity>  a kg:Entity, schema:Person ; rdfs:label "…" ; skos:altLabel "…" ; owl:sameAs wd:Q… .
    <entity>  kg:heads <other> .                     # the fact itself
    <evidence> a kg:Evidence ; rdf:subject <entity> ; rdf:predicate kg:heads ; rdf:object <other> ;
              prov:wasDerivedFrom <article> ; kg:sentence "…" ; kg:start 10 ; kg:end 80 ;
              kg:extractor "relations.role:head" ; kg:confidence 0.9 ; kg:published "2025-…" .
    <mention> a kg:Mention ; kg:inArticle <article> ; kg:entity <entity> ; kg:start 3 ; kg:end 7 ;
              kg:text "NATO" .

Examples
--------
>>> from kg.config import Settings
>>> from kg.model import Article, ArticleGraph, Entity, Evidence, Fact
>>> s = Settings()
>>> art = Article.from_text("NATO met.", title="Demo")
>>> nato = Entity(s.entity_ns + "nato", "NATO", "Organization", same_as=("wd:Q7184",))
>>> ag = ArticleGraph(art, [nato], [], [])
>>> back = from_rdf(to_rdf(ag, s), s)
>>> back.article == art and back.entities == [nato]
True
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import BlankNode, DefaultGraph, Literal as OxLiteral, NamedNode, Quad

from kg.config import Settings
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention

__all__ = [
    "to_rdf", "from_rdf", "article_iri", "NS", "XSD", "SAME_AS_PREFIXES", "expand_curie", "compact_iri",
]

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "wd": "http://www.wikidata.org/entity/",
    "gn": "https://sws.geonames.org/",
}
XSD = NS["xsd"]
SAME_AS_PREFIXES = {"wd": NS["wd"], "gn": NS["gn"]}

_RDF_TYPE = NamedNode(NS["rdf"] + "type")
_LABEL = NamedNode(NS["rdfs"] + "label")
_ALT = NamedNode(NS["skos"] + "altLabel")
_SAME = NamedNode(NS["owl"] + "sameAs")
_S = "http://schema.org/"


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]


def article_iri(article_id: str, settings: Settings) -> str:
    """IRI of an article (and of its named graph), stable for a given article id."""
    return settings.article_ns + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:20]


def expand_curie(curie: str) -> str:
    """``wd:Q7184`` → ``http://www.wikidata.org/entity/Q7184``; GeoNames ids get their trailing slash.

    >>> expand_curie("gn:703448")
    'https://sws.geonames.org/703448/'
    """
    prefix, _, local = curie.partition(":")
    base = SAME_AS_PREFIXES.get(prefix)
    if base is None:
        return curie
    return f"{base}{local}/" if prefix == "gn" else base + local


def compact_iri(iri: str) -> str:
    """Inverse of :func:`expand_curie`.

    >>> compact_iri("http://www.wikidata.org/entity/Q30")
    'wd:Q30'
    """
    for prefix, base in SAME_AS_PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base):].rstrip('/')}"
    return iri


def _str(value: str) -> OxLiteral:
    return OxLiteral(value)


def _int(value: int) -> OxLiteral:
    return OxLiteral(str(value), datatype=_n(XSD + "integer"))


def _object_term(obj: Entity | Literal) -> NamedNode | OxLiteral:
    if isinstance(obj, Entity):
        return _n(obj.iri)
    if obj.datatype:
        return OxLiteral(obj.value, datatype=_n(XSD + obj.datatype))
    return OxLiteral(obj.value)


def evidence_iri(fact: Fact, settings: Settings) -> str:
    """IRI of a fact's evidence record: one per (fact, sentence, extractor)."""
    obj = fact.object.iri if isinstance(fact.object, Entity) else fact.object.value
    ev = fact.evidence
    return settings.evidence_ns + _hash(ev.article_id, fact.subject.iri, fact.predicate, obj, ev.start, ev.end,
                                        ev.extractor)


def _entity_quads(entity: Entity, g: NamedNode, settings: Settings) -> Iterable[Quad]:
    e = _n(entity.iri)
    yield Quad(e, _RDF_TYPE, _n(settings.ontology_ns + "Entity"), g)
    yield Quad(e, _RDF_TYPE, _n(_S + entity.type), g)
    yield Quad(e, _LABEL, _str(entity.name), g)
    for alias in entity.aliases:
        yield Quad(e, _ALT, _str(alias), g)
    for curie in entity.same_as:
        yield Quad(e, _SAME, _n(expand_curie(curie)), g)
    for key, value in entity.attributes:
        yield Quad(e, _n(settings.ontology_ns + key), _str(value), g)


def to_rdf(ag: ArticleGraph, settings: Settings) -> list[Quad]:
    """All quads of one article, in the article's named graph.

    Entities are described in each article that names them; the union of the graphs is the
    merged view, so the same entity from two articles is one node with evidence from both.
    """
    kg = settings.ontology_ns
    art = ag.article
    a = _n(article_iri(art.id, settings))
    g = a
    quads = [
        Quad(a, _RDF_TYPE, _n(_S + "NewsArticle"), g),
        Quad(a, _n(_S + "identifier"), _str(art.id), g),
        Quad(a, _n(kg + "digest"), _str(art.digest), g),
        Quad(a, _n(_S + "text"), _str(art.text), g),
    ]
    for prop, value in (("headline", art.title), ("url", art.url), ("datePublished", art.published)):
        if value:
            quads.append(Quad(a, _n(_S + prop), _str(value), g))
    if art.source:
        quads.append(Quad(a, _n(kg + "source"), _str(art.source), g))
    for entity in ag.entities:
        quads.extend(_entity_quads(entity, g, settings))
        quads.append(Quad(a, _n(_S + "mentions"), _n(entity.iri), g))
    mention_base = a.value.replace("/article/", "/mention/", 1)
    for mention, iri in ag.mentions:
        m = _n(f"{mention_base}-{mention.start}-{mention.end}")
        quads += [
            Quad(m, _RDF_TYPE, _n(kg + "Mention"), g),
            Quad(m, _n(kg + "inArticle"), a, g),
            Quad(m, _n(kg + "entity"), _n(iri), g),
            Quad(m, _n(kg + "start"), _int(mention.start), g),
            Quad(m, _n(kg + "end"), _int(mention.end), g),
            Quad(m, _n(kg + "text"), _str(mention.text), g),
            Quad(m, _n(kg + "label"), _str(mention.label), g),
        ]
    rdf = NS["rdf"]
    for fact in ag.facts:
        s, p, o = _n(fact.subject.iri), _n(kg + fact.predicate), _object_term(fact.object)
        quads.append(Quad(s, p, o, g))
        ev = fact.evidence
        e = _n(evidence_iri(fact, settings))
        quads += [
            Quad(e, _RDF_TYPE, _n(kg + "Evidence"), g),
            Quad(e, _n(rdf + "subject"), s, g),
            Quad(e, _n(rdf + "predicate"), p, g),
            Quad(e, _n(rdf + "object"), o, g),
            Quad(e, _n(NS["prov"] + "wasDerivedFrom"), a, g),
            Quad(e, _n(kg + "sentence"), _str(ev.sentence), g),
            Quad(e, _n(kg + "start"), _int(ev.start), g),
            Quad(e, _n(kg + "end"), _int(ev.end), g),
            Quad(e, _n(kg + "extractor"), _str(ev.extractor), g),
            Quad(e, _n(kg + "confidence"), OxLiteral(f"{ev.confidence:.3f}", datatype=_n(XSD + "decimal")), g),
        ]
        if art.published:
            quads.append(Quad(e, _n(kg + "published"), _str(art.published), g))
    return quads


def from_rdf(quads: Iterable[Quad], settings: Settings) -> ArticleGraph:
    """Rebuild one article's graph from its quads (the inverse of :func:`to_rdf`)."""
    kg = settings.ontology_ns
    by_subject: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        if isinstance(q.subject, BlankNode) or isinstance(q.graph_name, DefaultGraph):
            continue
        by_subject[q.subject.value][q.predicate.value].append(q.object)

    def one(props: dict, key: str, default: str = "") -> str:
        values = props.get(key)
        return values[0].value if values else default

    article = None
    entities: dict[str, Entity] = {}
    mentions: list[tuple[Mention, str]] = []
    evidence: list[dict] = []
    for subject, props in by_subject.items():
        types = {t.value for t in props.get(NS["rdf"] + "type", [])}
        if _S + "NewsArticle" in types:
            article = Article(
                id=one(props, _S + "identifier"), text=one(props, _S + "text"), title=one(props, _S + "headline"),
                url=one(props, _S + "url"), source=one(props, kg + "source"),
                published=one(props, _S + "datePublished"),
            )
        elif kg + "Entity" in types:
            type_ = next(t[len(_S):] for t in sorted(types) if t.startswith(_S))
            attrs = tuple(sorted(
                (p[len(kg):], v.value) for p, vs in props.items() if p.startswith(kg) and p[len(kg):] == "nationality"
                for v in vs
            ))
            entities[subject] = Entity(
                iri=subject, name=one(props, NS["rdfs"] + "label"), type=type_,
                aliases=tuple(sorted(v.value for v in props.get(NS["skos"] + "altLabel", []))),
                same_as=tuple(sorted(compact_iri(v.value) for v in props.get(NS["owl"] + "sameAs", []))),
                attributes=attrs,
            )
        elif kg + "Mention" in types:
            mentions.append((subject, props))
        elif kg + "Evidence" in types:
            evidence.append(props)
    if article is None:
        raise ValueError("no schema:NewsArticle among the quads")
    mention_list = sorted(
        (
            Mention(article.id, int(one(p, kg + "start")), int(one(p, kg + "end")), one(p, kg + "text"),
                    one(p, kg + "label")),
            one(p, kg + "entity"),
        )
        for _, p in mentions
    )
    facts: list[Fact] = []
    for props in evidence:
        s = one(props, NS["rdf"] + "subject")
        p = one(props, NS["rdf"] + "predicate")[len(kg):]
        o_term = props[NS["rdf"] + "object"][0]
        obj: Entity | Literal
        if isinstance(o_term, NamedNode):
            obj = entities[o_term.value]
        else:
            dt = o_term.datatype.value if o_term.datatype else ""
            obj = Literal(o_term.value, dt[len(XSD):] if dt.startswith(XSD) and not dt.endswith("#string") else "")
        ev = Evidence(article.id, one(props, kg + "sentence"), int(one(props, kg + "start")),
                      int(one(props, kg + "end")), one(props, kg + "extractor"),
                      float(one(props, kg + "confidence")))
        facts.append(Fact(entities[s], p, obj, ev))
    return ArticleGraph(article, list(entities.values()), mention_list, facts)

