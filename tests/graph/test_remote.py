"""The store on a SPARQL 1.1 server: a real Virtuoso started on loopback by scripts/virtuoso.sh.

Skipped only where Virtuoso is not installed and CI is not "true" (`make test` installs it);
on CI a missing Virtuoso fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.graph.remote import RemoteStore, bind_values, open_store
from kg.graph.store import GraphStore
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "virtuoso.sh"
S = Settings()
US = Entity(S.entity_ns + "united-states", "United States", "Country", same_as=("wd:Q30",))
TRUMP = Entity(S.entity_ns + "donald-trump", "Donald Trump", "Person", aliases=("Trump",), same_as=("wd:Q22686",))
NATO = Entity(S.entity_ns + "nato", "NATO", "Organization", same_as=("wd:Q7184",))


def _article(text: str, ident: str, *, quote: str = "") -> ArticleGraph:
    art = Article(id=ident, text=text, title=f"Title of {ident}", published="2025-08-21")
    ev = Evidence(ident, text, 0, len(text), "test", 0.8)
    facts = [Fact(TRUMP, "presidentOf", US, ev), Fact(TRUMP, "criticizes", NATO, ev)]
    if quote:
        facts.append(Fact(TRUMP, "said", Literal(quote), Evidence(ident, text, 0, len(text), "quotes", 0.700)))
    return ArticleGraph(art, [US, TRUMP, NATO], [], facts)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """The /sparql URL of a throw-away Virtuoso on a free loopback port, stopped after the session."""
    if shutil.which("virtuoso-t") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is missing on CI (make services installs it)")
        pytest.skip("Virtuoso is not installed (make services, or scripts/virtuoso.sh install)")
    folder = tmp_path_factory.mktemp("virtuoso")
    started = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True,
                             timeout=180)
    assert started.returncode == 0, started.stderr + (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True, timeout=60)


@pytest.fixture
def remote(virtuoso):
    """A RemoteStore on the session's server, emptied of kg's graphs after the test."""
    store = RemoteStore(virtuoso, S, batch_size=3)
    yield store
    store.flush()
    for g in store.graphs():
        store._send("DELETE", g, None)
    store.close()


def test_writes_read_back_as_the_local_store_writes_them(remote):
    local = GraphStore(None, S)
    articles = [
        _article("U.S. President Donald Trump spoke.", "https://n.example/a",
                 quote="We are \"not\" a relic\nof the past"),
        _article("Trump, the US president, criticised NATO — again, in Kyiv, Ελλάδα.", "https://n.example/b"),
    ]
    for ag in articles:
        local.write(ag)
        remote.write(ag)
    remote.flush()
    assert remote.stats() == local.stats() == {"articles": 2, "entities": 3, "facts": 3, "evidence": 5}
    assert remote.dump("nquads") == local.dump("nquads")
    assert remote.dump("trig") == local.dump("trig")
    assert remote.dump("turtle") == local.dump("turtle")
    # kg render and kg site work on pyoxigraph itself: a copy, merged view included
    assert set(remote.oxigraph) == set(local.oxigraph)
    assert sorted(remote.article_ids()) == ["https://n.example/a", "https://n.example/b"]


def test_status_and_changed_article_replaces_its_graph(remote):
    first = _article("Trump spoke.", "a", quote="old words")
    remote.write(first)
    remote.flush()
    changed = _article("Trump spoke again.", "a")
    other = _article("Trump spoke elsewhere.", "b")
    assert remote.statuses([changed.article, other.article]) == {"a": "changed", "b": "new"}
    assert remote.statuses([first.article]) == {"a": "same"}
    remote.write(changed)
    assert remote.status(changed.article) == "same"  # queued, not sent yet: still known
    remote.flush()
    said = remote.select("SELECT ?q WHERE { ?s kg:said ?q }")
    assert said == []  # the quote left with the old version of the article
    assert [r["s"] for r in remote.select("SELECT DISTINCT ?s WHERE { ?e kg:sentence ?s }")] == ["Trump spoke again."]
    assert remote.remove_article("a") is True
    assert remote.remove_article("a") is False
    assert remote.stats()["articles"] == 0


def test_graphs_are_sent_in_batches(remote):
    # batch_size=3: the third write sends the batch, the fourth waits for flush()
    for i in range(4):
        remote.write(_article(f"Trump spoke {i}.", f"id-{i}"))
        assert remote.stats()["articles"] == (3 if i >= 2 else 0)
    remote.flush()
    assert remote.stats()["articles"] == 4


def test_load_nquads_replaces_graph_by_graph_like_the_local_store(remote):
    local = GraphStore(None, S)
    local.write(_article("One.", "one"))
    local.write(_article("Two.", "two"))
    n = remote.load_nquads(local.dump("nquads"))
    remote.flush()
    assert n == len(local.dump("nquads").splitlines())
    assert remote.dump("nquads") == local.dump("nquads")
    # replace=False adds to the graph instead of replacing it
    g = local.select("SELECT ?g WHERE { GRAPH ?g { ?g schema:identifier \"one\" } }")[0]["g"]
    extra = f'<{S.entity_ns}x> <{S.ontology_ns}note> "added" <{g}> .\n'
    remote.load_nquads(extra, replace=False)
    local.load_nquads(extra, replace=False)
    assert remote.dump("nquads") == local.dump("nquads")


def test_queries_params_ask_construct_and_errors(remote):
    remote.write(_article("Trump spoke.", "a", quote="hello"))
    remote.flush()
    from kg.query import run_query

    columns, rows = run_query(remote, "SELECT ?e ?name WHERE { ?e rdfs:label ?name }", {"name": "Donald Trump"})
    assert rows == [{"e": TRUMP.iri, "name": "Donald Trump"}]
    assert run_query(remote, "ASK { ?e owl:sameAs wd:Q7184 }") is True
    construct = "CONSTRUCT { ?e rdfs:label ?n } WHERE { ?e rdfs:label ?n FILTER(?e = <%s>) }" % NATO.iri
    triples = run_query(remote, construct)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(triples, ox.RdfFormat.N_TRIPLES)] == [
        ox.Triple(ox.NamedNode(NATO.iri), label, ox.Literal("NATO"))]
    # a named query with a FILTER, bound by parameter: the same answer as the local store
    local = GraphStore(None, S)
    local.write(_article("Trump spoke.", "a", quote="hello"))
    assert run_query(remote, "entity", {"name": "Donald Trump"}) == run_query(local, "entity", {"name": "Donald Trump"})
    with pytest.raises(QueryError):
        remote.select("SELECT ?x WHERE { ?x ?y }")


def test_bind_values_skips_strings_comments_and_construct_templates():
    q = 'CONSTRUCT { ?s ?p "where {" } # WHERE {\nWHERE { ?s ?p ?name }'
    assert bind_values(q, {"name": "a"}).endswith('WHERE { VALUES (?name) { ("a") } ?s ?p ?name }')
    with pytest.raises(QueryError):
        bind_values("DESCRIBE <http://x>", {"name": "a"})


def test_read_only_refuses_writes_and_a_dead_endpoint_is_one_error(virtuoso, tmp_path):
    with open_store(virtuoso, S, read_only=True) as store:
        assert isinstance(store, RemoteStore)
        with pytest.raises(StoreError):
            store.write(_article("x", "x"))
    with open_store(tmp_path / "local", S) as store:
        assert isinstance(store, GraphStore)
    with pytest.raises(StoreError, match="not a SPARQL endpoint"):
        RemoteStore("http://127.0.0.1:9/sparql", S)


def test_digest_authenticated_graph_store(virtuoso):
    # Virtuoso's -auth endpoints ask for HTTP digest; a new database's dba password is "dba"
    auth_url = virtuoso + "-graph-crud-auth"
    with RemoteStore(virtuoso, S, graph_store=auth_url, user="dba", password="dba", auth="digest") as store:
        store.write(_article("Trump spoke.", "auth"))
        store.flush()
        assert store.status(_article("Trump spoke.", "auth").article) == "same"
        store.remove_article("auth")
    with pytest.raises(StoreError, match="401"):  # refused when the store is opened, not at the first batch
        RemoteStore(virtuoso, S, graph_store=auth_url, user="dba", password="wrong", auth="digest")


@pytest.mark.model
@pytest.mark.slow
def test_kg_build_into_virtuoso_gives_the_local_graph(virtuoso, tmp_path):
    """`kg build --store URL`, then `kg query`/`kg stats` on the URL; same quads as a local build."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seeds = str(ROOT / "seeds")

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env,
                              timeout=600)

    try:
        built = kg("build", seeds, "--store", virtuoso, "--json")
        assert built.returncode == 0, built.stderr
        assert json.loads(built.stdout)["added"] == 1
        again = kg("build", seeds, "--store", virtuoso, "--json")
        assert json.loads(again.stdout)["unchanged"] == 1
        heads = kg("query", "heads", "--store", virtuoso, "--format", "json")
        assert any(r["person"] == "Giuseppe Cavo Dragone" and r["role"] == "heads" for r in json.loads(heads.stdout))
        local = tmp_path / "local"
        assert kg("build", seeds, "--store", str(local)).returncode == 0
        assert json.loads(kg("stats", "--store", virtuoso, "--json").stdout) == \
            json.loads(kg("stats", "--store", str(local), "--json").stdout)
        remote_nq, local_nq = tmp_path / "remote.nq", tmp_path / "local.nq"
        assert kg("export", "--store", virtuoso, "--format", "nquads", "-o", str(remote_nq)).returncode == 0
        assert kg("export", "--store", str(local), "--format", "nquads", "-o", str(local_nq)).returncode == 0
        assert remote_nq.read_bytes() == local_nq.read_bytes()
        # every named query gives the server's answer the local store's rows (order may differ in ties)
        from kg.query import list_queries, run_query

        params = {"quotes": {"speaker": "Giuseppe Cavo Dragone"}, "entity": {"name": "Donald Trump"},
                  "between": {"a": "Donald Trump", "b": "United States"}}
        with RemoteStore(virtuoso, S, read_only=True) as server, GraphStore(local, S, read_only=True) as disk:
            for name in list_queries():
                on_disk = run_query(disk, name, params.get(name, {}))
                on_server = run_query(server, name, params.get(name, {}))
                assert sorted(map(repr, on_server[1])) == sorted(map(repr, on_disk[1])), name
    finally:
        with RemoteStore(virtuoso, S) as store:  # leave the server empty for the other tests
            for g in store.graphs():
                store._send("DELETE", g, None)
