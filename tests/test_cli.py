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
