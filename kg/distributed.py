"""Parsing and extraction on a Dask distributed cluster (``kg build --dask ADDRESS``).

What runs where:

* the client (``kg build``) reads the corpus, asks the store which articles are new or changed,
  cuts them into partitions and submits one task per partition;
* each worker loads the spaCy pipeline and the gazetteer once (a worker plugin, at start), then
  turns each partition it is given into an N-Quads *shard*: one named graph per article, exactly
  the quads a local build writes;
* the client merges the shards into the store as they come back, in submission order, with
  :meth:`~kg.graph.store.GraphStore.load_nquads` (each article graph replaces the stored one,
  the merged view follows), so the result is that of a local build of the same corpus.

At most two partitions per worker are in flight, so neither the client nor the cluster holds
more than that of the corpus. ``ADDRESS`` is ``local`` or ``local:N`` (a
:class:`distributed.LocalCluster` of N single-threaded worker processes on this machine) or
the address of a running scheduler (``tcp://10.0.0.5:8786``); remote workers need kg and the
model installed, as ``pip install 'kg[scale]'`` and ``kg``'s model do here.

Examples
--------
>>> parse_address("local:3")
('local', 3)
>>> parse_address("tcp://10.0.0.5:8786")
('tcp://10.0.0.5:8786', 0)
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.config import Settings
from kg.errors import ConfigError
from kg.model import Article

__all__ = ["cluster", "extract_shard", "parse_address", "shards", "ModelPlugin"]


def parse_address(address: str) -> tuple[str, int]:
    """``"local[:N]"`` → ``("local", N)`` (0: one worker per core); a scheduler address → ``(address, 0)``."""
    if address == "local" or address.startswith("local:"):
        _, _, n = address.partition(":")
        if n and not (n.isdigit() and int(n) > 0):
            raise ConfigError(f"--dask local:N needs a positive number of workers, not {n!r}")
        return "local", int(n or 0)
    return address, 0


@contextlib.contextmanager
def cluster(address: str | object) -> Iterator[object]:
    """A connected :class:`distributed.Client` (and the local cluster it started, if any).

    ``address`` may also be a connected client, used as it is and left open.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("--dask needs Dask distributed: pip install 'kg[scale]'") from None
    if isinstance(address, Client):
        yield address
        return
    where, n = parse_address(address)
    if where == "local":
        # one thread per worker: spaCy parses on one core, and the model is loaded once per process
        local = LocalCluster(n_workers=n or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                             dashboard_address=None, worker_dashboard_address=None, silence_logs=logging.ERROR)
        with local, Client(local) as client:
            yield client
    else:
        try:
            client = Client(where, timeout="30s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        with client:
            yield client


try:
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # the `scale` extra is not installed; cluster() says how to install it
    _WorkerPlugin = object


class ModelPlugin(_WorkerPlugin):
    """Worker plugin: load the spaCy pipeline and the gazetteer once, when the worker starts."""

    name = "kg-model"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: object) -> None:
        from kg.link.gazetteer import Gazetteer
        from kg.nlp import load_pipeline

        load_pipeline(self.model)
        Gazetteer.load()

    def teardown(self, worker: object) -> None:
        pass


def extract_shard(articles: list[Article], settings: Settings) -> bytes:
    """Worker side: parse and extract a partition, return its N-Quads (one named graph per article)."""
    from kg.build import extract_articles
    from kg.graph.rdf import to_nquads

    return "".join(to_nquads(ag, settings) for ag in extract_articles(articles, settings)).encode("utf-8")


def shards(articles: Iterable[Article], settings: Settings, address: str | object, *,
           partition_size: int | None = None, shard_dir: str | os.PathLike | None = None
           ) -> Iterator[tuple[list[Article], bytes]]:
    """Extract ``articles`` on the cluster: ``(partition, N-Quads shard)`` pairs in input order.

    ``address`` as for :func:`cluster`. No cluster is started when there is nothing to extract.
    ``shard_dir`` also keeps each shard as ``part-000001.nq`` … there (for a server's bulk loader).
    """
    size = partition_size or settings.batch_size
    it = iter(articles)
    first = list(itertools.islice(it, size))
    if not first:
        return
    folder = Path(shard_dir) if shard_dir is not None else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    with cluster(address) as client:
        client.register_plugin(ModelPlugin(settings.model))
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        in_flight: deque = deque()
        counter = itertools.count(1)

        def finished() -> tuple[list[Article], bytes]:
            part, future = in_flight.popleft()
            shard = future.result()
            if folder is not None:
                (folder / f"part-{next(counter):06d}.nq").write_bytes(shard)
            return part, shard

        parts = itertools.chain([first], iter(lambda: list(itertools.islice(it, size)), []))
        for part in parts:
            in_flight.append((part, client.submit(extract_shard, part, settings, pure=False)))
            if len(in_flight) >= 2 * workers:
                yield finished()
        while in_flight:
            yield finished()
