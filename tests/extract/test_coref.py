"""Aliases and coreference in one article: short forms, acronyms, broken names, leaders' surnames."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract import extract
from kg.extract.coref import Resolver, bracketed_acronyms, repaired_ents, short_form_map
from kg.model import Article
from tests.extract.conftest import article_for, extract_text, make_doc, triples, types


def _doc_with(rows, spans):
    """A hand-parsed Doc whose entities are ``(start, end, label, gazetteer key)``."""
    doc = make_doc(rows)
    doc.ents = [Span(doc, s, e, label=lab, span_id=key) for s, e, lab, key in spans]
    return doc


def test_surname_title_and_acronym_forms():
    m = short_form_map([("President Donald Trump", "PERSON"), ("Trump", "ORG"), ("Kim Jong-un", "PERSON"),
                        ("Korean Central News Agency", "ORG"), ("KCNA", "ORG")])
    assert m["President Donald Trump"] == ("Donald Trump", "PERSON")
    assert m["Trump"] == ("Donald Trump", "PERSON")
    assert m["KCNA"] == ("Korean Central News Agency", "ORG")


def test_a_surname_two_people_share_stays_unresolved():
    m = short_form_map([("Ahmed Mohamed", "PERSON"), ("Mohamed Elhassan Mohamed", "PERSON"), ("Mohamed", "PERSON")])
    assert "Mohamed" not in m


def test_an_organisation_named_with_its_country_and_without_is_one(gaz):
    m = short_form_map([("United Kingdom Home Office", "ORG"), ("Home Office", "ORG"), ("U.S. Republican Party", "ORG"),
                        ("Republican Party", "ORG"), ("Liberal Democratic Party", "ORG"), ("Democratic Party", "ORG")],
                       gazetteer=gaz)
    assert m["Home Office"] == ("United Kingdom Home Office", "ORG")
    assert m["Republican Party"] == ("U.S. Republican Party", "ORG")
    assert "Democratic Party" not in m  # "Liberal" names no country
    assert "Home Office" not in short_form_map([("United Kingdom Home Office", "ORG"), ("Home Office", "ORG")])


def test_a_full_name_misspelt_by_one_vowel_is_the_same_person():
    m = short_form_map([("Kristen Wilkins", "PERSON"), ("Kristin Wilkins", "PERSON"), ("Wilkins", "PERSON"),
                        ("Ms. Kristin Wilkins", "PERSON"), ("Mark Kelly", "PERSON"), ("Scott Kelly", "PERSON"),
                        ("Kelly", "PERSON")])
    assert m["Kristin Wilkins"] == m["Ms. Kristin Wilkins"] == m["Wilkins"] == ("Kristen Wilkins", "PERSON")
    assert "Mark Kelly" not in m and "Scott Kelly" not in m and "Kelly" not in m  # two people: no guess


def test_acronym_spelled_out_in_brackets():
    words = "the Democratic Alliance for the Betterment and Progress of Hong Kong ( DAB ) won".split()
    rows = [(w, len(words) - 1, "dep", "PROPN" if w[0].isupper() else "X", w) for w in words]
    doc = _doc_with(rows, [(1, 11, "ORG", "")])
    assert bracketed_acronyms(doc) == {"DAB": ("Democratic Alliance for the Betterment and Progress of Hong Kong", "ORG")}
    # after an organisation, letters that are not its initials still define it: the name in its
    # own language ("the Serbian Workers' Union (SSS)")
    doc = _doc_with(rows[:12] + [("SSS", 14, "dep", "PROPN", "SSS")] + rows[13:], [(1, 11, "ORG", "")])
    assert bracketed_acronyms(doc) == {"SSS": ("Democratic Alliance for the Betterment and Progress of Hong Kong", "ORG")}
    # after a place they define nothing: "NEW YORK CITY (AP)" is a dateline
    words = "NEW YORK CITY ( AP ) Police said".split()
    doc = _doc_with([(w, 7, "dep", "PROPN", w) for w in words], [(0, 3, "GPE", "")])
    assert bracketed_acronyms(doc) == {}


def test_a_name_the_ner_cut_in_pieces_is_one_where_its_bracketed_acronym_spells_it(gaz):
    def mended(text, spans):
        words = text.split()
        doc = _doc_with([(w, len(words) - 1, "dep", "PROPN" if w[0].isupper() else "X", w) for w in words], spans)
        return [(e.text, e.label_) for e in repaired_ents(doc, gaz)]

    # an organisation and a person to the NER; "5" spells itself
    assert mended("deputies of Movimento 5 Stelle ( M5S ) said", [(2, 3, "ORG", ""), (4, 5, "PERSON", "")]) == [
        ("Movimento 5 Stelle", "ORG")]
    # letters in order among the initials, from the nearest start: the conference, not its committee
    text = "The Committee of Senior Officials of the Conference on Security and Cooperation in Europe ( CSCE ) met"
    assert mended(text, [(1, 4, "ORG", ""), (7, 12, "ORG", ""), (13, 14, "LOC", "")]) == [
        ("Committee of Senior", "ORG"), ("Conference on Security and Cooperation in Europe", "ORG")]
    # the NER's "The" before the name is no crossing
    text = "The Democratic Alliance for the Betterment and Progress of Hong Kong ( DAB ) won"
    assert mended(text, [(0, 3, "ORG", ""), (4, 8, "ORG", ""), (9, 11, "GPE", "")]) == [
        ("Democratic Alliance for the Betterment and Progress of Hong Kong", "ORG")]
    # one piece only where the initials are the acronym exactly; none where the NER saw nothing
    assert mended("Prime Minister Boris Johnson ( PM ) spoke", [(2, 4, "PERSON", "")]) == [("Boris Johnson", "PERSON")]
    assert mended("Gross Domestic Product ( GDP ) fell", []) == []
    assert mended("the Islamic Revolutionary Guard Corps ( IRGC ) said", [(1, 3, "ORG", "")]) == [
        ("Islamic Revolutionary Guard Corps", "ORG")]


def test_a_name_found_whole_once_is_whole_where_the_ner_saw_a_part_of_it(gaz):
    def mended(text, spans):
        words = text.split()
        doc = _doc_with([(w, len(words) - 1, "dep", "PROPN" if w[0].isupper() else "X", w) for w in words], spans)
        return [(e.text, e.label_) for e in repaired_ents(doc, gaz)]

    text = "Environment Canada spokesperson Hahn said . Environment Canada spokeswoman Raisinghani told CBC"
    assert mended(text, [(0, 2, "ORG", ""), (3, 4, "PERSON", ""), (7, 8, "GPE", "canada"), (9, 10, "PERSON", "")]) == [
        ("Environment Canada", "ORG"), ("Hahn", "PERSON"), ("Environment Canada", "ORG"), ("Raisinghani", "PERSON")]
    # a span reaching beyond the name, or no span at all, stays as the NER has it
    assert mended(text, [(0, 2, "ORG", ""), (7, 9, "ORG", "")]) == [("Environment Canada", "ORG"),
                                                                   ("Canada spokeswoman", "ORG")]
    assert mended(text, [(0, 2, "ORG", "")]) == [("Environment Canada", "ORG")]
    # one word found whole is no name to spread
    assert mended("Canada won . Canada lost", [(0, 1, "GPE", "")]) == [("Canada", "GPE")]


@pytest.mark.model
def test_a_name_mended_around_a_country_is_not_the_country(settings, gaz):
    text = ("A sensitive Environment Canada document was found on an Ottawa street. Environment Canada spokesperson "
            "Julie Hahn said the rules apply. Environment Canada spokeswoman Sujata Raisinghani told CBC News the "
            "department will look into the incident.")
    graph = extract_text(text, settings, gaz)
    found = triples(graph)
    assert ("Sujata Raisinghani", "spokespersonFor", "Environment Canada") in found
    assert not {f for f in found if f[0] == "Sujata Raisinghani" and f[2] == "Canada"}, found


@pytest.mark.model
def test_an_acronym_stands_for_the_name_mended_before_it(settings, gaz):
    text = ("The Democratic Alliance for the Betterment and Progress of Hong Kong (DAB) won. "
            "Later the DAB said so.")
    graph = extract_text(text, settings, gaz)
    names = {m.text: next(e.name for e in graph.entities if e.iri == iri) for m, iri in graph.mentions}
    assert names["DAB"] == "Democratic Alliance for the Betterment and Progress of Hong Kong", names


def test_two_person_spans_side_by_side_are_one_name_unless_a_possessive_parts_them(gaz):
    words = "President Yoon Suk Yeol and Civic Passion 's Wong Yeung-tat spoke".split()
    rows = [(w, len(words) - 1, "dep", "PROPN" if w[0].isupper() else "X", w) for w in words]
    doc = _doc_with(rows, [(1, 3, "PERSON", ""), (3, 4, "PERSON", ""), (5, 8, "PERSON", ""), (8, 10, "PERSON", "")])
    doc[7].tag_ = "POS"
    assert [e.text for e in repaired_ents(doc, gaz)] == ["Yoon Suk Yeol", "Civic Passion 's", "Wong Yeung-tat"]


def test_given_name_glued_to_a_place_is_a_person(gaz):
    rows = [("Michael", 1, "compound", "PROPN", "Michael"), ("Jordan", 2, "nsubj", "PROPN", "Jordan"),
            ("scored", 2, "ROOT", "VERB", "score"), ("in", 2, "prep", "ADP", "in"),
            ("Chicago", 3, "pobj", "PROPN", "Chicago", False), (".", 2, "punct", "PUNCT", ".")]
    doc = _doc_with(rows, [(1, 2, "GPE", "jordan"), (4, 5, "GPE", "chicago")])
    assert [(e.text, e.label_) for e in repaired_ents(doc, gaz)] == [("Michael Jordan", "PERSON"), ("Chicago", "GPE")]


def test_place_words_do_not_make_a_person(gaz):
    rows = [("Lake", 1, "compound", "PROPN", "Lake"), ("Geneva", 2, "nsubj", "PROPN", "Geneva"),
            ("froze", 2, "ROOT", "VERB", "freeze", False), (".", 2, "punct", "PUNCT", ".")]
    doc = _doc_with(rows, [(1, 2, "GPE", "geneva")])
    assert [(e.text, e.label_) for e in repaired_ents(doc, gaz)] == [("Geneva", "GPE")]


def test_resolver_prefers_the_person_named_in_full_unless_placed(gaz):
    # Valeska Paris spoke . Paris said it . She lived in Paris .
    words = ["Valeska", "Paris", "spoke", ".", "Paris", "said", "it", ".", "She", "lived", "in", "Paris", "."]
    heads = [1, 2, 2, 2, 5, 5, 5, 5, 9, 9, 9, 10, 9]
    deps = ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "prep",
            "pobj", "punct"]
    rows = [(w, h, d, "PROPN" if w[0].isupper() else "VERB", w) for w, h, d in zip(words, heads, deps)]
    doc = _doc_with(rows, [(0, 2, "PERSON", ""), (4, 5, "GPE", "paris"), (11, 12, "GPE", "paris")])
    resolver = Resolver(doc, [(e.text, e.label_) for e in doc.ents], gaz)
    entry, name, label = resolver.resolve(doc.ents[1], "Paris", "GPE", "paris")
    assert (entry, name, label) == (None, "Valeska Paris", "PERSON")
    entry, name, label = resolver.resolve(doc.ents[2], "Paris", "GPE", "paris")
    assert entry.key == "paris" and entry.type == "City"


def test_leader_surname_needs_a_date_and_the_country_in_the_article(gaz):
    rows = [("Obama", 1, "nsubj", "PROPN", "Obama"), ("visited", 1, "ROOT", "VERB", "visit"),
            ("the", 3, "det", "DET", "the"), ("United", 4, "compound", "PROPN", "United"),
            ("States", 1, "dobj", "PROPN", "States", False), (".", 1, "punct", "PUNCT", ".")]
    doc = _doc_with(rows, [(0, 1, "PERSON", ""), (3, 5, "GPE", "united-states")])
    names = [(e.text, e.label_) for e in doc.ents]
    entry, name, _ = Resolver(doc, names, gaz, published="2015-08-21").resolve(doc.ents[0], "Obama", "PERSON")
    assert (name, entry.qid) == ("Barack Obama", "Q76")
    assert Resolver(doc, names, gaz).resolve(doc.ents[0], "Obama", "PERSON")[0] is None  # no date
    alone = Resolver(doc, names[:1], gaz, published="2015-08-21")
    assert alone.resolve(doc.ents[0], "Obama", "PERSON")[0] is None  # the US is not mentioned


@pytest.mark.model
def test_real_text_names_places_and_people(settings, gaz):
    from kg.build import extract_articles

    texts = [
        ("Michael Jordan scored 30 points for Chicago. Jordan later retired.", "2015-01-01"),
        ("Police in Atlanta, Georgia, arrested two men.", "2015-01-01"),
        ("President Obama spoke about the United States economy. Obama said growth was strong.", "2015-08-21"),
        ("The Korean Central News Agency (KCNA) said the KCNA report was final.", "2015-08-21"),
    ]
    articles = [Article.from_text(t, published=d) for t, d in texts]
    graphs = list(extract_articles(articles, settings))
    names = [{e.name: e for e in g.entities} for g in graphs]
    assert "Jordan" not in names[0] and names[0]["Michael Jordan"].type == "Person"
    assert names[1]["Georgia"].type == "AdministrativeArea"
    assert names[2]["Barack Obama"].same_as == ("wd:Q76",)
    assert len({iri for m, iri in graphs[3].mentions if m.text in ("Korean Central News Agency", "KCNA")}) == 1


@pytest.mark.model
def test_one_iri_per_entity_across_articles(settings):
    from kg.build import extract_articles

    a = Article.from_text("President Donald Trump met Giuseppe Cavo Dragone in Brussels.", published="2025-06-01")
    b = Article.from_text("Trump criticised NATO. Dragone replied in Kyiv.", published="2025-06-02")
    ga, gb = extract_articles([a, b], settings)
    iris_a = {e.name: e.iri for e in ga.entities}
    iris_b = {e.name: e.iri for e in gb.entities}
    assert iris_a["Donald Trump"] == iris_b["Donald Trump"]
    assert iris_a["Giuseppe Cavo Dragone"].endswith("giuseppe-cavo-dragone")


def test_pronoun_resolves_to_the_last_person_named(settings):
    rows = [("Dragone", 1, "nsubj", "PROPN", "Dragone"), ("spoke", 1, "ROOT", "VERB", "speak", False),
            (".", 1, "punct", "PUNCT", "."), ("He", 4, "nsubj", "PRON", "he"), ("left", 4, "ROOT", "VERB", "leave",
                                                                                 False),
            (".", 4, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=["B-PERSON", "O", "O", "O", "O", "O"])
    from kg.extract.coref import resolve_pronoun
    from kg.extract.entities import entities

    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    assert resolve_pronoun(doc[3], index).name == "Dragone"
    assert resolve_pronoun(doc[1], index) is None
    assert extract(doc, article_for(doc), settings=settings, gazetteer=None).entities[0].name == "Dragone"


@pytest.mark.model
def test_a_surname_spelled_like_a_function_word_stays_on_the_name(settings, gaz):
    text = ("Other pan-democrats elected were Leung Yiu-chung of NWSC and James To of the Democratic Party. "
            "District councillor Wilson Or was elected with 51,516 votes. Obama To Meet Putin.")
    graph = extract_text(text, settings, gaz)
    assert {"James To", "Wilson Or"} <= set(types(graph)) and "Obama To" not in types(graph)
    assert {f for f in triples(graph) if f[1] == "worksFor"} == {("Leung Yiu-chung", "worksFor", "NWSC"),
                                                              ("James To", "worksFor", "Democratic Party")}


@pytest.mark.model
@pytest.mark.parametrize(("text", "persons"), [
    # an age between commas: a common noun and a date to the model
    ("Cheek, 53, is a former charge in Addis Ababa. Winter, 53, a former Yale University law professor, "
     "took the bench in 1982.", {"Cheek", "Winter"}),
    # an honorific, "a man called": a stop word and an event to the model; "Mr. President" is an address
    ('"We may get them all home," said Ms. Say in Nashville. He blamed a mysterious man called Raoul. '
     "Mr. President, do you still think so?", {"Say", "Raoul"}),
], ids=["age", "honorific"])
def test_a_name_the_context_marks_is_a_person(settings, text, persons):
    found = types(extract_text(text, settings))
    assert {name for name, type_ in found.items() if type_ == "Person"} == persons


def test_a_single_word_a_person_named_in_full_begins_with_is_that_person():
    m = short_form_map([("Xi Jinping", "PERSON"), ("Xi", "PERSON"), ("Donald Trump", "PERSON"),
                        ("Donald Tusk", "PERSON"), ("Donald", "PERSON")])
    assert m["Xi"] == ("Xi Jinping", "PERSON")
    assert "Donald" not in m  # two people begin with it


@pytest.mark.model
def test_a_surname_the_ner_missed_is_the_person_named_in_full(settings, gaz):
    text = ("U.S. President Donald Trump and Chinese leader Xi Jinping agreed on Thursday to a one-year "
                         "truce in their trade war, with Washington cutting tariffs on Chinese goods and Beijing "
                         "pausing export controls on rare earths.\n\n\"It was an amazing meeting,\" Trump told "
                         "reporters aboard Air Force One. Xi said China and the United States should be \"partners "
                         "and friends.\"")
    graph = extract_text(text, settings, gaz)
    xi = [m for m, iri in graph.mentions if m.text == "Xi"]
    assert xi and all(iri.endswith("/xi-jinping") for m, iri in graph.mentions if m.text == "Xi")
