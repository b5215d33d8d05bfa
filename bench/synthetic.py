"""Synthetic news corpora for the benchmarks: real sentences, recombined into many articles.

The sentences come from the seed article and, where present, the Wikinews sample in
``../shared/data/news_sample``; each article is a headline and 3–8 sentences drawn with a fixed
seed, so the same arguments always give the same corpus, and the texts differ from article to
article (no two share a digest) while the vocabulary stays that of real news.

Usage (also imported by bench/throughput.py and bench/memory.py)::

    python bench/synthetic.py 1000 -o /tmp/news-1000.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

__all__ = ["sentences", "articles", "write_jsonl"]

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "data" / "news_sample"]
_SPLIT = re.compile(r"(?<=[.!?’”\"])\s+(?=[A-Z“‘\"])")


def sentences() -> list[str]:
    """Sentences of 6–60 words from the seed article and the news sample (when present)."""
    out: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            for paragraph in path.read_text(encoding="utf-8").split("\n"):
                out += [s.strip() for s in _SPLIT.split(paragraph) if 6 <= len(s.split()) <= 60]
    if not out:
        raise SystemExit("no sentences found in seeds/")
    return out


NEWS_LENGTH = (22, 40)
"""Sentences per article like real news: 31 on average, about 620 words (the Wikinews/GUM sample
in ``../shared/data/news_sample`` averages 621 words an article, the seed article 570)."""


def articles(n: int, *, seed: int = 7, length: tuple[int, int] = (3, 8)) -> list[dict[str, str]]:
    """``n`` articles as JSONL records (``id``, ``title``, ``text``, ``published``) of
    ``length[0]``–``length[1]`` sentences each (short by default: many articles, small corpus)."""
    pool = sentences()
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = rng.sample(pool, k=min(len(pool), rng.randint(*length)))
        title = " ".join(body[0].split()[:8]).rstrip(",.;:")
        out.append({"id": f"synthetic-{seed}-{i:07d}", "title": title, "text": "\n\n".join(body),
                    "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"})
    return out


def write_jsonl(path: Path, n: int, *, seed: int = 7, length: tuple[int, int] = (3, 8)) -> int:
    """Write ``n`` articles to ``path``; returns the number of words."""
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for record in articles(n, seed=seed, length=length):
            words += len(record["text"].split())
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    words = write_jsonl(args.output, args.n, seed=args.seed)
    print(f"{args.output}: {args.n} articles, {words} words")


if __name__ == "__main__":
    main()
