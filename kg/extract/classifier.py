"""Two small learned models of the extractor: a relation classifier and an entity typer.

**Relation classifier**: hashed features of an entity pair → a calibrated probability.

Every pair of entity mentions in a sentence whose types fit a relation's signature is a
candidate; the signature decides which relation (a person and an organisation can only be
``worksFor``, two places only ``locatedIn``), so one binary logistic regression scores them all,
each feature conjoined with the candidate relation:

======================  =====================  ==================
head → tail             relation (predicate)   CoNLL04 name
======================  =====================  ==================
Person → Organization   ``worksFor``           Work_For
Person → Person         ``killed``             Kill
Organization → place    ``basedIn``            OrgBased_In
Person → place          ``livesIn``            Live_In
place → place           ``locatedIn``          Located_In
======================  =====================  ==================

Features are words and dependency paths between the two mentions, their order, distance,
types and context, and which of the hand-written patterns of :mod:`kg.extract.relations` fired
for the pair, so the classifier also tells how far to trust a pattern in its context. They are
hashed (CRC-32) into ``2**bits`` weights; the shipped model keeps only the non-zero ones.
Scores are calibrated with Platt scaling fitted on out-of-fold scores of the training data, so
``confidence`` reads as the probability that the relation holds.

**Entity typer** (:func:`retype`): the same kind of model, one weight set per class of
:data:`ENTITY_CLASSES`, over the words, shapes and context of an entity's mentions; it corrects
the NER's person/organisation/place type of entities the gazetteer does not link.

Both are trained on CoNLL04 train and tuned on dev by ``kg train`` (:mod:`kg.extract.training`)
and shipped in ``kg/extract/models/``.

Examples
--------
>>> relation_for("heads", "Person", "Organization"), relation_for("presidentOf", "Person", "Country")
('worksFor', None)
>>> relation_for("capitalOf", "City", "Country"), relation_for("said", "Person", "Organization")
('locatedIn', None)
>>> m = LinearModel.from_weights({"worksFor|bias": 2.0}, bits=8, platt=(1.0, 0.0), threshold=0.5)
>>> round(m.probability("worksFor", ["bias"]), 3), m.probability("livesIn", ["bias"])
(0.881, 0.5)
"""

from __future__ import annotations

import functools
import json
import math
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.extract.entities import EntityIndex

__all__ = [
    "COARSE_TYPE",
    "SIGNATURES",
    "RELATIONAL_PREDICATES",
    "CONLL04_NAME",
    "DEFAULT_PATH",
    "Candidate",
    "relation_for",
    "candidates",
    "pair_features",
    "DocMemo",
    "negated",
    "lowest_common_ancestor",
    "feature_indices",
    "load_model",
    "load_typer",
    "LinearModel",
    "ENTITY_CLASSES",
    "FINE_TYPE",
    "TYPER_PATH",
    "mention_features",
    "retype",
]

COARSE_TYPE = {
    "Person": "Peop",
    "Organization": "Org",
    "NewsMediaOrganization": "Org",
    "Country": "Loc",
    "City": "Loc",
    "AdministrativeArea": "Loc",
    "Place": "Loc",
}
"""Our schema.org types → the coarse types relation signatures are written in."""

SIGNATURES = {
    ("Peop", "Org"): "worksFor",
    ("Peop", "Peop"): "killed",
    ("Org", "Loc"): "basedIn",
    ("Peop", "Loc"): "livesIn",
    ("Loc", "Loc"): "locatedIn",
}
"""(head, tail) coarse types → the one relation the classifier decides for such a pair."""

RELATIONAL_PREDICATES = {
    "worksFor": "worksFor", "heads": "worksFor", "spokespersonFor": "worksFor", "memberOf": "worksFor",
    "livesIn": "livesIn", "basedIn": "basedIn", "locatedIn": "locatedIn", "capitalOf": "locatedIn",
    "killed": "killed",
}
"""Pattern predicates that imply a signature relation when their pair has its types: heading an
organisation is working for it, a capital is located in its country. A person's office in a
place (``presidentOf``, ``headOfStateOf``, a mayor's ``heads``, a minister's ``worksFor`` a
country) implies none: CoNLL04 marks Live_In for one such fact in 26 in its training data."""

CONLL04_NAME = {
    "worksFor": "Work_For",
    "killed": "Kill",
    "basedIn": "OrgBased_In",
    "livesIn": "Live_In",
    "locatedIn": "Located_In",
}
"""Signature relations → their CoNLL04 names (the training labels)."""

DEFAULT_PATH = Path(__file__).parent / "models" / "relations.npz"
TYPER_PATH = Path(__file__).parent / "models" / "entity_types.npz"

_DIST_BUCKETS = (0, 1, 2, 3, 4, 5, 7, 10, 15, 20)
_MAX_BETWEEN_WORDS = 12


def relation_for(predicate: str, head_type: str, tail_type: str) -> str | None:
    """The signature relation a pattern fact ``head —predicate→ tail`` is an instance of, or None."""
    rel = SIGNATURES.get((COARSE_TYPE.get(head_type, ""), COARSE_TYPE.get(tail_type, "")))
    return rel if rel is not None and RELATIONAL_PREDICATES.get(predicate) == rel else None


@dataclass(frozen=True)
class Candidate:
    """A pair of mentions (token offsets, end exclusive) of two entities in one sentence."""

    head: tuple[int, int]
    tail: tuple[int, int]
    head_type: str  # schema.org type
    tail_type: str
    relation: str
    head_iri: str = ""
    tail_iri: str = ""


def candidates(doc: Doc, mentions: Sequence[tuple[int, int, str, str]],
               memo: DocMemo | None = None) -> Iterator[Candidate]:
    """Ordered mention pairs of one sentence whose types fit a signature.

    ``mentions`` are ``(start, end, type, iri)`` in token offsets; two mentions of one entity
    never pair up, nor do mentions in different sentences. ``memo``: the Doc's :class:`DocMemo`,
    if the caller has one (it knows every token's sentence).
    """
    memo = memo if memo is not None and memo.doc is doc else DocMemo(doc)
    by_sentence: dict[int, list[tuple[int, int, str, str]]] = {}
    for m in mentions:
        by_sentence.setdefault(memo.sentence(m[0])[0], []).append(m)
    for group in by_sentence.values():
        for h in group:
            for t in group:
                if h[3] == t[3] or h[:2] == t[:2]:
                    continue
                rel = SIGNATURES.get((COARSE_TYPE.get(h[2], ""), COARSE_TYPE.get(t[2], "")))
                if rel is not None:
                    yield Candidate(h[:2], t[:2], h[2], t[2], rel, h[3], t[3])


def _bucket(n: int) -> int:
    return max(b for b in _DIST_BUCKETS if b <= n)


def _root(doc: Doc, start: int, end: int) -> Token:
    return doc[start:end].root


def _word(tok: Token) -> str:
    if tok.like_num:
        return "<num>"
    return tok.lemma_.lower() or tok.lower_


class DocMemo:
    """What the pair features of one Doc ask for again and again, computed once per token.

    Each token's feature word, dependency label and chain of ancestors, each mention's root,
    each token's sentence bounds: a sentence with ten mentions has ninety candidate pairs, and
    spaCy builds a new Python string or Span on every attribute access.
    """

    __slots__ = ("doc", "_words", "_deps", "_up", "_roots", "_bounds", "_negated")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._words: dict[int, str] = {}
        self._deps: dict[int, str] = {}
        self._up: dict[int, list[Token]] = {}
        self._roots: dict[tuple[int, int], Token] = {}
        self._bounds: list[tuple[int, int]] | None = None
        self._negated: dict[int, bool] = {}

    def word(self, i: int) -> str:
        """:func:`_word` of token ``i``."""
        w = self._words.get(i)
        if w is None:
            w = self._words[i] = _word(self.doc[i])
        return w

    def dep(self, tok: Token) -> str:
        d = self._deps.get(tok.i)
        if d is None:
            d = self._deps[tok.i] = tok.dep_
        return d

    def root(self, start: int, end: int) -> Token:
        r = self._roots.get((start, end))
        if r is None:
            r = self._roots[(start, end)] = _root(self.doc, start, end)
        return r

    def up(self, tok: Token) -> list[Token]:
        """``tok`` and its ancestors, nearest first."""
        chain = self._up.get(tok.i)
        if chain is None:
            chain = self._up[tok.i] = [tok, *tok.ancestors]
        return chain

    def negated(self, tok: Token) -> bool:
        """:func:`negated` of ``tok`` (the pairs of a sentence mostly meet at one word)."""
        n = self._negated.get(tok.i)
        if n is None:
            n = self._negated[tok.i] = negated(tok)
        return n

    def sentence(self, i: int) -> tuple[int, int]:
        """Start and end (token offsets) of the sentence of token ``i``."""
        if self._bounds is None:
            self._bounds = [(0, 0)] * len(self.doc)
            for sent in self.doc.sents:
                for k in range(sent.start, sent.end):
                    self._bounds[k] = (sent.start, sent.end)
        return self._bounds[i]


def _path(a: Token, b: Token, memo: DocMemo | None = None) -> tuple[list[Token], Token, list[Token]] | None:
    """Tokens climbing from ``a`` to the lowest common ancestor, the ancestor, and those down to ``b``."""
    up = memo.up(a) if memo else [a, *a.ancestors]
    down = memo.up(b) if memo else [b, *b.ancestors]
    where = {t.i: k for k, t in enumerate(down)}
    for k, t in enumerate(up):
        if t.i in where:
            return up[:k], t, down[: where[t.i]]
    return None


def negated(token: Token) -> bool:
    """True when ``token`` (the word joining a pair) is negated: "Oswald did not kill Smith"."""
    return any(c.dep_ == "neg" for c in token.children)


def lowest_common_ancestor(doc: Doc, cand: Candidate) -> Token | None:
    """The token where the dependency paths from the pair's two mentions meet (None across sentences)."""
    path = _path(_root(doc, *cand.head), _root(doc, *cand.tail))
    return path[1] if path else None


def pair_features(doc: Doc, cand: Candidate, others: Sequence[tuple[int, int, str]] = (),
                  patterns: Iterable[str] = (), memo: DocMemo | None = None) -> list[str]:
    """Feature strings of a candidate pair.

    Parameters
    ----------
    doc : Doc
        The parsed document.
    cand : Candidate
        The pair.
    others : sequence of (start, end, coarse type)
        Every entity mention of the sentence (the pair's own included), for "what lies between".
    patterns : iterable of str
        Predicates the hand-written patterns found for this pair of entities.
    memo : DocMemo, optional
        Shared by the pairs of one Doc (faster; the features are the same).
    """
    memo = memo if memo is not None and memo.doc is doc else DocMemo(doc)
    word, dep = memo.word, memo.dep
    (hs, he), (ts, te) = cand.head, cand.tail
    feats = ["bias", f"types:{cand.head_type}>{cand.tail_type}"]
    order = "ht" if hs < ts else "th"
    left, right = (he, ts) if hs < ts else (te, hs)
    gap = max(0, right - left)
    feats += [f"order:{order}", f"dist:{order}:{_bucket(gap)}"]
    ents_between = [o for o in others if left <= o[0] and o[1] <= right]
    feats.append(f"nents:{min(len(ents_between), 3)}")
    feats += [f"entb:{o[2]}" for o in ents_between]
    if gap <= _MAX_BETWEEN_WORDS:
        words = [word(i) for i in range(left, right)]
        feats += [f"bw:{w}" for w in words]
        feats += [f"bb:{a}_{b}" for a, b in zip(words, words[1:])]
        if gap <= 4:
            feats.append(f"bs:{order}:{' '.join(words)}")
    else:
        feats += [f"bwfar:{word(t.i)}" for t in doc[left:right] if t.pos_ in ("VERB", "NOUN", "ADP")]
    first_start, last_end = min(hs, ts), max(he, te)
    sent_start, sent_end = memo.sentence(first_start)[0], memo.sentence(last_end - 1)[1]
    for k, name in ((1, "l1"), (2, "l2")):
        i = first_start - k
        feats.append(f"{name}:{order}:{word(i) if i >= sent_start else '<s>'}")
    for k, name in ((0, "r1"), (1, "r2")):
        i = last_end + k
        feats.append(f"{name}:{order}:{word(i) if i < sent_end else '</s>'}")
    feats.append(f"hlast:{doc[he - 1].lower_}")
    feats.append(f"tlast:{doc[te - 1].lower_}")
    hr, tr = memo.root(hs, he), memo.root(ts, te)
    hdep, tdep = dep(hr), dep(tr)
    feats += [f"hdep:{hdep}", f"tdep:{tdep}", f"hgov:{word(hr.head.i)}", f"tgov:{word(tr.head.i)}",
              f"deps:{hdep}|{tdep}"]
    path = _path(hr, tr, memo)
    if path is None:
        feats.append("path:none")
    else:
        up, lca, down = path
        steps = [f"↑{dep(t)}" for t in up] + [f"↓{dep(t)}" for t in reversed(down)]
        lca_word = word(lca.i)
        feats.append(f"plen:{min(len(steps), 8)}")
        feats.append(f"lca:{lca_word}")
        feats.append(f"lcapos:{lca.pos_}")
        if memo.negated(lca):
            feats += ["neg", f"neg:{lca_word}"]
        if len(steps) <= 6:
            feats.append(f"path:{' '.join(steps)}")
            feats.append(f"lpath:{' '.join(steps[: len(up)])} {lca_word} {' '.join(steps[len(up):])}")
        inner = [t.i for t in up[1:]] + [lca.i] + [t.i for t in down[1:]]
        inner = [i for i in inner if not (hs <= i < he or ts <= i < te)]
        feats += [f"pw:{word(i)}" for i in inner]
        if len(steps) <= 4:
            feats.append("pwords:" + " ".join(word(i) for i in inner))
    feats += [f"pattern:{p}" for p in sorted(set(patterns))]
    return feats


def _hash(text: str, mask: int) -> int:
    return zlib.crc32(text.encode("utf-8")) & mask


def feature_indices(relation: str, features: Iterable[str], bits: int) -> np.ndarray:
    """Hashed weight indices of ``features`` conjoined with ``relation`` (duplicates kept).

    The index of ``f`` is the CRC-32 of ``"relation|f"``, computed from the CRC of the prefix.

    >>> int(feature_indices("worksFor", ["bias"], 18)[0]) == _hash("worksFor|bias", (1 << 18) - 1)
    True
    """
    mask = (1 << bits) - 1
    crc, prefix = zlib.crc32, zlib.crc32(f"{relation}|".encode("utf-8"))
    return np.fromiter((crc(f.encode("utf-8"), prefix) & mask for f in features), dtype=np.int64)


class _Weights(dict):
    """A :class:`LinearModel`'s weight of each feature string of one class, hashed on first use."""

    __slots__ = ("model", "relation")

    def __init__(self, model: LinearModel, relation: str) -> None:
        super().__init__()
        self.model, self.relation = model, relation

    def __missing__(self, feature: str) -> float:
        m = self.model
        w = self[feature] = float(m.weights[feature_indices(self.relation, (feature,), m.bits)[0]])
        return w


@dataclass(frozen=True)
class LinearModel:
    """Hashed linear weights, Platt calibration and a decision threshold.

    The relation model scores one class per candidate (its signature relation); the entity
    typer scores each of :data:`ENTITY_CLASSES` and its threshold is the margin a new type
    must win by.

    ``weights`` is dense (``2**bits`` floats) in memory; :meth:`save` stores only the non-zero
    entries. ``meta`` records how the model was trained (data, options, dev scores).
    """

    weights: np.ndarray
    bits: int
    platt: tuple[float, float] = (1.0, 0.0)
    threshold: float = 0.5
    meta: dict = field(default_factory=dict, compare=False)
    # feature weight per (class, feature string), filled as features are met: hashing each
    # feature on every use was a third of the relation step (names and words repeat a lot)
    _memo: dict[str, _Weights] = field(default_factory=dict, compare=False, repr=False)

    MEMO_SIZE = 200_000
    """Features remembered per class before the memo starts afresh (a bound on its memory)."""

    @classmethod
    def from_weights(cls, named: dict[str, float], *, bits: int = 18, platt: tuple[float, float] = (1.0, 0.0),
                     threshold: float = 0.5, meta: dict | None = None) -> LinearModel:
        """A model from ``{"relation|feature": weight}`` (for tests and examples)."""
        w = np.zeros(1 << bits, dtype=np.float32)
        for key, value in named.items():
            w[_hash(key, (1 << bits) - 1)] += value
        return cls(w, bits, platt, threshold, dict(meta or {}))

    def score(self, relation: str, features: Iterable[str]) -> float:
        """The uncalibrated score (log-odds) of ``relation`` given ``features``.

        >>> m = LinearModel.from_weights({"livesIn|w:in": 1.5, "livesIn|bias": -0.5}, bits=8)
        >>> m.score("livesIn", ["bias", "w:in", "w:in", "w:of"]) == 2.5 + float(m.weights[_hash("livesIn|w:of", 255)])
        True
        """
        memo = self._memo.get(relation)
        if memo is None or len(memo) > self.MEMO_SIZE:
            memo = self._memo[relation] = _Weights(self, relation)
        return sum(map(memo.__getitem__, features), 0.0)

    def calibrate(self, score: float) -> float:
        """``sigmoid(a·score + b)`` with Platt's ``(a, b)``."""
        a, b = self.platt
        z = a * score + b
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def probability(self, relation: str, features: Iterable[str]) -> float:
        """Calibrated probability that ``relation`` holds for the pair described by ``features``."""
        return self.calibrate(self.score(relation, features))

    def pattern_precision(self, extractor: str) -> float:
        """How often facts of a pattern family (``relations.role:head`` → ``relations.role``) were
        right in training (smoothed), or 0 when the model does not know the family."""
        return float(self.meta.get("pattern_precision", {}).get(extractor.split(":")[0], 0.0))

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        nz = np.flatnonzero(self.weights).astype(np.int32)
        meta = {**self.meta, "bits": self.bits, "platt": list(self.platt), "threshold": self.threshold}
        with path.open("wb") as handle:
            np.savez_compressed(handle, index=nz, weight=self.weights[nz].astype(np.float32),
                                meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8))
        return path

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                meta = json.loads(data["meta"].tobytes().decode("utf-8"))
                w = np.zeros(1 << int(meta["bits"]), dtype=np.float32)
                w[data["index"]] = data["weight"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load relation model {path}: {exc} (run `kg train` to rebuild it)") from None
        platt = tuple(float(x) for x in meta["platt"])
        return cls(w, int(meta["bits"]), (platt[0], platt[1]), float(meta["threshold"]), meta)


@functools.lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LinearModel:
    """The relation model at ``path`` (default: the one shipped with kg), loaded once."""
    return LinearModel.load(path or DEFAULT_PATH)


@functools.lru_cache(maxsize=4)
def load_typer(path: str | None = None) -> LinearModel:
    """The entity typer at ``path`` (default: the one shipped with kg), loaded once."""
    return LinearModel.load(path or TYPER_PATH)


# -- entity typing ---------------------------------------------------------------------------------

ENTITY_CLASSES = ("Peop", "Org", "Loc", "None")
"""What the entity typer tells apart: a person, an organisation, a place, or none of them."""

FINE_TYPE = {"Peop": "Person", "Org": "Organization", "Loc": "Place"}
"""The schema.org type a retyped entity gets."""


def _shape(text: str) -> str:
    out: list[str] = []
    for c in text:
        k = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if len(out) < 2 or out[-1] != k or out[-2] != k:
            out.append(k)
    return "".join(out)


def mention_features(doc: Doc, start: int, end: int, type_: str) -> list[str]:
    """Feature strings of one entity mention ``doc[start:end]`` currently typed ``type_``.

    The words and shapes of the name, its last word's suffix, the NER label, the words around
    it and its place in the parse: "Cetin said" is a person, "Brian Michaud of Millinocket"
    makes Millinocket a place, "Sun Hung Kai Properties" is a company.
    """
    span = doc[start:end]
    words = [t.lower_ for t in span]
    feats = ["bias", f"cur:{COARSE_TYPE.get(type_, 'None')}", f"label:{doc[start].ent_type_ or 'O'}",
             f"first:{words[0]}", f"last:{words[-1]}", f"suf:{words[-1][-3:]}", f"len:{min(len(words), 4)}"]
    feats += [f"w:{w}" for w in words]
    feats += [f"shape:{_shape(t.text)}" for t in span]
    before = [doc[i].lower_ if i >= 0 else "<s>" for i in (start - 1, start - 2)]
    after = [doc[i].lower_ if i < len(doc) else "</s>" for i in (end, end + 1)]
    feats += [f"p1:{before[0]}", f"p2:{before[1]}", f"n1:{after[0]}", f"n2:{after[1]}", f"p1n1:{before[0]}|{after[0]}"]
    root = span.root
    gov = _word(root.head)
    feats += [f"dep:{root.dep_}", f"gov:{gov}", f"depgov:{root.dep_}|{gov}"]
    feats += [f"child:{c.dep_}:{_word(c)}" for c in root.children if not start <= c.i < end][:6]
    return feats


def retype(doc: Doc, index: EntityIndex, model: LinearModel) -> dict[str, str]:
    """Correct the types of ``index``'s unlinked entities where the typer is confident.

    Each entity's mentions vote (mean one-vs-rest probabilities); an entity changes type when
    another of person/organisation/place beats its current type by more than the model's
    margin (``model.threshold``). Entities the gazetteer linked keep their type. Returns
    ``{iri: new type}``; ``index.entities`` is updated in place.
    """
    from kg.extract.entities import feature_name, org_worded

    votes: dict[str, list[list[float]]] = {}
    for span, iri in index.spans:
        entity = index.entities[iri]
        if index.linked(entity) or entity.type not in COARSE_TYPE:
            continue
        feats = mention_features(doc, span.start, span.end, entity.type)
        votes.setdefault(iri, []).append([model.probability(c, feats) for c in ENTITY_CLASSES])
    changed: dict[str, str] = {}
    for iri, probs in votes.items():
        entity = index.entities[iri]
        p = [sum(column) / len(probs) for column in zip(*probs)]  # numpy's mean costs more on three numbers
        best = ENTITY_CLASSES[max(range(len(p)), key=p.__getitem__)]
        current = COARSE_TYPE[entity.type]
        lead = p[ENTITY_CLASSES.index(best)] - p[ENTITY_CLASSES.index(current)]
        if best == "Peop" and org_worded(entity.name):
            continue  # "Oberlin College" reads like "Oberlin Smith" to the typer
        if best != "Loc" and feature_name(entity.name):
            continue  # "Dan Sai District", "Custer National Forest"
        if best in FINE_TYPE and best != current and lead > model.threshold:
            index.entities[iri] = replace(entity, type=FINE_TYPE[best])
            changed[iri] = FINE_TYPE[best]
    return changed
