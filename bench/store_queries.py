"""Oxigraph against rdflib on the named queries, over a synthetic store in kg's own vocabulary.

Generates news-like article graphs (people, organisations, countries and cities with Zipf-like
popularity; affiliations, PLOVER events, quotes naming other entities; mentions with offsets;
publication dates over five years) and turns them into RDF with :func:`kg.graph.rdf.rdf_lines`, so
the data has exactly the shape ``kg build`` writes. Then, in one run:

1. loads them into an on-disk store the way ``kg build`` does (``GraphStore.write_many`` of
   batches of ``write_batch`` articles: the bulk loader, merged view maintained) and times it; then times
   ``GraphStore.load_nquads`` of the same N-Quads (``kg load`` of an export or of shards written
   elsewhere) into a new store, through Oxigraph's bulk loader (the default for graphs new to the
   store) and graph by graph (``bulk=False``, the path of graphs the store already holds);
2. loads the same quads (the named graphs and the merged default graph) into rdflib's in-memory
   ``Dataset``;
3. runs every ``queries/*.rq`` in both engines, first unbound (the whole graph: the big joins),
   then, for queries with parameters, bound to the most-named person and countries (index
   lookups); Oxigraph: best of up to 3 runs, rdflib: best of the runs that fit the time limit;
   prints rows and the ratio.

rdflib runs are stopped at ``--timeout`` seconds (a timer signal interrupts its pure-Python
evaluation); the ratio is then printed as ``> X``. ``--small N`` repeats step 2-3 on a store of
N triples where rdflib finishes, for full ratios.

Usage::

    python bench/store_queries.py                       # 1M triples, rdflib capped at 120 s
    python bench/store_queries.py --triples 100000 --timeout 60
    python bench/store_queries.py --triples 1000000 --small 100000
    python bench/store_queries.py --triples 1000000 --load-only   # the load timings alone
    python bench/store_queries.py --only timeline --timeout 600   # one query, rdflib given longer
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import warnings
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from kg.config import Settings  # noqa: E402
from kg.graph.rdf import rdf_lines, to_nquads  # noqa: E402
from kg.graph.store import GraphStore, _prefix_map  # noqa: E402
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention  # noqa: E402
from kg.query import QUERIES_DIR, list_queries  # noqa: E402

__all__ = ["World", "synthetic_articles", "main"]

_FIRST = ("Anna Boris Chen Dalia Emil Fatima Goran Hana Ivan Jana Kofi Lena Marco Nadia Omar Pia Quentin Rosa Sven "
          "Tariq Uma Viktor Wen Ximena Yusuf Zofia Ahmed Bianca Carlos Dmitri Elena Farid Greta Hiro Ines Jonas "
          "Karim Lucia Mateo Nina Olga Pavel Rania Sofia Tomas Ulla Vera Walid Yara Zane").split()
_LAST = ("Abe Bauer Costa Dorn Eze Fischer Garcia Haas Ito Jensen Kaya Lindqvist Moreau Novak Okafor Petrov Quinn "
         "Rossi Sato Tanaka Ueda Varga Weber Xu Yilmaz Zeller Amato Brandt Cruz Dahl Engel Falk Gomez Horvat Ivanov "
         "Jung Klein Lopez Meyer Nagy Olsen Park Reyes Santos Torres Ulrich Vogel Wolf Young Ziegler").split()
_EVENTS = ("consultWith", "criticizes", "supports", "agreeWith", "accuses", "sanctions", "threatens", "aids",
           "cooperatesWith", "demandsFrom", "rejects", "protestsAgainst", "mobilizesAgainst", "assaults")
_WORDS = ("officials talks border trade security summit minister sanctions agreement ceasefire aid troops "
          "election vote parliament economy energy gas oil market court ruling protest crisis").split()


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


class World:
    """The fixed cast the articles are about: countries, cities, organisations, people.

    Every entity has a home country; popularity falls off as 1/rank, so a few entities are in
    many articles (as the United States or NATO are) and most in a few.
    """

    def __init__(self, settings: Settings, *, seed: int = 7, people: int = 3000, organisations: int = 600):
        import pycountry

        rng = random.Random(seed)
        ns = settings.entity_ns
        countries = sorted(c.name for c in pycountry.countries)[:120]
        self.countries = [Entity(ns + _slug(n), n, "Country", same_as=(f"wd:Q{1000 + i}",))
                          for i, n in enumerate(countries)]
        self.cities = [Entity(ns + f"city-{i}", f"City {i} of {self.countries[i % 120].name}", "City")
                       for i in range(360)]
        self.orgs = [Entity(ns + f"org-{i}", f"Organisation {i}", "Organization") for i in range(organisations)]
        names = [f"{f} {l}" for l in _LAST for f in _FIRST][:people]
        rng.shuffle(names)
        self.people = [Entity(ns + _slug(n), n, "Person", aliases=(n.split()[-1],)) for n in names]
        self.home = {e.iri: self.countries[self._zipf(rng, 120)] for e in self.people + self.orgs}
        self.home.update({c.iri: self.countries[i % 120] for i, c in enumerate(self.cities)})
        self.leaders = self.people[:240]  # two per country: a head of state, a head of government
        # the best-known countries are among the most active actors, as in the news
        self.actors = self.countries[:10] + self.people + self.orgs + self.countries[10:]

    @staticmethod
    def _zipf(rng: random.Random, n: int) -> int:
        # rank r with probability ~ 1/r: inverse CDF of the continuous approximation
        return min(n - 1, int(n ** rng.random()) - 1)

    def pick(self, rng: random.Random, pool: list[Entity]) -> Entity:
        return pool[self._zipf(rng, len(pool))]


def synthetic_articles(world: World, n: int, *, seed: int = 11) -> Iterator[ArticleGraph]:
    """``n`` article graphs: sentences built from facts, so offsets and mentions are real."""
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    for i in range(n):
        art_id = f"https://news.example/{i}"
        parts: list[str] = []
        pos = 0
        mentions: list[tuple[int, int, Entity]] = []
        pending: list[tuple[Entity, str, Entity | Literal, int, int, str, float]] = []

        def sentence(words: list[tuple[str, Entity | None]]) -> tuple[int, int]:
            nonlocal pos
            begin = pos
            for text, entity in words:
                if entity is not None:
                    mentions.append((pos, pos + len(text), entity))
                parts.append(text)
                pos += len(text)
            parts.append(" ")
            pos += 1
            return begin, pos - 1

        for _ in range(rng.randint(4, 8)):
            kind = rng.random()
            if kind < 0.25:
                who = rng.choice(world.leaders)
                country = world.countries[world.leaders.index(who) // 2]
                pred = "presidentOf" if world.leaders.index(who) % 2 == 0 else "headOfGovernmentOf"
                s, e = sentence([("The leader of ", None), (country.name, country), (", ", None),
                                 (who.name, who), (", spoke.", None)])
                pending.append((who, pred, country, s, e, "relations.role:" + pred, 0.8))
            elif kind < 0.35:
                who, org = world.pick(rng, world.people), world.pick(rng, world.orgs)
                pred = rng.choice(("heads", "worksFor", "spokespersonFor"))
                s, e = sentence([(who.name, who), (f" {pred} ", None), (org.name, org), (".", None)])
                pending.append((who, pred, org, s, e, "relations.role:" + pred, 0.7))
            elif kind < 0.45:
                x = world.pick(rng, world.orgs + world.cities)
                home = world.home[x.iri]
                pred = "basedIn" if x.type == "Organization" else "locatedIn"
                s, e = sentence([(x.name, x), (" in ", None), (home.name, home), (".", None)])
                pending.append((x, pred, home, s, e, "relations.place", 0.7))
            elif kind < 0.75:
                a, b = world.pick(rng, world.actors), world.pick(rng, world.actors)
                if a is b:
                    continue
                pred = rng.choice(_EVENTS)
                s, e = sentence([(a.name, a), (f" {pred} ", None), (b.name, b), (" over ", None),
                                 (rng.choice(_WORDS), None), (".", None)])
                pending.append((a, pred, b, s, e, "events." + pred, round(rng.uniform(0.4, 0.9), 2)))
            else:
                who, about = world.pick(rng, world.people), world.pick(rng, world.actors)
                quote = f"We will talk to {about.name} about {rng.choice(_WORDS)} {i}"
                s, e = sentence([("\u201c", None), ("We will talk to ", None), (about.name, about),
                                 (quote[len("We will talk to ") + len(about.name):], None), (",\u201d ", None),
                                 (who.name, who), (" said.", None)])
                pending.append((who, "said", Literal(quote), s, e, "quotes", 0.9))
        filler = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 40))) + "."
        sentence([(filler, None)])
        text = "".join(parts).rstrip()
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        article = Article(id=art_id, text=text, title=f"Report {i}", url=art_id, source="Synthetic Wire",
                          published=day.isoformat())
        entities = {iri: ent for iri, ent in ((m[2].iri, m[2]) for m in mentions)}
        facts = [Fact(s_, p, o, Evidence(art_id, text[a:b], a, b, ex, c)) for s_, p, o, a, b, ex, c in pending]
        ag = ArticleGraph(article, sorted(entities.values(), key=lambda e: e.iri),
                          [(Mention(art_id, a, b, text[a:b], ent.type.upper()), ent.iri) for a, b, ent in mentions],
                          facts)
        yield ag


def _params(graphs: list[ArticleGraph]) -> dict[str, dict[str, str]]:
    """Parameters for the named queries: the most-named person and countries, as a user would ask.

    Only variables matched by a triple pattern are bound (names), none that a BIND computes
    (``?predicate``): rdflib's ``initBindings`` overwrite a BIND's variable where Oxigraph's
    substitutions keep the rows that match, and the two engines must answer the same question.
    """
    named: Counter[tuple[str, str]] = Counter()
    for ag in graphs:
        named.update((e.type, e.name) for e in ag.entities)
    person = next(name for (type_, name), _ in named.most_common() if type_ == "Person")
    first, second = [name for (type_, name), _ in named.most_common() if type_ == "Country"][:2]
    return {
        "between": {"a": person, "b": first},
        "countries": {"a": first, "b": second},
        "entity": {"name": person},
        "evidence": {"subject": person},
        "facts": {"subject": person},
        "said-about": {"about": first},
        "timeline": {"name": person},
        "quotes": {"speaker": person},
    }


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _timed(run: Callable[[], int], *, repeat: int, budget: float) -> tuple[float, int]:
    """Best time of up to ``repeat`` runs (fewer when the budget is spent) and the row count."""
    best, rows, spent = float("inf"), 0, 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run()
        took = time.perf_counter() - started
        best, spent = min(best, took), spent + took
        if spent > budget:
            break
    return best, rows


def _rdflib_run(ds: rdflib.Dataset, text: str, params: dict[str, str], ns: dict[str, str],
                timeout: float) -> tuple[float | None, int]:
    """Best of up to 3 rdflib runs, each stopped at ``timeout``; (None, 0) when the first is stopped."""
    bindings = {k: rdflib.URIRef(v) if v.startswith("http") else rdflib.Literal(v) for k, v in params.items()}
    best, rows, spent = None, 0, 0.0
    signal.signal(signal.SIGALRM, _alarm)
    for _ in range(3):
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            rows = sum(1 for _ in ds.query(text, initNs=ns, initBindings=bindings))
        except _Timeout:
            break
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - started
        best, spent = took if best is None else min(best, took), spent + took
        if spent > min(timeout / 2, 10.0):
            break
    return best, rows


def _oxigraph_run(store: GraphStore, text: str, params: dict[str, str]) -> tuple[float, int]:
    def run() -> int:
        return sum(1 for _ in store.query(text, params))

    return _timed(run, repeat=3, budget=10.0)


def _rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _compare(store: GraphStore, params: dict[str, dict[str, str]], timeout: float, label: str,
             only: set[str] | None = None) -> list[tuple[str, ...]]:
    started = time.perf_counter()
    ds = rdflib.Dataset(default_union=False)
    ds.parse(data=store.oxigraph.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    print(f"[{label}] rdflib Dataset: {len(ds):,} default-graph triples loaded in "
          f"{time.perf_counter() - started:.1f} s (peak RSS {_rss_mb():,} MB)", flush=True)
    ns = _prefix_map(store.settings.ontology_ns)
    rows = []
    print(f"[{label}] {'query':24} {'rows':>7} {'oxigraph':>10} {'rdflib':>10} {'ratio':>8}  check", flush=True)
    runs = [(name, {}) for name in list_queries()] + [(name, params[name]) for name in list_queries() if name in params]
    runs = [(name, p) for name, p in runs if not only or name in only]
    for name, p in runs:
        text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
        if p:
            name += " (bound)"
        ox_time, ox_rows = _oxigraph_run(store, text, p)
        rd_time, rd_rows = _rdflib_run(ds, text, p, ns, timeout)
        if rd_time is None:
            ratio, rd_text, check = f"> {timeout / ox_time:,.0f}", f"> {timeout:g} s", "rdflib stopped"
        else:
            ratio, rd_text = f"{rd_time / ox_time:,.1f}", f"{rd_time:.3f} s"
            check = "same rows" if rd_rows == ox_rows else f"ROWS DIFFER (rdflib {rd_rows})"
        row = (name, f"{ox_rows}", f"{ox_time:.3f} s", rd_text, ratio, check)
        rows.append(row)
        print(f"[{label}] {name:24} {row[1]:>7} {row[2]:>10} {row[3]:>10} {row[4]:>8}  {row[5]}", flush=True)
        gc.collect()
    del ds
    gc.collect()
    return rows


def _build(path: Path, world: World, triples: int, settings: Settings
           ) -> tuple[GraphStore, bytes, list[ArticleGraph], float]:
    """Generate articles until ``triples`` quads, write them as kg build does; return the store."""
    graphs, n_quads, i = [], 0, 0
    gen = synthetic_articles(world, 10**9)
    while n_quads < triples:
        ag = next(gen)
        n_quads += len(rdf_lines(ag, settings)[1])
        graphs.append(ag)
        i += 1
    store = GraphStore(path, settings)
    started = time.perf_counter()
    size = settings.write_batch
    for k in range(0, len(graphs), size):
        store.write_many(graphs[k:k + size])
    store.flush()
    seconds = time.perf_counter() - started
    nquads = "".join(to_nquads(ag, settings) for ag in graphs).encode("utf-8")
    return store, nquads, graphs, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="quads in the article graphs (default 1M)")
    parser.add_argument("--small", type=int, default=0, help="also compare on a store of this many triples")
    parser.add_argument("--timeout", type=float, default=120.0, help="rdflib time limit per query, seconds")
    parser.add_argument("--load-only", action="store_true", help="time the loads, skip the queries")
    parser.add_argument("--only", default="", metavar="NAMES",
                        help="run only these queries (comma-separated names, e.g. timeline,heads)")
    args = parser.parse_args(argv)
    only = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = only - set(list_queries())
    if unknown:
        parser.error(f"no such query: {', '.join(sorted(unknown))} (see queries/)")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
    settings = Settings()
    world = World(settings)
    tables = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for label, size in (("big", args.triples), ("small", args.small)):
            if not size:
                continue
            store, nquads, graphs, seconds = _build(Path(tmp) / label, world, size, settings)
            articles, params = len(graphs), _params(graphs)
            del graphs
            stats = store.stats()
            total = len(store.oxigraph)
            print(f"[{label}] {articles:,} articles, {size:,}+ article quads, {total:,} quads with the merged "
                  f"view and ontology; {stats}", flush=True)
            print(f"[{label}] load, as kg build writes (GraphStore.write_many per batch): {seconds:.1f} s "
                  f"({total / seconds:,.0f} quads/s)", flush=True)
            for bulk, how in ((True, "bulk loader, as kg load restores an export into a new store"),
                              (False, "graph by graph, one transaction each")):
                started = time.perf_counter()
                with GraphStore(Path(tmp) / f"{label}-nq-{bulk}", settings) as other:
                    other.load_nquads(nquads, bulk=bulk)
                    other.flush()
                    seconds = time.perf_counter() - started
                    same = "same quads as the built store" if len(other.oxigraph) == total else (
                        f"QUADS DIFFER ({len(other.oxigraph):,})")
                print(f"[{label}] load of the same N-Quads, {how} (GraphStore.load_nquads(bulk={bulk})): "
                      f"{seconds:.1f} s ({total / seconds:,.0f} quads/s); {same}", flush=True)
                shutil.rmtree(Path(tmp) / f"{label}-nq-{bulk}")
            del nquads
            if args.load_only:
                store.close()
                continue
            print(f"[{label}] parameters: {params}", flush=True)
            tables.append((label, _compare(store, params, args.timeout, label, only)))
            store.close()
    print()
    for label, rows in tables:
        print(f"| {label} store: query | rows | Oxigraph | rdflib | rdflib / Oxigraph | check |")
        print("|---|---:|---:|---:|---:|---|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
