"""The graph store: an on-disk Oxigraph database, one named graph per article.

Each article's quads live in its own named graph; the default graph holds the merged view: the
*set* union of every named graph's triples, maintained on each write: in the same transaction
for an article written alone or replaced, after the graphs for a batch of new ones (bulk loaded,
marked pending until both are in; :meth:`GraphStore.write_many`).
(Oxigraph's own union-default-graph option repeats a triple once per graph that holds it, so an
entity named in five articles would come back five times; the materialised merged view does not.)
Queries run on the merged view, ``GRAPH ?g { … }`` reaches each article's own graph. An entity
named in two articles is one node with the evidence of both. Re-adding an unchanged article
changes nothing; a changed one (same id, new content) replaces its graph, and a triple leaves the
merged view when no article graph holds it any more.

Evidence counts, article counts and first/last-seen dates across articles are not stored: the
named queries ``facts`` and ``entities-by-type`` aggregate them when they run (a fraction of a
second on 200k triples), so they are right after every replacement without bookkeeping that a
partial write could leave stale. The ontology (``kg/ontology.ttl``) lives in its own named graph
and is replaced when the store is opened for writing by a kg that ships a different one.
:meth:`load` reads back any format :meth:`dump` writes.

Examples
--------
>>> from kg.model import Article, ArticleGraph
>>> store = GraphStore(None)          # in memory, for examples and tests
>>> art = Article.from_text("Hello.")
>>> store.status(art)
'new'
>>> store.write(ArticleGraph(art))
>>> store.status(art), store.stats()["articles"]
('same', 1)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.graph.ontology import fact_predicates, ontology_quads
from kg.graph.rdf import NS, article_iri, rdf_lines, rdf_text, to_rdf
from kg.model import Article, ArticleGraph

__all__ = ["GraphStore", "Status", "PREFIXES"]

_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")

Status = TypingLiteral["new", "same", "changed"]

PREFIXES = """PREFIX kg: <{kg}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""


class GraphStore:
    """An Oxigraph store holding the graph (``path=None``: in memory).

    Parameters
    ----------
    path : str or Path or None
        Folder of the store; created when missing (unless ``read_only``).
    settings : Settings, optional
    read_only : bool
        Open without write access (many readers may share a store).
    """

    def __init__(self, path: str | os.PathLike | None, settings: Settings | None = None, *,
                 read_only: bool = False) -> None:
        self.settings = settings or Settings()
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no kg store here (build one with `kg build … --store {self.path}`)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(
                    f"{self.path}: the store is in use by another kg process (wait for it to finish)"
                ) from None
            raise StoreError(f"{self.path}: cannot open the store: {message}") from None
        self.read_only = read_only
        self._ns = self.settings.ontology_ns
        if not read_only:
            self._ensure_ontology()

    # -- writing -----------------------------------------------------------------------------

    def _ensure_ontology(self) -> None:
        # Compared in full (about 300 triples, a millisecond) rather than by a marker, so a store
        # built by an older kg gets the ontology this kg ships.
        quads = ontology_quads(self.settings)
        graph = quads[0].graph_name
        stored = set(self._store.quads_for_pattern(None, None, None, graph))
        if not stored:  # a new store
            self._bulk_write({graph: _triples(quads)})
        elif stored != set(quads) or self._pending_mark(graph) is not None:
            self._replace_graph(graph, quads)

    def status(self, article: Article) -> Status:
        """Whether ``article`` is new to the store, stored unchanged, or stored with other content."""
        g = ox.NamedNode(article_iri(article.id, self.settings))
        digests = list(self._store.quads_for_pattern(g, ox.NamedNode(self._ns + "digest"), None, g))
        if not digests:
            return "new"
        if self._pending_mark(g) is not None:
            return "changed"  # a killed `kg load` may have written part of it: write it again
        return "same" if digests[0].object.value == article.digest else "changed"

    #: Quads written before the store is flushed to disk: RocksDB otherwise keeps growing its
    #: in-memory write buffers (about 170 MB per 1,000 news articles here, up to several GB),
    #: and a long build's memory would grow with the corpus; flushed this often it stays flat,
    #: and writes are faster (bench/memory.py, docs/scaling.md).
    FLUSH_EVERY = 100_000
    _unflushed = 0

    def write(self, ag: ArticleGraph) -> None:
        """Write one article's graph, replacing any earlier version of that article.

        The named graph and the merged view change together, in one transaction: a build killed
        at any moment leaves each article either wholly in the store or not at all.
        """
        g = ox.NamedNode(article_iri(ag.article.id, self.settings))
        self._replace_graph(g, to_rdf(ag, self.settings))

    def write_many(self, ags: Iterable[ArticleGraph]) -> None:
        """Write several articles' graphs, in order, each as :meth:`write` would.

        Articles new to the store (every article of a first build) go in together through
        Oxigraph's bulk loader, which takes half the CPU of a transaction per article and
        writes without holding the GIL (bench/throughput.py: the store writes were a fifth of the
        model's time). The bulk loader is not atomic, so the batch is marked pending first, as
        :meth:`load_many` does: a build killed meanwhile leaves its articles ``"changed"`` to
        :meth:`status`, and the next build writes them again. Articles the store already holds
        are replaced one transaction each.

        >>> from kg.model import Article, ArticleGraph
        >>> store = GraphStore(None)
        >>> arts = [Article.from_text(t) for t in ("Hello.", "Bye.", "Hello.")]
        >>> store.write_many(ArticleGraph(a) for a in arts)
        >>> [store.status(a) for a in arts], store.stats()["articles"]
        (['same', 'same', 'same'], 2)
        """
        fresh: dict[ox.NamedNode, list[str]] = {}
        for ag in ags:
            iri, triples = rdf_lines(ag, self.settings)
            g = ox.NamedNode(iri)
            if g in fresh or self._holds(g):
                self._bulk_write(fresh)  # an earlier version in this batch goes in first
                fresh = {}
                self._replace_graph(g, to_rdf(ag, self.settings))
            else:
                fresh[g] = triples
        self._bulk_write(fresh)

    def _holds(self, g: ox.NamedNode) -> bool:
        return next(self._store.quads_for_pattern(None, None, None, g), None) is not None

    def remove_article(self, article_id: str) -> bool:
        """Remove an article's graph (and what only it said from the merged view); True when there was one."""
        g = ox.NamedNode(article_iri(article_id, self.settings))
        if not self._store.contains_named_graph(g):
            return False
        self._replace_graph(g, [])
        return True

    def _replace_graph(self, g: ox.NamedNode, quads: list[ox.Quad]) -> None:
        """Replace named graph ``g`` by ``quads`` and update the merged view, in one transaction."""
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only")
        self._write_graph(g, quads)
        mark = self._pending_mark(g)
        if mark is not None:  # written whole now (a killed bulk load had marked it)
            self._store.remove(mark)

    def _write_graph(self, g: ox.NamedNode, quads: list[ox.Quad]) -> None:
        if not self._holds(g):
            # A new graph (write() of a new article, a load with bulk=False): nothing to drop or to
            # take out of the merged view, so add the quads and their merged-view triples in one
            # transaction without a SPARQL update, whose parsing cost as much as the rest of the write.
            if quads:
                try:
                    # to_rdf's quads are in the article's graph already: only the merged view's are built
                    self._store.extend([q if q.graph_name == g else ox.Quad(q.subject, q.predicate, q.object, g)
                                        for q in quads]
                                       + [ox.Quad(q.subject, q.predicate, q.object) for q in quads])
                except OSError as exc:
                    raise StoreError(f"{self.path}: cannot write graph {g.value}: {exc}") from None
                self._written(2 * len(quads))
            return
        new = {(q.subject, q.predicate, q.object) for q in quads}
        old = {(q.subject, q.predicate, q.object) for q in self._store.quads_for_pattern(None, None, None, g)}
        parts = [f"DROP SILENT GRAPH {g}"]
        if new:
            body = " .\n".join(f"{s} {p} {o}" for s, p, o in new)
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body} }}\n{body} }}")
        # blank nodes cannot be named in an update; kg writes none, other data keeps them merged
        gone = {t for t in old - new if not any(isinstance(x, ox.BlankNode) for x in t)}
        if gone:
            rows = "\n".join(f"({s} {p} {o})" for s, p, o in gone)
            parts.append(
                "DELETE { ?s ?p ?o } WHERE { VALUES (?s ?p ?o) {\n" + rows + " }\n"
                "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } } }"
            )
        try:
            self._store.update(" ;\n".join(parts))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: cannot write graph {g.value}: {exc}") from None
        self._written(2 * len(new) + len(old) + len(gone))

    def _written(self, quads: int) -> None:
        self._unflushed += quads
        if self._unflushed >= self.FLUSH_EVERY:
            self._unflushed = 0
            self.flush()

    def load_nquads(self, data: bytes | str | os.PathLike, *, replace: bool = True, bulk: bool = True) -> int:
        """Merge N-Quads (e.g. a shard written by a worker, or an export), graph by graph.

        Each named graph in the data replaces the stored one (with ``replace=False`` it is
        added to it), as a local build does; default-graph triples in the data are ignored, the
        merged view being rebuilt from the named graphs. Returns the number of quads read.
        ``bulk`` as in :meth:`load_many`.
        """
        if isinstance(data, os.PathLike) or (isinstance(data, str) and "\n" not in data and Path(data).exists()):
            data = Path(data).read_bytes()
        return self.load_many([(data, "nquads")], replace=replace, bulk=bulk)

    def load(self, data: bytes | str | os.PathLike, fmt: str = "nquads", *, graph: str | None = None,
             replace: bool = True, bulk: bool = True) -> int:
        """Load RDF in any format :meth:`dump` writes (and N-Triples, RDF/XML), graph by graph.

        Datasets (``nquads``, ``trig``, ``jsonld``): each named graph replaces the stored one,
        default-graph triples are left out (the merged view is rebuilt from the named graphs).
        Triples (``turtle``, ``ntriples``, ``rdfxml``) have no graph: they go into the named graph
        ``graph`` (default ``{base}graph/imported``), so a Turtle export loaded into a fresh store
        gives the same merged view. ``data`` is the content (bytes) or a file path. Returns the
        number of quads or triples read. ``bulk`` as in :meth:`load_many`.

        Examples
        --------
        >>> a = GraphStore(None)
        >>> from kg.model import Article, ArticleGraph
        >>> a.write(ArticleGraph(Article.from_text("Hello.")))
        >>> for fmt in ("nquads", "trig", "jsonld", "turtle"):
        ...     b = GraphStore(None)
        ...     n = b.load(a.dump(fmt), fmt)
        ...     assert b.dump(fmt) == a.dump(fmt), fmt
        """
        if isinstance(data, (str, os.PathLike)):
            data = Path(data).read_bytes()
        return self.load_many([(data, fmt)], graph=graph, replace=replace, bulk=bulk)

    def load_many(self, sources: Iterable[tuple[bytes | str | os.PathLike, str]], *, graph: str | None = None,
                  replace: bool = True, bulk: bool = True) -> int:
        """Load several files or contents, ``(data, fmt)`` pairs, as one dataset; see :meth:`load`.

        Everything is read before anything is written, so unreadable data leaves the store as it
        was. A graph spread over several sources is the union of its parts.

        Graphs the store does not hold yet (restoring an export, merging shards into a new store)
        go through Oxigraph's bulk loader when ``bulk`` (the default): their quads first, then their
        merged-view triples, several times faster than a transaction per graph. Graphs the store
        holds with other content are replaced one transaction each, as :meth:`write` does; graphs
        it holds unchanged only get their merged-view triples (again).

        The bulk loader is not atomic. A load killed during it leaves some new graphs whole, some
        partly written, and part of their merged-view triples; never a merged-view triple without
        its graph, as the graphs are written first. Running the same load again completes it and
        gives the same store as an uninterrupted run: a partly written graph now differs from the
        data, so it is replaced in a transaction; a whole one is unchanged, so its merged-view
        triples are added (again; adding a triple the view holds changes nothing). Until then the
        graphs it was writing stay marked (in the graph ``{base}graph/loading``, which exports
        then show and loads ignore): :meth:`status` calls their articles ``"changed"``, so
        ``kg build`` writes them again rather than skip a half-written graph, and :meth:`write`
        clears the mark. ``bulk=False`` loads every graph in its own transaction (slower; same
        result). Returns the number of quads or triples read.
        """
        graphs: dict[ox.NamedNode, set[ox.Quad]] = {}
        n = 0
        pending = self._pending_graph
        for data, fmt in sources:
            rdf_format = _rdf_format(fmt)
            what = f"{fmt}"
            if isinstance(data, os.PathLike):
                what = f"{data} as {fmt}"
                data = Path(data).read_bytes()
            target = None if rdf_format.supports_datasets else ox.NamedNode(
                graph or self.settings.base_iri + "graph/imported")
            try:
                for q in ox.parse(data, rdf_format):
                    n += 1
                    if target is not None:
                        graphs.setdefault(target, set()).add(ox.Quad(q.subject, q.predicate, q.object, target))
                    elif isinstance(q.graph_name, ox.NamedNode) and q.graph_name != pending:
                        # another store's marks (a dump taken during a killed load) are not data
                        graphs.setdefault(q.graph_name, set()).add(q)
            except (SyntaxError, ValueError) as exc:
                raise StoreError(f"cannot read {what}: {exc}") from None
        self._load_graphs(graphs, replace=replace, bulk=bulk)
        return n

    def _load_graphs(self, graphs: Mapping[ox.NamedNode, set[ox.Quad]], *, replace: bool, bulk: bool) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only")
        fresh: list[ox.NamedNode] = []
        merged_only: list[set[ox.Quad]] = []
        before = {g: set(self._store.quads_for_pattern(None, None, None, g)) for g in graphs}
        canonical = ox.Store()
        if bulk:
            # compared as the store keeps them: it stores literals in canonical form ("0.710" as
            # 0.71), so data written by to_rdf would never equal what a first load stored
            canonical.extend(q for g, stored in before.items() if stored for q in graphs[g])
        for g, quads in graphs.items():
            stored = before[g]
            if bulk and not stored:
                fresh.append(g)
                continue
            if bulk:
                quads = set(canonical.quads_for_pattern(None, None, None, g))
            if not replace:
                quads = quads | stored
            if bulk and quads == stored:
                merged_only.append(quads)
            else:
                self._replace_graph(g, list(quads))

        self._bulk_write({g: _triples(graphs[g]) for g in fresh},
                         {next(iter(part)).graph_name: _triples(part) for part in merged_only if part})

    def _bulk_write(self, graphs: Mapping[ox.NamedNode, list[str]],
                    merged_only: Mapping[ox.NamedNode, list[str]] | None = None) -> None:
        """Write named graphs the store does not hold, and their merged-view triples, through
        Oxigraph's bulk loader; ``merged_only``: graphs the store holds as they are, whose
        merged-view triples are written (again). Each graph comes as its triples' N-Triples
        text (without the final " .", as :func:`kg.graph.rdf.rdf_lines` makes them).

        The loader gets N-Quads text, which it parses and writes with the GIL released (its
        ``bulk_extend`` holds the GIL while it writes: the parse would wait).
        """
        graphs = {g: t for g, t in graphs.items() if t}
        merged_only = {g: t for g, t in (merged_only or {}).items() if t}
        if not (graphs or merged_only):
            return
        marked = [*graphs, *merged_only]
        named = [rdf_text(t, g.value) for g, t in graphs.items()]
        view = [rdf_text(t) for t in (*graphs.values(), *merged_only.values())]
        try:
            # Marked first, in one transaction: until the bulk loader has written a graph and its
            # merged-view triples, status() calls its article "changed", so a `kg build` after a
            # killed write or load writes it again instead of skipping a half-written graph.
            self._store.extend([self._mark(g) for g in marked])
            # graphs before their merged-view triples, so a killed load leaves no triple in the view
            # that no graph holds (rerunning it could not take that out)
            self._store.bulk_load("".join(named).encode("utf-8"), ox.RdfFormat.N_QUADS)
            self._store.bulk_load("".join(view).encode("utf-8"), ox.RdfFormat.N_QUADS)
            for g in marked:
                self._store.remove(self._mark(g))
            if next(self._store.quads_for_pattern(None, None, None, self._pending_graph), None) is None:
                self._store.remove_graph(self._pending_graph)  # no empty graph left behind in the store
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write the graphs {marked[0].value}…: {exc}") from None

    @property
    def _pending_graph(self) -> ox.NamedNode:
        """The graph that marks article graphs a bulk load has not finished (empty but after a kill)."""
        return ox.NamedNode(self.settings.base_iri + "graph/loading")

    def _mark(self, g: ox.NamedNode) -> ox.Quad:
        return ox.Quad(g, ox.NamedNode(self._ns + "pendingLoad"), ox.Literal("true", datatype=_XSD_BOOLEAN),
                       self._pending_graph)

    def _pending_mark(self, g: ox.NamedNode) -> ox.Quad | None:
        return next(self._store.quads_for_pattern(g, None, None, self._pending_graph), None)

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot write to disk: {exc}") from None

    def close(self) -> None:
        """Flush and release the store (the object must not be used afterwards)."""
        self.flush()
        del self._store

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.close()
        except StoreError:
            if exc[0] is None:
                raise  # else the error that ended the block says more (and the same disk is full)

    # -- reading -----------------------------------------------------------------------------

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for rdflib through oxrdflib, or raw access)."""
        return self._store

    @property
    def prefixes(self) -> str:
        return PREFIXES.format(kg=self._ns)

    def query(self, sparql: str, params: Mapping[str, object] | None = None, *,
              union: bool = False) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
        """Run SPARQL in Oxigraph over the merged view; ``params`` bind variables (never pasted).

        ``union=True`` queries Oxigraph's bag union of the graphs instead (one row per graph).

        Binding uses Oxigraph's substitutions (SPARQL SEP-0007): a bound variable must be one
        the query projects (``SELECT ?name …``). Values of ``params`` may be pyoxigraph terms, or Python strings (IRIs when they start
        with ``http``, else plain literals), ints, floats and bools.
        """
        subs = {ox.Variable(k.lstrip("?$")): _term(v) for k, v in (params or {}).items()}
        try:
            return self._store.query(sparql, prefixes=_prefix_map(self._ns), use_default_graph_as_union=union,
                                     substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        except RuntimeError as exc:
            if "projection" in str(exc):
                raise QueryError(
                    f"a parameter must be a variable the query selects: {exc} (add it to the SELECT clause)"
                ) from None
            raise QueryError(f"query failed: {exc}") from None
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None

    def select(self, sparql: str, params: Mapping[str, object] | None = None) -> list[dict[str, object]]:
        """Run a SELECT and return rows as dicts of Python values (str, int, float …)."""
        result = self.query(sparql, params)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: _python(row[n]) for n in names} for row in result]

    def stats(self) -> dict[str, int]:
        """Counts: articles, entities, facts (distinct s-p-o triples), evidence records."""
        preds = " ".join(f"kg:{p}" for p in sorted(fact_predicates()))
        row = self.select(f"""
            SELECT
              (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?e) AS ?entities)
              (COUNT(DISTINCT ?ev) AS ?evidence)
            WHERE {{
              {{ ?a a schema:NewsArticle }} UNION {{ ?e a kg:Entity }} UNION {{ ?ev a kg:Evidence }}
            }}""")[0]
        facts = self.select(f"""
            SELECT (COUNT(*) AS ?facts) WHERE {{
              SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o }}
            }}""")[0]["facts"]
        return {"articles": row["articles"], "entities": row["entities"], "facts": facts,
                "evidence": row["evidence"]}

    def article_ids(self) -> list[str]:
        return [r["id"] for r in self.select("SELECT ?id WHERE { ?a a schema:NewsArticle ; schema:identifier ?id }")]

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (the merged view left out)."""
        return (q for q in self._store if isinstance(q.graph_name, ox.NamedNode))

    # -- export ------------------------------------------------------------------------------

    def dump(self, fmt: str = "nquads") -> bytes:
        """Serialise the graph, deterministically (sorted).

        ``nquads``, ``trig`` and ``jsonld`` hold the named graphs (articles and the ontology);
        the merged view, derived from them, is left out and rebuilt by :meth:`load_nquads`.
        ``turtle`` is the merged view alone.
        """
        fmt = fmt.lower()
        if fmt in ("nquads", "nq"):
            lines = []
            for g in self._store.named_graphs():
                raw = self._store.dump(format=ox.RdfFormat.N_QUADS, from_graph=g).decode("utf-8")
                # "\n" only: str.splitlines also splits at U+2028, U+0085 …, which N-Quads leaves raw in literals
                lines += [f"{line[:-2]} {g} .\n" for line in raw.split("\n") if line]
            return "".join(sorted(lines)).encode("utf-8")
        if fmt == "trig":
            return _sorted_dataset(self._store, ox.RdfFormat.TRIG, self._ns)
        if fmt in ("turtle", "ttl"):
            return _merged(self._store, ox.RdfFormat.TURTLE, self._ns)
        if fmt in ("jsonld", "json-ld"):
            return _sorted_dataset(self._store, ox.RdfFormat.JSON_LD, self._ns)
        raise StoreError(f"unknown export format {fmt!r} (turtle, trig, nquads, jsonld; graphml via kg export)")


_RDF_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD, "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML, "rdf": ox.RdfFormat.RDF_XML,
}


def _triples(quads: Iterable[ox.Quad]) -> list[str]:
    """Quads' triples as N-Triples text, as :func:`kg.graph.rdf.rdf_lines` makes an article's."""
    return [str(q.triple) for q in quads]


def _rdf_format(fmt: str) -> ox.RdfFormat:
    try:
        return _RDF_FORMATS[fmt.lower()]
    except KeyError:
        raise StoreError(f"unknown RDF format {fmt!r} (nquads, trig, jsonld, turtle, ntriples, rdfxml)") from None


def _sorted_dataset(store: ox.Store, fmt: ox.RdfFormat, kg_ns: str) -> bytes:
    """Serialise quads in sorted order so exports do not depend on insertion order."""
    quads = sorted((q for q in store if isinstance(q.graph_name, ox.NamedNode)), key=_quad_key)
    return ox.serialize(quads, format=fmt, prefixes=_prefix_map(kg_ns)) or b""


def _merged(store: ox.Store, fmt: ox.RdfFormat, kg_ns: str) -> bytes:
    """The merged view (union of all graphs) as triples, sorted."""
    triples = sorted((ox.Triple(q.subject, q.predicate, q.object)
                      for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), key=_quad_key)
    return ox.serialize(triples, format=fmt, prefixes=_prefix_map(kg_ns)) or b""


def _quad_key(q: ox.Quad | ox.Triple) -> tuple[str, ...]:
    g = str(q.graph_name) if isinstance(q, ox.Quad) else ""
    return (g, str(q.subject), str(q.predicate), str(q.object))


def _prefix_map(kg_ns: str) -> dict[str, str]:
    return {"kg": kg_ns, **{k: v for k, v in NS.items() if k != "gn"}}


def _term(value: object) -> ox.NamedNode | ox.Literal:
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(NS["xsd"] + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(NS["xsd"] + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(NS["xsd"] + "double"))
    text = str(value)
    if text.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(text)
    return ox.Literal(text)


def _python(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#long", "#int")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return getattr(term, "value", str(term))

