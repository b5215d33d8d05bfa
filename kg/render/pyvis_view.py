"""Interactive HTML view of the knowledge graph: pyvis builds the network, our template draws it.

The page loads nothing from the network: vis-network's JS and CSS (shipped inside the pyvis
package) are inlined, or linked from the site's local ``assets/`` folder (:mod:`kg.render.page`),
and the graph travels as one JSON block whose ``<``, ``>``, ``&``, U+2028 and U+2029 are escaped,
so no article text can end the ``<script>`` it sits in. Every string shown comes from article
text and is put in the page with ``textContent`` or as a vis-network ``title`` string (built by
the page's script from the data), which vis 9 shows as plain text; the only links are entity
and article pages kg named itself (:class:`NetworkLinks`) and Wikidata items whose id passed a
``Q<digits>`` check.

Two views: the overview keeps the ``top`` nodes by PageRank; the entity view keeps the
neighbourhood of one entity, found by label, IRI or alias. Both filter by entity type, relation
and date range, size nodes by evidence, and show a node's or edge's evidence on click.

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("e:a", label="Alice", type="Person", evidence=2)
>>> G.add_node("e:b", label="Acme", type="Organization", evidence=1)
>>> _ = G.add_edge("e:a", "e:b", key="heads", label="heads", weight=1)
>>> out = render_html(G, pathlib.Path(tempfile.mkdtemp()) / "g.html")
>>> "Alice" in out.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import difflib
import math
import os
import re
import zlib
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import KGError
from kg.render.layout import grid_spring_layout
from kg.render.page import Assets, render_page, script_json, write_atomic

__all__ = [
    "render_html",
    "network_html",
    "network_data",
    "NetworkLinks",
    "select_overview",
    "select_neighbourhood",
    "find_entity",
    "pagerank",
    "script_json",
    "write_atomic",
    "PYTHON_LAYOUT_ABOVE",
]

PYTHON_LAYOUT_ABOVE = 1000
"""Above this many nodes the layout is computed in Python and physics stays off in the browser:
vis-network's stabilisation of thousands of nodes blocks the page for longer than a fixed layout
takes to compute here."""

_SEED_LAYOUT_ABOVE = 100
# Above this many nodes vis-network's physics starts from the Python layout and needs only a
# short stabilisation: from random positions 500 nodes took 300 iterations, 3.3 s in headless
# Chromium on 2 cores; from the Python layout 100 iterations settle them. Below it vis's own
# "improved layout" start is cheap and looks better.
_SEEDED_ITERATIONS = 100
_UNSEEDED_ITERATIONS = 600

# Colour and shape per schema.org type; subtypes get a shade of their parent's colour so the legend
# reads as families (organisations blue, places green).
_STYLE: dict[str, tuple[str, str]] = {
    "Person": ("#e15759", "dot"),
    "Organization": ("#4e79a7", "square"),
    "NewsMediaOrganization": ("#76b7d2", "square"),
    "GovernmentOrganization": ("#2c5d8a", "square"),
    "Country": ("#59a14f", "triangle"),
    "City": ("#8cd17d", "diamond"),
    "Place": ("#b6992d", "triangleDown"),
    "AdministrativeArea": ("#86bcb6", "diamond"),
    "Event": ("#f28e2b", "star"),
}
# Types we have no style for get one of these by a stable hash of the type name.
_FALLBACK_COLOURS = ("#b07aa1", "#9c755f", "#bab0ac", "#d37295", "#a0cbe8", "#ff9d9a", "#79706e")
_FALLBACK_SHAPES = ("hexagon", "dot", "square", "diamond")

_QID = re.compile(r"Q[1-9][0-9]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def pagerank(G: nx.Graph) -> dict[Hashable, float]:
    """PageRank of ``G`` collapsed to a simple DiGraph whose edge weights sum the ``weight`` attrs.

    Uses :func:`networkx.pagerank`, which needs SciPy; without SciPy the same power iteration
    runs in NumPy, so the overview works on an install without it.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("a", "b")])
    >>> pr = pagerank(G)
    >>> max(pr, key=pr.get)
    'b'
    >>> round(sum(pr.values()), 6)
    1.0
    """
    D = nx.DiGraph()
    D.add_nodes_from(G)
    for u, v, w in G.edges(data="weight", default=1):
        w = _number(w, 1.0)
        if D.has_edge(u, v):
            D[u][v]["weight"] += w
        else:
            D.add_edge(u, v, weight=w)
    if len(D) == 0:
        return {}
    try:
        return nx.pagerank(D, weight="weight")
    except ImportError:
        return _pagerank_numpy(D)


def _pagerank_numpy(D: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-6) -> dict:
    # networkx's algorithm (dangling nodes spread uniformly, tol scaled by n), on edge arrays.
    nodes = list(D)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    src = np.array([index[u] for u, _ in D.edges()], dtype=np.intp)
    dst = np.array([index[v] for _, v in D.edges()], dtype=np.intp)
    w = np.array([d["weight"] for *_, d in D.edges(data=True)], dtype=float)
    out = np.bincount(src, weights=w, minlength=n)
    share = np.divide(w, out[src], out=np.zeros_like(w), where=out[src] > 0)
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(100):
        last = x
        x = alpha * (np.bincount(dst, weights=last[src] * share, minlength=n) + last[dangling].sum() / n)
        x += (1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            break
    return dict(zip(nodes, (float(v) for v in x / x.sum())))


def _number(value: Any, default: float) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return f if math.isfinite(f) and f >= 0 else default


def select_overview(G: nx.MultiDiGraph, top: int = 200, *,
                    scores: Mapping[Hashable, float] | None = None) -> list[Hashable]:
    """The ``top`` nodes of ``G`` by weighted PageRank, best first (ties by label, then id).

    ``scores`` replaces the PageRank computed here (a site computes it once for all its pages).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("c", "d")])
    >>> select_overview(G, top=2)
    ['hub', 'd']
    """
    if top < 1:
        raise KGError(f"top must be at least 1, not {top}")
    pr = scores if scores is not None else pagerank(G)
    ranked = sorted(G, key=lambda v: (-pr.get(v, 0.0), _label(G, v).casefold(), str(v)))
    return ranked[:top]


def _label(G: nx.Graph, node: Hashable) -> str:
    label = G.nodes[node].get("label")
    return str(label) if label not in (None, "") else str(node)


def _aliases(data: dict) -> list[str]:
    raw = data.get("aliases") or ""
    items = raw.split("|") if isinstance(raw, str) else [str(a) for a in raw]
    return [a.strip() for a in items if a and a.strip()]


def find_entity(G: nx.Graph, entity: str) -> Hashable:
    """The node whose IRI, label or alias equals ``entity``, ignoring case.

    An IRI match wins over a label match, which wins over an alias match; among several nodes
    matching at the same level the one with the most evidence wins (then the smallest id), so
    the choice is stable.

    Raises
    ------
    KGError
        When nothing matches; the message lists close matches found with :mod:`difflib`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e:nato", label="NATO", aliases="North Atlantic Treaty Organization")
    >>> find_entity(G, "north atlantic treaty organization")
    'e:nato'
    >>> find_entity(G, "NAT0")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: no entity matches 'NAT0'; close matches: 'NATO'
    """
    wanted = entity.strip().casefold()
    by_level: list[list[Hashable]] = [[], [], []]
    names: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        label = _label(G, node)
        iris = {str(node).casefold(), str(data.get("iri") or "").casefold()}
        aliases = _aliases(data)
        if wanted in iris:
            by_level[0].append(node)
        elif wanted == label.casefold():
            by_level[1].append(node)
        elif wanted in (a.casefold() for a in aliases):
            by_level[2].append(node)
        for name in (label, *aliases):
            names.setdefault(name.casefold(), name)
    for level in by_level:
        if level:
            return min(level, key=lambda v: (-_number(G.nodes[v].get("evidence"), 0), str(v)))
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    if close:
        hint = "close matches: " + ", ".join(repr(names[c]) for c in close)
    else:
        hint = f"no close match among {len(G)} entities"
    raise KGError(f"no entity matches {entity!r}; {hint}")


def select_neighbourhood(
    G: nx.MultiDiGraph, center: Hashable, *, depth: int = 1, top: int = 200,
    scores: Mapping[Hashable, float] | None = None,
) -> list[Hashable]:
    """``center`` and the nodes within ``depth`` hops of it, edges taken in either direction.

    When more than ``top`` nodes are that close, the nearer ones are kept first, then those with
    the higher PageRank within the neighbourhood (or the higher ``scores``, when given).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(select_neighbourhood(G, "b", depth=1))
    ['a', 'b', 'c']
    >>> sorted(select_neighbourhood(G, "b", depth=2))
    ['a', 'b', 'c', 'd']
    """
    return _neighbourhood(G, center, depth, top, scores)[0]


def _hops(G: nx.Graph, center: Hashable, depth: int) -> dict[Hashable, int]:
    # Breadth-first over successors and predecessors: the same as shortest paths in
    # G.to_undirected(), without the view's per-edge overhead (hubs have thousands of edges).
    dist = {center: 0}
    frontier = [center]
    neighbours = (lambda u: (*G.succ[u], *G.pred[u])) if G.is_directed() else (lambda u: G.adj[u])
    for d in range(1, depth + 1):
        reached = []
        for u in frontier:
            for v in neighbours(u):
                if v not in dist:
                    dist[v] = d
                    reached.append(v)
        frontier = reached
    return dist


def _neighbourhood(G, center, depth, top, scores):
    if depth not in (1, 2):
        raise KGError(f"depth must be 1 or 2, not {depth}")
    if top < 1:
        raise KGError(f"top must be at least 1, not {top}")
    dist = _hops(G, center, depth)
    if len(dist) <= top:
        return sorted(dist, key=lambda v: (dist[v], str(v))), dist
    pr = scores if scores is not None else pagerank(G.subgraph(dist))
    return sorted(dist, key=lambda v: (dist[v], -pr.get(v, 0.0), str(v)))[:top], dist


def _style(type_: str) -> tuple[str, str]:
    if type_ in _STYLE:
        return _STYLE[type_]
    h = zlib.crc32(type_.encode("utf-8"))
    return _FALLBACK_COLOURS[h % len(_FALLBACK_COLOURS)], _FALLBACK_SHAPES[h % len(_FALLBACK_SHAPES)]


def _node_size(evidence: float) -> float:
    # Logarithmic: one entity in every article would otherwise dwarf the rest of the page.
    return round(min(10.0 + 5.0 * math.log2(1.0 + evidence), 45.0), 1)


def _strings(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


def _vis_options(n: int, python_layout: bool, seeded: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#333333",
                      "inherit": False},
            "font": {"size": 10, "align": "middle", "color": "#444444", "strokeWidth": 3},
            # Straight edges draw several times faster; parallel edges get their own curve.
            "smooth": False,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": n > 500,
            "hideEdgesOnZoom": n > 500,
        },
        "layout": {"randomSeed": 7, "improvedLayout": n <= 100},
    }
    if python_layout:
        options["physics"] = {"enabled": False}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 120,
                          "springConstant": 0.04, "damping": 0.35, "avoidOverlap": 0.1},
            "minVelocity": 1.0,
            # Capped: the page turns physics off once these iterations are done.
            "stabilization": {"enabled": True,
                              "iterations": _SEEDED_ITERATIONS if seeded else _UNSEEDED_ITERATIONS,
                              "updateInterval": 50, "fit": True},
        }
    return options



def _no_link(_: object) -> None:
    return None


@dataclass(frozen=True)
class NetworkLinks:
    """The pages a network's info panel links to; ``None`` from either callable means no link.

    The URLs must be ones kg made (relative paths of the site's pages): the page checks them
    against a pattern before it uses one, but never gets them from article data.

    Parameters
    ----------
    entity : callable
        Node → URL of its entity page.
    article : callable
        Article IRI → URL of its article page.
    """

    entity: Callable[[Hashable], str | None] = field(default=_no_link)
    article: Callable[[str], str | None] = field(default=_no_link)


def _date(value: Any) -> str:
    text = str(value or "")[:10]
    return text if _DATE.fullmatch(text) else ""


def _confidence(value: Any) -> float | None:
    if value in (None, ""):
        return None
    return round(_number(value, 0.0), 3)


class _Articles:
    """The articles a network page cites, each once: evidence and nodes refer to them by index."""

    def __init__(self, links: NetworkLinks):
        self._links = links
        self._index: dict[str, int] = {}
        self.rows: list[dict[str, Any]] = []

    def ref(self, article: str, title: str, published: str) -> int:
        key = article or "title:" + title
        if key not in self._index:
            self._index[key] = len(self.rows)
            self.rows.append({"t": title or article, "d": published,
                              "h": self._links.article(article) if article else None})
        return self._index[key]


def _edge_evidence(data: Mapping[str, Any], articles: _Articles) -> tuple[list[dict[str, Any]], int]:
    """The evidence items of an edge for the page: from ``evidence`` dicts, else ``sentences``."""
    items = data.get("evidence")
    if isinstance(items, list):
        out = []
        for item in items:
            if not isinstance(item, Mapping):
                continue
            title = str(item.get("title") or "")
            article = str(item.get("article") or "")
            out.append({
                "s": str(item.get("sentence") or ""),
                "a": articles.ref(article, title, str(item.get("published") or ""))
                if article or title else None,
                "c": _confidence(item.get("confidence")),
                "x": str(item.get("extractor") or ""),
            })
        return out, max(int(_number(data.get("evidence_total"), 0)), len(out))
    sentences = _strings(data.get("sentences"))
    titles = _strings(data.get("articles"))
    out = [{"s": s, "a": articles.ref("", titles[i], "") if i < len(titles) and titles[i] else None,
            "c": None, "x": ""} for i, s in enumerate(sentences)]
    return out, len(out)


def _node_articles(data: Mapping[str, Any], articles: _Articles) -> tuple[list[int], int]:
    items = data.get("articles")
    if not isinstance(items, list):
        return [], 0
    out = []
    for item in items:
        if isinstance(item, Mapping):
            article = str(item.get("article") or "")
            out.append(articles.ref(article, str(item.get("title") or ""), str(item.get("published") or "")))
        elif item not in (None, ""):
            out.append(articles.ref("", str(item), ""))
    return out, max(int(_number(data.get("articles_total"), 0)), len(out))


class _BoundTemplate:
    """Our page renderer in the place of pyvis's template, for ``Network.generate_html``."""

    def __init__(self, render: Callable[[], str]):
        self._render = render

    def render(self, **_pyvis_context: Any) -> str:
        return self._render()


def _build_network(G: nx.MultiDiGraph, keep: list[Hashable], python_layout: bool,
                   links: NetworkLinks, hops: Mapping[Hashable, int] | None = None):
    from pyvis.network import Network  # imports IPython: only when a page is drawn

    kept = set(keep)
    # The edges among the kept nodes, read from the out-edges of each: a subgraph view would
    # filter every neighbour of every kept node on each pass, thousands for a hub.
    edge_list = [(u, v, k, d) for u, v, k, d in G.edges(keep, keys=True, data=True) if v in kept]
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    cited = _Articles(links)
    seeded = len(keep) > _SEED_LAYOUT_ABOVE
    pos = {}
    if python_layout or seeded:
        skeleton = nx.Graph()
        skeleton.add_nodes_from(keep)
        skeleton.add_edges_from((u, v) for u, v, _, _ in edge_list)
        pos = grid_spring_layout(skeleton, seed=7)
    ids: dict[Hashable, str] = {}
    type_counts: Counter[str] = Counter()
    dates: list[str] = []
    # A node without dates of its own (no dated article names it) is dated by its facts.
    edge_dates: dict[Hashable, list[str]] = {}
    for u, v, _, data in edge_list:
        for d in (_date(data.get("first_seen")), _date(data.get("last_seen"))):
            if d:
                edge_dates.setdefault(u, []).append(d)
                edge_dates.setdefault(v, []).append(d)
    for node in keep:
        data = G.nodes[node]
        node_id = str(node)
        ids[node] = node_id
        label = _label(G, node)
        type_ = str(data.get("type") or "Thing")
        colour, shape = _style(type_)
        aliases = [a for a in _aliases(data) if a != label]
        qid = str(data.get("qid") or "")
        evidence = _number(data.get("evidence"), 0.0)
        type_counts[type_] += 1
        first, last = _date(data.get("first_seen")), _date(data.get("last_seen"))
        if not first and node in edge_dates:
            first, last = min(edge_dates[node]), max(edge_dates[node])
        dates += [d for d in (first, last) if d]
        articles, articles_total = _node_articles(data, cited)
        extra: dict[str, Any] = {}
        if node in pos:
            extra["x"], extra["y"] = round(pos[node][0], 1), round(pos[node][1], 1)
        if hops is not None:
            extra["kgHops"] = hops.get(node, 0)
        net.add_node(
            node_id,
            label=label,
            shape=shape,
            color=colour,
            size=_node_size(evidence),
            kgType=type_,
            kgIri=str(data.get("iri") or node),
            kgQid=qid if _QID.fullmatch(qid) else "",
            kgQidText=qid,
            kgAliases=aliases,
            kgEvidence=evidence,
            kgFirst=first,
            kgLast=last or first,
            kgHref=links.entity(node),
            kgArticles=articles,
            kgArticlesTotal=articles_total,
            **extra,
        )

    # Parallel edges (either direction) between one pair would be drawn on top of each other.
    pair_count: Counter[frozenset] = Counter()
    relation_counts: Counter[str] = Counter()
    for i, (u, v, key, data) in enumerate(edge_list):
        relation = str(data.get("label") or key)
        relation_counts[relation] += 1
        pair = frozenset((u, v))
        nth = pair_count[pair]
        pair_count[pair] += 1
        weight = _number(data.get("weight"), 1.0)
        confidence = _confidence(data.get("confidence"))
        items, total = _edge_evidence(data, cited)
        first, last = _date(data.get("first_seen")), _date(data.get("last_seen"))
        dates += [d for d in (first, last) if d]
        extra = {}
        if nth or u == v:
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * (nth + 1)}
        net.add_edge(
            ids[u],
            ids[v],
            id=f"e{i}",
            label=relation,
            width=round(min(1.0 + math.log2(max(weight, 1.0)), 8.0), 2),
            kgRelation=relation,
            kgPredicate=str(data.get("predicate") or key),
            kgWeight=weight,
            kgConfidence=confidence,
            kgEvidence=items,
            kgEvidenceTotal=total,
            kgFirst=first,
            kgLast=last or first,
            **extra,
        )
    net.options = _vis_options(len(keep), python_layout, seeded)
    legend = [
        {"name": t, "color": _style(t)[0], "shape": _style(t)[1], "count": c}
        for t, c in sorted(type_counts.items(), key=lambda tc: (-tc[1], tc[0]))
    ]
    relations = [
        {"name": r, "count": c}
        for r, c in sorted(relation_counts.items(), key=lambda rc: (-rc[1], rc[0]))
    ]
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
        "types": legend,
        "relations": relations,
        "articles": cited.rows,
        "dates": {"min": min(dates), "max": max(dates)} if dates else None,
        "physics": not python_layout and len(keep) > 0,
    }
    return net, data


def _select(G: nx.MultiDiGraph, entity: str | Hashable | None, depth: int, top: int,
            scores: Mapping[Hashable, float] | None):
    """Nodes to show, the view description and (entity view) each node's hops from the centre."""
    if depth not in (1, 2):
        raise KGError(f"depth must be 1 or 2, not {depth}")
    if entity is None:
        keep = select_overview(G, top=top, scores=scores)
        return keep, {"kind": "overview", "top": top}, None
    center = entity if entity in G else find_entity(G, str(entity))
    keep, hops = _neighbourhood(G, center, depth, top, scores)
    view = {"kind": "entity", "entity": _label(G, center), "center": str(center), "depth": depth,
            "maxHops": max((hops[v] for v in keep), default=0)}
    return keep, view, hops


def network_data(
    G: nx.MultiDiGraph,
    *,
    top: int = 200,
    entity: str | Hashable | None = None,
    depth: int = 1,
    links: NetworkLinks | None = None,
    scores: Mapping[Hashable, float] | None = None,
) -> dict[str, Any]:
    """The JSON a network page reads: vis-network nodes, edges and options, legend, filters, view.

    Nodes carry ``kgType``, ``kgIri``, ``kgQid``, ``kgAliases``, ``kgEvidence`` (count),
    ``kgFirst``/``kgLast`` (dates), ``kgHref`` (entity page) and ``kgArticles`` (indexes into
    ``articles``); edges carry ``kgRelation``, ``kgPredicate``, ``kgWeight``,
    ``kgConfidence``, ``kgFirst``/``kgLast`` and ``kgEvidence``: items ``{s: sentence,
    a: index into articles, c: confidence, x: extractor}``. ``articles`` lists each cited
    article once as ``{t: title, d: date, h: article page}``. The page writes the tooltips
    (``title``) from these fields, so the sentences travel once.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="heads", sentences=["A heads B."], first_seen="2024-05-01")
    'heads'
    >>> d = network_data(G)
    >>> d["dates"], d["edges"][0]["kgEvidence"][0]["s"], d["view"]["kind"]
    ({'min': '2024-05-01', 'max': '2024-05-01'}, 'A heads B.', 'overview')
    """
    return _network(G, top=top, entity=entity, depth=depth, links=links or NetworkLinks(),
                    scores=scores)[1]


def _network(G, *, top, entity, depth, links, scores=None):
    keep, view, hops = _select(G, entity, depth, top, scores)
    python_layout = len(keep) > PYTHON_LAYOUT_ABOVE
    net, data = _build_network(G, keep, python_layout, links, hops)
    view.update(shown=len(keep), total=G.number_of_nodes())
    data["view"] = view
    return net, data


def network_html(
    G: nx.MultiDiGraph,
    *,
    top: int = 200,
    entity: str | Hashable | None = None,
    depth: int = 1,
    title: str = "kg graph",
    assets: Assets | None = None,
    links: NetworkLinks | None = None,
    template: str = "network.html.j2",
    nav: Iterable[Mapping[str, str]] = (),
    scores: Mapping[Hashable, float] | None = None,
    **context: Any,
) -> str:
    """The HTML of a network page (see :func:`render_html`, which writes it to a file).

    Parameters
    ----------
    assets : Assets, optional
        Inline (the default: one self-contained file) or linked from a relative folder.
    links : NetworkLinks, optional
        Entity and article pages the info panel links to; none by default.
    template : str
        ``network.html.j2``, or a template extending it (``entity.html.j2``).
    nav : iterable of {"key", "href", "text"}
        Links in the header (to the site's index and overview).
    scores : mapping, optional
        PageRank of every node, when the caller has it (a site draws many pages of one graph).
    **context
        More variables for ``template``.
    """
    net, data = _network(G, top=top, entity=entity, depth=depth, links=links or NetworkLinks(),
                         scores=scores)
    # Our template through pyvis's own render call: its stock template loads bootstrap from a CDN.
    # The nonce lets our scripts run under a Content-Security-Policy that refuses any other
    # script (an injected <script> or onerror=), a second wall behind the escaping.
    net.template = _BoundTemplate(lambda: render_page(
        template, assets or Assets.inline(), page_title=title, heading=title, nav=list(nav),
        kg_data=data, **context,
    ))
    return net.generate_html(name="index.html", notebook=True)


def render_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    top: int = 200,
    entity: str | None = None,
    depth: int = 1,
    title: str = "kg graph",
    links: NetworkLinks | None = None,
) -> Path:
    """Write an interactive, self-contained HTML view of ``G`` to ``path``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :mod:`kg.graph.nx`: nodes keyed by entity IRI with ``label``, ``type``,
        ``evidence``, ``qid``, ``aliases``; edges keyed by predicate with ``label``, ``weight`` and
        optionally ``sentences``, ``articles``, ``confidence``, ``first_seen``, ``last_seen``, or
        the richer ``evidence`` items and node ``articles`` of :func:`kg.render.data.load_site`.
        Missing attributes get defaults, so hand-built graphs render too.
    path : path-like
        The HTML file; written atomically, its folder created when missing.
    top : int
        Most nodes shown: the overview keeps the ``top`` by weighted PageRank, the entity view
        the nearest ``top``.
    entity : str, optional
        Show the neighbourhood of the entity whose label, IRI or alias is ``entity`` (any case)
        instead of the overview.
    depth : {1, 2}
        Hops from ``entity`` in the entity view.
    title : str
        Page title and heading.
    links : NetworkLinks, optional
        Pages to link nodes and evidence to (none: a standalone file has no other pages).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    KGError
        When ``entity`` matches no node (the message lists close matches), or ``top`` or ``depth``
        is out of range.

    Notes
    -----
    Up to :data:`PYTHON_LAYOUT_ABOVE` nodes, vis-network lays the graph out with its physics
    (starting from the Python layout above 100 nodes) and switches physics off once stabilised;
    above that, :func:`~kg.render.layout.grid_spring_layout` places the nodes here and the
    browser only draws them. The page sets
    ``document.body.dataset.ready = "true"`` and ``window.kg.readyAt`` (ms since navigation)
    after its first stable frame.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e:a", label="Alice")
    >>> render_html(G, Path(tempfile.mkdtemp()) / "g.html", entity="Bob")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: no entity matches 'Bob'; no close match among 1 entities
    """
    html = network_html(G, top=top, entity=entity, depth=depth, title=title, links=links)
    return write_atomic(path, html)
