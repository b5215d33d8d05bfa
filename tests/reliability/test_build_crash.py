"""Crash safety of `kg build`: a build killed with SIGKILL (or stopped by Ctrl-C, or by a full disk),
then run again, gives exactly the graph of an uninterrupted build (same ``kg stats --json``, same
sorted N-Quads, same merged view).

The build is a real ``python -m kg build`` process on a real on-disk store. Its progress is watched
from outside, without touching the store: ``/proc/PID/io`` counts the bytes the process has written
(``wchar``): after the quiet model load, the article writes (batches through the bulk loader,
RocksDB's compactions) run until the build ends. An uninterrupted run of the same command times
that phase; the process is then killed early (during its first writes: opening the store,
writing the ontology), at fractions of the phase drawn from a seeded random generator, and near
its end; another run meets a "full disk" (a file size limit); each run resumes what the one
before left, and a last one completes.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.kgrun import news_corpus, popen_kg, run_kg, sorted_nquads, stats

pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/io (Linux)"),
]

ARTICLES = 36
BATCH = "4"  # small batches (parsed and written) spread the writes over the parse instead of bursts of 64
ENV = {**os.environ, "KG_WRITE_BATCH": BATCH}
QUIET = 1.0  # seconds without writes that mark the model load (it takes several seconds)


def _wchar(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/io", encoding="ascii") as f:
            for line in f:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


class Watch:
    """Polls a process's written bytes; notes when the article writes begin.

    Before the model load a build only opens the store (and writes the ontology into a new one);
    after it, the first write begins the article phase.
    """

    def __init__(self, proc) -> None:
        self.proc = proc
        self.trace: list[tuple[float, int]] = []
        self.started: float | None = None  # the first write after the quiet model load

    def writing_for(self) -> float:
        """Seconds since the article writes began (0 before)."""
        return 0.0 if self.started is None else time.monotonic() - self.started

    def poll(self) -> int | None:
        w = _wchar(self.proc.pid)
        if w is None:
            return None
        now = time.monotonic()
        if not self.trace or w != self.trace[-1][1]:
            if self.started is None and self.trace and now - self.trace[-1][0] >= QUIET:
                self.started = now
            self.trace.append((now, w))
        return w

    def run_until(self, done, timeout: float = 300) -> bool:
        """Poll every 2 ms until ``done(self)``; False when the process ended first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if self.poll() is not None and done(self):
                return True
            time.sleep(0.002)
        raise AssertionError("the build neither finished nor reached the kill point in time")


def _kill(proc) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    proc.stdout.close()
    proc.stderr.close()


def _stored(store: Path) -> int:
    """Articles in ``store``; 0 when the killed build had not yet created it."""
    if not (store / "CURRENT").exists():
        proc = run_kg("stats", "--store", store, "--json")
        assert proc.returncode == 1 and "no kg store here" in proc.stderr, proc.stderr
        return 0
    return stats(store)["articles"]


def _build(corpus: Path, store: Path):
    return popen_kg("build", corpus, "--store", store, "--batch-size", BATCH, "--json", env=ENV)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "news.jsonl"
    news_corpus(path, ARTICLES)
    return path


@pytest.fixture(scope="module")
def phase(corpus) -> float:
    """Seconds from the first article write of an uninterrupted ``kg build`` to its end."""
    proc = _build(corpus, corpus.parent / "timed")
    watch = Watch(proc)
    assert not watch.run_until(lambda w: False)
    assert proc.wait() == 0 and watch.started is not None
    return watch.writing_for()


@pytest.fixture(scope="module")
def reference(corpus) -> Path:
    """An uninterrupted build of the corpus (in this process, where the model is loaded once)."""
    from kg.build import build
    from kg.config import Settings
    from kg.graph.store import GraphStore

    settings = Settings(batch_size=int(BATCH), write_batch=int(BATCH))
    path = corpus.parent / "reference"
    with GraphStore(path, settings) as store:
        summary = build([str(corpus)], store, settings=settings)
    assert summary.added == ARTICLES
    return path


def _disk_full() -> None:
    """In the child before exec: files may not grow past 100 kB, and writing past that fails
    (EFBIG, as on a full disk) instead of killing the process with SIGXFSZ. The store's own
    files of a new store are smaller; the files the bulk loader and RocksDB's compactions write
    outgrow it after a few batches of articles."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))


def test_interrupted_builds_then_rerun_equal_an_uninterrupted_build(corpus, reference, phase):
    store = corpus.parent / "killed"
    rng = random.Random(20240607)
    fractions = sorted(rng.uniform(0.1, 0.9) for _ in range(2))
    after: list[tuple[str, int]] = []  # (what stopped the run, articles in the store afterwards)

    # 1. SIGKILL at its first write: while RocksDB creates the store and kg writes the ontology
    proc = _build(corpus, store)
    assert Watch(proc).run_until(lambda w: w.trace[-1][1] > 0), "the build ended before it was killed"
    _kill(proc)
    after.append(("SIGKILL at the first write", _stored(store)))

    # 2. the disk fills up part-way: one line, exit code 1, what was written stays
    proc = popen_kg("build", corpus, "--store", store, "--batch-size", BATCH, preexec_fn=_disk_full, env=ENV)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, (out, err)
    [line] = err.splitlines()
    assert line.startswith("kg: error: ") and "File too large" in line, line
    after.append(("disk full", _stored(store)))

    # 3. SIGKILL and 4. Ctrl-C (SIGINT) part-way through the article writes; 5. SIGKILL near their
    # end. Each run resumes what the one before left, so its phase is that much shorter.
    for fraction, sig in [(fractions[0], signal.SIGKILL), (fractions[1], signal.SIGINT), (0.95, signal.SIGKILL)]:
        at = fraction * phase * (ARTICLES - after[-1][1]) / ARTICLES
        proc = _build(corpus, store)
        if Watch(proc).run_until(lambda w: w.writing_for() >= at):
            os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=60)
        if proc.returncode == 0 or proc.returncode == -signal.SIGINT:
            # it ended before the signal, or the signal came as the interpreter shut down (after
            # the build), which no longer turns Ctrl-C into KeyboardInterrupt
            after.append(("ended before the signal", _stored(store)))
            continue
        if sig == signal.SIGKILL:
            assert proc.returncode == -signal.SIGKILL, err
        else:
            assert proc.returncode == 130, err
            assert err.splitlines()[-1] == "kg: interrupted" and "Traceback" not in err, err
        after.append((f"{sig.name} at {fraction:.0%} of the writes", _stored(store)))

    # 6. the last run completes what is left
    proc = run_kg("build", corpus, "--store", store, "--batch-size", BATCH, "--json", env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["added"] == ARTICLES - after[-1][1]
    print("articles in the store after each interruption:", after)

    counts = [n for _, n in after]
    assert any(0 < n < ARTICLES for n in counts), after  # caught part-way, else this proves nothing
    assert counts == sorted(counts)  # nothing finished was lost

    assert stats(store) == stats(reference)
    assert sorted_nquads(store) == sorted_nquads(reference)
    root = corpus.parent
    for s in (store, reference):  # the merged view (default graph) too
        proc = run_kg("export", "--store", s, "--format", "turtle", "-o", root / f"{s.name}.ttl")
        assert proc.returncode == 0, proc.stderr
    assert (root / "killed.ttl").read_bytes() == (root / "reference.ttl").read_bytes()
