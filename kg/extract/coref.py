"""Aliases and coreference inside one article.

Three cheap, precise rules, applied before entities get their IRIs:

* a surname or a shorter name refers to the one full person name it ends with
  ("Dragone" → "Giuseppe Cavo Dragone"); titles are dropped ("President Trump" → "Trump");
* an acronym refers to the one organisation whose initials it spells
  ("NATO" ↔ "North Atlantic Treaty Organization");
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
>>> strip_title("President Donald Trump")
'Donald Trump'
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.entities import EntityIndex
    from kg.model import Entity

__all__ = ["short_form_map", "strip_title", "resolve_pronoun", "TITLES"]

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


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _ACRONYM_SKIP).upper()


def short_form_map(names: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Map each short form in ``names`` to the full name it stands for in the same article.

    Parameters
    ----------
    names : list of (surface name, spaCy label)

    Returns
    -------
    dict
        ``short name → (full name, label)`` for unambiguous cases only.
    """
    full_persons = {strip_title(n) for n, lab in names if lab == "PERSON" and len(strip_title(n).split()) > 1}
    by_suffix: dict[str, set[str]] = defaultdict(set)
    for full in full_persons:
        words = full.split()
        for k in range(1, len(words)):
            by_suffix[" ".join(words[k:])].add(full)
    orgs = {n for n, lab in names if lab == "ORG" and len(n.split()) > 1}
    by_initials: dict[str, set[str]] = defaultdict(set)
    for org in orgs:
        by_initials[_initials(org)].add(org)

    out: dict[str, tuple[str, str]] = {}
    for name, label in names:
        bare = strip_title(name)
        if bare != name and len(bare.split()) > 1 and label == "PERSON":
            out[name] = (bare, "PERSON")
            continue
        if label in ("PERSON", "ORG", "GPE", "NORP") and len(by_suffix.get(bare, ())) == 1 and bare not in full_persons:
            # "Trump" is often tagged ORG; a surname of a person named in full is that person.
            out[name] = (next(iter(by_suffix[bare])), "PERSON")
        elif label == "ORG" and name.isupper() and len(name) >= 2 and len(by_initials.get(name, ())) == 1:
            out[name] = (next(iter(by_initials[name])), "ORG")
    return out


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
