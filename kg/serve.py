"""A read-only SPARQL 1.1 Protocol endpoint over the on-disk Oxigraph store.

``create_app`` builds a Starlette app with

- ``/sparql``: queries by GET ``?query=``, POST ``application/x-www-form-urlencoded`` and POST
  ``application/sparql-query``, with ``default-graph-uri``/``named-graph-uri``; the answer format
  follows ``Accept`` or a ``format=`` parameter. GET without a query returns the SPARQL 1.1 Service
  Description.
- ``/rdf-graph-store``: the Graph Store Protocol for reading (``GET ?graph=IRI`` or ``?default``).

The prefixes ``kg query`` predefines (``kg:``, ``schema:``, ``rdf:``, ``rdfs:``, ``owl:``, ``skos:``,
``prov:``, ``xsd:``, ``wd:``) are predefined here too, so the named queries of ``queries/`` run as
they are; a query's own ``PREFIX`` declarations take precedence.

The default graph is the store's merged view (the set union of the named graphs, one per article,
kept by :mod:`kg.graph.store`), unless the query has its own ``FROM``/``FROM NAMED`` or the
request names graphs.

Nothing writes: SPARQL Update gets 403, Graph Store writes 405 (403 when POSTed to ``/sparql``).
Limits, each answered with a one-line ``text/plain`` message:

=====================================================  ======
request body over ``max_body`` bytes (1 MB)            413
answer over ``Settings.max_results`` rows or triples   422
query running (or waiting for a worker) past           503
``Settings.query_timeout`` seconds
malformed query, missing or repeated ``query``         400
``SERVICE`` (federated query: outbound HTTP)           403
no acceptable answer format                            406
=====================================================  ======

Queries run in a fixed pool of daemon worker threads; Oxigraph releases the GIL while it evaluates,
so the event loop stays free. Oxigraph cannot cancel a query: results are consumed one at a time
with the clock checked between them, which stops a query that streams. A query that computes
everything before its first result (``ASK``, aggregates, ``ORDER BY``, a filter nothing passes)
keeps its worker until Oxigraph returns; the client has its 503 at the deadline and the fixed pool
means such queries can occupy at most ``workers`` threads while the server keeps answering (other
queries wait for a free worker up to their own time limit).

The store is opened with ``pyoxigraph.Store.read_only``: a snapshot taken when it is opened. A
``kg build`` writing meanwhile in another process is allowed by RocksDB (a read-only open takes no
lock), but pyoxigraph documents it as undefined behaviour, and an open read-only store never sees
later writes. So the endpoint re-opens the store (about 40 ms for 10k triples) when the files in
its folder have changed, checked at most once a second; a failed re-open keeps the previous
snapshot.

Examples
--------
>>> import pyoxigraph, tempfile
>>> path = tempfile.mkdtemp()
>>> pyoxigraph.Store(path).flush()
>>> app = create_app(path)
>>> sorted(r.path for r in app.routes)
['/rdf-graph-store', '/sparql']
>>> app.state.sparql.close()
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ipaddress
import json
import logging
import os
import queue
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import pyoxigraph as ox
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kg.config import Settings
from kg.errors import QueryError, StoreError
from kg.graph.rdf import NS
from kg.graph.store import _prefix_map

__all__ = [
    "create_app",
    "serve",
    "SparqlService",
    "Answer",
    "QueryTimeout",
    "TooManyResults",
    "QueryRefused",
    "MAX_BODY_BYTES",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_BODY_BYTES = 1_000_000
"""Largest request body accepted (bytes); a query of that size is already unreasonable."""

_STORE_RECHECK_SECONDS = 1.0
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
_SD = "http://www.w3.org/ns/sparql-service-description#"
_RDF = NS["rdf"]
_RDFS = NS["rdfs"]
# Oxigraph's RdfFormat.JSON_LD.iri is https://www.w3.org/ns/formats/data/JSON-LD, not the
# registered http://www.w3.org/ns/formats/JSON-LD: the format IRIs are ours.
_FORMATS = "http://www.w3.org/ns/formats/"

# First keyword of every SPARQL 1.1 Update operation; none of them can start a query.
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

# Just enough of the SPARQL lexer to find keywords outside IRIs, strings and comments: the query
# form (to refuse updates with a clear message rather than Oxigraph's "expected CONSTRUCT")
# and SERVICE.
# Prefixed names (kg:from, with escapes as in ex:a\#b) and variables (?from) are one token, so
# they never look like keywords, nor does an escaped # start a comment that would hide a SERVICE.
_TOKENS = re.compile(
    r"""
      <(?:[^<>"{}|^`\\\s]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n\r]|\\.)*"
    | '(?:[^'\\\n\r]|\\.)*'
    | \#[^\n\r]*
    | [?$][\w-]*
    | (?P<word>(?:[A-Za-z_][\w.-]*)?:(?:[\w.:%-]|\\[_~.!$&'()*+,;=/?\#@%-])*|[A-Za-z_][\w.-]*)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryTimeout(QueryError):
    """The query ran past ``Settings.query_timeout``, or waited that long for a free worker."""


class TooManyResults(QueryError):
    """The answer has more rows or triples than ``Settings.max_results``."""


class QueryRefused(QueryError):
    """The endpoint refuses the request on principle: SPARQL Update, federated ``SERVICE``."""


@dataclass(frozen=True)
class Answer:
    """What a query returned, all of it, within the limits.

    Parameters
    ----------
    form : str
        ``"boolean"`` (ASK), ``"solutions"`` (SELECT) or ``"triples"`` (CONSTRUCT, DESCRIBE).
    boolean : bool or None
        The ASK answer.
    variables : tuple of str
        SELECT variables, in projection order.
    rows : tuple of pyoxigraph.QuerySolution
        SELECT solutions.
    triples : tuple of pyoxigraph.Triple
        CONSTRUCT/DESCRIBE triples.
    """

    form: str
    boolean: bool | None = None
    variables: tuple[str, ...] = ()
    rows: tuple[ox.QuerySolution, ...] = ()
    triples: tuple[ox.Triple, ...] = ()


def _keywords(query: str) -> list[str]:
    return [m.group("word").upper() for m in _TOKENS.finditer(query) if m.group("word")]


def _query_form(words: Sequence[str]) -> str:
    for word in words:
        if word not in ("BASE", "PREFIX") and ":" not in word:
            return word
    return ""


class _Snapshot:
    """The read-only store, re-opened when the files of its folder change."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self._lock = threading.Lock()
        try:
            self._signature = self._fingerprint()
            self._store = ox.Store.read_only(self.path)
        except OSError as e:
            raise StoreError(f"cannot open the store at {self.path}: {e}") from e
        self._checked = time.monotonic()

    def _fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        # RocksDB appends to its WAL (*.log) and writes new SST/MANIFEST files: size and mtime
        # of every file catch both, and a scan costs ~0.1 ms.
        entries = []
        with os.scandir(self.path) as it:
            for entry in it:
                st = entry.stat()
                entries.append((entry.name, st.st_size, st.st_mtime_ns))
        return tuple(sorted(entries))

    def current(self) -> ox.Store:
        now = time.monotonic()
        if now - self._checked < _STORE_RECHECK_SECONDS:
            return self._store
        with self._lock:
            if now - self._checked < _STORE_RECHECK_SECONDS:
                return self._store
            self._checked = now
            try:
                signature = self._fingerprint()
                if signature != self._signature:
                    self._store = ox.Store.read_only(self.path)
                    self._signature = signature
                    logger.info("re-opened the store at %s: its files changed", self.path)
            except OSError as e:
                # A writer in the middle of a flush or compaction; the old snapshot still reads.
                logger.warning("store at %s changed but could not be re-opened: %s", self.path, e)
            return self._store


class _Job:
    __slots__ = ("fn", "timeout", "deadline", "stop", "future", "started")

    def __init__(self, fn: Callable[[ox.Store, Callable[[], None]], Any], timeout: float):
        self.fn = fn
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.stop = threading.Event()
        self.future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self.started = False


class SparqlService:
    """Runs read-only SPARQL queries on the store under the time, size and concurrency limits.

    The app made by :func:`create_app` keeps one in ``app.state.sparql``; extra routes (HTML
    pages) should query through it so they share the limits and the worker pool.

    Parameters
    ----------
    store_path : str or os.PathLike
        Folder of the Oxigraph store; opened read-only.
    settings : Settings, optional
        ``query_timeout`` (seconds) and ``max_results`` (rows or triples) are used.
    workers : int, optional
        Worker threads, the most queries that run at once (default: CPUs, between 2 and 8).

    Raises
    ------
    StoreError
        If the store cannot be opened.
    """

    def __init__(
        self,
        store_path: str | os.PathLike[str],
        *,
        settings: Settings | None = None,
        workers: int | None = None,
    ):
        self.settings = settings or Settings()
        self.workers = workers or max(2, min(8, os.cpu_count() or 1))
        self._snapshot = _Snapshot(store_path)
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._busy = 0
        self._busy_lock = threading.Lock()
        # Daemon threads: a runaway query must not keep the process alive after Ctrl-C.
        self._threads = [
            threading.Thread(target=self._work, name=f"kg-sparql-{i}", daemon=True)
            for i in range(self.workers)
        ]
        for thread in self._threads:
            thread.start()

    @property
    def store_path(self) -> str:
        return self._snapshot.path

    @property
    def busy(self) -> int:
        """Workers running a query now (a runaway past its deadline counts until it returns)."""
        return self._busy

    def close(self) -> None:
        """Let the idle workers end; one still running a query ends when the query returns."""
        for _ in self._threads:
            self._queue.put(None)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if job.stop.is_set() or time.monotonic() >= job.deadline:
                # An exception, not cancel(): the waiting request would see CancelledError.
                if job.future.set_running_or_notify_cancel():
                    job.future.set_exception(_busy(job.timeout, self.workers))
                continue
            if not job.future.set_running_or_notify_cancel():
                continue
            job.started = True
            with self._busy_lock:
                self._busy += 1
            try:
                job.future.set_result(job.fn(self._snapshot.current(), _checker(job)))
            except BaseException as e:  # noqa: BLE001 - handed to the waiting request
                job.future.set_exception(e)
            finally:
                with self._busy_lock:
                    self._busy -= 1

    async def run(self, fn: Callable[[ox.Store, Callable[[], None]], T]) -> T:
        """Run ``fn(store, check)`` in a worker within ``Settings.query_timeout``.

        ``fn`` should call ``check()`` between steps; it raises :class:`QueryTimeout` once the
        time is up.

        Raises
        ------
        QueryTimeout
            The time limit passed, while running or while waiting for a free worker.
        """
        timeout = self.settings.query_timeout
        job = _Job(fn, timeout)
        self._queue.put(job)
        try:
            # Cancelling the wrapped future cancels a job still queued; one running is told by
            # job.stop below and stops at its next check().
            return await asyncio.wait_for(asyncio.wrap_future(job.future), timeout)
        except TimeoutError:
            if job.started:
                raise _ran_too_long(timeout) from None
            raise _busy(timeout, self.workers) from None
        finally:
            if not job.future.done():
                job.stop.set()

    async def query(
        self,
        text: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        then: Callable[[Answer], T] | None = None,
    ) -> Answer | T:
        """Run a SPARQL query; the default graph is the merged view of all graphs.

        Parameters
        ----------
        text : str
            The query.
        default_graphs, named_graphs : sequence of str, optional
            The RDF dataset as the SPARQL Protocol's ``default-graph-uri``/``named-graph-uri``:
            when either is given, both are taken as given (missing means empty), and they
            override the query's ``FROM``/``FROM NAMED``.
        then : callable, optional
            Applied to the :class:`Answer` in the worker thread (to serialize it off the event
            loop); its result is returned instead.

        Raises
        ------
        QueryRefused
            SPARQL Update, or a federated ``SERVICE`` clause.
        QueryError
            Malformed query (the parser's message) or bad graph IRIs.
        TooManyResults, QueryTimeout
            A limit was passed.
        StoreError
            The store could not be read.
        """
        # The prefixes `kg query` predefines, so queries/*.rq run here as they are.
        options = {**_dataset_options(text, default_graphs, named_graphs),
                   "prefixes": _prefixes(self.settings)}
        limit = self.settings.max_results

        def evaluate(store: ox.Store, check: Callable[[], None]) -> Any:
            answer = _evaluate(store, check, text, options, limit)
            return then(answer) if then is not None else answer

        return await self.run(evaluate)


def _ran_too_long(timeout: float) -> QueryTimeout:
    return QueryTimeout(
        f"query stopped: it ran past the time limit of {timeout:g} s;"
        " narrow the pattern or add a LIMIT"
    )


def _busy(timeout: float, workers: int) -> QueryTimeout:
    return QueryTimeout(
        f"server busy: all {workers} query workers stayed in use for {timeout:g} s;"
        " try again later"
    )


def _checker(job: _Job) -> Callable[[], None]:
    deadline, stop, timeout = job.deadline, job.stop, job.timeout

    def check() -> None:
        if stop.is_set() or time.monotonic() > deadline:
            raise _ran_too_long(timeout)

    return check


def _dataset_options(
    text: str, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None
) -> dict[str, Any]:
    words = _keywords(text)
    form = _query_form(words)
    if form in _UPDATE_KEYWORDS:
        raise QueryRefused(
            f"SPARQL Update ({form}) refused: this endpoint is read-only"
        )
    if "SERVICE" in words:
        raise QueryRefused(
            "federated queries (SERVICE) are refused: the endpoint makes no outbound requests"
        )
    if default_graphs is not None or named_graphs is not None:
        try:
            return {
                "default_graph": [ox.NamedNode(g) for g in default_graphs or ()],
                "named_graphs": [ox.NamedNode(g) for g in named_graphs or ()],
            }
        except ValueError as e:
            raise QueryError(f"bad graph IRI: {e}") from e
    return {}


def _evaluate(
    store: ox.Store,
    check: Callable[[], None],
    text: str,
    options: dict[str, Any],
    limit: int,
) -> Answer:
    result = None
    try:
        result = store.query(text, **options)
        check()
        if isinstance(result, ox.QueryBoolean):
            return Answer("boolean", boolean=bool(result))
        variables = None
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
        items: list[Any] = []
        for item in result:
            check()
            if len(items) >= limit:
                what = "triples" if variables is None else "rows"
                raise TooManyResults(
                    f"the answer has more than {limit} {what} (the limit);"
                    " add a LIMIT or narrow the pattern"
                )
            items.append(item)
    except SyntaxError as e:
        raise QueryError(f"malformed query: {e}") from e
    except ValueError as e:
        raise QueryError(f"query failed: {e}") from e
    except OSError as e:
        raise StoreError(f"store read failed: {e}") from e
    finally:
        # pyoxigraph's result iterators are "unsendable": dropped on another thread (say, in
        # the event loop with an exception's traceback that holds this frame) they leak and
        # print an error. Drop ours here, in the worker.
        result = None
    if variables is None:
        return Answer("triples", triples=tuple(items))
    return Answer("solutions", variables=variables, rows=tuple(items))


# --- answer formats ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    media_type: str
    names: tuple[str, ...]  # `format=` values and other media types that select this format
    oxigraph: Any  # ox.QueryResultsFormat or ox.RdfFormat
    iri: str  # in http://www.w3.org/ns/formats/, for the service description

    @property
    def content_type(self) -> str:
        # text/* defaults to US-ASCII without a charset (RFC 6838); our output is UTF-8.
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


_RESULT_FORMATS = (
    _Format("application/sparql-results+json", ("json", "srj", "application/json"),
            ox.QueryResultsFormat.JSON, _FORMATS + "SPARQL_Results_JSON"),
    _Format("application/sparql-results+xml", ("xml", "srx", "application/xml", "text/xml"),
            ox.QueryResultsFormat.XML, _FORMATS + "SPARQL_Results_XML"),
    _Format("text/csv", ("csv",), ox.QueryResultsFormat.CSV, _FORMATS + "SPARQL_Results_CSV"),
    _Format("text/tab-separated-values", ("tsv",), ox.QueryResultsFormat.TSV,
            _FORMATS + "SPARQL_Results_TSV"),
)
_GRAPH_FORMATS = (
    _Format("text/turtle",
            ("turtle", "ttl", "n3", "text/n3", "text/rdf+n3", "application/turtle",
             "application/x-turtle"),
            ox.RdfFormat.TURTLE, _FORMATS + "Turtle"),
    _Format("application/n-triples", ("nt", "ntriples", "n-triples"), ox.RdfFormat.N_TRIPLES,
            _FORMATS + "N-Triples"),
    _Format("application/ld+json",
            ("jsonld", "json-ld", "json", "application/json", "application/x-json+ld"),
            ox.RdfFormat.JSON_LD, _FORMATS + "JSON-LD"),
    _Format("application/rdf+xml", ("rdfxml", "rdf+xml", "rdf", "xml", "application/xml",
                                    "text/xml"),
            ox.RdfFormat.RDF_XML, _FORMATS + "RDF_XML"),
)


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    ranges = []
    for index, part in enumerate(header.split(",")):
        media, *params = part.split(";")
        media = media.strip().lower()
        if media == "*":
            media = "*/*"
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    return ranges


def _negotiate(
    accept: str | None, format_values: Sequence[str], formats: Sequence[_Format]
) -> _Format | None:
    """Pick the answer format: a known ``format=`` value wins, else ``Accept``, else the first.

    Among formats the client rates equally, an exact media type beats a wildcard, then the
    client's order, then ours. Wildcards match our canonical media types only: ``text/*`` must
    not pick SPARQL XML for its ``text/xml`` alias.
    """
    if format_values:
        for value in format_values:
            value = value.strip().lower()
            for fmt in formats:
                if value == fmt.media_type or value in fmt.names:
                    return fmt
        return None
    if not accept or not accept.strip():
        return formats[0]
    ranges = _parse_accept(accept)
    best: tuple[Any, ...] | None = None
    chosen = None
    for preference, fmt in enumerate(formats):
        exact = (fmt.media_type, *(n for n in fmt.names if "/" in n))
        kind = fmt.media_type.split("/")[0]
        match = None
        for rng, q, index in ranges:
            if rng in exact:
                specificity = 2
            elif rng == f"{kind}/*":
                specificity = 1
            elif rng == "*/*":
                specificity = 0
            else:
                continue
            # The most specific range decides (RFC 9110 12.5.1), so "x/y;q=0" excludes x/y.
            if match is None or (specificity, q) > (match[1], match[0]):
                match = (q, specificity, index)
        if match is None or match[0] <= 0:
            continue
        key = (match[0], match[1], -match[2], -preference)
        if best is None or key > best:
            best, chosen = key, fmt
    return chosen


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = str(term.direction)
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING, _RDF_DIR_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _results_json(answer: Answer) -> bytes:
    if answer.form == "boolean":
        doc: dict[str, Any] = {"head": {}, "boolean": answer.boolean}
    else:
        names = answer.variables
        bindings = []
        for row in answer.rows:
            binding = {}
            for i, name in enumerate(names):
                value = row[i]
                if value is not None:
                    binding[name] = _term_json(value)
            bindings.append(binding)
        doc = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _serialize_results(answer: Answer, fmt: _Format) -> bytes:
    data = _results_json(answer)
    if fmt.oxigraph == ox.QueryResultsFormat.JSON:
        return data
    # Our rows are already consumed; Oxigraph's own writers do XML/CSV/TSV from the JSON.
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(
        format=fmt.oxigraph
    )


def _serialize_triples(
    triples: Iterable[ox.Triple], fmt: _Format, prefixes: dict[str, str]
) -> bytes:
    return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)


# --- HTTP ----------------------------------------------------------------------------------


class _HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


_STATUS = (
    (QueryRefused, 403),
    (TooManyResults, 422),
    (QueryTimeout, 503),
    (QueryError, 400),
    (StoreError, 500),
)


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(
        message.rstrip("\n") + "\n", status_code=status, headers=headers,
        media_type="text/plain; charset=utf-8",
    )


def _handled(endpoint: Callable[[Request], Any]) -> Callable[[Request], Any]:
    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except _HTTPError as e:
            return _text(e.status, e.message, e.headers)
        except (QueryError, StoreError) as e:
            status = next(code for cls, code in _STATUS if isinstance(e, cls))
            if status >= 500:
                logger.warning("%s: %s", request.url.path, e)
            return _text(status, str(e))

    return wrapper


def _media_type(request: Request) -> tuple[str, str]:
    value = request.headers.get("content-type", "")
    media, *params = value.split(";")
    charset = "utf-8"
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip('"') or charset
    return media.strip().lower(), charset


async def _read_body(request: Request, limit: int) -> bytes:
    too_large = _HTTPError(413, f"request body over the limit of {limit} bytes")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes, charset: str) -> str:
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError) as e:
        raise _HTTPError(400, f"request body is not valid {charset}: {e}") from e


# Bodies of these types are Graph Store uploads, refused as writes rather than as unknown types.
_RDF_UPLOAD_TYPES = frozenset({
    "text/turtle", "application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3",
    "application/n-triples", "application/n-quads", "application/trig", "application/ld+json",
    "application/rdf+xml",
})


def _formats_for(
    request: Request, params: list[tuple[str, str]]
) -> tuple[_Format | None, _Format | None]:
    accept = request.headers.get("accept")
    wanted = [v for k, v in params if k == "format" and v.strip()]
    results = _negotiate(accept, wanted, _RESULT_FORMATS)
    graph = _negotiate(accept, wanted, _GRAPH_FORMATS)
    if results is None and graph is None:
        raise _not_acceptable(accept, wanted, (*_RESULT_FORMATS, *_GRAPH_FORMATS))
    return results, graph


def _not_acceptable(
    accept: str | None, wanted: Sequence[str], formats: Sequence[_Format], what: str = "answer"
) -> _HTTPError:
    asked = f"format={','.join(wanted)}" if wanted else f"Accept: {accept}"
    supported = ", ".join(f.media_type for f in formats)
    return _HTTPError(406, f"cannot give the {what} as {asked}; supported: {supported}")


def _render(
    answer: Answer, results: _Format | None, graph: _Format | None, prefixes: dict[str, str],
    accept: str | None, wanted: Sequence[str],
) -> tuple[bytes, _Format]:
    if answer.form == "triples":
        if graph is None:
            raise _not_acceptable(accept, wanted, _GRAPH_FORMATS, "CONSTRUCT/DESCRIBE answer")
        return _serialize_triples(answer.triples, graph, prefixes), graph
    if results is None:
        raise _not_acceptable(accept, wanted, _RESULT_FORMATS, "SELECT/ASK answer")
    return _serialize_results(answer, results), results


def _prefixes(settings: Settings) -> dict[str, str]:
    return _prefix_map(settings.ontology_ns)


async def _sparql_endpoint(request: Request) -> Response:
    service: SparqlService = request.app.state.sparql
    method = request.method
    if method not in ("GET", "HEAD", "POST"):
        raise _HTTPError(
            405,
            f"{method} refused: this SPARQL endpoint is read-only",
            {"Allow": "GET, HEAD, POST"},
        )
    params = list(request.query_params.multi_items())
    queries = [v for k, v in params if k == "query"]
    if method == "POST":
        media, charset = _media_type(request)
        if media == "application/sparql-update":
            raise _HTTPError(403, "SPARQL Update refused: this endpoint is read-only")
        if media in _RDF_UPLOAD_TYPES or any(k in ("graph", "default") for k, _ in params):
            raise _HTTPError(403, "Graph Store write refused: this endpoint is read-only")
        body = await _read_body(request, request.app.state.max_body)
        if media == "application/x-www-form-urlencoded":
            form = parse_qsl(_decode(body, charset), keep_blank_values=True)
            params += form
            queries += [v for k, v in form if k == "query"]
        elif media == "application/sparql-query":
            queries.append(_decode(body, charset))
        else:
            raise _HTTPError(
                415,
                f"unsupported request content type {media or '(none)'!r}: send"
                " application/x-www-form-urlencoded or application/sparql-query",
            )
    if any(k == "update" for k, _ in params):
        raise _HTTPError(403, "SPARQL Update refused: this endpoint is read-only")
    if not queries:
        if method == "POST":
            raise _HTTPError(
                400, "no query: send a 'query' parameter or an application/sparql-query body"
            )
        return _service_description(request, params)
    if len(queries) > 1:
        raise _HTTPError(400, f"{len(queries)} queries sent; send exactly one 'query'")
    results, graph = _formats_for(request, params)
    default_graphs = [v for k, v in params if k == "default-graph-uri"]
    named_graphs = [v for k, v in params if k == "named-graph-uri"]
    dataset = bool(default_graphs or named_graphs)
    accept = request.headers.get("accept")
    wanted = [v for k, v in params if k == "format" and v.strip()]
    prefixes = _prefixes(service.settings)
    body, fmt = await service.query(
        queries[0],
        default_graphs=default_graphs if dataset else None,
        named_graphs=named_graphs if dataset else None,
        then=lambda answer: _render(answer, results, graph, prefixes, accept, wanted),
    )
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def _service_description(request: Request, params: list[tuple[str, str]]) -> Response:
    service: SparqlService = request.app.state.sparql
    accept = request.headers.get("accept")
    wanted = [v for k, v in params if k == "format" and v.strip()]
    fmt = _negotiate(accept, wanted, _GRAPH_FORMATS)
    if fmt is None:
        raise _not_acceptable(accept, wanted, _GRAPH_FORMATS, "service description")
    endpoint = ox.NamedNode(str(request.url.replace(query="", fragment="")))
    sd = lambda local: ox.NamedNode(_SD + local)  # noqa: E731
    dataset, graph = ox.BlankNode(), ox.BlankNode()
    limits = (
        f"Read-only. Default graph: the merged view of the named graphs (one per article)."
        f" Predefined prefixes: {', '.join(sorted(_prefixes(service.settings)))}. Limits:"
        f" {service.settings.query_timeout:g} s per query, {service.settings.max_results}"
        f" rows or triples per answer, {request.app.state.max_body} bytes per request."
    )
    triples = [
        ox.Triple(endpoint, ox.NamedNode(_RDF + "type"), sd("Service")),
        ox.Triple(endpoint, sd("endpoint"), endpoint),
        ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint, sd("defaultDataset"), dataset),
        ox.Triple(dataset, ox.NamedNode(_RDF + "type"), sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), graph),
        ox.Triple(graph, ox.NamedNode(_RDF + "type"), sd("Graph")),
        ox.Triple(endpoint, ox.NamedNode(_RDFS + "comment"), ox.Literal(limits, language="en")),
    ]
    for f in (*_RESULT_FORMATS, *_GRAPH_FORMATS):
        triples.append(ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(f.iri)))
    body = _serialize_triples(triples, fmt, {"sd": _SD, "rdfs": _RDFS})
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


async def _graph_store_endpoint(request: Request) -> Response:
    service: SparqlService = request.app.state.sparql
    if request.method not in ("GET", "HEAD"):
        raise _HTTPError(
            405,
            f"{request.method} refused: the Graph Store is read-only here"
            " (GET ?graph=IRI or ?default)",
            {"Allow": "GET, HEAD"},
        )
    params = list(request.query_params.multi_items())
    graphs = [v for k, v in params if k == "graph"]
    default = any(k == "default" for k, _ in params)
    if len(graphs) + default != 1:
        raise _HTTPError(400, "name one graph: ?graph=IRI or ?default")
    accept = request.headers.get("accept")
    wanted = [v for k, v in params if k == "format" and v.strip()]
    fmt = _negotiate(accept, wanted, _GRAPH_FORMATS)
    if fmt is None:
        raise _not_acceptable(accept, wanted, _GRAPH_FORMATS, "graph")
    if default:
        text = "CONSTRUCT WHERE { ?s ?p ?o }"
    else:
        try:
            iri = ox.NamedNode(graphs[0])
        except ValueError as e:
            raise _HTTPError(400, f"bad graph IRI: {e}") from e
        if not await service.run(lambda store, check: store.contains_named_graph(iri)):
            raise _HTTPError(404, f"no graph {graphs[0]} in the store")
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri.value}> {{ ?s ?p ?o }} }}"
    prefixes = _prefixes(service.settings)
    body = await service.query(
        text, then=lambda answer: _serialize_triples(answer.triples, fmt, prefixes)
    )
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]


def create_app(
    store_path: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    routes: Sequence[BaseRoute] = (),
    max_body: int = MAX_BODY_BYTES,
    workers: int | None = None,
) -> Starlette:
    """Build the read-only SPARQL 1.1 endpoint app over the store at ``store_path``.

    Parameters
    ----------
    store_path : str or os.PathLike
        Folder of the Oxigraph store (opened read-only, re-opened when it changes on disk).
    settings : Settings, optional
        ``query_timeout`` and ``max_results`` limit every query.
    routes : sequence of starlette.routing.BaseRoute, optional
        More routes (HTML browsing pages), matched after ``/sparql`` and ``/rdf-graph-store``.
        They reach the store through ``request.app.state.sparql`` (a :class:`SparqlService`).
    max_body : int, optional
        Largest request body in bytes; larger gets 413.
    workers : int, optional
        Query worker threads (see :class:`SparqlService`).

    Returns
    -------
    starlette.applications.Starlette

    Raises
    ------
    StoreError
        If the store cannot be opened.
    """
    service = SparqlService(store_path, settings=settings, workers=workers)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        service.close()

    app = Starlette(
        routes=[
            Route("/sparql", _handled(_sparql_endpoint), methods=_ALL_METHODS),
            Route("/rdf-graph-store", _handled(_graph_store_endpoint), methods=_ALL_METHODS),
            *routes,
        ],
        lifespan=lifespan,
    )
    app.state.sparql = service
    app.state.max_body = max_body
    return app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    store_path: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
) -> None:
    """Serve the endpoint with uvicorn until interrupted.

    Parameters
    ----------
    store_path : str or os.PathLike
        Folder of the Oxigraph store.
    host : str, optional
        Interface to bind. Loopback unless another is passed explicitly: the endpoint has no
        authentication.
    port : int, optional
        TCP port.
    settings : Settings, optional
        Query limits.
    """
    app = create_app(store_path, settings=settings)
    if not _is_loopback(host):
        logger.warning(
            "binding to %s: the SPARQL endpoint is reachable from other machines and has no"
            " authentication", host,
        )
    uvicorn.run(app, host=host, port=port, log_level="info")
