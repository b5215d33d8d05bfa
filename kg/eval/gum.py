"""Score entity linking and coreference on GUM news documents (Wikified, coreference-annotated).

Each ``.conllu`` file of GUM (Zeldes 2017) holds one Wikinews article with a CorefUD-style
entity layer: every mention of every entity, nested, with its type and, for entities that have
a Wikipedia article, the title (``identity``), which ``coref/wiki_map.tab`` maps to a Wikidata
QID. :func:`evaluate` rebuilds the article text from the ``# text =`` lines (one paragraph per
``# newpar``, as GUM's own ``text/`` files do), runs the extractor ``kg build`` runs, and scores:

* **linking**, document level: the set of QIDs of the entities kg finds in the article against
  the set of QIDs of the gold person, organization and place entities; micro P/R/F1 over the
  documents;
* **coreference**: the clusters kg forms — mentions linked to the same entity IRI — against the
  gold entities of type person, organization and place, with MUC, B³, CEAF-e and their average
  (the CoNLL score). A predicted mention matches a gold mention when their syntactic heads (by
  the gold dependency tree) are the same token, as in the CorefUD scorer's head-match mode.
  Two gold mention sets are scored: ``named`` (mentions headed by a proper noun: what kg tries
  to find) and ``all`` (pronouns and common-noun phrases too). Singletons count.

Examples
--------
>>> m = parse_entity_field("(21-abstract-new-nnnnn-cf9-1,2-sgl(22-person-new-ssnsn-cf5-1,2-coref-Donald_Trump")
>>> [(x.kind, x.entity, x.etype, x.identity) for x in m]
[('open', '21', 'abstract', ''), ('open', '22', 'person', 'Donald_Trump')]
>>> [(x.kind, x.entity) for x in parse_entity_field("2)1)")]
[('close', '2'), ('close', '1')]
>>> s = coref_scores([[(1, 2, 3)]], [[(1, 2), (3,)]])
>>> round(s["muc"].recall, 3), round(s["muc"].precision, 3)
(0.5, 1.0)
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.eval.scoring import PRF
from kg.model import Article

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.model import ArticleGraph

__all__ = [
    "GoldMention",
    "GumDocument",
    "Ratio",
    "GumReport",
    "LINK_TYPES",
    "read_document",
    "read_wiki_map",
    "parse_entity_field",
    "gold_qids",
    "predicted_qids",
    "coref_scores",
    "evaluate",
]

LINK_TYPES = frozenset({"person", "organization", "place"})
"""GUM entity types whose Wikified mentions are scored (kg links people, organisations, places)."""

_ENTITY_ITEM = re.compile(r"\(([^()]+)(\))?|([^()]+)\)")


@dataclass(frozen=True)
class _EntityMark:
    kind: str  # "open" or "close"
    entity: str
    etype: str = ""
    link: str = ""
    identity: str = ""
    single: bool = False  # opened and closed on the same token


def parse_entity_field(value: str) -> list[_EntityMark]:
    """The mention openings and closings of one token's ``Entity=`` MISC value, in order.

    Opening fields are ``ID-etype-infstat-salience-centering-minspan-link-identity``; GUM
    percent-encodes hyphens and brackets inside the identity, so plain splitting is safe.
    """
    marks = []
    for m in _ENTITY_ITEM.finditer(value):
        if m.group(1) is not None:
            parts = m.group(1).split("-")
            if len(parts) < 2:
                continue
            identity = parts[7] if len(parts) > 7 else ""
            link = parts[6] if len(parts) > 6 else ""
            marks.append(_EntityMark("open", parts[0], parts[1], link, identity, single=bool(m.group(2))))
        else:
            marks.append(_EntityMark("close", m.group(3)))
    return marks


@dataclass(frozen=True)
class GoldMention:
    """One gold mention: entity id and type, token span (end exclusive), head token, Wikipedia title."""

    entity: str
    etype: str
    start: int
    end: int
    head: int
    identity: str = ""


@dataclass(frozen=True)
class GumDocument:
    """A GUM document: rebuilt text, tokens with character offsets and gold heads, gold mentions.

    ``offsets[i]`` is the (start, end) of word ``i`` in ``text``; ``heads[i]`` its gold
    syntactic head (-1 for the root); ``upos[i]`` its gold universal POS tag.
    """

    stem: str
    text: str
    title: str
    url: str
    published: str
    offsets: tuple[tuple[int, int], ...]
    heads: tuple[int, ...]
    upos: tuple[str, ...]
    mentions: tuple[GoldMention, ...]

    def article(self) -> Article:
        """The article kg reads: the rebuilt text, with the Wikinews URL, title and date."""
        return Article.from_text(self.text, title=self.title, url=self.url, published=self.published,
                                 source="Wikinews")

    def head_of(self, tokens: Sequence[int]) -> int:
        """The token of ``tokens`` whose gold head lies outside them (the first such one)."""
        inside = set(tokens)
        for i in tokens:
            if self.heads[i] not in inside:
                return i
        return tokens[0]

    def tokens_in(self, start: int, end: int) -> list[int]:
        """Indices of the words overlapping the character span ``[start, end)``."""
        return [i for i, (s, e) in enumerate(self.offsets) if s < end and e > start]


def read_wiki_map(path: str | Path) -> dict[str, str]:
    """GUM's ``wiki_map.tab``: Wikipedia title (as GUM writes identities) → Wikidata QID."""
    out: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the wiki map: {exc.strerror}", path=str(path)) from None
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3 or not cols[2].startswith("Q"):
            continue
        for title in cols[:2]:
            out.setdefault(title, cols[2])
            out.setdefault(urllib.parse.unquote(title), cols[2])
    return out


def read_document(path: str | Path) -> GumDocument:
    """Read one GUM ``.conllu`` file (raises :class:`~kg.errors.InputError` when malformed)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    meta: dict[str, str] = {}
    paragraphs: list[list[str]] = []
    offsets: list[tuple[int, int]] = []
    heads: list[int] = []
    upos: list[str] = []
    mentions: list[GoldMention] = []
    open_: dict[str, list[tuple[int, _EntityMark]]] = defaultdict(list)
    text_len = 0  # length of the text built so far
    sentence = ""
    sent_start = 0
    cursor = 0  # position inside the current sentence
    sent_base = 0  # index of the sentence's first word
    mwt_end = -1
    mwt_span = (0, 0)

    def close(entity: str, last: int, number: int) -> None:
        if not open_.get(entity):
            raise InputError(f"mention of entity {entity} closed but never opened", path=str(path), line=number)
        first, mark = open_[entity].pop()
        mentions.append(GoldMention(mark.entity, mark.etype, first, last + 1, -1, mark.identity))

    for number, line in enumerate(lines, 1):
        if line.startswith("# meta::"):
            key, _, value = line[len("# meta::"):].partition(" = ")
            meta[key.strip()] = value.strip()
        elif line.startswith("# newpar") and not line.startswith("# newpar_block"):
            paragraphs.append([])
        elif line.startswith("# text = "):
            if not paragraphs:
                paragraphs.append([])
            sentence = line[len("# text = "):]
            if paragraphs[-1]:
                text_len += 1  # the space between sentences of one paragraph
            elif any(paragraphs[:-1]):
                text_len += 2  # the blank line between paragraphs
            paragraphs[-1].append(sentence)
            sent_start, cursor, sent_base, mwt_end = text_len, 0, len(offsets), -1
            text_len += len(sentence)
        elif line and line[0].isdigit():
            cols = line.split("\t")
            if len(cols) != 10:
                raise InputError("a word line needs 10 columns", path=str(path), line=number)
            ident, form = cols[0], cols[1]
            if "." in ident:
                continue  # empty nodes of enhanced UD name no text
            if "-" in ident:  # a multiword token: its words share the surface form
                found = sentence.find(form, cursor)
                if found < 0:
                    raise InputError(f"word {form!r} is not in the sentence text", path=str(path), line=number)
                mwt_span = (found, found + len(form))
                mwt_end = int(ident.split("-")[1])
                cursor = found + len(form)
                continue
            n = int(ident)
            if n <= mwt_end:
                found = sentence.find(form, mwt_span[0], mwt_span[1])
                s, e = (found, found + len(form)) if found >= 0 else mwt_span
                if found >= 0:
                    mwt_span = (e, mwt_span[1])
            else:
                found = sentence.find(form, cursor)
                if found < 0:
                    raise InputError(f"word {form!r} is not in the sentence text", path=str(path), line=number)
                s, e = found, found + len(form)
                cursor = e
            i = len(offsets)
            offsets.append((sent_start + s, sent_start + e))
            head = int(cols[6]) if cols[6].isdigit() else 0
            heads.append(sent_base + head - 1 if head else -1)
            upos.append(cols[3])
            for attr in cols[9].split("|"):
                if not attr.startswith("Entity="):
                    continue
                for mark in parse_entity_field(attr[len("Entity="):]):
                    if mark.kind == "open":
                        open_[mark.entity].append((i, mark))
                        if mark.single:
                            close(mark.entity, i, number)
                    else:
                        close(mark.entity, i, number)
    text = "\n\n".join(" ".join(p) for p in paragraphs if p)
    if len(text) != text_len:
        raise InputError("could not rebuild the text from its '# text =' lines", path=str(path))
    if not offsets:
        raise InputError("no words: not a CoNLL-U file", path=str(path))
    doc = GumDocument(
        stem=path.stem,
        text=text,
        title=meta.get("title", ""),
        url=meta.get("sourceURL", ""),
        published=meta.get("dateCreated", ""),
        offsets=tuple(offsets),
        heads=tuple(heads),
        upos=tuple(upos),
        mentions=(),
    )
    with_heads = tuple(
        GoldMention(m.entity, m.etype, m.start, m.end, doc.head_of(range(m.start, m.end)), m.identity)
        for m in sorted(mentions, key=lambda m: (m.start, -m.end, m.entity))
    )
    return GumDocument(**{**doc.__dict__, "mentions": with_heads})


def gold_qids(doc: GumDocument, wiki: dict[str, str], *, types: Iterable[str] = LINK_TYPES) -> set[str]:
    """QIDs of the Wikified entities of ``types`` in ``doc`` (titles missing from ``wiki`` are skipped)."""
    wanted = set(types)
    out = set()
    for m in doc.mentions:
        if m.identity and m.etype in wanted:
            qid = wiki.get(m.identity) or wiki.get(urllib.parse.unquote(m.identity))
            if qid:
                out.add(qid)
    return out


def predicted_qids(graph: ArticleGraph) -> set[str]:
    """QIDs of the entities kg found in one article (their ``owl:sameAs`` to Wikidata)."""
    return {s[3:] for e in graph.entities for s in e.same_as if s.startswith("wd:")}


# -- coreference --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """Precision and recall as summed numerators and denominators (micro over documents)."""

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.p_num + other.p_num, self.p_den + other.p_den,
                     self.r_num + other.r_num, self.r_den + other.r_den)

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


Cluster = Sequence[object]


def _muc(key: list[set], response: list[set]) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0.0
    for c in key:
        parts = {where.get(m, ("alone", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num, den


def _b_cubed(key: list[set], response: list[set]) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = 0.0
    for c in key:
        overlap: dict[int, int] = defaultdict(int)
        for m in c:
            if m in where:
                overlap[where[m]] += 1
        num += sum(n * n for n in overlap.values()) / len(c)
    return num, float(sum(len(c) for c in key))


def _ceaf_e(key: list[set], response: list[set]) -> tuple[float, float, float]:
    """Best one-to-one alignment similarity, and the numbers of key and response entities."""
    if not key or not response:
        return 0.0, float(len(key)), float(len(response))
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    sim = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].sum()), float(len(key)), float(len(response))


def coref_scores(key: Iterable[Iterable[Cluster]], response: Iterable[Iterable[Cluster]]) -> dict[str, Ratio]:
    """MUC, B³ and CEAF-e of response clusters against key clusters, summed over documents.

    ``key`` and ``response`` hold, per document, a list of clusters of hashable mentions.
    Mentions of one side missing from the other are scored as the reference scorer of
    Pradhan et al. (2014) scores them: they lower precision or recall, never both.
    """
    total = {"muc": Ratio(), "bcub": Ratio(), "ceafe": Ratio()}
    for k_doc, r_doc in zip(key, response, strict=True):
        k = [set(c) for c in k_doc if c]
        r = [set(c) for c in r_doc if c]
        rn, rd = _muc(k, r)
        pn, pd = _muc(r, k)
        total["muc"] += Ratio(pn, pd, rn, rd)
        rn, rd = _b_cubed(k, r)
        pn, pd = _b_cubed(r, k)
        total["bcub"] += Ratio(pn, pd, rn, rd)
        sim, nk, nr = _ceaf_e(k, r)
        total["ceafe"] += Ratio(sim, nr, sim, nk)
    return total


def _gold_clusters(doc: GumDocument, *, named: bool) -> list[list[int]]:
    by_entity: dict[str, set[int]] = defaultdict(set)
    for m in doc.mentions:
        if m.etype not in LINK_TYPES or (named and doc.upos[m.head] != "PROPN"):
            continue
        by_entity[m.entity].add(m.head)
    # A head shared by two gold entities (rare nesting) is kept with the first one only.
    seen: set[int] = set()
    out = []
    for ent in sorted(by_entity, key=lambda e: min(by_entity[e])):
        heads = sorted(by_entity[ent] - seen)
        seen.update(heads)
        if heads:
            out.append(heads)
    return out


def _response_clusters(doc: GumDocument, graph: ArticleGraph) -> list[list[int]]:
    by_iri: dict[str, set[int]] = defaultdict(set)
    seen: set[int] = set()
    for mention, iri in sorted(graph.mentions, key=lambda t: (t[0].start, t[0].end)):
        tokens = doc.tokens_in(mention.start, mention.end)
        if not tokens:
            continue
        head = doc.head_of(tokens)
        if head not in seen:
            seen.add(head)
            by_iri[iri].add(head)
    return [sorted(c) for c in by_iri.values()]


# -- the whole evaluation -----------------------------------------------------------------------


@dataclass
class GumReport:
    """Linking P/R/F1, coreference scores, and what was predicted per document."""

    linking: PRF = field(default_factory=PRF)
    coref: dict[str, dict[str, Ratio]] = field(default_factory=dict)
    documents: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        coref = {}
        for mode, scores in self.coref.items():
            coref[mode] = {name: r.as_dict() for name, r in scores.items()}
            coref[mode]["conll_f1"] = round(sum(r.f1 for r in scores.values()) / 3, 4)
        return {"documents": len(self.documents), "linking": self.linking.as_dict(), "coreference": coref}

    def lines(self) -> list[str]:
        """The report the CLI prints."""
        p = self.linking
        out = [
            f"documents: {len(self.documents)}",
            f"linking (document QID sets): P {p.precision:.3f}  R {p.recall:.3f}  F1 {p.f1:.3f}  "
            f"(tp {p.tp}, fp {p.fp}, fn {p.fn})",
        ]
        for mode, scores in self.coref.items():
            conll = sum(r.f1 for r in scores.values()) / 3
            parts = "  ".join(f"{name.upper()} P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}"
                              for name, r in scores.items())
            out.append(f"coreference ({mode} mentions, head match): {parts}  CoNLL F1 {conll:.3f}")
        return out


def evaluate(
    paths: Iterable[str | Path],
    *,
    wiki_map: str | Path,
    settings: Settings,
    on_document: Callable[[dict[str, object]], None] | None = None,
) -> GumReport:
    """Run kg's extractor on GUM documents and score linking and coreference.

    Parameters
    ----------
    paths : iterable of path
        GUM ``.conllu`` files.
    wiki_map : path
        GUM's ``coref/wiki_map.tab`` (Wikipedia title → QID).
    settings : Settings
        The settings ``kg build`` would use (model, gazetteer).
    on_document : callable, optional
        Called with ``{"doc": stem, "qids": [...]}`` for each document, in input order.
    """
    from kg.build import extract_articles

    wiki = read_wiki_map(wiki_map)
    docs = [read_document(p) for p in paths]
    report = GumReport()
    keys: dict[str, list] = {"named": [], "all": []}
    responses: list[list[list[int]]] = []
    for doc, graph in zip(docs, extract_articles((d.article() for d in docs), settings), strict=True):
        predicted = predicted_qids(graph)
        gold = gold_qids(doc, wiki)
        report.linking += PRF.of(predicted, gold)
        record: dict[str, object] = {"doc": doc.stem, "qids": sorted(predicted, key=lambda q: int(q[1:]))}
        report.documents.append({**record, "gold": sorted(gold, key=lambda q: int(q[1:]))})
        if on_document is not None:
            on_document(record)
        for mode in keys:
            keys[mode].append(_gold_clusters(doc, named=mode == "named"))
        responses.append(_response_clusters(doc, graph))
    report.coref = {mode: coref_scores(k, responses) for mode, k in keys.items()}
    return report

