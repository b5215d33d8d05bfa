"""The browsing pages served live by ``kg serve``, next to the SPARQL endpoint of :mod:`kg.serve`.

:func:`site_routes` gives the routes of the site's layout (:mod:`kg.render.pages`)::

    /  and /index.html      entity list, articles, link to the overview
    /overview.html          the top entities by PageRank
    /entity/<slug>.html     an entity's neighbourhood and facts
    /article/<slug>.html    an article with its mentions and facts
    /assets/<name>          vis-network, kg.css, network.js, index.js

so the relative links that work between the static site's files work here too.
:func:`create_site_app` is :func:`kg.serve.create_app` with these routes. Pages read the store
through the endpoint's own :class:`~kg.serve.SparqlService` (``app.state.sparql``): the same
worker pool, the same time limit, the same read-only snapshot, re-opened when a build changes the
store. What every page needs (:func:`kg.render.data.load_site`) is read once per snapshot and
kept; an article's text and mentions are read when its page is asked for.

Examples
--------
>>> [r.path for r in site_routes()][:3]
['/', '/index.html', '/overview.html']
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from kg.config import Settings
from kg.errors import KGError
from kg.render.data import SiteData, StoreReader, load_article, load_site
from kg.render.page import ASSET_NAMES, asset_media_type, asset_text
from kg.render.pages import article_page, entity_page, index_page, overview_page
from kg.serve import QueryTimeout, create_app

__all__ = ["site_routes", "create_site_app", "serve_site"]

logger = logging.getLogger(__name__)

# Headers of every page: the page's own <meta> policy does the rest (scripts by nonce only);
# frame-ancestors works only as a header.
_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


class _SiteCache:
    """The :class:`SiteData` of the last store snapshot a worker handed out."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._store: ox.Store | None = None
        self._site: SiteData | None = None

    def get(self, reader: StoreReader) -> SiteData:
        with self._lock:
            # The snapshot object changes when the endpoint re-opens a changed store; holding it
            # here keeps its id from being reused by another.
            if self._store is not reader.store or self._site is None:
                self._site = load_site(reader)
                self._store = reader.store
            return self._site


def site_routes(*, settings: Settings | None = None, top: int | None = None,
                depth: int = 2) -> list[BaseRoute]:
    """The page routes, for ``kg.serve.create_app(routes=…)``.

    Parameters
    ----------
    settings : Settings, optional
        ``top`` (overview size) by default, and the IRI namespaces.
    top : int, optional
        Entities in the overview and most nodes in a neighbourhood.
    depth : {1, 2}
        Hops shown around an entity.
    """
    settings = settings or Settings()
    top = top or settings.top
    cache = _SiteCache()

    async def render(request: Request, build: Callable[[SiteData, StoreReader], str | None]) -> Response:
        service = request.app.state.sparql

        def work(store: ox.Store, check: Callable[[], None]) -> str | None:
            reader = StoreReader(store, service.settings, check=check)
            return build(cache.get(reader), reader)

        try:
            html = await service.run(work)
        except QueryTimeout as exc:  # the time limit, or a busy pool
            return PlainTextResponse(f"{exc}\n", status_code=503)
        except KGError as exc:
            logger.warning("page %s failed: %s", request.url.path, exc)
            return PlainTextResponse(f"{exc}\n", status_code=500)
        if html is None:
            return PlainTextResponse("no such page\n", status_code=404, headers=_HEADERS)
        return HTMLResponse(html, headers=_HEADERS)

    async def index(request: Request) -> Response:
        return await render(request, lambda site, _: index_page(site, top=top))

    async def overview(request: Request) -> Response:
        return await render(request, lambda site, _: overview_page(site, top=top))

    async def entity(request: Request) -> Response:
        slug = request.path_params["slug"]

        def build(site: SiteData, _: StoreReader) -> str | None:
            iri = site.entity_by_slug.get(slug)
            return entity_page(site, iri, depth=depth, top=top) if iri else None

        return await render(request, build)

    async def article(request: Request) -> Response:
        slug = request.path_params["slug"]

        def build(site: SiteData, reader: StoreReader) -> str | None:
            iri = site.article_by_slug.get(slug)
            if not iri:
                return None
            return article_page(site, load_article(reader, site.articles[iri]))

        return await render(request, build)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSET_NAMES:
            return PlainTextResponse("no such asset\n", status_code=404)
        return Response(asset_text(name), media_type=asset_media_type(name),
                        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"})

    return [
        Route("/", index, methods=["GET", "HEAD"]),
        Route("/index.html", index, methods=["GET", "HEAD"]),
        Route("/overview.html", overview, methods=["GET", "HEAD"]),
        Route("/entity/{slug}.html", entity, methods=["GET", "HEAD"]),
        Route("/article/{slug}.html", article, methods=["GET", "HEAD"]),
        Route("/assets/{name}", asset, methods=["GET", "HEAD"]),
    ]


def create_site_app(store_path: str | os.PathLike[str], *, settings: Settings | None = None,
                    top: int | None = None, depth: int = 2, **kwargs: Any) -> Starlette:
    """The SPARQL endpoint of :func:`kg.serve.create_app` plus the browsing pages.

    ``kwargs`` go to :func:`~kg.serve.create_app` (``max_body``, ``workers``).
    """
    routes = site_routes(settings=settings, top=top, depth=depth)
    return create_app(store_path, settings=settings, routes=routes, **kwargs)


def serve_site(store_path: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 8000,
               settings: Settings | None = None, top: int | None = None, depth: int = 2) -> None:
    """Serve the endpoint and the pages with uvicorn until interrupted (``kg serve``)."""
    import ipaddress

    import uvicorn

    app = create_site_app(store_path, settings=settings, top=top, depth=depth)
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        logger.warning("binding to %s: the endpoint and pages are reachable from other machines"
                       " and have no authentication", host)
    uvicorn.run(app, host=host, port=port, log_level="info")
