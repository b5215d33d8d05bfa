"""Bad input through the real `kg build` command: one line per problem naming the file (and line),
the rest built, a summary of what was skipped, ``--strict`` stopping with exit code 1, never a
traceback, never a partly written article.

Each bad case runs alone (twice: default and ``--strict``; no model is loaded when nothing is
readable, so these are quick), then all of them together with good articles, a 100,000-line JSONL
file with malformed lines, and an article of hostile text, in one build with the real model.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.reliability.kgrun import run_kg, stats

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
FIFTY_MB = 50 * 1024 * 1024


def _fifty_mb_article(path: Path) -> None:
    paragraph = b"NATO ministers met in Brussels on Tuesday to discuss security guarantees. " * 20 + b"\n\n"
    with path.open("wb") as f:
        f.write(b"A very long article\n\n")
        for _ in range(FIFTY_MB // len(paragraph) + 1):
            f.write(paragraph)


# name → (files to write: relative path → bytes (None: write nothing), the path kg is given,
#         the line the problem names (None: none), what the message says)
BAD: dict[str, tuple[dict[str, bytes | None], str, int | None, str]] = {
    "empty file": ({"empty.txt": b""}, "empty.txt", None, "empty file"),
    "whitespace only": ({"blank.md": b" \n\t\n\n"}, "blank.md", None, "file holds only whitespace"),
    "binary file": ({"logo.txt": PNG}, "logo.txt", None, "binary file (NUL bytes)"),
    "invalid UTF-8": ({"latin1.txt": "Headline\n\nCafé in Zürich.\n".encode("latin-1")}, "latin1.txt", 3,
                      "not valid UTF-8 (byte 0xe9"),
    "surrogate encoded in UTF-8 bytes": ({"cesu.txt": b"Headline\n\nbad \xed\xa0\x80 text\n"}, "cesu.txt", 3,
                                         "not valid UTF-8 (byte 0xed"),
    "UTF-16 without a BOM": ({"u16.txt": "Headline\n\nNATO met.\n".encode("utf-16-le")}, "u16.txt", None,
                             "binary file (NUL bytes)"),
    "50 MB article": ({"long.txt": None}, "long.txt", None, "above the limit of 1,000,000 (KG_MAX_CHARS)"),
    "malformed JSONL line": ({"bad.jsonl": b'{"text": "cut off\n'}, "bad.jsonl", 1, "not valid JSON"),
    "JSON value of the wrong type": ({"types.jsonl": b'{"text": 42}\n'}, "types.jsonl", 1,
                                     "field 'text' must be a string, not a number"),
    "JSON list item of the wrong type": ({"list.json": b'[["text", "x"]]'}, "list.json", None,
                                         "item 1: expected a JSON object, not a list"),
    "JSON top level of the wrong type": ({"top.json": b"42"}, "top.json", None,
                                         "expected a JSON object or a list of objects, not a number"),
    "missing text": ({"notext.jsonl": b'{"title": "T", "url": "https://x.example/1"}\n'}, "notext.jsonl", 1,
                     "no 'text' field (fields: title, url)"),
    "lone surrogate in a field": ({"sur.jsonl": b'{"text": "NATO met.", "title": "a \\udc00 b"}\n'}, "sur.jsonl",
                                  1, "field 'title' holds a lone surrogate at character 2"),
    "unknown file type": ({"notes.csv": b"a,b\n1,2\n"}, "notes.csv", None, "unsupported file type '.csv'"),
    "document file type": ({"report.docx": b"PK\x03\x04"}, "report.docx", None, "unsupported file type '.docx'"),
    "HTML of only scripts and styles": (
        {"page.html": b"<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
                      b"<body><script>document.write('x')</script><noscript>on</noscript></body></html>"},
        "page.html", None, "no text found in the HTML page"),
    "broken feed": ({"feed.xml": b"<?xml version='1.0'?><rss><channel><title>Cut off"}, "feed.xml", None,
                    "not a readable RSS/Atom feed"),
    "path that does not exist": ({}, "missing.txt", None, "no such file or folder"),
    "folder with no readable file": ({"pics/logo.png": PNG, "pics/style.css": b"p{}"}, "pics", None,
                                     "folder holds no file kg reads (found only .css, .png files)"),
}


def _write(root: Path, files: dict[str, bytes | None]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            _fifty_mb_article(path)
        else:
            path.write_bytes(data)


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: skipped ")]


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_alone(tmp_path, case):
    files, given, line, message = BAD[case]
    _write(tmp_path, files)
    path = tmp_path / given
    where = f"{path}:{line}" if line else str(path)
    store = tmp_path / "store"

    proc = run_kg("build", path, "--store", store)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    [problem] = proc.stderr.splitlines()  # one line per problem, nothing else
    assert problem.startswith(f"kg: skipped {where}: "), problem
    assert message in problem
    assert re.search(r"articles: 0 extracted \(0 new, 0 replaced\), 0 unchanged, [01] skipped", proc.stdout)
    assert "problems: 1 (listed above)" in proc.stdout
    assert stats(store)["articles"] == 0

    strict = run_kg("build", path, "--store", store, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [f"kg: error: {where}: " + problem.split(f"{where}: ", 1)[1]]
    assert strict.stdout == ""


# -- everything at once, with good articles, through the real model ---------------------------------

GOOD_TEXT = "NATO Secretary General Mark Rutte met Olaf Scholz in Berlin on Monday."
HOSTILE = (
    'Dr. "Zoë <b>O\'Brien</b>" & Ahmed \u202eAl-Rashid\u202c met officials of NATO in Kyiv 🇺🇦 on Monday.\n'
    "O'Brien said: \"We </script><script>alert('x')</script> will \\ not \u200fleave\u200e 😀.\"\n"
    "The United Nations condemned the attack on Kharkiv."
)
LINES = 100_000
GOOD_EVERY = 10_000
_BAD_LINES = ['{"text": "cut off', '{"text": 42}', '{"title": "no text"}', '["a", "list"]', '{"text": "  "}']
_BAD_REASONS = ["not valid JSON", "field 'text' must be a string", "no 'text' field", "expected a JSON object",
                "field 'text' is empty"]


def _big_jsonl(path: Path) -> tuple[list[str], dict[int, str]]:
    """100,000 lines: one good article every 10,000, the rest malformed in five ways."""
    ids, bad = [], {}
    with path.open("w", encoding="utf-8") as f:
        for n in range(1, LINES + 1):
            if n % GOOD_EVERY == 1:
                ident = f"https://wire.example/{n}"
                ids.append(ident)
                f.write(json.dumps({"id": ident, "text": f"{GOOD_TEXT} Report number {n}."}) + "\n")
            else:
                f.write(_BAD_LINES[n % 5] + "\n")
                bad[n] = _BAD_REASONS[n % 5]
    return ids, bad


_NAMED = ("missing.txt", "pics", "notes.csv")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One folder holding every bad case, good articles, 100,000 JSONL lines and hostile text, built."""
    root = tmp_path_factory.mktemp("mixed")
    corpus = root / "corpus"
    expected: dict[str, tuple[int | None, str]] = {}
    for files, given, line, message in BAD.values():
        # what only a path on the command line makes a problem (inside a folder a .csv or a
        # picture is passed over quietly) is named there, the rest is put in the folder
        _write(root if given in _NAMED else corpus, files)
        expected[str((root if given in _NAMED else corpus) / given)] = (line, message)
    good_ids = []
    (corpus / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + f"Berlin talks\n\n{GOOD_TEXT}\n".encode("utf-16-le"))
    (corpus / "styled.html").write_bytes(
        b"<html><head><title>Summit</title><style>body{display:none}</style><script>steal()</script></head>"
        b"<body><article><p>Emmanuel Macron met Giorgia Meloni in Rome.</p>"
        b"<script>document.cookie</script></article></body></html>")
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    dup = corpus / "dup.jsonl"
    dup.write_text(json.dumps({"id": "dup-1", "text": "Joe Biden visited Warsaw."}) + "\n"
                   + json.dumps({"id": "dup-1", "text": "Joe Biden visited Madrid instead."}) + "\n")
    expected[f"{dup}"] = (2, "duplicate id 'dup-1' with a different text")
    big_ids, big_bad = _big_jsonl(corpus / "wire.jsonl")
    good_ids += big_ids
    store = root / "store"
    proc = run_kg("build", corpus, *(root / name for name in _NAMED), "--store", store, timeout=600)
    return root, store, proc, expected, big_bad, len(big_ids)


@pytest.mark.model
@pytest.mark.slow
def test_bad_input_mixed_with_good(mixed):
    root, store, proc, expected, big_bad, n_big = mixed
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines == _problem_lines(proc.stderr)  # every stderr line is a problem line

    # the 100,000-line file: one line per malformed line, naming its number, in order
    wire = str(root / "corpus" / "wire.jsonl")
    wire_lines = [x for x in lines if x.startswith(f"kg: skipped {wire}:")]
    numbers = [int(x[len(f"kg: skipped {wire}:"):].split(":", 1)[0]) for x in wire_lines]
    assert numbers == sorted(big_bad)
    for line, n in zip(wire_lines, numbers):
        assert big_bad[n] in line

    # every other bad case: exactly one line naming it
    others = [x for x in lines if not x.startswith(f"kg: skipped {wire}:")]
    by_path = defaultdict(list)
    for x in others:
        for path in expected:
            if x.startswith(f"kg: skipped {path}:"):
                by_path[path].append(x)
    assert sum(map(len, by_path.values())) == len(others), others
    for path, (line, message) in expected.items():
        [x] = by_path[path]
        where = f"{path}:{line}" if line else path
        assert x.startswith(f"kg: skipped {where}: ") and message in x, x

    # the rest was built, and the summary says what was skipped
    built = n_big + 4  # utf16.txt, styled.html, hostile.txt, dup.jsonl's first record
    assert f"articles: {built} extracted ({built} new, 0 replaced)" in proc.stdout
    n_problems = len(lines)
    skipped = n_problems - 1  # the folder without readable files skips nothing
    assert f"0 unchanged, {skipped} skipped" in proc.stdout
    assert f"problems: {n_problems} (listed above)" in proc.stdout
    assert stats(store)["articles"] == built


@pytest.mark.model
@pytest.mark.slow
def test_no_partly_written_article(mixed):
    """Every article graph in the store is whole: it reads back, and its digest matches its fields."""
    from kg.config import Settings
    from kg.graph.rdf import from_rdf

    root, store, proc, *_ = mixed
    out = root / "all.nq"
    assert run_kg("export", "--store", store, "--format", "nquads", "-o", out).returncode == 0
    graphs = defaultdict(list)
    for q in ox.parse(out.read_bytes(), ox.RdfFormat.N_QUADS):
        graphs[q.graph_name.value].append(q)
    settings = Settings()
    digest = settings.ontology_ns + "digest"
    articles = {}
    for name, quads in graphs.items():
        if "/article/" not in name:
            continue  # the ontology graph
        ag = from_rdf(quads, settings)
        [stored] = [q.object.value for q in quads if q.predicate.value == digest]
        assert ag.article.digest == stored
        assert all(f.evidence.article_id == ag.article.id for f in ag.facts)
        articles[ag.article.id] = ag.article
    texts = {a.text for a in articles.values()}
    assert HOSTILE in texts  # kept byte for byte, RTL marks, emoji and all
    assert "Joe Biden visited Warsaw." in texts and "Joe Biden visited Madrid instead." not in texts
    html = next(a for a in articles.values() if a.title == "Summit")
    assert html.text == "Emmanuel Macron met Giorgia Meloni in Rome."  # no script or style text


@pytest.mark.model
@pytest.mark.slow
def test_strict_stops_at_the_first_problem_and_changes_nothing(mixed):
    root, store, *_ = mixed
    before = (root / "before.nq", root / "after.nq")
    assert run_kg("export", "--store", store, "--format", "nquads", "-o", before[0]).returncode == 0
    proc = run_kg("build", root / "corpus", "--store", store, "--strict")
    assert proc.returncode == 1
    first = sorted(p.name for p in (root / "corpus").iterdir())[0]  # folders are read in name order
    assert first == "bad.jsonl"
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"kg: error: {root / 'corpus' / first}:1: not valid JSON: ")
    assert run_kg("export", "--store", store, "--format", "nquads", "-o", before[1]).returncode == 0
    assert before[0].read_bytes() == before[1].read_bytes()


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's parsers about its own ConjunctiveGraph
@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld", "graphml"])
def test_exports_of_hostile_text_parse_again(mixed, fmt):
    """The real extractors on hostile text: every export is valid and parses with rdflib too."""
    import networkx as nx
    import rdflib

    root, store, *_ = mixed
    out = root / f"graph.{fmt}"
    proc = run_kg("export", "--store", store, "--format", fmt, "-o", out)
    assert proc.returncode == 0, proc.stderr
    if fmt == "graphml":
        G = nx.read_graphml(out)
        assert G.number_of_nodes() == stats(store)["entities"]
        return
    ox_fmt = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
              "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    quads = list(ox.parse(out.read_bytes(), ox_fmt))
    assert any(HOSTILE == getattr(q.object, "value", None) for q in quads)
    rdflib_fmt = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt]
    ds = rdflib.Dataset()
    ds.parse(out, format=rdflib_fmt)
    assert sum(1 for _ in ds.quads((None, None, None, None))) == len(quads)
