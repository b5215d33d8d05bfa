"""The named queries of queries/: their headers, and their answers on real stores.

Two stores: a hand-built one (no model) whose counts and dates are known exactly, and the seed
store built with the real model, whose facts are the gold ones of tests/gold/seed.json.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery

from kg.config import Settings
from kg.errors import QueryError
from kg.graph.store import GraphStore, _prefix_map
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention
from kg.query import QUERIES_DIR, list_queries, resolve_query, run_query

S = Settings()
NAMES = sorted(list_queries())


def _e(slug: str, name: str, type_: str, *aliases: str) -> Entity:
    return Entity(S.entity_ns + slug, name, type_, aliases=aliases)


TRUMP = _e("donald-trump", "Donald Trump", "Person", "Trump")
PUTIN = _e("vladimir-putin", "Vladimir Putin", "Person", "Putin")
US = _e("united-states", "United States", "Country", "U.S.", "America")
RUSSIA = _e("russia", "Russia", "Country")
NATO = _e("nato", "NATO", "Organization")
CAST = (TRUMP, PUTIN, US, RUSSIA, NATO)


def _article(ident: str, published: str, sentences: list[tuple[str, list[tuple]]]) -> ArticleGraph:
    """An article from sentences, each with its facts ``(subject, predicate, object, extractor)``.

    Mentions are every occurrence of an entity's name or alias in the text, so offsets are real.
    """
    text = " ".join(s for s, _ in sentences)
    art = Article(id=ident, text=text, title=f"Story {ident}", published=published)
    facts, pos = [], 0
    for sentence, specs in sentences:
        start = text.index(sentence, pos)
        end = pos = start + len(sentence)
        for subject, predicate, obj, extractor in specs:
            facts.append(Fact(subject, predicate, obj, Evidence(ident, sentence, start, end, extractor, 0.8)))
    mentions, named = [], set()
    for entity in CAST:
        for surface in (entity.name, *entity.aliases):
            for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
                if not any(a <= m.start() < b for (a, b, _) in mentions):
                    mentions.append((m.start(), m.end(), entity))
                    named.add(entity)
    return ArticleGraph(
        art, [e for e in CAST if e in named],
        [(Mention(ident, a, b, text[a:b], e.type.upper()), e.iri) for a, b, e in sorted(mentions, key=lambda m: m[:2])],
        facts)


A1 = _article("a1", "2025-01-02", [
    ("U.S. President Donald Trump met reporters.", [(TRUMP, "presidentOf", US, "relations.role:president")]),
    ("Trump criticized Russia over the war.", [(TRUMP, "criticizes", RUSSIA, "events.criticism")]),
    ("\u201cRussia must stop,\u201d Trump said.", [(TRUMP, "said", Literal("Russia must stop"), "quotes")]),
])
A2 = _article("a2", "2025-03-04", [
    ("Russian President Vladimir Putin rejected the plan.", [(PUTIN, "presidentOf", RUSSIA, "relations.role:president")]),
    ("\u201cAmerica is wrong about NATO,\u201d Putin said, answering Trump.",
     [(PUTIN, "said", Literal("America is wrong about NATO"), "quotes")]),
    ("Putin warned Trump.", [(PUTIN, "threatens", TRUMP, "events.threat")]),
    ("Donald Trump is the U.S. president.", [(TRUMP, "presidentOf", US, "relations.role:president")]),
])
A3 = _article("a3", "", [("Trump praised NATO.", [(TRUMP, "supports", NATO, "events.support")])])


@pytest.fixture
def news() -> GraphStore:
    store = GraphStore(None, S)
    for ag in (A1, A2, A3):
        store.write(ag)
    return store


def _rows(store: GraphStore, query: str, **params: str) -> list[dict]:
    columns, rows = run_query(store, query, params)
    return rows


# --- the files themselves ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_header_says_what_it_answers_how_to_run_it_and_its_parameters(name):
    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("# ") and len(header[0]) > 20, "first line: the question the query answers"
    assert any(line.startswith(f"# Run: kg query {name} ") for line in header)
    assert any(line.startswith("# Parameters") for line in header)


def _documented_parameters(text: str) -> set[str]:
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    return set(re.findall(r"\?(\w+)", header.partition("# Parameters")[2]))


@pytest.mark.parametrize("name", NAMES)
def test_every_documented_parameter_can_be_bound(news, name):
    # Oxigraph binds only variables the query projects: a documented one that is not fails here.
    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    for param in _documented_parameters(text):
        value = "http://schema.org/Person" if param == "type" else "no such value"
        run_query(news, name, {param: value})


@pytest.mark.parametrize("name", NAMES)
def test_every_documented_parameter_can_be_bound_by_values_too(news, name):
    # SPARQL servers have no substitutions: kg.graph.remote opens the WHERE group with a VALUES
    # block, which is a syntax error if the query BINDs that variable in the same group.
    from kg.graph.remote import bind_values

    text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    for param in _documented_parameters(text):
        value = "http://schema.org/Person" if param == "type" else "Donald Trump"
        assert news.select(bind_values(text, {param: value})) == news.select(text, {param: value}), param


@pytest.mark.parametrize("name", NAMES)
def test_queries_are_standard_sparql(name):
    # rdflib's parser is an independent check that any SPARQL 1.1 client can run them.
    prepareQuery(resolve_query(name), initNs=_prefix_map(S.ontology_ns))


def test_a_long_one_line_query_is_a_query_not_a_file_name(news):
    long = "SELECT ?name WHERE { ?e a schema:Country ; rdfs:label ?name } ORDER BY ?name" + " " * 300
    assert resolve_query(long) == long
    assert [r["name"] for r in run_query(news, long)[1]] == ["Russia", "United States"]


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(QueryError, match="timeline"):
        resolve_query("no-such-query")


# --- answers on a hand-built store: counts and dates known exactly -------------------------------


def test_facts_counts_evidence_articles_and_first_last_seen(news):
    rows = _rows(news, "facts", subject="Donald Trump", predicate="presidentOf")
    assert rows == [{"subject": "Donald Trump", "predicate": "presidentOf", "object": "United States",
                     "evidence": 2, "articles": 2, "first_seen": "2025-01-02", "last_seen": "2025-03-04",
                     "confidence": 0.8}]


def test_entity_first_and_last_seen_across_articles(news):
    (row,) = _rows(news, "entities-by-type", name="Donald Trump")
    assert (row["evidence"], row["articles"], row["first_seen"], row["last_seen"]) == (6, 3, "2025-01-02", "2025-03-04")
    (row,) = _rows(news, "entities-by-type", name="Vladimir Putin")
    assert (row["evidence"], row["articles"], row["first_seen"], row["last_seen"]) == (3, 1, "2025-03-04", "2025-03-04")


def test_counts_and_dates_follow_a_replaced_article(news):
    news.write(_article("a2", "2025-05-06", [
        ("Putin warned Trump again.", [(PUTIN, "threatens", TRUMP, "events.threat")])]))
    (row,) = _rows(news, "facts", subject="Donald Trump", predicate="presidentOf")
    assert (row["evidence"], row["articles"], row["last_seen"]) == (1, 1, "2025-01-02")
    (row,) = _rows(news, "entities-by-type", name="Vladimir Putin")
    assert (row["evidence"], row["first_seen"], row["last_seen"]) == (1, "2025-05-06", "2025-05-06")
    assert not _rows(news, "facts", predicate="presidentOf", subject="Vladimir Putin")


def test_timeline_is_oldest_first_with_undated_last(news):
    rows = _rows(news, "timeline", name="Donald Trump")
    assert [r["published"] for r in rows] == ["2025-01-02"] * 3 + ["2025-03-04"] * 2 + [None]
    assert [r["predicate"] for r in rows[:3]] == ["presidentOf", "criticizes", "said"]  # text order
    assert rows[-1]["predicate"] == "supports" and rows[-1]["article"] == "Story a3"


def test_evidence_has_article_sentence_offsets_extractor_confidence_and_date(news):
    rows = _rows(news, "evidence", subject="Donald Trump", predicate="presidentOf")
    assert [(r["article"], r["published"], r["extractor"], r["confidence"]) for r in rows] == [
        ("Story a1", "2025-01-02", "relations.role:president", 0.8),
        ("Story a2", "2025-03-04", "relations.role:president", 0.8)]
    for row, ag in zip(rows, (A1, A2)):
        assert ag.article.text[row["start"]:row["end"]] == row["sentence"]
    quote = _rows(news, "evidence", subject="Vladimir Putin", object="America is wrong about NATO")
    assert [r["predicate"] for r in quote] == ["said"]


def test_said_about_finds_the_entity_in_the_quote_or_around_it(news):
    about_nato = _rows(news, "said-about", about="NATO")
    assert [(r["speaker"], r["quote"], r["named"]) for r in about_nato] == [
        ("Vladimir Putin", "America is wrong about NATO", "quote")]
    # "America" is an alias: the mention links it to the United States
    assert [r["speaker"] for r in _rows(news, "said-about", about="United States")] == ["Vladimir Putin"]
    # Trump is named after the quote, not in it; his own quote does not count as about him
    about_trump = _rows(news, "said-about", about="Donald Trump")
    assert [(r["speaker"], r["named"]) for r in about_trump] == [("Vladimir Putin", "sentence")]
    assert [r["quote"] for r in _rows(news, "said-about", about="Russia")] == ["Russia must stop"]


@pytest.mark.parametrize(("a", "b"), [("United States", "Russia"), ("Russia", "United States")])
def test_countries_finds_relations_through_their_leaders_both_ways(news, a, b):
    rows = _rows(news, "countries", a=a, b=b)
    assert {(r["subject"], r["predicate"], r["object"]) for r in rows} == {
        ("Donald Trump", "criticizes", "Russia"), ("Vladimir Putin", "threatens", "Donald Trump")}
    for r in rows:
        assert {r["a"], r["b"]} == {"United States", "Russia"} and r["a"] == a
        # the side of ?a is the entity standing for it: the country itself or its president
        assert r["via_a"] in {a, "Donald Trump" if a == "United States" else "Vladimir Putin"}
    assert all(r["predicate"] != "presidentOf" for r in _rows(news, "countries"))


def test_between_is_either_direction(news):
    one = _rows(news, "between", a="Donald Trump", b="Vladimir Putin")
    other = _rows(news, "between", a="Vladimir Putin", b="Donald Trump")
    assert [(r["subject"], r["predicate"]) for r in one] == [("Vladimir Putin", "threatens")]
    assert [(r["subject"], r["predicate"], r["sentence"]) for r in one] == [
        (r["subject"], r["predicate"], r["sentence"]) for r in other]


def test_quotes_heads_entity_most_connected(news):
    assert [r["quote"] for r in _rows(news, "quotes", speaker="Vladimir Putin")] == ["America is wrong about NATO"]
    heads = {(r["person"], r["role"], r["organisation"]): r["evidence"] for r in _rows(news, "heads")}
    assert heads == {("Donald Trump", "presidentOf", "United States"): 2,
                     ("Vladimir Putin", "presidentOf", "Russia"): 1}
    assert len(_rows(news, "entity", name="Donald Trump")) == 6
    top = _rows(news, "most-connected")[0]
    assert (top["name"], top["neighbours"], top["evidence"]) == ("Donald Trump", 4, 5)


# --- answers on the seed store, built with the real model -----------------------------------------

DRAGONE = "Giuseppe Cavo Dragone"


@pytest.mark.model
@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_runs_on_the_seed_store(seed_store, name):
    columns, rows = run_query(seed_store, name)
    assert columns and isinstance(rows, list)
    if name != "countries":  # the seed's gold facts relate no two countries
        assert rows, f"{name} found nothing in the seed article"


@pytest.mark.model
def test_seed_evidence_for_a_fact(seed_store):
    rows = _rows(seed_store, "evidence", subject=DRAGONE, predicate="heads")
    assert [r["object"] for r in rows] == ["NATO Military Committee"]
    (text,) = [r["t"] for r in seed_store.select("SELECT ?t WHERE { ?a schema:text ?t }")]
    row = rows[0]
    assert text[row["start"]:row["end"]] == row["sentence"] and "NATO Military Committee" in row["sentence"]
    assert row["extractor"] and 0 < row["confidence"] <= 1 and row["article"]


@pytest.mark.model
def test_seed_timeline_quotes_and_who_said_what_about_russia(seed_store):
    timeline = {(r["predicate"], r["object"]) for r in _rows(seed_store, "timeline", name=DRAGONE)}
    assert {("heads", "NATO Military Committee"), ("gaveInterviewTo", "Corriere della Sera"),
            ("said", "We are not a relic of the past")} <= timeline
    quotes = {r["quote"] for r in _rows(seed_store, "quotes", speaker=DRAGONE)}
    assert {"This is a political issue in negotiations with Russia", "We are not a relic of the past",
            "Security guarantees defined by European politicians need to be put in context"} <= quotes
    about = _rows(seed_store, "said-about", about="Russia")
    assert ("Giuseppe Cavo Dragone", "This is a political issue in negotiations with Russia", "quote") in {
        (r["speaker"], r["quote"], r["named"]) for r in about}


@pytest.mark.model
def test_seed_between_heads_and_entities(seed_store):
    between = _rows(seed_store, "between", a="Donald Trump", b="United States")
    assert {r["predicate"] for r in between} & {"presidentOf", "headOfStateOf"}
    heads = {(r["person"], r["role"], r["organisation"]) for r in _rows(seed_store, "heads")}
    assert (DRAGONE, "heads", "NATO Military Committee") in heads
    (us,) = _rows(seed_store, "entities-by-type", name="United States")
    assert us["wikidata"] == "http://www.wikidata.org/entity/Q30" and us["articles"] == 1


@pytest.mark.model
def test_seed_countries_through_a_real_leader(seed_store):
    # The seed says Trump is U.S. president; one more (hand-built) article has Russia criticise him.
    store = GraphStore(None, S)
    store.load(seed_store.dump("nquads"))
    ids = {r["n"]: r["e"] for r in store.select("SELECT ?e ?n WHERE { ?e a kg:Entity ; rdfs:label ?n }")}
    trump = Entity(ids["Donald Trump"], "Donald Trump", "Person")
    russia = Entity(ids["Russia"], "Russia", "Country")
    text = "Russia criticized Donald Trump."
    art = Article(id="extra", text=text, published="2025-09-01")
    store.write(ArticleGraph(art, [trump, russia], [],
                             [Fact(russia, "criticizes", trump, Evidence("extra", text, 0, len(text), "hand", 0.9))]))
    rows = _rows(store, "countries", a="United States", b="Russia")
    assert ("Donald Trump", "criticizes", "Russia", "2025-09-01") in {
        (r["via_a"], r["predicate"], r["via_b"], r["published"]) for r in rows}


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated")
def test_rdflib_sees_the_same_answer_as_oxigraph(news):
    # The same query and data in rdflib's own engine: a check on the queries' semantics (and
    # the benchmark's premise) that does not depend on Oxigraph.
    ds = rdflib.Dataset(default_union=False)
    ds.parse(data=news.oxigraph.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    ns = _prefix_map(S.ontology_ns)
    for name in NAMES:
        columns, ours = run_query(news, name)
        theirs = list(ds.query(resolve_query(name), initNs=ns))
        assert len(theirs) == len(ours), name
        first = columns[0]
        assert sorted(str(r[first]) for r in ours) == sorted(str(r[first]) for r in theirs), name
