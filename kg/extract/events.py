"""Geopolitical events (PLOVER family) between actors, from a verb and noun lexicon over the parse.

"Russia attacked Ukraine" → ``Russia —assaults→ Ukraine``; "talks between U.S. President Donald
Trump and European counterparts" → ``Donald Trump —consultWith→ …`` when both sides are named;
"Trump … his criticism of NATO" → ``Donald Trump —criticizes→ NATO``. Each predicate maps to one
PLOVER event type (:data:`PLOVER_TYPE`).

Triggers are verbs (``VERBS``), verbs with a particle ("call on", "beat up": ``PHRASAL``),
light verbs whose object noun names the event ("hold talks", "impose sanctions", "launch an
investigation": ``LIGHT_VERBS`` with ``NOUNS``), verbs whose object changes the event ("lift a
curfew" concedes, "withdraw troops" retreats but "withdraw inspectors" sanctions:
``OBJECT_EVENTS``), and event nouns with their possessor or nationality as the source ("U.S.
sanctions on Iran", "Israel's invasion of Lebanon").

The clause around a trigger decides what is stated, as the CAMEO/PLOVER codebooks do:

* ``threaten``/``warn`` + to-clause is THREATEN; ``demand``/``urge``/``call on`` + clause, and
  "X said Y must …", are REQUEST from X to Y; ``refuse``/``decline``/``fail`` to … is REJECT;
* intent (``will``/``would``, ``promise``, ``offer``, ``agree``, ``willing to`` …) to do something
  cooperative is AGREE, to do something hostile is THREATEN, and so is anything "… unless …";
* a negated cooperative verb ("will not accept") is REJECT; a negated hostile one yields nothing.

Actors are the named entities of the article, and also the country behind a nationality or a
country noun phrase, which is how CAMEO/PLOVER code them: "Israeli police", "Palestinians",
"the government of Iraq", "Sudan's government" are Israel, Palestine, Iraq and Sudan (linked
through the gazetteer, never a new node for a common noun). Pronoun subjects of a reported
clause are the speaker ("Syria says it will withdraw"); "he"/"she" are the last person named.

Examples
--------
>>> VERBS["condemn"], PLOVER_TYPE["criticizes"]
('criticizes', 'DISAPPROVE')
>>> NOUNS["talks"], PHRASAL[("call", "on")]
('consultWith', 'demandsFrom')
>>> OBJECT_EVENTS["lift"]["curfew"], OBJECT_EVENTS["withdraw"]["troops"]
('concedesTo', 'retreatsFrom')
>>> sorted(COOPERATIVE)[:3]
['agreeWith', 'aids', 'concedesTo']
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kg.doccache import id_table, member, token_array
from kg.extract.coref import resolve_pronoun
from kg.extract.entities import PEOPLES
from kg.extract.evidence import sentence_evidence
from kg.graph.ontology import event_predicates, predicate_info
from kg.model import Entity, Fact, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from kg.extract.entities import EntityIndex
    from kg.link.gazetteer import GazEntry
    from kg.model import Article

__all__ = [
    "events",
    "VERBS",
    "PHRASAL",
    "NOUNS",
    "LIGHT_VERBS",
    "OBJECT_EVENTS",
    "PLOVER_TYPE",
    "COOPERATIVE",
    "EVENT_VERBS",
    "EVENT_NOUNS",
]

PLOVER_TYPE = {
    "agreeWith": "AGREE",
    "consultWith": "CONSULT",
    "supports": "SUPPORT",
    "cooperatesWith": "COOPERATE",
    "aids": "AID",
    "concedesTo": "CONCEDE",
    "retreatsFrom": "RETREAT",
    "investigates": "INVESTIGATE",
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
    "fights": "FIGHT",
}
"""Our event predicate → PLOVER event type. FIGHT (conventional military force) is PLOVER 0.5's
type, folded into ASSAULT from PLOVER 0.8 on; REQUEST was DEMAND before 0.8."""

COOPERATIVE = frozenset({"agreeWith", "consultWith", "supports", "cooperatesWith", "aids", "concedesTo",
                         "retreatsFrom"})
"""Predicates of cooperation: intending one is AGREE, refusing one is REJECT."""
# Material hostility: intending one is a threat ("will impose sanctions", "would blockade").
_MATERIAL_HOSTILE = frozenset({"sanctions", "mobilizesAgainst", "coerces", "assaults", "fights",
                               "protestsAgainst"})
# owl:SymmetricProperty in kg/ontology.ttl: each pair is written once, in IRI order
_SYMMETRIC = frozenset(n for n in event_predicates() if (info := predicate_info(n)) is not None and info.symmetric)


def _lexicon(groups: dict[str, str]) -> dict[str, str]:
    return {word: predicate for predicate, words in groups.items() for word in words.split()}


VERBS = _lexicon({
    "agreeWith": "agree ratify reconcile",
    "consultWith": "meet visit host consult talk discuss negotiate telephone phone mediate confer receive",
    "supports": "support back endorse praise welcome defend commend applaud hail recognize recognise "
                "forgive apologize apologise thank congratulate",
    "cooperatesWith": "cooperate collaborate ally partner share",
    "aids": "aid help assist fund finance arm supply rescue give provide grant donate deliver",
    "concedesTo": "allow permit accede concede yield legalize legalise pardon",
    "retreatsFrom": "release free surrender retreat resign withdraw disarm demobilize demobilise",
    "investigates": "investigate probe",
    "demandsFrom": "demand urge request appeal press ask insist order",
    "criticizes": "criticize criticise condemn denounce rebuke slam censure deplore chide complain "
                  "summon decry",
    "accuses": "accuse blame sue charge allege",
    "rejects": "reject refuse veto rebuff snub dismiss decline renege oppose defy violate",
    "threatens": "threaten warn",
    "protestsAgainst": "protest demonstrate rally march riot picket block boycott",
    "sanctions": "sanction embargo expel suspend sever recall prohibit fine penalize penalise",
    "mobilizesAgainst": "mobilize mobilise deploy",
    "coerces": "arrest detain seize raid deport jail imprison confiscate demolish kidnap abduct hijack hack "
               "blockade censor evict ban",
    "assaults": "attack bomb kill assassinate torture wound injure massacre execute shoot stab behead maim "
                "murder",
    "fights": "fight clash battle shell bombard invade occupy retake recapture overrun storm ambush besiege "
              "strike pound hit capture",
})
"""Verb lemma → predicate."""

PHRASAL = {
    ("call", "on"): "demandsFrom", ("call", "for"): "demandsFrom", ("call", "upon"): "demandsFrom",
    ("beat", "up"): "assaults", ("hit", "out"): "criticizes", ("blow", "up"): "coerces",
    ("hand", "over"): "retreatsFrom",
    ("step", "down"): "retreatsFrom", ("pull", "out"): "retreatsFrom", ("shoot", "down"): "fights",
    ("open", "fire"): "fights", ("force", "out"): "coerces", ("crack", "down"): "coerces",
    ("lash", "out"): "criticizes", ("hack", "into"): "coerces", ("fire", "on"): "fights",
    ("fire", "at"): "fights", ("break", "off"): "sanctions", ("cut", "off"): "sanctions",
    ("back", "down"): "concedesTo", ("give", "in"): "concedesTo", ("side", "with"): "supports",
    ("speak", "with"): "consultWith",
}
"""(verb lemma, particle or preposition) → predicate."""

NOUNS = _lexicon({
    "agreeWith": "agreement deal accord treaty pact",
    "consultWith": "talks talk meeting summit negotiation negotiations visit consultation consultations "
                   "mediation dialogue",
    "supports": "support backing endorsement praise recognition ties",
    "cooperatesWith": "cooperation alliance partnership exercise exercises manoeuvres maneuvers games",
    "aids": "aid assistance grant loan asylum relief donation",
    "retreatsFrom": "withdrawal pullout surrender ceasefire truce release",
    "investigates": "investigation inquiry probe hearing",
    "demandsFrom": "demand demands ultimatum appeal",
    "criticizes": "criticism condemnation rebuke protest complaint",
    "accuses": "accusation accusations charges lawsuit",
    "rejects": "rejection refusal veto",
    "threatens": "threat threats",
    "protestsAgainst": "protests demonstration demonstrations rally riot riots strike boycott",
    "sanctions": "sanctions sanction embargo suspension expulsion tariffs",
    "mobilizesAgainst": "deployment mobilization mobilisation patrols",
    "coerces": "curfew arrest arrests detention crackdown blockade siege",
    "assaults": "attack attacks bombing bombings assault massacre killing killings assassination",
    "fights": "invasion offensive strikes airstrike airstrikes raid raids shelling bombardment war fighting "
              "clashes fire",
})
"""Event noun (word or lemma) → predicate."""

LIGHT_VERBS = frozenset(
    "hold launch mount stage begin start continue resume conduct carry lodge file issue make sign reach "
    "establish open impose announce declare order take wage step intensify escalate renew".split()
)
"""Verbs whose object noun names the event ("held talks", "imposed a curfew")."""

_RESTRICTIONS = {"ban": "concedesTo", "curfew": "concedesTo", "emergency": "concedesTo",
                 "restriction": "concedesTo", "restrictions": "concedesTo", "law": "concedesTo",
                 "blockade": "retreatsFrom", "siege": "retreatsFrom", "sanctions": "retreatsFrom",
                 "embargo": "retreatsFrom", "closure": "retreatsFrom"}
_TIES = {"aid": "sanctions", "assistance": "sanctions", "links": "sanctions", "relations": "sanctions",
         "ties": "sanctions", "talks": "sanctions", "negotiations": "sanctions", "cooperation": "sanctions",
         "mediation": "sanctions", "contacts": "sanctions", "contact": "sanctions", "program": "sanctions",
         "programme": "sanctions", "flights": "sanctions", "trade": "sanctions", "support": "sanctions"}
# What is launched or fired at someone: "launched more than 400 drones and 40 missiles at Ukraine".
_MUNITIONS = dict.fromkeys("""drones drone missiles missile rockets rocket shells shell mortars artillery
bombs torpedoes""".split(), "fights")
_TARIFFS = dict.fromkeys(("tariff", "tariffs", "duties", "levies", "levy"), "sanctions")
_TROOPS = {"troops": "retreatsFrom", "forces": "retreatsFrom", "force": "retreatsFrom", "soldiers": "retreatsFrom",
           "army": "retreatsFrom", "settlers": "retreatsFrom"}
OBJECT_EVENTS: dict[str, dict[str, str]] = {
    **{verb: _RESTRICTIONS for verb in ("lift", "ease", "relax", "shorten", "loosen", "end")},
    **{verb: {**_RESTRICTIONS, **_TIES} for verb in ("suspend", "halt", "cut", "break", "sever", "freeze", "stop")},
    "end": {**_RESTRICTIONS, **_TIES},
    "withdraw": {**{k: "sanctions" for k in ("ambassador", "envoy", "diplomats", "inspectors", "observers",
                                              "aid", "support", "recognition", "workers", "staff")}, **_TROOPS},
    "recall": {"ambassador": "sanctions", "envoy": "sanctions", "diplomats": "sanctions"},
    "impose": {"curfew": "coerces", "restrictions": "coerces", "law": "coerces", "ban": "coerces",
               "emergency": "coerces", "sanctions": "sanctions", "embargo": "sanctions", "blockade": "coerces"},
    "slap": {"sanctions": "sanctions", **_TARIFFS},
    "deny": {"entry": "sanctions", "visa": "sanctions", "visas": "sanctions", "access": "sanctions",
             "charges": "rejects", "accusations": "rejects", "allegations": "rejects", "claims": "rejects"},
    "accept": {"demands": "concedesTo", "demand": "concedesTo", "conditions": "concedesTo", "terms": "concedesTo"},
    "send": {"troops": "mobilizesAgainst", "forces": "mobilizesAgainst", "soldiers": "mobilizesAgainst",
             "warships": "mobilizesAgainst", "reinforcements": "mobilizesAgainst", "aid": "aids",
             "food": "aids", "supplies": "aids", "assistance": "aids", "relief": "aids"},
    "mass": {"troops": "mobilizesAgainst", "forces": "mobilizesAgainst", "soldiers": "mobilizesAgainst"},
    "open": {"fire": "fights", "border": "retreatsFrom", "borders": "retreatsFrom", "crossing": "retreatsFrom",
             "bridge": "retreatsFrom", "embassy": "supports", "investigation": "investigates",
             "inquiry": "investigates", "hearing": "investigates", "probe": "investigates"},
    "evacuate": {k: "retreatsFrom" for k in ("settlements", "settlement", "bases", "base", "positions", "outposts")},
    "share": {"intelligence": "cooperatesWith", "information": "cooperatesWith", "evidence": "cooperatesWith"},
    "strike": {k: "agreeWith" for k in ("deal", "agreement", "accord", "pact", "bargain", "compromise", "truce")},
    **{verb: _MUNITIONS for verb in ("launch", "fire")},
    # "extend sanctions against Russia", "agreed to extend sanctions …": a sanction
    **{verb: {"sanctions": "sanctions", "embargo": "sanctions", **_TARIFFS}
       for verb in ("extend", "renew", "prolong", "tighten", "expand", "broaden")},
}
"""Verb lemma → {object noun → predicate}: the object decides the event (or turns the verb into one)."""

# The foundation's names of the lexicons.
EVENT_VERBS = VERBS
EVENT_NOUNS = NOUNS

# Complement-taking words and what they make of the event in their complement.
_THREAT_FRAMES = frozenset({"threaten", "warn", "threat", "threats", "ultimatum"})
_DEMAND_FRAMES = frozenset({"demand", "urge", "ask", "request", "press", "appeal", "insist", "order", "call",
                            "tell", "demands", "calls"})
# Of these, only the ones here take a that-clause as the demand ("demanded that X leave"); the rest
# need "to" ("told X to leave"), since "told reporters that …" is a statement.
_DEMAND_THAT = frozenset({"demand", "insist", "request", "appeal", "demands", "calls", "urge", "ask"})
_REJECT_FRAMES = frozenset({"refuse", "decline", "fail", "reject", "renege", "refusal"})
# Commitments state an AGREE even when what is promised names no event ("promised to democratize").
_COMMIT_FRAMES = frozenset({"agree", "promise", "pledge", "vow", "swear", "offer", "commit", "willing", "ready",
                            "prepared", "committed", "determined"})
# Intentions only colour an event in their complement ("plans to impose sanctions": a threat).
_INTENT_FRAMES = _COMMIT_FRAMES | frozenset({"plan", "intend", "prepare", "eager", "expect", "hope", "aim",
                                             "seek", "propose", "resolve", "plans", "proposal"})
_TRANSPARENT = frozenset({"try", "attempt", "continue", "begin", "start", "resume", "manage", "move", "help",
                          "go", "be", "have", "need", "able", "set", "keep", "come", "decide", "vote"})
_SPEECH = frozenset({"say", "announce", "declare", "state", "tell", "conclude", "insist", "add", "report",
                     "claim", "confirm", "reiterate", "believe", "think", "argue", "stress", "indicate", "write"})
# Verbs whose object is the one who then acts: "allowed X to run", "ordered X to appear".
_OBJECT_CONTROL = frozenset({"allow", "permit", "force", "order", "urge", "ask", "help", "enable", "persuade",
                             "invite", "tell", "press", "call", "compel", "forbid", "encourage"})
# An order to stop or leave is coercion ("ordered the newspaper La Prensa to suspend publication").
_COMMANDS = frozenset({"order", "force", "compel"})
_CEASE = frozenset({"suspend", "close", "shut", "stop", "cease", "halt", "leave", "disband", "vacate", "evacuate",
                    "withdraw", "quit", "dissolve"})
# Verbs whose object is the topic, not the other side: "discussed the crisis" (with whom?).
_TOPIC_OBJECT = frozenset({"discuss", "talk", "negotiate", "agree", "confer", "cooperate", "collaborate", "speak",
                           "mediate"})
# Verbs saying an event noun's subject came to an end: it tells of no act.
_ENDED = frozenset({"collapse", "fail", "expire", "end", "falter", "unravel", "stall"})
# Verbs of a go-between, whose conjoined subjects act together, not on each other.
_GO_BETWEEN = frozenset({"mediate", "broker"})
# Verbs whose subject is the author of their object noun: "issued a demand", "repeated its offer".
_ISSUE_VERBS = LIGHT_VERBS | frozenset({"reiterate", "repeat", "renew", "present", "submit", "deliver", "send",
                                        "put", "voice", "express", "make", "publish", "release"})
_FUTURE = frozenset({"will", "would", "shall", "'ll", "wo"})
_OBLIGATION = frozenset({"must", "should", "ought"})
# Clauses that state no fact: "if he gave them a veto", "before they demobilize".
_UNREAL_MARKS = frozenset({"if", "unless", "whether", "before", "until", "lest", "once"})
_TARGET_PREPS = frozenset({"with", "on", "against", "to", "into", "from", "for", "upon", "toward", "towards",
                           "over", "of", "between"})
# Verbs whose object is the other side itself: "met the minister", not "met finalists at Google".
_DIRECT_OBJECT = frozenset({"meet", "visit", "host", "receive", "consult", "telephone", "phone", "welcome",
                            "thank", "congratulate", "forgive"})
# Where an event happened stands for its target only when it is a named place or a place noun.
_PLACE_NOUNS = frozenset({"town", "city", "village", "region", "province", "area", "district", "capital", "state",
                          "camp", "port", "zone", "territory", "country", "streets", "centre", "center"})
_NOUN_TARGET_PREPS = frozenset({"of", "on", "against", "with", "to", "for", "between", "into", "upon", "over",
                                "toward", "towards"})
# Through an object, these lead to who is acted on ("a blockade on Palestinian lorries", "inspectors
# of the IAEA", "a camp for Congolese refugees"), not "talks at the UN" or "over the weekend".
_SIDELINES = frozenset({"sidelines", "sideline", "margins", "margin"})
_LOOSE_PREPS = frozenset({"of", "on", "against", "with", "to", "into", "by", "from", "between", "in", "for"})
# Group nouns whose actor is named inside them ("a group of Moroccan diplomats").
_QUANTITY = frozenset({"group", "number", "thousands", "thousand", "hundreds", "hundred", "tens", "dozens",
                       "scores", "members", "member", "delegation", "part", "majority", "deployment", "contingent",
                       "unit", "batch", "patch", "team", "band", "some", "all", "most", "many", "one", "two",
                       "wave", "convoy"})
# Nouns for people and bodies that act for a place ("the government of Iraq", "rebels in Darfur").
_ACTOR_NOUNS = frozenset("""
government president leader official minister ministry army forces force troops police military navy
soldier rebel militant guerrilla guerilla militia authorities authority parliament people student worker
group refugee villager ambassador embassy court envoy spokesman spokeswoman representative prisoner
civilian resident citizen national farmer demonstrator protester supporter faction party movement regime
administration side diplomat delegation negotiator officer commander fighter insurgent opposition
leadership junta cabinet council judge prosecutor lawmaker legislator senator deputy activist
""".split())
# Non-state people a nationality word qualifies: "Afghan rebels" are no act of Afghanistan's.
# Lemma → the plural the group's node is named with.
_GROUP_NOUNS = {
    "rebel": "rebels", "guerrilla": "guerrillas", "guerilla": "guerrillas", "militant": "militants",
    "insurgent": "insurgents", "separatist": "separatists", "militia": "militias", "fighter": "fighters",
    "gunman": "gunmen", "nationalist": "nationalists", "extremist": "extremists", "jihadist": "jihadists",
    "dissident": "dissidents", "exile": "exiles", "opposition": "opposition", "protester": "protesters",
    "protestor": "protesters", "demonstrator": "demonstrators", "rioter": "rioters", "activist": "activists",
    "refugee": "refugees", "migrant": "migrants", "civilian": "civilians", "villager": "villagers",
    "prisoner": "prisoners", "detainee": "detainees", "student": "students", "worker": "workers",
    "farmer": "farmers", "militiaman": "militiamen", "settler": "settlers", "tribesman": "tribesmen",
    "hacker": "hackers", "kidnapper": "kidnappers", "pirate": "pirates", "smuggler": "smugglers",
}
# Peoples within a state that a nationality word qualifies: "Iraqi Kurds demonstrated" is no act
# of Iraq's (the node is named as written: "Iraqi Kurds").
_PEOPLES = frozenset(w.lower() for w in PEOPLES)
_FORMER = frozenset({"former", "ex", "onetime", "erstwhile"})
# Measure nouns that hold the event noun: "10 days of war games", "a round of talks".
_MEASURE = frozenset({"days", "day", "weeks", "round", "rounds", "series", "wave", "part", "state", "campaign",
                      "program", "programme", "package"})
# Nouns that hold the event noun as a compound: "a mediation effort", "an aid programme" (but
# "truce monitors" are monitors, not a truce).
_HOLDERS = frozenset({"effort", "efforts", "program", "programme", "programs", "campaign", "process",
                      "operation", "operations", "mission", "initiative", "package", "plan", "plans", "round",
                      "deliveries", "shipments", "flights", "links", "bill", "order"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "them", "him", "our"})
_ACTOR_TYPES = frozenset({"Person", "Organization", "NewsMediaOrganization", "Country", "City", "AdministrativeArea",
                          "Place"})
_PLACE_TYPES = frozenset({"Country", "City", "AdministrativeArea", "Place"})
_NOT_ACTOR_LABELS = frozenset({"FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"})
# The last word of a place that is water or land, not a polity: "war games in the Mediterranean Sea".
_NATURE_WORDS = frozenset("""sea ocean river strait straits gulf bay lake mountains mountain desert peninsula
channel canal""".split())
_LEMMA_ALIASES = {"reopen": "open", "re-open": "open", "reimpose": "impose", "re-impose": "impose"}


# Confidence of each kind of reading: about the share of such facts whose type and both actors
# matched the gold event on the PLOVER dev records (`kg eval plover`, docs/quality.md). That share
# is a lower bound, as the gold codes one event per sentence and a second true event counts as
# wrong; the last three kinds are too rare there to measure and are set below the others.
_VERB = 0.75  # a lexicon verb, its own subject and object (81 facts, 0.80)
_FRAME = 0.7  # threaten/demand/refuse/promise … to; "X said Y must" (43 facts, 0.72)
_PLACE_FACTOR = 0.8  # × when the target is only where it happened or in a purpose clause (12, 0.67)
_NOUN = 0.5  # an event noun with its possessor or nationality (3 facts, 1 right)
_COMMITMENT = 0.45  # a promise to do what no lexicon word names (1 fact, right)
_IMPLIED_SOURCE = 0.35  # "was arrested in Lebanon": Lebanon acted (1 fact, wrong)

_VERB_WORDS = frozenset(
    _THREAT_FRAMES | _DEMAND_FRAMES | _REJECT_FRAMES | _INTENT_FRAMES | set(VERBS) | {v for v, _ in PHRASAL}
    | LIGHT_VERBS | set(OBJECT_EVENTS) | _SPEECH | _TRANSPARENT
)


def _inflections(verb: str) -> Iterator[str]:
    """Regular forms of a verb, for when the lemmatizer gets one wrong ("staged" → "stag")."""
    stem = verb[:-1] if verb.endswith("e") else verb
    yield from (verb + "s", verb + "es", stem + "ed", stem + "ing")
    if verb.endswith("y"):
        yield from (verb[:-1] + "ies", verb[:-1] + "ied")
    if len(verb) > 2 and verb[-1] in "bdgmnprt" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        yield from (verb + verb[-1] + "ed", verb + verb[-1] + "ing")  # "banned", "shelling" is regular


# Forms of the event verbs (not of "say", "be", "have": the lemmatizer knows those).
_FORMS = {form: verb for verb in sorted(_VERB_WORDS - _SPEECH - _TRANSPARENT) for form in _inflections(verb)
          if form not in _VERB_WORDS}
_TRIGGER_WORDS = frozenset(
    _THREAT_FRAMES | _DEMAND_FRAMES | _REJECT_FRAMES | _INTENT_FRAMES | set(VERBS) | {v for v, _ in PHRASAL}
    | LIGHT_VERBS | set(OBJECT_EVENTS) | set(_LEMMA_ALIASES) | set(_FORMS) | set(NOUNS) | {"strikes"}
)


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if lemma in _VERB_WORDS:
        return lemma
    return _LEMMA_ALIASES.get(lemma) or _FORMS.get(tok.lower_, lemma)


@dataclass(frozen=True)
class _Event:
    """One reading: a predicate between all its sources and all its targets."""

    predicate: str
    sources: tuple[Entity, ...]
    targets: tuple[Entity, ...]
    trigger: Token
    confidence: float
    reciprocal: bool = False  # with no target, the conjoined sources act on each other


def _pobjs(prep: Token) -> list[Token]:
    return [p for p in prep.children if p.dep_ in ("pobj", "pcomp")]


class _Actors:
    """Resolves noun phrases to actors for one document, adding the countries behind nationalities."""

    def __init__(self, index: EntityIndex, article: Article):
        self.index = index
        self.article = article
        self._spans: dict[int, Span] = {}
        self._demonyms: dict[str, GazEntry | None] = {}
        self._pending: dict[str, dict[Mention, None]] = {}  # country or group IRI → nationality mentions
        for ent in index.doc.ents:
            for t in ent:
                self._spans[t.i] = ent

    def named(self, tok: Token) -> Entity | None:
        """The entity named at ``tok``, if it can act (a person, organisation or place, not a building
        nor a sea, river or mountain range)."""
        e = self.index.at(tok)
        if e is None or e.type not in _ACTOR_TYPES or tok.ent_type_ in _NOT_ACTOR_LABELS:
            return None
        if e.type == "Place" and e.name.rsplit(None, 1)[-1].lower() in _NATURE_WORDS:
            return None  # a sea, a river, a mountain range acts on no one
        return e

    def country(self, tok: Token) -> Entity | None:
        """The country a nationality word names ("Israeli", "Palestinians", "South Korean")."""
        gaz = self.index.gazetteer
        if gaz is None or not self.index.entity_ns or not tok.text[:1].isupper() or tok.pos_ == "VERB":
            return None
        span = self._spans.get(tok.i)
        entry = self._demonym(span.text) if span is not None and self.index.at(tok) is None else None
        if entry is None:
            entry = self._demonym(tok.text)
            span = tok.doc[tok.i : tok.i + 1]
        if entry is None or entry.type != "Country":
            return None  # "European", "Western", "Arab": a region or a people, not one state
        known = self.index.entry_entity(entry)
        mention = Mention(self.article.id, span.start_char, span.end_char, span.text, "NORP")
        self._pending.setdefault(known.iri, {})[mention] = None
        return known

    def group(self, t: Token) -> Entity | None:
        """The non-state group a nationality word and a people noun name: "Afghan rebels", "Irish
        nationalist guerrillas", "Afghan rebel leaders", "Iraqi Kurds", "ethnic Albanians" (its own node, with the
        nationality as an attribute, rather than the country: the state did not act)."""
        gaz = self.index.gazetteer
        if gaz is None or not self.index.entity_ns or t.pos_ not in ("NOUN", "PROPN"):
            return None
        nouns = [t, *(c for c in t.children if c.dep_ == "compound")]
        noun = next((n for n in nouns if n.lemma_.lower() in _GROUP_NOUNS and n.is_lower), None)
        people = next((n for n in nouns if n.lower_ in _PEOPLES and n.text[:1].isupper()), None)
        if noun is None and people is not None:  # "Iraqi Kurds", "Bosnian Croat forces"
            noun = people
            label = t.text if people is t else f"{people.text} {t.text}"
        elif noun is not None:
            label = _GROUP_NOUNS[noun.lemma_.lower()]
        if noun is not None:
            demonym = next((d for n in nouns for c in n.children if c.dep_ in ("amod", "compound")
                            and (d := self._nationality_words(c)) is not None), None)
        elif any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in t.children):
            demonym, label = self._nationality_words(t), ""
        else:
            return None
        if demonym is None:
            return None
        from kg.extract.entities import unlinked_key

        name = f"{demonym.text} {label}" if label else f"ethnic {demonym.text}"
        iri = self.index.entity_ns + unlinked_key(name, gaz)
        known = self.index.entities.get(iri) or Entity(iri=iri, name=name, type="Organization",
                                                        attributes=(("nationality", demonym.text),))
        first = min([demonym.start, *(c.i for c in t.children if c.dep_ == "amod" and c.lower_ == "ethnic")])
        span = t.doc[first:max(demonym.end, t.i + 1)]
        mention = Mention(self.article.id, span.start_char, span.end_char, span.text, "NORP")
        self._pending.setdefault(iri, {})[mention] = None
        return known

    def _nationality_words(self, tok: Token) -> Span | None:
        """The words at ``tok`` that name one country's nationality ("Afghan", "North Korean")."""
        if not tok.text[:1].isupper() or self.index.at(tok) is not None:
            return None
        span = self._spans.get(tok.i)
        entry = self._demonym(span.text) if span is not None else None
        if entry is None:  # the NER's "Bosnian Serbs" holds the people noun too
            span = tok.doc[tok.i : tok.i + 1]
            entry = self._demonym(span.text)
        return span if entry is not None and entry.type == "Country" else None

    def commit(self, entity: Entity) -> None:
        """Add a country or group read from a nationality to the article's graph, once a fact uses it
        (until then it is no node: "the Gabonese team" alone names no actor of any event)."""
        for mention in self._pending.pop(entity.iri, {}):
            self.index.add_mention(entity, mention)

    def _demonym(self, text: str) -> GazEntry | None:
        if text not in self._demonyms:
            self._demonyms[text] = self.index.gazetteer.demonym(text) if self.index.gazetteer else None
        return self._demonyms[text]

    def pronoun(self, tok: Token, clause: Token) -> list[Entity]:
        """A pronoun: the speaker or subject of the clause it is reported in, else the last person named."""
        personal = tok.lower_ in ("he", "she", "his", "her", "him")
        head = clause
        for _ in range(4):
            if head.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "dobj", "pobj", "prep") or head.head is head:
                break
            head = head.head
            if head.pos_ not in ("VERB", "AUX"):
                continue
            found = [e for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i
                     and c.lower_ not in _PRONOUNS for e in self.actors(c, head)]
            found = [e for e in found if (e.type == "Person") == personal] if tok.lower_ not in ("they", "their",
                                                                                                   "them") else found
            if found:
                return found
        e = resolve_pronoun(tok, self.index)
        return [e] if e is not None else []

    def actors(self, tok: Token, clause: Token | None = None, *, loose: bool = False) -> list[Entity]:
        """The actors a noun phrase headed by ``tok`` (and its conjuncts) names.

        ``loose`` also looks into the phrase's prepositional objects and participles ("sanctions on
        the Taliban", "the removal of President X", "power lines leading into Kabul"), for the
        objects of light verbs and event nouns.
        """
        out: list[Entity] = []
        for t in (tok, *tok.conjuncts):
            for e in self._actor(t, clause, loose=loose, depth=0):
                if e not in out:
                    out.append(e)
        return out

    def _actor(self, t: Token, clause: Token | None, *, loose: bool, depth: int) -> list[Entity]:
        if depth > 3:
            return []
        if t.dep_ == "prep" or t.dep_ == "dative" and t.pos_ == "ADP":
            return [e for o in _pobjs(t) for m in (o, *o.conjuncts)
                    for e in self._actor(m, clause, loose=loose, depth=depth + 1)]
        if t.pos_ == "PRON" or t.lower_ in _PRONOUNS:
            return self.pronoun(t, clause) if clause is not None and t.lower_ in _PRONOUNS else []
        e = self.named(t)
        if e is not None:
            return [e]
        if (g := self.group(t)) is not None:
            return [g]
        found: list[Entity] = []
        # "Malaysia's Prime Minister, Najib Razak": the person, not the country
        for c in t.children:
            if c.dep_ == "appos" and (x := self.named(c)) is not None:
                return [x]
        # "Israeli police", "U.S. officials", "Sudan's government", "Hungarian and Romanian officials";
        # a possessive pronoun only when nothing else names the actor ("their forces", not "its
        # European Community partners")
        for deps in (("compound", "amod", "nmod", "flat", "appos"), ("poss",)):
            for c in t.children:
                if c.dep_ in deps:
                    for m in (c, *c.conjuncts):
                        if c.dep_ in ("poss", "compound", "appos"):
                            found += self._actor(m, clause, loose=False, depth=depth + 1)
                        elif (x := self.named(m) or self.country(m)) is not None:
                            found.append(x)
            if found:
                return found
        if (x := self.country(t)) is not None:  # "Palestinians"
            return [x]
        words = {t.lower_, t.lemma_.lower()}
        if any(c.dep_ == "amod" and c.lower_ in _FORMER for c in t.children):
            words = set()  # "former members of Scientology, who helped him leave" are no longer it
        for p in t.children:
            if p.dep_ == "prep" and (
                (words & _QUANTITY and p.lower_ == "of")
                or (words & _ACTOR_NOUNS and p.lower_ in ("of", "in", "from", "throughout", "across"))
                or (loose and p.lower_ in _LOOSE_PREPS)
            ):
                # "on the sidelines of the APEC summit" says where, not with whom
                found += [e for o in _pobjs(p) if o.lower_ not in _SIDELINES for m in (o, *o.conjuncts)
                          for e in self._actor(m, clause, loose=loose, depth=depth + 1)]
            elif loose and p.dep_ == "acl" and not _infinitive(p):
                # "power lines leading into Kabul", "crimes committed by Croat forces"
                for g in p.children:
                    if g.dep_ in ("prep", "agent"):
                        found += self._actor(g, clause, loose=False, depth=depth + 1)
            if found and not loose:
                break
        return found


def _infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _unreal(tok: Token) -> bool:
    """A clause that states no fact: a condition, something yet to happen ("before they leave"),
    or what is denied (:func:`_denied`)."""
    if _denied(tok):
        return True
    while tok.dep_ == "conj" and tok.head is not tok:  # "unless he returned and cooperated"
        tok = tok.head
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _UNREAL_MARKS for c in tok.children)


_DENIALS = frozenset({"deny", "refute", "disavow"})
_DENIED_THROUGH = frozenset({"xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep"})


def _denied(tok: Token) -> bool:
    """Whether ``tok`` is what a denial names: "Rwanda denied supporting the M23 rebels", "denied
    that its troops shelled the town", "denied any role in the attack". Not what a relative clause
    in it says ("the rebels who seized Goma" did seize it)."""
    for _ in range(5):
        if tok.dep_ not in _DENIED_THROUGH or tok.head is tok:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and _lemma(tok) in _DENIALS:
            return True
    return False


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    # "will not be rushed", "did not agree": the negation may sit on an auxiliary
    return any(c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children) for c in tok.children)


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _particle(tok: Token) -> str | None:
    lemma = _lemma(tok)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "in" and any(g.dep_ == "pobj" for g in c.children):
            continue  # "gave a speech in Berlin" is where, not "gave in"
        if c.dep_ in ("prt", "prep") and (lemma, c.lower_) in PHRASAL:
            return c.lower_
    for c in tok.children:  # "opened fire": the noun is the object
        if c.dep_ == "dobj" and (lemma, c.lower_) in PHRASAL:
            return c.lower_
    return None


def _objects(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd", "nsubjpass")]


def _object_words(o: Token) -> list[Token]:
    """The object and the nouns that may name the event in it ("mediation efforts", "state of emergency")."""
    words = [o]
    if o.lower_ in _HOLDERS:
        words += [c for c in o.children if c.dep_ == "compound"]
    if o.lower_ in _MEASURE or o.pos_ == "NUM" or o.lower_ in _QUANTITY:
        words += [p for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in _pobjs(prep)]
    return words


def _verb_predicate(tok: Token) -> tuple[str, Token | None] | None:
    """The predicate a verb triggers and the object noun that names it (light verbs), or None."""
    lemma = _lemma(tok)
    particle = _particle(tok)
    if particle is not None:
        return PHRASAL[(lemma, particle)], None
    objects = _objects(tok)
    by_object = OBJECT_EVENTS.get(lemma)
    if by_object:
        for o in objects:
            for w in _object_words(o):
                key = w.lower_ if w.lower_ in by_object else w.lemma_.lower()
                if key in by_object:
                    return by_object[key], o
    if lemma in LIGHT_VERBS and (lemma != "carry" or particle == "out" or any(
            c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)):
        for o in objects:
            for w in _object_words(o):
                p = _noun_predicate(w)
                if p is not None:
                    return p, o
    if lemma in _STRIKE_VERBS:  # "hit Russia with sanctions", "slapped Canada with tariffs"
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                for o in _pobjs(prep):
                    if o.lower_ in _MEASURES:
                        return "sanctions", o
    if lemma in VERBS:
        if lemma in _STRIKE_VERBS and not objects:
            return None  # "workers struck", "the storm struck": what is struck makes it an attack
        if VERBS[lemma] == "aids" and any(w.lemma_.lower() in _SPOKEN for o in objects for w in _object_words(o)):
            return None  # "gave a speech in Berlin", "delivered an address": nothing given to anyone
        return VERBS[lemma], None
    return None


_LAUNCH = frozenset({"launch", "fire"})
_STRIKE_VERBS = frozenset({"strike", "pound", "hit", "slap"})
_MEASURES = frozenset({"sanctions", "tariffs", "duties", "levies", "penalties", "fines", "embargo"})
_SPOKEN = frozenset("""speech address lecture talk interview statement briefing testimony remark sermon
presentation performance concert toast eulogy""".split())


def _noun_predicate(tok: Token) -> str | None:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    word = tok.lower_
    if word in ("strike", "strikes"):
        # a hunger or general strike is a protest; "air strikes" are fighting
        if any(c.lower_ in ("hunger", "general", "labour", "labor", "open-ended", "national", "workers")
               for c in tok.children):
            return "protestsAgainst"
        return "fights" if word == "strikes" else None
    if word == "fire" and _lemma(tok.head) not in ("open", "exchange", "return"):
        return None  # "set fire to", "under fire"
    return NOUNS.get(word) or NOUNS.get(tok.lemma_.lower())


class _Clauses:
    """Events of one sentence, with the clause structure applied (frames, intent, negation)."""

    def __init__(self, actors: _Actors):
        self.a = actors
        self.consumed: set[int] = set()

    # -- arguments -------------------------------------------------------------------------------

    def subjects(self, verb: Token) -> list[Entity]:
        """Who acts: the subject or agent, else the subject of the clause this one depends on."""
        head = verb
        for _ in range(5):
            found: list[Entity] = []
            for c in head.children:
                if c.dep_ in ("nsubj", "csubj"):
                    if c.lower_ in ("who", "which", "that") and head.dep_ == "relcl":
                        found += self.a.actors(head.head, head)
                    else:
                        found += self.a.actors(c, head)
                elif c.dep_ == "agent":
                    found += [e for p in _pobjs(c) for e in self.a.actors(p, head)]
            if found:
                return found
            if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in head.children):
                return []  # a subject that names no actor: do not borrow another clause's
            if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
                noun = head.head
                found = self.a.actors(noun, head)  # "militiamen armed with", "a force sent by"
                if found or noun.dep_ not in ("dobj", "pobj", "attr"):
                    return found
                head = noun.head if noun.dep_ != "pobj" else noun.head.head  # "issued a statement demanding"
                continue
            if head.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "acomp", "pcomp") or head.head is head:
                return []
            if head.dep_ in ("xcomp", "ccomp"):
                # object control: "urged the EC to support" — the EC supports
                controller = head.head
                obj = [c for c in controller.children if c.dep_ == "dobj"]
                if obj and _lemma(controller) in _OBJECT_CONTROL:
                    return self.a.actors(obj[0], controller)
            if head.dep_ == "pcomp" and head.head.dep_ == "prep" and head.head.lower_ in ("for", "of"):
                # the object does what it is praised or thanked for: "praised Pakistan for supporting"
                found = [e for c in head.head.head.children if c.dep_ == "dobj"
                         for e in self.a.actors(c, head.head.head)]
                if found:
                    return found
            head = head.head if head.dep_ != "pcomp" else head.head.head
        return []

    def targets(self, verb: Token, noun: Token | None) -> tuple[list[Entity], float]:
        """Who is acted on, with a confidence factor (lower when only a place was found)."""
        found: list[Entity] = []
        topic = _lemma(verb) in _TOPIC_OBJECT
        particle = _particle(verb)  # "fired at targets in Jericho", "called on Hamas"
        for c in verb.children:
            if topic and c.dep_ in ("dobj", "nsubjpass", "attr"):
                continue
            if c.dep_ in ("dobj", "dative", "nsubjpass", "attr", "oprd"):
                loose = c is noun or (c.dep_ in ("dobj", "nsubjpass") and _lemma(verb) not in _DIRECT_OBJECT)
                # a possessive inside the object is mostly the subject's own ("withdrew its troops")
                found += self.a.actors(c, verb if c.pos_ == "PRON" else None, loose=loose)
        # An actor as object leaves the prepositions to the reasons and places: "blamed Israel for
        # the bombing of X", "beat up detainees on the West Bank"; the particle still counts.
        # "lashed out at Israel over Gaza": whom "out" is at, not what it is over; and what
        # munitions are launched at ("launched drones at Ukraine")
        aimed = {particle, "at"} if particle == "out" or _lemma(verb) in _LAUNCH else {particle}
        for c in verb.children:
            if c.dep_ in ("prep", "prt") and (c.lower_ in aimed or not found and c.lower_ in _TARGET_PREPS):
                found += [e for p in c.children if p.dep_ == "pobj" for e in self.a.actors(p, verb, loose=True)]
        if found:
            return found, 1.0
        if _lemma(verb) in _OBJECT_CONTROL:  # "allowed opposition leader X to bring out …"
            for c in verb.children:
                if c.dep_ in ("ccomp", "xcomp"):
                    found += [e for g in c.children if g.dep_ == "nsubj" for e in self.a.actors(g, c)]
            if found:
                return found, 1.0
        # Last resort, where it happened: "imposed a curfew in Cizre", "rioted in northern Israel"
        for holder in (verb, noun):
            if holder is None:
                continue
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "inside", "near", "outside"):
                    found += [e for p in c.children if p.dep_ == "pobj" for e in self.places(p, verb)]
        return found, _PLACE_FACTOR

    def parties(self, found: list[Entity], noun: Token | None) -> list[Entity]:
        """``found`` without the places ``noun`` is said to be in or at: "held talks with Ukraine in
        Istanbul" were with Ukraine."""
        venues = self.venues(noun)
        return [e for e in found if e.iri not in venues] if venues else found

    def venues(self, noun: Token | None) -> set[str]:
        """The places an event noun is said to be in or at ("talks in Moscow", "a summit at Camp David")."""
        if noun is None:
            return set()
        return {e.iri for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "inside", "near")
                for p in c.children if p.dep_ == "pobj" for e in self.places(p, noun)}

    def places(self, tok: Token, verb: Token) -> list[Entity]:
        """Named places at ``tok``: "in Cizre", "in the town of Cizre", not "in a statement to X"."""
        if tok.lemma_.lower() in _PLACE_NOUNS or tok.lower_ in _PLACE_NOUNS:
            return [e for e in self.a.actors(tok, verb, loose=True) if e.type in _PLACE_TYPES]
        e = self.a.named(tok)
        return [e] if e is not None and e.type in _PLACE_TYPES else []

    def purpose_targets(self, verb: Token) -> list[Entity]:
        """Targets of the purpose clause of ``verb`` ("staged protests to demand reforms by X's
        government"), which is part of the event and consumed with it."""
        found: list[Entity] = []
        for c in verb.children:
            if c.dep_ in ("advcl", "xcomp") and _infinitive(c) and not any(g.dep_ == "nsubj" for g in c.children):
                self.consumed.add(c.i)
                inner = _verb_predicate(c)
                self.consumed.update(o.i for o in _objects(c))
                targets = self.targets(c, inner[1] if inner else None)[0]
                if inner is not None and inner[0] in _SYMMETRIC:  # "to hold talks with Ukraine in Istanbul"
                    targets = self.parties(targets, inner[1])
                found += targets
                for g in c.children:
                    # "to press their demands for X"; not "agreed to let Germany join NATO", whose
                    # inner clause has an actor of its own
                    if g.dep_ in ("xcomp", "ccomp") and not any(x.dep_ == "nsubj" for x in g.children):
                        found += self.targets(g, None)[0]
        return found

    def condition_targets(self, verb: Token) -> list[Entity]:
        """Who a threat is aimed at: the subject of its condition ("… unless Baghdad accepts")."""
        return [e for c in verb.children if _unreal(c) for g in c.children if g.dep_ in ("nsubj", "nsubjpass")
                for e in self.a.actors(g, c)]

    # -- frames ----------------------------------------------------------------------------------

    def complements(self, word: Token, *, that: bool = True) -> list[Token]:
        """The clauses a frame word governs ("threatened to *ban*", "demanded that X *abandon*")."""
        clauses = [c for c in word.children if c.dep_ == "xcomp" or (c.dep_ == "ccomp" and (that or _infinitive(c)))
                   or (c.dep_ == "acl" and word.pos_ == "NOUN")]
        if clauses:  # more than one when the tokenizer splits a word ("re - open")
            return [t for c in clauses for t in (c, *c.conjuncts)]
        for c in word.children:
            if c.dep_ == "acomp":  # "is willing to withdraw"
                for g in c.children:
                    if g.dep_ in ("xcomp", "ccomp"):
                        return [g, *g.conjuncts]
            if c.dep_ == "prep" and c.lower_ in ("to", "on", "for"):  # "committed to opening up"
                for g in c.children:
                    if g.dep_ == "pcomp":
                        return [g, *g.conjuncts]
        if word.pos_ == "NOUN" and word.dep_ == "dobj":  # "reiterated its demand today that Israel ease …"
            for c in word.head.children:
                if c.dep_ == "ccomp" and c.i > word.i and (that or _infinitive(c)):
                    return [c, *c.conjuncts]
        return []

    def clause_verbs(self, comp: Token) -> list[Token]:
        """``comp`` and the clauses it chains to: all of it is what the frame is about."""
        out, todo = [], [comp]
        while todo:
            tok = todo.pop()
            out.append(tok)
            todo += [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "conj", "acomp", "dobj", "pcomp")
                     or (c.dep_ == "prep" and c.lower_ in ("to", "on", "for"))]
        return out

    def inner(self, comp: Token) -> tuple[Token, tuple[str, Token | None] | None]:
        """Walk through transparent verbs ("tried to hack", "continue to fight") to the event verb."""
        tok = comp
        for _ in range(3):
            found = _verb_predicate(tok)
            if found is not None:
                return tok, found
            if _lemma(tok) not in _TRANSPARENT:
                break
            nxt = self.complements(tok)
            if not nxt:
                break
            tok = nxt[0]
        return tok, None

    def frame_kind(self, word: Token) -> str | None:
        lemma = word.lower_ if word.pos_ == "NOUN" else _lemma(word)
        if lemma in _THREAT_FRAMES:
            return "threat"
        if lemma in _REJECT_FRAMES:
            return "reject"
        if lemma in _DEMAND_FRAMES and (lemma not in ("call", "calls") or word.pos_ == "NOUN"
                                        or _particle(word) in ("on", "upon", "for")):
            return "demand"
        if lemma in _INTENT_FRAMES:
            return "intent"
        return None

    def frame_events(self, word: Token) -> list[_Event]:
        """Events stated by a complement-taking verb, adjective or noun; consumes its complements."""
        kind = self.frame_kind(word)
        if kind is None or _unreal(word):
            return []
        lemma = word.lower_ if word.pos_ == "NOUN" else _lemma(word)
        comps = self.complements(word, that=kind != "demand" or lemma in _DEMAND_THAT)
        if not comps:
            return []
        if word.pos_ == "NOUN":
            # whose demand or offer: "Israel's", "a US offer", "an appeal from X", or the one who
            # issued, made or repeated it
            sources = [e for c in word.children if c.dep_ in ("poss", "compound", "amod", "nmod")
                       for e in self.a.actors(c, word.head)]
            sources += [e for c in word.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                        for p in _pobjs(c) for e in self.a.actors(p, word)]
            if not sources and word.dep_ == "dobj" and _lemma(word.head) in _ISSUE_VERBS:
                sources = self.subjects(word.head)
        elif word.pos_ == "ADJ":
            sources = self.subjects(word.head)
        else:
            sources = self.subjects(word)
        negated = _negated(word) or (word.pos_ == "ADJ" and _negated(word.head))
        out: list[_Event] = []
        for comp in comps:
            inner_tok, inner = self.inner(comp)
            self.consumed.update(t.i for t in self.clause_verbs(comp))
            if inner is not None and inner[1] is not None:
                self.consumed.add(inner[1].i)
            # "vowed not to return the Golan Heights": a refusal
            inner_negated = _negated(comp) or _negated(inner_tok)
            if inner_negated and kind == "intent" and not negated:
                event = self._framed(kind, word, comp, inner_tok, inner, sources, True)
            elif inner_negated:
                event = None
            else:
                event = self._framed(kind, word, comp, inner_tok, inner, sources, negated)
            if event is not None:
                out.append(event)
        return out

    def _framed(self, kind: str, word: Token, comp: Token, inner_tok: Token,
                inner: tuple[str, Token | None] | None, sources: list[Entity], negated: bool) -> _Event | None:
        if not sources or negated and kind != "intent":
            return None
        inner_pred = inner[0] if inner else None
        inner_targets, _ = self.targets(inner_tok, inner[1] if inner else None)
        reciprocal = inner_pred in _SYMMETRIC
        if reciprocal:  # "ready to resume talks with Washington in Oman": where, not whom
            inner_targets = self.parties(inner_targets, inner[1])
        if kind == "demand":
            targets = [e for c in word.children if c.dep_ in ("dobj", "dative")
                       for e in self.a.actors(c, word, loose=True)]
            targets += [e for c in word.children if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to", "from")
                        for p in _pobjs(c) for e in self.a.actors(p, word)]
            if not targets:  # "demanded that the US cancel …"
                targets = [e for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")
                           for e in self.a.actors(c, comp)]
            if _lemma(word) in _COMMANDS and _lemma(inner_tok) in _CEASE:
                self.consumed.add(word.i)  # not also a demand, read from "order" alone
                return _Event("coerces", tuple(sources), tuple(targets or inner_targets), word, _FRAME)
            return _Event("demandsFrom", tuple(sources), tuple(targets or inner_targets), word, _FRAME)
        targets = inner_targets
        if kind == "threat":
            targets = targets or self.targets(word, None)[0] or self.condition_targets(inner_tok)
            return _Event("threatens", tuple(sources), tuple(targets), word, _FRAME)
        if kind == "reject":
            return _Event("rejects", tuple(sources), tuple(targets), word, _FRAME, reciprocal)
        # intent
        lemma = word.lower_ if word.pos_ == "NOUN" else _lemma(word)
        if negated:
            if inner_pred in COOPERATIVE or (inner_pred is None and lemma in _COMMIT_FRAMES):
                return _Event("rejects", tuple(sources), tuple(targets), word, _FRAME, reciprocal)
            return None
        if inner_pred is None:
            if lemma not in _COMMIT_FRAMES:
                return None
            return _Event("agreeWith", tuple(sources), tuple(targets), word, _COMMITMENT)
        if self._unless(word) or self._unless(inner_tok) or inner_pred in _MATERIAL_HOSTILE:
            targets = targets or self.condition_targets(inner_tok) or self.condition_targets(word)
            return _Event("threatens", tuple(sources), tuple(targets), word, _FRAME)
        if inner_pred in COOPERATIVE:
            return _Event("agreeWith", tuple(sources), tuple(targets), word, _FRAME, reciprocal)
        return _Event(inner_pred, tuple(sources), tuple(targets), word, _COMMITMENT)

    @staticmethod
    def _unless(tok: Token) -> bool:
        return any(c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children) for c in tok.children)

    def obligation_event(self, verb: Token) -> list[_Event]:
        """"X said (that) Y must …": X demands of Y."""
        if not (_aux(verb) & _OBLIGATION) or verb.dep_ != "ccomp" or _lemma(verb.head) not in _SPEECH:
            return []
        sources = self.subjects(verb.head)
        targets = [e for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for e in self.a.actors(c, verb)]
        if not sources or not targets:
            return []
        self.consumed.add(verb.i)
        self.consumed.update(o.i for o in _objects(verb))
        return [_Event("demandsFrom", tuple(sources), tuple(targets), verb, _FRAME)]

    def verb_event(self, verb: Token) -> list[_Event]:
        found = _verb_predicate(verb)
        if found is None or _unreal(verb) or (verb.dep_ in ("acl", "relcl") and _infinitive(verb)) or verb.dep_ in (
            "amod", "compound", "nmod"
        ) or (verb.dep_ == "pcomp" and verb.head.lower_ == "with"):
            # "if he gave them a veto", "plans to sell weapons", "an appeal to lay down arms", "attacking style",
            # "started the game with attacking style" (the parser's verb): a manner, no act
            return []
        if (verb.dep_ == "pcomp" and verb.head.dep_ == "prep"
                and VERBS.get(_lemma(verb.head.head)) in ("accuses", "threatens")):
            # "accused Britain of supplying missiles to Ukraine", "warned the US against attacking
            # Iran": alleged or warned of, not stated
            return []
        predicate, noun = found
        meeting = predicate in _SYMMETRIC  # before "will"/"not" turn it: "will evacuate" is no meeting
        if noun is not None:
            self.consumed.add(noun.i)
        negated = _negated(verb)
        if negated:
            if predicate not in COOPERATIVE:
                return []
            predicate = "rejects"
        elif _aux(verb) & _FUTURE:
            if self._unless(verb) or predicate in _MATERIAL_HOSTILE:
                predicate = "threatens"
            elif predicate in COOPERATIVE:
                predicate = "agreeWith"
        sources = self.subjects(verb)
        targets, factor = self.targets(verb, noun)
        if meeting:  # "met in Moscow", "held talks in Moscow": where they met, not whom
            targets = [] if factor < 1.0 else self.parties(targets, noun)
        if predicate == "agreeWith" and any((inner := _verb_predicate(c)) is not None and inner[0] in _MATERIAL_HOSTILE
                                            for c in verb.children if c.dep_ in ("advcl", "xcomp") and _infinitive(c)):
            predicate = "threatens"  # "agreed to extend sanctions against Russia": no agreement with Russia
        purpose = self.purpose_targets(verb)
        if factor < 1.0 and purpose:
            targets, factor = purpose, _PLACE_FACTOR
        elif predicate == "mobilizesAgainst" and purpose:
            targets = purpose  # "sent troops to Russia to fight against Ukraine": the enemy, not the host
        if predicate == "threatens" and not targets:
            targets = self.condition_targets(verb)
        confidence = _VERB * factor
        if not sources and any(c.dep_ == "nsubjpass" for c in verb.children):
            # "A US national was put under investigation in Italy": the state where it happened acted
            places = [e for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"
                      for p in _pobjs(c) for e in self.a.actors(p, verb)]
            sources = [e for e in places if e.type == "Country"]
            targets = [e for e in targets if e not in sources]
            confidence = _IMPLIED_SOURCE
        # "a truce mediated by Qatar and Turkey": mediators do not meet each other
        reciprocal = (predicate in _SYMMETRIC or predicate == "fights") and _lemma(verb) not in _GO_BETWEEN
        return [_Event(predicate, tuple(sources), tuple(targets), verb, confidence, reciprocal)]

    def noun_event(self, noun: Token) -> list[_Event]:
        predicate = _noun_predicate(noun)
        if predicate is None or _denied(noun) or (noun.dep_ == "nsubj" and _lemma(noun.head) in _ENDED):
            return []  # "The ceasefire between Israel and Hamas collapsed"
        for c in noun.children:
            # the parser's noun compound of a verb and its object: "after Trump cut aid to Colombia"
            by_object = OBJECT_EVENTS.get(c.lower_) if c.dep_ in ("compound", "amod") else None
            if by_object and noun.lower_ in by_object:
                predicate = by_object[noun.lower_]
        sources: list[Entity] = []
        targets: list[Entity] = []
        for c in noun.children:
            if c.dep_ == "poss":
                sources += self.a.actors(c, noun.head)
            elif c.dep_ == "prep" and c.lower_ == "between":
                objs = [e for p in _pobjs(c) for e in self.a.actors(p, noun)]
                if len(objs) >= 2:
                    sources.append(objs[0])
                    targets += objs[1:]
            elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
                sources += [e for p in _pobjs(c) for e in self.a.actors(p, noun)]
            elif c.dep_ == "prep" and c.lower_ in _NOUN_TARGET_PREPS:
                targets += [e for p in _pobjs(c) for e in self.a.actors(p, noun, loose=True)]
            elif c.dep_ in ("compound", "amod", "nmod") and (e := self.a.named(c) or self.a.country(c)):
                sources.append(e)  # "U.S. sanctions on Iran", "Palestinian riots against …"
        return [_Event(predicate, tuple(sources), tuple(targets), noun, _NOUN)]

    # -- one sentence ----------------------------------------------------------------------------

    def run(self, words: list[Token], obliged: list[Token]) -> list[_Event]:
        """The events of one sentence, from its lexicon words and its verbs with "must"/"should"."""
        # Outermost first: a frame consumes the events in its complement before they are read alone.
        words.sort(key=lambda t: sum(1 for _ in t.ancestors))
        found: list[_Event] = []
        for tok in words:
            if tok.pos_ in ("VERB", "ADJ", "AUX", "NOUN") and tok.i not in self.consumed:
                found += self.frame_events(tok)
        for tok in obliged:
            if tok.pos_ in ("VERB", "AUX") and tok.i not in self.consumed:
                found += self.obligation_event(tok)
        for tok in words:
            if tok.pos_ == "VERB" and tok.i not in self.consumed:
                found += self.verb_event(tok)
        for tok in words:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.consumed:
                found += self.noun_event(tok)
        return found


def _pairs(event: _Event) -> Iterator[tuple[Entity, Entity]]:
    if event.targets:
        for s in event.sources:
            for t in event.targets:
                yield s, t
    elif event.reciprocal and len(event.sources) > 1:
        # "Hungary and Romania agreed": a reciprocal event between the conjoined actors
        for i, s in enumerate(event.sources):
            for t in event.sources[i + 1 :]:
                yield s, t


@functools.lru_cache(maxsize=1)
def _hashes() -> tuple[np.ndarray, np.ndarray]:
    from spacy.strings import hash_string

    return id_table(map(hash_string, _TRIGGER_WORDS)), id_table(map(hash_string, _OBLIGATION))


def _by_sentence(doc: Doc) -> list[tuple[Span, list[Token], list[Token]]]:
    """The sentences with a lexicon word: each with the tokens whose word or lemma is in a lexicon
    and the verbs that have a "must"/"should". Comparing token hashes, all at once, keeps this fast."""
    from spacy.attrs import LEMMA, LOWER

    words, obligation = _hashes()
    lower, lemma = token_array(doc, LOWER), token_array(doc, LEMMA)
    obliging = member(lower, obligation)
    where = np.flatnonzero(obliging | member(lower, words) | member(lemma, words)).tolist()
    if not where:
        return []
    hits = zip(where, obliging[where].tolist())
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    found: dict[int, tuple[Span, list[Token], list[Token]]] = {}
    for i, obliging in hits:
        k = bisect.bisect_right(starts, i) - 1
        entry = found.setdefault(k, (sents[k], [], []))
        tok = doc[i]
        if obliging:
            if tok.dep_ == "aux":
                entry[2].append(tok.head)
        else:
            entry[1].append(tok)
    return [found[k] for k in sorted(found)]


_PRESS_TALK = _SPEECH | {"discuss", "talk", "speak", "confer", "chat", "interview"}


def _press_talk(event: _Event, source: Entity, target: Entity) -> bool:
    """Whether a news medium only talks or is talked to ("Heald told The Huffington Post", "With
    Wikinews, Sarvis discusses …"): an interview (:mod:`kg.extract.relations`), not an event."""
    media = source.type == "NewsMediaOrganization" or target.type == "NewsMediaOrganization"
    return media and _lemma(event.trigger) in _PRESS_TALK


def events(doc: Doc, *, article: Article, index: EntityIndex) -> Iterator[Fact]:
    """PLOVER-style event facts between the actors of ``doc``."""
    candidates = _by_sentence(doc)
    if not candidates:
        return
    actors = _Actors(index, article)
    seen: set[tuple[str, str, str, int]] = set()
    for sent, words, obliged in candidates:
        for event in _Clauses(actors).run(words, obliged):
            for source, target in _pairs(event):
                if source.iri == target.iri or _press_talk(event, source, target):
                    continue
                if event.predicate in _SYMMETRIC and source.iri > target.iri:
                    source, target = target, source
                key = (source.iri, event.predicate, target.iri, sent.start)
                if key in seen:
                    continue
                seen.add(key)
                actors.commit(source)
                actors.commit(target)
                ev = sentence_evidence(sent, article_id=article.id, extractor=f"events.{_lemma(event.trigger)}",
                                       confidence=event.confidence)
                yield Fact(source, event.predicate, target, ev)
