"""The Oxigraph store: merging, replacing, stats, deterministic exports (no model needed)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.graph.store import GraphStore
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact

S = Settings()
US = Entity(S.entity_ns + "united-states", "United States", "Country", same_as=("wd:Q30",))
TRUMP = Entity(S.entity_ns + "donald-trump", "Donald Trump", "Person", same_as=("wd:Q22686",))


def _article(text: str, ident: str) -> ArticleGraph:
    art = Article(id=ident, text=text, title=ident)
    ev = Evidence(ident, text, 0, len(text), "test", 0.8)
    return ArticleGraph(art, [US, TRUMP], [], [Fact(TRUMP, "presidentOf", US, ev)])


def test_same_entity_from_two_articles_is_one_node_with_both_evidence(tmp_path):
    with GraphStore(tmp_path / "s", S) as store:
        store.write(_article("U.S. President Donald Trump spoke.", "a"))
        store.write(_article("Trump, the US president, spoke.", "b"))
        assert store.stats() == {"articles": 2, "entities": 2, "facts": 1, "evidence": 2}


def test_unchanged_article_is_same_and_changed_one_replaces(tmp_path):
    with GraphStore(tmp_path / "s", S) as store:
        ag = _article("U.S. President Donald Trump spoke.", "a")
        store.write(ag)
        assert store.status(ag.article) == "same"
        before = store.dump("nquads")
        store.write(ag)
        assert store.dump("nquads") == before
        changed = _article("President Trump spoke again.", "a")
        assert store.status(changed.article) == "changed"
        store.write(changed)
        assert store.stats()["evidence"] == 1
        sentences = [r["s"] for r in store.select("SELECT ?s WHERE { ?e kg:sentence ?s }")]
        assert sentences == ["President Trump spoke again."]


def test_export_is_independent_of_insertion_order_and_round_trips(tmp_path):
    a, b = _article("One text.", "a"), _article("Two text.", "b")
    s1, s2 = GraphStore(None, S), GraphStore(None, S)
    s1.write(a), s1.write(b)
    s2.write(b), s2.write(a)
    for fmt in ("nquads", "trig", "turtle", "jsonld"):
        assert s1.dump(fmt) == s2.dump(fmt), fmt
    s3 = GraphStore(None, S)
    s3.load_nquads(s1.dump("nquads"))
    assert s3.dump("nquads") == s1.dump("nquads")
    assert json.loads(s1.dump("jsonld"))


def test_params_are_bound_not_pasted():
    store = GraphStore(None, S)
    store.write(_article("x", "a"))
    evil = 'United States" } ?s ?p ?o { "'
    assert store.select("SELECT ?e ?n WHERE { ?e rdfs:label ?n }", {"n": evil}) == []
    assert len(store.select("SELECT ?e ?n WHERE { ?e rdfs:label ?n }", {"n": "United States"})) == 1
    with pytest.raises(QueryError, match="must be a variable the query selects"):
        store.select("SELECT ?e WHERE { ?e rdfs:label ?n }", {"n": "United States"})


def test_bad_query_is_a_query_error():
    with pytest.raises(QueryError, match="invalid SPARQL"):
        GraphStore(None, S).query("SELEKT nothing")


def test_second_writer_is_refused_clearly(tmp_path):
    path = tmp_path / "s"
    first = GraphStore(path, S)
    try:
        with pytest.raises(StoreError, match="in use by another kg process|cannot open"):
            GraphStore(path, S)
    finally:
        first.close()


def test_read_only_of_missing_store_says_how_to_build(tmp_path):
    with pytest.raises(StoreError, match="kg build"):
        GraphStore(tmp_path / "none", S, read_only=True)


def test_ontology_is_loaded_once(tmp_path):
    with GraphStore(tmp_path / "s", S) as store:
        n = len(store.oxigraph)
    with GraphStore(tmp_path / "s", S) as store:
        assert len(store.oxigraph) == n
        assert bool(store.query("ASK { kg:heads owl:equivalentProperty <http://www.wikidata.org/prop/direct/P488> }"))
        assert isinstance(store.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)


def test_merged_view_is_a_set_and_follows_replacements():
    store = GraphStore(None, S)
    store.write(_article("One.", "a"))
    store.write(_article("Two.", "b"))
    labels = store.select("SELECT ?l WHERE { ?e rdfs:label ?l } ", {})
    assert sorted(r["l"] for r in labels if r["l"] in ("United States", "Donald Trump")) == [
        "Donald Trump", "United States"]
    store.remove_article("a")
    assert store.stats() == {"articles": 1, "entities": 2, "facts": 1, "evidence": 1}
    store.remove_article("b")
    assert store.stats() == {"articles": 0, "entities": 0, "facts": 0, "evidence": 0}
    assert not store.select("SELECT ?s WHERE { ?s kg:presidentOf ?o }")
    # only the ontology is left, in its graph and in the merged view
    assert {str(q.graph_name) for q in store.quads()} == {f"<{S.base_iri}ontology>"}
