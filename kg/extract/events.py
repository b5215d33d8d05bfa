"""Geopolitical events (PLOVER family) between actors, from a verb and noun lexicon over the parse.

"Russia attacked Ukraine" → ``Russia —assaults→ Ukraine``; "talks between U.S. President Donald
Trump and European counterparts" → ``Donald Trump —consultWith→ …`` when both sides are named;
"Trump … his criticism of NATO" → ``Donald Trump —criticizes→ NATO``. Negated verbs yield
nothing. Each predicate maps to one PLOVER event type (:data:`PLOVER_TYPE`).

Examples
--------
>>> EVENT_VERBS["condemn"], PLOVER_TYPE["criticizes"]
('criticizes', 'DISAPPROVE')
>>> EVENT_NOUNS["talks"]
'consultWith'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.coref import resolve_pronoun
from kg.extract.evidence import sentence_evidence
from kg.model import Fact

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.extract.entities import EntityIndex
    from kg.model import Article, Entity

__all__ = ["events", "EVENT_VERBS", "EVENT_NOUNS", "PLOVER_TYPE"]

PLOVER_TYPE = {
    "agreeWith": "AGREE",
    "consultWith": "CONSULT",
    "supports": "SUPPORT",
    "cooperatesWith": "COOPERATE",
    "aids": "AID",
    "demandsFrom": "REQUEST",
    "criticizes": "DISAPPROVE",
    "accuses": "DISAPPROVE",
    "rejects": "REJECT",
    "threatens": "THREATEN",
    "protestsAgainst": "PROTEST",
    "sanctions": "SANCTION",
    "mobilizesAgainst": "MOBILIZE",
    "coerces": "COERCE",
    "assaults": "ASSAULT",
    "fights": "ASSAULT",
}

EVENT_VERBS = {
    # AGREE
    "agree": "agreeWith", "sign": "agreeWith", "accept": "agreeWith", "ratify": "agreeWith",
    # CONSULT
    "meet": "consultWith", "visit": "consultWith", "host": "consultWith", "consult": "consultWith",
    "talk": "consultWith", "discuss": "consultWith", "phone": "consultWith", "negotiate": "consultWith",
    # SUPPORT
    "support": "supports", "back": "supports", "endorse": "supports", "praise": "supports",
    "welcome": "supports", "defend": "supports", "commend": "supports", "applaud": "supports",
    # COOPERATE
    "cooperate": "cooperatesWith", "collaborate": "cooperatesWith", "ally": "cooperatesWith",
    "partner": "cooperatesWith",
    # AID
    "aid": "aids", "help": "aids", "assist": "aids", "fund": "aids", "arm": "aids", "supply": "aids",
    "rescue": "aids",
    # REQUEST
    "demand": "demandsFrom", "urge": "demandsFrom", "request": "demandsFrom", "appeal": "demandsFrom",
    "press": "demandsFrom", "call": "demandsFrom",
    # DISAPPROVE
    "criticize": "criticizes", "criticise": "criticizes", "condemn": "criticizes", "denounce": "criticizes",
    "blame": "accuses", "accuse": "accuses", "rebuke": "criticizes", "slam": "criticizes",
    "censure": "criticizes", "deplore": "criticizes", "chide": "criticizes", "dismiss": "criticizes",
    # REJECT
    "reject": "rejects", "refuse": "rejects", "veto": "rejects", "rebuff": "rejects", "snub": "rejects",
    # THREATEN
    "threaten": "threatens", "warn": "threatens",
    # PROTEST
    "protest": "protestsAgainst", "boycott": "protestsAgainst",
    # SANCTION
    "sanction": "sanctions", "embargo": "sanctions", "expel": "sanctions", "suspend": "sanctions",
    "ban": "sanctions",
    # MOBILIZE
    "mobilize": "mobilizesAgainst", "mobilise": "mobilizesAgainst", "deploy": "mobilizesAgainst",
    # COERCE
    "arrest": "coerces", "detain": "coerces", "seize": "coerces", "raid": "coerces", "deport": "coerces",
    "blockade": "coerces", "jail": "coerces",
    # ASSAULT
    "attack": "assaults", "bomb": "assaults", "shell": "assaults", "invade": "assaults", "strike": "assaults",
    "fire": "assaults", "shoot": "assaults", "kill": "assaults", "fight": "fights", "clash": "fights",
}

EVENT_NOUNS = {
    "talks": "consultWith", "talk": "consultWith", "meeting": "consultWith", "summit": "consultWith",
    "negotiations": "consultWith", "visit": "consultWith", "call": "consultWith",
    "agreement": "agreeWith", "deal": "agreeWith", "accord": "agreeWith", "treaty": "agreeWith",
    "criticism": "criticizes", "condemnation": "criticizes", "rebuke": "criticizes",
    "support": "supports", "backing": "supports",
    "aid": "aids", "assistance": "aids",
    "sanctions": "sanctions", "sanction": "sanctions", "embargo": "sanctions",
    "attack": "assaults", "attacks": "assaults", "invasion": "assaults", "strike": "assaults",
    "strikes": "assaults", "bombing": "assaults", "war": "fights",
    "threat": "threatens", "threats": "threatens",
    "cooperation": "cooperatesWith", "alliance": "cooperatesWith",
    "demand": "demandsFrom", "demands": "demandsFrom",
    "rejection": "rejects", "protest": "protestsAgainst", "protests": "protestsAgainst",
}
_SYMMETRIC = {"consultWith", "agreeWith", "cooperatesWith", "fights"}
_TARGET_PREPS = {"with", "on", "against", "to", "at", "for", "from", "of", "into"}
_NOUN_TARGET_PREPS = {"of", "on", "against", "with", "to", "for", "between", "into"}


def _ents(token: Token, index: EntityIndex) -> list[Entity]:
    """Entities named by ``token`` or its conjuncts; personal pronouns resolved."""
    out: list[Entity] = []
    for t in (token, *token.conjuncts):
        e = index.in_subtree(t) or resolve_pronoun(t, index)
        if e is not None and e.type != "NewsMediaOrganization":
            out.append(e)
    return out


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _verb_events(tok: Token, index: EntityIndex) -> list[tuple[Entity, str, Entity, float]]:
    predicate = EVENT_VERBS.get(tok.lemma_.lower())
    if predicate is None or tok.pos_ != "VERB" or _negated(tok):
        return []
    sources: list[Entity] = []
    targets: list[Entity] = []
    for child in tok.children:
        if child.dep_ == "nsubj":
            sources += _ents(child, index)
        elif child.dep_ in ("dobj", "nsubjpass", "dative"):
            targets += _ents(child, index)
        elif child.dep_ == "agent":
            sources += [e for p in child.children for e in _ents(p, index)]
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            targets += [e for p in child.children if p.dep_ == "pobj" for e in _ents(p, index)]
    if not sources and tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.pos_ == "VERB":
        sources = [e for c in tok.head.children if c.dep_ == "nsubj" for e in _ents(c, index)]
    return [(s, predicate, t, 0.6) for s in sources for t in targets]


def _noun_events(tok: Token, index: EntityIndex) -> list[tuple[Entity, str, Entity, float]]:
    predicate = EVENT_NOUNS.get(tok.lower_) or EVENT_NOUNS.get(tok.lemma_.lower())
    if predicate is None or tok.pos_ != "NOUN":
        return []
    sources: list[Entity] = []
    targets: list[Entity] = []
    for child in tok.children:
        if child.dep_ == "poss":
            sources += _ents(child, index)
        elif child.dep_ == "prep" and child.lower_ in _NOUN_TARGET_PREPS:
            objs = [e for p in child.children if p.dep_ == "pobj" for e in _ents(p, index)]
            if child.lower_ == "between" and len(objs) >= 2:
                sources.append(objs[0])
                targets += objs[1:]
            elif child.lower_ == "by":
                sources += objs
            else:
                targets += objs
        elif child.dep_ in ("compound", "amod", "nmod") and (e := index.in_subtree(child)):
            sources.append(e)  # "U.S. sanctions on Iran"
    return [(s, predicate, t, 0.5) for s in sources for t in targets]


def events(doc: Doc, *, article: Article, index: EntityIndex) -> Iterator[Fact]:
    """PLOVER-style event facts between named actors in ``doc``."""
    seen: set[tuple[str, str, str, int]] = set()
    for tok in doc:
        if tok.lemma_.lower() not in EVENT_VERBS and tok.lower_ not in EVENT_NOUNS and tok.lemma_ not in EVENT_NOUNS:
            continue
        found = _verb_events(tok, index) if tok.pos_ == "VERB" else _noun_events(tok, index)
        for source, predicate, target, confidence in found:
            if source.iri == target.iri:
                continue
            if predicate in _SYMMETRIC and source.iri > target.iri:
                source, target = target, source
            key = (source.iri, predicate, target.iri, tok.sent.start)
            if key in seen:
                continue
            seen.add(key)
            ev = sentence_evidence(tok.sent, article_id=article.id, extractor=f"events.{tok.lemma_.lower()}",
                                   confidence=confidence)
            yield Fact(source, predicate, target, ev)
