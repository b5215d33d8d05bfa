"""Article graphs ↔ RDF quads: round trips and the shape of the data."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.graph.rdf import article_iri, from_rdf, to_rdf
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention

S = Settings()


def _graph(text="Giuseppe Cavo Dragone heads the NATO Military Committee. “We act,” he said.") -> ArticleGraph:
    art = Article.from_text(text, title="T", url="https://news.example/a", published="2025-03-01", source="X")
    dragone = Entity(S.entity_ns + "giuseppe-cavo-dragone", "Giuseppe Cavo Dragone", "Person",
                     aliases=("Dragone",), attributes=(("nationality", "Italian"),))
    mc = Entity(S.entity_ns + "nato-military-committee", "NATO Military Committee", "Organization",
                same_as=("wd:Q1969553",))
    ev = Evidence(art.id, text[:56], 0, 56, "relations.role:head", 0.9)
    ev2 = Evidence(art.id, text[57:], 57, len(text), "quotes", 0.75)
    facts = [Fact(dragone, "heads", mc, ev), Fact(dragone, "said", Literal("We act"), ev2)]
    mentions = [(Mention(art.id, 0, 21, "Giuseppe Cavo Dragone", "PERSON"), dragone.iri),
                (Mention(art.id, 32, 55, "NATO Military Committee", "ORG"), mc.iri)]
    return ArticleGraph(art, [dragone, mc], mentions, facts)


def test_round_trip_is_equal():
    ag = _graph()
    back = from_rdf(to_rdf(ag, S), S)
    assert back.article == ag.article
    assert sorted(back.entities, key=lambda e: e.iri) == sorted(ag.entities, key=lambda e: e.iri)
    assert sorted(back.mentions) == sorted(ag.mentions)
    key = lambda f: (f.predicate, f.evidence.start)  # noqa: E731
    assert sorted(back.facts, key=key) == sorted(ag.facts, key=key)


def test_everything_is_in_the_article_graph_and_deterministic():
    ag = _graph()
    quads = to_rdf(ag, S)
    assert {q.graph_name.value for q in quads} == {article_iri(ag.article.id, S)}
    assert [str(q) for q in quads] == [str(q) for q in to_rdf(_graph(), S)]


@pytest.mark.parametrize("name", ['a "quoted" <name>', "line\nbreak", "\u202eRTL", "emoji 🛰️", "x" * 10_000])
def test_hostile_names_serialise_and_parse_again(name):
    import pyoxigraph as ox

    ag = _graph()
    odd = Entity(S.entity_ns + "odd", name, "Person")
    ag.entities.append(odd)
    ag.facts.append(Fact(odd, "said", Literal(name), ag.facts[0].evidence))
    data = ox.serialize(to_rdf(ag, S), format=ox.RdfFormat.N_QUADS)
    back = from_rdf(ox.parse(data, ox.RdfFormat.N_QUADS), S)
    assert any(e.name == name for e in back.entities)
