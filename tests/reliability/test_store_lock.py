"""One store, two `kg build` processes at once: the second refuses at once, clearly, and the first
goes on undisturbed. Real processes on a real store (RocksDB's lock file decides)."""

from __future__ import annotations

import json
import time

import pytest

from tests.reliability.kgrun import news_corpus, popen_kg, run_kg, stats

ARTICLES = 6


@pytest.mark.model
@pytest.mark.slow
def test_second_build_on_a_store_in_use_refuses_clearly(tmp_path):
    corpus = tmp_path / "news.jsonl"
    news_corpus(corpus, ARTICLES, seed=3)
    store = tmp_path / "store"

    first = popen_kg("build", corpus, "--store", store, "--json")
    try:
        deadline = time.monotonic() + 60
        while not (store / "CURRENT").exists():  # the first build has created and opened the store
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first build did not open the store"
            time.sleep(0.01)

        started = time.monotonic()
        second = run_kg("build", corpus, "--store", store, timeout=60)
        waited = time.monotonic() - started
        assert first.poll() is None, "the first build ended before the second one started: nothing was tested"
    finally:
        out, err = first.communicate(timeout=300)

    assert second.returncode == 1
    assert second.stderr.splitlines() == [
        f"kg: error: {store}: the store is in use by another kg process (wait for it to finish)"
    ]
    assert second.stdout == ""
    assert waited < 10  # it refused at once rather than after loading the model

    assert first.returncode == 0, err
    assert json.loads(out)["added"] == ARTICLES
    # the first build's store is whole: a third build finds every article unchanged
    third = run_kg("build", corpus, "--store", store, "--json")
    assert third.returncode == 0, third.stderr
    assert json.loads(third.stdout)["unchanged"] == ARTICLES
    assert stats(store)["articles"] == ARTICLES


def test_readers_share_a_store(tmp_path):
    """Read-only commands (stats, query, export) do not take the writer's lock: several run at once."""
    from kg.graph.store import GraphStore
    from kg.model import Article, ArticleGraph

    store = tmp_path / "store"
    with GraphStore(store) as s:
        s.write(ArticleGraph(Article.from_text("NATO met.")))
    procs = [popen_kg("stats", "--store", store, "--json") for _ in range(4)]
    results = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    assert all(json.loads(out)["articles"] == 1 for out, _ in results)
