"""Files kg writes appear whole or not at all: a temporary name in the same folder, then a rename.

Checked from outside, on the real commands: the target's inode changes (a rename, not a rewrite in
place) while a reader holding the old file still reads it whole, and no temporary file is left. A
write that fails half-way (a file size limit standing in for a full disk) leaves the old file.
"""

from __future__ import annotations

import os
import random
import signal

import pytest

from kg.errors import OutputError
from kg.fileio import write_atomic
from tests.reliability.kgrun import run_kg

OLD = b"# the previous export, which must survive whole\n"


def _synthetic_store(path, articles: int) -> None:
    """A store of ``articles`` article graphs with entities and facts, written without the model."""
    from kg.config import Settings
    from kg.graph.store import GraphStore
    from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention

    s = Settings()
    rng = random.Random(5)
    people = [Entity(f"{s.entity_ns}person-{i}", f"Person {i}", "Person") for i in range(60)]
    orgs = [Entity(f"{s.entity_ns}org-{i}", f"Organisation {i}", "Organization") for i in range(20)]
    with GraphStore(path, s) as store:
        for n in range(articles):
            text = " ".join(f"Person {rng.randrange(60)} met Organisation {rng.randrange(20)}." for _ in range(12))
            art = Article.from_text(text, title=f"Article {n}", published="2025-01-02")
            ents = rng.sample(people, 6) + rng.sample(orgs, 3)
            facts = [Fact(p, rng.choice(["memberOf", "worksFor", "consultWith"]), o,
                          Evidence(art.id, text[:60], 0, 60, "synthetic", 0.8))
                     for p, o in zip(ents[:6], rng.choices(ents[6:], k=6))]
            facts.append(Fact(ents[0], "said", Literal(f"Quote {n} <&> \"x\""), Evidence(art.id, text, 0, 9, "q", 0.9)))
            mentions = [(Mention(art.id, i, i + 5, "Name", "PERSON"), e.iri) for i, e in enumerate(ents)]
            store.write(ArticleGraph(art, ents, mentions, facts))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("fileio") / "store"
    _synthetic_store(path, 40)
    return path


# -- the library function ---------------------------------------------------------------------------


def test_write_atomic_renames_over_the_old_file(tmp_path):
    target = tmp_path / "graph.nq"
    target.write_bytes(OLD)
    old_inode = target.stat().st_ino
    with open(target, "rb") as reader:  # e.g. a web server sending the old file right now
        write_atomic(target, b"new\n")
        assert reader.read() == OLD
    assert target.read_bytes() == b"new\n" and target.stat().st_ino != old_inode
    assert os.listdir(tmp_path) == ["graph.nq"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_write_atomic_failure_leaves_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "graph.nq"
    target.write_bytes(OLD)
    with pytest.raises(OutputError, match="is a file"):
        write_atomic(target / "below" / "x.nq", b"x")  # a folder that is a file
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["graph.nq"]


def test_write_atomic_on_a_full_disk(tmp_path):
    """A write that fails half-way (here: a size limit on the process) leaves the old file and no temporary."""
    import resource

    target = tmp_path / "graph.nq"
    target.write_bytes(OLD)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, hard))
    try:
        with pytest.raises(OutputError, match="cannot write"):
            write_atomic(target, b"x" * 1_000_000)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["graph.nq"]


# -- the commands -----------------------------------------------------------------------------------

_COMMANDS = {
    "export turtle": (["export", "--format", "turtle"], "graph.ttl"),
    "export trig": (["export", "--format", "trig"], "graph.trig"),
    "export nquads": (["export", "--format", "nquads"], "graph.nq"),
    "export jsonld": (["export", "--format", "jsonld"], "graph.jsonld"),
    "export graphml": (["export", "--format", "graphml"], "graph.graphml"),
    "render": (["render", "--top", "50"], "graph.html"),
}


@pytest.mark.parametrize("command", list(_COMMANDS))
def test_command_replaces_its_output_by_a_rename(store, tmp_path, command):
    args, name = _COMMANDS[command]
    target = tmp_path / name
    target.write_bytes(OLD)
    old_inode = target.stat().st_ino
    with open(target, "rb") as reader:
        proc = run_kg(*args, "--store", store, "-o", target)
        assert proc.returncode == 0, proc.stderr
        assert reader.read() == OLD  # the old file was not truncated and rewritten in place
    assert target.stat().st_ino != old_inode
    assert os.listdir(tmp_path) == [name]  # no temporary file left
    assert len(target.read_bytes()) > 1000


def test_site_pages_are_replaced_by_renames(store, tmp_path):
    from kg.cli import cli

    if "site" not in cli.commands:
        pytest.skip("`kg site` does not exist yet")
    out = tmp_path / "site"
    out.mkdir()
    index = out / "index.html"
    index.write_bytes(OLD)
    old_inode = index.stat().st_ino
    with open(index, "rb") as reader:
        proc = run_kg("site", "--store", store, "--out", out)
        assert proc.returncode == 0, proc.stderr
        assert reader.read() == OLD
    assert index.stat().st_ino != old_inode
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_command_that_cannot_write_says_so_in_one_line(store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    for command in ("export nquads", "export graphml", "render"):  # the three ways kg writes a file
        args, name = _COMMANDS[command]
        proc = run_kg(*args, "--store", store, "-o", blocker / name)
        assert proc.returncode == 1, (args, proc.stderr)
        [line] = proc.stderr.splitlines()
        assert line.startswith("kg: error: ") and "Traceback" not in proc.stderr
