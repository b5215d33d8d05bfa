"""Relations: what the entity typer and the relation classifier cost, next to the patterns alone.

One process run on the same parsed texts (the seed article and the news sample where present):

* ``parse``: ``nlp.pipe`` with kg's pipeline (model and gazetteer ruler), once;
* ``entities``, ``quotes``, ``events``: the other extractors, unchanged by the classifier;
* ``old``: :func:`relations` as it was at ``--baseline`` (read with ``git show``; patterns only);
* ``new``: the entity typer (:func:`kg.extract.classifier.retype`) plus today's :func:`relations`
  (patterns, classifier, place chain).

Each extractor timing is the best of ``--repeat`` runs (the least disturbed on a shared machine).
Printed: new ÷ old for the relation step, and the whole extraction (parse + all extractors) with
the new step against the same with the old one, both measured in this run.

Usage::

    python bench/relations.py
    python bench/relations.py --repeat 15 --baseline fe6de93 more/texts/
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import best_of  # noqa: E402  (bench/timing.py)

__all__ = ["main", "old_relations"]

_DEFAULT_SOURCES = [ROOT / "seeds", ROOT.parent / "shared" / "data" / "news_sample"]
BASELINE = "fe6de93"  # the last commit before the relation classifier (issue 3)


def old_relations(rev: str) -> types.FunctionType:
    """``relations`` from ``kg/extract/relations.py`` as committed at ``rev``."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:kg/extract/relations.py"],
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("kg_relations_baseline")
    exec(compile(source, f"{rev}:kg/extract/relations.py", "exec"), module.__dict__)
    return module.relations


def main(argv: list[str] | None = None) -> None:
    from kg.config import Settings
    from kg.corpus import iter_articles
    from kg.extract.classifier import load_model, load_typer, retype
    from kg.extract.entities import entities
    from kg.extract.events import events
    from kg.extract.quotes import quotes
    from kg.extract.relations import relations
    from kg.link.gazetteer import Gazetteer
    from kg.nlp import load_pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", help="files or folders (default: seeds/ and the news sample)")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--baseline", default=BASELINE, help=f"git revision of the old relations (default {BASELINE})")
    args = parser.parse_args(argv)
    sources = args.sources or [str(p) for p in _DEFAULT_SOURCES if p.exists()]
    articles = list(iter_articles(sources))
    before = old_relations(args.baseline)
    settings, gaz = Settings(), Gazetteer.load()
    nlp = load_pipeline(settings.model)
    model, typer = load_model(), load_typer()
    t = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=settings.batch_size))
    parse = time.perf_counter() - t
    indexes = [entities(d, article_id=a.id, gazetteer=gaz, settings=settings, published=a.published)
               for a, d in zip(articles, docs)]
    extracted = [dict(index.entities) for index in indexes]

    def restore() -> None:
        for index, ents in zip(indexes, extracted):
            index.entities.clear()
            index.entities.update(ents)

    def run_entities() -> None:
        for a, d in zip(articles, docs):
            entities(d, article_id=a.id, gazetteer=gaz, settings=settings, published=a.published)

    def run_others() -> None:
        for a, d, index in zip(articles, docs, indexes):
            for _ in quotes(d, article=a, index=index):
                pass
            for _ in events(d, article=a, index=index):
                pass

    def run_old() -> None:
        restore()
        for a, d, index in zip(articles, docs, indexes):
            for _ in before(d, article=a, index=index):
                pass

    def run_new() -> None:
        restore()
        for a, d, index in zip(articles, docs, indexes):
            retype(d, index, typer)
            for _ in relations(d, article=a, index=index, model=model):
                pass

    ents = best_of(run_entities, args.repeat)
    others = best_of(run_others, args.repeat)
    old = best_of(run_old, args.repeat)
    new = best_of(run_new, args.repeat)
    restore()
    shared = parse + ents + others
    words = sum(len(a.text.split()) for a in articles)
    print(f"articles: {len(articles)}, words: {words}, baseline: {args.baseline}, best of {args.repeat}")
    print(f"parse     {parse:8.3f} s")
    print(f"entities  {ents:8.3f} s")
    print(f"quotes+events {others:8.3f} s")
    print(f"relations, old (patterns)              {old:8.4f} s")
    print(f"relations, new (typer + classifier)    {new:8.4f} s")
    print(f"relations new ÷ old: {new / old:.2f}")
    print(f"whole extraction (parse + all extractors) new ÷ old: {(shared + new) / (shared + old):.3f}")


if __name__ == "__main__":
    main()
