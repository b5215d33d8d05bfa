"""Time to the first stable frame of the pyvis view, for 500, 2,000 and 5,000 nodes.

Builds hub-heavy random news graphs (preferential attachment, about two edges per node, typed
nodes, evidence sentences on every edge; fixed seed), renders each with
:func:`kg.render.pyvis_view.render_html` showing every node, opens it in headless Chromium
(Debian's, as the tests use) and reads ``window.kg.readyAt``: milliseconds from navigation start
until the page has drawn its settled layout (vis-network stabilisation done and physics off, or,
above ``PYTHON_LAYOUT_ABOVE`` nodes, the first drawing of the layout computed in Python). Prints
Python render time, page size, that time and the wall time to ready, with ratios against 500 nodes.

``--physics`` also times the sizes above the threshold with vis-network's own physics, to see what
the Python layout saves.

Usage::

    python bench/render_frame.py
    python bench/render_frame.py --sizes 500 2000 --physics --keep out/bench
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.render import pyvis_view
from kg.render.pyvis_view import render_html

__all__ = ["news_like_graph", "main"]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
BASE = "https://kg.example.org/entity/"
TYPES = (("Person", 40), ("Organization", 20), ("Country", 8), ("City", 10),
         ("NewsMediaOrganization", 4), ("Place", 8), ("Event", 10))
RELATIONS = ("heads", "memberOf", "worksFor", "basedIn", "locatedIn", "consultWith",
             "supports", "criticizes", "sanctions", "cooperatesWith")
WORDS = ("minister", "talks", "border", "summit", "said", "agreement", "sanctions", "army",
         "election", "capital", "trade", "aid", "official", "meeting", "statement")


def news_like_graph(n: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A MultiDiGraph shaped like kg.graph.nx's output, with ``n`` nodes and about ``2n`` edges."""
    rng = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    names, weights = zip(*TYPES)
    G = nx.MultiDiGraph()
    for v in skeleton:
        type_ = rng.choices(names, weights)[0]
        G.add_node(BASE + f"e{v}", label=f"{type_} {v}", type=type_, iri=BASE + f"e{v}",
                   evidence=skeleton.degree(v), qid=f"Q{v + 1}" if v % 3 == 0 else "",
                   aliases=f"E{v}|Entity {v}" if v % 5 == 0 else "")
    for u, v in skeleton.edges():
        if rng.random() < 0.5:
            u, v = v, u
        rel = rng.choice(RELATIONS)
        sentences = [" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."
                     for _ in range(rng.randint(1, 4))]
        G.add_edge(BASE + f"e{u}", BASE + f"e{v}", key=rel, label=rel,
                   predicate=f"https://kg.example.org/ontology#{rel}",
                   weight=len(sentences), sentences=sentences, articles=["An article"],
                   confidence=round(rng.uniform(0.5, 1.0), 2),
                   first_seen="2024-01-02", last_seen="2024-03-04")
    return G


def _measure(page, path: Path, timeout_ms: float) -> tuple[float, float]:
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.kg && window.kg.ready === true", timeout=timeout_ms)
    wall = (time.perf_counter() - start) * 1000
    return page.evaluate("window.kg.readyAt"), wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--physics", action="store_true",
                        help="also time vis-network physics above the Python-layout threshold")
    parser.add_argument("--keep", type=Path, help="write the pages here instead of a temp folder")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run `bash scripts/install-chromium.sh`", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-render-bench-"))
    runs: list[tuple[int, str]] = [(n, "auto") for n in args.sizes]
    if args.physics:
        runs += [(n, "physics") for n in args.sizes if n > pyvis_view.PYTHON_LAYOUT_ABOVE]
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for n, mode in runs:
                G = news_like_graph(n, seed=args.seed)
                threshold = pyvis_view.PYTHON_LAYOUT_ABOVE
                if mode == "physics":
                    pyvis_view.PYTHON_LAYOUT_ABOVE = 10**9
                try:
                    t0 = time.perf_counter()
                    path = render_html(G, folder / f"graph-{n}-{mode}.html", top=n)
                    render_s = time.perf_counter() - t0
                finally:
                    pyvis_view.PYTHON_LAYOUT_ABOVE = threshold
                layout = "vis physics" if n <= threshold or mode == "physics" else "python"
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                # Offline, as the page is meant to be: a request would be a bug, and is counted.
                blocked: list[str] = []
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                           else (blocked.append(r.request.url), r.abort()))
                ready_ms, wall_ms = _measure(page, path, args.timeout * 1000)
                context.close()
                rows.append((n, G.number_of_edges(), layout, render_s,
                             path.stat().st_size / 1e6, ready_ms, wall_ms, len(blocked)))
                print(f"  {n:>5} nodes, {layout}: ready in {ready_ms / 1000:.2f} s", file=sys.stderr)
        finally:
            browser.close()

    base = next((r for r in rows if r[0] == min(args.sizes)), rows[0])
    print(f"{'nodes':>6} {'edges':>6} {'layout':<12} {'render s':>9} {'page MB':>8} "
          f"{'frame ms':>9} {'wall ms':>8} {'× frame':>8} {'× nodes':>8} {'requests':>8}")
    for n, m, layout, render_s, mb, ready_ms, wall_ms, blocked in rows:
        print(f"{n:>6} {m:>6} {layout:<12} {render_s:>9.2f} {mb:>8.2f} {ready_ms:>9.0f} "
              f"{wall_ms:>8.0f} {ready_ms / base[5]:>8.2f} {n / base[0]:>8.1f} {blocked:>8}")
    print(f"frame ms: navigation start to the first settled frame (window.kg.readyAt); "
          f"pages in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
