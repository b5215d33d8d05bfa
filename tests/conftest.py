"""Shared fixtures: the real spaCy model, a store built from seeds/, the shared data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skips the test where it is absent (a user's clone)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing on CI")
        pytest.skip(f"{path} is not here (only on developer machines and CI)")
    return path


@pytest.fixture(scope="session")
def settings():
    from kg.config import Settings

    return Settings()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, settings):
    """A store built once from seeds/ with the real model (read it, do not write it)."""
    from kg.build import build
    from kg.graph.store import GraphStore

    path = tmp_path_factory.mktemp("seed") / "store"
    with GraphStore(path, settings) as store:
        build([str(SEEDS)], store, settings=settings)
    return GraphStore(path, settings, read_only=True)


@pytest.fixture(scope="session")
def seed_graph(seed_store):
    from kg.graph.nx import to_networkx

    return to_networkx(seed_store)


@pytest.fixture(scope="session")
def seed_store_path(seed_store):
    return str(seed_store.path)
