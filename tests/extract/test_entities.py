"""Entities: spans cleaned, junk dropped, gazetteer links, short forms merged, one IRI per name."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract.entities import clean_name, entities
from kg.link.gazetteer import Gazetteer
from tests.extract.conftest import make_doc


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _rows(words: list[str]) -> list[tuple]:
    return [(w, 0, "dep", "PROPN" if w[:1].isupper() else "X", w) for w in words]


@pytest.mark.parametrize(("raw", "clean"), [("the United States's", "United States"), ("“NATO”", "NATO"),
                                            ("Kyiv.", "Kyiv"), ("U.S.", "U.S.")])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_linked_names_share_the_gazetteer_iri(gaz, settings):
    words = "The U.S. and America and the United States".split()
    doc = make_doc(_rows(words))
    doc.ents = [Span(doc, 1, 2, label="GPE"), Span(doc, 3, 4, label="GPE"), Span(doc, 6, 8, label="GPE")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    assert {iri for _, iri in index.mentions} == {settings.entity_ns + "united-states"}
    (us,) = index.entities.values()
    assert us.same_as[0] == "wd:Q30" and {"U.S.", "America"} <= set(us.aliases)


def test_surname_merges_into_the_full_name_and_nationality_is_no_node(gaz, settings):
    words = "Italian admiral Giuseppe Cavo Dragone said Dragone".split()
    doc = make_doc(_rows(words))
    doc.ents = [Span(doc, 0, 1, label="NORP"), Span(doc, 2, 5, label="PERSON"), Span(doc, 6, 7, label="PERSON")]
    index = entities(doc, article_id="a", gazetteer=gaz, settings=settings)
    assert [e.name for e in index.entities.values()] == ["Giuseppe Cavo Dragone"]
    assert index.at(6).name == "Giuseppe Cavo Dragone"


def test_demonym_span_is_not_an_entity(gaz, settings):
    doc = make_doc(_rows("New Zealander refugees arrived".split()))
    doc.ents = [Span(doc, 0, 2, label="GPE")]
    assert entities(doc, article_id="a", gazetteer=gaz, settings=settings).entities == {}


def test_leader_surname_is_resolved_with_the_article_date(gaz, settings):
    words = "Obama criticised America".split()
    doc = make_doc(_rows(words))
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 3, label="GPE")]
    dated = entities(doc, article_id="a", gazetteer=gaz, settings=settings, published="2012-05-01")
    assert dated.at(0).name == "Barack Obama"
    # in 2020 he held no office, and with no country of his named he is no one we know
    alone = make_doc(_rows(["Obama"]))
    alone.ents = [Span(alone, 0, 1, label="PERSON")]
    assert entities(alone, article_id="a", gazetteer=gaz, settings=settings, published="2012-05-01").at(0).name == "Obama"
    later = entities(doc, article_id="a", gazetteer=gaz, settings=settings, published="2020-05-01")
    assert later.at(0).name == "Obama" and later.at(0).same_as == ()
