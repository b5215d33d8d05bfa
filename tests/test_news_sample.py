"""Seed + the 11 Wikinews articles of ../shared/data/news_sample: entities shared across articles merge."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import SEEDS, shared_data

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, settings):
    from kg.build import build
    from kg.graph.store import GraphStore

    folder = shared_data("news_sample")
    path = tmp_path_factory.mktemp("news") / "store"
    with GraphStore(path, settings) as store:
        summary = build([str(SEEDS), str(folder)], store, settings=settings)
    assert summary.added == 12 and not summary.problems
    return GraphStore(path, settings, read_only=True)


@pytest.mark.parametrize("name", ["United States", "Donald Trump", "Canada", "Russia", "United Kingdom", "North Atlantic Treaty Organization"])
def test_shared_entity_is_one_node_seen_in_several_articles(corpus_store, name):
    rows = corpus_store.select("""
        SELECT ?e ?name (COUNT(DISTINCT ?a) AS ?articles) WHERE {
          ?e a kg:Entity ; rdfs:label ?name . ?a a schema:NewsArticle ; schema:mentions ?e
        } GROUP BY ?e ?name""", {"name": name})
    assert len(rows) == 1, rows
    assert rows[0]["articles"] >= 2


def test_no_two_nodes_share_a_name_and_type(corpus_store):
    from kg.graph.nx import to_networkx

    G = to_networkx(corpus_store)
    twice = {k: n for k, n in Counter((d["label"], d["type"]) for _, d in G.nodes(data=True)).items() if n > 1}
    assert not twice


def test_rebuilding_the_same_corpus_changes_nothing(corpus_store, settings, tmp_path):
    from kg.build import build
    from kg.graph.store import GraphStore

    path = corpus_store.path
    before = corpus_store.dump("nquads")
    stats = corpus_store.stats()
    corpus_store.close()
    with GraphStore(path, settings) as store:
        summary = build([str(SEEDS), str(shared_data("news_sample"))], store, settings=settings)
        assert summary.unchanged == 12 and summary.processed == 0
        assert store.stats() == stats
        assert store.dump("nquads") == before
