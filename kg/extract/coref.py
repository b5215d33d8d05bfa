"""Aliases and coreference inside one article.

Cheap, precise rules, applied before entities get their IRIs (see :class:`Resolver`):

* a surname or a shorter name refers to the one full person name it ends with
  ("Dragone" → "Giuseppe Cavo Dragone"), or, a single word named a person, begins with ("Xi"
  → "Xi Jinping"), even where it is also a place ("Paris" after
  "Valeska Paris"), unless it stands where places stand ("in Paris"); titles are dropped
  ("President Trump" → "Trump");
* an organisation's name written without its possessive is the same organisation ("New People
  Party", "New People's Party"), and so is one written without the country before it ("the
  Home Office" after "the United Kingdom Home Office");
* an acronym refers to the one organisation whose initials it spells
  ("NATO" ↔ "North Atlantic Treaty Organization"), or that the text spells out before it in
  brackets ("Democratic Alliance for the Betterment and Progress of Hong Kong (DAB)");
* a surname alone refers to the one leader in the gazetteer who bears it and held office on
  the article's date ("Obama" in 2015);
* a given name glued to a place name is a person ("Michael Jordan", not Jordan), and a
  region after a city and a comma is that country's region ("Atlanta, Georgia");
* a personal pronoun refers to the nearest person named before it (used for quote speakers).

Examples
--------
>>> m = short_form_map([("Giuseppe Cavo Dragone", "PERSON"), ("Dragone", "PERSON"), ("Trump", "ORG"),
...                     ("Donald Trump", "PERSON"), ("North Atlantic Treaty Organization", "ORG"),
...                     ("NATO", "ORG")])
>>> m["Dragone"], m["Trump"]
(('Giuseppe Cavo Dragone', 'PERSON'), ('Donald Trump', 'PERSON'))
>>> m["NATO"]
('North Atlantic Treaty Organization', 'ORG')
>>> m = short_form_map([("New People's Party", "ORG"), ("New People Party", "ORG"), ("NPP", "ORG")])
>>> m["New People Party"], m["NPP"]
(("New People's Party", 'ORG'), ("New People's Party", 'ORG'))
>>> strip_title("President Donald Trump")
'Donald Trump'
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from kg.nlp import token_positions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from kg.extract.entities import EntityIndex
    from kg.extract.places import Qualified
    from kg.link.gazetteer import GazEntry, Gazetteer
    from kg.model import Entity

__all__ = ["short_form_map", "strip_title", "resolve_pronoun", "repaired_ents", "bracketed_acronyms",
           "Resolver", "TITLES"]

TITLES = {
    "president", "vice", "prime", "minister", "chancellor", "secretary", "general", "gen.", "admiral",
    "adm.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.", "senator", "rep.", "gov.",
    "governor", "king", "queen", "prince", "princess", "pope", "sir", "dame", "lord", "lady", "chairman",
    "premier", "ambassador", "commander", "colonel", "col.", "lt.", "major", "captain", "judge",
    "justice", "foreign", "defence", "defense", "interior", "finance", "spokesman", "spokeswoman",
}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "to", "de", "du", "des", "la", "le", "&"}
_MAX_PRONOUN_SENTENCES = 3


def strip_title(name: str) -> str:
    """Drop leading titles ("President", "Mr.") from a person's name when a name remains."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words.pop(0)
    return " ".join(words)


_POSSESSIVE = re.compile(r"['’]s\b")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _ACRONYM_SKIP).upper()


def short_form_map(names: list[tuple[str, str]], *, doc: Doc | None = None,
                   gazetteer: Gazetteer | None = None, ents: list[Span] | None = None) -> dict[str, tuple[str, str]]:
    """Map each short form in ``names`` to the full name it stands for in the same article.

    Parameters
    ----------
    names : list of (surface name, spaCy label)
    doc : Doc, optional
        The parsed article: acronyms it spells out in brackets are added
        (:func:`bracketed_acronyms`).
    gazetteer : Gazetteer, optional
        Tells a country's name or adjective before an organisation's ("the United Kingdom Home
        Office" … "the Home Office"), which then is the same organisation.
    ents : list of Span, optional
        The entity spans of ``doc`` as :func:`repaired_ents` mended them, to read the bracketed
        acronyms from (default: ``doc.ents``).

    Returns
    -------
    dict
        ``short name → (full name, label)`` for unambiguous cases only.
    """
    ordered = list(dict.fromkeys(strip_title(n) for n, lab in names
                                 if lab == "PERSON" and len(strip_title(n).split()) > 1))
    # "Kristen Wilkins" … "Kristin Wilkins": one person, whose given name the article misspells
    respelled: dict[str, str] = {}
    for i, first in enumerate(ordered):
        if first not in respelled:
            respelled.update((later, first) for later in ordered[i + 1:]
                             if later not in respelled and _vowel_slip(first, later))
    full_persons = set(ordered) - set(respelled)
    by_suffix: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)  # "Xi" of "Xi Jinping": East Asian order
    for full in full_persons:
        words = full.split()
        by_first[words[0]].add(full)
        for k in range(1, len(words)):
            by_suffix[" ".join(words[k:])].add(full)
    out: dict[str, tuple[str, str]] = {}
    # "New People Party" is the "New People's Party" written without the possessive
    spellings: dict[str, set[str]] = defaultdict(set)
    for n, lab in names:
        if lab == "ORG" and len(n.split()) > 1:
            spellings[_POSSESSIVE.sub("", n).casefold()].add(n)
    orgs: set[str] = set()
    for group in spellings.values():
        canonical = min(group, key=lambda n: (not _POSSESSIVE.search(n), n))
        orgs.add(canonical)
        out.update((n, (canonical, "ORG")) for n in group if n != canonical)
    by_initials: dict[str, set[str]] = defaultdict(set)
    for org in orgs:
        by_initials[_initials(org)].add(org)
    if gazetteer is not None:
        out.update(_national_forms(orgs, gazetteer))

    for name, label in names:
        if name in out:
            continue
        bare = strip_title(name)
        if label == "PERSON" and bare in respelled:
            out[name] = (respelled[bare], "PERSON")
            continue
        if bare != name and len(bare.split()) > 1 and label == "PERSON":
            out[name] = (bare, "PERSON")
            continue
        if label in ("PERSON", "ORG", "GPE", "NORP") and len(by_suffix.get(bare, ())) == 1 and bare not in full_persons:
            # "Trump" is often tagged ORG; a surname of a person named in full is that person.
            out[name] = (next(iter(by_suffix[bare])), "PERSON")
        elif (label == "PERSON" and " " not in bare and bare not in by_suffix and len(by_first.get(bare, ())) == 1
              and bare not in full_persons):
            out[name] = (next(iter(by_first[bare])), "PERSON")  # "Xi said …" after "Xi Jinping"
        elif label == "ORG" and name.isupper() and len(name) >= 2 and len(by_initials.get(name, ())) == 1:
            out[name] = (next(iter(by_initials[name])), "ORG")
    if doc is not None:
        for acronym, long_name in bracketed_acronyms(doc, ents).items():
            out.setdefault(acronym, long_name)
    return out


_NATIONAL = ("Country", "AdministrativeArea")


def _national_forms(orgs: set[str], gazetteer: Gazetteer) -> dict[str, tuple[str, str]]:
    """``{"Home Office": ("United Kingdom Home Office", "ORG")}``: an organisation's name of two
    words or more that ends the name of exactly one other organisation of the article, the rest
    of which is a country or state, or its adjective ("U.S.", "British")."""
    out: dict[str, tuple[str, str]] = {}
    by_ending: dict[str, set[str]] = defaultdict(set)
    for org in orgs:
        words = org.split()
        for k in range(1, len(words) - 1):
            entry = gazetteer.lookup(" ".join(words[:k]))
            if (entry is not None and entry.type in _NATIONAL) or gazetteer.demonym(" ".join(words[:k])):
                by_ending[" ".join(words[k:])].add(org)
    for short in orgs:
        longer = by_ending.get(short, set())
        if len(longer) == 1:
            out[short] = (next(iter(longer)), "ORG")
    return out


def bracketed_acronyms(doc: Doc, ents: list[Span] | None = None) -> dict[str, tuple[str, str]]:
    """Acronyms the text defines: ``Long Name (ACR)`` → ``{"ACR": ("Long Name", label)}``.

    The long name is a named-entity span of two words or more, the acronym one all-capitals
    token in brackets right after it whose letters all occur, in order, among the long name's
    initials and capitals ("KCNA", "DAB" for "Democratic Alliance for the Betterment and
    Progress of Hong Kong"). After an organisation's name any such acronym counts, since many
    stand for the name in its own language ("the Serbian Workers' Union (SSS)", "Doctors Without
    Borders (MSF)"); after a place or a person's name, a bracket may be a dateline's agency
    ("WASHINGTON (AP)") or a speaker's outlet. An acronym defined twice, differently, is dropped.
    ``ents`` are the spans to read (default: ``doc.ents``), as :func:`repaired_ents` mended them.
    """
    from kg.extract.entities import clean_name

    found: dict[str, tuple[str, str]] = {}
    clashes: set[str] = set()
    for ent in doc.ents if ents is None else ents:
        end = ent.end
        if len(ent) < 2 or end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
            continue
        acronym = doc[end + 1].text
        long_name = clean_name(ent.text)
        if not (acronym.isupper() and acronym.isalpha() and 2 <= len(acronym) <= 8
                and (ent.label_ == "ORG" or _spells(acronym, long_name))):
            continue
        if acronym in found and found[acronym][0] != long_name:
            clashes.add(acronym)
        found[acronym] = (long_name, ent.label_)
    return {a: v for a, v in found.items() if a not in clashes}


_VOWELS = frozenset("aeiouy")


def _vowel_slip(a: str, b: str) -> bool:
    """Whether two full names differ only by one vowel of one name of four letters or more, the
    last names equal: "Kristen Wilkins" / "Kristin Wilkins", not "Jon Smith" / "Jan Smith".

    >>> _vowel_slip("Kristen Wilkins", "Kristin Wilkins"), _vowel_slip("Mark Kelly", "Scott Kelly")
    (True, False)
    """
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or wa[-1] != wb[-1]:
        return False
    differ = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(differ) != 1 or len(differ[0][0]) != len(differ[0][1]) or len(differ[0][0]) < 4:
        return False
    slips = [(p, q) for p, q in zip(*differ[0]) if p != q]
    return len(slips) == 1 and slips[0][0].lower() in _VOWELS and slips[0][1].lower() in _VOWELS


def _spells(acronym: str, long_name: str) -> bool:
    """Whether the acronym's letters occur in order among the words' initials (and inner capitals)."""
    letters = [c for w in long_name.replace("-", " ").split() for c in w if c.isupper()] or []
    initials = "".join(letters).upper()
    return acronym[0] == initials[:1] and _in_order(acronym, initials)


def resolve_pronoun(token: Token, index: EntityIndex) -> Entity | None:
    """The person a personal pronoun refers to: the nearest one named in the last few sentences."""
    if token.lower_ not in _PERSON_PRONOUNS:
        return None
    sent_starts = [s.start for s in token.doc.sents if s.start <= token.i]
    horizon = sent_starts[-_MAX_PRONOUN_SENTENCES] if len(sent_starts) >= _MAX_PRONOUN_SENTENCES else 0
    for span, iri in reversed(index.spans):
        if span.end <= token.i and span.start >= horizon and index.entities[iri].type == "Person":
            return index.entities[iri]
    return None


# Words before a place name that make a longer place or body, not a person ("Lake Geneva").
_PLACE_WORDS = frozenset("""
lake mount mt mt. river gulf bay port fort saint st st. san santa cape isle island greater north south east
west central upper lower new old downtown metro inner outer northern southern eastern western city county
province state district region university airport real fc
""".split())
# Prepositions after which a bare name is a place ("in Paris"), not the person of that surname.
_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "near", "into", "across", "outside", "inside",
                                 "throughout", "around", "via", "toward", "towards"})


def repaired_ents(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Span]:
    """``doc.ents`` with person names the gazetteer ruler split at a place name mended.

    The ruler tags "Jordan" in "Michael Jordan" as the country before the statistical NER
    runs, which then cannot see the person. A one-word place span preceded by a given name
    (one the gazetteer knows as a politician's first name, or one the NER called a person)
    joined to it by a ``compound`` arc becomes one PERSON span; so does a place glued to a
    PERSON span after it ("Paris Hilton"). A surname spelled like a function word is put back
    on the name the NER cut it from ("James To", "Wilson Or"), and a noble title to its place
    ("the Duchess of York" is a person, not York). A name followed by an age between commas is
    a person's (:func:`_aged_names`). Two PERSON spans side by side are one name ("Yoon Suk" +
    "Yeol"), and the surname He after a title is part of it ("Vice Premier He Lifeng"). Names the
    NER cut in pieces are mended where a bracketed acronym spells them (:func:`_acronym_names`) or
    the article has them whole elsewhere (:func:`_repeated_names`), and surnames it missed are
    found (:func:`_bare_surnames`).
    """
    from spacy.tokens import Span

    from kg.extract.entities import noble_title

    ents = list(doc.ents)
    given = gazetteer.given_names if gazetteer is not None else frozenset()
    out: list[Span] = []
    skip = -1
    for k, ent in enumerate(ents):
        if k == skip:
            continue
        if ent.ent_id_ and ent.label_ in ("GPE", "LOC", "FAC") and len(ent) == 1:
            start = ent.start
            while start > 0 and _given_name(doc[start - 1], ent.start, given):
                start -= 1
            if start < ent.start:
                while out and out[-1].end > start:
                    out.pop()
                out.append(Span(doc, start, ent.end, label="PERSON"))
                continue
            nxt = ents[k + 1] if k + 1 < len(ents) else None
            if (nxt is not None and nxt.start == ent.end and nxt.label_ == "PERSON" and not nxt.ent_id_
                    and ent.root.dep_ == "compound" and ent.root.head.i in range(nxt.start, nxt.end)):
                out.append(Span(doc, ent.start, nxt.end, label="PERSON"))
                skip = k + 1
                continue
        if ent.label_ in ("GPE", "LOC") and ent.start > 1 and noble_title(doc[ent.start - 2 : ent.end].text):
            while out and out[-1].end > ent.start - 2:
                out.pop()
            out.append(Span(doc, ent.start - 2, ent.end, label="PERSON"))  # "the Duchess of York"
            continue
        if ent.label_ == "PERSON" and _function_word_surname(doc, ent.end):
            ent = Span(doc, ent.start, ent.end + 1, label="PERSON")  # "James To of the Democratic Party"
        if ent.label_ in ("PERSON", "GPE", "ORG") and not ent.ent_id_ and _titled_he(doc, ent.start):
            ent = Span(doc, ent.start - 1, ent.end, label="PERSON")  # "Vice Premier He Lifeng", a place to the NER
        if (ent.label_ == "PERSON" and out and out[-1].label_ == "PERSON" and out[-1].end == ent.start
                and not out[-1].ent_id_ and not ent.ent_id_ and doc[ent.start - 1].tag_ != "POS"):
            # two people are never written side by side: "Yoon Suk" + "Yeol" is one name (but
            # "Civic Passion's Wong Yeung-tat", the NER's person, is the party's)
            ent = Span(doc, out.pop().start, ent.end, label="PERSON")
        out.append(ent)
    return _bare_surnames(doc, _repeated_names(doc, _acronym_names(doc, _introduced_names(doc, _aged_names(doc, out)))))


def after_honorific(span: Span) -> bool:
    """Whether ``span`` follows an honorific ("Ms. Say"): a name, even a word like "Say"."""
    return span.start > 0 and span.doc[span.start - 1].text in _HONORIFICS


def aged_at(doc: Doc, i: int) -> bool:
    """Whether an age between commas starts at token ``i`` (", 53,")."""
    return (i + 2 < len(doc) and doc[i].text == "," and doc[i + 2].text == "," and doc[i + 1].is_digit
            and len(doc[i + 1]) <= 2)


def _aged_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with the name before an age between commas made a PERSON span: "Cheek, 53, is a
    former chief", "Winter, 53, a former Yale law professor" (the NER missed the one and read the
    other as a date). News gives ages so of people only (36 of 36 such names in CoNLL04 train
    and dev are persons). A name the gazetteer linked, or a PERSON already, is left alone."""
    out = list(ents)
    commas = token_positions(doc, _COMMA)
    for i in (c for c, after in zip(commas, commas[1:]) if after == c + 2):  # ", 53," and the like
        if i == 0 or not aged_at(doc, i):
            continue
        start = i
        while start > 0 and i - start < 4 and doc[start - 1].is_title and doc[start - 1].pos_ in ("PROPN", "NOUN"):
            start -= 1
        if start == i:
            continue
        out = _with_person(doc, out, start, i)
    return out


def _with_person(doc: Doc, ents: list[Span], start: int, end: int) -> list[Span]:
    """``ents`` with ``doc[start:end]`` a PERSON span in place of what it overlaps, unless that
    is a person or a gazetteer name already or reaches beyond it."""
    from spacy.tokens import Span

    hit = [e for e in ents if e.start < end and e.end > start]
    if any(e.label_ == "PERSON" or e.ent_id_ or e.start < start or e.end > end for e in hit):
        return ents
    return sorted([e for e in ents if e not in hit] + [Span(doc, start, end, label="PERSON")], key=lambda e: e.start)


_HONORIFICS = frozenset({"Mr.", "Ms.", "Mrs.", "Mr", "Ms", "Mrs", "Dr.", "Dr"})
_PERSON_NOUNS = frozenset({"man", "woman", "boy", "girl", "person"})
_INTRODUCERS = _HONORIFICS | {"called", "named"}
_COMMA = frozenset({","})


def _introduced_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with the capitalised words after an honorific (which the NER may miss) or after
    "a man called" ("a mysterious man called Raoul", an event to the NER) made a PERSON span,
    with the honorific in it as the NER has it. Where the NER found a person, or the gazetteer a
    name, nothing changes."""
    out = list(ents)
    for i in token_positions(doc, _INTRODUCERS):
        if i + 1 >= len(doc):
            continue
        tok = doc[i]
        if tok.text in _HONORIFICS:
            start = i
        elif tok.lower_ in ("called", "named") and i > 0 and doc[i - 1].lower_ in _PERSON_NOUNS:
            start = i + 1
        else:
            continue
        end = i + 1
        while (end < len(doc) and end - i <= 3 and doc[end].is_title and doc[end].pos_ in ("PROPN", "NOUN", "VERB")
               and doc[end].lower_ not in TITLES):  # "Mr. President" addresses no one by name
            end += 1
        if end == i + 1:
            continue
        out = _with_person(doc, out, start, end)
    return out


_OPEN_BRACKET = frozenset({"("})
_NAME_LINKS = _ACRONYM_SKIP | {"di", "del", "della", "dei", "van", "von", "y", "e"}


def _in_order(letters: str, text: str) -> bool:
    """Whether ``letters`` occur in ``text`` in order (not necessarily side by side)."""
    it = iter(text)
    return all(c in it for c in letters)


def _acronym_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with a name the NER cut in pieces made one span where a bracketed acronym right
    after it spells it: "Movimento 5 Stelle (M5S)" (an organisation and a person to the NER) and
    "Democratic Alliance for the Betterment and Progress of Hong Kong (DAB)" (two organisations
    and a place) are one organisation each. The name is the run of capitalised words, digits and
    linking words ("of", "di") before the bracket, from the nearest word from which the acronym's
    letters occur in order among the words' initials, the first letter first (as
    :func:`bracketed_acronyms` asks). The NER must have cut the name in two or more pieces, or
    found a part of it when the initials are the acronym exactly: "Gross Domestic Product (GDP)"
    stays no entity, "Prime Minister Boris Johnson (PM)" the person alone. The span takes its
    pieces' label where they agree, else ORG."""
    from spacy.tokens import Span

    out = list(ents)
    for i in token_positions(doc, _OPEN_BRACKET):
        if i + 2 >= len(doc) or doc[i + 2].text != ")":
            continue
        acronym = doc[i + 1].text
        if not (2 <= len(acronym) <= 8 and acronym.isalnum() and acronym.isupper()):
            continue
        start = i
        while start > 0 and (doc[start - 1].is_title or doc[start - 1].is_digit
                             or doc[start - 1].lower_ in _NAME_LINKS):
            start -= 1
        words = [t for t in doc[start:i] if t.lower_ not in _NAME_LINKS]
        initials = "".join(t.text[0].upper() for t in words)
        # the nearest start that spells it: "The Committee of Senior Officials of the Conference on
        # Security and Cooperation in Europe (CSCE)" names the conference
        first = next((k for k in range(len(words) - 2, -1, -1)
                      if initials[k] == acronym[0] and _in_order(acronym, initials[k:])), None)
        if first is None:
            continue
        start, initials = words[first].i, initials[first:]
        inside = [e for e in out if e.start < i and e.end > start]
        if not inside or any(e.end > i or any(t.lower_ not in _NAME_LINKS for t in doc[e.start:start])
                             for e in inside):
            continue  # no name the NER saw, or one it reads across the edge ("The" aside)
        if len(inside) == 1 and (initials != acronym or (inside[0].start, inside[0].end) == (start, i)):
            continue  # the NER has the name whole, or one part of what may be a title and a name
        labels = {e.label_ for e in inside}
        span = Span(doc, start, i, label=labels.pop() if len(labels) == 1 else "ORG")
        out = sorted([e for e in out if e not in inside] + [span], key=lambda e: e.start)
    return out


_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


def _repeated_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with a name of two or more words, found whole once in the article, found whole
    wherever it is written again and the NER saw only a part of it there: "Environment Canada
    spokeswoman Sujata Raisinghani" (the NER's "Canada" alone, a country she then spoke for)
    after "Environment Canada spokesperson Julie Hahn". Where the NER's span there reaches beyond
    the name ("Environment Canada Archived") or it found nothing, nothing changes. A name found
    whole under two labels takes the one it has most often (the first on a tie)."""
    from spacy.tokens import Span

    labels: dict[tuple[str, ...], dict[str, int]] = {}
    for e in ents:
        words = tuple(t.text for t in e if not (t.i == e.start and t.tag_ == "DT"))
        if (e.label_ in _NAME_LABELS and len(words) >= 2 and words[0][:1].isupper()
                and all(t.is_alpha or t.is_title or t.is_digit for t in e)):
            counts = labels.setdefault(words, {})
            counts[e.label_] = counts.get(e.label_, 0) + 1
    if not labels:
        return ents
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in sorted(labels, key=len, reverse=True):  # the longest name first
        by_first[words[0]].append(words)
    ent_at = {}
    for e in ents:
        for i in range(e.start, e.end):
            ent_at[i] = e
    out = list(ents)
    free = 0  # the first token no earlier name covers
    for i in token_positions(doc, frozenset(by_first)):  # the names' first words only
        if i < free:
            continue
        hit = next((words for words in by_first[doc[i].text] if i + len(words) <= len(doc)
                    and all(doc[i + k].text == w for k, w in enumerate(words))), None)
        if hit is None:
            continue
        end = free = i + len(hit)
        inside = {ent_at[k] for k in range(i, end) if k in ent_at}
        if inside and all(e.start >= i and e.end <= end for e in inside) and not any(
                e.start == i and e.end == end for e in inside):
            counts = labels[hit]
            label = max(counts, key=lambda lab: (counts[lab], -list(counts).index(lab)))
            span = Span(doc, i, end, label=label)
            out = [e for e in out if e not in inside] + [span]
            for k in range(i, end):
                ent_at[k] = span
    return sorted(out, key=lambda e: e.start)


def _bare_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with the surname of a person the article names in full made a PERSON span where
    the NER missed it as a proper noun: 'Xi said China and the United States should be
    "partners"' after "Chinese leader Xi Jinping" (the NER saw no name there). The surname is
    the name's last word or, in East Asian order, its first."""
    from spacy.tokens import Span

    surnames = {t.text for e in ents if e.label_ == "PERSON" and len(e) >= 2 for t in (e[0], e[-1])
                if t.is_alpha and t.is_title and len(t) >= 2 and t.lower_ not in TITLES}
    if not surnames:
        return ents
    taken = {i for e in ents for i in range(e.start, e.end)}
    found = [Span(doc, i, i + 1, label="PERSON") for i in token_positions(doc, frozenset(surnames))
             if i not in taken and doc[i].pos_ == "PROPN"
             and not (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN")
             and not (i > 0 and doc[i - 1].pos_ == "PROPN")]
    return sorted([*ents, *found], key=lambda e: e.start) if found else ents


# Surnames spelled like an English function word ("James To", "Wilson Or", Cantonese names).
_FUNCTION_SURNAMES = frozenset({"To", "Or", "So", "Do", "No", "On"})


def _function_word_surname(doc: Doc, i: int) -> bool:
    """Whether token ``i``, right after a person's name, is a surname spelled like a function word:
    capitalised mid-sentence and followed by a lower-case word or punctuation, so not a headline's
    "Obama To Meet Putin"."""
    if i + 1 >= len(doc) or doc[i].text not in _FUNCTION_SURNAMES or doc[i].is_sent_start:
        return False
    after = doc[i + 1]
    return (after.is_lower or after.is_punct) and not doc[i].ent_type_


def _titled_he(doc: Doc, i: int) -> bool:
    """Whether token ``i - 1``, before a person's name, is the surname He after a title ("Vice
    Premier He Lifeng"), which the NER leaves out as the pronoun."""
    return (i >= 2 and doc[i - 1].text == "He" and not doc[i - 1].is_sent_start
            and doc[i - 2].lower_ in TITLES and doc[i - 2].is_title)


def _given_name(token: Token, place: int, given: frozenset[str]) -> bool:
    if token.pos_ != "PROPN" or not token.is_title or token.dep_ != "compound" or token.head.i != place:
        return False
    if token.lower_ in _PLACE_WORDS or token.lower_ in TITLES or token.is_stop or token.ent_id_:
        return False
    return token.text in given or token.ent_type_ == "PERSON"


class Resolver:
    """Decides what a cleaned entity mention of one article stands for.

    Built once per article from its candidate spans; :meth:`resolve` returns the gazetteer
    entry (or None) and the name and label the mention should be known by, or None for a
    mention that names no node (a nationality).

    Parameters
    ----------
    doc : Doc
        The parsed article.
    names : list of (surface name, spaCy label)
        Every candidate mention, in order.
    gazetteer : Gazetteer or None
    published : str
        The article's date (ISO); without one, no surname is resolved through the gazetteer.
    places : dict, optional
        What the place mentions starting at these tokens stand for, decided from a qualifier
        ("Paris, Texas"; :func:`kg.extract.places.qualified_places`).
    ents : list of Span, optional
        The article's entity spans as mended (:func:`repaired_ents`): its acronyms are read there.
    """

    def __init__(self, doc: Doc, names: list[tuple[str, str]], gazetteer: Gazetteer | None, *,
                 published: str = "", places: dict[int, Qualified] | None = None,
                 ents: list[Span] | None = None):
        self.doc = doc
        self.places = places or {}
        self.gazetteer = gazetteer
        self.published = published[:10]
        self.names = names
        self.aliases = short_form_map(names, doc=doc, gazetteer=gazetteer, ents=ents)
        # surnames of the people this article names in full: never looked up as someone else
        self.surnames = {strip_title(n).split()[-1] for n, lab in names if lab == "PERSON" and " " in strip_title(n)}
        self._keys: set[str] | None = None

    def resolve(self, span: Span, name: str, label: str, key: str = "") -> tuple[GazEntry | None, str, str] | None:
        """``(entry, name, label)`` for the mention ``span`` cleaned to ``name``; None to drop it."""
        gaz = self.gazetteer
        place = self.places.get(span.start)
        if place is not None and label in ("GPE", "LOC", "FAC"):
            return place.entry, place.name, label
        alias = self.aliases.get(name)
        if alias is not None and alias[1] == "PERSON" and " " not in name and not self._placed(span):
            # A surname of a person named in full here is that person, whatever else it names.
            name, label = alias
            return (gaz.lookup(name, label="PERSON") if gaz is not None else None), name, label
        entry = None
        if gaz is not None:
            entry = gaz.by_key(key) if key else None
            if entry is not None and label == "PERSON" and entry.type != "Person":
                entry = None  # a name mended by repaired_ents keeps its place token's ruler id
            entry = entry or gaz.lookup(name, label=label)
            if entry is not None and entry.type == "Country":
                entry = self._region(span, name) or entry
            if entry is None and gaz.demonym(name) is not None:
                return None  # "New Zealander", "Rohingya": a nationality, not a node
        if entry is None and alias is not None:
            name, label = alias
            if gaz is not None:
                entry = gaz.lookup(name, label=label)
        if entry is None and gaz is not None and self.published and label in ("PERSON", "ORG") \
                and " " not in name and name[:1].isupper():
            leader = gaz.leader_by_surname(name, on=self.published) if name not in self.surnames else None
            if leader is not None and {r.of for r in leader.roles} & self._article_keys():
                entry, name, label = leader, leader.name, "PERSON"
        return entry, name, label

    def _article_keys(self) -> set[str]:
        """Gazetteer keys of the names in the article: a leader's country must be one of them."""
        if self._keys is None:
            gaz = self.gazetteer
            self._keys = set()
            if gaz is not None:
                for name, label in self.names:
                    entry = gaz.lookup(name, label=label) or gaz.demonym(name)
                    if entry is not None:
                        self._keys.add(entry.key)
        return self._keys

    def _placed(self, span: Span) -> bool:
        """Whether the span stands where places stand: the object of "in", "at", "from" …"""
        head = span.root.head
        return span.root.dep_ == "pobj" and head.lower_ in _PLACE_PREPOSITIONS

    def _region(self, span: Span, name: str) -> GazEntry | None:
        """The region named ``name`` of the country of the city just before "<city>, "."""
        doc = self.doc
        if span.start < 2 or doc[span.start - 1].text != ",":
            return None
        before = [e for e in doc.ents if e.end == span.start - 1]
        if not before or self.gazetteer is None:
            return None
        city = self.gazetteer.lookup(before[0].text, label="GPE")
        if city is None or city.type != "City" or not city.country:
            return None
        return self.gazetteer.region_of(name, city.country)
