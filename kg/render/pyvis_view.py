"""Interactive HTML view of the knowledge graph: pyvis builds the network, our template draws it.

The page is one self-contained file that loads nothing from the network: vis-network's JS and CSS
(shipped inside the pyvis package) are inlined, and the graph travels as one JSON block whose
``<``, ``>``, ``&``, U+2028 and U+2029 are escaped, so no article text can end the ``<script>`` it
sits in. Every string shown comes from article text and is put in the page with ``textContent``
or as a vis-network ``title`` string, which vis 9 shows as plain text.

Two views: the overview keeps the ``top`` nodes by PageRank; the entity view keeps the
neighbourhood of one entity, found by label, IRI or alias.

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
import functools
import json
import math
import os
import re
import secrets
import tempfile
import zlib
from collections import Counter
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import numpy as np
from markupsafe import Markup

from kg.errors import KGError
from kg.render.layout import grid_spring_layout

__all__ = [
    "render_html",
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

_TEMPLATES = Path(__file__).parent / "templates"

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

_SENTENCES_IN_TOOLTIP = 3
_TOOLTIP_SENTENCE_CHARS = 300
_QID = re.compile(r"Q[1-9][0-9]*")

# Characters that could end a <script> element, open an HTML comment, or (U+2028/2029) end a JS
# string in engines before ES2019, replaced after json.dumps by their JSON escapes.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> Markup:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    Parameters
    ----------
    value : object
        Anything :func:`json.dumps` accepts.

    Returns
    -------
    markupsafe.Markup
        JSON text with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX`` escapes,
        which JSON and JavaScript read back as the same characters.

    Examples
    --------
    >>> str(script_json({"a": "</script><b>&"}))
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(script_json(["\\u2028"])) == ["\\u2028"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return Markup(_JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group()], text))


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder.

    A reader, such as a browser reloading the page or a web server, sees the old file or the new
    one, never half of one; the folder is created when missing.

    Examples
    --------
    >>> import tempfile
    >>> p = write_atomic(Path(tempfile.mkdtemp()) / "a" / "x.html", "<p>hi</p>")
    >>> p.read_text()
    '<p>hi</p>'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); a page is meant to be read by whoever serves it.
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


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


def select_overview(G: nx.MultiDiGraph, top: int = 200) -> list[Hashable]:
    """The ``top`` nodes of ``G`` by weighted PageRank, best first (ties by label, then id).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("c", "d")])
    >>> select_overview(G, top=2)
    ['hub', 'd']
    """
    if top < 1:
        raise KGError(f"top must be at least 1, not {top}")
    pr = pagerank(G)
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
    G: nx.MultiDiGraph, center: Hashable, *, depth: int = 1, top: int = 200
) -> list[Hashable]:
    """``center`` and the nodes within ``depth`` hops of it, edges taken in either direction.

    When more than ``top`` nodes are that close, the nearer ones are kept first, then those with
    the higher PageRank within the neighbourhood.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(select_neighbourhood(G, "b", depth=1))
    ['a', 'b', 'c']
    >>> sorted(select_neighbourhood(G, "b", depth=2))
    ['a', 'b', 'c', 'd']
    """
    if depth not in (1, 2):
        raise KGError(f"depth must be 1 or 2, not {depth}")
    if top < 1:
        raise KGError(f"top must be at least 1, not {top}")
    dist = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), center, cutoff=depth)
    if len(dist) <= top:
        return sorted(dist, key=lambda v: (dist[v], str(v)))
    pr = pagerank(G.subgraph(dist))
    return sorted(dist, key=lambda v: (dist[v], -pr.get(v, 0.0), str(v)))[:top]


def _style(type_: str) -> tuple[str, str]:
    if type_ in _STYLE:
        return _STYLE[type_]
    h = zlib.crc32(type_.encode("utf-8"))
    return _FALLBACK_COLOURS[h % len(_FALLBACK_COLOURS)], _FALLBACK_SHAPES[h % len(_FALLBACK_SHAPES)]


def _node_size(evidence: float) -> float:
    # Logarithmic: one entity in every article would otherwise dwarf the rest of the page.
    return round(min(10.0 + 5.0 * math.log2(1.0 + evidence), 45.0), 1)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_tooltip(label: str, type_: str, aliases: list[str], qid: str, evidence: float) -> str:
    lines = [label, f"Type: {type_}"]
    if aliases:
        lines.append("Aliases: " + _clip(", ".join(aliases), 300))
    if qid:
        lines.append(f"Wikidata: {qid}")
    lines.append(f"Evidence: {evidence:g}")
    return "\n".join(lines)


def _edge_tooltip(
    source: str, relation: str, target: str, weight: float, confidence: float | None,
    first: str, last: str, sentences: list[str],
) -> str:
    lines = [f"{source} —{relation}→ {target}"]
    facts = [f"evidence: {weight:g}"]
    if confidence is not None:
        facts.append(f"confidence: {confidence:.2f}")
    lines.append(" · ".join(facts))
    if first or last:
        lines.append(f"seen: {first or '?'} … {last or '?'}")
    for s in sentences[:_SENTENCES_IN_TOOLTIP]:
        lines.append("“" + _clip(" ".join(s.split()), _TOOLTIP_SENTENCE_CHARS) + "”")
    if len(sentences) > _SENTENCES_IN_TOOLTIP:
        lines.append(f"(+{len(sentences) - _SENTENCES_IN_TOOLTIP} more: click the edge)")
    return "\n".join(lines)


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


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # The source-map comment would make a browser with DevTools open fetch a file that is not there.
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    if "</script" in js.lower() or "</style" in css.lower():
        raise KGError("the vis-network files in pyvis cannot be inlined: they contain a closing tag")
    return js, css


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = script_json
    return env


class _BoundTemplate:
    """A Jinja template with extra variables, for pyvis's ``generate_html`` to render."""

    def __init__(self, template: jinja2.Template, **extra: Any):
        self._template = template
        self._extra = extra

    def render(self, **context: Any) -> str:
        return self._template.render(**context, **self._extra)


def _build_network(G: nx.MultiDiGraph, keep: list[Hashable], python_layout: bool):
    from pyvis.network import Network  # imports IPython: only when a page is drawn

    H = G.subgraph(keep)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    seeded = len(keep) > _SEED_LAYOUT_ABOVE
    pos = grid_spring_layout(H, seed=7) if python_layout or seeded else {}
    ids: dict[Hashable, str] = {}
    type_counts: Counter[str] = Counter()
    for node in keep:
        data = H.nodes[node]
        node_id = str(node)
        ids[node] = node_id
        label = _label(H, node)
        type_ = str(data.get("type") or "Thing")
        colour, shape = _style(type_)
        aliases = [a for a in _aliases(data) if a != label]
        qid = str(data.get("qid") or "")
        evidence = _number(data.get("evidence"), 0.0)
        type_counts[type_] += 1
        extra: dict[str, Any] = {}
        if node in pos:
            extra["x"], extra["y"] = round(pos[node][0], 1), round(pos[node][1], 1)
        net.add_node(
            node_id,
            label=label,
            shape=shape,
            color=colour,
            size=_node_size(evidence),
            title=_node_tooltip(label, type_, aliases, qid, evidence),
            kgType=type_,
            kgIri=str(data.get("iri") or node),
            kgQid=qid if _QID.fullmatch(qid) else "",
            kgQidText=qid,
            kgAliases=aliases,
            kgEvidence=evidence,
            **extra,
        )

    # Parallel edges (either direction) between one pair would be drawn on top of each other.
    pair_count: Counter[frozenset] = Counter()
    relation_counts: Counter[str] = Counter()
    for i, (u, v, key, data) in enumerate(H.edges(keys=True, data=True)):
        relation = str(data.get("label") or key)
        relation_counts[relation] += 1
        pair = frozenset((u, v))
        nth = pair_count[pair]
        pair_count[pair] += 1
        weight = _number(data.get("weight"), 1.0)
        confidence = data.get("confidence")
        confidence = _number(confidence, 0.0) if confidence not in (None, "") else None
        sentences = _strings(data.get("sentences"))
        first, last = str(data.get("first_seen") or ""), str(data.get("last_seen") or "")
        extra = {}
        if nth or u == v:
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * (nth + 1)}
        net.add_edge(
            ids[u],
            ids[v],
            id=f"e{i}",
            label=relation,
            title=_edge_tooltip(_label(H, u), relation, _label(H, v), weight, confidence,
                                first, last, sentences),
            width=round(min(1.0 + math.log2(max(weight, 1.0)), 8.0), 2),
            kgRelation=relation,
            kgPredicate=str(data.get("predicate") or key),
            kgWeight=weight,
            kgConfidence=confidence,
            kgSentences=sentences,
            kgArticles=_strings(data.get("articles")),
            kgFirstSeen=first,
            kgLastSeen=last,
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
    return net, legend, relations


def render_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    top: int = 200,
    entity: str | None = None,
    depth: int = 1,
    title: str = "kg graph",
) -> Path:
    """Write an interactive, self-contained HTML view of ``G`` to ``path``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :mod:`kg.graph.nx`: nodes keyed by entity IRI with ``label``, ``type``,
        ``evidence``, ``qid``, ``aliases``; edges keyed by predicate with ``label``, ``weight`` and
        optionally ``sentences``, ``articles``, ``confidence``, ``first_seen``, ``last_seen``.
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
    if entity is not None:
        center = find_entity(G, entity)
        keep = select_neighbourhood(G, center, depth=depth, top=top)
        view = {"kind": "entity", "entity": _label(G, center), "center": str(center),
                "depth": depth}
    else:
        if depth not in (1, 2):
            raise KGError(f"depth must be 1 or 2, not {depth}")
        keep = select_overview(G, top=top)
        view = {"kind": "overview", "top": top}
    python_layout = len(keep) > PYTHON_LAYOUT_ABOVE
    net, legend, relations = _build_network(G, keep, python_layout)
    js, css = _vis_assets()
    view.update(shown=len(keep), total=G.number_of_nodes())
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
        "types": legend,
        "relations": relations,
        "view": view,
        "physics": not python_layout and len(keep) > 0,
    }
    # Our template through pyvis's own render call: its stock template loads bootstrap from a CDN.
    # The nonce lets our two inline scripts run under a Content-Security-Policy that refuses any
    # other script (an injected <script> or onerror=), a second wall behind the escaping.
    net.template = _BoundTemplate(
        _environment().get_template("network.html.j2"),
        kg_data=data, vis_js=Markup(js), vis_css=Markup(css), page_title=title,
        nonce=secrets.token_urlsafe(18),
    )
    html = net.generate_html(name="index.html", notebook=True)
    return write_atomic(path, html)
