"""Crash safety of `kg build`: a build killed with SIGKILL (or stopped by Ctrl-C, or by a full disk),
then run again, gives exactly the graph of an uninterrupted build (same ``kg stats --json``, same
sorted N-Quads, same merged view).

The build is a real ``python -m kg build`` process on a real on-disk store. Its progress is watched
from outside, without touching the store: ``/proc/PID/io`` counts the bytes the process has written
(``wchar``), and every article written to the store shows there as a step. The process is killed
early (during its first writes: opening the store, writing the ontology), then at fractions of its
article writes drawn from a seeded random generator, and after the last one; another run meets a
"full disk" (a file size limit); each run resumes what the one before left, and a last one completes.
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
BATCH = "4"  # small batches spread the article writes over the parse instead of bursts of 32
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
    """Polls a process's written bytes; counts the write steps after the quiet model load.

    Before the model load a build only opens the store (and writes the ontology into a new one);
    after it, each article written is one step of about the same size, and the flush at the end
    follows the last article.
    """

    def __init__(self, proc) -> None:
        self.proc = proc
        self.trace: list[tuple[float, int]] = []
        self.steps = 0  # write steps seen since the first write after the quiet model load
        self._in_phase = False

    def poll(self) -> int | None:
        w = _wchar(self.proc.pid)
        if w is None:
            return None
        now = time.monotonic()
        if not self.trace or w != self.trace[-1][1]:
            if not self._in_phase and self.trace and now - self.trace[-1][0] >= QUIET:
                self._in_phase = True
            if self._in_phase:
                self.steps += 1
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
    return popen_kg("build", corpus, "--store", store, "--batch-size", BATCH, "--json")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "news.jsonl"
    news_corpus(path, ARTICLES)
    return path


@pytest.fixture(scope="module")
def reference(corpus) -> Path:
    """An uninterrupted build of the corpus (in this process, where the model is loaded once)."""
    from kg.build import build
    from kg.config import Settings
    from kg.graph.store import GraphStore

    settings = Settings(batch_size=int(BATCH))
    path = corpus.parent / "reference"
    with GraphStore(path, settings) as store:
        summary = build([str(corpus)], store, settings=settings)
    assert summary.added == ARTICLES
    return path


def _disk_full() -> None:
    """In the child before exec: files may not grow past 1.5 MB, and writing past that fails
    (EFBIG, as on a full disk) instead of killing the process with SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, resource.RLIM_INFINITY))


def test_interrupted_builds_then_rerun_equal_an_uninterrupted_build(corpus, reference):
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
    proc = popen_kg("build", corpus, "--store", store, "--batch-size", BATCH, preexec_fn=_disk_full)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, (out, err)
    [line] = err.splitlines()
    assert line.startswith("kg: error: ") and "File too large" in line, line
    after.append(("disk full", _stored(store)))

    # 3. SIGKILL and 4. Ctrl-C (SIGINT) part-way through the article writes; 5. SIGKILL after the
    # last article, while the build flushes and counts. Each run resumes what the one before left.
    for fraction, sig in [(fractions[0], signal.SIGKILL), (fractions[1], signal.SIGINT), (None, signal.SIGKILL)]:
        remaining = ARTICLES - after[-1][1]
        steps = remaining + 1 if fraction is None else max(1, round(fraction * remaining))
        proc = _build(corpus, store)
        if not Watch(proc).run_until(lambda w: w.steps >= steps):
            _, err = proc.communicate()
            assert proc.returncode == 0, err
            after.append(("ended before the signal", _stored(store)))
            continue
        if sig == signal.SIGKILL:
            _kill(proc)
        else:
            os.kill(proc.pid, sig)
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 130, err
            assert err.splitlines()[-1] == "kg: interrupted" and "Traceback" not in err, err
        when = "after the last article" if fraction is None else f"at {fraction:.0%} of the writes"
        after.append((f"{sig.name} {when}", _stored(store)))

    # 6. the last run completes what is left
    proc = run_kg("build", corpus, "--store", store, "--batch-size", BATCH, "--json")
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
