"""Events: what the PLOVER event extractor costs next to the parse it reads.

One process run on the same parsed texts (the news sample, GUM's news texts and the seed article
where present, else the synthetic corpus of bench/synthetic.py):

* ``parse``: ``nlp.pipe`` with kg's pipeline (model and gazetteer ruler), once;
* ``entities``: :func:`kg.extract.entities.entities` on every document;
* ``events``: :func:`kg.extract.events.events` on every document (entities done beforehand),

the best of ``--repeat`` runs for the last two (the least disturbed on a shared machine). Printed:
events ÷ parse and events ÷ entities, both measured in this run.

Usage::

    python bench/events.py
    python bench/events.py --repeat 15 data/folder/
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import best_of  # noqa: E402  (bench/timing.py)

__all__ = ["main"]

_DEFAULT_SOURCES = [ROOT.parent / "shared" / "data" / "news_sample", ROOT.parent / "shared" / "data" / "gum_news" /
                    "text", ROOT / "seeds"]


def main(argv: list[str] | None = None) -> None:
    from kg.config import Settings
    from kg.corpus import iter_articles
    from kg.extract.entities import entities
    from kg.extract.events import events
    from kg.link.gazetteer import Gazetteer
    from kg.model import Article
    from kg.nlp import load_pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", help="files or folders (default: the shared news texts)")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    sources = args.sources or [str(p) for p in _DEFAULT_SOURCES if p.exists()]
    articles = list(iter_articles(sources))
    if len(articles) < 5:
        import synthetic

        articles = [Article.from_text(a["text"]) for a in synthetic.articles(200)]
    settings, gaz = Settings(), Gazetteer.load()
    nlp = load_pipeline(settings.model)
    t = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=settings.batch_size))
    parse = time.perf_counter() - t
    indexes = []

    def run_entities() -> None:
        indexes[:] = [entities(d, article_id=a.id, gazetteer=gaz, settings=settings) for a, d in zip(articles, docs)]

    def run_events() -> None:
        for a, d, index in zip(articles, docs, indexes):
            for _ in events(d, article=a, index=index):
                pass

    ents = best_of(run_entities, args.repeat)
    evs = best_of(run_events, args.repeat)
    words = sum(len(d) for d in docs)
    print(f"{len(articles)} articles, {words} tokens; model {settings.model}")
    print(f"parse {parse:.2f} s, entities {ents * 1000:.1f} ms, events {evs * 1000:.1f} ms (best of {args.repeat})")
    print(f"events ÷ parse = {evs / parse:.2%}   events ÷ entities = {evs / ents:.2f}")


if __name__ == "__main__":
    main()
