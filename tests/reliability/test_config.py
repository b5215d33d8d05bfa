"""Bad settings (options and ``KG_*`` variables) are one clear line, never a traceback."""

from __future__ import annotations

import os

import pytest

from kg.config import Settings
from kg.errors import ConfigError
from tests.reliability.kgrun import run_kg


@pytest.mark.parametrize("base", ["http://a b/", "http://x.example/<evil>/", "no-scheme/", "http://x.example/ns#"])
def test_base_iri_that_would_mint_invalid_iris_is_refused(base):
    with pytest.raises(ConfigError, match="base IRI"):
        Settings(base_iri=base)


@pytest.mark.parametrize("name, value", [("KG_BATCH_SIZE", "many"), ("KG_MIN_CONFIDENCE", "high"),
                                         ("KG_MAX_CHARS", "1e6x"), ("KG_WRITE_BATCH", "all")])
def test_unreadable_environment_value_is_a_config_error(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"{name} must be"):
        Settings()


@pytest.mark.parametrize("args, env", [
    (["--base-iri", "http://a b/", "stats"], {}),
    (["stats"], {"KG_BATCH_SIZE": "many"}),
])
def test_cli_reports_bad_settings_without_a_traceback(tmp_path, args, env):
    proc = run_kg(*args, "--store", tmp_path / "store", env={**os.environ, **env})
    assert proc.returncode == 2  # click's usage error
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("Error: ")


def test_a_write_batch_under_one_article_is_refused(monkeypatch):
    monkeypatch.setenv("KG_WRITE_BATCH", "0")
    with pytest.raises(ConfigError, match="write batch must be at least 1"):
        Settings()
