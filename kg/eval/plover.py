"""Score the event facts of the extractor on the PLOVER gold-standard records.

The gold (``../shared/data/plover_gsr/``) is the CAMEO manual's example sentences re-coded into
PLOVER 0.5b1 by the Open Event Data Alliance: one JSON array whose records (after a
``DOCUMENT`` header) each hold one sentence, one event type, and the source and target actors
(``actorText`` and a code: an ISO 3166 alpha-3 country, ``IGO`` …). For each record we run the
extractor ``kg build`` runs on its text and keep the facts whose predicate is a PLOVER event
(:data:`kg.extract.events.PLOVER_TYPE`), grouped by type.

Figures:

* **event type**: per record, the set of predicted types against the gold type; micro
  precision/recall/F1 over records, and per type;
* **actors**, on the records whose type was found: whether a predicted source names a gold
  source, whether a predicted target names a gold target (records with a gold target), and a
  strict *type + actors* P/R/F1 in which a predicted type counts only when its source and
  (where the gold has one) its target also match.

An actor matches when the names share their head word ("Barack Obama" / "President Obama") or
the country codes agree: the gold codes actors by country ("Israeli police" is ISR), and a
country, a city or a leader in our graph has one (Israel, Jerusalem and Benjamin Netanyahu are
ISR). Reciprocal events (``SRC/TAR``: "A and B agreed") have no target in the gold; for them, and
for our symmetric predicates, the two sides may be matched either way round.

Examples
--------
>>> a = Actor("Benjamin Netanyahu", "ISR")
>>> a.matches(GoldActor("Israeli Prime Minister Netanyahu", "ISR")), a.matches(GoldActor("Israeli army", "ISR"))
(True, True)
>>> Actor("United States", "USA").matches(GoldActor("United Nations", "IGO"))
False
>>> gold = GoldRecord("r1", "DEMAND", "…", (GoldActor("Hungary", "HUN"),), (GoldActor("Romania", "ROU"),))
>>> pred = [Event("DEMAND", (Actor("Hungary", "HUN"),), (Actor("Romania", "ROU"),)),
...         Event("AGREE", (Actor("Hungary", "HUN"),), (Actor("Romania", "ROU"),))]
>>> s = score([gold], [pred])
>>> (s.types.tp, s.types.fp, s.types.fn), s.strict.tp, s.source_found, s.target_found
((1, 1, 0), 1, 1, 1)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.eval.scoring import PRF
from kg.extract.events import PLOVER_TYPE

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.link.gazetteer import Gazetteer
    from kg.model import ArticleGraph, Entity

__all__ = [
    "GoldActor",
    "GoldRecord",
    "Actor",
    "Event",
    "PloverScore",
    "GOLD_NAME",
    "SYMMETRIC_TYPES",
    "load_gold",
    "events_of",
    "predict",
    "score",
    "evaluate",
]

GOLD_NAME = {"REQUEST": "DEMAND"}
"""Our PLOVER type names (PLOVER 0.8+) that the 0.5b1-coded gold spells differently."""

SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "FIGHT"})
"""Types whose two sides we do not orient (our symmetric predicates)."""

# Words that say nothing about who an actor is: titles, collectives, determiners.
_WEAK = {"the", "a", "an", "of", "and", "in", "'s", "’s", "president", "minister", "prime", "foreign",
         "government", "officials", "official", "forces", "army", "police", "leaders", "leader", "state"}
_WORD = re.compile(r"[\w.'’-]+")


def _words(text: str) -> list[str]:
    return [w.strip(".'’").lower() for w in _WORD.findall(text) if w.strip(".'’")]


@dataclass(frozen=True)
class GoldActor:
    """An actor of a gold record: its text in the sentence and its PLOVER code."""

    text: str
    code: str = ""


@dataclass(frozen=True)
class GoldRecord:
    """One coded sentence: ``event`` is the PLOVER 0.5b1 type name (AGREE, DEMAND, FIGHT …)."""

    id: str
    event: str
    text: str
    source: tuple[GoldActor, ...] = ()
    target: tuple[GoldActor, ...] = ()


@dataclass(frozen=True)
class Actor:
    """A predicted actor: the entity's name (and aliases) and its country code, if any."""

    name: str
    code: str = ""
    aliases: tuple[str, ...] = ()

    def matches(self, gold: GoldActor) -> bool:
        """Same country code, or the head word of one of our names is in the gold actor's text."""
        if self.code and gold.code == self.code:
            return True
        gold_words = set(_words(gold.text))
        for name in (self.name, *self.aliases):
            words = [w for w in _words(name) if w not in _WEAK]
            if words and words[-1] in gold_words:
                return True
        return False


@dataclass(frozen=True)
class Event:
    """The predicted events of one type in one sentence: all their sources and targets."""

    type: str
    source: tuple[Actor, ...] = ()
    target: tuple[Actor, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"type": self.type, "source": [a.name for a in self.source], "target": [a.name for a in self.target]}


@dataclass(frozen=True)
class PloverScore:
    """Event-type and actor figures over a set of records (see the module docstring)."""

    records: int
    types: PRF
    per_type: dict[str, PRF] = field(default_factory=dict)
    strict: PRF = PRF()
    type_found: int = 0  # records whose gold type was predicted
    source_found: int = 0  # … of which a predicted source matches a gold source
    with_target: int = 0  # … of which the gold names a target
    target_found: int = 0  # … of which a predicted target matches a gold target

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "event_type": self.types.as_dict(),
            "per_type": {t: s.as_dict() for t, s in sorted(self.per_type.items())},
            "actors": {
                "type_found": self.type_found,
                "source_match": round(self.source_found / self.type_found, 4) if self.type_found else 0.0,
                "target_match": round(self.target_found / self.with_target, 4) if self.with_target else 0.0,
                "source_found": self.source_found,
                "with_target": self.with_target,
                "target_found": self.target_found,
            },
            "type_and_actors": self.strict.as_dict(),
        }

    def lines(self) -> list[str]:
        """The report ``kg eval plover`` prints."""
        d = self.as_dict()
        a = d["actors"]

        def prf(s: PRF) -> str:
            return f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  (tp {s.tp}, fp {s.fp}, fn {s.fn})"

        out = [f"records: {self.records}", f"event type:        {prf(self.types)}",
               f"type + actors:     {prf(self.strict)}",
               f"actors (of {a['type_found']} records with the type found): "
               f"source {a['source_found']}/{a['type_found']} ({a['source_match']:.3f}), "
               f"target {a['target_found']}/{a['with_target']} ({a['target_match']:.3f})",
               "per type:"]
        for name, s in sorted(self.per_type.items()):
            out.append(f"  {name:<12} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
                       f"(tp {s.tp}, fp {s.fp}, fn {s.fn})")
        return out


def _actors(value: Any) -> tuple[GoldActor, ...]:
    if not isinstance(value, list):
        return ()  # "" or a stray string ("diplomatic") where a list belongs
    return tuple(GoldActor(str(a.get("actorText", "")), str(a.get("code", ""))) for a in value if isinstance(a, dict))


def load_gold(path: str | Path) -> list[GoldRecord]:
    """Read a PLOVER gold file: every record except the ``DOCUMENT`` header, in file order.

    Raises :class:`~kg.errors.InputError` when the file is missing or not a PLOVER JSON array.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read PLOVER gold: {exc}", path=str(path)) from None
    if not isinstance(data, list):
        raise InputError("PLOVER gold must be a JSON array of records", path=str(path))
    records = []
    for n, r in enumerate(data):
        if not isinstance(r, dict) or "event" not in r or "text" not in r and r.get("event") != "DOCUMENT":
            raise InputError(f"record {n} is not a PLOVER record (needs event and text)", path=str(path))
        if r["event"] == "DOCUMENT":
            continue
        records.append(GoldRecord(str(r.get("id", n)), r["event"], r["text"], _actors(r.get("source")),
                                  _actors(r.get("target"))))
    return records


def _country_code(entity: Entity, gazetteer: Gazetteer | None, settings: Settings) -> str:
    """ISO alpha-3 code of a country or city, of the country a known leader leads, or of a group's
    nationality ("Afghan rebels")."""
    if gazetteer is None or not entity.iri.startswith(settings.entity_ns):
        return ""
    entry = gazetteer.by_key(entity.iri[len(settings.entity_ns):])
    if entry is None:  # a group ("Afghan rebels"): the country of its nationality
        nationality = next((v for k, v in entity.attributes if k == "nationality"), "")
        entry = gazetteer.demonym(nationality) if nationality else None
        return entry.country if entry is not None and entry.type == "Country" else ""
    if entry.country:
        return entry.country
    for role in entry.roles:
        if (of := gazetteer.by_key(role.of)) is not None and of.type == "Country":
            return of.country
    return ""


def events_of(graph: ArticleGraph, *, settings: Settings, gazetteer: Gazetteer | None = None) -> list[Event]:
    """The event facts of one article graph, one :class:`Event` per gold-named type."""
    sources: dict[str, dict[str, Actor]] = {}
    targets: dict[str, dict[str, Actor]] = {}

    def actor(e: Entity) -> Actor:
        return Actor(e.name, _country_code(e, gazetteer, settings), e.aliases)

    for fact in graph.facts:
        plover = PLOVER_TYPE.get(fact.predicate)
        if plover is None or not hasattr(fact.object, "iri"):
            continue
        type_ = GOLD_NAME.get(plover, plover)
        sources.setdefault(type_, {})[fact.subject.iri] = actor(fact.subject)
        targets.setdefault(type_, {})[fact.object.iri] = actor(fact.object)
    return [Event(t, tuple(sources[t].values()), tuple(targets[t].values())) for t in sorted(sources)]


def predict(records: Sequence[GoldRecord], settings: Settings) -> list[list[Event]]:
    """Run the ``kg build`` extractor (model, gazetteer ruler, all extractors) on each record."""
    from kg.build import extract_articles
    from kg.link.gazetteer import Gazetteer
    from kg.model import Article

    gazetteer = Gazetteer.load()
    articles = (Article(id=r.id, text=r.text) for r in records)
    return [events_of(g, settings=settings, gazetteer=gazetteer) for g in extract_articles(articles, settings)]


def _any_match(predicted: Iterable[Actor], gold: Iterable[GoldActor]) -> bool:
    gold = tuple(gold)
    return any(p.matches(g) for p in predicted for g in gold)


def score(gold: Sequence[GoldRecord], predicted: Sequence[Sequence[Event]]) -> PloverScore:
    """Score predicted events against gold records (same order, one list of events per record)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold records but {len(predicted)} predictions")
    types = strict = PRF()
    per_type: dict[str, PRF] = {}
    type_found = source_found = with_target = target_found = 0
    for record, events in zip(gold, predicted):
        by_type = {e.type: e for e in events}
        unit = PRF.of(by_type, {record.event})
        types += unit
        for t in {*by_type, record.event}:
            per_type[t] = per_type.get(t, PRF()) + PRF.of({t} & set(by_type), {t} & {record.event})
        event = by_type.get(record.event)
        ok = False
        if event is not None:
            type_found += 1
            either = record.event in SYMMETRIC_TYPES or not record.target
            gold_sources = record.source + record.target if either else record.source
            gold_targets = record.source + record.target if either else record.target
            sides = event.source + event.target if either else event.source
            src_ok = _any_match(sides, gold_sources)
            source_found += src_ok
            tgt_ok = True
            if record.target:
                with_target += 1
                tgt_ok = _any_match(event.source + event.target if either else event.target, gold_targets)
                target_found += tgt_ok
            ok = src_ok and tgt_ok
        strict += PRF(int(ok), len(by_type) - int(ok), 1 - int(ok))
    return PloverScore(len(gold), types, per_type, strict, type_found, source_found, with_target, target_found)


def evaluate(path: str | Path, settings: Settings, *, predictions: str | Path | None = None) -> PloverScore:
    """Score the extractor on the gold file ``path``; optionally write one JSON line per record.

    Each line of ``predictions`` is ``{"id": …, "events": [{"type", "source", "target"}, …]}``,
    in gold order, with the gold's type names and our entities' names as actors.
    """
    from kg.fileio import write_atomic

    gold = load_gold(path)
    predicted = predict(gold, settings)
    if predictions is not None:
        lines = (json.dumps({"id": r.id, "events": [e.as_json() for e in ev]}, ensure_ascii=False)
                 for r, ev in zip(gold, predicted))
        write_atomic(predictions, "".join(line + "\n" for line in lines))
    return score(gold, predicted)
