"""The CLI: every command documented (help with an example, a README section), errors as one line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "kg " + name.split()[0] in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`kg {name}\b", readme), f"README does not document `kg {name}`"


def test_top_level_help_has_an_example():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_kg_error_is_one_line_and_exit_1(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "stats", "--store", str(tmp_path / "missing")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("kg: error:")
    assert "Traceback" not in proc.stderr


def test_unknown_query_name_lists_known_ones(seed_store_path):
    result = CliRunner().invoke(cli, ["query", "no-such-query", "--store", seed_store_path])
    assert result.exit_code == 1
    assert "heads" in result.output


@pytest.mark.model
def test_build_query_export_render_stats(tmp_path):
    store = str(tmp_path / "store")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(ROOT / "seeds"), "--store", store])
    assert result.exit_code == 0, result.output
    assert re.search(r"store: 1 articles, \d+ entities, \d+ facts, \d+ evidence", result.output)
    stats = json.loads(runner.invoke(cli, ["stats", "--store", store, "--json"]).output)
    assert set(stats) == {"articles", "entities", "facts", "evidence"} and stats["articles"] == 1
    again = runner.invoke(cli, ["build", str(ROOT / "seeds"), "--store", store, "--json"])
    assert json.loads(again.output)["unchanged"] == 1
    assert json.loads(runner.invoke(cli, ["stats", "--store", store, "--json"]).output) == stats
    heads = runner.invoke(cli, ["query", "heads", "--store", store, "--format", "json"])
    assert {"person": "Giuseppe Cavo Dragone", "role": "heads"}.items() <= json.loads(heads.output)[0].items() or any(
        r["person"] == "Giuseppe Cavo Dragone" for r in json.loads(heads.output))
    quotes = runner.invoke(cli, ["query", "quotes", "--store", store, "--format", "csv",
                                 "--param", "speaker=Giuseppe Cavo Dragone"])
    assert quotes.exit_code == 0 and "political issue" in quotes.output
    for fmt, name in (("trig", "g.trig"), ("nquads", "g.nq"), ("turtle", "g.ttl"), ("jsonld", "g.jsonld"),
                      ("graphml", "g.graphml")):
        out = tmp_path / name
        result = runner.invoke(cli, ["export", "--store", store, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    html = tmp_path / "g.html"
    result = runner.invoke(cli, ["render", "--store", store, "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert "vis.Network" in html.read_text(encoding="utf-8")


def _export(runner: CliRunner, store: str, fmt: str, out: Path) -> bytes:
    result = runner.invoke(cli, ["export", "--store", store, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.model
@pytest.mark.parametrize("fmt,suffix", [("nquads", "nq"), ("trig", "trig"), ("jsonld", "jsonld")])
def test_load_restores_an_export_byte_for_byte_and_again_changes_nothing(seed_store_path, tmp_path, fmt, suffix):
    runner = CliRunner()
    export = tmp_path / f"graph.{suffix}"
    data = _export(runner, seed_store_path, fmt, export)
    restored = str(tmp_path / "restored")
    for _ in range(2):  # a second load of the same file leaves the same bytes
        result = runner.invoke(cli, ["load", str(export), "--store", restored])
        assert result.exit_code == 0, result.output
        assert re.search(r"^store: 1 articles, \d+ entities, \d+ facts, \d+ evidence$", result.output, re.M)
        for other in ("nquads", "trig", "turtle", "jsonld"):
            assert (_export(runner, restored, other, tmp_path / "a")
                    == _export(runner, seed_store_path, other, tmp_path / "b")), other
    assert _export(runner, restored, fmt, tmp_path / "c") == data


def test_load_of_a_bad_file_is_one_line_and_leaves_the_store_unchanged(tmp_path):
    from kg.config import Settings
    from kg.graph.store import GraphStore
    from kg.model import Article, ArticleGraph

    store = str(tmp_path / "store")
    with GraphStore(store, Settings()) as s:
        s.write(ArticleGraph(Article.from_text("First.")))
    other = GraphStore(None, Settings())
    other.write(ArticleGraph(Article.from_text("Second.")))
    good, bad = tmp_path / "good.nq", tmp_path / "bad.nq"
    good.write_bytes(other.dump("nquads"))
    bad.write_bytes(other.dump("nquads")[:-40] + b"{\n")
    runner = CliRunner()
    before = _export(runner, store, "nquads", tmp_path / "before.nq")
    proc = subprocess.run([sys.executable, "-m", "kg", "load", str(good), str(bad), "--store", store],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith("kg: error: cannot read ") and str(bad) in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert _export(runner, store, "nquads", tmp_path / "after.nq") == before
    unknown = tmp_path / "graph.csv"
    unknown.write_text("a,b\n")
    result = runner.invoke(cli, ["load", str(unknown), "--store", store])
    assert result.exit_code == 1 and "give --format" in result.output
    result = runner.invoke(cli, ["load", str(good), "--store", store])
    assert result.exit_code == 0 and "store: 2 articles" in result.output
    # a load that fails into a folder that did not exist leaves no empty store behind
    fresh = tmp_path / "fresh"
    result = runner.invoke(cli, ["load", str(bad), "--store", str(fresh)])
    assert result.exit_code == 1 and "cannot read" in result.output and not fresh.exists()
