"""The SPARQL endpoint through a real uvicorn server and real clients (SPARQLWrapper, httpx)."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import httpx
import pyoxigraph as ox
import pytest
import rdflib
import uvicorn
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from kg.config import Settings
from kg.errors import StoreError
from kg.query import list_queries, resolve_query, run_query
from kg.serve import (
    QueryRefused,
    QueryTimeout,
    SparqlService,
    TooManyResults,
    _is_loopback,
    _keywords,
    _negotiate,
    _query_form,
    _RESULT_FORMATS,
    _GRAPH_FORMATS,
    _results_json,
    create_app,
)

BASE = "https://kg.example.org/"
ONT = BASE + "ontology#"
E = BASE + "entity/"
A1, A2, GEN = BASE + "article/a1", BASE + "article/a2", BASE + "article/generated"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GENERATED = 3000  # a 3000 x 3000 join is seconds of work: the slow query
PREFIXES = (
    f"PREFIX kg: <{ONT}> PREFIX e: <{E}>"
    " PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _quads() -> list[ox.Quad]:
    label = _n(RDFS_LABEL)
    quads = [
        ox.Quad(_n(E + "mark_rutte"), label, ox.Literal("Mark Rutte", language="en"), _n(A1)),
        ox.Quad(_n(E + "nato"), label, ox.Literal("NATO", language="en"), _n(A1)),
        ox.Quad(_n(E + "mark_rutte"), _n(ONT + "heads"), _n(E + "nato"), _n(A1)),
        ox.Quad(_n(E + "zelensky"), label, ox.Literal("Volodymyr Zelensky"), _n(A2)),
        ox.Quad(_n(E + "ukraine"), label, ox.Literal("Ukraine", language="en"), _n(A2)),
        ox.Quad(_n(E + "zelensky"), _n(ONT + "heads"), _n(E + "ukraine"), _n(A2)),
        ox.Quad(_n(A2), _n("http://purl.org/dc/terms/date"),
                ox.Literal("2025-06-24", datatype=_n("http://www.w3.org/2001/XMLSchema#date")),
                _n(A2)),
        ox.Quad(_n(A2), _n(ONT + "note"), ox.BlankNode("n1"), _n(A2)),
    ]
    quads += [
        ox.Quad(_n(f"{E}n{i}"), _n(ONT + "value"), ox.Literal(i), _n(GEN)) for i in range(GENERATED)
    ]
    return quads


def _build_store(path) -> None:
    from kg.graph.store import GraphStore

    with GraphStore(path) as store:  # as kg build writes it: named graphs plus the merged view
        store.load_nquads(ox.serialize(_quads(), format=ox.RdfFormat.N_QUADS))


def _ping(request):
    return PlainTextResponse("pong")


@contextlib.contextmanager
def _serving(app, name: str):
    """Run ``app`` under a real uvicorn server on a free loopback port; yields its base URL."""
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=uv.run, name=name, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        time.sleep(0.05)
    assert uv.started, "the server did not start"
    port = uv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(15)
    assert not thread.is_alive(), "the server did not stop"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "store"
    _build_store(path)
    settings = Settings(query_timeout=0.5, max_results=100)
    app = create_app(path, settings=settings, routes=[Route("/ping", _ping)], workers=2)
    with _serving(app, "uvicorn-test") as url, httpx.Client(base_url=url, timeout=30) as http:
        yield SimpleNamespace(url=url, sparql=url + "/sparql", path=path, app=app, http=http)


def _wrapper(server, query: str, fmt: str = JSON) -> SPARQLWrapper:
    w = SPARQLWrapper(server.sparql)
    w.setQuery(PREFIXES + query)
    w.setReturnFormat(fmt)
    return w


LABELS = f"SELECT ?e ?label WHERE {{ ?e rdfs:label ?label FILTER(STRSTARTS(STR(?e), \"{E}\")) }} ORDER BY ?label"
EXPECTED_LABELS = ["Mark Rutte", "NATO", "Ukraine", "Volodymyr Zelensky"]


# --- SELECT and ASK in every results format --------------------------------------------------


def test_select_json_default_graph_is_the_union(server):
    result = _wrapper(server, LABELS).query()
    assert result.info()["content-type"] == "application/sparql-results+json"
    rows = result.convert()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == EXPECTED_LABELS  # from both named graphs
    nato = next(r for r in rows if r["label"]["value"] == "NATO")
    assert nato["label"]["xml:lang"] == "en"
    assert nato["e"] == {"type": "uri", "value": E + "nato"}


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_select_by_every_protocol_operation(server, method):
    w = _wrapper(server, "SELECT ?who WHERE { ?who kg:heads e:nato }")
    if method != "GET":
        w.setMethod(POST)
    if method == "POST-direct":
        w.setRequestMethod(POSTDIRECTLY)
    rows = w.query().convert()["results"]["bindings"]
    assert rows == [{"who": {"type": "uri", "value": E + "mark_rutte"}}]


def test_select_xml(server):
    doc = _wrapper(server, LABELS, XML).query().convert()  # an xml.dom Document
    ns = "http://www.w3.org/2005/sparql-results#"
    literals = [n.firstChild.data for n in doc.getElementsByTagNameNS(ns, "literal")]
    assert literals == EXPECTED_LABELS
    variables = [v.getAttribute("name") for v in doc.getElementsByTagNameNS(ns, "variable")]
    assert variables == ["e", "label"]


def test_select_csv(server):
    data = _wrapper(server, LABELS, CSV).query().convert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["e", "label"]
    assert [r[1] for r in rows[1:]] == EXPECTED_LABELS
    assert rows[2] == [E + "nato", "NATO"]


def test_select_tsv(server):
    data = _wrapper(server, LABELS, TSV).query().convert()
    # TSV has no CSV quoting: the quotes are N-Triples syntax and must stay.
    rows = list(csv.reader(io.StringIO(data.decode()), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["?e", "?label"]
    assert rows[2] == [f"<{E}nato>", '"NATO"@en']


def test_select_by_accept_only(server):
    w = _wrapper(server, LABELS, CSV)
    w.setOnlyConneg(True)  # no format= parameter: Accept alone decides
    result = w.query()
    assert result.info()["content-type"].startswith("text/csv")


def test_ask(server):
    yes = _wrapper(server, "ASK { e:zelensky kg:heads e:ukraine }").query().convert()
    assert yes["boolean"] is True
    doc = _wrapper(server, "ASK { e:zelensky kg:heads e:nato }", XML).query().convert()
    boolean = doc.getElementsByTagNameNS("http://www.w3.org/2005/sparql-results#", "boolean")
    assert boolean[0].firstChild.data == "false"


def test_json_writer_matches_oxigraph(server):
    # Rows are consumed one by one to check the clock, so JSON is written by us: it must be
    # what Oxigraph itself writes, for every kind of term and unbound variables.
    store = ox.Store.read_only(str(server.path))
    query = "SELECT ?s ?p ?o ?none WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <%s>) }" % GEN
    ours = _results_json(_answer(store, query))
    theirs = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
    assert json.loads(ours) == json.loads(theirs)


def _answer(store, query):
    from kg.serve import _evaluate

    return _evaluate(store, lambda: None, query, {}, 10_000)


# --- CONSTRUCT in every graph format ----------------------------------------------------------


HEADS = "CONSTRUCT { ?a kg:heads ?b } WHERE { ?a kg:heads ?b }"


def _expected_heads() -> rdflib.Graph:
    g = rdflib.Graph()
    for a, b in (("mark_rutte", "nato"), ("zelensky", "ukraine")):
        g.add((rdflib.URIRef(E + a), rdflib.URIRef(ONT + "heads"), rdflib.URIRef(E + b)))
    return g


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, XML])
def test_construct(server, fmt):
    graph = _wrapper(server, HEADS, fmt).query().convert()
    if isinstance(graph, bytes):  # SPARQLWrapper parses JSON-LD and RDF/XML, hands Turtle back
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert isomorphic(graph, _expected_heads())


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("*/*", "text/turtle", "turtle"),
    ],
)
def test_construct_by_accept(server, accept, media, rdflib_format):
    r = server.http.get("/sparql", params={"query": PREFIXES + HEADS}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    graph = rdflib.Graph().parse(data=r.content, format=rdflib_format)
    assert isomorphic(graph, _expected_heads())


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), ("nt", "nt"), (JSONLD, "json-ld")])
def test_describe(server, fmt, rdflib_format):
    w = _wrapper(server, f"DESCRIBE <{E}nato>", fmt)
    w.setOnlyConneg(True)
    if fmt == "nt":
        w.setReturnFormat(TURTLE)  # SPARQLWrapper has no N-Triples constant: ask by Accept
        w.addCustomHttpHeader("Accept", "application/n-triples")
    result = w.query()
    body = result.response.read()
    graph = rdflib.Graph().parse(data=body, format=rdflib_format)
    nato_label = (rdflib.URIRef(E + "nato"), rdflib.RDFS.label, rdflib.Literal("NATO", lang="en"))
    assert nato_label in graph


# --- datasets --------------------------------------------------------------------------------


def test_graph_patterns_see_each_article(server):
    rows = _wrapper(
        server, "SELECT ?g ?who WHERE { GRAPH ?g { ?who kg:heads ?what } } ORDER BY ?g"
    ).query().convert()["results"]["bindings"]
    assert [(r["g"]["value"], r["who"]["value"]) for r in rows] == [
        (A1, E + "mark_rutte"), (A2, E + "zelensky"),
    ]


def test_default_and_named_graph_parameters(server):
    w = _wrapper(server, "SELECT ?who WHERE { ?who kg:heads ?what }")
    w.addParameter("default-graph-uri", A2)
    rows = w.query().convert()["results"]["bindings"]
    assert [r["who"]["value"] for r in rows] == [E + "zelensky"]

    w = _wrapper(server, "SELECT ?g ?who WHERE { GRAPH ?g { ?who kg:heads ?what } }")
    w.addParameter("named-graph-uri", A1)
    rows = w.query().convert()["results"]["bindings"]
    assert [(r["g"]["value"], r["who"]["value"]) for r in rows] == [(A1, E + "mark_rutte")]


def test_from_clause_is_honoured(server):
    rows = _wrapper(
        server, f"SELECT ?who FROM <{A1}> WHERE {{ ?who kg:heads ?what }}"
    ).query().convert()["results"]["bindings"]
    assert [r["who"]["value"] for r in rows] == [E + "mark_rutte"]


def test_bad_graph_iri_is_400(server):
    r = server.http.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400 and "graph IRI" in r.text


# --- service description ---------------------------------------------------------------------


def test_service_description(server):
    r = server.http.get("/sparql")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    (service,) = g.subjects(rdflib.RDF.type, SD.Service)
    assert g.value(service, SD.endpoint) == rdflib.URIRef(server.sparql)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    formats = set(g.objects(service, SD.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/JSON-LD") in formats


# --- read-only --------------------------------------------------------------------------------


def _count(server) -> int:
    rows = _wrapper(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").query()
    return int(rows.convert()["results"]["bindings"][0]["n"]["value"])


def test_update_is_refused(server):
    before = _count(server)
    insert = f"INSERT DATA {{ GRAPH <{A1}> {{ <{E}x> <{ONT}heads> <{E}y> }} }}"
    for request_method in ("urlencoded", POSTDIRECTLY):
        w = SPARQLWrapper(server.sparql)
        w.setMethod(POST)
        w.setRequestMethod(request_method)
        w.setQuery(insert)
        with pytest.raises(Exception) as err:  # urllib HTTPError, re-raised by SPARQLWrapper
            w.query()
        assert err.value.code == 403
    # An update sent as a query gets the same clear answer, not a parse error.
    r = server.http.get("/sparql", params={"query": "PREFIX x: <http://x/> # DELETE\n" + insert})
    assert r.status_code == 403
    assert r.text == "SPARQL Update (INSERT) refused: this endpoint is read-only\n"
    assert _count(server) == before


def test_graph_store_writes_are_refused(server):
    turtle = f"<{E}x> <{ONT}heads> <{E}y> ."
    for method in ("POST", "PUT", "DELETE"):
        r = server.http.request(method, "/rdf-graph-store", params={"graph": A1}, content=turtle,
                                headers={"Content-Type": "text/turtle"})
        assert r.status_code == 405, method
        assert "read-only" in r.text and r.headers["allow"] == "GET, HEAD"
    r = server.http.post("/sparql", params={"graph": A1}, content=turtle,
                         headers={"Content-Type": "text/turtle"})
    assert r.status_code == 403 and "read-only" in r.text
    r = server.http.put("/sparql", content=turtle, headers={"Content-Type": "text/turtle"})
    assert r.status_code == 405


def test_graph_store_reads(server):
    r = server.http.get("/rdf-graph-store", params={"graph": A1},
                        headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert len(rdflib.Graph().parse(data=r.text, format="nt")) == 3
    r = server.http.get("/rdf-graph-store", params={"graph": BASE + "article/none"})
    assert r.status_code == 404


def test_federated_service_is_refused(server):
    r = server.http.get("/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403 and "SERVICE" in r.text


# --- malformed requests and limits ------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(server):
    r = server.http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert r.text.startswith("malformed query: error at 1:")
    with pytest.raises(QueryBadFormed):
        _wrapper(server, "SELECT ?x WHERE {").query()


def test_not_acceptable(server):
    r = server.http.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = server.http.get("/sparql", params={"query": PREFIXES + HEADS},
                        headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "CONSTRUCT" in r.text


def test_unsupported_body_type(server):
    r = server.http.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


def test_two_queries_are_400(server):
    r = server.http.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400


def test_body_too_large(server):
    big = "ASK {}" + " " * 1_100_000
    r = server.http.post("/sparql", content=big.encode(),
                         headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    assert r.text == "request body over the limit of 1000000 bytes\n"


def test_result_over_max_results(server):
    r = server.http.get("/sparql", params={"query": PREFIXES + "SELECT * { ?n kg:value ?v }"})
    assert r.status_code == 422
    assert r.text == (
        "the answer has more than 100 rows (the limit); add a LIMIT or narrow the pattern\n"
    )
    r = server.http.get("/sparql",
                        params={"query": PREFIXES + "CONSTRUCT WHERE { ?n kg:value ?v }"})
    assert r.status_code == 422 and "100 triples" in r.text
    ok = server.http.get("/sparql",
                         params={"query": PREFIXES + "SELECT * { ?n kg:value ?v } LIMIT 100"})
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 100


def test_slow_query_hits_the_time_limit_and_the_server_keeps_answering(server):
    # Aggregates are computed inside Oxigraph before any row: the worker cannot be stopped, but
    # the client has its answer at the deadline and the other worker keeps serving.
    slow = PREFIXES + (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a kg:value ?x . ?b kg:value ?y FILTER(?x != ?y) }"
    )
    started = time.monotonic()
    r = server.http.get("/sparql", params={"query": slow})
    elapsed = time.monotonic() - started
    assert r.status_code == 503
    assert r.text.startswith("query stopped: it ran past the time limit of 0.5 s")
    assert elapsed < 2.0
    assert _wrapper(server, "ASK { e:zelensky kg:heads e:ukraine }").query().convert()["boolean"]
    assert server.http.get("/sparql").status_code == 200
    assert server.http.get("/ping").text == "pong"  # extra routes share the app


def test_store_is_reopened_after_a_write(server):
    # As a `kg build` would: another process writes to the store while the endpoint serves it.
    code = (
        "import sys; from kg.graph.store import GraphStore; s = GraphStore(sys.argv[1]);"
        f"s.load_nquads(b'<{E}kyiv> <{ONT}capitalOf> <{E}ukraine> <{BASE}article/a3> .\\n'); s.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(server.path)], check=True)
    ask = _wrapper(server, "ASK { e:kyiv kg:capitalOf e:ukraine }")
    deadline = time.monotonic() + 10
    while not ask.query().convert()["boolean"]:
        assert time.monotonic() < deadline, "the write never became visible"
        time.sleep(0.2)


# --- the service on its own: the worker pool -------------------------------------------------


@pytest.fixture
def store_path(tmp_path):
    _build_store(tmp_path / "store")
    return tmp_path / "store"


def test_a_streaming_query_stops_at_the_deadline(store_path):
    service = SparqlService(
        store_path, settings=Settings(query_timeout=0.3, max_results=10**9), workers=1
    )
    # Billions of rows, streamed: the worker checks the clock between rows and gives up.
    endless = f"SELECT * WHERE {{ ?a <{ONT}value> ?x . ?b <{ONT}value> ?y . ?c <{ONT}value> ?z }}"
    with pytest.raises(QueryTimeout, match="time limit of 0.3 s"):
        asyncio.run(service.query(endless))
    for _ in range(50):
        if service.busy == 0:
            break
        time.sleep(0.02)
    assert service.busy == 0, "the worker kept running after the deadline"
    assert asyncio.run(service.query(f"ASK {{ <{E}nato> ?p ?o }}")).boolean is True
    service.close()


def test_a_full_pool_answers_busy_then_recovers(store_path):
    service = SparqlService(store_path, settings=Settings(query_timeout=0.3), workers=1)
    release = threading.Event()

    def hold_the_only_worker():
        with pytest.raises(QueryTimeout):  # its client gives up; the worker stays busy
            asyncio.run(service.run(lambda store, check: release.wait(5)))

    held = threading.Thread(target=hold_the_only_worker)
    held.start()
    deadline = time.monotonic() + 30
    while service.busy == 0:  # a loaded machine may start the thread late; a fixed sleep was flaky
        assert time.monotonic() < deadline, "the holding job never started"
        time.sleep(0.01)
    with pytest.raises(QueryTimeout, match="server busy"):
        asyncio.run(service.query("ASK {}"))
    release.set()
    held.join()
    assert asyncio.run(service.query("ASK {}")).boolean is True
    service.close()


def test_service_raises_library_errors(store_path):
    service = SparqlService(store_path, settings=Settings(max_results=5), workers=1)
    with pytest.raises(QueryRefused):
        asyncio.run(service.query("DELETE WHERE { ?s ?p ?o }"))
    with pytest.raises(TooManyResults):
        asyncio.run(service.query("SELECT * { ?s ?p ?o }"))
    service.close()


def test_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the store"):
        create_app(tmp_path / "nothing")


# --- pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("application/xml, */*;q=0.1", "application/sparql-results+xml"),
        ("text/html, */*;q=0.8", "application/sparql-results+json"),
        ("*/*, application/sparql-results+json;q=0", "application/sparql-results+xml"),
        ("image/png", None),
    ],
)
def test_negotiate_results(accept, expected):
    fmt = _negotiate(accept, [], _RESULT_FORMATS)
    assert (fmt.media_type if fmt else None) == expected


def test_negotiate_format_parameter_wins():
    tsv = _negotiate("text/csv", ["tsv"], _RESULT_FORMATS)
    assert tsv.media_type == "text/tab-separated-values"
    assert _negotiate(None, ["json"], _GRAPH_FORMATS).media_type == "application/ld+json"
    assert _negotiate(None, ["xml"], _GRAPH_FORMATS).media_type == "application/rdf+xml"
    assert _negotiate(None, ["nope"], _RESULT_FORMATS) is None


def test_keywords_skip_iris_strings_comments_and_prefixed_names():
    q = """PREFIX from: <http://x/FROM#>
    # FROM in a comment
    SELECT ?from WHERE { ?s from:FROM "FROM" , '''a "FROM" b''' , <http://from/> }"""
    words = _keywords(q)
    assert "FROM" not in words
    assert _query_form(words) == "SELECT"
    assert "FROM" in _keywords("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert _query_form(_keywords("BASE <http://b/> PREFIX x: <y> insert data {}")) == "INSERT"


def test_serve_runs_a_real_server_process(store_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = "import sys; from kg.serve import serve; serve(sys.argv[1], port=int(sys.argv[2]))"
    process = subprocess.Popen([sys.executable, "-c", code, str(store_path), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"})
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.1)
        assert r.json()["boolean"] is True
    finally:
        process.terminate()
        # uvicorn shuts down gracefully, then re-raises the signal it caught.
        assert process.wait(10) in (0, -signal.SIGTERM)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False),
     ("192.168.1.5", False), ("example.org", False)],
)
def test_loopback_hosts(host, loopback):
    assert _is_loopback(host) is loopback


def test_keywords_are_not_hidden_by_escapes():
    # ex:a\#b is one prefixed name: its # must not open a comment hiding the SERVICE after it.
    sneaky = "PREFIX ex: <http://x/> SELECT * { ?s ex:a\\#b ?o . SERVICE <http://h/> {} }"
    assert "SERVICE" in _keywords(sneaky)
    # An IRI with \u escapes is still one token, so a FROM-looking path is not a FROM.
    assert "FROM" not in _keywords("SELECT * { ?s <http://x/\\u0020/FROM> ?o }")


# --- the named queries of queries/, as they are, through a real client on the seed store ----------


@pytest.fixture(scope="module")
def seed_server(seed_store_path):
    with _serving(create_app(seed_store_path, workers=2), "uvicorn-seed") as url:
        yield url + "/sparql"


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(list_queries()))
def test_named_queries_run_unchanged_through_the_endpoint(seed_server, seed_store, name):
    # No PREFIX lines in queries/*.rq: the endpoint predefines the prefixes `kg query` does.
    text = resolve_query(name)
    assert "PREFIX" not in text
    w = SPARQLWrapper(seed_server)
    w.setQuery(text)
    w.setReturnFormat(JSON)
    w.setMethod(POST)
    answer = w.query().convert()
    columns, rows = run_query(seed_store, name)
    assert answer["head"]["vars"] == columns
    got = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
    want = [{k: str(v).lower() if isinstance(v, bool) else v for k, v in r.items() if v is not None} for r in rows]
    assert len(got) == len(want)
    first = columns[0]
    assert [g.get(first) for g in got] == [None if w_.get(first) is None else str(w_[first]) for w_ in want]


@pytest.mark.model
def test_a_query_declaring_its_own_prefix_keeps_it(seed_server):
    w = SPARQLWrapper(seed_server)
    w.setQuery("PREFIX kg: <http://elsewhere.example/#> ASK { ?s kg:heads ?o }")
    w.setReturnFormat(JSON)
    assert w.query().convert()["boolean"] is False
    w.setQuery("ASK { ?s kg:heads ?o }")
    assert w.query().convert()["boolean"] is True
