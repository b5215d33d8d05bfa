"""Memory: does a build stay flat as the corpus grows?

Builds synthetic corpora (bench/synthetic.py: real news sentences recombined) of 1,000 and
10,000 articles, each in a fresh process into a fresh on-disk store, and prints the peak RSS of
the build process (and of its spaCy worker processes with ``--jobs 2``), then

    growth = peak RSS (10,000 articles) ÷ peak RSS (1,000 articles)     goal ≤ 1.5

The corpora are JSONL files read line by line, as a user's would be. Each build runs in its own
interpreter so one's memory cannot hide in the other's peak.

Usage::

    python bench/memory.py                       # 1,000 and 10,000 articles, 1 process
    python bench/memory.py --sizes 500,5000 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402  (bench/synthetic.py)

__all__ = ["main"]

_CHILD = """
import json, resource, sys, time
from kg.build import build
from kg.config import Settings
from kg.graph.store import GraphStore
corpus, store_path, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings = Settings()
started = time.perf_counter()
with GraphStore(store_path, settings) as store:
    summary = build([corpus], store, settings=settings, n_process=jobs)
print(json.dumps({
    "articles": summary.processed, "words": summary.words, "seconds": time.perf_counter() - started,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "workers_peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(n: int, jobs: int, folder: Path) -> dict[str, float]:
    corpus = folder / f"corpus-{n}.jsonl"
    synthetic.write_jsonl(corpus, n)
    store = folder / f"store-{n}"
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(store), str(jobs)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"build of {n} articles failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["store_mib"] = _du(store) / 2**20
    return result


def main(argv: list[str] | None = None) -> list[dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, smallest first")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            r = measure(n, args.jobs, Path(folder))
            results.append(r)
            workers = f", spaCy workers {r['workers_peak_kib'] / 1024:.0f} MiB" if args.jobs > 1 else ""
            print(f"{n:>7} articles ({r['words']} words): peak RSS {r['peak_kib'] / 1024:.0f} MiB{workers}; "
                  f"{r['seconds']:.0f} s ({r['words'] / r['seconds']:.0f} words/s); store {r['store_mib']:.0f} MiB",
                  flush=True)
    growth = results[-1]["peak_kib"] / results[0]["peak_kib"]
    print(f"growth = peak RSS ({sizes[-1]:,} articles) ÷ peak RSS ({sizes[0]:,} articles) = {growth:.2f} "
          "(goal ≤ 1.5)")
    if args.jobs > 1:
        wgrowth = results[-1]["workers_peak_kib"] / results[0]["workers_peak_kib"]
        print(f"spaCy workers: {wgrowth:.2f}")
    return results


if __name__ == "__main__":
    main()
