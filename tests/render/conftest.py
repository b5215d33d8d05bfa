"""A real headless Chromium (Debian's, through Playwright) for the pages kg.render writes.

Every request the page makes other than for the page itself is recorded and, unless it is a
``data:`` URL, aborted: the tests assert the list is empty, which proves the page works offline
and that no injected ``<img src=…>`` or ``<script src=…>`` ever reached the network or the disk.
For a site (a folder, or ``kg serve``), :meth:`PageProbe.open_site` also lets through the
site's own assets (``<root>/assets/<name>``, known names only) and navigations to the site's
``.html`` pages: nothing else, so an injected ``<img src=x>`` is still caught.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
OUTPUT = Path(__file__).resolve().parents[1] / "output"
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")  # Playwright keeps an event loop running while it is open
def browser():
    """Headless Chromium; skipped where it is not installed, except on CI where that fails."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: run `bash scripts/install-chromium.sh` (as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """tests/output/: screenshots for a person to look at (git-ignored)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


class PageProbe:
    """A Playwright page plus what it tried behind our back: requests, dialogs, script errors."""

    def __init__(self, page):
        self.page = page
        self.url: str | None = None
        self.root: str | None = None  # a site's root URL (ends with "/"), see open_site
        self.local: list[str] = []  # the site's own assets and pages that were loaded
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        if url == self.url:
            route.continue_()
            return
        if self.root is not None and url.startswith(self.root):
            from kg.render.page import ASSET_NAMES

            path = url[len(self.root):].split("#")[0]
            asset = path.startswith("assets/") and path[len("assets/"):] in ASSET_NAMES
            page = route.request.is_navigation_request() and (
                path in ("", "index.html", "overview.html")
                or re.fullmatch(r"(entity|article)/[A-Za-z0-9_~-]+\.html", path))
            if asset or page:
                self.local.append(url)
                route.continue_()
                return
        # Anything else is recorded: an http(s) fetch, but also file:///…/x from an injected
        # <img src=x>, which a file:// page would otherwise load without complaint.
        self.requests.append(url)
        if url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: Path, *, timeout: float = 30_000) -> float:
        """Load ``path`` and wait for its first stable frame; returns ``kg.readyAt`` in ms."""
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.kg && window.kg.ready === true", timeout=timeout)
        return self.page.evaluate("window.kg.readyAt")

    def open_site(self, root: str, page: str = "index.html", *, network: bool = False,
                  timeout: float = 30_000) -> None:
        """Load ``page`` of the site at ``root`` (a folder's ``file://`` URI or a server's URL,
        ending with ``/``); with ``network=True`` wait for the network's first stable frame."""
        self.root = root
        self.url = root + page
        self.page.goto(self.url)
        if network:
            self.wait_network(timeout=timeout)

    def wait_network(self, *, timeout: float = 30_000) -> None:
        """Wait for the current page's network to be drawn (after a navigation, too)."""
        self.page.wait_for_function("() => window.kg && window.kg.ready === true", timeout=timeout)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Page coordinates of the centre of node ``node_id``."""
        x, y = self.page.evaluate(
            """(id) => {
                const p = network.getPositions([id])[id];
                const d = network.canvasToDOM(p);
                const r = document.getElementById("kg-network").getBoundingClientRect();
                return [r.left + d.x, r.top + d.y];
            }""",
            node_id,
        )
        return x, y

    def edge_point(self, edge_id: str) -> tuple[float, float]:
        """Page coordinates of the middle of straight edge ``edge_id``, away from both nodes."""
        x, y = self.page.evaluate(
            """(id) => {
                const e = network.body.data.edges.get(id);
                const pos = network.getPositions([e.from, e.to]);
                const p = {x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2};
                const d = network.canvasToDOM(p);
                const r = document.getElementById("kg-network").getBoundingClientRect();
                return [r.left + d.x, r.top + d.y];
            }""",
            edge_id,
        )
        return x, y

    def assert_clean(self) -> None:
        """No request left the page, no dialog opened, no script error was thrown."""
        assert self.requests == [], f"the page tried to load: {self.requests}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"


@pytest.fixture
def probe(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        yield PageProbe(page)
    finally:
        context.close()


# --- a small news store built by hand (no model), for the site and the served pages ------------

ENTITY = "https://kg.example.org/entity/"

SITE_ARTICLES = [
    # (id, title, url, published, text)
    ("a1", "Rutte in Kyiv", "https://news.example/rutte-kyiv", "2025-06-01",
     "NATO chief Mark Rutte met Volodymyr Zelensky in Kyiv. Kyiv is the capital of Ukraine."),
    ("a2", "Rutte speaks", "https://news.example/rutte-speaks", "2025-07-15",
     'Mark Rutte heads NATO. Mark Rutte said "We stand with Ukraine." Ukraine thanked NATO.'),
    ("a3", "Zelensky at home", "", "",
     "Volodymyr Zelensky heads Ukraine."),
]
SITE_ENTITIES = {
    # slug: (name, type, same_as)
    "mark-rutte": ("Mark Rutte", "Person", ()),
    "nato": ("NATO", "Organization", ("wd:Q7184",)),
    "volodymyr-zelensky": ("Volodymyr Zelensky", "Person", ("wd:Q3881",)),
    "ukraine": ("Ukraine", "Country", ("wd:Q212",)),
    "kyiv": ("Kyiv", "City", ("wd:Q1899",)),
}
SITE_FACTS = [
    # (article, subject, predicate, object slug or a literal in quotes, sentence)
    ("a1", "mark-rutte", "heads", "nato", "NATO chief Mark Rutte met Volodymyr Zelensky in Kyiv."),
    ("a1", "mark-rutte", "consultWith", "volodymyr-zelensky",
     "NATO chief Mark Rutte met Volodymyr Zelensky in Kyiv."),
    ("a1", "kyiv", "capitalOf", "ukraine", "Kyiv is the capital of Ukraine."),
    ("a2", "mark-rutte", "heads", "nato", "Mark Rutte heads NATO."),
    ("a2", "mark-rutte", "said", '"We stand with Ukraine."',
     'Mark Rutte said "We stand with Ukraine."'),
    ("a3", "volodymyr-zelensky", "heads", "ukraine", "Volodymyr Zelensky heads Ukraine."),
]


def site_article_graphs(settings):
    """The ArticleGraphs of SITE_ARTICLES: entities, every mention found by name, the facts."""
    from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention

    entities = {slug: Entity(settings.entity_ns + slug, name, type_, same_as=same)
                for slug, (name, type_, same) in SITE_ENTITIES.items()}
    labels = {"Person": "PERSON", "Organization": "ORG", "Country": "GPE", "City": "GPE"}
    graphs = []
    for ident, title, url, published, text in SITE_ARTICLES:
        art = Article(id=ident, text=text, title=title, url=url, published=published)
        mentions, named = [], []
        for slug, e in entities.items():
            start = text.find(e.name)
            while start != -1:
                mentions.append((Mention(ident, start, start + len(e.name), e.name, labels[e.type]), e.iri))
                start = text.find(e.name, start + 1)
            if any(iri == e.iri for _, iri in mentions):
                named.append(e)
        facts = []
        for article, s, p, o, sentence in SITE_FACTS:
            if article != ident:
                continue
            obj = Literal(o.strip('"')) if o.startswith('"') else entities[o]
            start = text.find(sentence)
            facts.append(Fact(entities[s], p, obj,
                              Evidence(ident, sentence, start, start + len(sentence), "hand", 0.9)))
        graphs.append(ArticleGraph(art, named, sorted(mentions), facts))
    return graphs


@pytest.fixture(scope="session")
def site_store_path(tmp_path_factory):
    """An on-disk store of SITE_ARTICLES (read it, do not write it)."""
    from kg.config import Settings
    from kg.graph.store import GraphStore

    path = tmp_path_factory.mktemp("site") / "store"
    settings = Settings()
    with GraphStore(path, settings) as store:
        for ag in site_article_graphs(settings):
            store.write(ag)
    return path
