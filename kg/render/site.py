"""The static site: every page of :mod:`kg.render.pages` written to a folder, browsable from disk.

``write_site(store, "site/")`` writes ``index.html``, ``overview.html``, one page per entity in
``entity/`` and per article in ``article/``, and the ``assets/`` they share. Open
``site/index.html`` in a browser: no server, no network (every asset is in ``assets/``).

Each file is written atomically (a temporary file renamed over it), so a browser or a web server
reading the folder during a rebuild sees whole pages. Pages are written before the index that
links to them. Entity and article pages left from an earlier build whose entity or article is no
longer in the store are removed; nothing else in the folder is touched.

Examples
--------
>>> import tempfile
>>> from kg.graph.store import GraphStore
>>> from kg.model import Article, ArticleGraph, Entity
>>> gs = GraphStore(None)
>>> art = Article.from_text("NATO met.", title="Demo")
>>> gs.write(ArticleGraph(art, [Entity(gs.settings.entity_ns + "nato", "NATO", "Organization")]))
>>> summary = write_site(gs, tempfile.mkdtemp())
>>> summary.entities, summary.articles, (summary.folder / "entity" / "nato.html").exists()
(1, 1, True)
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.render.data import load_article, load_site
from kg.render.links import ARTICLE_DIR, ASSET_DIR, ENTITY_DIR
from kg.render.page import write_assets, write_atomic
from kg.render.pages import INDEX, OVERVIEW, article_page, entity_page, index_page, overview_page

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

__all__ = ["write_site", "SiteSummary"]


@dataclass(frozen=True)
class SiteSummary:
    """What :func:`write_site` wrote."""

    folder: Path
    entities: int
    articles: int
    files: int
    removed: int
    seconds: float

    def lines(self) -> list[str]:
        return [
            f"pages: {self.entities} entities, {self.articles} articles, index and overview"
            f" ({self.files} files, {self.removed} stale pages removed)",
            f"open: {self.folder / INDEX}",
            f"seconds: {self.seconds:.1f}",
        ]


def write_site(store: GraphStore, folder: str | os.PathLike[str], *, top: int | None = None,
               depth: int = 2) -> SiteSummary:
    """Write the browsable site of ``store`` into ``folder`` (created when missing).

    Parameters
    ----------
    store : GraphStore
        The graph (or a remote store: anything :func:`kg.render.data.load_site` reads); only read.
    folder : path-like
        Where the site goes.
    top : int, optional
        Entities in the overview, and most nodes in an entity's neighbourhood
        (default ``Settings.top``).
    depth : {1, 2}
        Hops shown around each entity (with depth 2 the page can switch to 1).

    Returns
    -------
    SiteSummary
    """
    t0 = time.perf_counter()
    out = Path(folder)
    top = top or store.settings.top
    site = load_site(store)
    written: list[Path] = write_assets(out / ASSET_DIR)
    for iri, entity in site.entities.items():
        written.append(write_atomic(out / ENTITY_DIR / f"{entity.slug}.html",
                                    entity_page(site, iri, depth=depth, top=top)))
    for info in site.articles.values():
        written.append(write_atomic(out / ARTICLE_DIR / f"{info.slug}.html",
                                    article_page(site, load_article(store, info))))
    written.append(write_atomic(out / OVERVIEW, overview_page(site, top=top)))
    written.append(write_atomic(out / INDEX, index_page(site, top=top)))
    removed = _remove_stale(out, set(written))
    return SiteSummary(out, len(site.entities), len(site.articles), len(written), removed,
                       time.perf_counter() - t0)


def _remove_stale(out: Path, keep: set[Path]) -> int:
    removed = 0
    for sub in (ENTITY_DIR, ARTICLE_DIR):
        for page in (out / sub).glob("*.html"):
            if page not in keep:
                page.unlink()
                removed += 1
    return removed
