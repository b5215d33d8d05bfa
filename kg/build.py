"""The main job: read articles, parse them with spaCy, extract facts, merge them into the store.

Articles stream through in batches (``nlp.pipe`` with ``as_tuples``); each article is written
in its own transaction as soon as it is extracted, so memory stays flat and an interrupted
build keeps every article it finished. Unchanged articles are not parsed again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kg.config import Settings
from kg.corpus import iter_articles
from kg.errors import InputError
from kg.extract import extract
from kg.graph.store import GraphStore
from kg.model import Article, ArticleGraph

__all__ = ["BuildSummary", "build", "extract_articles"]


@dataclass
class BuildSummary:
    """What a build did: articles added, replaced and left unchanged, problems, store totals."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    problems: list[InputError] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return self.added + self.replaced

    def lines(self) -> list[str]:
        """The summary the CLI prints."""
        t = self.totals
        out = [
            f"articles: {self.processed} extracted ({self.added} new, {self.replaced} replaced), "
            f"{self.unchanged} unchanged, {self.skipped} skipped",
            f"store: {t.get('articles', 0)} articles, {t.get('entities', 0)} entities, "
            f"{t.get('facts', 0)} facts, {t.get('evidence', 0)} evidence",
            f"seconds: {self.seconds:.1f}",
        ]
        return out


def extract_articles(articles: Iterable[Article], settings: Settings, *, n_process: int = 1,
                     gazetteer: bool = True) -> Iterator[ArticleGraph]:
    """Parse and extract a stream of articles (no store): one :class:`ArticleGraph` each."""
    from kg.link.gazetteer import Gazetteer
    from kg.nlp import load_pipeline, parse

    nlp = load_pipeline(settings.model, gazetteer=gazetteer)
    gaz = Gazetteer.load() if gazetteer else None
    for doc, article in parse(nlp, articles, batch_size=settings.batch_size, n_process=n_process):
        yield extract(doc, article, settings=settings, gazetteer=gaz)


def build(sources: Iterable[str], store: GraphStore, *, settings: Settings | None = None, strict: bool = False,
          n_process: int = 1, on_problem: Callable[[InputError], None] | None = None,
          on_article: Callable[[ArticleGraph], None] | None = None) -> BuildSummary:
    """Build (or grow) the graph in ``store`` from the articles in ``sources``.

    Parameters
    ----------
    sources : iterable of str
        Files and folders (see :func:`kg.corpus.iter_articles`).
    store : GraphStore
        Where the graph is merged.
    strict : bool
        Stop at the first input problem (raised as :class:`~kg.errors.InputError`).
    n_process : int
        spaCy worker processes.
    on_problem, on_article : callable, optional
        Called for each input problem as it is met, and after each article is written.
    """
    settings = settings or store.settings
    summary = BuildSummary()
    started = time.perf_counter()

    def problem(err: InputError) -> None:
        summary.problems.append(err)
        if on_problem is not None:
            on_problem(err)

    stream = iter_articles(sources, strict=strict, on_problem=problem)
    status: dict[str, str] = {}

    def todo() -> Iterator[Article]:
        for article in stream:
            state = store.status(article)
            if state == "same":
                summary.unchanged += 1
                continue
            status[article.id] = state
            yield article

    for ag in extract_articles(todo(), settings, n_process=n_process):
        store.write(ag)
        if status.pop(ag.article.id) == "new":
            summary.added += 1
        else:
            summary.replaced += 1
        summary.words += len(ag.article.text.split())
        if on_article is not None:
            on_article(ag)
    store.flush()
    summary.skipped = stream.skipped
    summary.seconds = time.perf_counter() - started
    summary.totals = store.stats()
    return summary
