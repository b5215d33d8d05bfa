"""Entities: spans cleaned, junk dropped, gazetteer links, short forms merged, one IRI per name."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract.entities import clean_name, entities
from tests.extract.conftest import extract_text, make_doc, name_rows, types


@pytest.mark.parametrize(("raw", "clean"), [("the United States's", "United States"), ("“NATO”", "NATO"),
                                            ("Kyiv.", "Kyiv"), ("U.S.", "U.S.")])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_linked_names_share_the_gazetteer_iri(gaz, settings):
    words = "The U.S. and America and the United States".split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 1, 2, label="GPE"), Span(doc, 3, 4, label="GPE"), Span(doc, 6, 8, label="GPE")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    assert {iri for _, iri in index.mentions} == {settings.entity_ns + "united-states"}
    (us,) = index.entities.values()
    assert us.same_as[0] == "wd:Q30" and {"U.S.", "America"} <= set(us.aliases)


def test_surname_merges_into_the_full_name_and_nationality_is_no_node(gaz, settings):
    words = "Italian admiral Giuseppe Cavo Dragone said Dragone".split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 0, 1, label="NORP"), Span(doc, 2, 5, label="PERSON"), Span(doc, 6, 7, label="PERSON")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    assert [e.name for e in index.entities.values()] == ["Giuseppe Cavo Dragone"]
    assert index.at(6).name == "Giuseppe Cavo Dragone"


def test_demonym_span_is_not_an_entity(gaz, settings):
    doc = make_doc(name_rows("New Zealander refugees arrived".split()))
    doc.ents = [Span(doc, 0, 2, label="GPE")]
    assert entities(doc, article_id="a", gazetteer=gaz, settings=settings).entities == {}


def test_leader_surname_is_resolved_with_the_article_date(gaz, settings):
    words = "Obama criticised America".split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 3, label="GPE")]
    dated = entities(doc, article_id="a", gazetteer=gaz, settings=settings, published="2012-05-01")
    assert dated.at(0).name == "Barack Obama"
    # in 2020 he held no office, and with no country of his named he is no one we know
    alone = make_doc(name_rows(["Obama"]))
    alone.ents = [Span(alone, 0, 1, label="PERSON")]
    assert entities(alone, article_id="a", gazetteer=gaz, settings=settings, published="2012-05-01").at(0).name == "Obama"
    later = entities(doc, article_id="a", gazetteer=gaz, settings=settings, published="2020-05-01")
    assert later.at(0).name == "Obama" and later.at(0).same_as == ()


def _span(doc, start, end, label, key=""):
    return Span(doc, start, end, label=label, span_id=key)


def test_gazetteer_match_inside_a_longer_ner_name_gives_way():
    from kg.nlp import merge_gazetteer_ents

    doc = make_doc(name_rows("Vladimir Ashkenazy played at the University of Iowa with the United States band".split()))
    ner = [_span(doc, 0, 2, "PERSON"), _span(doc, 4, 8, "ORG"), _span(doc, 9, 12, "GPE")]
    gaz = [_span(doc, 0, 1, "GPE", "vladimir"), _span(doc, 7, 8, "GPE", "iowa"),
           _span(doc, 10, 12, "GPE", "united-states")]
    merged = merge_gazetteer_ents(ner, gaz)
    # the names stay whole; "the United States" is the gazetteer's country, with its key
    assert [(e.text, e.label_, e.id_) for e in merged] == [
        ("Vladimir Ashkenazy", "PERSON", ""), ("the University of Iowa", "ORG", ""),
        ("United States", "GPE", "united-states")]


def test_gazetteer_match_wins_over_cut_missing_and_nameless_ner_spans():
    from kg.nlp import merge_gazetteer_ents

    doc = make_doc(name_rows("Corriere della Sera says Panama 3 Tunisia 1 at Fan Expo Canada".split()))
    ner = [_span(doc, 2, 3, "ORG"), _span(doc, 4, 6, "FAC"), _span(doc, 9, 12, "EVENT")]
    gaz = [_span(doc, 0, 3, "ORG", "corriere-della-sera"), _span(doc, 4, 5, "GPE", "panama"),
           _span(doc, 6, 7, "GPE", "tunisia"), _span(doc, 11, 12, "GPE", "canada")]
    merged = merge_gazetteer_ents(ner, gaz)
    assert [(e.text, e.id_) for e in merged] == [
        ("Corriere della Sera", "corriere-della-sera"), ("Panama", "panama"), ("Tunisia", "tunisia"),
        ("Canada", "canada")]


def test_a_role_after_an_organisation_s_name_is_no_part_of_it(settings):
    from kg.nlp import merge_gazetteer_ents

    doc = make_doc(name_rows("Rathke , the State Department Spokesperson , and Acme Corp Spokesman Lee".split()))
    ner = [_span(doc, 0, 1, "PERSON"), _span(doc, 2, 6, "ORG"), _span(doc, 8, 11, "ORG"), _span(doc, 11, 12, "PERSON")]
    merged = merge_gazetteer_ents(ner, [_span(doc, 3, 5, "ORG", "state-department")])
    assert [(e.text, e.id_) for e in merged][1] == ("State Department", "state-department")
    doc.ents = merged
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    assert sorted(e.name for e in index.entities.values()) == ["Acme Corp", "Lee", "Rathke", "State Department"]


def _dateline_doc(words: list[str], pos: list[str]):
    from spacy.tokens import Doc, SpanGroup

    from kg.nlp import GAZETTEER_SPANS

    doc = Doc(make_doc(name_rows(["x"])).vocab, words=words, pos=pos,
              sent_starts=[True] + [False] * (len(words) - 1))
    doc.spans[GAZETTEER_SPANS] = SpanGroup(doc, spans=[_span(doc, 1, 2, "GPE", "sarajevo")])
    return doc


def test_dateline_tells_the_place_from_the_medium():
    from kg.extract.entities import dateline_ents

    words = "LD0806223294 Sarajevo Radio Bosnia-Herzegovina Network in Serbo-Croatian 2000 GMT".split()
    doc = _dateline_doc(words, ["PROPN"] * 5 + ["ADP", "PROPN", "NUM", "PROPN"])
    ents = [_span(doc, 0, 3, "ORG"), _span(doc, 6, 7, "NORP")]
    out = dateline_ents(doc, ents)
    assert [(e.text, e.label_, e.id_) for e in out] == [
        ("Sarajevo", "GPE", "sarajevo"), ("Radio Bosnia-Herzegovina Network", "ORG", ""),
        ("Serbo-Croatian", "NORP", "")]
    # a sentence with a verb is no dateline
    words = "Sarajevo Radio Network said it".split()
    doc = _dateline_doc(["The"] + words, ["DET", "PROPN", "PROPN", "PROPN", "VERB", "PRON"])
    ents = [_span(doc, 1, 4, "ORG")]
    assert dateline_ents(doc, ents) == ents


def test_a_name_does_not_end_in_a_preposition(gaz, settings):
    rows = [("the", 1, "det", "DET", "the"), ("Supreme", 2, "compound", "PROPN", "Supreme"),
            ("Court", 2, "ROOT", "PROPN", "Court"), ("of", 2, "prep", "ADP", "of"),
            ("ruled", 2, "dep", "VERB", "rule")]
    doc = make_doc(rows)
    doc.ents = [Span(doc, 0, 4, label="ORG")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    assert [m.text for m, _ in index.mentions] == ["Supreme Court"]


def test_caption_credits_scores_and_spaced_dashes_are_no_part_of_a_name(settings):
    from kg.nlp import merge_gazetteer_ents

    # Wikinews captions ("… student Ahmed Mohamed Image: Twitter") and results lines
    words = "student Ahmed Mohamed Image : Twitter . Sweden 1 – 0 Korea Republic . Group F — Acme Corp".split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 1, 4, label="PERSON"), Span(doc, 7, 8, label="GPE"), Span(doc, 10, 13, label="GPE"),
                Span(doc, 14, 18, label="ORG")]
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    assert [m.text for m, _ in index.mentions] == ["Ahmed Mohamed", "Sweden", "Korea Republic", "Group F"]
    # a gazetteer name after a spaced dash wins over the NER span that runs across it
    doc = make_doc(name_rows("Group F — Sweden 1 – 0".split()))
    merged = merge_gazetteer_ents([_span(doc, 0, 5, "ORG")], [_span(doc, 3, 4, "GPE", "sweden")])
    assert [(e.text, e.id_) for e in merged] == [("Sweden", "sweden")]


def test_a_name_the_ner_saw_inside_a_mended_name_stays_a_mention_where_named_alone(settings):
    words = "The Google Science Fair opened . Google invited Mohamed to their Google Science Fair".split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 1, 4, label="FAC"), Span(doc, 6, 7, label="ORG"), Span(doc, 8, 9, label="PERSON"),
                Span(doc, 11, 12, label="ORG")]
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    named = sorted((m.text, m.start, index.entities[iri].name) for m, iri in index.mentions)
    google = doc[11].idx
    # the second fair is the fair, and "Google" in it still Google (not read as standing alone)
    assert ("Google Science Fair", google, "Google Science Fair") in named
    assert ("Google", google, "Google") in named
    assert index.at(11).name == "Google Science Fair"


@pytest.mark.model
def test_names_with_places_inside_stay_whole_with_the_place_nested(settings, gaz):
    from kg.extract import extract
    from kg.model import Article
    from kg.nlp import load_pipeline

    nlp = load_pipeline(settings.model)
    text = "Vladimir Ashkenazy played for students of the University of Arkansas in Moscow."
    doc = nlp(text)
    graph = extract(doc, Article.from_text(text, id="t"), settings=settings, gazetteer=gaz)
    names = {e.name: e.type for e in graph.entities}
    assert names.get("Vladimir Ashkenazy") == "Person" and "Vladimir" not in names
    assert names.get("University of Arkansas") == "Organization"
    # Arkansas is a node, with a mention nested in the university's, and Moscow is linked
    arkansas = next(e for e in graph.entities if e.name == "Arkansas")
    assert arkansas.same_as and any(iri == arkansas.iri and m.text == "Arkansas" for m, iri in graph.mentions)
    assert any(e.name == "Moscow" and e.same_as for e in graph.entities)


@pytest.mark.model
def test_wire_dateline_gives_place_and_agency(settings, gaz):
    text = "LD2804174994 Moscow INTERFAX in English 1601 GMT 28 Apr 94"
    graph = extract_text(text, settings, gaz)
    assert {(m.text, e) for m, e in graph.mentions} >= {("Moscow", settings.entity_ns + "moscow")}
    agency = next(e for m, iri in graph.mentions if m.text == "INTERFAX" for e in graph.entities if e.iri == iri)
    assert agency.type in ("Organization", "NewsMediaOrganization")
    assert not any(m.text == "GMT" for m, _ in graph.mentions)


def test_a_person_span_with_an_institution_word_is_an_organisation(settings):
    doc = make_doc(name_rows("Welch of John F. Kennedy School of Government said".split()))
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 8, label="PERSON")]
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    assert {(e.name, e.type) for e in index.entities.values()} == {
        ("Welch", "Person"), ("John F. Kennedy School of Government", "Organization")}


@pytest.mark.model
def test_the_typer_makes_no_person_of_an_institution(settings, gaz):
    text = "Born in Athens, Psacharopoulos came to the United States at age 17 to enter Oberlin College."
    graph = extract_text(text, settings, gaz)
    assert types(graph)["Oberlin College"] == "Organization"


def test_a_name_after_the_town_of_is_a_place(settings):
    # "people in the town of Yeoncheon": the NER called Yeoncheon an organisation
    doc = make_doc([
        ("people", 0, "ROOT", "NOUN", "people"), ("in", 0, "prep", "ADP", "in"), ("the", 3, "det", "DET", "the"),
        ("town", 1, "pobj", "NOUN", "town"), ("of", 3, "prep", "ADP", "of"),
        ("Yeoncheon", 4, "pobj", "PROPN", "Yeoncheon"), ("and", 5, "cc", "CCONJ", "and"),
        ("Samsung", 5, "conj", "PROPN", "Samsung"),
    ])
    doc.ents = [Span(doc, 5, 6, label="ORG"), Span(doc, 7, 8, label="ORG")]
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    assert {e.name: e.type for e in index.entities.values()} == {"Yeoncheon": "Place", "Samsung": "Organization"}


@pytest.mark.model
def test_a_name_ending_in_a_place_word_is_a_place(settings, gaz):
    text = ("A fire in the Umatilla National Forest grew on Monday, and residents of Plaquemines Parish "
            "and Lyon Street were told to leave.")
    graph = extract_text(text, settings, gaz)
    found = types(graph)
    assert found["Umatilla National Forest"] == found["Plaquemines Parish"] == "Place"  # the NER: ORG


def test_a_common_noun_before_a_name_says_what_it_names(settings):
    from kg.extract.entities import described_types

    words = "the newspaper La Prensa , the mining company Codelco , the news agency Ceteka and Smith".split()
    rows = [(w, 0, "dep", "PROPN" if w[:1].isupper() else "NOUN", w) for w in words]
    doc = make_doc(rows)
    doc.ents = [Span(doc, 2, 4, label="PERSON"), Span(doc, 8, 9, label="GPE"), Span(doc, 13, 14, label="PERSON"),
                Span(doc, 15, 16, label="PERSON")]
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    changed = described_types(index)
    assert {e.name: e.type for e in index.entities.values()} == {
        "La Prensa": "NewsMediaOrganization", "Codelco": "Organization", "Ceteka": "NewsMediaOrganization",
        "Smith": "Person"}
    assert len(changed) == 3


def test_a_one_word_person_after_the_heading_its_phrase_is_a_place(settings):
    from kg.extract.entities import described_types

    # "a bridge spanning the Rhine" (the NER: PERSON) / "the Kennedy assassination" (a person's name as modifier)
    rows = [("a", 1, "det", "DET", "a"), ("bridge", 1, "ROOT", "NOUN", "bridge"), ("spanning", 1, "acl", "VERB", "span"),
            ("the", 4, "det", "DET", "the"), ("Rhine", 2, "dobj", "PROPN", "Rhine"), ("and", 1, "cc", "CCONJ", "and"),
            ("the", 8, "det", "DET", "the"), ("Kennedy", 8, "compound", "PROPN", "Kennedy"),
            ("assassination", 1, "conj", "NOUN", "assassination")]
    doc = make_doc(rows)
    doc.ents = [Span(doc, 4, 5, label="PERSON"), Span(doc, 7, 8, label="PERSON")]
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    assert described_types(index) == {settings.entity_ns + "rhine": "Place"}
    assert {e.name: e.type for e in index.entities.values()} == {"Rhine": "Place", "Kennedy": "Person"}


def test_names_listed_with_people_are_people(settings):
    def listed(words, labels):
        rows = [(words[0], len(words) - 1, "nsubj", "PROPN", words[0])]
        for i, w in enumerate(words[1:-1], start=1):
            rows.append((w, 0, "cc" if w == "and" else "conj" if w[:1].isupper() else "punct",
                         "PROPN" if w[:1].isupper() else "CCONJ", w))
        rows.append((words[-1], len(words) - 1, "ROOT", "VERB", words[-1]))
        doc = make_doc(rows)
        doc.ents = [Span(doc, *(i if isinstance(i, tuple) else (i, i + 1)), label=lab) for i, lab in labels.items()]
        return {e.name: e.type for e in entities(doc, article_id="a", gazetteer=None, settings=settings)
                .entities.values()}

    assert listed("Lukaku , Carrasco and Mertens scored".split(), {0: "FAC", 2: "PERSON", 4: "FAC"}) == {
        "Lukaku": "Person", "Carrasco": "Person", "Mertens": "Person"}
    # one person beside an organisation says too little: "Leica and Rollei"
    assert listed("Leica and Rollei dropped".split(), {0: "PERSON", 2: "ORG"})["Rollei"] == "Organization"
    # a facility word keeps its name a facility
    assert listed("Smith and Wembley Stadium won".split(), {0: "PERSON", (2, 4): "FAC"})["Wembley Stadium"] == "Place"


def test_a_people_is_no_node_whatever_the_ner_says(settings):
    doc = make_doc(name_rows("Rohingya and Kurds met Smith".split()))
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 3, label="ORG"), Span(doc, 4, 5, label="PERSON")]
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    assert [e.name for e in index.entities.values()] == ["Smith"]


def test_a_people_a_nationality_qualifies_is_no_node_but_a_person_named_like_one_is(gaz, settings):
    doc = make_doc(name_rows("Bosnian Croat forces met Jeff Shia".split()))
    doc.ents = [Span(doc, 0, 2, label="LOC"), Span(doc, 4, 6, label="PERSON")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    assert [e.name for e in index.entities.values()] == ["Jeff Shia"]


def test_party_and_state_label_is_no_place(gaz, settings):
    doc = make_doc(name_rows("Sen. Bob Graham ( D-Fla. ) said".split()))
    doc.ents = [Span(doc, 1, 3, label="PERSON"), Span(doc, 4, 5, label="GPE")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    assert [e.name for e in index.entities.values()] == ["Bob Graham"]


def test_a_name_glued_to_pro_or_anti_is_no_place(gaz, settings):
    words = [("pro", False), ("-", False), ("Beijing", True), ("councillors", True), ("met", True), ("in", True),
             ("Beijing", True), ("and", True), ("pro", True), ("-", True), ("Moscow", True)]
    doc = make_doc(name_rows([w for w, _ in words], [space for _, space in words]))
    doc.ents = [Span(doc, 2, 3, label="GPE"), Span(doc, 6, 7, label="GPE"), Span(doc, 10, 11, label="GPE")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    # "pro-Beijing" takes a side; "in Beijing" and a spaced "pro - Moscow" name the places
    assert [m.text for m, _ in index.mentions] == ["Beijing", "Moscow"]
    assert [span.start for span, _ in index.spans] == [6, 10]


def test_a_titled_name_the_ner_calls_an_organisation_is_a_person(gaz, settings):
    words = "Afghan Ambassador Hamdullah Mohib spoke . Ambassador Mohib said so . President Trump Organization sued".split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 2, 4, label="ORG"), Span(doc, 7, 8, label="PERSON"), Span(doc, 12, 14, label="ORG")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    iris = {m.text: iri for m, iri in index.mentions}
    assert iris["Mohib"] == iris["Hamdullah Mohib"]  # the surname is the ambassador, now a person
    assert index.entities[iris["Hamdullah Mohib"]].type == "Person"
    assert index.entities[iris["Trump Organization"]].type == "Organization"  # an organisation's word


def test_newspaper_and_broadcaster_names_are_news_media(gaz, settings):
    from kg.extract.entities import name_mastheads

    words = ("Edmonton Sun said so . Emily Post wrote . Bob Sun spoke . Radio Monte Carlo said . "
             "Television Workers Union struck").split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 7, label="PERSON"), Span(doc, 9, 11, label="PERSON"),
                Span(doc, 13, 16, label="PERSON"), Span(doc, 18, 21, label="ORG")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    changed = name_mastheads(index)
    types = {e.name: e.type for e in index.entities.values()}
    assert types == {"Edmonton Sun": "NewsMediaOrganization", "Emily Post": "Person", "Bob Sun": "Person",
                     "Radio Monte Carlo": "NewsMediaOrganization", "Television Workers Union": "Organization"}
    assert list(changed.values()) == ["NewsMediaOrganization"] * 2


@pytest.mark.model
def test_citation_lines_name_newspapers_and_linked_media_keep_their_type(settings, gaz):
    text = ('"Environment Canada security report found on street" — Toronto Star, August 15, 2008\n\n'
            '"MP calls for probe into misplaced documents" — Edmonton Sun, August 16, 2008')
    graph = extract_text(text, settings, gaz)
    found = types(graph)
    # the gazetteer's Toronto Star has no external id; the typer once made it a person
    assert found["Toronto Star"] == found["Edmonton Sun"] == "NewsMediaOrganization"
    assert not [f for f in graph.facts if f.predicate == "worksFor"]


@pytest.mark.model
def test_a_shadow_cabinet_post_is_no_organisation(settings, gaz):
    graph = extract_text("Labour's Shadow Home Secretary Yvette Cooper said her party has supported the idea.",
                         settings, gaz)
    assert "Shadow Home" not in types(graph) and types(graph)["Yvette Cooper"] == "Person"
    assert {f.object.name for f in graph.facts if f.predicate == "worksFor"} == {"Labour"}


@pytest.mark.model
def test_a_common_noun_after_a_name_says_what_it_names(settings):
    graph = extract_text("Montalvo was charged with taking hard drives after leaving the Sea Org group.", settings)
    assert types(graph)["Sea Org"] == "Organization"  # a place to the NER


@pytest.mark.model
def test_appositions_law_firms_and_noble_titles_set_types(settings, gaz):
    text = ("Sun Hung Kai Properties, a Hong Kong construction firm with a 27 percent share, said it would bid. "
            "Sam Kadet of the corporate law firm of Skadden, Arps said Popeyes could give notice. "
            "Britain's Duchess of York topped the list.")
    found = types(extract_text(text, settings, gaz))
    assert found["Sun Hung Kai Properties"] == found["Skadden, Arps"] == "Organization"
    assert found["Duchess of York"] == "Person"


@pytest.mark.model
def test_a_name_in_apposition_with_a_role_is_a_person_and_demonym_spellings_are_no_node(settings, gaz):
    text = ("The commission is supposed to pay special attention to Lazutkin, former first deputy general "
            "director of Ostankino. Jose Vicente Maldonado, the Ecuadoran minister of industry, said so.")
    found = types(extract_text(text, settings, gaz))
    assert found["Lazutkin"] == "Person"  # a place to the NER
    assert "Ecuadoran" not in found  # a nationality, as "Ecuadorean" is


def test_a_name_ending_in_a_number_is_no_person(gaz, settings):
    words = "Mozilla released Firefox 4 , then Pope Benedict XVI spoke".split()
    doc = make_doc(name_rows(words))
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 9, label="PERSON")]
    found = {e.name: e.type for e in entities(doc, article_id="a", gazetteer=gaz, settings=settings).entities.values()}
    assert "Firefox 4" not in found  # a product's version, a person to the NER
    assert [t for name, t in found.items() if name.endswith("Benedict XVI")] == ["Person"]  # Roman numerals are


@pytest.mark.model
def test_an_era_is_no_place_and_a_given_name_makes_a_product_a_person(settings, gaz):
    text = ("On the Ides of March, 44 B.C., Roman Emperor Julius Caesar was assassinated. "
            "The military leaders of Haiti made Emile Jonassaint provisional president of Haiti.")
    found = types(extract_text(text, settings, gaz))
    assert "B.C." not in found and "British Columbia" not in found
    assert found["Emile Jonassaint"] == "Person"  # a product to the NER


@pytest.mark.model
def test_a_doctrine_or_attitude_is_no_entity(settings):
    graph = extract_text("Jafari said she felt Mohamed had been subject to Islamophobia and her hashtag helped.",
                         settings)
    assert "Islamophobia" not in types(graph)  # an organisation to the NER
    assert not [f for f in graph.facts if f.predicate == "worksFor"]


@pytest.mark.model
def test_a_state_s_institution_is_named_with_its_state(settings, gaz):
    graph = extract_text("China's Defence Ministry warned Japan. Russia's Defence Ministry said its forces took the "
                         "village. According to the Saudi Interior Ministry over 345 Muslim pilgrims have been killed "
                         "in a stampede near Mecca. The Interior Ministry said more would follow. The Ivory Coast's "
                         "Supreme Court ruled. China's Commerce Ministry said Beijing would suspend export "
                         "controls.", settings, gaz)
    names = {e.name for e in graph.entities}
    assert {"Chinese Defence Ministry", "Russian Defence Ministry", "Saudi Interior Ministry",
            "Ivorian Supreme Court", "Chinese Commerce Ministry"} <= names
    assert not names & {"Defence Ministry", "Interior Ministry", "Supreme Court"}, names
