"""Score the extractor on CoNLL04 (Roth & Yih 2004): entities and relations, strict micro P/R/F1.

Each gold sentence comes pre-tokenized; we build the ``Doc`` from its tokens, run the spaCy
pipeline and :func:`kg.extract.extract` on it (exactly what ``kg build`` runs on an article), and
map what comes out to the CoNLL04 scheme:

* entity types: Person → Peop; Organization, NewsMediaOrganization → Org; Country, City,
  AdministrativeArea, Place → Loc (we produce no Other);
* relations (:func:`conll_relation`): worksFor → Work_For, basedIn → OrgBased_In, locatedIn →
  Located_In, livesIn → Live_In, killed → Kill; a person who heads, speaks for or is a member of
  an organisation works for it (Work_For), a capital is located in its country (Located_In). A
  person's office in a place (presidentOf, a governor, a minister) maps to nothing: CoNLL04
  marks Live_In for one in 26 of them in its training data.

Spans are mapped to gold tokens under two conventions of CoNLL04's annotation that its training
data shows (:func:`conll_spans`): a person's honorific is part of the name, and "born in CITY ,
STATE" is one place. A relation counts only when both spans, both entity types and the relation
type match the gold. :class:`Report` adds a reliability table: relations binned by confidence,
with the precision observed in each bin.

Examples
--------
>>> conll_relation("heads", "Person", "Organization"), conll_relation("presidentOf", "Person", "Country")
('Work_For', None)
>>> conll_relation("livesIn", "Person", "City")
'Live_In'
>>> conll_relation("said", "Person", "Organization") is None
True
>>> g = GoldSentence.from_json({"tokens": ["DAYTON", ",", "Ohio"], "entities": [[0, 1, "Loc"], [2, 3, "Loc"]],
...                             "relations": [[0, 1, 2, 3, "Located_In"]]})
>>> p = Prediction(entities=((0, 1, "Loc"), (2, 3, "Org")), relations=((0, 1, 2, 3, "Located_In"),),
...                confidences=(0.9,))
>>> r = score([g], [p])
>>> r.entities.f1, r.relations.f1, r.relations_boundaries.f1
(0.5, 0.0, 1.0)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.eval.scoring import PRF
from kg.extract.classifier import CONLL04_NAME, COARSE_TYPE, relation_for
from kg.spans import nested

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.config import Settings
    from kg.model import ArticleGraph

__all__ = [
    "ENTITY_TYPES",
    "RELATION_TYPES",
    "RELATION_SIGNATURES",
    "CONLL_NAME",
    "GoldSentence",
    "Prediction",
    "Report",
    "ReliabilityBin",
    "conll_relation",
    "load_gold",
    "sentence_doc",
    "gold_span",
    "conll_spans",
    "HONORIFICS",
    "predict",
    "predict_all",
    "score",
    "evaluate",
]

ENTITY_TYPES = COARSE_TYPE
"""Our schema.org entity types → CoNLL04 entity types (Peop, Org, Loc)."""

RELATION_TYPES = ("Work_For", "Kill", "OrgBased_In", "Live_In", "Located_In")
RELATION_SIGNATURES = {
    "Work_For": ("Peop", "Org"),
    "Kill": ("Peop", "Peop"),
    "OrgBased_In": ("Org", "Loc"),
    "Live_In": ("Peop", "Loc"),
    "Located_In": ("Loc", "Loc"),
}
"""The fixed (head type, tail type) of each CoNLL04 relation."""

CONLL_NAME = CONLL04_NAME
"""Our relation predicates → CoNLL04 relation names."""


def conll_relation(predicate: str, head_type: str, tail_type: str) -> str | None:
    """The CoNLL04 relation a fact ``head —predicate→ tail`` stands for, or None.

    ``head_type`` and ``tail_type`` are our schema.org types; the pair's types decide the
    relation (:func:`kg.extract.classifier.relation_for`).
    """
    rel = relation_for(predicate, head_type, tail_type)
    return CONLL_NAME.get(rel) if rel else None


@dataclass(frozen=True)
class GoldSentence:
    """One CoNLL04 sentence: tokens, entity spans ``(start, end, type)``, relations
    ``(h_start, h_end, t_start, t_end, type)`` (token offsets, end exclusive)."""

    tokens: tuple[str, ...]
    entities: frozenset[tuple[int, int, str]]
    relations: frozenset[tuple[int, int, int, int, str]]

    @classmethod
    def from_json(cls, record: dict) -> GoldSentence:
        return cls(
            tuple(record["tokens"]),
            frozenset((int(s), int(e), str(t)) for s, e, t in record["entities"]),
            frozenset((int(a), int(b), int(c), int(d), str(t)) for a, b, c, d, t in record["relations"]),
        )


@dataclass(frozen=True)
class Prediction:
    """What the extractor found in one sentence, in CoNLL04 terms; ``confidences[i]`` is the
    confidence of ``relations[i]``."""

    entities: tuple[tuple[int, int, str], ...] = ()
    relations: tuple[tuple[int, int, int, int, str], ...] = ()
    confidences: tuple[float, ...] = ()

    def as_json(self) -> dict:
        return {"entities": [list(e) for e in self.entities], "relations": [list(r) for r in self.relations]}


@dataclass(frozen=True)
class ReliabilityBin:
    """Predicted relations whose confidence lies in ``[low, high)``, and how many were right."""

    low: float
    high: float
    predicted: int
    correct: int
    mean_confidence: float

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


@dataclass(frozen=True)
class Report:
    """Strict micro scores over a gold file (``relations_boundaries`` ignores entity types)."""

    sentences: int
    entities: PRF
    relations: PRF
    relations_boundaries: PRF
    per_entity_type: dict[str, PRF] = field(default_factory=dict)
    per_relation: dict[str, PRF] = field(default_factory=dict)
    reliability: tuple[ReliabilityBin, ...] = ()
    seconds: float = 0.0

    @property
    def entities_produced(self) -> PRF:
        """Entity scores over the types kg produces (Peop, Org, Loc): Other left out of the gold."""
        total = PRF()
        for t in ("Peop", "Org", "Loc"):
            total += self.per_entity_type.get(t, PRF())
        return total

    def as_dict(self) -> dict:
        return {
            "sentences": self.sentences,
            "entities": self.entities.as_dict(),
            "entities_produced": self.entities_produced.as_dict(),
            "relations": self.relations.as_dict(),
            "relations_boundaries": self.relations_boundaries.as_dict(),
            "per_entity_type": {k: v.as_dict() for k, v in self.per_entity_type.items()},
            "per_relation": {k: v.as_dict() for k, v in self.per_relation.items()},
            "reliability": [
                {"low": b.low, "high": b.high, "predicted": b.predicted, "correct": b.correct,
                 "precision": round(b.precision, 4), "mean_confidence": round(b.mean_confidence, 4)}
                for b in self.reliability
            ],
            "seconds": round(self.seconds, 2),
        }

    def lines(self) -> list[str]:
        """The report the CLI prints."""
        def row(name: str, s: PRF) -> str:
            return (f"{name:16} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
                    f"   (tp {s.tp}, fp {s.fp}, fn {s.fn})")

        out = [f"sentences: {self.sentences}", row("entities", self.entities)]
        out += [row(f"  {k}", v) for k, v in self.per_entity_type.items()]
        if self.per_entity_type:
            out.append(row("  Peop+Org+Loc", self.entities_produced))
        out.append(row("relations", self.relations))
        out += [row(f"  {k}", v) for k, v in self.per_relation.items()]
        out.append(row("rel. boundaries", self.relations_boundaries))
        if self.reliability:
            out.append("confidence      relations  mean conf.  precision")
            out += [f"  [{b.low:.1f}, {b.high:.1f})  {b.predicted:9d}  {b.mean_confidence:10.3f}  {b.precision:9.3f}"
                    for b in self.reliability if b.predicted]
        out.append(f"seconds: {self.seconds:.1f}")
        return out


def load_gold(path: str | Path) -> list[GoldSentence]:
    """Read a CoNLL04 span-format JSON file (a list of ``{tokens, entities, relations}``)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [GoldSentence.from_json(r) for r in data]
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not CoNLL04 span-format JSON ({exc.__class__.__name__}: {exc})") from None


def sentence_doc(nlp: Language, tokens: Sequence[str]) -> Doc:
    """An unparsed ``Doc`` of the gold tokens joined by single spaces.

    Each gold token is split further only where spaCy's own tokenizer splits it ("Texas." at
    the end of a sentence is "Texas" and "."; "Conn." stays whole), so the parser sees what it
    would see in ``kg build``; predictions are mapped back to whole gold tokens
    (:func:`gold_span`).

    >>> import spacy
    >>> [t.text for t in sentence_doc(spacy.blank("en"), ["He", "lives", "in", "Austin,", "Texas."])]
    ['He', 'lives', 'in', 'Austin', ',', 'Texas', '.']
    """
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    for k, token in enumerate(tokens):
        pieces = [t.text for t in nlp.tokenizer(token)] or [token]
        if "".join(pieces) != token:  # the tokenizer dropped or changed characters: keep the token whole
            pieces = [token]
        words += pieces
        spaces += [False] * (len(pieces) - 1) + [k < len(tokens) - 1]
    return Doc(nlp.vocab, words=words, spaces=spaces)


def gold_span(tokens: Sequence[str], start_char: int, end_char: int) -> tuple[int, int] | None:
    """The gold tokens ``[start, end)`` that characters ``[start_char, end_char)`` of
    ``" ".join(tokens)`` touch.

    >>> gold_span(["in", "Austin,", "Texas."], 10, 15)
    (2, 3)
    """
    first = last = None
    pos = 0
    for k, token in enumerate(tokens):
        end = pos + len(token)
        if end > start_char and pos < end_char:
            first = k if first is None else first
            last = k
        pos = end + 1
    return (first, last + 1) if first is not None else None


HONORIFICS = frozenset({"President", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss", "Dr.", "Rev.", "Prince",
                        "Princess"})
"""Titles CoNLL04 mostly counts as part of a person's name ("President Lincoln": 53 times in
train, against 22 left out); kg's mentions leave them out."""

_BORN_WINDOW = 4


def conll_spans(tokens: Sequence[str], mentions: Sequence[tuple[int, int, str]]) -> list[tuple[int, int] | None]:
    """Gold-token spans of mentions ``(start_char, end_char, CoNLL type)`` under CoNLL04's conventions.

    Two conventions of the annotation, both regular in the training data, are applied:

    * a person's span takes in a directly preceding honorific (:data:`HONORIFICS`);
    * "born in CITY , STATE" is one place (56 times in train, never two), so the two mentions map
      to one span.

    >>> toks = "Composer Thomas was born in Chisholm , Minn . , said President Lincoln".split()
    >>> conll_spans(toks, [(9, 15, "Peop"), (28, 36, "Loc"), (39, 43, "Loc"), (60, 67, "Peop")])
    [(1, 2), (5, 8), (5, 8), (11, 13)]
    """
    spans: list[tuple[int, int] | None] = []
    for start_char, end_char, type_ in mentions:
        span = gold_span(tokens, start_char, end_char)
        if span is not None and type_ == "Peop" and span[0] > 0 and tokens[span[0] - 1] in HONORIFICS:
            span = (span[0] - 1, span[1])
        spans.append(span)
    places = {s for s, m in zip(spans, mentions) if s is not None and m[2] == "Loc"}
    for first in sorted(places):
        second = next((s for s in places if s[0] == first[1] + 1), None)
        if (second is not None and first[1] < len(tokens) and tokens[first[1]] == ","
                and any(t.lower() == "born" for t in tokens[max(0, first[0] - _BORN_WINDOW):first[0]])):
            merged = (first[0], second[1])
            spans = [merged if s in (first, second) else s for s in spans]
    return spans


def predict(doc: Doc, graph: ArticleGraph, tokens: Sequence[str] | None = None) -> Prediction:
    """Map one sentence's extracted graph to CoNLL04 entity and relation tuples.

    ``tokens`` are the gold tokens (default: the tokens of ``doc``); spans follow CoNLL04's
    conventions (:func:`conll_spans`); a mention nested in another is left out, as CoNLL04
    annotates no nested entities. A fact between two entities named more than once in the
    sentence is placed on the closest pair of their mentions; two facts that map to the same
    CoNLL04 relation keep the higher confidence; a fact between two mentions that map to one
    span ("born in Lubbock , Texas") is dropped.
    """
    tokens = [t.text for t in doc] if tokens is None else tokens
    types = {e.iri: e.type for e in graph.entities}
    mentions = [(m, iri, ENTITY_TYPES.get(types.get(iri, ""))) for m, iri in graph.mentions]
    mentions = [(m, iri, c) for m, iri, c in mentions if c is not None]
    # CoNLL04 is flat: a mention kg nests inside another (the place in "University of Iowa",
    # kg.extract.entities._nested_places) is not a CoNLL04 entity; the outer name is.
    mentions = [(m, iri, c) for m, iri, c in mentions if not any(nested(m, o) for o, _, _ in mentions)]
    spans: dict[str, list[tuple[int, int]]] = {}
    entities: dict[tuple[int, int], str] = {}
    for (m, iri, conll), tspan in zip(mentions, conll_spans(tokens, [(m.start, m.end, c) for m, _, c in mentions])):
        if tspan is None:
            continue
        entities[tspan] = conll
        spans.setdefault(iri, []).append(tspan)
    best: dict[tuple[int, int, int, int, str], float] = {}
    for fact in graph.facts:
        obj = fact.object
        if not hasattr(obj, "iri"):
            continue
        rel = conll_relation(fact.predicate, fact.subject.type, obj.type)
        heads, tails = spans.get(fact.subject.iri, []), spans.get(obj.iri, [])
        if rel is None or not heads or not tails:
            continue
        h, t = min(((h, t) for h in heads for t in tails), key=lambda p: abs(p[0][0] - p[1][0]))
        if h == t:
            continue
        key = (h[0], h[1], t[0], t[1], rel)
        best[key] = max(best.get(key, 0.0), fact.evidence.confidence)
    rels = sorted(best)
    return Prediction(
        entities=tuple(sorted((s, e, t) for (s, e), t in entities.items())),
        relations=tuple(rels),
        confidences=tuple(best[r] for r in rels),
    )


def predict_all(sentences: Iterable[GoldSentence], settings: Settings, *, name: str = "conll04",
                gazetteer: bool = True) -> Iterator[Prediction]:
    """Parse and extract each sentence with the pipeline ``kg build`` uses; one prediction each."""
    from kg.extract import extract
    from kg.link.gazetteer import Gazetteer
    from kg.model import Article
    from kg.nlp import load_pipeline

    nlp = load_pipeline(settings.model, gazetteer=gazetteer)
    gaz = Gazetteer.load() if gazetteer else None
    sentences = list(sentences)
    docs = (sentence_doc(nlp, s.tokens) for s in sentences)
    for i, (gold, doc) in enumerate(zip(sentences, nlp.pipe(docs, batch_size=settings.batch_size))):
        article = Article(id=f"{name}:{i}", text=doc.text)
        yield predict(doc, extract(doc, article, settings=settings, gazetteer=gaz), gold.tokens)


def _reliability(confident: list[tuple[float, bool]], edges: Sequence[float]) -> tuple[ReliabilityBin, ...]:
    bins = []
    for low, high in zip(edges, edges[1:]):
        inside = [(c, ok) for c, ok in confident if low <= c < high or (high == edges[-1] and c == high)]
        mean = sum(c for c, _ in inside) / len(inside) if inside else 0.0
        bins.append(ReliabilityBin(low, high, len(inside), sum(ok for _, ok in inside), mean))
    return tuple(bins)


def score(gold: Sequence[GoldSentence], predicted: Sequence[Prediction], *,
          bins: Sequence[float] = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)) -> Report:
    """Strict micro P/R/F1 of ``predicted`` against ``gold`` (same order, same length)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold sentences")
    ents, rels, bounds = PRF(), PRF(), PRF()
    per_type = {t: PRF() for t in ("Peop", "Org", "Loc", "Other")}
    per_rel = {r: PRF() for r in RELATION_TYPES}
    confident: list[tuple[float, bool]] = []
    for g, p in zip(gold, predicted):
        ents += PRF.of(p.entities, g.entities)
        for t in per_type:
            per_type[t] += PRF.of((e for e in p.entities if e[2] == t), (e for e in g.entities if e[2] == t))
        # strict: the relation's two spans must also be gold entities of the signature's types
        p_ents = {(s, e): t for s, e, t in p.entities}
        g_ents = {(s, e): t for s, e, t in g.entities}

        def strict(rs: Iterable[tuple], ents: dict) -> set[tuple]:
            return {(*r, ents.get((r[0], r[1])), ents.get((r[2], r[3]))) for r in rs}

        p_rels, g_rels = strict(p.relations, p_ents), strict(g.relations, g_ents)
        rels += PRF.of(p_rels, g_rels)
        bounds += PRF.of(p.relations, g.relations)
        for r in per_rel:
            per_rel[r] += PRF.of((x for x in p_rels if x[4] == r), (x for x in g_rels if x[4] == r))
        for r, c in zip(p.relations, p.confidences):
            confident.append((c, (*r, p_ents.get((r[0], r[1])), p_ents.get((r[2], r[3]))) in g_rels))
    return Report(
        sentences=len(gold), entities=ents, relations=rels, relations_boundaries=bounds,
        per_entity_type=per_type, per_relation=per_rel, reliability=_reliability(confident, bins),
    )


def evaluate(path: str | Path, settings: Settings, *, predictions: str | Path | None = None) -> Report:
    """Run the extractor over a gold file and score it; optionally write the predictions as JSON
    lines (one per gold sentence, in gold order, CoNLL04 type names, token offsets)."""
    started = time.perf_counter()
    gold = load_gold(path)
    preds = list(predict_all(gold, settings, name=f"conll04:{Path(path).stem}"))
    if predictions is not None:
        from kg.fileio import write_atomic

        write_atomic(predictions, "".join(json.dumps(p.as_json()) + "\n" for p in preds))
    report = score(gold, preds)
    return Report(**{**report.__dict__, "seconds": time.perf_counter() - started})
