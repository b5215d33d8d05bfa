"""One article's graph ↔ RDF in the article's own named graph: as text (:func:`rdf_lines`,
:func:`to_nquads`, what the store loads) and as pyoxigraph quads (:func:`to_rdf`, :func:`from_rdf`).

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

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, parse

from kg.config import Settings
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention

__all__ = [
    "to_rdf", "from_rdf", "to_nquads", "rdf_lines", "rdf_text", "article_iri", "NS", "XSD", "SAME_AS_PREFIXES",
    "expand_curie", "compact_iri",
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

_S = "http://schema.org/"


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


def _lit(value: str) -> str:
    """An N-Triples string literal (the four characters it must escape, escaped)."""
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{value}"'


def _integer(value: int) -> str:
    return f'"{value}"^^<{XSD}integer>'


def _object_text(obj: Entity | Literal) -> str:
    if isinstance(obj, Entity):
        return f"<{obj.iri}>"
    if obj.datatype:
        return f"{_lit(obj.value)}^^<{XSD}{obj.datatype}>"
    return _lit(obj.value)


def evidence_iri(fact: Fact, settings: Settings) -> str:
    """IRI of a fact's evidence record: one per (fact, sentence, extractor)."""
    obj = fact.object.iri if isinstance(fact.object, Entity) else fact.object.value
    ev = fact.evidence
    return settings.evidence_ns + _hash(ev.article_id, fact.subject.iri, fact.predicate, obj, ev.start, ev.end,
                                        ev.extractor)


def rdf_lines(ag: ArticleGraph, settings: Settings) -> tuple[str, list[str]]:
    """The IRI of the article's graph and its triples, each as N-Triples text without the final " .".

    The one definition of the layout above: :func:`to_nquads` and :func:`to_rdf` are made from
    it, and the store hands it to Oxigraph's loader as it is (made as text, a quarter of the
    time of making pyoxigraph terms and printing them). Entities are described in each article
    that names them; the union of the graphs is the merged view, so the same entity from two
    articles is one node with evidence from both.
    """
    kg, rdf, prov = settings.ontology_ns, NS["rdf"], NS["prov"]
    typ = f"<{rdf}type>"
    art = ag.article
    a_iri = article_iri(art.id, settings)
    a = f"<{a_iri}>"
    lines = [
        f"{a} {typ} <{_S}NewsArticle>",
        f"{a} <{_S}identifier> {_lit(art.id)}",
        f"{a} <{kg}digest> {_lit(art.digest)}",
        f"{a} <{_S}text> {_lit(art.text)}",
    ]
    for prop, value in (("headline", art.title), ("url", art.url), ("datePublished", art.published)):
        if value:
            lines.append(f"{a} <{_S}{prop}> {_lit(value)}")
    if art.source:
        lines.append(f"{a} <{kg}source> {_lit(art.source)}")
    label, alt, same = f"<{NS['rdfs']}label>", f"<{NS['skos']}altLabel>", f"<{NS['owl']}sameAs>"
    for entity in ag.entities:
        e = f"<{entity.iri}>"
        lines += [f"{e} {typ} <{kg}Entity>", f"{e} {typ} <{_S}{entity.type}>", f"{e} {label} {_lit(entity.name)}"]
        lines += [f"{e} {alt} {_lit(alias)}" for alias in entity.aliases]
        lines += [f"{e} {same} <{expand_curie(curie)}>" for curie in entity.same_as]
        lines += [f"{e} <{kg}{key}> {_lit(value)}" for key, value in entity.attributes]
        lines.append(f"{a} <{_S}mentions> {e}")
    mention_base = a_iri.replace("/article/", "/mention/", 1)
    for mention, iri in ag.mentions:
        m = f"<{mention_base}-{mention.start}-{mention.end}>"
        lines += [
            f"{m} {typ} <{kg}Mention>",
            f"{m} <{kg}inArticle> {a}",
            f"{m} <{kg}entity> <{iri}>",
            f"{m} <{kg}start> {_integer(mention.start)}",
            f"{m} <{kg}end> {_integer(mention.end)}",
            f"{m} <{kg}text> {_lit(mention.text)}",
            f"{m} <{kg}label> {_lit(mention.label)}",
        ]
    published = f" <{kg}published> {_lit(art.published)}" if art.published else ""
    for fact in ag.facts:
        s, p, o = f"<{fact.subject.iri}>", f"<{kg}{fact.predicate}>", _object_text(fact.object)
        ev = fact.evidence
        e = f"<{evidence_iri(fact, settings)}>"
        lines += [
            f"{s} {p} {o}",
            f"{e} {typ} <{kg}Evidence>",
            f"{e} <{rdf}subject> {s}",
            f"{e} <{rdf}predicate> {p}",
            f"{e} <{rdf}object> {o}",
            f"{e} <{prov}wasDerivedFrom> {a}",
            f"{e} <{kg}sentence> {_lit(ev.sentence)}",
            f"{e} <{kg}start> {_integer(ev.start)}",
            f"{e} <{kg}end> {_integer(ev.end)}",
            f"{e} <{kg}extractor> {_lit(ev.extractor)}",
            f'{e} <{kg}confidence> "{ev.confidence:.3f}"^^<{XSD}decimal>',
        ]
        if published:
            lines.append(e + published)
    return a_iri, lines


def rdf_text(triples: list[str], graph: str | None = None) -> str:
    """Triples as :func:`rdf_lines` makes them, as N-Triples text, or as N-Quads in ``graph`` (an IRI).

    >>> rdf_text(['<http://a> <http://b> "c"'], "http://g")
    '<http://a> <http://b> "c" <http://g> .\\n'
    """
    end = " .\n" if graph is None else f" <{graph}> .\n"
    return end.join(triples) + end if triples else ""


def to_nquads(ag: ArticleGraph, settings: Settings) -> str:
    """All quads of one article as N-Quads text, in the article's named graph."""
    g, lines = rdf_lines(ag, settings)
    return rdf_text(lines, g)


def to_rdf(ag: ArticleGraph, settings: Settings) -> list[Quad]:
    """All quads of one article, in the article's named graph (:func:`rdf_lines` parsed)."""
    try:
        return list(parse(to_nquads(ag, settings), RdfFormat.N_QUADS))
    except SyntaxError as exc:  # an IRI no parser takes (a base IRI with a space…)
        raise ValueError(f"article {ag.article.id}: cannot be written as RDF: {exc}") from None


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

