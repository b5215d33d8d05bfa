"""kg.render.pyvis_view: the page in a real headless Chromium, offline, and safe from its data."""

from __future__ import annotations

import random
import re
import stat
import time

import networkx as nx
import pytest

from kg.errors import KGError
from kg.render.pyvis_view import (
    PYTHON_LAYOUT_ABOVE,
    NetworkLinks,
    find_entity,
    render_html,
    select_neighbourhood,
    select_overview,
)

E = "https://kg.example.org/entity/"

XSS_LABEL_SCRIPT = "<script>window.__pwned=1</script>"
XSS_LABEL_IMG = '<img src=x onerror="window.__pwned=1">'
XSS_LABEL_JS = "javascript:alert(1)"
XSS_QUOTES = "Bob \"the 'quote'\" O'Brien </script><!--"
XSS_SENTENCE = (
    'He said "</script><script>window.__pwned=1</script>" and <img src=x onerror=alert(1)> '
    "then \u2028 and \u2029 & </SCRIPT >"
)


def _node(G, slug, label, type_, evidence=1, qid="", aliases=""):
    G.add_node(E + slug, label=label, type=type_, iri=E + slug, evidence=evidence, qid=qid,
               aliases=aliases)


def _edge(G, u, v, rel, weight=1, sentences=(), confidence=0.8, articles=("A story",)):
    G.add_edge(E + u, E + v, key=rel, label=rel, predicate=f"https://kg.example.org/ontology#{rel}",
               weight=weight, sentences=list(sentences), articles=list(articles),
               confidence=confidence, first_seen="2024-02-01", last_seen="2024-03-05")


def news_graph() -> nx.MultiDiGraph:
    """A small news graph the way kg.graph.nx shapes it, with 20 minor people around it."""
    G = nx.MultiDiGraph()
    _node(G, "joe_biden", "Joe Biden", "Person", 12, "Q6279", "Biden|President Biden")
    _node(G, "united_states", "United States", "Country", 30, "Q30", "US|USA|United States")
    _node(G, "nato", "NATO", "Organization", 9, "Q7184", "North Atlantic Treaty Organization")
    _node(G, "jens_stoltenberg", "Jens Stoltenberg", "Person", 5, "Q57287")
    _node(G, "ukraine", "Ukraine", "Country", 20, "Q212")
    _node(G, "kyiv", "Kyiv", "City", 6, "Q1899")
    _node(G, "reuters", "Reuters", "NewsMediaOrganization", 3, "Q130879")
    _node(G, "brussels", "Brussels", "City", 4, "Q239")
    _edge(G, "joe_biden", "united_states", "presidentOf", 4,
          ["President Joe Biden of the United States spoke on Monday.",
           "Biden, the US president, said aid would continue.",
           "The White House said Biden would travel.",
           "A fourth sentence that the tooltip leaves out."], 0.93)
    _edge(G, "united_states", "nato", "memberOf", 3, ["The US is a member of NATO."], 0.9)
    _edge(G, "jens_stoltenberg", "nato", "heads", 2, ["NATO chief Jens Stoltenberg said…"], 0.85)
    _edge(G, "nato", "brussels", "basedIn", 1, ["NATO, based in Brussels, …"], 0.7)
    _edge(G, "kyiv", "ukraine", "capitalOf", 2, ["Kyiv, the capital of Ukraine, …"], 0.95)
    _edge(G, "united_states", "ukraine", "supports", 5, ["The US supports Ukraine."], 0.8)
    _edge(G, "reuters", "joe_biden", "quotes", 1, ["Reuters quoted Biden."], 0.6)
    for i in range(20):
        _node(G, f"minor_{i}", f"Minor Person {i}", "Person", 1)
        _edge(G, f"minor_{i}", "ukraine" if i % 2 else "kyiv", "livesIn", 1, [f"Minor {i} lives there."])
    return G


def xss_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    _node(G, "script", XSS_LABEL_SCRIPT, "Person", 3, "Q1", XSS_LABEL_IMG)
    _node(G, "img", XSS_LABEL_IMG, "Organization", 3, 'Q2"><script>window.__pwned=1</script>')
    _node(G, "js", XSS_LABEL_JS, "<b onmouseover=alert(1)>Type</b>", 2, "javascript:alert(1)")
    _node(G, "quotes", XSS_QUOTES, "Person", 2, "", "</script>|\u2028|&amp;")
    _edge(G, "script", "img", "worksFor", 2, [XSS_SENTENCE, XSS_LABEL_SCRIPT], 0.5,
          articles=[XSS_LABEL_IMG])
    _edge(G, "js", "quotes", "criticizes", 1, [XSS_LABEL_IMG], 0.4)
    G.add_edge(E + "quotes", E + "script", key="x", label="</script><script>window.__pwned=1</script>",
               weight=1, sentences=[XSS_LABEL_JS])
    return G


def node_ids(probe) -> set[str]:
    return set(probe.page.evaluate("network.body.data.nodes.getIds()"))


# --- selection and errors: plain Python ---------------------------------------------------


def test_overview_keeps_top_pagerank_nodes():
    G = news_graph()
    top = select_overview(G, top=5)
    assert len(top) == 5
    assert {E + "ukraine", E + "kyiv"} <= set(top)  # 20 minor people point there
    assert not any("minor" in v for v in top)


def test_find_entity_by_label_iri_and_alias_any_case():
    G = news_graph()
    assert find_entity(G, "joe biden") == E + "joe_biden"
    assert find_entity(G, "PRESIDENT BIDEN") == E + "joe_biden"
    assert find_entity(G, E + "nato") == E + "nato"
    assert find_entity(G, "north atlantic treaty organization") == E + "nato"


def test_unknown_entity_lists_close_matches():
    with pytest.raises(KGError, match=r"no entity matches 'Joe Bidden'; close matches: 'Joe Biden'"):
        find_entity(news_graph(), "Joe Bidden")


def test_depth_out_of_range_is_an_error(tmp_path):
    with pytest.raises(KGError, match="depth must be 1 or 2"):
        render_html(news_graph(), tmp_path / "g.html", entity="NATO", depth=3)


def test_neighbourhood_depths():
    G = news_graph()
    assert set(select_neighbourhood(G, E + "nato", depth=1)) == {
        E + "nato", E + "united_states", E + "jens_stoltenberg", E + "brussels"}
    two = set(select_neighbourhood(G, E + "nato", depth=2))
    assert {E + "joe_biden", E + "ukraine"} <= two and E + "kyiv" not in two


def test_written_atomically_and_readable(tmp_path):
    out = render_html(news_graph(), tmp_path / "site" / "g.html")
    assert out == tmp_path / "site" / "g.html"
    assert [p.name for p in out.parent.iterdir()] == ["g.html"]  # no temp file left behind
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_page_loads_nothing_from_the_network_by_construction(tmp_path):
    html = render_html(news_graph(), tmp_path / "g.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap", html, re.I)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_untrusted_text_never_appears_raw_in_the_html(tmp_path):
    html = render_html(xss_graph(), tmp_path / "g.html", title="<script>t</script>").read_text(
        encoding="utf-8")
    # Our own three scripts close; nothing from the data does.
    assert len(re.findall(r"</script", html, re.I)) == 3
    assert "<img" not in html and "<!--" not in html
    assert "\u2028" not in html and "\u2029" not in html
    assert "&lt;script&gt;t&lt;/script&gt;" in html  # the title, HTML-escaped


# --- in the browser ------------------------------------------------------------------------

needs_browser = pytest.mark.browser


@needs_browser
def test_overview_renders_top_n(probe, tmp_path, output_dir):
    G = news_graph()
    out = render_html(G, tmp_path / "overview.html", top=12, title="Overview")
    probe.open(out)
    assert probe.page.evaluate("network.body.data.nodes.length") == 12
    assert node_ids(probe) == set(select_overview(G, top=12))
    assert probe.page.evaluate("network.physics.options.enabled") is False  # stopped after stabilising
    assert "12 of 28 entities" in probe.page.text_content("#kg-counts")
    probe.page.screenshot(path=str(output_dir / "pyvis_overview.png"))
    probe.assert_clean()


@needs_browser
def test_search_focuses_a_node(probe, tmp_path):
    out = render_html(news_graph(), tmp_path / "g.html")
    probe.open(out)
    probe.page.fill("#kg-search", "north atlantic treaty organization")
    probe.page.press("#kg-search", "Enter")
    assert probe.page.evaluate("network.getSelectedNodes()") == [E + "nato"]
    # The view ends centred on the node once the focus animation is over.
    probe.page.wait_for_function(
        """(id) => { const p = network.getPositions([id])[id], v = network.getViewPosition();
                     return Math.hypot(p.x - v.x, p.y - v.y) < 1; }""",
        arg=E + "nato", timeout=5000)
    assert probe.page.text_content("#kg-info h3") == "NATO"
    probe.page.fill("#kg-search", "no such thing")
    probe.page.press("#kg-search", "Enter")
    assert probe.page.text_content("#kg-search-status") == "no match"
    probe.assert_clean()


@needs_browser
def test_clicking_a_node_and_an_edge_shows_details(probe, tmp_path, output_dir):
    out = render_html(news_graph(), tmp_path / "g.html", entity="Joe Biden")
    probe.open(out)
    probe.page.mouse.click(*probe.node_point(E + "joe_biden"))
    info = probe.page.inner_text("#kg-info")
    assert probe.page.text_content("#kg-info h3") == "Joe Biden"
    for text in ("Person", "Q6279", "President Biden", "12", E + "joe_biden", "presidentOf"):
        assert text in info
    assert probe.page.get_attribute("#kg-info a", "href") == "https://www.wikidata.org/wiki/Q6279"
    probe.page.screenshot(path=str(output_dir / "pyvis_node_details.png"))

    edge = probe.page.evaluate(
        "network.body.data.edges.get({filter: e => e.kgRelation === 'presidentOf'})[0].id")
    probe.page.mouse.click(*probe.edge_point(edge))
    assert probe.page.get_attribute("#kg-info", "data-kind") == "edge"
    info = probe.page.inner_text("#kg-info")
    assert "Joe Biden —presidentOf→ United States" in info
    assert "A fourth sentence that the tooltip leaves out." in info  # the panel shows them all
    assert "0.93" in info and "2024-02-01" in info
    title = probe.page.evaluate(f"network.body.data.edges.get({edge!r}).title")
    assert "A fourth sentence" not in title and "(+1 more" in title and "confidence: 0.93" in title
    probe.assert_clean()


@needs_browser
def test_type_and_relation_filters_hide(probe, tmp_path):
    out = render_html(news_graph(), tmp_path / "g.html")
    probe.open(out)
    hidden_nodes = "network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.kgType)"
    hidden_edges = "network.body.data.edges.get({filter: e => e.hidden}).length"
    probe.page.uncheck('input[data-group="type"][value="Person"]')
    hidden = probe.page.evaluate(hidden_nodes)
    assert len(hidden) == 22 and set(hidden) == {"Person"}
    # Edges of hidden nodes go too: 20 livesIn, heads, presidentOf, quotes.
    assert probe.page.evaluate(hidden_edges) == 23
    probe.page.check('input[data-group="type"][value="Person"]')
    assert probe.page.evaluate(hidden_nodes) == []
    probe.page.uncheck('input[data-group="relation"][value="livesIn"]')
    assert probe.page.evaluate(hidden_edges) == 20
    assert probe.page.evaluate(hidden_nodes) == []
    probe.page.click('.kg-all button[data-group="relation"][data-on="1"]')
    assert probe.page.evaluate(hidden_edges) == 0
    probe.assert_clean()


@needs_browser
def test_entity_view_contains_only_the_neighbourhood(probe, tmp_path, output_dir):
    G = news_graph()
    out = render_html(G, tmp_path / "nato.html", entity="nato", depth=1)
    probe.open(out)
    assert node_ids(probe) == {E + "nato", E + "united_states", E + "jens_stoltenberg", E + "brussels"}
    assert probe.page.evaluate("network.body.data.edges.length") == 3
    assert "neighbourhood of NATO (depth 1)" in probe.page.text_content("#kg-counts")
    probe.page.screenshot(path=str(output_dir / "pyvis_entity_nato.png"))

    out = render_html(G, tmp_path / "nato2.html", entity="NATO", depth=2)
    probe.open(out)
    assert node_ids(probe) == set(select_neighbourhood(G, E + "nato", depth=2))
    probe.assert_clean()


@needs_browser
def test_hostile_strings_stay_text(probe, tmp_path, output_dir):
    G = xss_graph()
    out = render_html(G, tmp_path / "xss.html", title='<img src=x onerror="window.__pwned=1">')
    probe.open(out)
    page = probe.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() == '<img src=x onerror="window.__pwned=1">'
    # The strings reach vis exactly as they were, U+2028 and all.
    assert page.evaluate(f"network.body.data.nodes.get({E + 'script'!r}).label") == XSS_LABEL_SCRIPT
    evidence = page.evaluate(
        "network.body.data.edges.get({filter: e => e.kgRelation === 'worksFor'})[0].kgEvidence")
    assert evidence[0]["s"] == XSS_SENTENCE
    assert page.evaluate(f"kg.articles[{evidence[0]['a']}].t") == XSS_LABEL_IMG

    for slug in ("script", "img", "js", "quotes"):
        x, y = probe.node_point(E + slug)
        page.mouse.move(x, y)  # the tooltip
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        # vis 9 sets a string title with innerText: text, and <br> for each newline, nothing else.
        tags = page.evaluate("[...document.querySelector('div.vis-tooltip').children].map(c => c.tagName)")
        assert set(tags) <= {"BR"}
        assert G.nodes[E + slug]["label"] in page.inner_text("div.vis-tooltip")
        page.mouse.click(x, y)  # the info panel
        assert page.text_content("#kg-info h3") == G.nodes[E + slug]["label"]
        assert page.evaluate("document.querySelectorAll('#kg-info script, #kg-info img').length") == 0
        page.mouse.move(5, 5)
    # A QID that is not Q<digits> is shown as text, never as a link.
    page.mouse.click(*probe.node_point(E + "js"))
    assert page.query_selector("#kg-info a") is None
    assert "javascript:alert(1)" in page.inner_text("#kg-info")
    for edge in page.evaluate("network.body.data.edges.getIds()"):
        page.evaluate(f"kg.showEdge({edge!r})")
    page.evaluate("kg.focusNode('</script>')")
    page.screenshot(path=str(output_dir / "pyvis_xss.png"))
    time.sleep(0.3)  # let any deferred handler (an onerror, a timer) have its chance
    assert page.evaluate("typeof window.__pwned") == "undefined"
    probe.assert_clean()


@needs_browser
def test_large_graph_laid_out_in_python_draws_without_physics(probe, tmp_path, output_dir):
    n = PYTHON_LAYOUT_ABOVE + 200
    G = nx.MultiDiGraph()
    for i in range(n):
        _node(G, f"n{i}", f"Entity {i}", ("Person", "Organization", "Country")[i % 3], i % 7)
    rng = random.Random(1)
    for i in range(1, n):
        _edge(G, f"n{i}", f"n{rng.randrange(i)}", "mentions")
    out = render_html(G, tmp_path / "big.html", top=n)
    ready_ms = probe.open(out)
    assert probe.page.evaluate("network.body.data.nodes.length") == n
    assert probe.page.evaluate("network.physics.options.enabled") is False
    assert probe.page.evaluate("network.body.data.nodes.get().every(n => Number.isFinite(n.x))")
    assert ready_ms < 20_000
    probe.page.screenshot(path=str(output_dir / "pyvis_large.png"))
    probe.assert_clean()


@needs_browser
@pytest.mark.model
def test_seed_graph_renders(probe, tmp_path, output_dir, seed_graph):
    """The graph kg builds from seeds/ (real model, real kg.graph.nx view) draws cleanly."""
    out = render_html(seed_graph, tmp_path / "seed.html", title="seeds/")
    probe.open(out)
    assert probe.page.evaluate("network.body.data.nodes.length") == min(len(seed_graph), 200)
    assert probe.page.evaluate("network.body.data.edges.length") == seed_graph.number_of_edges()
    probe.page.screenshot(path=str(output_dir / "pyvis_seed.png"))
    probe.assert_clean()


@needs_browser
def test_date_range_filter(probe, tmp_path):
    G = nx.MultiDiGraph()
    for slug, label in (("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), ("e", "Lonely")):
        _node(G, slug, label, "Person")
    G.nodes[E + "e"]["first_seen"] = G.nodes[E + "e"]["last_seen"] = ""
    _edge(G, "a", "b", "supports")
    _edge(G, "c", "d", "criticizes")
    G.edges[E + "a", E + "b", "supports"].update(first_seen="2019-05-01", last_seen="2019-06-01")
    G.edges[E + "c", E + "d", "criticizes"].update(first_seen="2024-01-01T10:00:00Z", last_seen="2024-02-01")
    out = render_html(G, tmp_path / "dates.html")
    probe.open(out)
    page = probe.page
    assert page.get_attribute("#kg-date-from", "min") == "2019-05-01"
    assert page.get_attribute("#kg-date-to", "max") == "2024-02-01"
    hidden = "network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.label).sort()"
    page.fill("#kg-date-from", "2023-01-01")
    assert page.evaluate(hidden) == ["A", "B"]  # the lonely node has no date: kept
    assert page.evaluate("network.body.data.edges.get({filter: e => e.hidden}).map(e => e.kgRelation)") == [
        "supports"]
    assert "3 shown by the filters" in page.text_content("#kg-counts")
    page.uncheck("#kg-date-undated")
    assert page.evaluate(hidden) == ["A", "B", "Lonely"]
    page.fill("#kg-date-from", "")
    page.fill("#kg-date-to", "2023-12-31")
    assert page.evaluate(hidden) == ["C", "D", "Lonely"]
    page.click("#kg-date-clear")
    assert page.evaluate(hidden) == []  # no range: nothing is out of it, undated or not
    probe.assert_clean()


def test_a_graph_without_dates_has_no_date_filter(tmp_path):
    G = nx.MultiDiGraph()
    _node(G, "a", "A", "Person")
    html = render_html(G, tmp_path / "g.html").read_text(encoding="utf-8")
    assert 'id="kg-date-from"' not in html


@needs_browser
def test_evidence_links_only_to_pages_kg_named(probe, tmp_path):
    G = news_graph()
    data = G.edges[E + "joe_biden", E + "united_states", "presidentOf"]
    data["evidence"] = [
        {"sentence": "Biden, the US president.", "article": "https://kg.example.org/article/a1",
         "title": "Good article", "published": "2024-02-01", "confidence": 0.93, "extractor": "x"},
        {"sentence": "Another.", "article": "https://kg.example.org/article/evil",
         "title": "Evil article", "published": "", "confidence": None, "extractor": ""},
    ]
    data["evidence_total"] = 7
    hrefs = {"https://kg.example.org/article/a1": "article/a1.html",
             "https://kg.example.org/article/evil": "javascript:window.__pwned=1"}
    links = NetworkLinks(entity=lambda n: "entity/x.html" if n == E + "joe_biden" else "//evil.example/",
                         article=hrefs.get)
    probe.open(render_html(G, tmp_path / "g.html", links=links))
    page = probe.page
    edge = page.evaluate("network.body.data.edges.get({filter: e => e.kgRelation === 'presidentOf'})[0].id")
    page.evaluate(f"kg.showEdge({edge!r})")
    items = page.locator("#kg-info .kg-edge-evidence li")
    assert items.count() == 3 and "… and 5 more" in items.nth(2).inner_text()
    assert items.nth(0).locator("a").get_attribute("href") == "article/a1.html"
    assert "confidence 0.93" in items.nth(0).inner_text()
    # The unsafe URL is not a link: its title is text.
    assert items.nth(1).locator("a").count() == 0 and "Evil article" in items.nth(1).inner_text()
    heading = page.locator("#kg-info h3 a")
    assert heading.count() == 1 and heading.get_attribute("href") == "entity/x.html"
    page.evaluate(f"kg.showNode({E + 'united_states'!r})")
    assert page.locator("#kg-info a.kg-open").count() == 0  # "//evil.example/" refused
    assert page.evaluate("[...document.querySelectorAll('a')].every(a => !a.href.startsWith('javascript'))")
    probe.assert_clean()
