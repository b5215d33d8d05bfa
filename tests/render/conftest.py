"""A real headless Chromium (Debian's, through Playwright) for the pages kg.render writes.

Every request the page makes other than for the page itself is recorded and, unless it is a
``data:`` URL, aborted: the tests assert the list is empty, which proves the page works offline
and that no injected ``<img src=…>`` or ``<script src=…>`` ever reached the network or the disk.
"""

from __future__ import annotations

import os
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
