"""Qualified place names: "Paris, Texas", "Tripoli, Lebanon", "Salisbury, N.C.".

A city's name alone is read as its most populous namesake (Paris is the French capital). News
writes the others with their country or region after a comma; there the name is the namesake
that lies in that country or region, never the bigger one elsewhere, and when the gazetteer
holds no namesake there the city gets a node of its own ("Lowman, Idaho") rather than a wrong
link. The qualifier is a country, a region the gazetteer knows ("Sindh", "Georgia" the US
state), or a US state as the Associated Press abbreviates it ("Ore.", "N.C.") or as the postal
service does ("TX"); the abbreviation becomes a mention of the state. An article that names a
city once with its qualifier means that city by its bare name too ("one sense per discourse"),
unless it qualifies the name two ways.

Examples
--------
>>> US_STATES["Ore."], US_STATES["NC"], US_STATES["Texas"]
('Oregon', 'North Carolina', 'Texas')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.entities import gazetteer_key
from kg.link.gazetteer import normalize
from kg.nlp import token_positions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from kg.link.gazetteer import GazEntry, Gazetteer
    from kg.model import Entity

__all__ = ["Qualified", "qualified_places", "contained", "US_STATES"]

# (state, AP Stylebook abbreviation or "" where AP spells the name out, USPS code)
_STATES = (
    ("Alabama", "Ala.", "AL"), ("Alaska", "", "AK"), ("Arizona", "Ariz.", "AZ"), ("Arkansas", "Ark.", "AR"),
    ("California", "Calif.", "CA"), ("Colorado", "Colo.", "CO"), ("Connecticut", "Conn.", "CT"),
    ("Delaware", "Del.", "DE"), ("District of Columbia", "D.C.", "DC"), ("Florida", "Fla.", "FL"),
    ("Georgia", "Ga.", "GA"), ("Hawaii", "", "HI"), ("Idaho", "", "ID"), ("Illinois", "Ill.", "IL"),
    ("Indiana", "Ind.", "IN"), ("Iowa", "", "IA"), ("Kansas", "Kan.", "KS"), ("Kentucky", "Ky.", "KY"),
    ("Louisiana", "La.", "LA"), ("Maine", "", "ME"), ("Maryland", "Md.", "MD"), ("Massachusetts", "Mass.", "MA"),
    ("Michigan", "Mich.", "MI"), ("Minnesota", "Minn.", "MN"), ("Mississippi", "Miss.", "MS"),
    ("Missouri", "Mo.", "MO"), ("Montana", "Mont.", "MT"), ("Nebraska", "Neb.", "NE"), ("Nevada", "Nev.", "NV"),
    ("New Hampshire", "N.H.", "NH"), ("New Jersey", "N.J.", "NJ"), ("New Mexico", "N.M.", "NM"),
    ("New York", "N.Y.", "NY"), ("North Carolina", "N.C.", "NC"), ("North Dakota", "N.D.", "ND"),
    ("Ohio", "", "OH"), ("Oklahoma", "Okla.", "OK"), ("Oregon", "Ore.", "OR"), ("Pennsylvania", "Pa.", "PA"),
    ("Rhode Island", "R.I.", "RI"), ("South Carolina", "S.C.", "SC"), ("South Dakota", "S.D.", "SD"),
    ("Tennessee", "Tenn.", "TN"), ("Texas", "", "TX"), ("Utah", "", "UT"), ("Vermont", "Vt.", "VT"),
    ("Virginia", "Va.", "VA"), ("Washington", "Wash.", "WA"), ("West Virginia", "W.Va.", "WV"),
    ("Wisconsin", "Wis.", "WI"), ("Wyoming", "Wyo.", "WY"),
)
US_STATES: dict[str, str] = {form: state for state, ap, code in _STATES for form in (state, ap, code) if form}
"""A US state's name, AP abbreviation or postal code → the state's name."""
_ABBREVIATIONS = frozenset(form for form, state in US_STATES.items() if form != state)
_DOTTED = frozenset(form for form in _ABBREVIATIONS if "." in form)
_PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass(frozen=True)
class Qualified:
    """What a place mention stands for, decided from its qualifier.

    ``entry`` is the gazetteer entry (None for a city the gazetteer has no namesake of there)
    and ``name`` the node's name: the entry's, or "City, Qualifier" for a city of its own.
    """

    entry: GazEntry | None
    name: str


def qualified_places(doc: Doc, ents: list[Span], gazetteer: Gazetteer | None
                     ) -> tuple[list[Span], dict[int, Qualified]]:
    """Find "City, Qualifier" in ``ents``; return the entity spans and what each place stands for.

    The spans are ``ents`` with a qualifying state abbreviation made a GPE span (spaCy tags
    "Ore." as a place but "AL" as an organisation, and "Ala." not always). The dict maps the
    start token of a city span, of its qualifier, and of every bare mention of a city this
    article qualifies, to its :class:`Qualified`.
    """
    if gazetteer is None:
        return ents, {}
    from spacy.tokens import Span

    ents = _unnamed_towns(doc, ents)
    starts = {e.start: k for k, e in enumerate(ents)}
    out = list(ents)
    found: dict[int, Qualified] = {}
    senses: dict[str, set[Qualified]] = {}
    for city in ents:
        j = city.end
        if city.label_ not in _PLACE_LABELS or j + 1 >= len(doc) or doc[j].text != ",":
            continue
        nxt = starts.get(j + 1)
        abbreviation = _abbreviation(doc, j + 1) and (nxt is None or len(ents[nxt]) == 1)
        if nxt is not None and ents[nxt].label_ in _PLACE_LABELS and not abbreviation:
            qualifier = ents[nxt]
        elif abbreviation:
            qualifier = Span(doc, j + 1, j + 2, label="GPE")
        else:
            continue
        if not _ends(doc, qualifier.end):
            continue  # "London, Argentina's ambassador", "Washington, U.S. officials": no qualifier
        default = gazetteer.lookup(_bare(city), label=city.label_)
        if default is not None and default.type != "City":
            continue  # a country first ("Georgia, Armenia and Azerbaijan")
        namesakes = gazetteer.namesakes(_bare(city))
        match = _match(namesakes, qualifier.text, gazetteer) if namesakes else None
        if match is None and abbreviation:  # "Fort Scott, Kan.": a town the gazetteer lacks, a state
            state = gazetteer.region_of(US_STATES[qualifier.text], "USA")
            match = (None, state) if state is not None else None
        if match is None:
            continue
        city_sense, where = match
        if abbreviation:
            if nxt is None:
                out.append(qualifier)
            else:
                out[nxt] = qualifier
        if where is not None:
            found[qualifier.start] = Qualified(where, where.name)
        elif city_sense is not None:  # "Kanata, Ontario": a division the gazetteer has no entry for
            found[qualifier.start] = Qualified(None, _bare(qualifier))
        if city_sense is not None:
            found[city.start] = city_sense
            senses.setdefault(normalize(_bare(city)), set()).add(city_sense)
    for city in ents:
        if city.start not in found and city.label_ in _PLACE_LABELS:
            described = _described(doc, city, starts, ents, gazetteer)
            if described is not None:
                sense, where, qualifier = described
                found[city.start] = sense
                senses.setdefault(normalize(_bare(city)), set()).add(sense)
                if where is not None and qualifier is not None and qualifier.start not in found:
                    found[qualifier.start] = Qualified(where, where.name)
    for ent in out:
        if ent.start not in found and ent.label_ in _PLACE_LABELS:
            sense = senses.get(normalize(_bare(ent)), set())
            if len(sense) == 1:
                found[ent.start] = next(iter(sense))
    return sorted(out, key=lambda e: e.start), found


_DIRECTIONS = frozenset("""
north south east west central northern southern eastern western northeastern northwestern southeastern
southwestern northeast northwest southeast southwest north-east north-west south-east south-west
""".split())
_CITY_NOUNS = frozenset({"city", "town", "capital", "port", "village", "suburb"})


def _described(doc: Doc, city: Span, starts: dict[int, int], ents: list[Span], gazetteer: Gazetteer
               ) -> tuple[Qualified, GazEntry | None, Span | None] | None:
    """The namesake a city's context picks, when it is not the biggest: (sense, qualifier's entry, span).

    "Tripoli in northern Lebanon", "Athens in Georgia" (a country or region after "in"), "the
    Lebanese city of Tripoli", "the Libyan capital Tripoli" (a nationality before a word for a
    town). Only a namesake the gazetteer holds is picked; without one the name is left as it is.
    """
    # the context first: most place names have neither, and then no gazetteer look-up is needed
    target = nation = None
    i = city.end
    if i + 1 < len(doc) and doc[i].lower_ == "in":
        i += 1
        while i < len(doc) and (doc[i].lower_ == "the" or doc[i].lower_ in _DIRECTIONS):
            i += 1
        k = starts.get(i)
        if k is None or ents[k].label_ not in _PLACE_LABELS:
            return None
        target = ents[k]
        after = target.end
        if not (_ends(doc, after) or doc[after].lower_ in ("'s", "’s")):
            return None  # "in Pakistan's Sindh province" qualifies; "in Iran nuclear talks" does not
    else:
        j = city.start - 1
        if j >= 0 and doc[j].lower_ == "of":
            j -= 1
        if j < 1 or doc[j].lower_ not in _CITY_NOUNS:
            return None
        j -= 1
        while j >= 0 and doc[j].lower_ in _DIRECTIONS | {"port"}:
            j -= 1
        nation = gazetteer.demonym(doc[j].text) if j >= 0 and doc[j].ent_type_ == "NORP" else None
        if nation is None or nation.type != "Country":
            return None
    namesakes = gazetteer.namesakes(_bare(city))
    default = gazetteer.lookup(_bare(city), label=city.label_)
    if len(namesakes) < 2 or default is None or default.type != "City":
        return None
    if target is not None:
        match = _match(namesakes, _bare(target), gazetteer)
        if match is None or match[0].entry is None:
            return None
        return match[0], match[1], target
    there = [c for c in namesakes if c.country == nation.country]
    return (Qualified(there[0], there[0].name), None, None) if there else None


def _unnamed_towns(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with a GPE span for capitalised words the NER left untagged before a comma and a
    dotted state abbreviation ("their hometown of Grants, N.M."): a town the AP qualifies so."""
    from spacy.tokens import Span

    added = []
    taken: set[int] | None = None
    for k in token_positions(doc, _DOTTED):
        if k < 2 or not _abbreviation(doc, k) or doc[k - 1].text != ",":
            continue
        if taken is None:
            taken = {i for e in ents for i in range(e.start, e.end)}
        start = k - 1
        while start > 0 and k - 1 - start < 3 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and start - 1 not in taken:
            start -= 1
        if start < k - 1:
            added.append(Span(doc, start, k - 1, label="GPE"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def _abbreviation(doc: Doc, i: int) -> bool:
    """Whether token ``i`` abbreviates a US state: "Ore.", or "OR" before punctuation or a ZIP code."""
    text = doc[i].text
    if text not in _ABBREVIATIONS:
        return False
    return "." in text or i + 1 == len(doc) or doc[i + 1].is_punct or doc[i + 1].like_num


def _ends(doc: Doc, i: int) -> bool:
    """Whether a qualifier may end before token ``i``.

    It may at punctuation, a number ("Portland, Maine 58 foggy"), a new sentence or a lower-case
    preposition; after a dotted state abbreviation anywhere but before a possessive.
    """
    if i >= len(doc):
        return True
    token = doc[i]
    if token.tag_ == "POS" or token.lower_ in ("'s", "’s"):
        return False
    if token.is_punct or token.like_num or token.is_space or token.is_sent_start is True:
        return True
    before = doc[i - 1].text
    return (before in _ABBREVIATIONS and before.endswith(".")) or (token.is_lower and token.pos_ == "ADP")


def _bare(span: Span) -> str:
    """The span's text without a leading article ("the Hague" stays a name to the gazetteer)."""
    return span.text[4:] if span.text[:4].lower() == "the " else span.text


def _match(namesakes: list[GazEntry], qualifier: str, gazetteer: Gazetteer
           ) -> tuple[Qualified, GazEntry | None] | None:
    """The city's sense and the qualifier's entry; None when ``qualifier`` is no country or region.

    A country qualifies first ("Athens, Georgia" is tried as the country, then as the state). A
    region the gazetteer has no entry for ("Hyderabad, Sindh") still picks the city.
    """
    country = gazetteer.lookup(qualifier, label="GPE")
    if country is not None and country.type != "Country":
        country = None
    if country is not None:
        there = [c for c in namesakes if c.country == country.country]
        if there:
            return Qualified(there[0], there[0].name), country
    state = US_STATES.get(qualifier)
    regions = gazetteer.namesakes(state or qualifier, types=("AdministrativeArea",))
    if state:
        regions = [r for r in regions if r.country == "USA"]
    there = [c for c in namesakes if c.region and normalize(c.region) == normalize(state or qualifier)]
    if there:
        return (Qualified(there[0], there[0].name),
                next((r for r in regions if r.country == there[0].country), None))
    where = country or (regions[0] if regions else None)
    if where is None:
        return None  # "Paris, Hilton …": no qualifier
    return Qualified(None, f"{namesakes[0].name}, {where.name}"), where


_CONTAINMENT_RANK = {"City": 0, "AdministrativeArea": 1, "Country": 2}


def based_possibly(org: Entity, place: Entity, gazetteer: Gazetteer | None, entity_ns: str) -> bool:
    """Whether "``org`` basedIn ``place``" can hold, as far as the gazetteer knows: an
    organisation it gives a country (the Associated Press, the Kremlin) is based in no place of
    another country ("BUSAN, South Korea (AP)" is where a story was filed, not the agency's seat).
    """
    if gazetteer is None:
        return True
    home, there = gazetteer.by_key(gazetteer_key(org, entity_ns)), gazetteer.by_key(gazetteer_key(place, entity_ns))
    return home is None or there is None or not home.country or not there.country or home.country == there.country


def contained(place: Entity, container: Entity, gazetteer: Gazetteer | None, entity_ns: str) -> bool:
    """Whether "``place`` locatedIn ``container``" can hold, as far as the gazetteer knows.

    A state is not in a city, nor a country in a state; a linked city lies in its own country
    and region, a region in its own country; a place the table gives no country (a continent, a
    world region or sea, a territory whose country is disputed) lies in no country, region or
    city. Anything the gazetteer does not know passes.
    """
    rank_in, rank_out = _CONTAINMENT_RANK.get(place.type), _CONTAINMENT_RANK.get(container.type)
    if rank_in is not None and rank_out is not None and rank_in >= rank_out:
        return False
    if gazetteer is None:
        return True
    inner = gazetteer.by_key(gazetteer_key(place, entity_ns))
    if inner is not None and inner.type == "Place" and not inner.country and rank_out is not None:
        return False  # a world region or sea ("Eastern Europe"), or a territory the table gives no country
    outer = gazetteer.by_key(gazetteer_key(container, entity_ns))
    if inner is None or outer is None or inner.type not in _CONTAINMENT_RANK or outer.type not in _CONTAINMENT_RANK:
        return True
    if inner.country and outer.country and inner.country != outer.country:
        return False
    return not (outer.type == "AdministrativeArea" and inner.region
                and normalize(inner.region) != normalize(outer.name))
