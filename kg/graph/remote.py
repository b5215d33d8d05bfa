"""A graph store on a SPARQL 1.1 server: Virtuoso, Fuseki, GraphDB, QLever …

:class:`RemoteStore` has the interface of :class:`~kg.graph.store.GraphStore` that ``kg build``,
``kg query``, ``kg stats``, ``kg export`` and ``kg render`` use, over the standard protocols:

* writes go through the SPARQL 1.1 Graph Store HTTP Protocol, one ``PUT`` per article graph
  (which replaces the graph whole, the merge rule of a local build), sent in batches: articles
  are buffered and each batch goes out over a pool of keep-alive connections;
* reads go through the SPARQL 1.1 Protocol (``POST`` of ``query=…``), answers parsed by
  pyoxigraph, so :meth:`RemoteStore.query` returns the same objects as the local store's;
* "is this article stored, and unchanged?" is one query per batch of articles.

What differs from the local store: the server keeps the article graphs (and the ontology graph)
only, and queries run over the server's default graph. Virtuoso, GraphDB and QLever make that
the union of all graphs; Fuseki does with ``unionDefaultGraph`` set on its dataset. A triple
stated by two articles may then come back once per article where the local store's merged view
has it once: count with ``DISTINCT``. ``params`` are bound with a ``VALUES`` block at the top
of the WHERE group, joined by the engine (the local store substitutes them instead; the results
agree for the named queries).

URLs: ``endpoint`` answers queries; ``update`` (default: ``endpoint``) takes SPARQL Update;
``graph_store`` (default: Virtuoso's convention, ``endpoint`` + ``-graph-crud`` when the endpoint
ends in ``/sparql``, else ``endpoint``) is the Graph Store Protocol URL. ``docs/scaling.md``
lists them for each server.

Examples
--------
>>> is_remote("http://127.0.0.1:8890/sparql"), is_remote("out/store")
(True, False)
>>> default_graph_store("http://127.0.0.1:8890/sparql")
'http://127.0.0.1:8890/sparql-graph-crud'
>>> print(bind_values("SELECT ?s ?name WHERE { ?s rdfs:label ?name }", {"name": "NATO"}))
SELECT ?s ?name WHERE { VALUES (?name) { ("NATO") } ?s rdfs:label ?name }
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.graph.ontology import ONTOLOGY_GRAPH, ontology_turtle
from kg.graph.rdf import article_iri, rdf_lines, rdf_text
from kg.graph.store import PREFIXES, GraphStore, Status, _term
from kg.model import Article, ArticleGraph

if TYPE_CHECKING:
    import httpx

__all__ = ["RemoteStore", "open_store", "is_remote", "default_graph_store", "bind_values"]

_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_RESULTS = f"{_RESULTS_JSON}, application/sparql-results+xml;q=0.8"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.8, text/plain;q=0.5"
_PREFIX_DECL = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:")


def is_remote(location: object) -> bool:
    """True when ``location`` is an ``http(s)://`` URL (a SPARQL endpoint), not a folder."""
    return str(location).startswith(("http://", "https://"))


def default_graph_store(endpoint: str) -> str:
    """The Graph Store Protocol URL assumed when none is given (Virtuoso's naming)."""
    return endpoint + "-graph-crud" if endpoint.rstrip("/").endswith("/sparql") else endpoint


def bind_values(sparql: str, params: Mapping[str, object]) -> str:
    """Bind ``params`` with a ``VALUES`` block opening the query's WHERE group.

    The values are serialised as RDF terms (never pasted as text). The block goes first in the
    group rather than after the query, where SPARQL also allows it: Virtuoso 7.2 answers a
    trailing ``VALUES`` wrongly when the query has a FILTER.

    >>> print(bind_values('SELECT * WHERE { ?e rdfs:label ?name } # {', {"name": 'A "B"'}))
    SELECT * WHERE { VALUES (?name) { ("A \\"B\\"") } ?e rdfs:label ?name } # {
    """
    if not params:
        return sparql
    names = " ".join(f"?{k.lstrip('?$')}" for k in params)
    terms = " ".join(str(_term(v)) for v in params.values())
    at = _where_group(sparql)
    if at is None:
        raise QueryError("cannot bind parameters: no WHERE { … } group found in the query")
    return f"{sparql[:at]} VALUES ({names}) {{ ({terms}) }}{sparql[at:]}"


_TOKEN = re.compile(
    r'#[^\n]*|"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>"
    r"|(?i:(?<![?$\w:])(?:WHERE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b)|[{}]",
    re.DOTALL,
)


def _where_group(sparql: str) -> int | None:
    """Offset just inside the ``{`` of the top-level WHERE group (comments, strings, IRIs skipped).

    Without the WHERE keyword (``SELECT * { … }``, ``ASK { … }``) the first top-level group is it;
    a CONSTRUCT template comes before WHERE, so it is passed over.
    """
    depth = 0
    first: int | None = None
    after_where = False
    for m in _TOKEN.finditer(sparql):
        tok = m.group()
        if tok == "{":
            if depth == 0:
                if after_where:
                    return m.end()
                if first is None:
                    first = m.end()
            depth += 1
        elif tok == "}":
            depth = max(0, depth - 1)
        elif tok.upper() == "WHERE" and depth == 0:
            after_where = True
    return None if after_where else first


def query_form(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first such keyword outside strings and comments.

    >>> query_form('PREFIX x: <http://a#construct> # ASK\\nSELECT ?s WHERE { ?s ?p "CONSTRUCT" }')
    'SELECT'
    """
    for m in _TOKEN.finditer(sparql):
        tok = m.group().upper()
        if tok in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok
    return "SELECT"


def open_store(location: str | os.PathLike, settings: Settings | None = None, *, read_only: bool = False,
               update: str | None = None, graph_store: str | None = None, user: str | None = None,
               password: str | None = None, auth: str = "basic") -> GraphStore | RemoteStore:
    """A :class:`RemoteStore` for an ``http(s)`` endpoint URL, else the on-disk :class:`GraphStore`."""
    if is_remote(location):
        return RemoteStore(str(location), settings, update=update, graph_store=graph_store, user=user,
                           password=password, auth=auth, read_only=read_only)
    return GraphStore(location, settings, read_only=read_only)


class RemoteStore:
    """The graph in a SPARQL 1.1 server, one named graph per article.

    Parameters
    ----------
    endpoint : str
        Query URL (``http://host:8890/sparql``).
    settings : Settings, optional
    update, graph_store : str, optional
        SPARQL Update and Graph Store Protocol URLs (defaults in the module docstring).
    user, password : str, optional
        Credentials for the update and graph-store URLs (and queries), sent with ``auth``.
    auth : {"basic", "digest"}
        HTTP authentication scheme (Virtuoso's ``-auth`` endpoints use digest).
    read_only : bool
        Refuse writes (and do not install the ontology graph).
    batch_size : int, optional
        Article graphs buffered before they are sent (default ``settings.batch_size``).
    connections : int
        Graph Store requests in flight at once while a batch is sent.
    timeout : float
        Seconds to wait for one HTTP request.
    """

    def __init__(self, endpoint: str, settings: Settings | None = None, *, update: str | None = None,
                 graph_store: str | None = None, user: str | None = None, password: str | None = None,
                 auth: str = "basic", read_only: bool = False, batch_size: int | None = None,
                 connections: int = 4, timeout: float = 300.0) -> None:
        import httpx

        self.settings = settings or Settings()
        self.endpoint = endpoint
        self.update_url = update or endpoint
        self.graph_store_url = graph_store or default_graph_store(endpoint)
        self.read_only = read_only
        self.path = None  # no folder: code that prints where the store is uses ``location``
        self.location = endpoint
        self._ns = self.settings.ontology_ns
        self._batch = batch_size or self.settings.batch_size
        self._connections = max(1, connections)
        credentials = None
        if user is not None:
            if auth not in ("basic", "digest"):
                raise StoreError(f"unknown HTTP authentication {auth!r} (basic, digest)")
            kind = httpx.DigestAuth if auth == "digest" else httpx.BasicAuth
            credentials = kind(user, password or "")
        self._http = httpx.Client(auth=credentials, timeout=timeout, follow_redirects=True,
                                  limits=httpx.Limits(max_connections=self._connections + 2))
        # graph IRI → (N-Triples of the graph, digest of its article or None), sent by flush()
        self._pending: dict[str, tuple[bytes, str | None]] = {}
        self._copy: GraphStore | None = None  # see the oxigraph property
        try:
            self.ask("ASK { }")
        except QueryError as exc:
            self._http.close()
            raise StoreError(f"{endpoint}: not a SPARQL endpoint kg can use: {exc}") from None
        if not read_only:
            self._ensure_ontology()

    # -- writing -------------------------------------------------------------------------------

    def _ensure_ontology(self) -> None:
        # compared in full, as the local store does, so a server written by an older kg gets
        # the ontology this kg ships
        graph = self.settings.base_iri + ONTOLOGY_GRAPH
        shipped = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(ontology_turtle(self.settings).encode("utf-8"), ox.RdfFormat.TURTLE)]
        if set(self.graph(graph)) != set(shipped):
            self._send("PUT", graph, ox.serialize(shipped, format=ox.RdfFormat.N_TRIPLES) or b"")

    def status(self, article: Article) -> Status:
        """Whether ``article`` is new to the store, stored unchanged, or stored with other content."""
        return self.statuses([article])[article.id]

    def statuses(self, articles: Iterable[Article]) -> dict[str, Status]:
        """:meth:`status` of many articles in one query: article id → status."""
        articles = list(articles)
        graphs = {article_iri(a.id, self.settings): a for a in articles}
        pending = self._pending  # flush() swaps in a new dict (a writer thread may be sending)
        queued = {g: pending[g][1] for g in graphs if g in pending}
        stored: dict[str, str] = {}
        unsent = [g for g in graphs if g not in queued]
        for start in range(0, len(unsent), 500):  # bounded query size
            values = " ".join(f"<{g}>" for g in unsent[start:start + 500])
            rows = self.select(f"SELECT ?g ?d WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g kg:digest ?d }} }}")
            stored.update((r["g"], r["d"]) for r in rows)
        stored.update((g, d) for g, d in queued.items() if d is not None)
        out: dict[str, Status] = {}
        for g, a in graphs.items():
            d = stored.get(g)
            out[a.id] = "new" if d is None else "same" if d == a.digest else "changed"
        return out

    def write(self, ag: ArticleGraph) -> None:
        """Queue one article's graph; it replaces any earlier version when its batch is sent.

        A batch goes out when ``batch_size`` graphs are queued, and on :meth:`flush` / close.
        """
        self._check_writable()
        g = article_iri(ag.article.id, self.settings)
        _, triples = rdf_lines(ag, self.settings)
        self._pending[g] = (rdf_text(triples).encode("utf-8"), ag.article.digest)
        if len(self._pending) >= self._batch:
            self.flush()

    def write_many(self, ags: Iterable[ArticleGraph]) -> None:
        """:meth:`write` each of ``ags`` (they are batched there)."""
        for ag in ags:
            self.write(ag)

    def remove_article(self, article_id: str) -> bool:
        """Remove an article's graph; True when there was one."""
        self._check_writable()
        g = article_iri(article_id, self.settings)
        self._pending.pop(g, None)
        return self._send("DELETE", g, None)

    def load_nquads(self, data: bytes | str | os.PathLike, *, replace: bool = True) -> int:
        """Merge N-Quads (a worker's shard, an export), graph by graph, as :meth:`GraphStore.load_nquads`.

        Each named graph in the data replaces the stored one (``replace=False``: is added to it);
        default-graph triples are ignored. Returns the number of quads read.
        """
        self._check_writable()
        if isinstance(data, os.PathLike) or (isinstance(data, str) and "\n" not in data and Path(data).exists()):
            data = Path(data).read_bytes()
        if isinstance(data, str):
            data = data.encode("utf-8")
        graphs: dict[str, list[ox.Triple]] = {}
        n = 0
        for q in ox.parse(data, ox.RdfFormat.N_QUADS):
            n += 1
            if isinstance(q.graph_name, ox.NamedNode):
                graphs.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
        if not replace:
            self.flush()  # an append must land after any queued replacement of the same graph
            bodies = [(g, ox.serialize(t, format=ox.RdfFormat.N_TRIPLES) or b"") for g, t in graphs.items()]
            self._send_all("POST", bodies)
            return n
        digest_p = self._ns + "digest"
        for g, triples in graphs.items():
            digest = next((t.object.value for t in triples
                           if t.predicate.value == digest_p and t.subject.value == g), None)
            self._pending[g] = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", digest)
            if len(self._pending) >= self._batch:
                self.flush()
        return n

    def flush(self) -> None:
        """Send the queued article graphs (Graph Store ``PUT`` s, ``connections`` at a time)."""
        if not self._pending:
            return
        batch, self._pending = self._pending, {}
        self._send_all("PUT", [(g, body) for g, (body, _) in batch.items()])

    def close(self) -> None:
        """Send what is queued and close the connections."""
        try:
            if not self.read_only:
                self.flush()
        finally:
            self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.endpoint}: the store is open read-only")

    def _send_all(self, method: str, bodies: list[tuple[str, bytes]]) -> None:
        if len(bodies) == 1 or self._connections == 1:
            for g, body in bodies:
                self._send(method, g, body)
            return
        with ThreadPoolExecutor(self._connections) as pool:
            for _ in pool.map(lambda item: self._send(method, *item), bodies):
                pass

    def _send(self, method: str, graph: str, body: bytes | None) -> bool:
        """One Graph Store request on ``graph``; False for a DELETE of a graph that is not there."""
        import httpx

        headers = {"Content-Type": "application/n-triples"} if body is not None else {}
        try:
            r = self._http.request(method, self.graph_store_url, params={"graph": graph}, content=body,
                                   headers=headers)
        except httpx.HTTPError as exc:
            raise StoreError(f"{self.graph_store_url}: cannot {method} graph {graph}: {exc}") from None
        if method == "DELETE" and r.status_code == 404:
            return False
        if r.status_code >= 400:
            raise StoreError(f"{self.graph_store_url}: {method} graph {graph} failed: "
                             f"HTTP {r.status_code}{_hint(r)} {_first_line(r.text)}")
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the server (prefixes of :data:`~kg.graph.store.PREFIXES` declared)."""
        import httpx

        self._check_writable()
        try:
            r = self._http.post(self.update_url, data={"update": self._with_prefixes(sparql)})
        except httpx.HTTPError as exc:
            raise StoreError(f"{self.update_url}: {exc}") from None
        if r.status_code >= 400:
            raise StoreError(f"{self.update_url}: update failed: HTTP {r.status_code} {_first_line(r.text)}")

    # -- reading -------------------------------------------------------------------------------

    @property
    def prefixes(self) -> str:
        return PREFIXES.format(kg=self._ns)

    def _with_prefixes(self, sparql: str) -> str:
        declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
        lines = [line for line in self.prefixes.splitlines()
                 if _PREFIX_DECL.match(line) and _PREFIX_DECL.match(line).group(1) not in declared]
        return "\n".join(lines) + "\n" + sparql

    def query(self, sparql: str, params: Mapping[str, object] | None = None, *,
              union: bool = True) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run SPARQL on the server: SELECT → solutions, ASK → boolean, CONSTRUCT → a list of triples.

        ``union`` is accepted for the local store's signature; the server's default graph decides.
        """
        import httpx

        text = self._with_prefixes(bind_values(sparql, params or {}))
        try:
            # offer only the kind of answer the query form gives: Virtuoso would send a CONSTRUCT
            # as SPARQL-results JSON if asked for that first
            accept = _ACCEPT_GRAPH if query_form(text) in ("CONSTRUCT", "DESCRIBE") else _ACCEPT_RESULTS
            r = self._http.post(self.endpoint, data={"query": text}, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise QueryError(f"{self.endpoint}: {exc}") from None
        if r.status_code >= 400:
            raise QueryError(f"{self.endpoint}: HTTP {r.status_code}: {_first_line(r.text)}")
        media = r.headers.get("content-type", "").split(";")[0].strip()
        results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
        try:
            if results_format is not None:
                return ox.parse_query_results(r.content, format=results_format)
            rdf_format = ox.RdfFormat.from_media_type(media) if media else None
            if rdf_format is None:
                raise QueryError(f"{self.endpoint}: unexpected answer of type {media or 'unknown'}")
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(r.content, rdf_format)]
        except SyntaxError as exc:
            raise QueryError(f"{self.endpoint}: unreadable answer: {exc}") from None

    def ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    # The reading helpers are the local store's own, running on :meth:`query` here: one
    # definition of "facts", "entities" … for both stores.
    select = GraphStore.select
    stats = GraphStore.stats
    article_ids = GraphStore.article_ids

    def graphs(self) -> list[str]:
        """The IRIs of kg's graphs on the server: every article graph and the ontology graph."""
        rows = self.select("SELECT ?g WHERE { GRAPH ?g { ?g a schema:NewsArticle } }")
        ontology = self.settings.base_iri + ONTOLOGY_GRAPH
        out = sorted(r["g"] for r in rows)
        if self.ask(f"ASK {{ GRAPH <{ontology}> {{ ?s ?p ?o }} }}"):
            out.append(ontology)
        return out

    def graph(self, iri: str) -> list[ox.Triple]:
        """One graph's triples, read with a Graph Store ``GET``."""
        import httpx

        try:
            r = self._http.get(self.graph_store_url, params={"graph": iri}, headers={"Accept": "application/n-triples"})
        except httpx.HTTPError as exc:
            raise StoreError(f"{self.graph_store_url}: cannot read graph {iri}: {exc}") from None
        if r.status_code == 404:
            return []
        if r.status_code >= 400:
            raise StoreError(f"{self.graph_store_url}: GET graph {iri} failed: HTTP {r.status_code}{_hint(r)}")
        media = r.headers.get("content-type", "").split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(r.content, fmt)]

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of kg's graphs, graph by graph."""
        for g in self.graphs():
            node = ox.NamedNode(g)
            for t in self.graph(g):
                yield ox.Quad(t.subject, t.predicate, t.object, node)

    def dump(self, fmt: str = "nquads") -> bytes:
        """Serialise kg's graphs exactly as :meth:`GraphStore.dump` does (sorted, deterministic)."""
        return self.local_copy().dump(fmt)

    def local_copy(self) -> GraphStore:
        """kg's graphs read into an in-memory :class:`GraphStore` (merged view rebuilt)."""
        local = GraphStore(None, self.settings)
        local.load_nquads(ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS) or b"")
        return local

    @property
    def oxigraph(self) -> ox.Store:
        """A pyoxigraph store holding a copy of kg's graphs, read on first use.

        For code that works on Oxigraph itself (``kg render``, ``kg site``): it reads every article
        graph once (Graph Store ``GET`` s), which suits a desk's graph, not a server of millions.
        """
        if self._copy is None:
            self._copy = self.local_copy()
        return self._copy.oxigraph


def _hint(response: httpx.Response) -> str:
    if response.status_code in (401, 403):
        return " (not allowed: check --store-user, KG_STORE_PASSWORD and --store-auth)"
    return ""


def _first_line(text: str, limit: int = 300) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = next((x for x in lines if "error" in x.lower()), lines[0] if lines else "")
    return line[:limit]

