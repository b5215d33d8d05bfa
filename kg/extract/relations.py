"""Relations between entities read off the dependency parse.

Small generator patterns, each yielding :class:`~kg.model.Fact` records with their evidence:

* roles: "the head of the NATO Military Committee, Giuseppe Cavo Dragone", "X, president of Y",
  "X is the spokesman for Y", "U.S. President Donald Trump", "Russia's president Vladimir Putin";
* places: "ORG, based in CITY", "CITY, COUNTRY", "CITY, the capital of COUNTRY", "X lives in Y";
* killings: "X killed Y", "Y was killed by X";
* the press: "in an interview with MEDIA", "MEDIA interviewed PERSON", "PERSON was interviewed by
  MEDIA", "PERSON spoke to (discussed … with, told) MEDIA", "according to (reports from) MEDIA",
  "MEDIA reported …".

:func:`relations` then hands every pair of entities of a sentence to the relation classifier
(:mod:`kg.extract.classifier`), with the patterns that fired for the pair among its features:
the classifier's calibrated probability becomes the confidence of the pattern's fact, and a pair
no pattern covers becomes a ``worksFor``/``basedIn``/``locatedIn``/``livesIn``/``killed`` fact
when the probability reaches the model's threshold (and the verb joining the two is not negated;
a ``worksFor`` not to an organisation the parse ties to another person of the sentence, "A of
the Civic Party and B of the Democratic Party"; a ``killed`` only in a sentence that tells of a
killing).
Accepted facts chain through places: X lives in A and A is located in B gives X lives in B.

Examples
--------
>>> predicate_for_role("president", "Country"), predicate_for_role("president", "Organization")
('presidentOf', 'heads')
>>> predicate_for_role("spokeswoman", "Organization")
'spokespersonFor'
>>> predicate_for_role("president", "Person") is None
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from kg.doccache import doc_cache, id_table, member, token_array
from kg.extract.classifier import (
    COARSE_TYPE,
    Candidate,
    DocMemo,
    LinearModel,
    candidates,
    load_model,
    lowest_common_ancestor,
    negated,
    pair_features,
    relation_for,
)
from kg.extract.events import COOPERATIVE, OBJECT_EVENTS, VERBS
from kg.extract.evidence import sentence_evidence
from kg.extract.places import based_possibly, contained
from kg.extract.quotes import SPEECH_VERBS, quoted_statements, quoted_titles
from kg.model import Entity, Evidence, Fact, Mention
from kg.nlp import token_positions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.extract.entities import EntityIndex
    from kg.model import Article

__all__ = ["relations", "pattern_facts", "candidate_table", "predicate_for_role", "ROLE_NOUNS"]

_PLACES = {"Country", "City", "AdministrativeArea", "Place"}
_ORGS = {"Organization", "NewsMediaOrganization"}
_ACTORS = _PLACES | _ORGS

# role noun → (predicate for an organisation, predicate for a country/place)
ROLE_NOUNS: dict[str, tuple[str | None, str | None]] = {
    "president": ("heads", "presidentOf"),
    "head": ("heads", "heads"),
    "chief": ("heads", "heads"),
    "leader": ("heads", "heads"),
    "chairman": ("heads", None),
    "chairwoman": ("heads", None),
    "chairperson": ("heads", None),
    "chair": ("heads", None),
    "director": ("heads", None),
    "director-general": ("heads", None),
    "secretary-general": ("heads", None),
    "ceo": ("heads", None),
    "boss": ("heads", None),
    "commander": ("heads", None),
    "mayor": (None, "heads"),
    "governor": (None, "heads"),
    "king": (None, "headOfStateOf"),
    "queen": (None, "headOfStateOf"),
    "monarch": (None, "headOfStateOf"),
    "emir": (None, "headOfStateOf"),
    "premier": (None, "headOfGovernmentOf"),
    "chancellor": (None, "headOfGovernmentOf"),
    "spokesman": ("spokespersonFor", "spokespersonFor"),
    "spokeswoman": ("spokespersonFor", "spokespersonFor"),
    "spokesperson": ("spokespersonFor", "spokespersonFor"),
    "member": ("memberOf", None),
    "minister": (None, "worksFor"),
    "secretary": ("worksFor", "worksFor"),  # "U.S. Secretary of State Marco Rubio"
    "ambassador": (None, "worksFor"),
    "envoy": ("worksFor", "worksFor"),
    "official": ("worksFor", "worksFor"),
    "adviser": ("worksFor", "worksFor"),
    "advisor": ("worksFor", "worksFor"),
    "aide": ("worksFor", "worksFor"),
    "diplomat": ("worksFor", "worksFor"),
    "employee": ("worksFor", None),
    "correspondent": ("worksFor", None),
    "reporter": ("worksFor", None),
    "editor": ("worksFor", None),
    "analyst": ("worksFor", None),
    "researcher": ("worksFor", None),
    "professor": ("worksFor", None),
    "general": ("worksFor", "worksFor"),
    "citizen": (None, "citizenOf"),
    "resident": (None, "livesIn"),
}
# "prime minister" is one role; so are "foreign minister" and "secretary general".
_COMPOUND_ROLES = {("prime", "minister"): "premier", ("secretary", "general"): "secretary-general"}
_ROLE_PREPS = {"of", "for", "at", "to", "in"}
_KILL_VERBS = frozenset({"kill", "assassinate", "murder", "execute", "slay"})
_SPEECH_FROM_MEDIA = {"report", "say", "publish", "claim", "reveal", "write", "quote", "cite", "confirm"}


def predicate_for_role(role: str, object_type: str) -> str | None:
    """The predicate "PERSON —?→ X" for a role noun, given the type of X (None if none fits)."""
    pair = ROLE_NOUNS.get(role.lower())
    if pair is None:
        return None
    if object_type in _ORGS:
        return pair[0]
    if object_type in _PLACES:
        return pair[1]
    return None


def _role_of(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    for (first, second), role in _COMPOUND_ROLES.items():
        if lemma == second and any(c.lower_ == first for c in token.children if c.dep_ in ("compound", "amod")):
            return role
    return lemma if lemma in ROLE_NOUNS else None


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _role_holders(role_tok: Token, index: EntityIndex) -> list[Entity]:
    """Persons a role noun is said of: apposition, copula, or the role as a title."""
    found = _appositive_persons(role_tok, index)
    head = role_tok.head
    if role_tok.dep_ == "appos" and (e := index.in_subtree(head)) and e.type == "Person":
        found.append(e)
    if role_tok.dep_ == "attr" and head.lemma_ == "be":
        for sib in head.children:
            if sib.dep_ in ("nsubj", "nsubjpass") and (e := index.in_subtree(sib)) and e.type == "Person":
                found.append(e)
    if role_tok.dep_ in ("compound", "appos", "nmod") and (e := index.at(head)) and e.type == "Person":
        found.append(e)  # "President Donald Trump", "NATO chief Mark Rutte"
    return found


def _appositive_persons(noun: Token, index: EntityIndex) -> list[Entity]:
    """The persons in apposition with ``noun`` ("the minister, Gérald Darmanin, and …")."""
    return [e for child in noun.children if child.dep_ == "appos"
            for t in _with_conjuncts(child) if (e := index.in_subtree(t)) and e.type == "Person"]


def _role_objects(role_tok: Token, index: EntityIndex) -> list[Entity]:
    """What the role is of: "head of X", "X's president", "U.S. President", "NATO chief"."""
    found: list[Entity] = []
    for child in role_tok.children:
        if child.dep_ == "prep" and child.lower_ in _ROLE_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(e for t in _with_conjuncts(pobj) if (e := index.in_subtree(t)))
        elif child.dep_ in ("poss", "compound", "nmod", "amod") and (e := index.in_subtree(child)):
            if child.is_title and index.at(child) is None:
                continue  # "the Arts and Humanities Citation Index Professor Chomsky": of the index
            found.append(e)
    return [e for e in found if e.type in _ACTORS]


def _nationality_countries(role_tok: Token, index: EntityIndex, article: Article) -> list[tuple[Entity, Mention]]:
    """The country a nationality word before the role names, with that word as its mention:
    "French President Emmanuel Macron", "the British prime minister, Keir Starmer". A nationality
    is no node of its own (:mod:`kg.extract.entities`); the office makes its country one."""
    gaz = index.gazetteer
    found: list[tuple[Entity, Mention]] = []
    if gaz is None:
        return found
    for child in role_tok.children:
        if (child.dep_ not in ("amod", "compound") or child.ent_type_ != "NORP" or index.at(child) is not None
                or not child.is_title):
            continue
        start, end = child.i, child.i + 1  # the whole nationality: "South Korean"
        while start > 0 and child.doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(child.doc) and child.doc[end].ent_iob_ == "I":
            end += 1
        span = child.doc[start:end]
        entry = gaz.demonym(span.text)
        if entry is None or entry.type != "Country":
            continue  # "European", "Kurdish": a region or a people, not a state with offices
        mention = Mention(article.id, span.start_char, span.end_char, span.text, "NORP")
        found.append((index.entry_entity(entry), mention))
    return found


# A role held no more: "former", "ex-", "the late", "then-". Its pattern fact marks the pair for
# the classifier, as any role does, but is no fact of the graph (see _scored).
_PAST_WORDS = frozenset({"former", "ex", "late", "then", "erstwhile", "onetime", "one-time", "previous"})
_PAST_ROLE = "former-"
_PAST_EXTRACTOR = f"relations.role:{_PAST_ROLE}"


def _roles(doc: Doc, index: EntityIndex, article: Article) -> Iterator[Fact]:
    for tok in _lemma_tokens(doc, _ROLE_WORDS):
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        role = _role_of(tok)
        if role is None or index.at(tok) is not None and index.at(tok).type != "Person":
            continue
        holders = _role_holders(tok, index)
        if not holders:
            continue
        modifiers = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        held = f"{_PAST_ROLE}{role}" if modifiers & _PAST_WORDS else role  # "Former U.S. President Barack Obama"
        objects = [(obj, None) for obj in _role_objects(tok, index)]
        if not objects and predicate_for_role(role, "Country") != "heads":
            # not "Russian opposition leader", "an Iraqi governor": no office of the state
            objects = _nationality_countries(tok, index, article)
        # "Israel's Mossad chief David Barnea" heads the Mossad, and Israel's is the Mossad
        of_org = any(COARSE_TYPE.get(obj.type) == "Org" for obj, _ in objects)
        for obj, mention in objects:
            predicate = predicate_for_role(role, obj.type)
            if predicate is None or (obj.type in _PLACES and modifiers & _GROUP_WORDS):
                continue  # "Russia's opposition leader Alexei Navalny" leads no country
            if predicate in _HEAD_PREDICATES and (modifiers & _SECOND_WORDS or _units(tok, index)
                                                  or obj.type in _PLACES and of_org):
                predicate = "worksFor"  # "U.S. Vice President Kamala Harris", "Pakistan's army chief"
            confidence = 0.9 if tok.dep_ in ("appos", "attr") or any(c.dep_ == "appos" for c in tok.children) else 0.8
            ev = sentence_evidence(tok.sent, article_id=article.id, extractor=f"relations.role:{held}",
                                   confidence=confidence)
            people = [person for person in holders if person.iri != obj.iri]
            if people and mention is not None:  # the country becomes a node, mentioned by its nationality
                index.add_mention(obj, mention)
            for person in people:
                yield Fact(person, predicate, obj, ev)


# Verbs saying a person heads what they govern or chair: "Maduro has ruled Venezuela since 2013".
# Not "lead", which leads teams to titles and troops into towns.
_HEADING_VERBS = {"rule": _PLACES, "govern": _PLACES, "chair": _ORGS, "head": _ORGS | _PLACES}
_HEADING_LEMMAS = frozenset(_HEADING_VERBS)


def _ruled(doc: Doc, index: EntityIndex, article: Article) -> Iterator[Fact]:
    for tok in _lemma_tokens(doc, _HEADING_LEMMAS):
        if tok.pos_ != "VERB" or negated(tok):
            continue
        kinds = _HEADING_VERBS[tok.lemma_.lower()]
        subjects = [e for c in tok.children if c.dep_ == "nsubj" for t in _with_conjuncts(c)
                    if (e := index.in_subtree(t)) is not None and e.type == "Person"]
        objects = [e for c in tok.children if c.dep_ == "dobj" for t in _with_conjuncts(c)
                   if (e := index.in_subtree(t)) is not None and e.type in kinds]
        if not subjects or not objects:
            continue
        ev = sentence_evidence(tok.sent, article_id=article.id, extractor=f"relations.role:{tok.lemma_.lower()}",
                               confidence=0.8)
        for person in subjects:
            for obj in objects:
                yield Fact(person, "heads", obj, ev)


def _places(doc: Doc, index: EntityIndex, article: Article) -> Iterator[Fact]:
    by_token = index.by_token
    residence = {t.i for t in _lemma_tokens(doc, _RESIDENCE_LEMMAS)}
    for i in sorted(residence.union(by_token)):  # the tokens either pattern can start from, in order
        tok = doc[i]
        iri = by_token.get(i)
        ent = index.entities[iri] if iri is not None else None
        # "Kharkiv, Ukraine" / "Paris, the capital of France"
        if ent is not None and ent.type in _PLACES and by_token.get(tok.i + 1) != iri:
            for child in tok.children:
                if child.dep_ != "appos":
                    continue
                other = index.in_subtree(child)
                if other is not None and other.type == "Country" and ent.type != "Country" and other.iri != ent.iri:
                    ev = sentence_evidence(tok.sent, article_id=article.id, extractor="relations.place_apposition",
                                           confidence=0.75)
                    yield Fact(ent, "locatedIn", other, ev)
                if child.lemma_ == "capital":
                    for obj in _role_objects(child, index):
                        if obj.type == "Country" and ent.type != "Country":
                            ev = sentence_evidence(tok.sent, article_id=article.id, extractor="relations.capital",
                                                   confidence=0.85)
                            yield Fact(ent, "capitalOf", obj, ev)
        # "X, based in Y", "X is headquartered in Y", "X lives in Y"
        if i in residence:
            lemma = tok.lemma_.lower()
            subj = None
            if tok.dep_ in ("acl", "relcl") and tok.head is not None:
                subj = index.in_subtree(tok.head)
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and (e := index.in_subtree(child)):
                    subj = e
            if subj is None:
                continue
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    for pobj in prep.children:
                        obj = index.in_subtree(pobj)
                        if obj is None or obj.type not in _PLACES:
                            continue
                        if lemma in ("live", "reside") and subj.type == "Person":
                            pred = "livesIn"
                        elif lemma not in ("live", "reside") and subj.type in _ORGS:
                            pred = "basedIn"
                        else:
                            continue
                        ev = sentence_evidence(tok.sent, article_id=article.id, extractor=f"relations.{pred}",
                                               confidence=0.8)
                        yield Fact(subj, pred, obj, ev)


# Words before a role that make it a second's ("vice president") or another group's ("opposition
# leader", "party chief"): not the head of the country or organisation named with it.
_SECOND_WORDS = frozenset({"vice", "deputy", "assistant", "under"})
_GROUP_WORDS = frozenset({"opposition", "rebel", "party", "union", "militia", "separatist", "religious", "spiritual",
                          "student", "business", "community", "tribal", "church", "club", "team", "insurgent",
                          "protest", "movement", "guerrilla", "clan"})
_WHOLE_WORDS = frozenset({"board", "executive", "general", "managing"})  # "board chairman" chairs it all
# ... nor the first word of a two-word title ("secretary general")
_NO_UNITS = _GROUP_WORDS | _WHOLE_WORDS | {first for first, _ in _COMPOUND_ROLES}


def _units(role_tok: Token, index: EntityIndex) -> list[str]:
    """Common nouns before a head's title naming a part of what the title is of: "army chief",
    "EU foreign policy chief", "UN aid chief" (not a group's own: "party leader")."""
    return [c.lower_ for c in role_tok.children if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"
            and c.is_lower and index.at(c) is None and c.lower_ not in _NO_UNITS]


_HEAD_PREDICATES = frozenset({"heads", "presidentOf", "headOfStateOf", "headOfGovernmentOf"})
_RESIDENCE_LEMMAS = frozenset({"base", "headquarter", "headquartered", "live", "reside"})
_ROLE_WORDS = frozenset(ROLE_NOUNS) | {second for _, second in _COMPOUND_ROLES}
_LEMMA_MEMO: dict[frozenset[str], dict[int, bool]] = {}  # word set → lemma hash → lemma in it


def _lemma_tokens(doc: Doc, words: frozenset[str]) -> list[Token]:
    """The tokens whose lemma, in any case, is one of ``words``, in order.

    Each distinct lemma is looked up once (a memo per word set, across Docs): walking the Doc
    and reading every token's ``lemma_`` makes a Token and a new string per token, and three
    patterns walked every Doc that way.
    """
    from spacy.attrs import LEMMA

    memo = _LEMMA_MEMO.setdefault(words, {})
    if len(memo) > 500_000:
        memo.clear()
    strings = doc.vocab.strings
    lemmas = token_array(doc, LEMMA)
    cache = doc_cache(doc)
    distinct = cache.get("distinct lemmas")
    if distinct is None:
        distinct = cache["distinct lemmas"] = np.unique(lemmas).tolist()
    found = []
    for h in distinct:
        hit = memo.get(h)
        if hit is None:
            hit = memo[h] = strings[h].lower() in words
        if hit:
            found.append(h)
    if not found:
        return []
    return [doc[i] for i in np.flatnonzero(member(lemmas, id_table(found))).tolist()]


def _killings(doc: Doc, index: EntityIndex, article: Article) -> Iterator[Fact]:
    for tok in _lemma_tokens(doc, _KILL_VERBS):
        if tok.pos_ != "VERB":
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        agents: list[Entity] = []
        victims: list[Entity] = []
        for child in tok.children:
            if child.dep_ == "nsubj":
                agents += [e for t in _with_conjuncts(child) if (e := index.in_subtree(t))]
            elif child.dep_ in ("dobj", "nsubjpass"):
                victims += [e for t in _with_conjuncts(child) if (e := index.in_subtree(t))]
            elif child.dep_ == "agent":
                agents += [e for p in child.children for t in _with_conjuncts(p) if (e := index.in_subtree(t))]
        for a in agents:
            for v in victims:
                if a.type == "Person" and v.type == "Person" and a.iri != v.iri:
                    ev = sentence_evidence(tok.sent, article_id=article.id, extractor="relations.kill", confidence=0.8)
                    yield Fact(a, "killed", v, ev)


def _press(doc: Doc, index: EntityIndex, article: Article) -> Iterator[Fact]:
    media_at = sorted(i for i, iri in index.by_token.items() if index.entities[iri].type == "NewsMediaOrganization")
    if not media_at:
        return  # most articles name no news medium: no need to walk their sentences
    for sent in doc.sents:
        in_sent = [i for i in media_at if sent.start <= i < sent.end]
        if not in_sent:
            continue
        seen: set[tuple[str, str, str]] = set()
        for i in in_sent:
            tok = doc[i]
            medium = index.at(tok)
            # climb to the preposition and the noun/verb it hangs from
            head = tok.head
            while head.dep_ in ("compound", "flat", "appos") and head.i != head.head.i:
                head = head.head
            facts: list[tuple[Entity, str, Entity, float]] = []
            if head.lower_ == "with" and head.head.lemma_.lower() == "interview":
                governor = head.head.head.head if head.head.dep_ == "pobj" else head.head.head
                for person in _subjects(governor, index):
                    facts.append((person, "gaveInterviewTo", medium, 0.8))
            elif head.lower_ in ("from", "by", "to") and any(
                t.lower_ == "according" or t.lemma_ in ("report", "story", "article") for t in head.head.ancestors
            ) | (head.head.lower_ in ("according", "reports", "report")):
                facts += [(medium, "reportedOn", e, 0.6) for e in _entities_outside(sent, index, medium)]
            elif tok.dep_ in ("nsubj", "compound") and tok.head.lemma_.lower() == "interview":
                # "the BBC interviewed Putin"; a headline's "Wikinews interviews Christopher Hill"
                # parses as a noun compound of the name
                verb = tok.head
                people = _objects(verb, index) if verb.pos_ == "VERB" else [
                    e for e in (index.at(verb.head),) if e is not None and e.type == "Person"]
                facts += [(person, "gaveInterviewTo", medium, 0.8) for person in people]
            elif tok.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() == "interview":
                facts += [(person, "gaveInterviewTo", medium, 0.8) for person in _subjects(head.head, index)]
            elif (tok.dep_ == "pobj" and head.lower_ in ("with", "to") and head.head.lemma_.lower() in _TALK) or (
                    tok.dep_ in ("dobj", "dative") and tok.head.lemma_.lower() == "tell"):
                # "With Wikinews, Sarvis discusses …", "spoke to Reuters", "told The Huffington Post"
                verb = head.head if tok.dep_ == "pobj" else tok.head
                people = [e for e in _subjects(verb, index) if e.type == "Person"]
                facts += [(person, "gaveInterviewTo", medium, 0.7) for person in people]
            elif tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SPEECH_FROM_MEDIA:
                facts += [(medium, "reportedOn", e, 0.6) for e in _entities_outside(sent, index, medium)]
            for s, p, o, conf in facts:
                if (s.iri, p, o.iri) in seen or s.iri == o.iri:
                    continue
                seen.add((s.iri, p, o.iri))
                ev = sentence_evidence(sent, article_id=article.id, extractor=f"relations.press:{p}", confidence=conf)
                yield Fact(s, p, o, ev)


_TALK = frozenset({"discuss", "talk", "speak", "chat"})


def _subjects(verb: Token, index: EntityIndex) -> list[Entity]:
    """Person subjects of ``verb`` (and of the clause it modifies), pronouns resolved."""
    from kg.extract.coref import resolve_pronoun

    found: list[Entity] = []
    for v in (verb, verb.head):
        for child in v.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                ent = index.in_subtree(child) or resolve_pronoun(child, index)
                if ent is None:
                    # "the head of X, PERSON, revealed …": the subject noun's apposition
                    ent = next((index.in_subtree(a) for a in child.children if a.dep_ == "appos"), None)
                if ent is not None and ent.type == "Person":
                    found.append(ent)
        if found:
            break
    return found


def _objects(verb: Token, index: EntityIndex) -> list[Entity]:
    """Person direct objects of ``verb``, with their conjuncts."""
    found: list[Entity] = []
    for child in verb.children:
        if child.dep_ == "dobj":
            for tok in _with_conjuncts(child):
                ent = index.in_subtree(tok)
                if ent is not None and ent.type == "Person" and ent not in found:
                    found.append(ent)
    return found


def _entities_outside(sent, index: EntityIndex, medium: Entity) -> list[Entity]:
    out: dict[str, Entity] = {}
    for t in sent:
        e = index.at(t)
        if e is not None and e.iri != medium.iri and e.type != "NewsMediaOrganization":
            out.setdefault(e.iri, e)
    return list(out.values())


def pattern_facts(doc: Doc, index: EntityIndex, article: Article) -> list[Fact]:
    """The facts the hand-written patterns find: roles, places, killings and press attributions."""
    return [*_roles(doc, index, article), *_ruled(doc, index, article), *_places(doc, index, article),
            *_killings(doc, index, article), *_press(doc, index, article)]


PairKey = tuple[str, str, int]  # (head iri, tail iri, sentence start offset)


def candidate_table(doc: Doc, index: EntityIndex, article: Article, patterns: list[Fact],
                    memo: DocMemo | None = None) -> list[tuple[Candidate, list[str], PairKey]]:
    """Every candidate mention pair of ``doc`` with its features and the key of its entity pair.

    A pattern fact about the same two entities in the same sentence becomes a feature
    (``pattern:heads``; ``pattern:rev:killed`` when it runs the other way).
    """
    fired: dict[PairKey, list[str]] = defaultdict(list)
    for f in patterns:
        if hasattr(f.object, "iri"):
            fired[(f.subject.iri, f.object.iri, f.evidence.start)].append(f.predicate)
            fired[(f.object.iri, f.subject.iri, f.evidence.start)].append(f"rev:{f.predicate}")
    mentions = [(span.start, span.end, index.entities[iri].type, iri) for span, iri in index.spans
                if index.entities[iri].type in COARSE_TYPE]
    coarse = [(s, e, COARSE_TYPE[t]) for s, e, t, _ in mentions]
    memo = memo if memo is not None and memo.doc is doc else DocMemo(doc)
    by_sentence: dict[int, tuple[int, list[tuple[int, int, str]]]] = {}  # start → (evidence offset, mentions)
    table = []
    for cand in candidates(doc, mentions, memo):
        start, end = memo.sentence(cand.head[0])
        if start not in by_sentence:
            by_sentence[start] = (_evidence(doc[start:end], article, "", 0.0).start,
                                  [o for o in coarse if start <= o[0] < end])
        offset, others = by_sentence[start]
        key = (cand.head_iri, cand.tail_iri, offset)
        table.append((cand, pair_features(doc, cand, others, fired.get(key, ()), memo), key))
    return table


def _evidence(sent, article: Article, extractor: str, confidence: float):
    return sentence_evidence(sent, article_id=article.id, extractor=extractor, confidence=confidence)


def relations(doc: Doc, *, article: Article, index: EntityIndex,
              model: LinearModel | None = None) -> Iterator[Fact]:
    """All relation facts of ``doc``, the patterns' facts scored by the relation classifier.

    A pattern fact whose pair fits a classifier signature (see
    :func:`kg.extract.classifier.relation_for`) gets as confidence the classifier's calibrated
    probability or, if higher, the share of its pattern family's facts that were right in
    training; it is kept even below the decision threshold, so a confidence threshold filters it.
    A pair no pattern names becomes a fact of its signature relation (``worksFor``,
    ``basedIn``, ``locatedIn``, ``livesIn``, ``killed``) when the probability reaches the model's
    threshold. Other pattern facts (press, interviews) keep their own confidence; a person a
    medium interviews or reports on in the sentence is not made to work for it. A ``locatedIn``
    fact the gazetteer contradicts (:func:`kg.extract.places.contained`: Texas in Paris, the
    Libyan Tripoli in Lebanon) is dropped, whichever way it was found, and so is a ``basedIn``
    fact placing an organisation outside the country the gazetteer gives it
    (:func:`kg.extract.places.based_possibly`).
    """
    gaz, ns = index.gazetteer, index.entity_ns
    for fact in _scored(doc, article, index, model or load_model()):
        if fact.predicate == "locatedIn" and not contained(fact.subject, fact.object, gaz, ns):
            continue
        if fact.predicate == "basedIn" and not based_possibly(fact.subject, fact.object, gaz, ns):
            continue
        yield fact


def _scored(doc: Doc, article: Article, index: EntityIndex, model: LinearModel) -> Iterator[Fact]:
    found = pattern_facts(doc, index, article)
    memo = DocMemo(doc)
    best: dict[PairKey, tuple[float, Candidate]] = {}
    for cand, feats, key in candidate_table(doc, index, article, found, memo):
        p = model.probability(cand.relation, feats)
        if key not in best or p > best[key][0]:
            best[key] = (p, cand)
    covered: set[PairKey] = set()
    for f in found:
        rel = relation_for(f.predicate, f.subject.type, f.object.type) if hasattr(f.object, "iri") else None
        key = (f.subject.iri, getattr(f.object, "iri", ""), f.evidence.start)
        if f.evidence.extractor.startswith(_PAST_EXTRACTOR):
            covered.add(key)  # a role held no more is no fact now, nor is what the classifier makes of the pair
            continue
        if f.predicate == "gaveInterviewTo":
            covered.add(key)  # the medium interviewing a person is not the person's employer
        elif f.predicate == "reportedOn" and hasattr(f.object, "iri"):
            covered.add((f.object.iri, f.subject.iri, f.evidence.start))  # nor one reporting what they said
        if rel is None or key not in best:
            yield f
            continue
        covered.add(key)
        ev = f.evidence
        # the classifier judges the context; the pattern's record in training is a floor, since
        # patterns are too rare in training for the classifier to weigh them fully
        confidence = max(best[key][0], model.pattern_precision(ev.extractor))
        yield Fact(f.subject, f.predicate, f.object,
                   Evidence(ev.article_id, ev.sentence, ev.start, ev.end, ev.extractor, round(confidence, 3)))
    claimed: dict[tuple[str, int], dict[str, int]] | None = None  # made at the first worksFor
    titles: list[tuple[int, int]] | None = None  # made at the first candidate
    statements: list[tuple[int, int]] | None = None
    respectively = token_positions(doc, _RESPECTIVELY)
    sources = _attributions(doc)
    for key, (p, cand) in best.items():
        if key in covered or p < model.threshold:
            continue
        titles = titles if titles is not None else quoted_titles(doc)
        if any(a <= cand.head[0] < b or a <= cand.tail[0] < b for a, b in titles):
            continue  # 'curator of "Andy Warhol: Photographs and Prints from the University Collection"'
        statements = statements if statements is not None else quoted_statements(doc)
        if _parted(cand, statements):
            continue  # 'Wilkins said, "[Warhol] liked the way the Polaroid's front flash looked"'
        if cand.relation == "worksFor" and _parted(cand, sources):
            continue  # "According to Rathbun, a detective for the Los Angeles Sheriff's office …"
        head, tail = memo.root(*cand.head), memo.root(*cand.tail)
        if cand.relation == "worksFor":
            claimed = claimed if claimed is not None else _claimed_orgs(index, memo)
            if _claimed_by_other(doc, claimed, cand, head, memo):
                continue  # "A of the Civic Party and B of the Democratic Party": not B of the Civic Party
        bounds = memo.sentence(head.i)
        if any(bounds[0] <= i < bounds[1] for i in respectively) and _crossed(head, tail):
            continue  # "Kwok Ka-ki and Andrew Wan of respectively Civic Party and the Democratic Party"
        if _listed(head, tail) and not (cand.relation == "locatedIn" and _comma_qualified(doc, cand)):
            continue  # "Zeus, Hera, Poseidon and Athena", "Ubisoft, Microsoft and Sony": peers in a list
        if cand.relation == "worksFor" and _spoke_or_went_to(head, tail):
            continue  # "Heald told The Huffington Post": a source, not a staff member
        if cand.relation == "worksFor" and _venue(tail):
            continue  # "signed a peace deal at the White House"
        if cand.relation == "worksFor" and _opposes(head, tail):
            continue  # "Viktor Orbán blocked the EU's new sanctions package"
        if cand.relation == "worksFor" and _reported_by(head, tail):
            continue  # "Julie Hahn said they apply to … Treasury Board letters": what she spoke of
        if cand.relation in ("worksFor", "livesIn") and _names_a_thing(head):
            continue  # "an Andy Warhol exhibit at the University of Southern Indiana"
        if cand.relation == "basedIn" and _deployed(head):
            continue  # "deploying NATO troops to Ukraine", "a NATO presence in Ukraine"
        if cand.relation in ("livesIn", "basedIn") and (_acted_on(head, tail) or _partner(tail)):
            continue  # "Amnesty International accused the United States": a target, not a home
        if cand.relation in ("worksFor", "livesIn", "basedIn") and _owned_by_other(tail, cand, index):
            continue  # "Braverman with France's interior minister Gérald Darmanin": his country, not hers
        if cand.relation in ("livesIn", "basedIn") and _target_of_other(head, tail):
            continue  # "Kaja Kallas said the bloc would keep pressure on Moscow"
        if cand.relation in ("livesIn", "basedIn") and _acts_on(tail, head):
            continue  # "Iran released French citizens Cecile Kohler and …", "The US sanctioned Rosneft"
        if cand.relation in ("livesIn", "basedIn") and _capital_reported(head, tail, cand):
            continue  # "Tusk said Moscow was testing the alliance": the Russian government, no home
        if cand.relation in ("livesIn", "basedIn") and _said_elsewhere(head, tail):
            continue  # "Machado won the prize, the Norwegian Nobel Committee announced in Oslo"
        if cand.relation in ("livesIn", "basedIn") and _told_of(head, tail):
            continue  # "told the UN General Assembly that Russia must withdraw": where the news is
        if cand.relation in _WHERE and _place_acts_apart(head, tail):
            continue  # "Gorbachev proposed a zone, but the U.S. wouldn't consider that"
        if cand.relation in _WHERE and _site_of_other(tail, head, cand.head_iri, index):
            continue  # "Mohamed received attention at Google headquarters in California"
        if cand.relation in ("livesIn", "basedIn") and _occasion_site(tail):
            continue  # "volunteered for Ronald Reagan and his campaign in New Hampshire"
        if cand.relation == "killed" and not _tells_of_killing(doc[slice(*bounds)]):
            continue  # "Junius Ho defeating Lee Cheuk-yan by five thousand votes"
        if (lca := lowest_common_ancestor(doc, cand)) is not None and negated(lca):
            continue  # "Oswald did not kill Smith" states no fact
        sent = doc[cand.head[0]].sent
        yield Fact(index.entities[cand.head_iri], cand.relation, index.entities[cand.tail_iri],
                   _evidence(sent, article, f"relations.classifier:{cand.relation}", p))
    for key, p, cand in _through_places(best, model.threshold):
        sent = doc[cand.head[0]].sent
        yield Fact(index.entities[cand.head_iri], cand.relation, index.entities[cand.tail_iri],
                   _evidence(sent, article, f"relations.classifier:{cand.relation}+locatedIn", p))


# Lemmas of a sentence that tells of a killing; the classifier learnt "killed" from CoNLL04's
# assassinations and reads it into election defeats without one of these.
_KILLING_WORDS = frozenset("""
kill killer killing assassin assassinate assassination murder murderer slay slaying slayer slain shoot
shooting shot gunman gun fire bullet rifle execute execution stab stabbing strangle behead hang
poison massacre lynch death dead die homicide manslaughter bomb bombing bomber fatal fatally
""".split())


def _tells_of_killing(sent) -> bool:
    return any(t.lemma_.lower() in _KILLING_WORDS or t.lower_ in _KILLING_WORDS for t in sent)


_MEMBER_PREPS = frozenset({"of", "from"})


def _claimed_orgs(index: EntityIndex, memo: DocMemo) -> dict[tuple[str, int], dict[str, tuple[int, bool]]]:
    """Organisations a person mention is tied to by the parse, keyed by (org IRI, sentence start).

    "Alvin Yeung of (from) the Civic Party", "DAB's Ben Chan" and "U.S. Treasury Secretary Scott
    Bessent" tie the organisation to that person; the value maps each person it is tied to in the
    sentence to their mention's head token and whether the tie is a possessive before the name.
    """
    claimed: dict[tuple[str, int], dict[str, tuple[int, bool]]] = defaultdict(dict)
    for span, iri in index.spans:
        if index.entities[iri].type != "Person":
            continue
        root = span.root
        ties = list(root.children)
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            # "councillors Alvin Yeung from the Civic Party": the parser hangs the party on the noun
            ties += [c for c in root.head.children if c.dep_ == "prep" and c.i >= span.end]
        for child in ties:
            if child.dep_ == "prep" and child.lower_ in _MEMBER_PREPS:
                # "of respectively Civic Party and the Democratic Party": both parties; "of Harvard
                # University's Kennedy School": the school and the university
                objs = [c for t in child.children if t.dep_ == "pobj" for c in _with_conjuncts(t)]
                objs += [p for t in objs for p in t.children if p.dep_ == "poss"]
            elif child.dep_ == "poss":
                objs = [child]
            elif child.dep_ == "compound" and child.lower_ in _ROLE_WORDS:
                objs = [t for t in child.subtree if t is not child]  # "U.S. Treasury Secretary Scott Bessent"
            else:
                continue
            for t in objs:
                org = index.at(t)
                if org is not None and COARSE_TYPE.get(org.type) == "Org":
                    claimed[(org.iri, memo.sentence(root.i)[0])][iri] = (root.i, child.dep_ == "poss")
    return claimed


def _claimed_by_other(doc: Doc, claimed: dict[tuple[str, int], dict[str, tuple[int, bool]]],
                      cand: Candidate, head: Token, memo: DocMemo) -> bool:
    """Whether the parse ties ``cand``'s organisation to other persons of the sentence, or the
    person to another organisation, and not the one to the other.

    A person tied to an organisation of its own takes no other from the classifier ("Claudia Mo
    of the Civic Party and Wong Pik-wan of the Democratic Party", parsed with the second party
    under the first). A person tied to none shares the organisation of a conjunct it is tied to
    when the tie reaches over both: a possessive before the first ("DAB's Ben Chan and Leung
    Che-cheung"), "of" or "from" after the last ("Kwok Ka-ki and Andrew Wan of the Civic Party"),
    but not "Lau Siu-lai and Youngspiration's Yau Wai-ching". ``head`` is the root of the
    person's mention.
    """
    start = memo.sentence(head.i)[0]
    owners = claimed.get((cand.tail_iri, start), {})
    if cand.head_iri in owners:
        return False
    if any(cand.head_iri in persons for (_, at), persons in claimed.items() if at == start):
        return True  # tied to an organisation of its own: "FTU's Kwok Wai-keung and DAB's Horace Cheung"
    if not owners:
        return False
    return not any(doc[i] in head.conjuncts and (i < head.i if before else head.i < i)
                   for i, before in owners.values())


_AGENT_SUFFIXES = ("er", "or", "ist", "man", "woman", "ent", "ant", "ian")


def _names_a_thing(root: Token) -> bool:
    """Whether a person's name modifies a common noun that is no person ("the Andy Warhol
    exhibit", "the Cruise video"): it names the thing, and the person neither works for nor lives
    in what the sentence names. A role or agent noun ("Larry Jinks publisher", "Kennedy
    advisers") is left alone. So does one modifying a capitalised word outside every entity ("the
    Warhol Polaroids donated to USI"), and one a participle on a thing shows ("a video featuring
    Tom Cruise")."""
    head = root.head
    if root.dep_ == "dobj" and head.dep_ == "acl" and head.tag_ == "VBG":
        head = head.head  # "a promotional video featuring Scientologist Tom Cruise"
        if head.pos_ != "NOUN" or not head.is_lower:
            return False
    elif root.dep_ != "compound" or not (head.pos_ == "NOUN" and head.is_lower
                                         or head.pos_ == "PROPN" and not head.ent_type_):
        return False
    word = head.lemma_.lower()
    return word not in _ROLE_WORDS and not word.endswith(_AGENT_SUFFIXES)


# What an organisation sends abroad: where it is is no base of the organisation.
_DEPLOYMENTS = frozenset("""troop force soldier presence deployment mission peacekeeper peacekeeping warship
ship jet aircraft plane fighter drone vessel fleet patrol unit battalion brigade observer monitor""".split())


def _deployed(root: Token) -> bool:
    """Whether an organisation's name modifies what it deploys ("NATO troops", "a NATO presence",
    "UN peacekeepers"): they are somewhere, the organisation is not based there."""
    head = root.head
    return root.dep_ in ("compound", "poss") and head.pos_ == "NOUN" and head.lemma_.lower() in _DEPLOYMENTS


# Event verbs that are no act against their object (and verbs no event at all); all event verbs.
_NOT_OPPOSED = COOPERATIVE | {None}
_EVENT_LEMMAS = frozenset(VERBS) | frozenset(OBJECT_EVENTS)
_INSIDE_SUBJECT = frozenset({"pobj", "prep", "compound", "poss", "appos", "nmod"})
_LOCATIVE_PREPS = frozenset({"in", "at", "within", "inside", "throughout", "across", "near"})
_TOWARD_PREPS = frozenset({"to", "toward", "towards", "against", "with", "about", "into", "on", "for", "over"})


def _acted_on(subject: Token, place: Token) -> bool:
    """Whether ``place`` (a mention's root) is what ``subject`` acts on: the object of the verb the person or
    organisation is the subject of ("Amnesty International accused the United States", "Jawara
    will visit Mauritania", "shared evidence with the U.S."), inside that object ("withdraw
    inspectors from Iraq", "rejected a US offer"), or in a "to"/"against"/"with" phrase of the
    verb. "Lives in", "was born in", "based in" are not."""
    return any(_verb_acts_on(verb, place) for verb in _acting_verbs(subject))


def _acting_verbs(subject: Token) -> list[Token]:
    """The verbs a mention's root is the subject of: its clause's, and one that clause announces
    with its subject a pronoun or understood ("Annan announced that he will withdraw inspectors
    from Iraq", "decided to withdraw …")."""
    for _ in range(4):  # "members of Amnesty International accused …": up to the subject's head
        if subject.dep_ in ("nsubj", "nsubjpass") or subject.dep_ not in _INSIDE_SUBJECT:
            break
        subject = subject.head
    if subject.dep_ not in ("nsubj", "nsubjpass"):
        return []
    return [subject.head] + [c for c in subject.head.children if c.dep_ in ("ccomp", "xcomp") and all(
        s.pos_ == "PRON" for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))]


# Verbs whose "at" names a workplace: "works at IBM", "studied at Harvard".
_WORK_VERBS = frozenset({"work", "serve", "teach", "study", "train", "employ", "intern", "lecture", "research",
                         "practice", "practise", "hire", "join", "remain", "stay"})


def _venue(org: Token) -> bool:
    """Whether ``org`` (a mention's root) is where something was done: "at" a verb other than one
    of working ("signed a peace deal at the White House", "spoke at the Brookings Institution")."""
    prep = org.head
    if org.dep_ != "pobj" or prep.lower_ != "at" or prep.dep_ != "prep":
        return False
    verb = prep.head
    if verb.pos_ != "VERB":
        return False
    # "will teach acting for two weeks beginning Monday at Vanderbilt University"
    governing = verb.head if verb.dep_ in ("advcl", "xcomp", "acl") else verb
    return verb.lemma_.lower() not in _WORK_VERBS and governing.lemma_.lower() not in _WORK_VERBS


def _acts_on(place: Token, other: Token) -> bool:
    """Whether ``place`` (a mention's root), as a state, does to ``other`` what an event verb says:
    "Iran released French citizens Cecile Kohler and Jacques Paris", "The United States imposed
    sanctions on Rosneft". The actor is no home of the one it acts on ("Florida had an education
    governor, Bob Graham" is no event, and says where he lives). The place itself is the subject:
    "Israel television rejected a skit by comedian Tuvia Tzafir" is no act of Israel's."""
    return place.dep_ == "nsubj" and any(verb.lemma_.lower() in _EVENT_LEMMAS and _verb_acts_on(verb, other)
                                         for verb in _acting_verbs(place))


def _target_of_other(subject: Token, place: Token) -> bool:
    """Whether ``place`` (a mention's root) is what a verb acts on, or its object is toward, in a
    clause of someone else's that ``subject`` (a mention's root) is outside of: "Kaja Kallas said
    the bloc would keep pressure on Moscow"."""
    verb = _clause_of(place)
    if verb.i == place.i or verb.left_edge.i <= subject.i <= verb.right_edge.i:
        return False  # one clause: "Dole pinned his hopes on North Carolina, the home state of his wife"
    held = place.head.head if place.dep_ == "pobj" and place.head.lower_ in _TOWARD_PREPS else None
    if not (place.dep_ in ("dobj", "dative") and place.head.i == verb.i
            or held is not None and (held.i == verb.i or held.dep_ == "dobj" and held.head.i == verb.i)):
        return False
    return any(c.dep_ == "nsubj" and c.pos_ != "PRON" for c in verb.children)


def _opposes(person: Token, org: Token) -> bool:
    """Whether ``person`` (a mention's root) acts against ``org`` or what it has: the subject of a
    hostile event verb whose object names it ("Viktor Orbán blocked the EU's new sanctions
    package", "criticized NATO")."""
    return any(VERBS.get(verb.lemma_.lower()) not in _NOT_OPPOSED and _verb_acts_on(verb, org)
               for verb in _acting_verbs(person))


def _verb_acts_on(verb: Token, place: Token) -> bool:
    if place.dep_ in ("dobj", "dative") and place.head.i == verb.i:
        return True
    if place.dep_ == "pobj" and place.head.lower_ in _TOWARD_PREPS and place.head.head.i == verb.i:
        return True
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    if place.dep_ == "pobj" and place.head.lower_ == "from" and place.head.head.i == verb.i and objects:
        return True  # "withdraw inspectors from Iraq", "expelled diplomats from Moscow"
    # deeper inside the verb's object: "rejected a US offer", "expelled the head of Iraq's mission"
    if place.dep_ == "pobj" and place.head.lower_ in _LOCATIVE_PREPS:
        return False  # "signed a bill prohibiting storage of waste in Nevada" says where
    return any(o.left_edge.i <= place.i <= o.right_edge.i for o in objects)


def _owned_by_other(place: Token, cand: Candidate, index: EntityIndex) -> bool:
    """Whether ``place`` (a mention's root) is the possessor of a phrase in apposition with
    persons other than the candidate's head: "France's interior minister, Gérald Darmanin" ties
    France to Darmanin, and to no one else in the sentence; so do "Greenland's Prime Minister
    Jens-Frederik Nielsen" and "Mark Carney, Canada's prime minister," to them. An organisation a
    place owns is no base of another ("chipmaker Nexperia, owned by China's Wingtech"), but people
    may live there ("Jeffrey Laitman of New York's Mount Sinai School of Medicine")."""
    if place.dep_ != "poss":
        return False
    owner = index.at(place.head)
    kinds = ("Peop", "Org") if cand.relation == "basedIn" else ("Peop",)
    holders = {owner.iri} if owner is not None and COARSE_TYPE.get(owner.type) in kinds else set()
    holders |= {e.iri for e in _appositive_persons(place.head, index)}
    title = place.head
    if title.dep_ == "appos" and (e := index.at(title.head)) is not None and e.type == "Person":
        holders.add(e.iri)  # "Mark Carney, Canada's prime minister, met King Charles III"
    return bool(holders) and cand.head_iri not in holders


# Nouns of an event or a journey: a place in a phrase of one is where it happened, not a home.
_OCCASIONS = frozenset("""campaign visit trip tour rally speech appearance stop talk talks summit meeting conference
vacation holiday concert match game race primary primaries election elections stopover ceremony funeral
celebration parade commemoration festival forum gathering ceasefire truce war conflict fighting offensive
invasion airstrike airstrikes""".split())


# Verbs of meeting: "met Lavrov in Geneva" says where they met, whichever word the parser hangs
# "in Geneva" on.
_MEETING_VERBS = frozenset({"meet", "visit", "host", "welcome", "greet"})
# Verbs of arriving: "arrived in the United States for talks" says where a journey ended.
_ARRIVAL_VERBS = frozenset({"arrive", "land"})
_MEETING_OR_ARRIVAL = _MEETING_VERBS | _ARRIVAL_VERBS


def _occasion_site(place: Token) -> bool:
    """Whether ``place`` (a mention's root) is where an event or journey took place: "his campaign
    in New Hampshire", "the summit in Vilnius", "a visit to Beijing", "host peace talks in Istanbul",
    "met Lavrov in Geneva"."""
    prep = place.head
    if place.dep_ != "pobj" or prep.lower_ not in ("in", "at", "to"):
        return False
    held = prep.head
    while held.dep_ == "appos" and held.head is not held:
        held = held.head  # "met his Indian counterpart Subrahmanyam Jaishankar in New Delhi"
    if held.pos_ == "NOUN" and held.lemma_.lower() in _OCCASIONS:
        return True
    verb = held if held.pos_ == "VERB" else held.head if held.dep_ == "dobj" else None
    if verb is None or prep.lower_ == "to":
        return False
    # the parser hangs the place on the verb whose object is the occasion as often as on the
    # object: "criticized Israel's military campaign in Gaza"
    return verb.lemma_.lower() in _MEETING_OR_ARRIVAL or any(
        c.dep_ == "dobj" and c.lemma_.lower() in _OCCASIONS for c in verb.children)


# Premises of an organisation: a place that locates them is the organisation's.
_PREMISES = frozenset("""headquarters headquarter hq office offices campus embassy consulate factory plant branch
bureau compound""".split())


def _site_of_other(place: Token, head: Token, iri: str, index: EntityIndex) -> bool:
    """Whether ``place`` (a mention's root) locates the premises of an organisation other than
    ``iri`` (whose mention's root is ``head``): "at Google headquarters in California" is where
    Google is, not the visitor; "an interview in his MIT office in Cambridge, Massachusetts", "the
    United Nations headquarters in New York". Cambridge itself is in Massachusetts."""
    if place.dep_ in ("appos", "npadvmod") and place.head.ent_type_ in ("GPE", "LOC"):
        place = place.head  # "Cambridge, Massachusetts"
        if place.i == head.i:
            return False
    prep = place.head
    if place.dep_ != "pobj" or prep.lower_ not in ("in", "at") or prep.head.lemma_.lower() not in _PREMISES:
        return False
    owners = {e.iri for c in prep.head.children if c.dep_ in ("compound", "poss")
              and (e := index.at(c)) is not None and COARSE_TYPE.get(e.type) == "Org"}
    return bool(owners) and iri not in owners


_PARTNER_PREPS = frozenset({"with", "against", "about", "toward", "towards"})


def _partner(place: Token) -> bool:
    """Whether ``place`` (a mention's root) is a partner, opponent or topic ("shared evidence with
    the U.S. about contacts between al Qaeda and …", "a war against Iraq"), whoever acts. Only the
    phrase's own object: "an official with China's consulate in San Francisco" lives there."""
    return place.dep_ == "pobj" and place.head.lower_ in _PARTNER_PREPS


_TELL_LEMMAS = frozenset({"tell", "say", "state", "confirm", "explain", "write", "speak", "talk",
                          # a journey's end is no employer either: "Mohamed will travel to the United Nations"
                          "travel", "fly", "go", "head", "visit", "arrive"})


def _spoke_or_went_to(person: Token, org: Token) -> bool:
    """Whether ``person`` tells ``org`` (mention roots) something ("Heald told The Huffington
    Post", "Whitmore stated to LA Weekly") or goes there ("travel to the United Nations"): the
    person is the subject of a speech or travel verb whose object, or whose "to" phrase, is the
    organisation."""
    if person.dep_ != "nsubj":
        return False
    # the verb itself, or the one it governs: "Mohamed and his father are to travel to …"
    verbs = [person.head, *(c for c in person.head.children if c.dep_ == "xcomp")]
    for verb in verbs:
        if verb.lemma_ not in _TELL_LEMMAS:
            continue
        if org.head.i == verb.i and org.dep_ in ("dobj", "dative"):
            return True
        if org.dep_ == "pobj" and org.head.lower_ == "to" and org.head.head.i == verb.i:
            return True
    return False


def _reported_by(speaker: Token, org: Token) -> bool:
    """Whether ``org`` (a mention's root) is named in what ``speaker`` (a mention's root) says:
    the speaker is the subject of a speech verb, the organisation inside the clause it governs
    after it ("Julie Hahn said they apply to … Treasury Board letters"). Not in the inverted
    form: "The Coast Guard rescued seven people, said station chief Kenneth Compton" is news
    of the speaker's own organisation."""
    verb = speaker.head
    if speaker.dep_ != "nsubj" or speaker.i > verb.i or verb.lemma_.lower() not in SPEECH_VERBS:
        return False
    said = [c for c in verb.rights if c.dep_ == "ccomp"]
    if not said:
        return False
    # a noun the parser made a conjunct of the verb after the clause continues what was said
    # ("said they apply to letters of complaint …, and Treasury Board letters, agendas …")
    said += [c for c in verb.rights if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > said[0].i]
    return any(c.left_edge.i <= org.i <= c.right_edge.i for c in said)


def _parted(cand: Candidate, ranges: list[tuple[int, int]]) -> bool:
    """Whether one of ``cand``'s two mentions is inside one of the token ``ranges``, the other not."""
    return any((a <= cand.head[0] < b) != (a <= cand.tail[0] < b) for a, b in ranges)


def _capital_reported(speaker: Token, place: Token, cand: Candidate) -> bool:
    """Whether ``place`` (a mention's root), a city, is the subject of what ``speaker`` says:
    "Tusk said Moscow was testing the alliance", "Merz said Berlin would not send missiles". A
    city acting stands for its government, and says nothing of the speaker's home. (A country
    there does, in CoNLL04: "Cetin said that Turkey welcomed this step" is Live_In.)"""
    if cand.tail_type != "City" or place.dep_ not in ("nsubj", "nsubjpass"):
        return False
    clause = _clause_of(place)
    return (place.head.i == clause.i and clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_VERBS
            and any(c.dep_ == "nsubj" and c.left_edge.i <= speaker.i <= c.right_edge.i
                    for c in clause.head.children))


def _said_elsewhere(subject: Token, place: Token) -> bool:
    """Whether ``place`` (a mention's root) is where someone other than ``subject`` spoke: "Maria
    Corina Machado won the Nobel Peace Prize, the Norwegian Nobel Committee announced in Oslo"."""
    prep = place.head
    if place.dep_ != "pobj" or prep.lower_ not in ("in", "at", "from") or prep.dep_ != "prep":
        return False
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS:
        return False
    speakers = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(speakers) and not any(c.left_edge.i <= subject.i <= c.right_edge.i for c in speakers)


def _told_of(addressee: Token, place: Token) -> bool:
    """Whether ``addressee`` (a mention's root) is told something in which ``place`` is named:
    the object of a speech verb, the place in the clause it governs."""
    verb = addressee.head
    # the parser may make the addressee a complement: "told Trump that Taiwan's return …"
    if addressee.dep_ not in ("dobj", "dative", "xcomp") or verb.lemma_ not in _TELL_LEMMAS:
        return False
    return any(c.dep_ == "ccomp" and c.left_edge.i <= place.i <= c.right_edge.i for c in verb.children)


_WHERE = frozenset({"livesIn", "basedIn", "locatedIn"})
_CLAUSE_THROUGH = frozenset({"xcomp", "aux", "auxpass"})


def _clause_of(token: Token) -> Token:
    """The verb heading the clause ``token`` is in; an infinitive governed by a verb ("plans to
    meet") belongs to that verb's clause."""
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in _CLAUSE_THROUGH:
            return token
        if token.head is token:
            return token
        token = token.head
    return token


def _place_acts_apart(a: Token, place: Token) -> bool:
    """Whether ``place`` (a mention's root) is the subject of a clause joined by "and" or "but"
    to the clause ``a`` stands in: "Gorbachev proposed a zone, but the U.S. wouldn't consider
    that". A place that acts is a party, and no home of one it does not act with. (Any place in
    such a clause would be too broad: "All residential areas in South Africa are segregated,
    and no black neighborhood has been established in Port Nolloth" places the town.)"""
    if place.dep_ not in ("nsubj", "nsubjpass"):
        return False
    first, second = _clause_of(a), _clause_of(place)
    if place.head.i != second.i:
        return False
    if first.i == second.i:
        return False
    if first.i > second.i:
        first, second = second, first
    return (second.dep_ == "conj" and second.head.i == first.i
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in second.children))


def _comma_qualified(doc: Doc, cand: Candidate) -> bool:
    """Whether ``cand``'s tail, a state or country, follows its head after a single comma
    ("Dade County, Fla.", in a list or not; not "Zeus, Hera")."""
    return (cand.tail_type in ("AdministrativeArea", "Country") and cand.tail[0] == cand.head[1] + 1
            and doc[cand.head[1]].text == ",")


_RESPECTIVELY = frozenset({"respectively", "Respectively", "RESPECTIVELY"})
_ACCORDING = frozenset({"according", "According", "ACCORDING"})


def _attributions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sources a sentence is attributed to ("according to Rathbun"): the one
    who tells, not one the told clause is about, works for no one it names. (Their home often is
    the country they talk of, "according to Interior Minister Mauri Pekkarinen, Finland's EU
    negotiation result …", which CoNLL04 reads as Live_In.)"""
    found = []
    for i in token_positions(doc, _ACCORDING):
        for to in doc[i].children:
            if to.lower_ == "to":
                found += [(p.left_edge.i, p.right_edge.i + 1) for p in to.children if p.dep_ == "pobj"]
    return found


def _crossed(a: Token, b: Token) -> bool:
    """Whether ``a`` and ``b``, in a sentence with "respectively", are items of two lists it pairs
    in order, and not at the same place in them ("A and B of respectively C and D": A with C, B
    with D). A list is the conjuncts with the item's entity label (the parser may join a party to
    a list of people)."""
    first, second = ([t for t in sorted((*x.conjuncts, x), key=lambda t: t.i) if t.ent_type_ == x.ent_type_]
                     for x in (a, b))
    return len(first) == len(second) > 1 and first.index(a) != second.index(b)


def _listed(a: Token, b: Token) -> bool:
    """Whether ``a`` and ``b`` are items of one list with a conjunction ("A, B and C"), which the
    parser does not make of "Chisholm, Minn." (a city and its state, also read as conjuncts).
    An item owned by a pronoun is no peer ("President Kagame and his Rwandan Patriotic Front").
    The second of three items the parser may make an apposition of the first ("Ubisoft,
    Microsoft, and PlayStation VR"): that is a list too when a conjunction and a conjunct follow
    it, hung from either."""
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for t in (a, b) for c in t.children):
        return False
    others = a.conjuncts
    if b in others:
        return any(c.dep_ == "cc" for t in (a, *others) for c in t.children)
    for first, second in ((a, b), (b, a)):
        if second.dep_ == "appos" and second.head == first:
            deps = {c.dep_ for c in first.children if c.i > second.i} | {c.dep_ for c in second.children}
            return {"cc", "conj"} <= deps
    return False


def _through_places(best: dict[PairKey, tuple[float, Candidate]],
                    threshold: float) -> list[tuple[PairKey, float, Candidate]]:
    """Facts that follow from two accepted ones in a sentence: X lives in (is based in, is
    located in) A and A is located in B, so X lives in (…) B ("Ferraro, of Bethany, Conn.").

    The confidence is the product of the two; pairs already accepted are left alone.
    """
    located: dict[tuple[str, int], list[tuple[str, float]]] = defaultdict(list)
    for (h, t, sent), (p, cand) in best.items():
        if cand.relation == "locatedIn" and p >= threshold:
            located[(h, sent)].append((t, p))
    out: dict[PairKey, tuple[float, Candidate]] = {}
    for (h, a, sent), (p1, cand) in best.items():
        if p1 < threshold or cand.relation not in ("livesIn", "basedIn", "locatedIn"):
            continue
        for b, p2 in located.get((a, sent), ()):
            key = (h, b, sent)
            if key in best and best[key][0] < threshold and b != h:
                p = p1 * p2
                if key not in out or p > out[key][0]:
                    out[key] = (p, best[key][1])
    return [(k, p, c) for k, (p, c) in out.items()]
