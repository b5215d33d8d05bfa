"""Helpers of the reliability tests (a module, not tests): run the real `kg`, read stores, make corpora."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Names the English model tags reliably; the sentences give the extractors facts to find.
_PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Joe Biden", "Olaf Scholz", "Mark Rutte", "Jens Stoltenberg",
           "Volodymyr Zelensky", "Giorgia Meloni", "Pedro Sanchez", "Donald Tusk"]
_ORGS = ["NATO", "the European Union", "the United Nations", "the World Bank", "Reuters", "the IMF"]
_PLACES = ["Berlin", "Paris", "Brussels", "Kyiv", "London", "Rome", "Washington", "Warsaw", "Madrid"]


def run_kg(*args: object, timeout: float = 300, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kg ARGS`` as a separate process, as a user would; output as text."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, **kwargs)


def popen_kg(*args: object, **kwargs: object) -> subprocess.Popen[str]:
    """Start ``python -m kg ARGS`` without waiting (the pid is the Python process itself)."""
    return subprocess.Popen([sys.executable, "-m", "kg", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)


def news_corpus(path: Path, n: int, *, seed: int = 11) -> list[str]:
    """Write ``n`` small distinct news articles as JSONL to ``path``; return their ids."""
    rng = random.Random(seed)
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            a, b = rng.sample(_PEOPLE, 2)
            org, place, other = rng.choice(_ORGS), *rng.sample(_PLACES, 2)
            text = (
                f"{a} met {b} in {place} on Tuesday, article {i} reports. "
                f"{a} said: \"We will support {org} and we will not give up.\" "
                f"{b}, the head of {org}, criticized the plan. "
                f"Officials from {org} are based in {other}. "
                f"Later {a} travelled to {other} to talk with {b} again."
            )
            ident = f"https://news.example/{seed}/{i}"
            f.write(json.dumps({"id": ident, "title": f"Story {i}", "text": text,
                                "published": f"2025-03-{1 + i % 28:02d}"}) + "\n")
            ids.append(ident)
    return ids


def sorted_nquads(store: Path) -> list[str]:
    """The store's named graphs as sorted N-Quads lines, through `kg export`."""
    out = store.parent / f"{store.name}.nq"
    proc = run_kg("export", "--store", store, "--format", "nquads", "-o", out)
    assert proc.returncode == 0, proc.stderr
    return sorted(out.read_text(encoding="utf-8").splitlines())


def stats(store: Path) -> dict[str, int]:
    """``kg stats --json`` of ``store``."""
    proc = run_kg("stats", "--store", store, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
