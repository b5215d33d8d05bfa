"""Untrusted article text in the site and the served pages: escaped everywhere, and nothing runs.

Two stores: one written by hand, so hostile strings reach every field (entity names, aliases,
NER labels, IRIs, quotes, titles, sources, URLs, extractors), and one built by ``kg build`` with
the real model from a JSONL record carrying ``<script>``, ``<img onerror>``, a ``javascript:``
URL and quote characters. Every page of each site is checked on disk (no handler attribute, no
link off the site but http(s), no script but kg's) and opened in Chromium with the network
blocked: every node clicked, every edge shown, and ``window.__pwned`` must stay undefined with
no dialog, no request, no script error.
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.config import Settings
from kg.graph.store import GraphStore
from kg.graph.rdf import article_iri
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Literal, Mention
from kg.render.links import page_slug
from kg.render.site import write_site

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
JS_URL = f"javascript:{PWN}"
QUOTES = "Bob \"the 'quote'\" O'Brien </script><!--"

# Tags kg's pages are made of; an injected element would show up as another.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "link", "body", "header", "nav", "a", "h1", "h2", "h3",
    "span", "form", "input", "datalist", "button", "aside", "div", "label", "p", "main", "section", "dl",
    "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "blockquote", "q", "script",
    "mark", "br", "code",
}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.urls: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        self.attributes.update(a)
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.urls.append(a[name])
        if tag == "script":
            self.scripts.append(a)


def check_on_disk(folder: Path) -> int:
    """Every page: only kg's tags and scripts, no handler, no link off the site but http(s)."""
    pages = sorted(folder.rglob("*.html"))
    for page in pages:
        p = _Page()
        p.feed(page.read_text(encoding="utf-8"))
        assert set(p.tags) <= ALLOWED_TAGS, (page, set(p.tags) - ALLOWED_TAGS)
        assert not [a for a in p.attributes if a.startswith("on")], page
        for url in p.urls:
            scheme = urlsplit(url).scheme.lower()
            assert scheme in ("", "http", "https"), (page, url)
            assert "javascript" not in url.lower().replace("%", ""), (page, url)
            if not scheme:
                assert (page.parent / urlsplit(url).path).resolve().is_file(), (page, url)
        # kg's scripts only: the JSON data block, and nonce-bearing scripts from assets/.
        for script in p.scripts:
            assert script.get("type") == "application/json" or (
                script.get("nonce") and re.fullmatch(r"(\.\./)?assets/[\w.-]+\.js", script.get("src", ""))
            ), (page, script)
    return len(pages)


def visit_everything(probe, folder: Path, root: str) -> int:
    """Open every page in the browser, click every node and show every edge; nothing may run."""
    page = probe.page
    visited = 0
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        network = rel == "overview.html" or rel.startswith("entity/")
        probe.open_site(root, rel, network=network)
        if network:
            for node in page.evaluate("network.body.data.nodes.getIds()"):
                page.evaluate("(id) => kg.showNode(id)", node)
                x, y = probe.node_point(node)
                page.mouse.move(x, y)  # the tooltip
            for edge in page.evaluate("network.body.data.edges.getIds()"):
                page.evaluate("(id) => kg.showEdge(id)", edge)
            assert page.evaluate(
                "document.querySelectorAll('#kg-info script, #kg-info img, #kg-info iframe').length") == 0
            hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.protocol)")
            assert set(hrefs) <= {"file:", "http:", "https:"}, hrefs
        if rel == "index.html":
            page.fill("#kg-filter", SCRIPT)
        visited += 1
        time.sleep(0.2)  # let any deferred handler (an onerror, a timer) have its chance
        assert page.evaluate("typeof window.__pwned") == "undefined", rel
    probe.assert_clean()
    return visited


# --- a store written by hand: hostile strings in every field ------------------------------------


def hostile_store(path: Path) -> GraphStore:
    settings = Settings()
    ns = settings.entity_ns
    text = (f"Breaking: {SCRIPT} met {IMG} in Brussels. {QUOTES} said \"{SCRIPT}\" at {JS_URL} "
            "on Monday.\u2028Next line {{7*7}} </textarea> & more.")
    art = Article(id=f'x"><script>{PWN}</script>', text=text, title=f"{SCRIPT} \"Breaking\" & 'news'",
                  url=JS_URL, source=IMG, published="2025-01-02")
    art2 = Article(id="second", text=f"{IMG} again.", title=IMG, url=f" JaVaScRiPt:{PWN}",
                   source=SCRIPT, published="2025-02-03")
    art3 = Article(id="third", text="Nothing.", title="", url=f'https://ok.example/a"onmouseover="{PWN}',
                   source="")
    e_script = Entity(ns + "x-script", SCRIPT, "Person", aliases=(IMG, JS_URL), same_as=("wd:Q1",))
    e_img = Entity(ns + "a'b(c)", IMG, "Organization", aliases=(QUOTES,))
    e_quotes = Entity(ns + "Quotes..%2F..%2Findex", QUOTES, "Person")
    e_js = Entity(ns + "js", JS_URL, "Country")

    def at(needle: str, start: int = 0) -> tuple[int, int]:
        i = text.index(needle, start)
        return i, i + len(needle)

    mentions = [
        (Mention(art.id, *at(SCRIPT), SCRIPT, f"<b onmouseover={PWN}>ORG</b>"), e_script.iri),
        (Mention(art.id, *at(IMG), IMG, "PERSON"), e_img.iri),
        (Mention(art.id, *at(QUOTES), QUOTES, '"><script>x</script>'), e_quotes.iri),
        (Mention(art.id, *at(JS_URL), JS_URL, "GPE"), e_js.iri),
        # Overlapping and out-of-range spans: left out, never repeated text.
        (Mention(art.id, at(IMG)[0] + 2, at(IMG)[1] + 5, "X", "ORG"), e_img.iri),
        (Mention(art.id, len(text) - 2, len(text) + 50, "X", "ORG"), e_img.iri),
    ]
    sentence = text.split("\u2028")[0]

    def ev(article: Article, confidence: float = 0.7) -> Evidence:
        return Evidence(article.id, sentence, 0, len(sentence), f"<i>{PWN}</i>", confidence)

    facts = [
        Fact(e_script, "heads", e_img, ev(art)),
        Fact(e_quotes, "said", Literal(f"</script><script>{PWN}</script> & \"'"), ev(art, 0.8)),
        Fact(e_js, "criticizes", e_quotes, ev(art)),
        Fact(e_img, "memberOf", e_js, ev(art2, 0.9)),
    ]
    store = GraphStore(path, settings)
    store.write(ArticleGraph(art, [e_script, e_img, e_quotes, e_js], mentions, facts[:3]))
    store.write(ArticleGraph(art2, [e_img, e_js], [(Mention(art2.id, 0, len(IMG), IMG, "ORG"), e_img.iri)],
                             facts[3:]))
    store.write(ArticleGraph(art3))
    return store


def article_page_of(site: Path, article_id: str) -> Path:
    settings = Settings()
    return site / "article" / f"{page_slug(article_iri(article_id, settings), settings.article_ns)}.html"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    with hostile_store(base / "store") as store:
        summary = write_site(store, base / "site")
    return summary.folder


def test_hostile_site_on_disk(hostile_site):
    assert check_on_disk(hostile_site) == 2 + 4 + 3  # index, overview, 4 entities, 3 articles
    # Hashed file names for IRIs that are not plain names; none escapes its folder.
    names = sorted(p.name for p in (hostile_site / "entity").iterdir())
    assert "js.html" in names and "x-script.html" in names
    assert all(re.fullmatch(r"[a-z0-9_-]+(~[0-9a-f]{10})?\.html", n) for n in names), names
    first, third = (article_page_of(hostile_site, i).read_text(encoding="utf-8")
                    for i in (f'x"><script>{PWN}</script>', "third"))
    # The javascript: URL is shown as text and never linked; the text is escaped by displaCy.
    assert '<span id="kg-article-url">javascript:window.__pwned=1</span>' in first
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in first
    assert "&lt;b onmouseover=window.__pwned=1&gt;ORG&lt;/b&gt;" in first  # the NER label
    assert "{{7*7}}" in first  # not a template
    # An http URL with quotes in it stays one attribute value.
    assert 'href="https://ok.example/a&#34;onmouseover=&#34;window.__pwned=1"' in third


@pytest.mark.browser
def test_hostile_site_runs_nothing_in_the_browser(probe, hostile_site, output_dir):
    root = hostile_site.resolve().as_uri() + "/"
    assert visit_everything(probe, hostile_site, root) == 9
    page = probe.page
    # The strings arrive as text, exactly.
    probe.open_site(root, "entity/x-script.html", network=True)
    assert page.text_content("h1") == SCRIPT
    assert page.title() == SCRIPT
    assert page.evaluate("network.body.data.nodes.get().map(n => n.label).sort()") == sorted(
        [SCRIPT, IMG, JS_URL])
    page.screenshot(path=str(output_dir / "site_xss_entity.png"))
    first = article_page_of(hostile_site, f'x"><script>{PWN}</script>')
    probe.open_site(root, f"article/{first.name}")
    assert page.text_content("h1") == f"{SCRIPT} \"Breaking\" & 'news'"
    assert page.locator("#kg-text mark").count() == 4
    assert page.locator("#kg-text mark").nth(0).locator("a").text_content() == SCRIPT
    assert page.query_selector("#kg-article-url").evaluate("e => e.tagName") == "SPAN"
    page.screenshot(path=str(output_dir / "site_xss_article.png"), full_page=True)
    time.sleep(0.2)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    probe.assert_clean()


# --- built by kg build with the real model from a hostile JSONL record ------------------------


@pytest.fixture(scope="module")
def model_hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-model")
    record = {
        "id": f'x"><script>{PWN}</script>',
        "title": f"{SCRIPT} NATO \"chief\" & 'Rutte'",
        "url": JS_URL,
        "source": IMG,
        "published": "2025-03-01",
        "text": (f'NATO Secretary General Mark Rutte said "{SCRIPT}" in Brussels on Monday. '
                 f"{IMG} Donald Trump criticized NATO in Washington. Rutte's aide, Bob O'Brien, "
                 f"said \"We're fine & safe\" at {JS_URL} on Tuesday."),
    }
    src = base / "news.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(src), "--store", str(base / "store")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["site", "--store", str(base / "store"), "--out", str(base / "site")])
    assert result.exit_code == 0, result.output
    return base / "site"


@pytest.mark.model
def test_model_built_hostile_site_on_disk(model_hostile_site):
    assert check_on_disk(model_hostile_site) >= 2 + 1 + 3  # index, overview, the article, entities
    (article,) = (model_hostile_site / "article").iterdir()
    html = article.read_text(encoding="utf-8")
    assert '<span id="kg-article-url">javascript:window.__pwned=1</span>' in html
    assert "kg-mention-link" in html  # the model found entities and their mentions link


@pytest.mark.model
@pytest.mark.browser
def test_model_built_hostile_site_runs_nothing(probe, model_hostile_site, output_dir):
    root = model_hostile_site.resolve().as_uri() + "/"
    visit_everything(probe, model_hostile_site, root)
    (article,) = (model_hostile_site / "article").iterdir()
    probe.open_site(root, f"article/{article.name}")
    assert probe.page.text_content("h1") == f"{SCRIPT} NATO \"chief\" & 'Rutte'"
    assert SCRIPT in probe.page.text_content("#kg-text")
    probe.page.screenshot(path=str(output_dir / "site_xss_model_article.png"), full_page=True)
    assert probe.page.evaluate("typeof window.__pwned") == "undefined"
    probe.assert_clean()
