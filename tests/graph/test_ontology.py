"""kg/ontology.ttl: every predicate documented, typed and mapped; loaded into every store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.graph.ontology import (
    event_predicates, fact_predicates, ontology_quads, ontology_turtle, predicate_info, wikidata_mapping,
)
from kg.graph.store import GraphStore

S = Settings()
WDT = "http://www.wikidata.org/prop/direct/"


@pytest.mark.parametrize("name", sorted(fact_predicates()))
def test_every_fact_predicate_has_label_comment_domain_range(name):
    info = predicate_info(name)
    assert info is not None and info.label and info.comment and info.domain and info.range, info


def test_evidence_and_mention_properties_are_declared_too():
    for name in ("sentence", "start", "end", "extractor", "confidence", "published", "digest", "source",
                 "entity", "inArticle", "text", "label", "nationality"):
        info = predicate_info(name)
        assert info is not None and info.label and info.comment and info.domain and info.range, name


def test_wikidata_mappings_say_how_they_map():
    # same direction: Wikidata states P463 on the member, as kg:memberOf does
    assert wikidata_mapping("memberOf") == ("equivalent", "P463")
    assert wikidata_mapping("capitalOf") == ("equivalent", "P1376")
    # other direction: Wikidata states P35 (head of state) and P6 on the country
    assert wikidata_mapping("headOfStateOf") == ("inverse", "P35")
    assert wikidata_mapping("headOfGovernmentOf") == ("inverse", "P6")
    assert wikidata_mapping("killed") == ("inverse", "P157")
    # wider meaning: only the nearest property, no claim of equivalence
    assert wikidata_mapping("heads") == ("close", "P488")
    assert wikidata_mapping("worksFor") == ("close", "P108")
    assert wikidata_mapping("consultWith") is None  # PLOVER events have no Wikidata property


def test_every_owl_mapping_also_has_a_close_match():
    for name in fact_predicates():
        info = predicate_info(name)
        for pid in (info.equivalent, info.inverse):
            assert not pid or info.close == pid, name


def test_events_are_sub_properties_of_event_at_any_depth():
    assert {"consultWith", "criticizes", "accuses", "assaults", "fights"} <= event_predicates()
    assert not {"heads", "said", "presidentOf"} & event_predicates()


def test_ontology_has_no_blank_nodes():
    # the store replaces the ontology graph by value; blank nodes would pile up in the merged view
    for q in ontology_quads(S):
        assert not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))


def test_ontology_follows_the_base_iri():
    other = Settings(base_iri="https://news.example/kg/")
    text = ontology_turtle(other)
    assert "https://kg.example.org/" not in text and "<https://news.example/kg/ontology#>" in text
    store = GraphStore(None, other)
    assert bool(store.query("ASK { kg:heads rdfs:label ?l ; rdfs:domain ?d ; rdfs:range ?r ; rdfs:comment ?c }"))
    assert not store.select("SELECT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://kg.example.org/')) }")


def test_the_store_answers_questions_about_the_vocabulary():
    store = GraphStore(None, S)
    rows = store.select(f"""
        SELECT ?p ?label WHERE {{
          ?p rdfs:subPropertyOf* kg:event ; rdfs:label ?label ; rdfs:domain kg:Actor
        }}""")
    assert {r["p"].rpartition("#")[2] for r in rows} == event_predicates() | {"event"}
    heads = store.select(f"SELECT ?w WHERE {{ kg:heads skos:closeMatch ?w }}")
    assert heads == [{"w": WDT + "P488"}]


@pytest.mark.model
def test_every_predicate_the_extractors_wrote_is_in_the_ontology(seed_store):
    used = {r["p"] for r in seed_store.select("SELECT DISTINCT ?p WHERE { ?e a kg:Evidence ; rdf:predicate ?p }")}
    assert used
    for iri in used:
        assert predicate_info(iri.rpartition("#")[2]) is not None, iri


def test_agreeing_consulting_and_cooperating_are_symmetric():
    assert {n for n in fact_predicates() if predicate_info(n).symmetric} == {"agreeWith", "consultWith",
                                                                             "cooperatesWith"}
    assert predicate_info("agreeWith").kind == "Object" and not predicate_info("supports").symmetric
