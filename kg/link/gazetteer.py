"""A gazetteer of countries, cities, regions, organisations, news media and leaders.

The facts come from a compact table, ``kg/link/data/gazetteer.jsonl.gz``, compiled by
``scripts/build_gazetteer.py`` from public lists (their paths, upstreams and licences are in
the table's first line, ``_meta``). Every entry carries a stable ``key`` (the slug used in
entity IRIs), a schema.org type, and where known a Wikidata QID and a GeoNames id.

The gazetteer does three jobs in the pipeline:

* :meth:`Gazetteer.lookup` links a mention the NER found (``"the U.S."``, ``"Kiev"``) to an
  entry, using the spaCy label to prefer a compatible type;
* :meth:`Gazetteer.demonym` turns ``"Italian"`` into Italy, so nationality is stored as an
  attribute rather than as a node;
* :meth:`Gazetteer.ruler_patterns` feeds spaCy's ``span_ruler``, so names the statistical
  model misses (``Corriere della Sera``) are tagged, with the entry key as the entity id.

Examples
--------
>>> gaz = Gazetteer.load()
>>> gaz.lookup("the U.S.").key
'united-states'
>>> gaz.lookup("NATO").same_as
('wd:Q7184',)
>>> gaz.lookup("Kiev", label="GPE").name
'Kyiv'
>>> gaz.demonym("Italians").key
'italy'
>>> gaz.lookup("us") is None
True
"""

from __future__ import annotations

import datetime as _dt
import gzip
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = [
    "GazEntry",
    "Role",
    "Gazetteer",
    "normalize",
    "DEFAULT_PATH",
    "ENTRY_TYPES",
    "SPACY_LABEL",
    "add_entity_ruler",
]

_DATA = Path(__file__).parent / "data"
DEFAULT_PATH = _DATA / "gazetteer.jsonl.gz"
"""The table shipped with kg (a plain ``gazetteer.jsonl`` beside it is read if present instead,
and the environment variable ``KG_GAZETTEER`` names another table to use)."""

ENTRY_TYPES = ("Country", "City", "AdministrativeArea", "Place", "Organization", "NewsMediaOrganization", "Person")
"""schema.org class local names an entry may have."""

SPACY_LABEL = {
    "Country": "GPE",
    "City": "GPE",
    "AdministrativeArea": "GPE",
    "Place": "LOC",
    "Organization": "ORG",
    "NewsMediaOrganization": "ORG",
    "Person": "PERSON",
}
"""The spaCy NER label the entity ruler gives each entry type."""

# Which entry types a mention with a given spaCy label may link to, best first. A type
# missing from the tuple is never linked: a PERSON span is never a country, and a DATE or
# CARDINAL span ("May", "one") is never anything. ORG reaches Country and City because news
# uses capitals and countries for governments ("Moscow said", "Russia's ministry").
_LABEL_TYPES: dict[str | None, tuple[str, ...]] = {
    None: ("Country", "Organization", "NewsMediaOrganization", "Person", "Place", "City", "AdministrativeArea"),
    "GPE": ("Country", "City", "AdministrativeArea", "Place", "Organization"),
    "LOC": ("Place", "Country", "AdministrativeArea", "City"),
    "FAC": ("Place", "City"),
    "ORG": ("Organization", "NewsMediaOrganization", "Country", "City", "AdministrativeArea"),
    "NORP": ("Organization",),
    "PERSON": ("Person",),
    "WORK_OF_ART": ("NewsMediaOrganization",),
    "PRODUCT": ("NewsMediaOrganization",),
}
# Entries flagged ambiguous (cities named like common words: Nice, Reading, Split) link only
# when the NER has already called the span a place.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Towns under this size get no ruler pattern unless capitals, and yield a name to any other entry.
_MINOR_TOWN = 100_000
_LEADER_ROLES = ("headOfState", "headOfGovernment", "heads")

_QUOTES = "\"'`*_“”‘’«»„‚‹›"
_DETERMINER = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'S|’S)$")
_SPACES = re.compile(r"\s+")
# A country's (or the UN's) short form opening a longer name: "U.S. Department of Agriculture" is
# the "United States Department of Agriculture" of the sources, "U.N. Security Council" the
# "United Nations Security Council".
_COUNTRY_PREFIX = re.compile(r"^(?:(U\.?S\.?)|(U\.?K\.?)|(U\.?N\.?))\s+(?=\S)")
_SPELT = ("United States ", "United Kingdom ", "United Nations ")


def _spelt_country(text: str) -> str:
    m = _COUNTRY_PREFIX.match(text)
    return text if m is None else _SPELT[m.lastindex - 1] + text[m.end():]


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    # A translate table deleting combining marks is ten times faster than testing each
    # character; the marks of Latin, Greek and Cyrillic names all lie in the BMP.
    return {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}


def _fold_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_combining_marks())


def _strip(text: str) -> str:
    """Surface form without quotes, emphasis, leading determiner or trailing possessive."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().strip(_QUOTES).strip()
    text = _POSSESSIVE.sub("", text).strip(_QUOTES).strip()
    return _DETERMINER.sub("", text).replace("’", "'")


def normalize(text: str) -> str:
    """Return the index key of a surface form.

    Quotes, asterisks and surrounding whitespace go, as do a leading "the" and a trailing
    possessive; accents are folded, and "U.S."/"US"/"UK"/"U.N." opening a longer name is spelt out.
    Forms longer than four characters are case-folded so that "UNITED STATES" finds "United
    States"; shorter ones keep their case, so the acronym "US" is not the pronoun "us".

    Examples
    --------
    >>> normalize("the United States’s")
    'united states'
    >>> normalize("*Corriere della Sera*")
    'corriere della sera'
    >>> normalize("US"), normalize("us")
    ('US', 'us')
    >>> normalize("Erdoğan")
    'erdogan'
    >>> normalize("The U.S. Department of Agriculture") == normalize("United States Department of Agriculture")
    True
    >>> normalize("the U.N. Security Council") == normalize("United Nations Security Council")
    True
    """
    text = _fold_accents(_strip(text))
    if len(text) > 4:
        text = _spelt_country(text)
    return text.casefold() if len(text) > 4 else text


def _has_upper(text: str) -> bool:
    return text.lower() != text


def _date_bound(value: str, *, end: bool) -> str:
    """Pad a partial ISO date: a start of "2021" is 2021-01-01, an end of "2022" is 2022-12-31."""
    if not value:
        return "9999-12-31" if end else "0000-01-01"
    pad = ("-12", "-31") if end else ("-01", "-01")
    parts = value.split("-")
    return "-".join(parts + list(pad[len(parts) - 1 :]))


@dataclass(frozen=True)
class Role:
    """A dated office: ``role`` of the entry with key ``of`` (a country or organisation).

    ``role`` is ``headOfState``, ``headOfGovernment``, ``foreignMinister`` or ``heads``; dates
    are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and an empty ``end`` means still in office as
    far as the sources know.

    >>> Role("headOfState", "united-states", "2025-01-20").active_on("2025-06-01")
    True
    >>> Role("headOfGovernment", "italy", "2021", "2022").active_on("2023-01-01")
    False
    """

    role: str
    of: str
    start: str = ""
    end: str = ""

    def active_on(self, on: str | _dt.date) -> bool:
        """Whether the office was held on ``on`` (an ISO date string or a date)."""
        day = on.isoformat() if isinstance(on, _dt.date) else _date_bound(on, end=False)
        return _date_bound(self.start, end=False) <= day <= _date_bound(self.end, end=True)


@dataclass(frozen=True)
class GazEntry:
    """One gazetteer entry.

    Parameters
    ----------
    key : str
        Stable slug (``united-states``, ``nato``, ``kyiv``), the local part of the entity IRI.
    name : str
        Canonical English name.
    type : str
        schema.org class local name, one of :data:`ENTRY_TYPES`.
    qid, geonames : str
        Wikidata QID (``Q30``) and GeoNames id, or ``""`` when not reliably known.
    aliases, demonyms : tuple of str
        Other names (acronyms, official and former names); nationality adjectives.
    country : str
        ISO 3166 alpha-3 code of the country (of a city, of a country itself).
    roles : tuple of Role
        Offices held, for people.
    population : int
        Inhabitants (cities and countries), used to prefer the bigger of two namesakes.
    ambiguous : bool
        The name is also a common word (Nice, Reading): never a ruler pattern, and linked only
        from a span the NER already typed as a place.
    sources : tuple of str
        Ids of the sources listed in the table's ``_meta`` line.
    part_of : str
        Key of the parent organisation (``NATO Military Committee`` → ``nato``).
    capital_of : str
        Key of the country whose capital this city is.
    region : str
        A city's first-level division as named in the table ("Texas", "Sindh"), or ``""``.
    respelled : bool
        ``name`` is the English spelling of a city's source name, ``aliases[0]`` ("Rafah" for
        GeoNames' "Rafaḩ"); the entity ruler matches the source spelling, not this one.

    Examples
    --------
    >>> GazEntry("united-states", "United States", "Country", qid="Q30", geonames="6252001").same_as
    ('wd:Q30', 'gn:6252001')
    """

    key: str
    name: str
    type: str
    qid: str = ""
    geonames: str = ""
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    country: str = ""
    roles: tuple[Role, ...] = ()
    population: int = 0
    ambiguous: bool = False
    sources: tuple[str, ...] = ()
    part_of: str = ""
    capital_of: str = ""
    region: str = ""
    respelled: bool = False

    @property
    def same_as(self) -> tuple[str, ...]:
        """External ids as CURIEs: ``wd:`` for Wikidata, ``gn:`` for GeoNames."""
        ids = []
        if self.qid:
            ids.append(f"wd:{self.qid}")
        if self.geonames:
            ids.append(f"gn:{self.geonames}")
        return tuple(ids)

    @property
    def label(self) -> str:
        """The spaCy NER label matching the entry type (GPE, LOC, ORG, PERSON)."""
        return SPACY_LABEL[self.type]

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> GazEntry:
        """Build an entry from one line of the table (absent fields take their defaults)."""
        return cls(
            key=record["key"],
            name=record["name"],
            type=record["type"],
            qid=record.get("qid", ""),
            geonames=str(record.get("geonames", "")),
            aliases=tuple(record.get("aliases", ())),
            demonyms=tuple(record.get("demonyms", ())),
            country=record.get("country", ""),
            roles=tuple(Role(**r) for r in record.get("roles", ())),
            population=int(record.get("population", 0)),
            ambiguous=bool(record.get("ambiguous", False)),
            sources=tuple(record.get("sources", ())),
            part_of=record.get("part_of", ""),
            capital_of=record.get("capital_of", ""),
            region=record.get("region", ""),
            respelled=bool(record.get("respelled", False)),
        )


# (entry index, tier: 0 for the name and 1 for an alias, alias written all in lower case)
_Hit = tuple[int, int, bool]
_FAST_UNSAFE = frozenset("\"'`*_“”‘’«»„‚‹›\n\t")


def _index_key(form: str) -> str:
    """:func:`normalize` for a stored name, with a fast path for names without quotes."""
    if "  " in form or not _FAST_UNSAFE.isdisjoint(form) or form != form.strip():
        return normalize(form)
    form = _fold_accents(unicodedata.normalize("NFC", form)) if not form.isascii() else form
    if form[:4] in ("The ", "the ", "THE "):
        form = form[4:].lstrip()
    return _spelt_country(form).casefold() if len(form) > 4 else form


def _an_variants(form: str) -> list[str]:
    """The other spellings of a demonym's "-an" ending: "Ecuadoran" → "Ecuadorian", "Ecuadorean"."""
    for end in ("ian", "ean", "an"):
        if form.endswith(end) and len(form) > len(end) + 2:
            base = form[: -len(end)]
            return [base + e for e in ("an", "ian", "ean") if e != end]
    return []


class Gazetteer:
    """The loaded table, indexed by key, by normalised name and by demonym.

    Use :meth:`load` rather than the constructor: it reads the shipped table once per path.
    Entries are built from the table's records when first asked for, which keeps loading fast.

    Examples
    --------
    >>> gaz = Gazetteer.load()
    >>> gaz.lookup("America", label="GPE").key
    'united-states'
    >>> gaz.lookup("Georgia", label="GPE").type
    'Country'
    >>> [p.name for p in gaz.leaders("united-states", on="2025-06-01")]
    ['Donald Trump']
    >>> "nato" in gaz
    True
    """

    def __init__(self, entries: Iterable[GazEntry | dict[str, Any]], meta: dict[str, Any] | None = None):
        self.meta: dict[str, Any] = meta or {}
        # Each item is a GazEntry or, until first asked for, the table record it is built from.
        self._items: list[GazEntry | dict[str, Any]] = list(entries)
        n = len(self._items)
        self._keys: list[str] = [""] * n
        self._types: list[str] = [""] * n
        self._population: list[int] = [0] * n
        self._ambiguous: list[bool] = [False] * n
        self._minor: list[bool] = [False] * n  # a town the entity ruler leaves out (see lookup)
        self._names: dict[str, list[_Hit]] = {}
        self._demonyms: dict[str, list[int]] = {}
        names = self._names
        for i, item in enumerate(self._items):
            if isinstance(item, GazEntry):
                key, type_, name, aliases = item.key, item.type, item.name, item.aliases
                pop, amb, demonyms, capital = item.population, item.ambiguous, item.demonyms, item.capital_of
            else:
                key, type_, name, aliases = item["key"], item["type"], item["name"], item.get("aliases", ())
                pop, amb, demonyms = item.get("population", 0), item.get("ambiguous", False), item.get("demonyms", ())
                capital = item.get("capital_of", "")
            self._keys[i], self._types[i], self._population[i], self._ambiguous[i] = key, type_, pop, amb
            self._minor[i] = type_ == "City" and pop < _MINOR_TOWN and not capital
            norm = _index_key(name)
            names.setdefault(norm, []).append((i, 0, not _has_upper(name)))
            if aliases:
                seen = {norm}
                for form in aliases:
                    norm = _index_key(form)
                    if norm and norm not in seen:
                        seen.add(norm)
                        names.setdefault(norm, []).append((i, 1, not _has_upper(form)))
            for form in demonyms:
                self._demonyms.setdefault(normalize(form), []).append(i)
        self._by_key = {key: i for i, key in enumerate(self._keys)}
        self._holders_index: dict[str, list[int]] | None = None
        self._surnames: dict[str, list[int]] | None = None
        self.given_names: frozenset[str] = frozenset(self.meta.get("given_names", ()))

    def _entry(self, i: int) -> GazEntry:
        item = self._items[i]
        if not isinstance(item, GazEntry):
            item = self._items[i] = GazEntry.from_json(item)
        return item

    @property
    def entries(self) -> tuple[GazEntry, ...]:
        """Every entry, in table order."""
        return tuple(self._entry(i) for i in range(len(self._items)))

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """Load a table (default: the shipped one); cached, so repeated calls are free.

        Raises :class:`~kg.errors.InputError` when the file is missing or malformed.
        """
        return _load(str(Path(path).resolve()) if path else str(_default_path()))

    @classmethod
    def from_lines(cls, lines: Iterable[str], *, path: str = "") -> Gazetteer:
        """Build a gazetteer from the JSON lines of a table (``_meta`` line first)."""
        numbered = [(number, line) for number, line in enumerate(lines, 1) if line.strip()]
        try:
            # One parse of the whole table is three times faster than one per line; JSON
            # strings hold no raw newline, so the lines join into an array safely.
            records = json.loads("[" + ",".join(line for _, line in numbered) + "]")
        except ValueError:
            records = []
            for number, line in numbered:  # again, line by line, to say where
                try:
                    records.append(json.loads(line))
                except ValueError as exc:
                    raise InputError(f"bad gazetteer record: {exc}", path=path or None, line=number) from exc
        meta: dict[str, Any] = {}
        entries = []
        for (number, _), record in zip(numbered, records):
            if not isinstance(record, dict):
                raise InputError("a gazetteer record must be a JSON object", path=path or None, line=number)
            if "_meta" in record:
                meta = record["_meta"]
            elif "key" in record and "name" in record and "type" in record:
                entries.append(record)
            else:
                raise InputError("an entry needs key, name and type", path=path or None, line=number)
        return cls(entries, meta)

    # -- access --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[GazEntry]:
        return (self._entry(i) for i in range(len(self._items)))

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def by_key(self, key: str) -> GazEntry | None:
        """The entry with this key, or None.

        >>> Gazetteer.load().by_key("kyiv").country
        'UKR'
        """
        i = self._by_key.get(key)
        return None if i is None else self._entry(i)

    def lookup(self, text: str, *, label: str | None = None) -> GazEntry | None:
        """Link a surface form to an entry, or return None.

        Parameters
        ----------
        text : str
            The mention as written (``"the United States"``, ``"*Euractiv*"``, ``"Kyiv’s"``).
        label : str, optional
            spaCy NER label of the mention. It restricts and orders the entry types that may
            match (GPE: Country, City, Place; ORG: Organization, NewsMediaOrganization, …;
            PERSON: Person); a label that names no entity type here (DATE, CARDINAL) gives None.
            Without a label every type may match, except ambiguous entries.

        Notes
        -----
        Among candidates, one the entity ruler would tag wins (not an ambiguous name, nor a
        town under 100,000 that is no capital: "Ontario" is the province, not the Californian
        city, and "Tuscany" the region, not the Canadian town); then a better type for the
        label, a match on the canonical name over one on an alias, and the bigger population.
        A form written all in lower case ("turkey", "reading") never matches a proper name, only
        an alias stored in lower case.

        Examples
        --------
        >>> gaz = Gazetteer.load()
        >>> gaz.lookup("The United States").qid
        'Q30'
        >>> gaz.lookup("Moscow", label="GPE").country
        'RUS'
        >>> gaz.lookup("Nice") is None, gaz.lookup("Nice", label="GPE").country
        (True, 'FRA')
        >>> gaz.lookup("May", label="DATE") is None
        True
        >>> gaz.lookup("Ontario", label="GPE").type, gaz.lookup("Tuscany", label="GPE").type
        ('AdministrativeArea', 'AdministrativeArea')
        """
        types = _LABEL_TYPES.get(label)
        if types is None or not text:
            return None
        hits = self._names.get(normalize(text))
        if not hits and label == "PERSON" and len(words := text.split()) == 3:
            # a Korean given name's syllables, spaced: "Yoon Suk Yeol" is "Yoon Suk-yeol"
            hits = self._names.get(normalize(f"{words[0]} {words[1]}-{words[2].lower()}"))
        if not hits:
            return None
        lower_query = not _has_upper(_strip(text))
        allow_ambiguous = label in _PLACE_LABELS
        best: tuple[Any, ...] | None = None
        for i, tier, alias_lower in hits:
            type_, amb = self._types[i], self._ambiguous[i]
            if type_ not in types or (amb and not allow_ambiguous):
                continue
            if lower_query and not alias_lower:
                continue
            rank = (amb or self._minor[i], types.index(type_), tier, -self._population[i], self._keys[i], i)
            if best is None or rank < best:
                best = rank
        return self._entry(best[-1]) if best else None

    def demonym(self, text: str) -> GazEntry | None:
        """The country or region a nationality adjective or noun refers to, or None.

        A plural ("Italians") is tried as its singular, and an "-an", "-ian" or "-ean" form as
        the others ("Ecuadoran", as the AP writes it, and "Ecuadorian" are the sources'
        "Ecuadorean"). When two countries share a demonym ("Dominican"), the more populous wins.

        >>> gaz = Gazetteer.load()
        >>> gaz.demonym("Italian").key, gaz.demonym("European").key, gaz.demonym("Ecuadorans").key
        ('italy', 'europe', 'ecuador')
        >>> gaz.demonym("Western") is None
        True
        """
        stripped = _strip(text)
        if not _has_upper(stripped):
            return None
        single = stripped[:-1] if stripped.endswith("s") else ""
        for form in (stripped, single, *(v for f in (stripped, single) for v in _an_variants(f))):
            hits = self._demonyms.get(normalize(form)) if form else None
            if hits:
                i = min(hits, key=lambda i: (self._types[i] != "Country", -self._population[i], self._keys[i]))
                return self._entry(i)
        return None

    def namesakes(self, text: str, *, types: Iterable[str] = ("City",)) -> list[GazEntry]:
        """Every entry of ``types`` named or aliased ``text``, the most populous first.

        >>> [(c.country, c.region) for c in Gazetteer.load().namesakes("Tripoli")]
        [('LBY', 'Tripoli'), ('LBN', 'North Lebanon'), ('GRC', 'Peloponnese')]
        """
        wanted = set(types)
        found = {i for i, _, _ in self._names.get(normalize(text), ()) if self._types[i] in wanted}
        return [self._entry(i) for i in sorted(found, key=lambda i: (-self._population[i], self._keys[i]))]

    def region_of(self, text: str, country: str) -> GazEntry | None:
        """The region (a US state …) of ``country`` (ISO alpha-3) named ``text``, or None.

        For "Atlanta, Georgia": the state, not the country the name alone would give.

        >>> Gazetteer.load().region_of("Georgia", "USA").type
        'AdministrativeArea'
        >>> Gazetteer.load().region_of("Georgia", "FRA") is None
        True
        """
        for i, _, _ in self._names.get(normalize(text), ()):
            if self._types[i] == "AdministrativeArea" and self._entry(i).country == country:
                return self._entry(i)
        return None

    def leader_by_surname(self, surname: str, on: str | _dt.date) -> GazEntry | None:
        """The one person with this surname who led a country or body on the date ``on``.

        Leading is holding a head-of-state, head-of-government or ``heads`` role then. None
        when nobody, or more than one person, fits: "Obama" in 2015 is Barack Obama, "Kim"
        is no one.

        >>> gaz = Gazetteer.load()
        >>> gaz.leader_by_surname("Obama", on="2015-08-01").name
        'Barack Obama'
        >>> gaz.leader_by_surname("Obama", on="2020-01-01") is None
        True
        """
        if self._surnames is None:
            index: dict[str, list[int]] = {}
            for i, type_ in enumerate(self._types):
                if type_ == "Person":
                    item = self._items[i]
                    name = item.name if isinstance(item, GazEntry) else item["name"]
                    if " " in name:
                        index.setdefault(normalize(name.split()[-1]), []).append(i)
            self._surnames = index
        found = []
        for i in self._surnames.get(normalize(surname), ()):
            person = self._entry(i)
            if any(r.role in _LEADER_ROLES and r.active_on(on) for r in person.roles):
                found.append(person)
        return found[0] if len(found) == 1 else None

    def roles_of(self, key: str) -> tuple[Role, ...]:
        """The offices held by the person with this key (empty for anything else).

        >>> [r.of for r in Gazetteer.load().roles_of("donald-trump")][:1]
        ['united-states']
        """
        entry = self.by_key(key)
        return entry.roles if entry else ()

    def leaders(
        self,
        of_key: str,
        on: str | _dt.date | None = None,
        *,
        roles: Iterable[str] = _LEADER_ROLES,
    ) -> list[GazEntry]:
        """People holding one of ``roles`` of ``of_key`` on the date ``on`` (default: today).

        Ordered by role (head of state first), then by start date. The source tables stop in
        2022 except for the curated heads of the biggest countries, so for later dates other
        countries may list a holder whose term has in fact ended.

        >>> gaz = Gazetteer.load()
        >>> [p.key for p in gaz.leaders("united-states", on="2022-01-01")]
        ['joe-biden']
        """
        day = on or _dt.date.today()
        wanted = tuple(roles)
        found: list[tuple[int, str, str, GazEntry]] = []
        for i in self._holders().get(of_key, ()):
            person = self._entry(i)
            for role in person.roles:
                if role.of == of_key and role.role in wanted and role.active_on(day):
                    found.append((wanted.index(role.role), _date_bound(role.start, end=False), person.key, person))
                    break
        return [person for *_, person in sorted(found, key=lambda t: t[:3])]

    def _holders(self) -> dict[str, list[int]]:
        if self._holders_index is None:
            index: dict[str, list[int]] = {}
            for i, type_ in enumerate(self._types):
                if type_ == "Person":
                    for of in {r.of for r in self._entry(i).roles}:
                        index.setdefault(of, []).append(i)
            self._holders_index = index
        return self._holders_index

    # -- entity ruler --------------------------------------------------------------------------

    def ruler_patterns(self, *, min_population: int = _MINOR_TOWN) -> list[dict[str, str]]:
        """Phrase patterns for spaCy's ``span_ruler``, with the entry key as ``id``.

        The patterns are strings matched on the exact token text (``phrase_matcher_attr``
        None, the ORTH attribute), so "Turkey" is tagged and the bird "turkey" is not, and
        "US" is tagged and "us" is not. Left out: ambiguous entries, cities under
        ``min_population`` inhabitants unless capitals, one-word person names other than the
        curated surnames of prominent leaders ("Trump"), two-letter forms other than a few
        well-known acronyms, and forms with commas or brackets (ISO-style "Korea, Republic
        of"). Each surface form is given to one entry only: the country before the
        organisation, the person, the region and the city, then the more populous.

        Examples
        --------
        >>> patterns = Gazetteer.load().ruler_patterns()
        >>> {"label": "ORG", "pattern": "Corriere della Sera", "id": "corriere-della-sera"} in patterns
        True
        >>> any(p["pattern"] == "Western" for p in patterns)
        False
        """
        chosen: dict[str, tuple[tuple[Any, ...], GazEntry]] = {}
        for entry in self:
            if entry.ambiguous:
                continue
            if entry.type == "City" and entry.population < min_population and not entry.capital_of:
                continue
            curated = "kg-curated" in entry.sources
            # a respelled city ("Rafah") is matched by its source spelling ("Rafaḩ") as before
            for tier, form in enumerate(entry.names[1:] if entry.respelled else entry.names):
                if not _pattern_ok(form, entry, curated=curated):
                    continue
                forms = [form]
                if form.startswith("The "):
                    # "the Guardian" in running text; the bare "Guardian" is left to the NER.
                    forms.append("the " + form[4:])
                rank = (_PATTERN_TYPE_ORDER.index(entry.type), min(tier, 1), -entry.population, entry.key)
                for surface in forms:
                    held = chosen.get(surface)
                    if held is None or rank < held[0]:
                        chosen[surface] = (rank, entry)
        return [
            {"label": entry.label, "pattern": surface, "id": entry.key}
            for surface, (_, entry) in sorted(chosen.items())
        ]


# Who gets a surface form two entries share: "Georgia" the country, "Washington" the city.
_PATTERN_TYPE_ORDER = (
    "Country", "Organization", "NewsMediaOrganization", "Person", "Place", "City", "AdministrativeArea"
)
# Two-letter forms are acronyms only for a handful of bodies; "IT", "IN", "AS" are words.
_TWO_LETTER_PATTERNS = frozenset({"US", "UK", "EU", "UN", "AU", "AP"})


def _pattern_ok(form: str, entry: GazEntry, *, curated: bool) -> bool:
    if len(form) < 2 or any(c in form for c in ",()[]*;") or not _has_upper(form):
        return False
    if len(form) == 2 and form not in _TWO_LETTER_PATTERNS:
        return False
    # One-word person names ("Francis", "Lee") are mostly other people.
    return not (entry.type == "Person" and " " not in form and not curated)


def _default_path() -> Path:
    # KG_GAZETTEER swaps the table everywhere (ruler and linking), e.g. to measure a variant.
    override = os.environ.get("KG_GAZETTEER", "")
    if override:
        return Path(override).resolve()
    plain = _DATA / "gazetteer.jsonl"
    return plain if plain.exists() else DEFAULT_PATH


@lru_cache(maxsize=8)
def _load(path: str) -> Gazetteer:
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise InputError(f"cannot read gazetteer: {exc}", path=path) from exc
    return Gazetteer.from_lines(text.splitlines(), path=path)


def add_entity_ruler(
    nlp: Any,
    gazetteer: Gazetteer | None = None,
    *,
    name: str = "gazetteer_ruler",
    before: str | None = None,
    min_population: int = _MINOR_TOWN,
    spans_key: str | None = None,
) -> Any:
    """Add a ``span_ruler`` with the gazetteer patterns to ``nlp`` and return it.

    The ruler matches exact token text (ORTH); ``ent_id_`` (``id_``) of a matched span is the
    gazetteer key. Its matches become ``doc.ents`` (longest, then first, of overlapping ones),
    or, with ``spans_key``, go to ``doc.spans[spans_key]`` for a later component to merge with
    the statistical NER's entities (what :mod:`kg.nlp` does). By default it goes first in the
    pipeline: spaCy runs every component placed before a ruler over each of its ~9,000
    patterns when they are added (3.9 s before ``ner`` in en_core_web_md, 0.8 s first).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = add_entity_ruler(nlp)
    >>> [(e.text, e.label_, e.ent_id_) for e in nlp("Talks in Kyiv with the U.S.").ents]
    [('Kyiv', 'GPE', 'kyiv'), ('U.S.', 'GPE', 'united-states')]
    """
    gaz = gazetteer or Gazetteer.load()
    where: dict[str, Any] = {"before": before} if before else {"first": True}
    # span_ruler rather than entity_ruler: the entity ruler counts all its ~9,000 patterns on
    # every Doc (EntityRuler.__len__, 2.4 % of a build's time); both keep the longest,
    # then first, of overlapping matches as entities
    ruler = nlp.add_pipe(
        "span_ruler",
        name=name,
        config={"spans_key": spans_key, "annotate_ents": spans_key is None, "overwrite": True,
                "phrase_matcher_attr": None},
        **where,
    )
    ruler.add_patterns(gaz.ruler_patterns(min_population=min_population))
    return ruler
