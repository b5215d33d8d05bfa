"""The main job: read articles, parse them with spaCy, extract facts, merge them into the store.

Everything streams: articles are read one file (or JSONL line) at a time, checked against the
store a batch at a time (unchanged articles are not parsed again), parsed by ``nlp.pipe`` in
batches (``n_process`` spaCy processes), and each article is written as soon as it is extracted,
in its own transaction on the local store, so memory stays flat whatever the corpus size and an
interrupted build keeps every article it finished. Writes run in a thread of their own, so the
store works while spaCy parses. With ``dask=ADDRESS`` the parsing and
extraction run on a Dask cluster instead (:mod:`kg.distributed`); the store is written here,
shard by shard, with the same merge rules.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("One.")
>>> _ = (folder / "b.jsonl").write_text('{"text": "Two."}\\n{"text": "Three."}\\n')
>>> estimate_articles([folder])
3
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Settings
from kg.corpus import SUFFIXES, iter_articles
from kg.errors import InputError
from kg.model import Article, ArticleGraph

if TYPE_CHECKING:
    from kg.graph.remote import RemoteStore
    from kg.graph.store import GraphStore, Status

__all__ = ["BuildSummary", "build", "extract_articles", "estimate_articles", "select_pending"]


@dataclass
class BuildSummary:
    """What a build did: articles added, replaced and left unchanged, problems, store totals."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    problems: list[InputError] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return self.added + self.replaced

    def count(self, article: Article, state: str) -> None:
        """Count one article written to the store (``state``: its status before the write)."""
        if state == "new":
            self.added += 1
        else:
            self.replaced += 1
        self.words += len(article.text.split())

    def lines(self) -> list[str]:
        """The summary the CLI prints."""
        t = self.totals
        rate = f" ({self.processed / self.seconds:.1f} articles/s)" if self.processed and self.seconds else ""
        out = [
            f"articles: {self.processed} extracted ({self.added} new, {self.replaced} replaced), "
            f"{self.unchanged} unchanged, {self.skipped} skipped",
            f"store: {t.get('articles', 0)} articles, {t.get('entities', 0)} entities, "
            f"{t.get('facts', 0)} facts, {t.get('evidence', 0)} evidence",
            f"seconds: {self.seconds:.1f}{rate}",
        ]
        return out


def extract_articles(articles: Iterable[Article], settings: Settings, *, n_process: int = 1,
                     gazetteer: bool = True) -> Iterator[ArticleGraph]:
    """Parse and extract a stream of articles (no store): one :class:`ArticleGraph` each."""
    from kg.nlp import extract_stream, load_pipeline

    articles = iter(articles)
    first = next(articles, None)
    if first is None:
        return  # nothing to parse (all unchanged, or all unreadable): no model load, which takes seconds
    nlp = load_pipeline(settings.model, gazetteer=gazetteer)
    nlp.max_length = max(nlp.max_length, settings.max_chars)  # the corpus reader enforces max_chars
    stream = itertools.chain([first], articles)
    # extraction runs in the pipeline's last component: in the spaCy worker processes when n_process > 1
    yield from extract_stream(nlp, stream, settings, gazetteer=gazetteer, batch_size=settings.batch_size,
                              n_process=n_process)


def select_pending(articles: Iterable[Article], store: GraphStore | RemoteStore, summary: BuildSummary,
                   states: dict[str, Status], *, batch_size: int = 32,
                   on_unchanged: Callable[[], None] | None = None) -> Iterator[Article]:
    """The articles that need parsing: new ones and changed ones; unchanged ones are counted.

    Articles are looked up a batch at a time (one query per batch on a SPARQL server); the
    status of each yielded article is left in ``states`` (id → ``"new"`` or ``"changed"``) for
    the writer to count.
    """
    lookup = getattr(store, "statuses", None)
    it = iter(articles)
    while chunk := list(itertools.islice(it, batch_size)):
        found = lookup(chunk) if lookup is not None else {a.id: store.status(a) for a in chunk}
        for article in chunk:
            state = found[article.id]
            if state == "same":
                summary.unchanged += 1
                if on_unchanged is not None:
                    on_unchanged()
                continue
            states[article.id] = state
            yield article


def build(sources: Iterable[str], store: GraphStore | RemoteStore, *, settings: Settings | None = None,
          strict: bool = False, n_process: int = 1, dask: str | object | None = None,
          shard_dir: str | None = None, progress: bool | None = False,
          on_problem: Callable[[InputError], None] | None = None,
          on_article: Callable[[ArticleGraph], None] | None = None) -> BuildSummary:
    """Build (or grow) the graph in ``store`` from the articles in ``sources``.

    Parameters
    ----------
    sources : iterable of str
        Files and folders (see :func:`kg.corpus.iter_articles`).
    store : GraphStore or RemoteStore
        Where the graph is merged: the on-disk store or a SPARQL server.
    strict : bool
        Stop at the first input problem (raised as :class:`~kg.errors.InputError`).
    n_process : int
        spaCy worker processes (``nlp.pipe(n_process=…)``).
    dask : str, optional
        Run parsing and extraction on a Dask cluster: ``"local"``, ``"local:N"`` (a local
        cluster of N worker processes) or a scheduler address (``tcp://host:8786``); or a
        connected :class:`distributed.Client`.
    shard_dir : str, optional
        With ``dask``: also keep each partition's N-Quads shard in this folder.
    progress : bool or None
        Show a progress bar (articles/s, ETA) on stderr; ``None``: when stderr is a terminal.
    on_problem, on_article : callable, optional
        Called for each input problem as it is met, and for each article's graph once it is
        extracted and handed to the store's writer (``on_article`` on a local build only: a
        Dask build hands over whole shards).
    """
    settings = settings or store.settings
    summary = BuildSummary()
    started = time.perf_counter()
    if progress is None:
        progress = sys.stderr.isatty()
    bar = _progress_bar(sources) if progress else None

    def tick() -> None:
        if bar is not None:  # done: written, unchanged or skipped
            bar.update(summary.processed + summary.unchanged + stream.skipped - bar.n)

    def problem(err: InputError) -> None:
        summary.problems.append(err)
        tick()
        if on_problem is not None:
            on_problem(err)

    stream = iter_articles(sources, strict=strict, on_problem=problem, max_chars=settings.max_chars)
    states: dict[str, Status] = {}
    todo = select_pending(stream, store, summary, states, batch_size=settings.batch_size, on_unchanged=tick)
    try:
        if dask is not None:
            from kg.distributed import shards

            with _Writer(lambda batch: [store.load_nquads(shard) for shard in batch]) as writer:
                for part, shard in shards(todo, settings, dask, shard_dir=shard_dir):
                    writer.put(shard)
                    for article in part:
                        summary.count(article, states.pop(article.id))
                        tick()
        else:
            with _Writer(store.write_many, batch=settings.write_batch) as writer:
                for ag in extract_articles(todo, settings, n_process=n_process):
                    writer.put(ag)
                    summary.count(ag.article, states.pop(ag.article.id))
                    tick()
                    if on_article is not None:
                        on_article(ag)
        store.flush()
    finally:
        if bar is not None:
            bar.close()
    summary.skipped = stream.skipped
    summary.seconds = time.perf_counter() - started
    summary.totals = store.stats()
    return summary


class _Writer:
    """Store writes in a thread of their own, in order, behind a short queue.

    Oxigraph and HTTP release the GIL while they write, so the store works on another core
    while spaCy parses the next articles (profiled: the writes of a first build cost about a
    fifth of the parse on this machine's disk). Items are handed to ``write`` as lists of up to
    ``batch`` (the store writes a batch of new articles at once). At most ``depth`` items wait;
    an error in the writer is raised in the builder at its next hand-off, or when the block
    ends. Leaving the block writes every queued item, so a build stopped by an error keeps
    what it extracted.
    """

    _DONE = object()

    def __init__(self, write: Callable[[list], object], *, batch: int = 1, depth: int = 64) -> None:
        self._write = write
        self._batch = max(1, batch)
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)

    def __enter__(self) -> _Writer:
        return self

    def _run(self) -> None:
        items: list = []
        while True:
            item = self._queue.get()
            done = item is self._DONE
            if not done:
                items.append(item)
            if items and (done or len(items) >= self._batch):
                if self._error is None:  # after an error, drain the queue without writing
                    try:
                        self._write(items)
                    except BaseException as exc:  # noqa: BLE001 - handed to the builder thread
                        self._error = exc
                items = []
            if done:
                return

    def put(self, item: object) -> None:
        self._raise()
        if self._thread.ident is None:
            # started at the first write, when spaCy has already forked its workers: a thread
            # running across a fork could leave a lock held in the child
            self._thread.start()
        self._queue.put(item)

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __exit__(self, *exc: object) -> None:
        if self._thread.ident is not None:
            self._queue.put(self._DONE)
            self._thread.join()
        if exc[0] is None:
            self._raise()


def _progress_bar(sources: Iterable[str]):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: spaCy forks its workers after the bar exists

    # a terminal that reports no size (a bare pty) would get no bar at all: give it one
    known = shutil.get_terminal_size((0, 0)).columns > 0
    return tqdm(total=estimate_articles(sources), unit=" articles", file=sys.stderr, dynamic_ncols=known,
                ncols=None if known else 100, nrows=None if known else 24, smoothing=0.1,
                bar_format="{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]")


def estimate_articles(sources: Iterable[str]) -> int:
    """How many articles ``sources`` hold, counted cheaply (for the progress bar's ETA).

    Text and HTML files count one; JSONL files one per non-blank line; a JSON list its length;
    feeds their ``<item>``/``<entry>`` tags. Nothing is parsed, so a bad record still counts.
    """
    from kg.corpus import _walk

    total = 0
    for source in [sources] if isinstance(sources, (str, os.PathLike)) else sources:
        path = Path(source)
        files = (p for p in _walk(path) if isinstance(p, Path)) if path.is_dir() else [path]
        for f in files:
            suffix = f.suffix.lower()
            if suffix not in SUFFIXES:
                continue
            try:
                total += _count_in(f, suffix)
            except OSError:
                total += 1  # the reader will report it
    return total


def _count_in(path: Path, suffix: str) -> int:
    if suffix in (".jsonl", ".ndjson"):
        n = 0
        with path.open("rb") as f:
            for line in f:
                n += bool(line.strip())
        return n
    if suffix == ".json":
        if path.stat().st_size > 64 * 1024 * 1024:
            return 1
        try:
            value = json.loads(path.read_bytes())
        except ValueError:
            return 1
        return len(value) if isinstance(value, list) else 1
    if suffix in (".xml", ".rss", ".atom"):
        data = path.read_bytes()
        return max(1, data.count(b"<item") + data.count(b"<entry"))
    return 1
