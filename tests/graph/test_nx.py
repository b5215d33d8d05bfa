"""The NetworkX view of a store and its GraphML export: round trips (the seed store, real model)."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.graph.nx import graphml_ready, read_graphml, to_networkx, write_graphml
from kg.graph.store import GraphStore

pytestmark = pytest.mark.model


def test_graphml_round_trip(seed_store, tmp_path):
    G = graphml_ready(to_networkx(seed_store))
    assert G.number_of_nodes() and G.number_of_edges()
    back = read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    assert dict(G.nodes(data=True)) == dict(back.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True)) == sorted(back.edges(keys=True, data=True))
    assert nx.is_isomorphic(G, back)


def test_graphml_export_of_a_store_loaded_from_its_export_is_identical(seed_store, tmp_path):
    # The fresh store holds the same quads in another internal order: the file must not change.
    with GraphStore(tmp_path / "fresh", seed_store.settings) as fresh:
        fresh.load(seed_store.dump("nquads"))
    files = []
    for store in (seed_store.path, tmp_path / "fresh"):
        out = tmp_path / f"{len(files)}.graphml"
        result = CliRunner().invoke(cli, ["export", "--store", str(store), "--format", "graphml", "-o", str(out)])
        assert result.exit_code == 0, result.output
        files.append(out.read_bytes())
    assert files[0] == files[1]
    G = read_graphml(tmp_path / "0.graphml")
    assert G.number_of_edges() == to_networkx(seed_store).number_of_edges()
