"""The HTML of each browsing page, from :class:`~kg.render.data.SiteData`: index, overview, entity, article.

The same functions make the static site (:mod:`kg.render.site`) and the live pages of
``kg serve`` (:mod:`kg.render.app`), which share one layout::

    index.html              entity list (search, counts), articles, link to the overview
    overview.html           the top entities by PageRank (network)
    entity/<slug>.html      neighbourhood (network) and a table of the entity's facts
    article/<slug>.html     text with mentions highlighted by displaCy, facts read from it
    assets/                 vis-network, kg.css, network.js, index.js

Every link between pages is relative, so the site reads the same from ``file://`` and from the
server. Pages link their assets by default; ``assets=Assets.inline()`` gives a self-contained
page (a notebook shows one in an iframe).

Examples
--------
>>> from kg.graph.store import GraphStore
>>> from kg.model import Article, ArticleGraph, Entity, Evidence, Fact, Mention
>>> from kg.render.data import load_site, load_article
>>> gs = GraphStore(None)
>>> art = Article.from_text("Rutte heads NATO.", title="<i>T</i>")
>>> rutte = Entity(gs.settings.entity_ns + "rutte", "Rutte", "Person")
>>> nato = Entity(gs.settings.entity_ns + "nato", "NATO", "Organization")
>>> ev = Evidence(art.id, "Rutte heads NATO.", 0, 17, "demo", 0.9)
>>> gs.write(ArticleGraph(art, [rutte, nato], [(Mention(art.id, 12, 16, "NATO", "ORG"), nato.iri)],
...                       [Fact(rutte, "heads", nato, ev)]))
>>> site = load_site(gs)
>>> html = entity_page(site, nato.iri)
>>> 'href="../article/' in html and "&lt;i&gt;T&lt;/i&gt;" in html
True
>>> body = load_article(gs, next(iter(site.articles.values())))
>>> 'href="../entity/nato.html"' in article_page(site, body)
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from kg.render.data import ArticleBody, FactInfo, SiteData
from kg.render.highlight import highlight_html
from kg.render.links import ARTICLE_DIR, ASSET_DIR, ENTITY_DIR, safe_url
from kg.render.page import Assets, render_page
from kg.render.pyvis_view import NetworkLinks, network_html

__all__ = [
    "index_page",
    "overview_page",
    "entity_page",
    "article_page",
    "entity_href",
    "article_href",
    "INDEX",
    "OVERVIEW",
    "ENTITY_PAGE_NODES",
]

INDEX = "index.html"
OVERVIEW = "overview.html"

_ROOT, _SUB = "", "../"  # how a page at the root, or in entity/ or article/, reaches the root
_FACTS_PER_PAGE = 1000
_EVIDENCE_PER_FACT = 10
ENTITY_PAGE_NODES = 60
"""Most nodes in an entity page's network (and at most ``top``): the nearest, then by PageRank.
A neighbourhood reads best small, and a site writes thousands of these pages."""


def entity_href(site: SiteData, iri: str, up: str = _ROOT) -> str | None:
    """Relative URL of ``iri``'s entity page from a page ``up`` below the root; None if none."""
    e = site.entities.get(iri)
    return f"{up}{ENTITY_DIR}/{e.slug}.html" if e else None


def article_href(site: SiteData, iri: str, up: str = _ROOT) -> str | None:
    """Relative URL of ``iri``'s article page from a page ``up`` below the root; None if none."""
    a = site.articles.get(iri)
    return f"{up}{ARTICLE_DIR}/{a.slug}.html" if a else None


def _nav(up: str) -> list[dict[str, str]]:
    return [
        {"key": "index", "href": up + INDEX, "text": "Index"},
        {"key": "overview", "href": up + OVERVIEW, "text": "Overview"},
    ]


def _assets(assets: Assets | None, up: str) -> Assets:
    return assets if assets is not None else Assets.linked(f"{up}{ASSET_DIR}/")


def _links(site: SiteData, up: str) -> NetworkLinks:
    return NetworkLinks(entity=lambda node: entity_href(site, str(node), up),
                        article=lambda iri: article_href(site, iri, up))


def _seen(first: str, last: str) -> str:
    if not first:
        return ""
    return first if not last or last == first else f"{first} – {last}"


def _label(site: SiteData, iri: str) -> str:
    e = site.entities.get(iri)
    return e.label if e else iri


def _facts(site: SiteData, facts: Iterable[FactInfo], up: str) -> list[dict[str, Any]]:
    rows = []
    for f in facts:
        if f.object_is_entity:
            obj = {"literal": False, "label": _label(site, f.object), "href": entity_href(site, f.object, up)}
        else:
            obj = {"literal": True, "label": f.object, "href": None}
        evidence = []
        for ev in f.evidence[:_EVIDENCE_PER_FACT]:
            art = site.articles.get(ev.article)
            evidence.append({
                "sentence": ev.sentence,
                "title": art.display_title if art else ev.article,
                "href": article_href(site, ev.article, up),
                "published": (ev.published or (art.published if art else ""))[:10],
                "confidence": ev.confidence,
                "extractor": ev.extractor,
            })
        if len(f.evidence) > _EVIDENCE_PER_FACT:
            evidence.append({"sentence": f"… and {len(f.evidence) - _EVIDENCE_PER_FACT} more sentences",
                             "title": "", "href": None, "published": "", "confidence": None,
                             "extractor": ""})
        rows.append({
            "subject": {"label": _label(site, f.subject), "href": entity_href(site, f.subject, up)},
            "predicate": f.predicate,
            "object": obj,
            "confidence": f.confidence,
            "evidence": evidence,
        })
    return rows


def index_page(site: SiteData, *, top: int = 200, assets: Assets | None = None) -> str:
    """``index.html``: every entity (search, type, counts, dates), every article, the overview link."""
    entities = []
    for e in site.entities.values():
        aliases = [a for a in e.aliases if a != e.label]
        entities.append({
            "label": e.label, "href": entity_href(site, e.iri), "type": e.type,
            "aliases": ", ".join(aliases), "evidence": e.evidence, "facts": e.facts,
            "articles": e.articles, "seen": _seen(e.first_seen, e.last_seen),
            "search": " ".join([e.label, *aliases, e.type]).lower(),
        })
    articles = [{"title": a.display_title, "href": article_href(site, a.iri), "published": a.published[:10],
                 "source": a.source, "entities": a.entities} for a in site.articles.values()]
    counts = {
        "entities": len(entities), "articles": len(articles),
        # A fact is listed under its subject and its object: count it once, under its subject.
        "facts": sum(1 for iri, fs in site.facts_by_entity.items() for f in fs if f.subject == iri),
        "overview": min(top, len(entities)),
    }
    return render_page("index.html.j2", _assets(assets, _ROOT), page_title="kg: entities",
                       heading="kg knowledge graph", nav=[], entities=entities, articles=articles,
                       counts=counts, overview_href=OVERVIEW)


def overview_page(site: SiteData, *, top: int = 200, assets: Assets | None = None) -> str:
    """``overview.html``: the top ``top`` entities by PageRank, linked to their pages."""
    return network_html(site.graph, top=top, title="kg: overview", assets=_assets(assets, _ROOT),
                        links=_links(site, _ROOT), nav=_nav(_ROOT), scores=site.pagerank)


def entity_page(site: SiteData, iri: str, *, depth: int = 2, top: int = 200,
                assets: Assets | None = None) -> str:
    """``entity/<slug>.html``: the neighbourhood (``depth`` 1 or 2) and the entity's facts.

    The network keeps at most ``min(top, ENTITY_PAGE_NODES)`` nodes.
    """
    e = site.entities[iri]
    facts = site.facts_by_entity.get(iri, ())
    mentioned_in = [{"title": site.articles[a].display_title, "href": article_href(site, a, _SUB),
                     "published": site.articles[a].published[:10]}
                    for a in site.articles_by_entity.get(iri, ()) if a in site.articles]
    about = {
        "iri": e.iri, "type": e.type, "aliases": [a for a in e.aliases if a != e.label],
        "qid": e.qid, "qid_href": f"https://www.wikidata.org/wiki/{e.qid}" if _is_qid(e.qid) else "",
        "evidence": e.evidence, "articles": e.articles, "first_seen": e.first_seen,
        "last_seen": e.last_seen,
    }
    return network_html(
        site.graph, entity=iri, depth=depth, top=min(top, ENTITY_PAGE_NODES), title=e.label,
        assets=_assets(assets, _SUB), links=_links(site, _SUB), template="entity.html.j2",
        nav=_nav(_SUB), about=about, facts=_facts(site, facts[:_FACTS_PER_PAGE], _SUB),
        mentioned_in=mentioned_in, scores=site.pagerank,
    )


def _is_qid(text: str) -> bool:
    return len(text) > 1 and text[0] == "Q" and text[1:].isdigit() and text[1] != "0"


def article_page(site: SiteData, body: ArticleBody, *, assets: Assets | None = None) -> str:
    """``article/<slug>.html``: the text with linked mentions (displaCy) and the facts read from it."""
    info = body.info
    spans = [(m.start, m.end, m.label, entity_href(site, m.entity, _SUB), _label(site, m.entity))
             for m in body.mentions]
    counts = Counter(m.entity for m in body.mentions)
    entities = [{"label": _label(site, iri), "href": entity_href(site, iri, _SUB), "count": n}
                for iri, n in sorted(counts.items(), key=lambda kv: (-kv[1], _label(site, kv[0]).casefold()))]
    article = {"published": info.published, "source": info.source, "url": info.url,
               "url_href": safe_url(info.url), "id": info.id}
    return render_page(
        "article.html.j2", _assets(assets, _SUB), page_title=info.display_title,
        heading=info.display_title, nav=_nav(_SUB), article=article,
        # highlight_html escapes the text (displaCy) and everything it adds (kg).
        text_html=Markup(highlight_html(body.text, spans)),
        mentions_count=len(body.mentions), entities=entities,
        facts=_facts(site, site.facts_by_article.get(info.iri, ()), _SUB),
    )
