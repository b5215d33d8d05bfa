"""Train the entity typer and the relation classifier (:mod:`kg.extract.classifier`) on CoNLL04.

This is what ``kg train`` runs. The recipe is deterministic given the data and the spaCy model:

1. parse every training sentence from its gold tokens and run kg's own entity extractor on it,
   exactly as ``kg build`` would;
2. **entity typer**: every mention of an entity the gazetteer did not link is an example,
   labelled with the type of the gold entity it matches or overlaps (Peop, Org, Loc, or None);
   one-vs-rest logistic regressions; the margin a new type must win by is chosen on dev;
3. the training sentences are retyped out-of-fold (each fifth by a typer trained on the other
   four), so the relation classifier learns from types as good as they will be on new text;
4. **relation classifier**: every candidate pair of kg's entity mentions is an example, positive
   when CoNLL04 has that relation between exactly those spans (strict, as scored); an
   L2-regularised logistic regression on the hashed features, fitted by L-BFGS;
5. calibration: Platt scaling fitted on 5-fold out-of-fold scores of the training data; and the
   share of each pattern family's facts that were right in training, a floor for the confidence
   of that family's facts;
6. on dev only: the regularisation strength and decision threshold with the best strict relation
   F1 of the whole extractor (patterns + classifier).

Test data is never read. Each model records its options, data digests and dev scores in ``meta``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kg.errors import InputError
from kg.extract.classifier import (
    COARSE_TYPE,
    CONLL04_NAME,
    ENTITY_CLASSES,
    LinearModel,
    feature_indices,
    mention_features,
    retype,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.config import Settings
    from kg.eval.conll04 import GoldSentence, Report
    from kg.extract.entities import EntityIndex
    from kg.model import Article, Entity

__all__ = [
    "Sentence",
    "parse",
    "prepare",
    "design",
    "fit_logistic",
    "fit_platt",
    "pattern_precision",
    "train_typer",
    "train_relations",
    "dev_report",
    "train",
    "TrainResult",
    "FOLDS",
    "C_GRID",
    "DEFAULT_C",
    "THRESHOLDS",
    "MARGINS",
]

FOLDS = 5
C_GRID = (0.1, 0.3, 1.0)
DEFAULT_C = 0.3
TYPER_C = 0.3
THRESHOLDS = tuple(round(0.1 + 0.05 * k, 2) for k in range(15))  # 0.10 … 0.80
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.6)


@dataclass
class Sentence:
    """One parsed gold sentence with kg's entities (as extracted, and after retyping) and its
    relation candidates."""

    gold: GoldSentence
    doc: Doc
    article: Article
    index: EntityIndex
    extracted: dict[str, Entity] = field(default_factory=dict)  # the entities before retyping
    table: list = field(default_factory=list)  # (Candidate, features, pair key)

    def gold_spans(self) -> dict[tuple[int, int], tuple[int, int] | None]:
        """Our mention spans (doc tokens) → their gold-token spans under CoNLL04's conventions."""
        from kg.eval.conll04 import conll_spans

        doc, ents = self.doc, self.index.entities
        ours = [(span.start, span.end, COARSE_TYPE[ents[iri].type]) for span, iri in self.index.spans
                if ents[iri].type in COARSE_TYPE]
        chars = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), t) for s, e, t in ours]
        return dict(zip(((s, e) for s, e, _ in ours), conll_spans(self.gold.tokens, chars)))

    def labels(self) -> list[int]:
        """1 where CoNLL04 has the candidate's relation between exactly its two spans."""
        mapped = self.gold_spans()
        out = []
        for c, _, _ in self.table:
            h, t = mapped.get(c.head), mapped.get(c.tail)
            out.append(int(h is not None and t is not None and h != t
                           and (*h, *t, CONLL04_NAME[c.relation]) in self.gold.relations))
        return out

    def typer_rows(self) -> list[tuple[list[str], str]]:
        """(features, gold class) of each mention of an unlinked entity, as extracted."""
        self.restore()
        mapped = self.gold_spans()
        gold = {(s, e): t for s, e, t in self.gold.entities}
        rows = []
        for span, iri in self.index.spans:
            entity = self.index.entities[iri]
            if self.index.linked(entity) or entity.type not in COARSE_TYPE:
                continue
            g = mapped.get((span.start, span.end))
            label = gold.get(g) if g else None
            if label is None and g is not None:
                label = next((t for (s, e), t in gold.items() if s < g[1] and g[0] < e), None)
            label = label if label in ("Peop", "Org", "Loc") else "None"
            rows.append((mention_features(self.doc, span.start, span.end, entity.type), label))
        return rows

    def restore(self) -> None:
        """Back to the entity types the extractor gave."""
        self.index.entities.clear()
        self.index.entities.update(self.extracted)

    def retyped(self, typer: LinearModel | None) -> Sentence:
        """Apply ``typer`` to the extracted entities and rebuild the relation candidates."""
        from kg.extract.relations import candidate_table, pattern_facts

        self.restore()
        if typer is not None:
            retype(self.doc, self.index, typer)
        self.table = candidate_table(self.doc, self.index, self.article,
                                     pattern_facts(self.doc, self.index, self.article))
        return self


def parse(gold: Sequence[GoldSentence], settings: Settings) -> list[Doc]:
    """Parse gold sentences from their tokens with the pipeline ``kg build`` uses."""
    from kg.eval.conll04 import sentence_doc
    from kg.nlp import load_pipeline

    nlp = load_pipeline(settings.model)
    return list(nlp.pipe((sentence_doc(nlp, g.tokens) for g in gold), batch_size=settings.batch_size))


def prepare(gold: Sequence[GoldSentence], settings: Settings, *, name: str,
            docs: Sequence[Doc] | None = None) -> list[Sentence]:
    """Run kg's entity extractor on parsed gold sentences (parsing them first unless ``docs``
    are given); candidates are built by :meth:`Sentence.retyped`."""
    from kg.extract.entities import entities
    from kg.link.gazetteer import Gazetteer
    from kg.model import Article

    gaz = Gazetteer.load()
    out = []
    for i, (g, doc) in enumerate(zip(gold, docs if docs is not None else parse(gold, settings))):
        article = Article(id=f"{name}:{i}", text=doc.text)
        index = entities(doc, article_id=article.id, gazetteer=gaz, settings=settings)
        out.append(Sentence(g, doc, article, index, dict(index.entities)))
    return out


def design(rows: Sequence[tuple[str, Sequence[str]]], bits: int):
    """The sparse design matrix (CSR) of ``(class, features)`` rows, features hashed with the class."""
    from scipy import sparse

    cols = [feature_indices(c, feats, bits) for c, feats in rows]
    row_ids = np.concatenate([np.full(len(c), n) for n, c in enumerate(cols)]) if cols else np.zeros(0, int)
    col_ids = np.concatenate(cols) if cols else np.zeros(0, int)
    X = sparse.csr_matrix((np.ones(len(col_ids)), (row_ids, col_ids)), shape=(len(rows), 1 << bits))
    X.sum_duplicates()
    return X


def fit_logistic(X, y: np.ndarray, *, C: float, max_iter: int = 500) -> np.ndarray:
    """Weights minimising ``sum log(1 + exp(-y' Xw)) + ||w||² / (2C)`` (``y' = ±1``) by L-BFGS.

    >>> from scipy import sparse
    >>> X = sparse.csr_matrix(np.array([[1.0, 1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 0.0]]))
    >>> w = fit_logistic(X, np.array([1.0, 0.0, 1.0, 0.0]), C=10.0)
    >>> bool(w[1] > 1.0 and w[0] < 0.0)
    True
    """
    from scipy.optimize import minimize

    sign = 2.0 * y - 1.0
    Xt = X.T.tocsr()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = sign * (X @ w)
        value = np.logaddexp(0.0, -z).sum() + w @ w / (2.0 * C)
        grad = Xt @ (-sign * _sigmoid(-z)) + w / C
        return float(value), grad

    res = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B",
                   options={"maxiter": max_iter, "gtol": 1e-6})
    return res.x


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def fit_platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: ``(a, b)`` so that ``sigmoid(a·score + b)`` fits the labels (Platt's
    smoothed targets keep it from overfitting a few examples).

    >>> a, b = fit_platt(np.array([-2.0, -1.0, 1.0, 2.0, 3.0]), np.array([0.0, 0.0, 1.0, 1.0, 1.0]))
    >>> a > 0
    True
    """
    from scipy.optimize import minimize

    pos, neg = y.sum(), len(y) - y.sum()
    target = np.where(y > 0, (pos + 1) / (pos + 2), 1 / (neg + 2))

    def loss(ab: np.ndarray) -> tuple[float, np.ndarray]:
        z = ab[0] * scores + ab[1]
        value = np.logaddexp(0.0, z).sum() - (target * z).sum()
        g = _sigmoid(z) - target
        return float(value), np.array([(g * scores).sum(), g.sum()])

    res = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(res.x[0]), float(res.x[1])


def pattern_precision(sentences: Sequence[Sentence]) -> dict[str, float]:
    """Per pattern family (``relations.role``, ``relations.kill`` …), the share of its facts with a
    signature relation that CoNLL04 has between the same spans, smoothed as (right + 1) / (n + 2)."""
    from collections import Counter

    from kg.extract.classifier import relation_for
    from kg.extract.relations import pattern_facts

    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for s in sentences:
        mapped = s.gold_spans()
        spans: dict[str, list[tuple[int, int]]] = {}
        for span, iri in s.index.spans:
            if (g := mapped.get((span.start, span.end))) is not None:
                spans.setdefault(iri, []).append(g)
        for f in pattern_facts(s.doc, s.index, s.article):
            rel = relation_for(f.predicate, f.subject.type, f.object.type) if hasattr(f.object, "iri") else None
            if rel is None:
                continue
            family = f.evidence.extractor.split(":")[0]
            fired[family] += 1
            right[family] += any((*h, *t, CONLL04_NAME[rel]) in s.gold.relations
                                 for h in spans.get(f.subject.iri, ()) for t in spans.get(f.object.iri, ()))
    return {k: round((right[k] + 1) / (n + 2), 3) for k, n in sorted(fired.items())}


def _sparse_weights(w: np.ndarray) -> np.ndarray:
    w = w.astype(np.float32)
    w[np.abs(w) < 1e-4] = 0.0  # near-zero weights cost space and change no decision
    return w


def _fit_typer(sentences: Sequence[Sentence], bits: int, margin: float) -> LinearModel:
    rows = [r for s in sentences for r in s.typer_rows()]
    w = np.zeros(1 << bits)
    for cls in ENTITY_CLASSES:
        X = design([(cls, feats) for feats, _ in rows], bits)
        w += fit_logistic(X, np.array([float(label == cls) for _, label in rows]), C=TYPER_C)
    return LinearModel(_sparse_weights(w), bits, (1.0, 0.0), margin)


def _entity_report(sentences: Sequence[Sentence], typer: LinearModel | None) -> Report:
    from kg.eval.conll04 import predict, score
    from kg.model import ArticleGraph

    preds = []
    for s in sentences:
        s.restore()
        if typer is not None:
            retype(s.doc, s.index, typer)
        graph = ArticleGraph(s.article, list(s.index.entities.values()), s.index.mentions, [])
        preds.append(predict(s.doc, graph, s.gold.tokens))
    return score([s.gold for s in sentences], preds)


def train_typer(train_set: Sequence[Sentence], dev_set: Sequence[Sentence], *, bits: int = 18,
                log: Callable[[str], None] = lambda _: None) -> LinearModel:
    """Fit the entity typer on ``train_set``; pick its margin on ``dev_set`` (0.2 without one).

    Each class's weights are hashed with the class name, so one weight vector holds all four.
    """
    typer = _fit_typer(train_set, bits, 0.2)
    if not dev_set:
        return typer
    before = _entity_report(dev_set, None).entities.f1
    scored = [(_entity_report(dev_set, LinearModel(typer.weights, bits, (1.0, 0.0), m)).entities.f1, -m)
              for m in MARGINS]
    f1, neg_margin = max(scored)
    log(f"entity typer: dev entity F1 {before:.4f} → {f1:.4f} (margin {-neg_margin})")
    return LinearModel(typer.weights, bits, (1.0, 0.0), -neg_margin,
                       {"dev_entity_f1": {"before": round(before, 4), "after": round(f1, 4)}})


def dev_report(sentences: Sequence[Sentence], model: LinearModel, settings: Settings) -> Report:
    """Strict CoNLL04 scores of the whole relation extractor with ``model`` on prepared sentences
    (as last retyped)."""
    from kg.eval.conll04 import predict, score
    from kg.extract.relations import relations
    from kg.model import ArticleGraph

    preds = []
    for s in sentences:
        facts = [f for f in relations(s.doc, article=s.article, index=s.index, model=model)
                 if f.evidence.confidence >= settings.min_confidence]
        graph = ArticleGraph(s.article, list(s.index.entities.values()), s.index.mentions, facts)
        preds.append(predict(s.doc, graph, s.gold.tokens))
    return score([s.gold for s in sentences], preds)


def _relation_design(sentences: Sequence[Sentence], bits: int):
    rows, y, group = [], [], []
    for k, s in enumerate(sentences):
        for (cand, feats, _), label in zip(s.table, s.labels()):
            rows.append((cand.relation, feats))
            y.append(label)
            group.append(k)
    return design(rows, bits), np.array(y, dtype=np.float64), np.array(group)


def _out_of_fold(X, y: np.ndarray, group: np.ndarray, C: float) -> np.ndarray:
    scores = np.zeros(len(y))
    for k in range(FOLDS):
        held = group % FOLDS == k
        w = fit_logistic(X[~held], y[~held], C=C)
        scores[held] = X[held] @ w
    return scores


def train_relations(train_set: Sequence[Sentence], dev_set: Sequence[Sentence], settings: Settings, *,
                    bits: int = 18, grid: Sequence[float] = C_GRID, thresholds: Sequence[float] = THRESHOLDS,
                    log: Callable[[str], None] = lambda _: None) -> tuple[LinearModel, list[dict]]:
    """Fit the relation classifier on ``train_set`` (as last retyped), tuned on ``dev_set``.

    Without dev sentences, ``C`` is :data:`DEFAULT_C` and the threshold 0.5.
    """
    X, y, group = _relation_design(train_set, bits)
    log(f"relation classifier: {X.shape[0]} candidate pairs, {int(y.sum())} positive")
    if not y.any() or y.all():
        raise InputError(f"{X.shape[0]} candidate pairs, {int(y.sum())} of them gold relations: nothing to learn "
                         "from (is this CoNLL04 training data?)")
    priors = pattern_precision(train_set)
    log(f"pattern precision in training: {priors}")
    rows: list[dict] = []
    best: tuple[float, LinearModel, float] | None = None
    for C in grid if dev_set else (DEFAULT_C,):
        platt = fit_platt(_out_of_fold(X, y, group, C), y)
        w = _sparse_weights(fit_logistic(X, y, C=C))
        for t in thresholds if dev_set else (0.5,):
            model = LinearModel(w, bits, platt, t, {"pattern_precision": priors})
            f1 = dev_report(dev_set, model, settings).relations.f1 if dev_set else 0.0
            rows.append({"C": C, "threshold": t, "dev_f1": round(f1, 4)})
            if best is None or f1 > best[0]:
                best = (f1, model, C)
        log(f"  C={C}: best dev relation F1 so far {best[0]:.4f}")
    assert best is not None
    f1, model, C = best
    meta = {"C": C, "folds": FOLDS, "examples": int(X.shape[0]), "positives": int(y.sum()),
            "pattern_precision": priors}
    return LinearModel(model.weights, bits, model.platt, model.threshold, meta), rows


@dataclass(frozen=True)
class TrainResult:
    """The trained models and the dev figures behind their choices."""

    relations: LinearModel
    typer: LinearModel
    grid: list[dict]
    dev: Report | None
    seconds: float

    def save(self, folder: str | Path) -> tuple[Path, Path]:
        """Write ``relations.npz`` and ``entity_types.npz`` into ``folder``."""
        from kg.extract.classifier import DEFAULT_PATH, TYPER_PATH

        folder = Path(folder)
        return self.relations.save(folder / DEFAULT_PATH.name), self.typer.save(folder / TYPER_PATH.name)


def _digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def train(train_path: str | Path, settings: Settings, *, dev_path: str | Path | None = None, bits: int = 18,
          grid: Sequence[float] = C_GRID, log: Callable[[str], None] = lambda _: None,
          docs: tuple[Sequence[Doc], Sequence[Doc]] | None = None) -> TrainResult:
    """Train the entity typer and the relation classifier on ``train_path`` (CoNLL04 span JSON),
    tuned on ``dev_path``. ``docs`` may hold the already parsed (train, dev) sentences."""
    import spacy

    from kg.eval.conll04 import load_gold
    from kg.nlp import load_pipeline

    started = time.perf_counter()
    log(f"parsing {train_path}" + (f" and {dev_path}" if dev_path else ""))
    train_set = prepare(load_gold(train_path), settings, name="train", docs=docs[0] if docs else None)
    dev_set = prepare(load_gold(dev_path), settings, name="dev", docs=docs[1] if docs else None) if dev_path else []

    typer = train_typer(train_set, dev_set, bits=bits, log=log)
    for k in range(FOLDS):  # out-of-fold retyping of the training sentences
        fold_typer = _fit_typer([s for i, s in enumerate(train_set) if i % FOLDS != k], bits, typer.threshold)
        for s in train_set[k::FOLDS]:
            s.retyped(fold_typer)
    for s in dev_set:
        s.retyped(typer)
    relations, rows = train_relations(train_set, dev_set, settings, bits=bits, grid=grid, log=log)
    dev = dev_report(dev_set, relations, settings) if dev_set else None

    nlp = load_pipeline(settings.model)
    data = {
        "trained_on": {"path": Path(train_path).name, "sha256": _digest(train_path)},
        "tuned_on": {"path": Path(dev_path).name, "sha256": _digest(dev_path)} if dev_path else None,
        "spacy": spacy.__version__,
        "pipeline": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}",
    }
    relations = LinearModel(relations.weights, bits, relations.platt, relations.threshold, {
        **data, **relations.meta,
        "dev": {"relations": dev.relations.as_dict(), "entities": dev.entities.as_dict()} if dev else None,
    })
    typer = LinearModel(typer.weights, bits, typer.platt, typer.threshold, {**data, **typer.meta})
    return TrainResult(relations, typer, rows, dev, time.perf_counter() - started)
