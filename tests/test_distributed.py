"""Extraction on a Dask LocalCluster gives the graph of a local build; each worker loads the model once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.config import Settings
from kg.distributed import parse_address
from kg.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nato-dragone-ukraine-security-guarantees.txt"


def test_parse_address():
    assert parse_address("local") == ("local", 0)
    assert parse_address("local:2") == ("local", 2)
    assert parse_address("tcp://127.0.0.1:8786") == ("tcp://127.0.0.1:8786", 0)
    for bad in ("local:0", "local:two"):
        with pytest.raises(ConfigError):
            parse_address(bad)


def _corpus(folder: Path) -> Path:
    """Six articles cut from the seed article, three lines each, as JSONL."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if len(line.split()) > 5]
    assert len(lines) >= 18
    records = [{"id": f"seed-part-{i}", "title": f"Part {i}", "text": "\n".join(lines[i:i + 3])}
               for i in range(0, 18, 3)]
    path = folder / "parts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.model
@pytest.mark.slow
def test_dask_build_equals_local_build_and_loads_the_model_once_per_worker(tmp_path):
    pytest.importorskip("distributed")
    from kg.build import build
    from kg.distributed import cluster
    from kg.graph.store import GraphStore
    from kg.nlp import load_count

    corpus = _corpus(tmp_path)
    settings = Settings(batch_size=2)  # two articles per partition: three partitions on two workers
    with GraphStore(tmp_path / "local", settings) as local:
        local_summary = build([str(corpus)], local, settings=settings)
        expected = local.dump("nquads")
    shard_dir = tmp_path / "shards"
    with cluster("local:2") as client, GraphStore(tmp_path / "dask", settings) as store:
        summary = build([str(corpus)], store, settings=settings, dask=client, shard_dir=str(shard_dir))
        assert summary.added == local_summary.added == 6
        assert summary.totals == local_summary.totals
        assert store.dump("nquads") == expected
        # each worker process loaded the pipeline once, for all the partitions it extracted
        assert list(client.run(load_count).values()) == [1, 1]
        # the shards are N-Quads any store loads as they are: together they are the whole graph
        assert len(list(shard_dir.glob("part-*.nq"))) == 3
        again = GraphStore(None, settings)
        for shard in sorted(shard_dir.glob("part-*.nq")):
            again.load_nquads(shard.read_bytes())
        assert again.dump("nquads") == expected
    # a second Dask build of the same corpus changes nothing (and starts no cluster: nothing to parse)
    with GraphStore(tmp_path / "dask", settings) as store:
        assert build([str(corpus)], store, settings=settings, dask="local:2").unchanged == 6
        assert store.dump("nquads") == expected
