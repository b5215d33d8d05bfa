"""Load on the SPARQL endpoint: many concurrent clients for a bounded time.

Builds a store of about ``--triples`` triples (entities with labels, types and relations in one
named graph per article), serves it on loopback in a separate process (as ``kg serve`` would, with
uvicorn, access log off), runs ``--clients`` concurrent clients for ``--seconds`` over a mix of
queries (label lookups, one-hop neighbours, GRAPH queries, ASK, CONSTRUCT, an aggregate), prints
requests/s, p50/p99 latency and the error count, then checks the server still answers.

Clients are threads with a keep-alive ``http.client`` connection each. An httpx ``AsyncClient``
with 50 connections was tried first: it spent 3.8 s of CPU per 5 s run and capped the figure at
140-320 requests/s, measuring itself; the server had CPU to spare.

Usage::

    python bench/endpoint_load.py --seconds 10
    python bench/endpoint_load.py --store out/store --clients 20
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

__all__ = ["build_store", "main"]

BASE = "https://kg.example.org/"
ONT = BASE + "ontology#"
ENTITY = BASE + "entity/"
RELATIONS = ("heads", "memberOf", "worksFor", "basedIn", "locatedIn", "consultWith")
PREFIXES = (
    f"PREFIX kg: <{ONT}> PREFIX e: <{ENTITY}> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX schema: <http://schema.org/>\n"
)


def build_store(path: Path, triples: int, *, seed: int = 7) -> int:
    """Write about ``triples`` triples into a new store at ``path``; return how many."""
    rng = random.Random(seed)
    entities = max(10, triples // 5)
    articles = max(1, entities // 40)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    types = [ox.NamedNode("http://schema.org/" + t) for t in ("Person", "Organization", "Place")]
    quads = []
    for i in range(entities):
        graph = ox.NamedNode(f"{BASE}article/a{i % articles}")
        e = ox.NamedNode(f"{ENTITY}e{i}")
        quads.append(ox.Quad(e, label, ox.Literal(f"Entity {i}", language="en"), graph))
        quads.append(ox.Quad(e, rdf_type, types[i % 3], graph))
        for _ in range(3):
            rel = ox.NamedNode(ONT + rng.choice(RELATIONS))
            other = ox.NamedNode(f"{ENTITY}e{rng.randrange(entities)}")
            quads.append(ox.Quad(e, rel, other, graph))
    # kg keeps the merged view materialised in the default graph, which queries read: without it
    # every query but the GRAPH one would answer nothing (and quickly)
    merged = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]
    store = ox.Store(str(path))
    store.bulk_extend(quads + merged)
    store.flush()
    del store
    return len(quads)


def _queries(entities: int, rng: random.Random) -> tuple[str, str]:
    """One query of the mix and the Accept header to send with it."""
    e = rng.randrange(entities)
    choice = rng.randrange(6)
    if choice == 0:
        return PREFIXES + (
            f"SELECT ?label WHERE {{ e:e{e} rdfs:label ?label }}"
        ), "application/sparql-results+json"
    if choice == 1:
        return PREFIXES + (
            f"SELECT ?p ?o ?label WHERE {{ e:e{e} ?p ?o . OPTIONAL {{ ?o rdfs:label ?label }} }}"
        ), "application/sparql-results+json"
    if choice == 2:
        return PREFIXES + (
            f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ e:e{e} kg:heads ?o }} }}"
        ), "text/csv"
    if choice == 3:
        return PREFIXES + f"ASK {{ ?x kg:memberOf e:e{e} }}", "application/sparql-results+xml"
    if choice == 4:
        return PREFIXES + f"CONSTRUCT {{ e:e{e} ?p ?o }} WHERE {{ e:e{e} ?p ?o }}", "text/turtle"
    return PREFIXES + (
        "SELECT ?type (COUNT(?x) AS ?n) WHERE { ?x a ?type } GROUP BY ?type"
    ), "application/sparql-results+json"


def _client(port: int, stop_at: float, entities: int, seed: int,
            latencies: list[float], statuses: Counter) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < stop_at:
        query, accept = _queries(entities, rng)
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as e:
            statuses[type(e).__name__] += 1  # Counter and list appends are atomic under the GIL
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        latencies.append(time.perf_counter() - started)
        statuses[response.status] += 1
    conn.close()


def _load(
    port: int, clients: int, seconds: float, entities: int
) -> tuple[list[float], Counter, float]:
    latencies: list[float] = []
    statuses: Counter = Counter()
    started = time.monotonic()
    threads = [
        threading.Thread(target=_client,
                         args=(port, started + seconds, entities, seed, latencies, statuses))
        for seed in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.monotonic() - started


def _get(port: int, path: str, timeout: float = 5) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_SERVER = """
import sys, uvicorn
from kg.serve import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning", access_log=False)
"""


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            if _get(port, "/sparql", timeout=1)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not answer within 30 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="load duration (default 30)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--triples", type=int, default=10_000, help="size of the generated store")
    parser.add_argument("--store", type=Path, help="serve this existing store instead")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        if args.store:
            path, entities = args.store, 1
        else:
            path = Path(tmp) / "store"
            count = build_store(path, args.triples)
            entities = max(10, args.triples // 5)
            print(f"store: {count} triples, {entities} entities")
        port = _free_port()
        # cwd: the repo root, so `kg` imports whether or not it is installed.
        server = subprocess.Popen([sys.executable, "-c", _SERVER, str(path), str(port)],
                                  cwd=Path(__file__).resolve().parents[1])
        try:
            _wait_until_up(port, server)
            latencies, statuses, elapsed = _load(port, args.clients, args.seconds, entities)
            ok = statuses.get(200, 0)
            errors = sum(n for status, n in statuses.items() if status != 200)
            print(f"clients: {args.clients}, duration: {elapsed:.1f} s")
            print(f"requests: {sum(statuses.values())}, {sum(statuses.values()) / elapsed:.0f}/s")
            if latencies:
                cuts = statistics.quantiles(latencies, n=100)
                print(f"latency: p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms,"
                      f" max {max(latencies) * 1000:.1f} ms")
            print(f"errors: {errors} {dict(statuses) if errors else ''}".rstrip())
            ask = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
            status, body = _get(port, "/sparql?" + ask)
            alive = status == 200 and json.loads(body)["boolean"] is True
            print(f"server answers afterwards: {'yes' if alive else f'NO ({status})'}")
            return 0 if alive and errors == 0 and ok else 1
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
