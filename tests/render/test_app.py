"""The browsing pages served by a real ``kg serve`` process on a free loopback port."""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import httpx
import pytest

from kg.config import Settings
from kg.graph.store import GraphStore
from kg.model import Article, ArticleGraph, Entity, Mention
from kg.render.app import create_site_app
from tests.render.conftest import ENTITY


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(site_store_path, tmp_path_factory):
    # A copy: one test writes to it while the server reads.
    store = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(site_store_path, store)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "sparql", params={"query": "ASK {}"}).raise_for_status()
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        with httpx.Client(base_url=url, timeout=30) as http:
            yield SimpleNamespace(url=url, store=store, http=http)
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(15) in (0, -signal.SIGINT, 1)


def test_pages_and_assets_are_served(server):
    http = server.http
    for path in ("/", "/index.html", "/overview.html", "/entity/mark-rutte.html", "/assets/network.js"):
        r = http.get(path)
        assert r.status_code == 200, path
    index = http.get("/")
    assert index.headers["content-type"] == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in index.headers["content-security-policy"]
    assert index.headers["x-content-type-options"] == "nosniff"
    assert 'href="entity/mark-rutte.html"' in index.text
    article = re.search(r'href="(article/[0-9a-f]{20}\.html)">Rutte in Kyiv<', index.text).group(1)
    assert "kg-mention" in http.get("/" + article).text
    # A fresh nonce per response.
    nonces = {re.search(r"'nonce-([^']+)'", http.get("/overview.html").text).group(1) for _ in range(2)}
    assert len(nonces) == 2
    assert http.get("/assets/kg.css").headers["content-type"] == "text/css; charset=utf-8"
    for missing in ("/entity/nobody.html", "/article/0000.html", "/assets/secret.txt",
                    "/assets/..%2F..%2Fetc%2Fpasswd", "/entity/../../etc/passwd"):
        assert http.get(missing).status_code == 404, missing
    # The endpoint is still there.
    assert http.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_pages_follow_the_store(server):
    """A build while serving shows on the next page load (the endpoint re-opens the store)."""
    settings = Settings()
    art = Article(id="late", text="Jens Stoltenberg arrived.", title="Late news", published="2025-08-01")
    jens = Entity(settings.entity_ns + "jens-stoltenberg", "Jens Stoltenberg", "Person")
    with GraphStore(server.store, settings) as store:
        store.write(ArticleGraph(art, [jens], [(Mention("late", 0, 16, "Jens Stoltenberg", "PERSON"), jens.iri)]))
    deadline = time.monotonic() + 10
    while "Jens Stoltenberg" not in server.http.get("/").text:
        assert time.monotonic() < deadline, "the index never showed the new entity"
        time.sleep(0.3)
    assert server.http.get("/entity/jens-stoltenberg.html").status_code == 200


def test_a_page_past_the_time_limit_is_503(site_store_path):
    """Pages share the endpoint's time limit: a limit nothing can meet gives 503, not a hang."""
    app = create_site_app(site_store_path, settings=Settings(query_timeout=1e-9))

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://kg") as client:
            return await client.get("/")

    try:
        r = asyncio.run(get())
    finally:
        app.state.sparql.close()
    # Out of time while running, or while waiting for a worker: both are the time limit.
    assert r.status_code == 503 and re.search(r"time limit|busy", r.text)


@pytest.mark.browser
def test_served_site_in_the_browser(probe, server, output_dir):
    page = probe.page
    probe.open_site(server.url, "")
    assert page.locator("#kg-entity-table tbody tr").count() >= 5
    page.click('a[href="entity/mark-rutte.html"]')
    page.wait_for_url("**/entity/mark-rutte.html")
    probe.wait_network()
    page.mouse.click(*probe.node_point(ENTITY + "nato"))
    assert page.text_content("#kg-info h3") == "NATO"
    edge = page.evaluate("network.body.data.edges.get({filter: e => e.kgRelation === 'heads' && "
                         f"e.to === {ENTITY + 'nato'!r}}})[0].id")
    page.mouse.click(*probe.edge_point(edge))
    assert page.locator("#kg-info .kg-edge-evidence li").count() == 2
    page.screenshot(path=str(output_dir / "served_entity.png"))
    page.locator("#kg-info a.kg-article-link").first.click()
    page.wait_for_url("**/article/*.html")
    assert page.text_content("h1") == "Rutte speaks"
    page.locator('#kg-text a[href="../entity/ukraine.html"]').first.click()
    page.wait_for_url("**/entity/ukraine.html")
    probe.wait_network()
    page.click('nav a[data-nav="overview"]')
    page.wait_for_url("**/overview.html")
    probe.wait_network()
    page.fill("#kg-search", "kyiv")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [ENTITY + "kyiv"]
    probe.assert_clean()
    assert all(u.startswith(server.url) for u in probe.local)
