"""Building: batched status look-ups, the progress bar (TTY only), --jobs giving the same graph."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from kg.build import BuildSummary, build, estimate_articles, select_pending
from kg.config import Settings
from kg.corpus import iter_articles
from kg.graph.store import GraphStore
from kg.model import Article, ArticleGraph

ROOT = Path(__file__).resolve().parents[1]
S = Settings()


def _corpus(folder: Path, n: int = 5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"Headline {i}\n\nThe minister met the envoy {i} times.\n")
    return folder


def test_estimate_articles_counts_without_parsing(tmp_path):
    _corpus(tmp_path / "txt", 3)
    (tmp_path / "lines.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{broken\n')
    (tmp_path / "list.json").write_text(json.dumps([{"text": "a"}, {"text": "b"}]))
    (tmp_path / "feed.rss").write_text("<rss><channel><item><title>x</title></item><item/></channel></rss>")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    assert estimate_articles([str(tmp_path)]) == 3 + 3 + 2 + 2
    assert estimate_articles(str(tmp_path / "list.json")) == 2


def test_select_pending_looks_up_in_batches_and_counts_unchanged(tmp_path):
    store = GraphStore(None, S)
    articles = list(iter_articles([str(_corpus(tmp_path, 5))]))
    for a in articles[:2]:
        store.write(ArticleGraph(a))  # stored unchanged
    changed = Article(articles[2].id, "A new text.", title="Changed")
    store.write(ArticleGraph(articles[2]))
    calls: list[int] = []

    class Counting:
        """The local store, with the batch look-up a SPARQL server has."""

        def statuses(self, batch):
            calls.append(len(batch))
            return {a.id: store.status(a) for a in batch}

    summary, states = BuildSummary(), {}
    todo = list(select_pending([*articles[:2], changed, *articles[3:]], Counting(), summary, states, batch_size=2))
    assert [a.id for a in todo] == [changed.id, articles[3].id, articles[4].id]
    assert states == {changed.id: "changed", articles[3].id: "new", articles[4].id: "new"}
    assert summary.unchanged == 2 and calls == [2, 2, 1]


def _unchanged_store(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus and a store already holding every article of it: a build parses nothing (no model)."""
    corpus = _corpus(tmp_path / "corpus", 4)
    path = tmp_path / "store"
    with GraphStore(path, S) as store:
        for a in iter_articles([str(corpus)]):
            store.write(ArticleGraph(a))
    return corpus, path


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    corpus, store = _unchanged_store(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "4 unchanged" in proc.stdout
    assert proc.stderr == ""


def _run_in_terminal(args: list[str], timeout: float = 300) -> str:
    """Run a command with stdout and stderr on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(leader)
    return out.decode("utf-8", errors="replace")


def test_progress_bar_with_rate_and_eta_on_a_terminal(tmp_path):
    corpus, store = _unchanged_store(tmp_path)
    (corpus / "bad.jsonl").write_text("{oops\n")
    out = _run_in_terminal([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store)])
    assert "4 unchanged, 1 skipped" in out
    assert "5/5" in out and "articles/s" in out  # done/total and the rate
    assert "<00:00" in out  # elapsed<remaining: the ETA
    assert "kg: skipped" in out and "bad.jsonl:1" in out


@pytest.mark.model
@pytest.mark.slow
def test_jobs_2_gives_the_graph_of_jobs_1(tmp_path):
    """`nlp.pipe(n_process=2)` and one process write the same quads (and report the same counts)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [x for x in (ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8").splitlines()
             if len(x.split()) > 5]
    for i in range(0, 15, 3):
        (corpus / f"part{i}.txt").write_text("\n".join(lines[i:i + 3]) + "\n", encoding="utf-8")
    dumps, counts = [], []
    for jobs in (1, 2):
        with GraphStore(tmp_path / f"store{jobs}", S.with_(batch_size=2)) as store:
            summary = build([str(corpus)], store, settings=store.settings, n_process=jobs)
            counts.append((summary.added, summary.words, summary.totals))
            dumps.append(store.dump("nquads"))
    assert counts[0] == counts[1] and counts[0][0] == 5
    assert dumps[0] == dumps[1]


def test_an_article_text_goes_to_a_worker_with_its_job():
    """With --jobs, texts reach spaCy's workers pickled: the job must go with the text, and the
    tokenizer must still give plain texts (and pickle, where workers are spawned) as before."""
    import pickle

    import spacy

    from kg.nlp import ArticleText, ExtractJob, JobTokenizer

    job = ExtractJob(Article.from_text("NATO met in Kyiv.", id="a1"), S)
    text = pickle.loads(pickle.dumps(ArticleText.of(job)))
    assert text == "NATO met in Kyiv." and isinstance(text, str) and text.job == job
    nlp = spacy.blank("en")
    nlp.tokenizer = pickle.loads(pickle.dumps(JobTokenizer(nlp.tokenizer)))
    assert nlp(text).user_data["kg.job"] == job
    assert [t.text for t in nlp("NATO met.")] == ["NATO", "met", "."] and not nlp("NATO met.").user_data


def test_store_writes_go_to_disk_every_flush_every_quads(tmp_path):
    """RocksDB's write buffers would grow with the corpus: the store flushes them as it goes
    (bench/memory.py measures the effect on memory)."""

    class Counted(GraphStore):
        flushes = 0

        def flush(self) -> None:
            self.flushes += 1
            super().flush()

    def flushes(path, flush_every: int) -> int:
        store = Counted(path, S)
        store.FLUSH_EVERY = flush_every
        for i in range(3):
            store.write(ArticleGraph(Article(f"id-{i}", f"Text number {i}.", title=f"T{i}")))
        n = store.flushes
        store.close()
        return n

    assert flushes(tmp_path / "often", 25) == 1  # 3 articles of 2 × 5 quads: one flush, after the third
    assert flushes(tmp_path / "default", GraphStore.FLUSH_EVERY) == 0
