"""The NetworkX view of the merged graph: entities as nodes, facts between entities as edges.

``G.nodes[iri]`` has ``label`` (canonical name), ``type`` (schema.org local name), ``iri``,
``qid``, ``aliases`` ("|"-joined) and ``evidence`` (evidence records about it);
edge ``(s, o, key=predicate)`` has ``label`` (predicate local name), ``predicate`` (IRI),
``weight`` (evidence records), ``confidence`` (max), ``first_seen``/``last_seen`` and, outside
GraphML, ``sentences`` and ``articles`` (lists, for tooltips).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("e:a", label="A", type="Person", iri="e:a", sentences=["x"])
>>> G.add_edge("e:a", "e:a", key="heads", label="heads", predicate="kg:heads", weight=2, sentences=["s"])
'heads'
>>> H = graphml_ready(G)
>>> "sentences" in H.edges["e:a", "e:a", "heads"], H.edges["e:a", "e:a", "heads"]["weight"]
(False, 2)
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kg.graph.ontology import fact_predicates

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

__all__ = ["to_networkx", "graphml_ready", "write_graphml", "read_graphml", "TYPE_PRIORITY"]

# When articles disagree on a type, the most specific wins ties.
TYPE_PRIORITY = ["Country", "City", "AdministrativeArea", "NewsMediaOrganization", "Person", "Organization", "Place"]
_MAX_SENTENCES = 3


def _pick(counter: Counter, priority: list[str] | None = None) -> str:
    if not counter:
        return ""
    rank = {t: i for i, t in enumerate(priority or [])}
    return sorted(counter.items(), key=lambda kv: (-kv[1], rank.get(kv[0], len(rank)), -len(kv[0]), kv[0]))[0][0]


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Build the entity graph from ``store`` (all queries run in Oxigraph)."""
    schema = "http://schema.org/"
    types: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    qids: dict[str, str] = {}
    for row in store.select("""
        SELECT ?e ?t ?label (COUNT(DISTINCT ?g) AS ?n) WHERE {
          GRAPH ?g { ?e a kg:Entity ; a ?t ; rdfs:label ?label }
          FILTER(STRSTARTS(STR(?t), "http://schema.org/"))
        } GROUP BY ?e ?t ?label"""):
        types[row["e"]][row["t"][len(schema):]] += row["n"]
        labels[row["e"]][row["label"]] += row["n"]
    for row in store.select("SELECT DISTINCT ?e ?alias WHERE { ?e a kg:Entity ; skos:altLabel ?alias }"):
        aliases[row["e"]].add(row["alias"])
    for row in store.select("""SELECT ?e (MIN(STR(?same)) AS ?wd) WHERE {
            ?e a kg:Entity ; owl:sameAs ?same FILTER(STRSTARTS(STR(?same), STR(wd:))) } GROUP BY ?e"""):
        qids[row["e"]] = row["wd"].rsplit("/", 1)[-1]
    evidence = {row["e"]: row["n"] for row in store.select("""
        SELECT ?e (COUNT(DISTINCT ?ev) AS ?n) WHERE {
          ?ev a kg:Evidence . { ?ev rdf:subject ?e } UNION { ?ev rdf:object ?e } ?e a kg:Entity
        } GROUP BY ?e""")}

    G = nx.MultiDiGraph()
    for iri in sorted(types):
        G.add_node(
            iri, label=_pick(labels[iri]), type=_pick(types[iri], TYPE_PRIORITY), iri=iri,
            qid=qids.get(iri, ""), aliases="|".join(sorted(aliases[iri])), evidence=evidence.get(iri, 0),
        )
    preds = " ".join(f"kg:{p}" for p in sorted(fact_predicates()) if p != "said")
    kg_ns = store.settings.ontology_ns
    for row in store.select(f"""
        SELECT ?s ?p ?o (COUNT(DISTINCT ?ev) AS ?w) (MAX(?c) AS ?conf)
               (MIN(?pub) AS ?first) (MAX(?pub) AS ?last) WHERE {{
          VALUES ?p {{ {preds} }}
          ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:confidence ?c .
          ?o a kg:Entity .
          # after the join: Oxigraph evaluates in the written order, and an OPTIONAL first is a
          # left join over every evidence record (255 s instead of 0.5 s on 6k evidence records)
          OPTIONAL {{ ?ev kg:published ?pub }}
        }} GROUP BY ?s ?p ?o"""):
        if row["s"] not in G or row["o"] not in G:
            continue
        name = row["p"][len(kg_ns):]
        G.add_edge(row["s"], row["o"], key=name, label=name, predicate=row["p"], weight=row["w"],
                   confidence=row["conf"], first_seen=row["first"] or "", last_seen=row["last"] or "",
                   sentences=[], articles=[])
    for row in store.select(f"""
        SELECT ?s ?p ?o ?sentence ?title WHERE {{
          VALUES ?p {{ {preds} }}
          ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ;
              prov:wasDerivedFrom ?a .
          OPTIONAL {{ ?a schema:headline ?title }}
        }} ORDER BY ?s ?p ?o DESC(?sentence)"""):
        key = row["p"][len(kg_ns):]
        if G.has_edge(row["s"], row["o"], key):
            data = G.edges[row["s"], row["o"], key]
            if len(data["sentences"]) < _MAX_SENTENCES and row["sentence"] not in data["sentences"]:
                data["sentences"].append(row["sentence"])
                data["articles"].append(row["title"] or "")
    return G


def graphml_ready(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with only the scalar attributes GraphML can hold (lists dropped).

    Characters XML 1.0 cannot hold (C0 controls but tab and line ends, U+FFFE, U+FFFF) are
    dropped from strings: an article may contain them, a GraphML reader would reject the file.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e:a", label="bell\\x07 and nul\\x00")
    >>> graphml_ready(G).nodes["e:a"]["label"]
    'bell and nul'
    """
    H = nx.MultiDiGraph()
    scalar = (str, int, float, bool)
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _xml_safe(v) for k, v in d.items() if isinstance(v, scalar)})
    for s, o, k, d in G.edges(keys=True, data=True):
        H.add_edge(s, o, key=k, **{a: _xml_safe(v) for a, v in d.items() if isinstance(v, scalar)})
    return H


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: object) -> object:
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def write_graphml(G: nx.MultiDiGraph, path: str | os.PathLike) -> Path:
    """Write ``G`` as GraphML (atomically: a temporary file renamed into place)."""
    from kg.fileio import write_atomic

    buffer = io.BytesIO()
    nx.write_graphml(graphml_ready(G), buffer)
    return write_atomic(path, buffer.getvalue())


def read_graphml(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml`."""
    return nx.read_graphml(path, force_multigraph=True)
