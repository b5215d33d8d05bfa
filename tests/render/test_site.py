"""kg.render.site / pages / data: the static site from a real store, on disk and in Chromium."""

from __future__ import annotations

import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.config import Settings
from kg.graph.store import GraphStore
from kg.render.data import StoreReader, load_article, load_site
from kg.render.page import ASSET_NAMES
from kg.render.site import write_site
from tests.render.conftest import ENTITY, SITE_ENTITIES, site_article_graphs

needs_browser = pytest.mark.browser


class _Links(HTMLParser):
    """Every href/src of a page, and every attribute name (to find on* handlers)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.attributes: set[str] = set()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "src") and value is not None:
                self.urls.append(value)


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def site(site_store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("site-out") / "site"
    with GraphStore(site_store_path, Settings(), read_only=True) as store:
        summary = write_site(store, out)
    return summary


def test_the_site_has_every_page(site):
    out = site.folder
    assert (site.entities, site.articles) == (5, 3)
    assert {p.name for p in (out / "entity").iterdir()} == {f"{slug}.html" for slug in SITE_ENTITIES}
    assert len(list((out / "article").iterdir())) == 3
    assert sorted(p.name for p in (out / "assets").iterdir()) == sorted(ASSET_NAMES)
    assert (out / "index.html").exists() and (out / "overview.html").exists()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == site.files
    assert not [p for p in files if p.name.endswith(".tmp") or p.name.startswith(".")]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in files)


def test_every_link_resolves_and_nothing_leaves_the_site(site):
    out = site.folder
    for page in out.rglob("*.html"):
        links = parse(page)
        assert not [a for a in links.attributes if a.startswith("on")], page
        for url in links.urls:
            parts = urlsplit(url)
            if parts.scheme:
                # The only absolute links: Wikidata items and the articles' own web pages.
                assert re.fullmatch(r"https://www\.wikidata\.org/wiki/Q\d+", url) or \
                    re.fullmatch(r"https://news\.example/[\w-]+", url), (page, url)
                continue
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{page.relative_to(out)} links to missing {url}"
            assert out.resolve() in target.parents


def test_index_lists_entities_with_counts(site):
    html = (site.folder / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-search="mark rutte person">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    # evidence 4 (heads ×2, consultWith, said), facts 3 (heads, consultWith, the quote), articles 2
    assert 'href="entity/mark-rutte.html"' in cells[0]
    assert cells[1:5] == ["Person", "4", "3", "2"]
    assert "2025-06-01 – 2025-07-15" in cells[5]
    assert 'href="overview.html"' in html


def test_site_data_counts_and_order(site_store_path):
    with GraphStore(site_store_path, Settings(), read_only=True) as store:
        data = load_site(store)
        # The server reads through StoreReader on the raw Oxigraph store: the same data.
        same = load_site(StoreReader.of(store))
        rutte = data.entities[ENTITY + "mark-rutte"]
        assert (rutte.evidence, rutte.facts, rutte.articles) == (4, 3, 2)
        assert list(same.entities) == list(data.entities)
        assert same.facts_by_entity == data.facts_by_entity
        heads = next(f for f in data.facts_by_entity[rutte.iri] if f.predicate == "heads")
        assert [e.published for e in heads.evidence] == ["2025-07-15", "2025-06-01"]  # newest first
        said = next(f for f in data.facts_by_entity[rutte.iri] if f.predicate == "said")
        assert not said.object_is_entity and said.object == "We stand with Ukraine."
        edge = data.graph.edges[rutte.iri, ENTITY + "nato", "heads"]
        assert edge["evidence_total"] == 2 and edge["evidence"][0]["title"] == "Rutte speaks"
        assert data.graph.nodes[rutte.iri]["first_seen"] == "2025-06-01"
        # Articles: newest first, the undated one last.
        assert [a.title for a in data.articles.values()] == ["Rutte speaks", "Rutte in Kyiv", "Zelensky at home"]
        a1 = next(a for a in data.articles.values() if a.id == "a1")
        body = load_article(store, a1)
        assert [m.text for m in body.mentions] == ["NATO", "Mark Rutte", "Volodymyr Zelensky", "Kyiv", "Kyiv",
                                                   "Ukraine"]
        assert all(body.text[m.start:m.end] == m.text for m in body.mentions)


def test_article_page_highlights_mentions_and_lists_facts(site):
    page = next(p for p in (site.folder / "article").iterdir()
                if "Rutte in Kyiv" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    marks = re.findall(r'<mark class="entity kg-mention"[^>]*><a class="kg-mention-link" href="([^"]+)"', html)
    assert marks == ["../entity/nato.html", "../entity/mark-rutte.html", "../entity/volodymyr-zelensky.html",
                     "../entity/kyiv.html", "../entity/kyiv.html", "../entity/ukraine.html"]
    assert 'href="https://news.example/rutte-kyiv"' in html
    assert html.count('<tr class="kg-fact"') == 3  # heads, consultWith, capitalOf


def test_stale_pages_are_removed(tmp_path):
    settings = Settings()
    graphs = site_article_graphs(settings)
    with GraphStore(tmp_path / "store", settings) as store:
        for ag in graphs:
            store.write(ag)
        first = write_site(store, tmp_path / "site")
        assert (tmp_path / "site" / "entity" / "kyiv.html").exists()
        (tmp_path / "site" / "notes.txt").write_text("mine")
        store.remove_article("a1")  # the only article naming Kyiv
        second = write_site(store, tmp_path / "site")
    assert (first.articles, second.articles) == (3, 2)
    assert not (tmp_path / "site" / "entity" / "kyiv.html").exists()
    assert second.removed == 2  # Kyiv's page and a1's page
    assert (tmp_path / "site" / "notes.txt").read_text() == "mine"


def test_kg_site_command(site_store_path, tmp_path):
    result = CliRunner().invoke(cli, ["site", "--store", str(site_store_path), "--out", str(tmp_path / "s"),
                                      "--depth", "1", "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "pages: 5 entities, 3 articles" in result.output
    overview = (tmp_path / "s" / "overview.html").read_text(encoding="utf-8")
    assert "the 3 most central entities" in (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert overview.count('"kgType"') == 3


def test_kg_site_without_a_store_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["site", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "s")])
    assert result.exit_code == 1 and result.output.startswith("kg: error:")
    assert not (tmp_path / "s").exists()


# --- in the browser, from disk ---------------------------------------------------------------


def root_of(site) -> str:
    return site.folder.resolve().as_uri() + "/"


@needs_browser
def test_index_search_opens_an_entity_page(probe, site, output_dir):
    probe.open_site(root_of(site))
    page = probe.page
    assert page.locator("#kg-entity-table tbody tr").count() == 5
    page.screenshot(path=str(output_dir / "site_index.png"))
    page.fill("#kg-filter", "kyi")
    assert page.locator("#kg-entity-table tbody tr:not([hidden])").count() == 1
    assert page.text_content("#kg-filter-count") == "1 of 5 entities"
    page.fill("#kg-filter", "person")  # types are searchable too
    assert page.locator("#kg-entity-table tbody tr:not([hidden])").count() == 2
    page.fill("#kg-filter", "kyiv")
    page.press("#kg-filter", "Enter")
    page.wait_for_url("**/entity/kyiv.html")
    probe.wait_network()
    assert page.text_content("h1") == "Kyiv"
    probe.assert_clean()


@needs_browser
def test_entity_page_network_facts_and_links(probe, site, output_dir):
    probe.open_site(root_of(site), "entity/mark-rutte.html", network=True)
    page = probe.page
    ids = set(page.evaluate("network.body.data.nodes.getIds()"))
    # depth 2: Rutte, NATO, Zelensky (1 hop), Ukraine (2 hops)
    assert ids == {ENTITY + s for s in ("mark-rutte", "nato", "volodymyr-zelensky", "ukraine")}
    facts = page.locator("#kg-facts tr.kg-fact")
    assert facts.count() == 3
    assert [facts.nth(i).get_attribute("data-predicate") for i in range(3)] == ["heads", "consultWith", "said"]
    heads = facts.nth(0)
    assert heads.locator(".kg-evidence li").count() == 2
    assert "Mark Rutte heads NATO." in heads.inner_text()
    assert "Rutte speaks" in heads.inner_text() and "2025-07-15" in heads.inner_text()
    assert page.locator('#kg-facts q.kg-literal').inner_text() == "We stand with Ukraine."
    page.screenshot(path=str(output_dir / "site_entity.png"))

    # Depth 1 hides Ukraine, two hops away.
    page.check('#kg-depth input[value="1"]')
    hidden = page.evaluate("network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert hidden == [ENTITY + "ukraine"]

    # The evidence's article link opens the article page, whose mentions link to entity pages.
    heads.locator("a.kg-article-link").first.click()
    page.wait_for_url("**/article/*.html")
    assert page.text_content("h1") == "Rutte speaks"
    assert page.locator("#kg-text mark.kg-mention").count() == 6
    page.screenshot(path=str(output_dir / "site_article.png"), full_page=True)
    page.locator('#kg-text a.kg-mention-link[href="../entity/nato.html"]').first.click()
    page.wait_for_url("**/entity/nato.html")
    probe.wait_network()
    assert page.text_content("h1") == "NATO"
    page.click('nav a[data-nav="index"]')
    page.wait_for_url("**/index.html")
    probe.assert_clean()
    assert any(u.endswith("/assets/vis-network.min.js") for u in probe.local)


@needs_browser
def test_overview_click_shows_evidence_and_links(probe, site, output_dir):
    probe.open_site(root_of(site), "overview.html", network=True)
    page = probe.page
    assert page.evaluate("network.body.data.nodes.length") == 5
    page.mouse.click(*probe.node_point(ENTITY + "mark-rutte"))
    info = page.text_content("#kg-info")
    assert "Mentioned in (2)" in info and "Rutte in Kyiv" in info
    assert page.get_attribute("#kg-info a.kg-open", "href") == "entity/mark-rutte.html"

    edge = page.evaluate("network.body.data.edges.get({filter: e => e.kgRelation === 'heads' && "
                         f"e.from === {ENTITY + 'mark-rutte'!r}}})[0].id")
    page.mouse.click(*probe.edge_point(edge))
    assert page.get_attribute("#kg-info", "data-kind") == "edge"
    items = page.locator("#kg-info .kg-edge-evidence li")
    assert items.count() == 2
    assert "Mark Rutte heads NATO." in items.nth(0).inner_text()
    assert "confidence 0.90" in items.nth(0).inner_text() and "hand" in items.nth(0).inner_text()
    hrefs = [items.nth(i).locator("a").get_attribute("href") for i in range(2)]
    assert all(re.fullmatch(r"article/[0-9a-f]{20}\.html", h) for h in hrefs)
    page.screenshot(path=str(output_dir / "site_overview.png"))

    # Search focuses a node, by alias-free name here.
    page.fill("#kg-search", "zelensky")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [ENTITY + "volodymyr-zelensky"]

    # The dates. From July 2025 on: what only the June article (a1) says goes.
    hidden_nodes = "network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)"
    shown_edges = "network.body.data.edges.get({filter: e => !e.hidden}).map(e => e.kgRelation)"
    page.fill("#kg-date-from", "2025-07-01")
    assert set(page.evaluate(hidden_nodes)) == {ENTITY + "kyiv", ENTITY + "volodymyr-zelensky"}
    assert page.evaluate(shown_edges) == ["heads"]  # Rutte heads NATO, seen until 2025-07-15
    # Up to June 2025: everything is dated in range but Zelensky heads Ukraine (a3, undated).
    page.click("#kg-date-clear")
    page.fill("#kg-date-to", "2025-06-30")
    assert page.evaluate(hidden_nodes) == []
    assert len(page.evaluate(shown_edges)) == 4
    page.uncheck("#kg-date-undated")
    assert sorted(page.evaluate(shown_edges)) == ["capitalOf", "consultWith", "heads"]
    page.click("#kg-date-clear")
    assert page.evaluate(hidden_nodes) == [] and len(page.evaluate(shown_edges)) == 4
    probe.assert_clean()
