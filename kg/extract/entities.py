"""Entities: turn spaCy's entity spans into canonical :class:`~kg.model.Entity` nodes.

Each named-entity span is cleaned (determiners, possessives and markup stripped), filtered
(no dates, numbers, nationalities or bare common nouns), linked to the gazetteer where it can
be, and given a stable IRI so the same entity from two articles is one node. Within an article,
short forms ("Dragone", "Trump") are merged into the full name they abbreviate (see
:mod:`kg.extract.coref`).

Examples
--------
>>> slugify("Giuseppe Cavo Dragone")
'giuseppe-cavo-dragone'
>>> slugify("Zürich’s «Altstadt»")
'zurichs-altstadt'
>>> clean_name("the NATO Military Committee's")
'NATO Military Committee'
>>> clean_name("*U.S.*"), clean_name("Kyiv."), clean_name("George [H. W.] Bush")
('U.S.', 'Kyiv', 'George H. W. Bush')
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.model import Entity, Mention
from kg.nlp import ROLE_SUFFIXES, spaced_dash
from kg.spans import nested, overlaps

if TYPE_CHECKING:
    from collections.abc import Mapping

    from spacy.tokens import Doc, Span, Token

    from kg.config import Settings
    from kg.link.gazetteer import GazEntry, Gazetteer

__all__ = ["EntityIndex", "entities", "name_mastheads", "slugify", "unlinked_key", "gazetteer_key", "clean_name", "dateline_ents", "TYPE_OF_LABEL"]

# spaCy labels that become nodes; the rest (DATE, CARDINAL, NORP …) are attributes or nothing.
TYPE_OF_LABEL = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
}
_LABEL_OF_TYPE = {
    "Person": "PERSON",
    "Organization": "ORG",
    "NewsMediaOrganization": "ORG",
    "Country": "GPE",
    "City": "GPE",
    "AdministrativeArea": "GPE",
    "Place": "LOC",
}
_STRIP_LEFT = {"the", "a", "an", "this", "that", "these", "those", "’s", "'s", "*", "_", '"', "“", "‘", "'", "’"}
_STRIP_RIGHT = {"’s", "'s", "’", "'", "*", "_", '"', "”", ",", ".", ":", ";", "-", "—"}
# Vague collective names the NER often tags; they are not one real-world entity.
_VAGUE = {"west", "east", "north", "south", "the west", "world", "europe's", "international community"}
_LABEL_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "LOC": 3, "FAC": 4}
_PRONOUN_POS = {"PRON", "DET"}
# Institution words that name no particular one when they stand alone ("State", "Courts").
_GENERIC = {"state", "states", "government", "home", "left", "right", "courts", "court", "customs",
            "police", "army", "navy", "ministry", "parliament", "president", "minister", "office",
            "gmt", "utc"}  # time zones ("1700 GMT") the NER takes for organisations
_SLUG_RE = re.compile(r"[^a-z0-9]+")
# A wire-service item number in a dateline ("LD0806223294", "94WD0125D"): letters and digits.
_ITEM_CODE_RE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{8,}$")
# A US legislator's party and state ("D-Fla.", "R-Utah"): a label, not a place's name.
_PARTY_STATE_RE = re.compile(r"^[DRI]-[A-Z][A-Za-z.]*$")
_MEDIA_WORDS = {"radio", "television", "tv", "network", "service", "agency", "news", "press"}


def slugify(name: str, *, max_length: int = 80) -> str:
    """Return a stable, ASCII, IRI-safe slug for ``name`` (hash-based when nothing is left).

    A slug longer than ``max_length`` is cut and ends with a hash of the whole slug, so two long
    names that share their first 80 characters stay two nodes.

    >>> a, b = slugify("Committee " * 10 + "of Oslo"), slugify("Committee " * 10 + "of Rome")
    >>> a != b and len(a) == len(b) == 80
    True
    >>> slugify("北京 Airport") != slugify("上海 Airport"), slugify("Zürich")
    (True, 'zurich')
    """
    import hashlib

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = _SLUG_RE.sub("-", folded).strip("-")
    if len(slug) > max_length:
        digest = hashlib.sha1(slug.encode("ascii")).hexdigest()[:12]
        slug = slug[: max_length - len(digest) - 1].strip("-") + "-" + digest
    if not slug:
        slug = "e-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    elif any(c.isalnum() and not c.isascii() and not unicodedata.combining(c)
             for c in unicodedata.normalize("NFKD", name)):
        # letters the ASCII fold dropped ("北京 Airport" → "airport") must still tell names apart
        slug = f"{slug[: max_length - 13]}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:12]}"
    return slug


def unlinked_key(name: str, gazetteer: Gazetteer | None) -> str:
    """The IRI key of an entity the gazetteer did not link: its name's slug, never a gazetteer key.

    A person called Jordan, or "Ontario" where it is not the Californian city the gazetteer
    holds under that key, must not become the gazetteer entity's node in the store.

    >>> from kg.link.gazetteer import Gazetteer
    >>> unlinked_key("Jordan", Gazetteer.load()), unlinked_key("Jordan", None), unlinked_key("Eddie Chu", None)
    ('jordan-unlinked', 'jordan', 'eddie-chu')
    """
    slug = slugify(name)
    return f"{slug}-unlinked" if gazetteer is not None and slug in gazetteer else slug


def gazetteer_key(entity: Entity, entity_ns: str) -> str:
    """The key an entity's IRI ends in, where it is a gazetteer key ("" outside ``entity_ns``).

    >>> gazetteer_key(Entity("https://kg.example.org/entity/nato", "NATO", "Organization"),
    ...               "https://kg.example.org/entity/")
    'nato'
    """
    return entity.iri[len(entity_ns):] if entity.iri.startswith(entity_ns) else ""


@functools.lru_cache(maxsize=1 << 16)  # names repeat within and across articles
def clean_name(text: str) -> str:
    """Strip determiners, possessives, markup and spacing from a name's surface form."""
    words = re.sub(r"[\[\]{}()<>]", " ", text).split()
    while words and (words[0].lower() in _STRIP_LEFT or words[0] in "*_"):
        words.pop(0)
    while words and words[-1] in _STRIP_RIGHT:
        words.pop()
    if words:
        # keep the final dot of abbreviations ("U.S.", "Corp.") but not sentence punctuation
        tail = r"(['’]s|['’”\"*_,:;]+)$" if words[-1].count(".") > 1 else r"(['’]s|['’”\"*_,.:;]+)$"
        words[-1] = re.sub(tail, "", words[-1]) or words[-1]
        words[0] = words[0].lstrip("*_‘“\"'")
    return " ".join(w for w in words if w)


@dataclass
class EntityIndex:
    """The entities of one article and which tokens name them.

    ``by_token`` maps a token index to the entity its mention names; extractors use
    :meth:`at` to ask "which entity is this token part of?".
    """

    doc: Doc
    entities: dict[str, Entity] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)
    mentions: list[tuple[Mention, str]] = field(default_factory=list)
    spans: list[tuple[Span, str]] = field(default_factory=list)
    nationality: dict[int, list[str]] = field(default_factory=dict)
    # For extractors that resolve more than NER spans (events: "Israeli police" → Israel).
    gazetteer: Gazetteer | None = None
    entity_ns: str = ""

    def at(self, token: Token | int) -> Entity | None:
        """The entity whose mention covers ``token``, or None."""
        i = token if isinstance(token, int) else token.i
        iri = self.by_token.get(i)
        return self.entities[iri] if iri else None

    def linked(self, entity: Entity) -> bool:
        """Whether ``entity`` is a gazetteer entry's (some, like news media, carry no external id)."""
        key = gazetteer_key(entity, self.entity_ns)
        return bool(entity.same_as) or (self.gazetteer is not None and bool(key) and key in self.gazetteer)

    def in_subtree(self, token: Token) -> Entity | None:
        """The entity named by ``token`` or, failing that, by a compound/flat child of it."""
        ent = self.at(token)
        if ent is not None:
            return ent
        for child in token.children:
            if child.dep_ in ("compound", "flat", "nmod") and (ent := self.at(child)):
                return ent
        return None

    def entry_entity(self, entry: GazEntry) -> Entity:
        """The article's entity for gazetteer ``entry``: the one it holds, or a new one (not added)."""
        iri = self.entity_ns + entry.key
        return self.entities.get(iri) or Entity(iri=iri, name=entry.name, type=entry.type, same_as=tuple(entry.same_as))

    def add_mention(self, entity: Entity, mention: Mention) -> None:
        """Make ``entity`` a node of the article, if it is not one, with ``mention`` (once): a country
        or group read from a nationality word ("Israeli police", "French President …")."""
        self.entities.setdefault(entity.iri, entity)
        if (mention, entity.iri) not in self.mentions:
            self.mentions.append((mention, entity.iri))

    def persons_before(self, i: int) -> list[Entity]:
        """Person entities mentioned before token ``i``, nearest first."""
        found: list[Entity] = []
        for span, iri in reversed(self.spans):
            if span.end <= i and self.entities[iri].type == "Person" and self.entities[iri] not in found:
                found.append(self.entities[iri])
        return found


def _entity_span(span: Span) -> Span | None:
    """Trim determiners, possessives and punctuation from both ends of ``span``."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_ in _STRIP_LEFT or doc[start].is_punct or doc[start].is_space or doc[start].tag_ == "POS"
    ):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in _STRIP_RIGHT
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].tag_ == "POS"
        # "the West united": trailing verbs/adjectives are not part of a name
        or (end - start > 1 and doc[end - 1].pos_ in ("VERB", "ADJ", "ADV", "AUX"))
        # "the Supreme Court of" (its place cut off): a name does not end in a lower-case
        # preposition, conjunction or article
        or (doc[end - 1].pos_ in ("ADP", "CCONJ", "DET") and doc[end - 1].is_lower)
        # "Environment Canada Spokesperson": the person's role, not the organisation's name
        or (end - start > 1 and span.label_ == "ORG" and doc[end - 1].lower_ in ROLE_SUFFIXES)
        # "… tweet to student Ahmed Mohamed Image: Twitter": a photo caption's credit label
        or (end - start > 1 and doc[end - 1].text in _CREDIT_LABELS and end < len(doc) and doc[end].text == ":")
        # "Group G — Belgium 3 – 0 Panama": a score in a results line
        or (end - start > 1 and _score(doc, end - 1, +1))
    ):
        end -= 1
    while end - start > 1 and _score(doc, start, -1):
        start += 1  # "Sweden 1 – 0 Korea Republic"
    # a spaced dash joins two things, not the words of one name ("Group F — Sweden")
    dash = next((i for i in range(start + 1, end - 1) if spaced_dash(doc[i])), None)
    if dash is not None:
        end = dash
    if start >= end or _shadow_post(doc, start, end):
        return None
    return doc[start:end]


_CREDIT_LABELS = frozenset({"Image", "Photo", "Picture", "Video", "Photograph"})
_SCORE_DASHES = frozenset({"-", "–", "—", ":"})


def _score(doc: Doc, i: int, step: int) -> bool:
    """Whether ``doc[i]`` is a number that a dash joins to another number on its ``step`` side
    ("3" in "Belgium 3 – 0 Panama" with step +1, "0" with step -1): a score, not a name's word."""
    j, k = i + step, i + 2 * step
    return (doc[i].is_digit and 0 <= k < len(doc) and doc[j].text in _SCORE_DASHES and doc[k].is_digit)


def _shadow_post(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is a British opposition post ("Shadow Home Secretary", the
    NER's "Shadow Home" before "Secretary"): a role, not an organisation."""
    role = doc[end] if end < len(doc) and doc[end].lower_ in ROLE_SUFFIXES else doc[end - 1]
    return doc[start].text == "Shadow" and role.lower_ in ROLE_SUFFIXES


def dateline_ents(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with the place and the news source of wire-service datelines told apart.

    A dateline or credit line names the place a report comes from and the medium that issued
    it, with no verb: "Moscow INTERFAX", "LD0806223294 Sarajevo Radio Bosnia-Herzegovina Network
    in Serbo-Croatian 2000 GMT 8 Jun 94". The NER reads the two (and the item number) as one
    organisation, or misses an all-capitals title. A gazetteer place at the start of such a line,
    or right after an item number, followed by a name that runs to the end of the line or to
    "in LANGUAGE" is split into the place (as the gazetteer tags it) and the medium (ORG). The
    name must be in capitals or contain a media word ("Radio", "Television"), or follow an item
    number, so "Paris Agreement" as a heading stays whole.
    """
    from spacy.tokens import Span

    from kg.nlp import GAZETTEER_SPANS

    places = [m for m in doc.spans.get(GAZETTEER_SPANS, []) if m.label_ in ("GPE", "LOC")]
    if not places:
        return ents
    added: list[Span] = []
    for place in sorted(places, key=lambda m: (m.start, m.start - m.end)):
        if any(overlaps(a, place) for a in added):
            continue
        sent = doc[place.start].sent
        coded = place.start > sent.start and _ITEM_CODE_RE.match(doc[place.start - 1].text) is not None
        if place.start != sent.start and not coded:
            continue
        if any(t.pos_ in ("VERB", "AUX") and t.is_lower for t in sent):
            continue  # a sentence, not a dateline
        end = place.end
        while end < sent.end and not ((doc[end].is_punct and doc[end].text not in "-&'") or doc[end].like_num
                                      or doc[end].lower_ == "in"):
            end += 1
        name = doc[place.end:end]
        if not len(name) or any(t.is_lower and t.lower_ not in ("de", "del", "la", "y", "i", "and") for t in name):
            continue
        rest = doc[end:sent.end]
        if len(rest) and not (rest[0].lower_ == "in" and len(rest) > 1 and rest[1].is_title):
            continue  # the name must end the line or stand before "in LANGUAGE"
        upper = all(t.is_upper or not t.is_alpha for t in name)
        if not (coded or upper or any(t.lower_ in _MEDIA_WORDS for t in name)):
            continue
        added += [Span(doc, place.start, place.end, label=place.label_, span_id=place.id_),
                  Span(doc, place.end, end, label="ORG")]
        if coded:
            added.append(Span(doc, place.start - 1, place.start, label=""))  # drops the item number
    if not added:
        return ents
    kept = [e for e in ents if not any(overlaps(a, e) for a in added)]
    return sorted(kept + [a for a in added if a.label_], key=lambda e: e.start)


# Words that make a name an organisation's, whatever title stands before it.
_ORG_WORDS = frozenset("""
party council committee ministry department office inc inc. corp corp. co co. ltd ltd. bank university
college association union agency group company airlines airways news times post press institute
foundation fund court army navy force forces police service services network radio television tv board
commission organization organisation federation league club front movement alliance authority church
school hospital house centre center assembly parliament congress senate government administration
bureau trust society coalition corporation holdings international global fc united
""".split())


_NOBLE = frozenset("duke duchess prince princess earl countess marquess marchioness viscount viscountess baron "
                   "baroness".split())


def noble_title(name: str) -> bool:
    """Whether ``name`` is a noble title used as a person's name ("Duchess of York", "Prince of
    Wales"), which the NER reads as an organisation or a place.

    >>> noble_title("Duchess of York"), noble_title("Prince of Wales"), noble_title("Prince Edward Island")
    (True, True, False)
    """
    words = name.split()
    return len(words) > 2 and words[0].lower() in _NOBLE and words[0].istitle() and words[1] == "of"


def _titled_name(span: Span) -> bool:
    """Whether a span the NER called an organisation is a person's name after a title.

    "Afghan Ambassador Hamdullah Mohib says": two or three capitalised words, none an
    organisation's ("Party", "Ministry", "Times"), right after a title ("Ambassador", "Senator").
    """
    from kg.extract.coref import TITLES

    doc = span.doc
    if span.start == 0 or not 2 <= len(span) <= 3:
        return False
    before = doc[span.start - 1]
    if before.lower_ not in TITLES or not before.is_title:
        return False
    return all(t.is_title and t.is_alpha and t.lower_ not in _ORG_WORDS for t in span)


# Words after which no person's name goes on: "Oberlin College", "John F. Kennedy School of
# Government" (the NER calls both persons). Surname-like words of _ORG_WORDS ("House", "Post") are left out.
_INSTITUTION_WORDS = frozenset("""
school university college institute foundation hospital ministry department agency committee council
party association corporation commission federation museum library academy airport
""".split())


# The same words in other languages, where they open the name: "Instituto Gonzaga", "Università
# Bocconi", "Partido Popular" (no English name starts so, and no person's).
_INSTITUTION_FIRST = frozenset("""
instituto istituto institut universidad universidade università universite université universität
universitat colegio collegio liceo lycée escuela escola école hochschule gymnasium museo musée
fundación fundação fondazione fondation stiftung ministerio ministério ministero ministère partido
partito parti partei banco banca
""".split())


def institution_name(name: str) -> bool:
    """Whether ``name`` names an institution: a capitalised institution word after its first
    word, or one in another language as its first word.

    Examples
    --------
    >>> institution_name("Oberlin College"), institution_name("John F. Kennedy School of Government")
    (True, True)
    >>> institution_name("Instituto Gonzaga"), institution_name("Università Bocconi")
    (True, True)
    >>> institution_name("Emily Post"), institution_name("College"), institution_name("Instituto")
    (False, False, False)
    """
    words = name.split()
    return len(words) > 1 and (words[0].lower() in _INSTITUTION_FIRST
                               or any(w[:1].isupper() and w.lower() in _INSTITUTION_WORDS for w in words[1:]))


# Last words of a place's name: "Dan Sai District", "Cameron Parish", "Custer National Forest".
_FEATURE_WORDS = frozenset("""
district parish county province prefecture forest park range mountains mountain hills river lake bay sea
ocean island islands valley desert canyon peninsula gulf strait street road avenue square
""".split())


# First words of a place's name: "Mount Kenya", "Lake Constance", "Sierra Nevada".
_FEATURE_FIRST = frozenset({"Mount", "Mt.", "Lake", "Cape", "Sierra"})


def feature_name(name: str) -> bool:
    """Whether ``name`` names a place by its last word ("Dan Sai District", "Nelson Street",
    "Ocala National Forest") or its first ("Sierra Nevada", "Lake Constance"), which the NER and
    the typer also read as persons and organisations. A first word does not make a place of a
    name with an organisation's or a building's word ("Sierra Club", "Mount Sinai Hospital").

    Examples
    --------
    >>> feature_name("Cameron Parish"), feature_name("Custer National Forest"), feature_name("Park")
    (True, True, False)
    >>> feature_name("Sierra Nevada"), feature_name("Sierra Club"), feature_name("Mount Sinai Hospital")
    (True, False, False)
    >>> feature_name("Park Geun-hye"), feature_name("Forest Whitaker")
    (False, False)
    """
    words = name.split()
    if len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in _FEATURE_WORDS:
        return True
    return (len(words) > 1 and words[0] in _FEATURE_FIRST
            and not any(w.lower() in _ORG_WORDS or w.lower() in _FACILITY_WORDS or w.lower() in _INSTITUTION_WORDS
                        for w in words[1:]))


def org_worded(name: str) -> bool:
    """Whether a word of ``name`` after its first is an organisation's ("Amnesty International",
    "Oberlin College"): the typer never makes a person of such a name."""
    return institution_name(name) or any(w[:1].isupper() and w.lower() in _ORG_WORDS for w in name.split()[1:])


_FACILITY_WORDS = frozenset("""
stadium arena bridge airport station tower hall building center centre museum hotel hospital palace
temple mosque cathedral church base camp prison dam canal port harbour harbor market mall plaza
""".split())


def _listed_with_people(candidates: list[tuple[Span, str, str]]) -> list[tuple[Span, str, str]]:
    """Names in one list with a person's are persons when nothing in them says otherwise.

    "Romelu Lukaku, Yannick Carrasco, and Dries Mertens": the NER called the first and the last a
    facility. An unlinked name of one to three capitalised words with no organisation, place or
    facility word in it becomes a person when it is a FAC coordinated with a PERSON, or an ORG
    whose fellow items are persons, two or more and most of them (a single "Leica and Rollei",
    where the NER saw a person in Leica, says too little). Place names are left alone: the parser
    coordinates "Saratoga Springs, New York and an Edward Steichen and Andy Warhol exhibit".
    """
    roots = [span.root for span, _, _ in candidates]
    by_root = {root.i: label for root, (_, label, _) in zip(roots, candidates)}
    out = []
    for root, (span, label, key) in zip(roots, candidates):
        if (not key and label in ("FAC", "ORG") and 1 <= len(span) <= 3
                and all(t.is_title for t in span) and not _worded(span.text)):
            others = [by_root.get(t.i) for t in root.conjuncts]
            people = others.count("PERSON")
            if people and (label == "FAC" or (people >= 2 and 2 * people > len(others))):
                label = "PERSON"
        out.append((span, label, key))
    return out


def _worded(name: str) -> bool:
    """Whether a word of ``name`` is an organisation's, a place's or a facility's."""
    return any(w.lower() in _ORG_WORDS or w.lower() in _FEATURE_WORDS or w.lower() in _FACILITY_WORDS
               or w.lower() in _INSTITUTION_WORDS for w in name.split())


# "the town of Yeoncheon", "the province of Helmand": the name after "of" is the place's.
_PLACE_NOUNS = frozenset("""
town city village province district county region state island port capital municipality prefecture
""".split())


def _place_of(span: Span) -> bool:
    """Whether ``span`` follows "the <place noun> of" ("the town of Yeoncheon", which the NER
    called an organisation)."""
    doc = span.doc
    return (span.start >= 2 and doc[span.start - 1].lower_ == "of"
            and doc[span.start - 2].lower_ in _PLACE_NOUNS and span.root.head.i == span.start - 1)


# Peoples and faiths the NER often calls persons or organisations ("Bangladeshis and Rohingya"):
# like a nationality, a word for one is an attribute, never a node.
PEOPLES = frozenset("""
Rohingya Kurd Kurds Uyghur Uyghurs Uighur Uighurs Tamil Tamils Hazara Hazaras Pashtun Pashtuns Baloch
Baluch Yazidi Yazidis Tutsi Tutsis Hutu Hutus Druze Alawite Alawites Sunni Sunnis Shia Shiite Shiites
Bedouin Bedouins Berber Berbers Tuareg Tuaregs Sikh Sikhs Roma Copt Copts Coptic Maronite Maronites
Chechens Tatars Croat Croats Serb Serbs Bosniak Bosniaks
""".split())


def _people(name: str, gazetteer: Gazetteer | None) -> bool:
    """Whether ``name`` names a people ("Kurds"), also one a nationality qualifies ("Bosnian Croat"
    forces, a place to the NER): no node of its own. A person's surname may be such a word
    ("Jeff Shia"): a given name is no nationality."""
    if name in PEOPLES:
        return True
    qualifier, _, people = name.rpartition(" ")
    return people in PEOPLES and gazetteer is not None and gazetteer.demonym(qualifier) is not None


_STANCE_PREFIXES = frozenset({"pro", "anti"})


def _stance(doc: Doc, start: int) -> bool:
    """Whether the name at ``start`` is glued to "pro-"/"anti-": "pro-Beijing councillors" takes a
    side, it names no place anyone is in (the relation model read it as one)."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_ or doc[start - 2].whitespace_:
        return False
    return doc[start - 2].lower_ in _STANCE_PREFIXES


_ERAS = frozenset({"b.c.", "bc", "bce", "a.d.", "ad", "ce", "b.c", "a.d"})


def _era(ent: Span) -> bool:
    """Whether ``ent`` is an era after a year ("44 B.C.", "AD 79"), not a place."""
    doc = ent.doc
    if ent.text.lower() not in _ERAS:
        return False
    return (ent.start > 0 and doc[ent.start - 1].like_num) or (ent.end < len(doc) and doc[ent.end].like_num)


def _given_named(ent: Span, gazetteer: Gazetteer | None) -> bool:
    """Whether a span the NER calls a product, work or event is a person's name: two or three
    capitalised words, the first a known given name, none an organisation's, place's or facility's
    ("Emile Jonassaint"; not "Jesse James Steak House")."""
    words = ent.text.split()
    return (gazetteer is not None and 2 <= len(words) <= 3 and words[0] in gazetteer.given_names
            and all(w[:1].isupper() and w.isalpha() for w in words) and not _worded(ent.text)
            and ent.root.dep_ not in ("compound", "poss") and not _quoted(ent))


def _quoted(ent: Span) -> bool:
    """Whether ``ent`` stands between quotation marks (a title: "The Ballad of Czolgosz")."""
    doc = ent.doc
    return ent.start > 0 and ent.end < len(doc) and doc[ent.start - 1].is_quote and doc[ent.end].is_quote


_DOCTRINE_ENDINGS = ("ism", "isms", "phobia")


def _is_junk(span: Span, label: str) -> bool:
    """True for spans that name no one: pronouns, numbers, vague or generic words.

    This judges unlinked names only; a gazetteer match is never junk.
    """
    from kg.extract.coref import aged_at, after_honorific

    text = span.text
    if label == "PERSON" and text[:1].isupper() and (aged_at(span.doc, span.end) or after_honorific(span)):
        return False  # "Cheek, 53, is a former chief", "said Ms. Say": a name, not a word
    if len(text) < 2 or text.lower() in _VAGUE or text.lower() in _GENERIC or _PARTY_STATE_RE.match(text):
        return True
    if all(t.pos_ in _PRONOUN_POS or t.is_stop for t in span):
        return True
    if not any(c.isalpha() for c in text):
        return True
    if len(span) == 1 and text.lower().endswith(_DOCTRINE_ENDINGS):
        return True  # "subject to Islamophobia", "Zionism": a doctrine or attitude, no one
    if not text[:1].isupper() and not text[:1].isdigit():
        return True  # "state", "the alliance": names are capitalised
    if label == "PERSON" and len(span) > 1 and span[-1].like_num and span[-1].text[:1].isdigit():
        return True  # "Mozilla released Firefox 4": a product's version, no person ends in a number
    # A name has a proper noun in it; an all-capitals acronym counts as one ("FTU", "BPA").
    return not any(t.pos_ == "PROPN" or t.tag_ in ("NNP", "NNPS") or (t.is_upper and len(t) > 1) for t in span)


def entities(doc: Doc, *, article_id: str, gazetteer: Gazetteer | None, settings: Settings,
             published: str = "") -> EntityIndex:
    """Resolve the named-entity spans of ``doc`` to canonical entities.

    Parameters
    ----------
    doc : Doc
        A parsed document with ``doc.ents`` set (statistical NER and the gazetteer ruler).
    article_id : str
        Id of the article, recorded on each mention.
    gazetteer : Gazetteer or None
        Links names to canonical entries with Wikidata/GeoNames ids.
    settings : Settings
        Gives the entity namespace.
    published : str
        The article's date (ISO), for surnames of leaders ("Obama" in 2015).

    Returns
    -------
    EntityIndex
    """
    from kg.extract.coref import Resolver, repaired_ents
    from kg.extract.places import qualified_places
    from kg.nlp import GAZETTEER_SPANS

    index = EntityIndex(doc=doc, gazetteer=gazetteer, entity_ns=settings.entity_ns)
    candidates: list[tuple[Span, str, str]] = []  # (clean span, label, gazetteer key or "")
    ents, places = qualified_places(doc, dateline_ents(doc, repaired_ents(doc, gazetteer)), gazetteer)
    # A span's ruler id is its root token's; it names the span only where the NER or the ruler found it.
    found = {(e.start, e.end) for e in doc.ents} | {(e.start, e.end) for e in doc.spans.get(GAZETTEER_SPANS, ())}
    for ent in ents:
        label = ent.label_
        if label == "NORP" or (not ent.ent_id_ and _people(clean_name(ent.text), gazetteer)):
            _nationality(ent, index, gazetteer)
            continue
        if _era(ent):
            continue  # "44 B.C." is a date, not British Columbia
        if label in ("PRODUCT", "WORK_OF_ART", "EVENT") and _given_named(ent, gazetteer):
            label = "PERSON"  # "made Emile Jonassaint provisional president", a product to the NER
        if label not in TYPE_OF_LABEL or _stance(doc, ent.start):
            continue
        span = _entity_span(ent)
        key = ent.ent_id_ or ""
        if key and label != "PERSON" and (ent.start, ent.end) not in found:
            key = ""  # a name mended around the ruler's "Canada" ("Environment Canada") is not Canada
        if span is None or (not key and _is_junk(span, label)):
            continue
        if (label == "ORG" and not key and _titled_name(span)) or noble_title(span.text):
            label = "PERSON"
        elif label == "PERSON" and not key and institution_name(span.text):
            label = "ORG"
        if label in ("ORG", "PERSON") and not key and (_place_of(span) or feature_name(span.text)):
            label = "GPE"
        candidates.append((span, label, key))
    candidates = _listed_with_people(candidates)

    # The NER may call one name PERSON here and ORG there: within an article, the majority wins.
    votes: dict[str, Counter] = defaultdict(Counter)
    for span, label, _ in candidates:
        votes[clean_name(span.text)][label] += 1
    majority = {name: min(c.items(), key=lambda kv: (-kv[1], _LABEL_RANK.get(kv[0], 9)))[0]
                for name, c in votes.items()}
    resolver = Resolver(doc, [(s.text, lab) for s, lab, _ in candidates], gazetteer, published=published,
                        places=places, ents=ents)
    national = _national_names(candidates, gazetteer)
    for span, label, key in candidates:
        name = clean_name(span.text)
        if not name:
            continue
        label = label if key else majority.get(name, label)
        resolved = resolver.resolve(span, name, label, key)  # aliases, surnames, gazetteer (kg.extract.coref)
        if resolved is None:
            continue  # "New Zealander", "Rohingya": a nationality, not a node
        entry, name, label = resolved
        if entry is None and name in national:
            name = national[name].get(span.start) or national[name].get(-1) or name
        if entry is not None:
            entity = Entity(
                iri=settings.entity_ns + entry.key,
                name=entry.name,
                type=entry.type,
                same_as=tuple(entry.same_as),
            )
        else:
            entity = Entity(iri=settings.entity_ns + unlinked_key(name, gazetteer), name=name,
                            type=TYPE_OF_LABEL[label])
        entity = _remember(index, entity, surface=span.text)
        mention = Mention(article_id, span.start_char, span.end_char, span.text, label)
        index.mentions.append((mention, entity.iri))
        index.spans.append((span, entity.iri))
        for t in span:
            index.by_token[t.i] = entity.iri
    _nested_places(doc, index, gazetteer, settings, article_id)
    _nested_names(doc, [e for e in ents if (e.start, e.end) not in found and e.label_ != "PERSON"], index, article_id)
    _attach_nationalities(index)
    return index


# Words of an institution's name that every state has one of: "Defence Ministry", "Supreme Court".
_STATE_INSTITUTION_WORDS = frozenset("""
ministry department defence defense foreign interior home finance justice health economy trade energy
agriculture education culture affairs supreme constitutional high court parliament senate congress army
navy air force forces armed police military national assembly central bank cabinet government presidency
security intelligence service council prosecutor general election electoral commission coast guard of the
commerce industry labour labor transport environment information communications development planning
immigration customs border public works veterans tourism science technology water oil petroleum mines
""".split())


def state_institution(name: str) -> bool:
    """Whether ``name`` is made of words every state's institutions are named by alone.

    >>> state_institution("Defence Ministry"), state_institution("Supreme Court of Cassation")
    (True, False)
    >>> state_institution("Ministry"), state_institution("Civic Party")
    (False, False)
    """
    words = name.lower().split()
    return len(words) >= 2 and all(w in _STATE_INSTITUTION_WORDS for w in words)


def _national_names(candidates: list[tuple[Span, str, str]], gazetteer: Gazetteer | None) -> dict[str, dict[int, str]]:
    """The names of a state's institutions qualified by the state that owns them in the article:
    "China's Defence Ministry" is the "Chinese Defence Ministry", not one "Defence Ministry" of
    every state, and after "the Saudi Interior Ministry" the article's "Interior Ministry" is the
    Saudi one. ``{name: {span start: qualified name}}``, and under ``-1`` the one qualified
    name the article gives such a name, for its bare mentions ("the ministry's spokesman …
    the Defence Ministry said")."""
    if gazetteer is None:
        return {}
    out: dict[str, dict[int, str]] = {}
    for span, label, key in candidates:
        name = clean_name(span.text)
        if key or label != "ORG":
            continue
        first, _, rest = name.partition(" ")
        if state_institution(rest) and first[:1].isupper() and first.lower() not in _STATE_INSTITUTION_WORDS:
            # the NER's own "Saudi Interior Ministry", "U.N. Security Council"
            out.setdefault(rest, {})[span.start] = name
        elif state_institution(name) and (qualified := _state_qualifier(span, gazetteer)):
            out.setdefault(name, {})[span.start] = f"{qualified} {name}"
    for name, found in out.items():
        if len(set(found.values())) == 1:
            found[-1] = next(iter(found.values()))
    return out


def _state_qualifier(span: Span, gazetteer: Gazetteer) -> str:
    """The demonym of the state that owns an institution: "China's" gives "Chinese"; the
    nationality word right before the name, where the NER left it out ("the Saudi Interior
    Ministry"), is itself."""
    for child in span.root.children:
        if child.dep_ == "poss" and child.i < span.start:
            owner = " ".join(t.text for t in child.subtree if t.dep_ not in ("case", "det"))  # "The Ivory Coast's"
            entry = gazetteer.lookup(owner, label="GPE")
            if entry is not None and entry.type == "Country" and entry.demonyms:
                return entry.demonyms[0]
    before = span.doc[span.start - 1] if span.start else None
    if before is not None and before.ent_type_ == "NORP" and before.is_title and before.head.i in range(
            span.start, span.end):
        return before.text  # "the Saudi Interior Ministry", the NER's nationality and organisation
    return ""


def _nested_names(doc: Doc, mended: list[Span], index: EntityIndex, article_id: str) -> None:
    """Add the NER's names inside a name mended from its pieces as mentions, where the article
    names them on their own too: "Google" in "their Google Science Fair" (one name because the
    article has it whole elsewhere) is still Google. Like :func:`_nested_places`, the mention is
    not in ``by_token`` or ``spans``: no extractor reads the inner name as standing there alone.
    """
    if not mended:
        return
    pieces = [e for e in doc.ents if e.label_ in ("PERSON", "ORG") and any(nested(e, m) for m in mended)]
    if not pieces:
        return
    named = {clean_name(m.text): iri for m, iri in index.mentions}
    for piece in pieces:
        iri = named.get(clean_name(piece.text))
        if iri is not None:
            index.mentions.append((Mention(article_id, piece.start_char, piece.end_char, piece.text, piece.label_),
                                   iri))


def _nested_places(doc: Doc, index: EntityIndex, gazetteer: Gazetteer | None, settings: Settings,
                   article_id: str) -> None:
    """Add the gazetteer places and organisations named inside an organisation's name as mentions.

    "University of Arkansas" is one organisation, but it also names Arkansas ("the U.S.
    Environmental Protection Agency", "Colorado State University", "Google Chrome"): the inner
    name gets its node and a mention nested in the outer one. The mention is not in ``by_token``
    or ``spans``, so no extractor reads the inner name as standing there on its own. A name inside
    a longer gazetteer name ("York" in "New York") is not one.
    """
    from kg.nlp import GAZETTEER_SPANS

    if gazetteer is None or GAZETTEER_SPANS not in doc.spans:
        return
    outer = [span for span, iri in index.spans
             if index.entities[iri].type in ("Organization", "NewsMediaOrganization")]
    if not outer:
        return
    matches = list(doc.spans[GAZETTEER_SPANS])
    for match in matches:
        if match.label_ not in ("GPE", "LOC", "ORG") or not match.id_:
            continue
        if not any(nested(match, o) for o in outer):
            continue  # the few organisation names first: most matches are inside none
        if any(nested(match, m) for m in matches):
            continue  # "York" in "New York"
        entry = gazetteer.by_key(match.id_)
        if entry is None:
            continue
        entity = _remember(index, Entity(iri=settings.entity_ns + entry.key, name=entry.name, type=entry.type,
                                         same_as=tuple(entry.same_as)), surface=match.text)
        index.mentions.append((Mention(article_id, match.start_char, match.end_char, match.text, match.label_),
                               entity.iri))


def _remember(index: EntityIndex, entity: Entity, *, surface: str) -> Entity:
    """Add ``entity`` to the index, collecting the surface forms it was named by as aliases."""
    known = index.entities.get(entity.iri)
    if known is None:
        known = entity
    alias = clean_name(surface)
    if alias and alias != known.name and alias not in known.aliases:
        known = Entity(
            iri=known.iri,
            name=known.name,
            type=known.type,
            aliases=tuple(sorted({*known.aliases, alias})),
            same_as=known.same_as,
            attributes=known.attributes,
        )
    index.entities[entity.iri] = known
    return known


def _nationality(ent: Span, index: EntityIndex, gazetteer: Gazetteer | None) -> None:
    """Record "Italian" in "Italian admiral X" as X's nationality (an attribute, not a node)."""
    head = ent.root.head
    if head.i == ent.root.i or head.pos_ != "PROPN":
        return
    index.nationality.setdefault(head.i, []).append(ent.text)


def _attach_nationalities(index: EntityIndex) -> None:
    for i, demonyms in index.nationality.items():
        entity = index.at(i)
        if entity is None or entity.type != "Person":
            continue
        attrs = tuple(sorted({*entity.attributes, *(("nationality", d) for d in demonyms)}))
        index.entities[entity.iri] = dataclasses.replace(entity, attributes=attrs)


# Last words of newspaper titles ("Toronto Star", "Jerusalem Post", "Korea Herald").
_MASTHEAD_WORDS = frozenset("""
times herald tribune journal gazette chronicle telegraph observer star sun post daily guardian mirror
express mail globe independent examiner courier bulletin dispatch inquirer register record review
""".split())


_BROADCAST_WORDS = frozenset({"radio", "television", "tv", "news"})


def name_mastheads(index: EntityIndex) -> dict[str, str]:
    """Retype the unlinked entities named like news media; returns ``{iri: type}``.

    A place the gazetteer knows followed by a masthead word ("Toronto Star", "Edmonton Sun",
    "Jerusalem Post"), or a name with "Radio", "Television", "TV" or "News" in it and no other
    organisation word ("Radio Monte Carlo", "Kanal-6 Television"; not "Television Workers
    Union"): the NER and the typer read some as people. A first name is no place, so "Emily
    Post" stays a person.
    """
    gazetteer = index.gazetteer
    changed: dict[str, str] = {}
    if gazetteer is None:
        return changed
    for iri, entity in list(index.entities.items()):
        words = entity.name.split()
        if index.linked(entity) or entity.type == "NewsMediaOrganization" or len(words) < 2:
            continue
        lower = {w.lower() for w in words}
        broadcaster = bool(lower & _BROADCAST_WORDS) and not (lower & _ORG_WORDS) - _BROADCAST_WORDS
        place = None
        if not broadcaster and words[-1].lower() in _MASTHEAD_WORDS and words[-1][:1].isupper():
            place = gazetteer.lookup(" ".join(words[:-1]), label="GPE")
        if broadcaster or (place is not None and place.type in ("City", "Country", "AdministrativeArea", "Place")):
            index.entities[iri] = dataclasses.replace(entity, type="NewsMediaOrganization")
            changed[iri] = "NewsMediaOrganization"
    return changed


# A common noun right before a name says what it names: "the opposition newspaper La Prensa",
# "the mining company Codelco", "the town Heuchelheim".
_DESCRIPTORS = {
    **dict.fromkeys("newspaper daily weekly magazine tabloid broadsheet broadcaster".split(), "NewsMediaOrganization"),
    **dict.fromkeys("company firm group party organization organisation militia movement bank airline carrier "
                    "manufacturer charity union corporation conglomerate monopoly retailer chain "
                    "insurer lender chipmaker carmaker drugmaker planemaker shipbuilder refiner giant startup "
                    "utility".split(), "Organization"),
    **dict.fromkeys("city town village province region district port island".split(), "Place"),
}


def _appositive(span: Span, noun: Token, words: Mapping[str, object] = _DESCRIPTORS) -> bool:
    """Whether ``noun``, one of ``words``, is in apposition with ``span``, either way round, and
    the first noun of its phrase ("Pemex" after "the state oil monopoly,"; "a Hong Kong
    construction firm" after a name, not "deputy leader of the … parliamentary group")."""
    root = span.root
    if noun.lower_ not in words or not noun.is_lower or noun.pos_ != "NOUN":
        return False
    if noun.i == root.head.i:
        return root.dep_ == "appos" and noun.i < span.start
    between = span.doc[span.end : noun.i]
    return noun.dep_ == "appos" and all(t.pos_ != "NOUN" or t.head.i == noun.i for t in between)


# Nouns after a name that make it an employer: "an Emery employee", "Ford workers" (every such
# name in CoNLL04 train and dev, 23, is an organisation).
_STAFF = dict.fromkeys("employee employees worker workers".split(), "Organization")


_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "poss"})


def described_types(index: EntityIndex) -> dict[str, str]:
    """Retype the unlinked entities a common noun right before a mention describes; returns
    ``{iri: type}``.

    "the opposition newspaper La Prensa" is a news medium, "the Chilean copper company Codelco"
    and "the Sea Org group" organisations, "the town Heuchelheim" a place, whatever the NER or the typer read ("news
    agency X" counts, "agency X" alone does not). Gazetteer entities keep their type.
    """
    from kg.extract.relations import ROLE_NOUNS

    doc = index.doc
    changed: dict[str, str] = {}
    for span, iri in index.spans:
        entity = index.entities[iri]
        if index.linked(entity) or iri in changed:
            continue
        before, root = doc[span.start - 1] if span.start else None, span.root
        described = before is not None and before.pos_ == "NOUN" and before.is_lower
        kind = _DESCRIPTORS.get(before.lower_) if described else None
        if kind is None and root.dep_ == "compound" and root.head.i == span.end and root.head.is_lower:
            # "the Sea Org group", "the Hamas movement"; "an Emery employee" works for an organisation
            kind = _DESCRIPTORS.get(root.head.lower_) or _STAFF.get(root.head.lower_)
        if kind is None:  # "the state oil monopoly, Pemex", "Sun Hung Kai Properties, a construction firm"
            kind = next((_DESCRIPTORS[t.lower_] for t in (root.head, *root.children) if _appositive(span, t)), None)
        two_before = (before.lower_, doc[span.start - 2].lower_) if span.start > 1 else None
        if kind is None and two_before == ("of", "firm"):
            kind = "Organization"  # "the law firm of Skadden, Arps"
        if kind is None and entity.type != "Person" and not org_worded(entity.name) and any(
                _appositive(span, t, ROLE_NOUNS) for t in (root.head, *root.children)):
            kind = "Person"  # "Lazutkin, former first deputy general director of Ostankino"
        if kind is None and two_before == ("agency", "news"):
            kind = "NewsMediaOrganization"
        if (kind is None and entity.type == "Person" and len(span) == 1 and before is not None
                and before.lower_ == "the" and root.dep_ not in _MODIFIER_DEPS):
            kind = "Place"  # "the bridge spanning the Rhine": a river, not a man ("the Kennedy assassination" is)
        if kind is None or kind == entity.type or (kind == "Organization" and entity.type == "NewsMediaOrganization"):
            continue
        if kind == "Place" and entity.type in ("City", "Country", "AdministrativeArea"):
            continue
        index.entities[iri] = dataclasses.replace(entity, type=kind)
        changed[iri] = kind
    return changed


def label_of_type(type_: str) -> str:
    """The spaCy label that corresponds to a schema.org type (for re-typing spans)."""
    return _LABEL_OF_TYPE.get(type_, "ORG")
