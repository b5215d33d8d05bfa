"""Qualified place names: the namesake in the country or region after the comma, or none."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract.entities import entities
from kg.extract.places import US_STATES, qualified_places
from tests.extract.conftest import extract_text, make_doc, name_rows, triples, types


def _doc(text: str, places: list[tuple[int, int]], *, label: str = "GPE"):
    words = text.split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, s, e, label=label) for s, e in places]
    return doc


def _linked(doc, gaz, settings) -> list[tuple[str, str, tuple[str, ...]]]:
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    return [(m.text, index.entities[iri].name, index.entities[iri].same_as) for m, iri in index.mentions]


def test_a_city_followed_by_its_country_is_the_namesake_there(gaz, settings):
    doc = _doc("Rockets hit Tripoli , Lebanon . Tripoli was calm .", [(2, 3), (4, 5), (6, 7)])
    linked = _linked(doc, gaz, settings)
    lebanese = gaz.namesakes("Tripoli")[1]
    assert lebanese.country == "LBN"
    # the bare name later in the article is the same city
    assert [(t, same) for t, _, same in linked] == [("Tripoli", lebanese.same_as), ("Lebanon", ("wd:Q822", "gn:272103")),
                                                   ("Tripoli", lebanese.same_as)]
    # without the qualifier the name is the bigger namesake
    plain = _doc("Rockets hit Tripoli .", [(2, 3)])
    assert _linked(plain, gaz, settings)[0][2] == gaz.namesakes("Tripoli")[0].same_as


def test_a_region_qualifies_when_the_country_does_not(gaz, settings):
    # "Georgia" is a country first, but no Athens lies there: the US state, and Athens, Georgia
    doc = _doc("Officials in Athens , Georgia , said so", [(2, 3), (4, 5)])
    (athens, georgia) = _linked(doc, gaz, settings)
    assert georgia[1] == "Georgia" and gaz.by_key("georgia-us-state").same_as == georgia[2]
    us_athens = next(c for c in gaz.namesakes("Athens") if c.region == "Georgia")
    assert athens[2] == us_athens.same_as != gaz.lookup("Athens", label="GPE").same_as


@pytest.mark.parametrize(("abbreviation", "entity", "label"),
                         [("Ore.", "Oregon", "GPE"), ("Ala.", "Alabama", ""), ("AL", "Alabama", "ORG")])
def test_a_state_abbreviation_becomes_a_mention_of_the_state(gaz, settings, abbreviation, entity, label):
    spans = [(2, 3)] + ([(4, 5)] if label else [])
    doc = _doc(f"Police in Portland , {abbreviation} , arrested two men", spans)
    if label:
        doc.ents = [doc.ents[0], Span(doc, 4, 5, label=label)]
    ents, places = qualified_places(doc, list(doc.ents), gaz)
    assert [(e.text, e.label_) for e in ents] == [("Portland", "GPE"), (abbreviation, "GPE")]
    assert places[4].entry.name == entity
    if entity == "Oregon":
        assert places[2].entry.qid == "Q6106"  # Portland, Oregon
    else:
        assert places[2].entry is None and places[2].name == "Portland, Alabama"  # no Portland there


def test_a_city_the_gazetteer_has_not_there_gets_a_node_of_its_own(gaz, settings):
    doc = _doc("The plant in Paris , Tenn. , closed . Paris is small", [(3, 4), (5, 6), (9, 10)])
    linked = _linked(doc, gaz, settings)
    assert [(t, name, same) for t, name, same in linked] == [
        ("Paris", "Paris, Tennessee", ()), ("Tenn.", "Tennessee", gaz.by_key("tennessee").same_as),
        ("Paris", "Paris, Tennessee", ())]


@pytest.mark.parametrize(("text", "places"), [
    ("Talks in Paris , London and Berlin failed", [(2, 3), (4, 5), (6, 7)]),  # a list of cities
    ("Leaders of Georgia , Armenia and Azerbaijan met", [(2, 3), (4, 5), (6, 7)]),  # a country first
    ("Talks in Paris , OR in London", [(2, 3), (6, 7)]),  # "OR" abbreviates only before punctuation
    ("Envoys in London , Argentina 's envoy said", [(2, 3), (4, 5)]),  # a possessive, not a qualifier
    ("In Moscow , Ukraine officials met", [(1, 2), (3, 4)]),  # a modifier, not a qualifier
])
def test_lists_are_not_qualified_names(gaz, text, places):
    doc = _doc(text, places)
    ents, found = qualified_places(doc, list(doc.ents), gaz)
    assert found == {} and [e.text for e in ents] == [e.text for e in doc.ents]


def test_two_senses_leave_the_bare_name_alone(gaz):
    doc = _doc("Portland , Ore. and Portland , Maine , differ ; Portland grew",
               [(0, 1), (2, 3), (4, 5), (6, 7), (11, 12)])
    _, found = qualified_places(doc, list(doc.ents), gaz)
    assert found[0].entry.region == "Oregon" and found[4].entry.region == "Maine" and 11 not in found


def test_state_forms():
    assert US_STATES["N.C."] == US_STATES["NC"] == "North Carolina" and "Texas" not in {"Tex."} & set(US_STATES)


@pytest.mark.model
def test_real_sentences(settings, gaz):
    text = "Officials in Paris, Texas, said the storm had passed. Protesters gathered in Hyderabad, Pakistan."
    graph = extract_text(text, settings, gaz)
    by_name = {e.name: e for e in graph.entities}
    texas_paris = next(c for c in gaz.namesakes("Paris") if c.region == "Texas")
    assert [e.same_as for e in graph.entities if e.name == "Paris"] == [texas_paris.same_as]
    assert "wd:Q90" not in {s for e in graph.entities for s in e.same_as}  # not the French capital
    assert by_name["Hyderabad"].same_as == next(c for c in gaz.namesakes("Hyderabad") if c.country == "PAK").same_as
    located = {(f.subject.name, f.object.name) for f in graph.facts if f.predicate == "locatedIn"}
    assert {("Paris", "Texas"), ("Hyderabad", "Pakistan")} <= located


def _node(gaz, key, settings):
    from kg.model import Entity

    entry = gaz.by_key(key)
    return Entity(iri=settings.entity_ns + key, name=entry.name, type=entry.type, same_as=entry.same_as)


@pytest.mark.parametrize(("place", "container", "holds"), [
    ("tripoli-lb", "lebanon", True),
    ("tripoli", "lebanon", False),           # the Libyan Tripoli is not in Lebanon
    ("paris-us", "texas", True),
    ("paris", "texas", False),               # nor the French capital in Texas
    ("texas", "paris-us", False),            # a state is never in a city
    ("lebanon", "tripoli-lb", False),
    ("portland-us", "oregon-us-state", False),  # Portland, Maine is not in Oregon
    ("portland", "oregon-us-state", True),
    ("eastern-europe", "poland", False),     # a world region lies in no country
    ("black-sea", "ukraine", False),
    ("crimea", "ukraine", True),
    ("poland", "eastern-europe", True),
])
def test_contained_checks_located_in_against_the_gazetteer(gaz, settings, place, container, holds):
    from kg.extract.places import contained

    assert contained(_node(gaz, place, settings), _node(gaz, container, settings), gaz, settings.entity_ns) is holds


def test_contained_lets_unknown_places_pass(gaz, settings):
    from kg.extract.places import contained
    from kg.model import Entity

    town = Entity(iri=settings.entity_ns + "lowman", name="Lowman", type="Place")
    assert contained(town, _node(gaz, "idaho", settings), gaz, settings.entity_ns)
    assert contained(_node(gaz, "idaho", settings), town, gaz, settings.entity_ns)  # a Place may be big
    assert not contained(_node(gaz, "idaho", settings), _node(gaz, "paris", settings), None, settings.entity_ns)


@pytest.mark.parametrize(("org", "place", "holds"), [
    ("associated-press", "south-korea", False),  # "BUSAN, South Korea (AP)": where a story was filed
    ("associated-press", "busan", False),
    ("associated-press", "united-states", True),
    ("kremlin", "russia", True),
    ("nato", "belgium", True),                   # the table gives NATO no country
])
def test_an_organisation_is_based_in_no_other_country_than_the_gazetteer_s(gaz, settings, org, place, holds):
    from kg.extract.places import based_possibly

    assert based_possibly(_node(gaz, org, settings), _node(gaz, place, settings), gaz, settings.entity_ns) is holds


def test_a_division_the_gazetteer_lacks_is_not_linked_to_a_namesake_city(gaz, settings):
    # Quebec the province has no entry; "Quebec" alone is its capital, Québec City, in the table
    assert [c.region for c in gaz.namesakes("Quebec")] == ["Quebec"]
    doc = _doc("Found in Gatineau , Quebec , by a passerby", [(2, 3), (4, 5)])
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    quebec = next(index.entities[iri] for m, iri in index.mentions if m.text == "Quebec")
    assert quebec.iri == settings.entity_ns + "quebec-unlinked" and not quebec.same_as
    gatineau = next(index.entities[iri] for m, iri in index.mentions if m.text == "Gatineau")
    assert gatineau.same_as == gaz.namesakes("Gatineau")[0].same_as


def test_a_division_the_gazetteer_holds_is_linked_after_its_city(gaz, settings):
    # Ontario, once only a Californian city in the table, is the province (Q1904)
    doc = _doc("Found in Kanata , Ontario , by a passerby", [(2, 3), (4, 5)])
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    ontario = next(index.entities[iri] for m, iri in index.mentions if m.text == "Ontario")
    assert (ontario.type, ontario.same_as) == ("AdministrativeArea", ("wd:Q1904",))
    kanata = next(index.entities[iri] for m, iri in index.mentions if m.text == "Kanata")
    assert kanata.same_as == next(c for c in gaz.namesakes("Kanata") if c.region == "Ontario").same_as


@pytest.mark.parametrize(("text", "spans", "country"), [
    ("Clashes in Tripoli in northern Lebanon", [(2, 3, "GPE"), (5, 6, "GPE")], "LBN"),
    ("Gunmen hit Hyderabad in Pakistan 's Sindh province", [(2, 3, "GPE"), (4, 5, "GPE"), (6, 7, "GPE")], "PAK"),
    ("Fighting in the Lebanese city of Tripoli", [(3, 4, "NORP"), (6, 7, "GPE")], "LBN"),
    ("The Lebanese port city of Tripoli was calm", [(1, 2, "NORP"), (5, 6, "GPE")], "LBN"),
    ("Troops entered Tripoli in November", [(2, 3, "GPE")], "LBY"),  # nothing picks: the biggest
    ("Talks in Tripoli in Iran nuclear deal", [(2, 3, "GPE"), (4, 5, "GPE")], "LBY"),  # no qualifier
])
def test_a_city_described_by_its_country_is_the_namesake_there(gaz, settings, text, spans, country):
    words = text.split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in spans]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    tripoli = next(index.entities[iri] for m, iri in index.mentions if m.text in ("Tripoli", "Hyderabad"))
    namesake = next(c for c in gaz.namesakes(tripoli.name) if c.country == country)
    assert tripoli.same_as == namesake.same_as


@pytest.mark.model
def test_a_town_the_ner_missed_before_a_state_abbreviation_is_a_place(gaz, settings):
    graph = extract_text("He disappeared in the mountains near their hometown of Grants, N.M., in April 1988.",
                         settings, gaz)
    assert types(graph)["Grants"] == "Place"
    assert ("Grants", "locatedIn", "New Mexico") in triples(graph)
