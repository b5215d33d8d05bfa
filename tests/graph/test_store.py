"""The Oxigraph store: merging, replacing, stats, deterministic exports (no model needed)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.graph.rdf import article_iri, to_rdf
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
        assert bool(store.query("ASK { kg:heads skos:closeMatch <http://www.wikidata.org/prop/direct/P488> }"))
        assert bool(store.query("ASK { kg:memberOf owl:equivalentProperty <http://www.wikidata.org/prop/direct/P463> }"))
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


# --- loading every export format, and the ontology kept current (no model) ----------------------


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld", "turtle"])
def test_every_export_format_round_trips_through_a_fresh_store(fmt):
    store = GraphStore(None, S)
    store.write(_article("U.S. President Donald Trump spoke.", "a"))
    store.write(_article("Trump, the US president, spoke.", "b"))
    data = store.dump(fmt)
    fresh = GraphStore(None, S)
    fresh.load(data, fmt)
    assert fresh.dump(fmt) == data
    assert fresh.stats() == store.stats()


def test_turtle_has_no_graphs_so_it_loads_into_one(tmp_path):
    store = GraphStore(None, S)
    store.write(_article("One.", "a"))
    path = tmp_path / "g.ttl"
    path.write_bytes(store.dump("turtle"))
    fresh = GraphStore(None, S)
    fresh.load(path, "turtle", graph="https://example.org/import")
    graphs = {str(q.graph_name) for q in fresh.quads()}
    assert graphs == {f"<{S.base_iri}ontology>", "<https://example.org/import>"}


def test_unknown_or_broken_formats_are_store_errors():
    with pytest.raises(StoreError, match="unknown RDF format"):
        GraphStore(None, S).load(b"", "csv")
    with pytest.raises(StoreError, match="cannot read trig"):
        GraphStore(None, S).load(b"<a> <b> {", "trig")


def test_an_outdated_ontology_is_replaced_when_the_store_opens(tmp_path):
    path = tmp_path / "s"
    with GraphStore(path, S) as store:
        current = store.dump("nquads")
        g = f"<{S.base_iri}ontology>"
        # as a store built by an older kg would hold it: a label changed, a class missing
        store.oxigraph.update(f"""PREFIX kg: <{S.ontology_ns}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            DELETE DATA {{ GRAPH {g} {{ kg:heads rdfs:label "heads" }} kg:heads rdfs:label "heads" }} ;
            INSERT DATA {{ GRAPH {g} {{ kg:heads rdfs:label "leads" }} kg:heads rdfs:label "leads" }}""")
        assert store.dump("nquads") != current
    with GraphStore(path, S) as store:
        assert store.dump("nquads") == current
        assert store.select('SELECT ?l WHERE { kg:heads rdfs:label ?l }') == [{"l": "heads"}]


# --- real files through the real model -----------------------------------------------------------


def _build(paths, store_path):
    from kg.build import build

    with GraphStore(store_path, S) as store:
        return build([str(p) for p in paths], store, settings=S)


@pytest.mark.model
def test_same_corpus_in_any_input_order_gives_the_same_exports(tmp_path):
    from tests.conftest import SEEDS, shared_data

    news = shared_data("news_sample")
    files = [*sorted(SEEDS.glob("*.txt")), news / "GUM_news_korea.txt", news / "GUM_news_election.txt"]
    _build(files, tmp_path / "forward")
    # reversed, and in two builds: the second adds to an existing store
    _build(files[:0:-1], tmp_path / "backward")
    _build(files[:1], tmp_path / "backward")
    one, two = GraphStore(tmp_path / "forward", S, read_only=True), GraphStore(tmp_path / "backward", S, read_only=True)
    assert one.stats() == two.stats() and one.stats()["articles"] == 3
    for fmt in ("nquads", "trig", "turtle", "jsonld"):
        assert one.dump(fmt) == two.dump(fmt), fmt


@pytest.mark.model
def test_unchanged_article_changes_nothing_and_a_changed_one_is_replaced(tmp_path):
    from tests.conftest import SEEDS

    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    v1, v2 = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl"
    v1.write_text(json.dumps({"id": "seed", "text": text, "published": "2025-08-01"}) + "\n", encoding="utf-8")
    shorter = "U.S. President Donald Trump criticized NATO on Monday, Euractiv reported."
    v2.write_text(json.dumps({"id": "seed", "text": shorter, "published": "2025-08-05"}) + "\n", encoding="utf-8")
    store_path = tmp_path / "store"
    first = _build([v1], store_path)
    with GraphStore(store_path, S, read_only=True) as store:
        before, stats = store.dump("nquads"), store.stats()
    again = _build([v1], store_path)
    assert (again.unchanged, again.processed, again.totals) == (1, 0, stats)
    with GraphStore(store_path, S, read_only=True) as store:
        assert store.dump("nquads") == before
    changed = _build([v2], store_path)
    assert (changed.replaced, changed.totals["articles"]) == (1, 1)
    assert changed.totals != first.totals
    with GraphStore(store_path, S, read_only=True) as store:
        sentences = {r["s"] for r in store.select("SELECT ?s WHERE { ?e a kg:Evidence ; kg:sentence ?s }")}
        assert sentences and all(s in shorter for s in sentences)
        dates = {r["d"] for r in store.select("SELECT DISTINCT ?d WHERE { ?e kg:published ?d }")}
        assert dates == {"2025-08-05"}
    _build([v1], store_path)  # back to the first version: the same bytes as before
    with GraphStore(store_path, S, read_only=True) as store:
        assert store.dump("nquads") == before


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld", "turtle"])
def test_seed_export_round_trips_in_every_format(seed_store, fmt):
    data = seed_store.dump(fmt)
    fresh = GraphStore(None, S)
    fresh.load(data, fmt)
    assert fresh.dump(fmt) == data
    assert fresh.stats() == seed_store.stats()


# --- bulk loading (kg load) -------------------------------------------------------------------------

NATO = Entity(S.entity_ns + "nato", "NATO", "Organization", same_as=("wd:Q7184",))


def _corpus() -> list[ArticleGraph]:
    """Articles sharing entities and facts, so the merged view is smaller than the union of graphs."""
    out = []
    for i in range(6):
        text = f"Report {i}: Trump criticized NATO." if i % 2 else f"Report {i}: Trump spoke."
        ev = Evidence(f"n{i}", text, 0, len(text), "test", 0.5 + i / 20)
        facts = [Fact(TRUMP, "presidentOf", US, ev)]
        if i % 2:
            facts.append(Fact(TRUMP, "criticizes", NATO, ev))
        out.append(ArticleGraph(Article(id=f"n{i}", text=text, title=f"R{i}", published=f"2025-0{i + 1}-01"),
                                [US, TRUMP, NATO] if i % 2 else [US, TRUMP], [], facts))
    return out


def _everything(store: GraphStore) -> list[bytes]:
    """Every quad, the merged view (default graph) included, sorted: what must match byte for byte."""
    return sorted(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).splitlines())


def _merged_is_union(store: GraphStore) -> bool:
    view = {(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(None, None, None,
                                                                                         ox.DefaultGraph())}
    return view == {(q.subject, q.predicate, q.object) for q in store.quads()}


def test_bulk_load_gives_the_bytes_of_a_load_graph_by_graph(tmp_path):
    with GraphStore(tmp_path / "built", S) as built:
        for ag in _corpus():
            built.write(ag)
        export = built.dump("nquads")
        expected = _everything(built)
    with GraphStore(tmp_path / "bulk", S) as bulk, GraphStore(tmp_path / "slow", S) as slow:
        assert bulk.load_nquads(export) == slow.load_nquads(export, bulk=False) == export.count(b"\n")
        assert _everything(bulk) == _everything(slow) == expected
        for fmt in ("nquads", "trig", "turtle", "jsonld"):
            assert bulk.dump(fmt) == slow.dump(fmt), fmt
        assert _merged_is_union(bulk)
        bulk.load_nquads(export)  # again: nothing changes
        assert _everything(bulk) == expected


def test_rerunning_a_killed_bulk_load_completes_it(tmp_path):
    with GraphStore(tmp_path / "built", S) as built:
        for ag in _corpus():
            built.write(ag)
        export, expected = built.dump("nquads"), _everything(built)
    quads = [q for q in ox.parse(export, ox.RdfFormat.N_QUADS) if "ontology" not in q.graph_name.value]
    graphs = sorted({q.graph_name.value for q in quads})
    with GraphStore(tmp_path / "killed", S) as store:
        # what a load killed in the bulk loader can leave: every graph marked as pending, two
        # graphs whole, one in part, the rest missing, and the merged-view triples of the first only
        store.oxigraph.extend([store._mark(ox.NamedNode(g)) for g in graphs])
        whole = [q for q in quads if q.graph_name.value in graphs[:2]]
        part = [q for q in quads if q.graph_name.value == graphs[2]][::2]
        store.oxigraph.bulk_extend(whole + part)
        store.oxigraph.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                                   for q in whole if q.graph_name.value == graphs[0])
        assert _everything(store) != expected
        store.load_nquads(export)
        assert _everything(store) == expected
        assert _merged_is_union(store)


def test_after_a_killed_bulk_load_a_build_rewrites_the_half_written_articles(tmp_path):
    corpus = _corpus()
    with GraphStore(tmp_path / "built", S) as built:
        for ag in corpus:
            built.write(ag)
        expected = _everything(built)
    with GraphStore(tmp_path / "killed", S) as store:
        one = GraphStore(None, S)
        one.write(corpus[0])
        quads = [q for q in one.quads() if "ontology" not in q.graph_name.value]
        g = quads[0].graph_name
        store.oxigraph.extend([store._mark(g)])
        digest = [q for q in quads if q.predicate.value.endswith("digest")]
        store.oxigraph.bulk_extend(quads[: len(quads) // 2] + digest)
        # the digest is in, so only the mark tells a rerun of `kg build` that the graph is not whole
        assert store.status(corpus[0].article) == "changed"
        for ag in corpus:  # as kg build does: write what is not "same"
            if store.status(ag.article) != "same":
                store.write(ag)
        assert store.status(corpus[0].article) == "same"
        assert _everything(store) == expected


def test_load_replaces_stored_graphs_and_bulk_loads_new_ones(tmp_path):
    corpus = _corpus()
    changed = _article("Trump spoke again.", "n1")  # same id as corpus[1], without the NATO fact
    with GraphStore(tmp_path / "new", S) as source:
        source.write(changed)
        for ag in corpus[2:]:
            source.write(ag)
        data = source.dump("nquads")
    with GraphStore(tmp_path / "expected", S) as reference:
        for ag in [corpus[0], changed, *corpus[2:]]:
            reference.write(ag)
        expected = _everything(reference)
    with GraphStore(tmp_path / "store", S) as store:
        store.write(corpus[0]), store.write(corpus[1])
        store.load_nquads(data)
        assert _everything(store) == expected
        assert _merged_is_union(store)
        sentences = {r["s"] for r in store.select("SELECT ?s WHERE { ?e kg:sentence ?s }")}
        assert "Trump spoke again." in sentences and "Report 1: Trump criticized NATO." not in sentences


def test_load_of_unreadable_data_leaves_the_store_unchanged(tmp_path):
    with GraphStore(tmp_path / "s", S) as store:
        store.write(_corpus()[0])
        before = _everything(store)
        good = _corpus()[1]
        other = GraphStore(None, S)
        other.write(good)
        with pytest.raises(StoreError, match="cannot read"):
            store.load_many([(other.dump("nquads"), "nquads"), (b"<http://a> <http://b> {", "nquads")])
        assert _everything(store) == before


def test_write_many_gives_the_bytes_of_writes_one_by_one(tmp_path):
    corpus = _corpus()
    changed = _article("Trump, the US president, spoke again.", "n1")  # n1 again, with other content
    held = corpus[0]
    batch = [*corpus[1:], changed, held]  # new ones, a new one changed in the batch, one held
    with GraphStore(tmp_path / "one", S) as one, GraphStore(tmp_path / "many", S) as many:
        one.write(held)
        many.write(held)
        for ag in batch:
            one.write(ag)
        many.write_many(batch)
        assert _everything(many) == _everything(one)
        assert _merged_is_union(many)
        assert many.stats() == one.stats() and many.stats()["articles"] == 6
        assert many.status(changed.article) == "same"
        assert not list(many.oxigraph.quads_for_pattern(None, None, None, many._pending_graph))


def test_a_build_killed_during_a_bulk_write_is_rewritten_by_the_next(tmp_path):
    corpus = _corpus()
    with GraphStore(tmp_path / "ref", S) as ref:
        ref.write_many(corpus)
        expected = _everything(ref)
    with GraphStore(tmp_path / "killed", S) as store:
        # what write_many leaves when killed in the bulk loader: the batch marked, one graph
        # whole and one partly written (its merged-view triples not yet)
        store.oxigraph.extend([store._mark(ox.NamedNode(article_iri(ag.article.id, S))) for ag in corpus[:2]])
        store.oxigraph.extend(to_rdf(corpus[0], S) + to_rdf(corpus[1], S)[:3])
        assert [store.status(ag.article) for ag in corpus[:3]] == ["changed", "changed", "new"]
        store.write_many(corpus)
        assert _everything(store) == expected
