"""The seed article's graph, with the real model, against the gold file tests/gold/seed.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLD = json.loads((Path(__file__).parent / "gold" / "seed.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.model


def _iri(store, name):
    rows = store.select("SELECT DISTINCT ?e ?n WHERE { ?e a kg:Entity ; rdfs:label ?n }", {"n": name})
    assert len(rows) == 1, f"expected one node named {name!r}, found {len(rows)}"
    return rows[0]["e"]


@pytest.mark.parametrize("fact", GOLD["facts"], ids=lambda f: f"{f['subject']}-{f['predicate'][0]}")
def test_gold_fact(seed_store, fact):
    s = _iri(seed_store, fact["subject"])
    rows = seed_store.select(
        "SELECT ?s ?p ?o ?sentence WHERE { ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;"
        " kg:sentence ?sentence }", {"s": s})
    preds = {seed_store.settings.ontology_ns + p for p in fact["predicate"]}
    if "literal" in fact:
        matches = [r for r in rows if r["p"] in preds and r["o"] == fact["literal"]]
    else:
        o = _iri(seed_store, fact["object"])
        matches = [r for r in rows if r["p"] in preds and r["o"] == o]
    assert matches, f"missing {fact}; facts of the subject: {rows}"
    for r in matches:
        if "literal" in fact:
            assert fact["literal"] in r["sentence"], "a quote must be checkable against its sentence"


@pytest.mark.parametrize("gold", GOLD["entities"], ids=lambda e: e["name"])
def test_entity_is_one_node_of_the_right_type(seed_store, gold):
    iri = _iri(seed_store, gold["name"])
    types = {r["t"].rsplit("/", 1)[-1] for r in seed_store.select(
        "SELECT DISTINCT ?e ?t WHERE { ?e a ?t FILTER(STRSTARTS(STR(?t), 'http://schema.org/')) }", {"e": iri})}
    assert types == {gold["type"]}
    mentioned = {r["text"] for r in seed_store.select(
        "SELECT DISTINCT ?e ?text WHERE { ?m kg:entity ?e ; kg:text ?text }", {"e": iri})}
    for surface in gold["surfaces"]:
        assert surface in mentioned or surface.removeprefix("the ").removeprefix("The ") in mentioned, (
            f"{surface!r} does not resolve to {gold['name']} (its mentions: {sorted(mentioned)})")
    if "wikidata" in gold:
        same = {r["x"] for r in seed_store.select("SELECT ?e ?x WHERE { ?e owl:sameAs ?x }", {"e": iri})}
        assert f"http://www.wikidata.org/entity/{gold['wikidata']}" in same


def test_every_mention_of_a_surname_is_the_person(seed_store):
    for surname, full in (("Trump", "Donald Trump"), ("Dragone", "Giuseppe Cavo Dragone")):
        iri = _iri(seed_store, full)
        rows = seed_store.select("SELECT ?e ?sn WHERE { ?m kg:text ?t ; kg:entity ?e FILTER(CONTAINS(?t, ?sn)) }",
                                 {"sn": surname})
        assert rows and {r["e"] for r in rows} == {iri}


def test_no_junk_nodes(seed_store):
    labels = {r["n"] for r in seed_store.select("SELECT DISTINCT ?n WHERE { ?e a kg:Entity ; rdfs:label ?n }")}
    junk = labels & set(GOLD["not_entities"])
    assert not junk
    assert all(label[:1].isupper() or label[:1].isdigit() for label in labels), labels


def test_scare_quotes_are_not_statements(seed_store):
    said = {r["q"] for r in seed_store.select("SELECT ?q WHERE { ?s kg:said ?q }")}
    for literal in GOLD["no_facts_with_literal"]:
        assert not any(literal in q for q in said)


def test_every_fact_has_complete_evidence(seed_store):
    from kg.graph.ontology import fact_predicates

    text = (Path(__file__).parents[1] / GOLD["article"]).read_text(encoding="utf-8")
    preds = " ".join(f"kg:{p}" for p in fact_predicates())
    orphans = seed_store.select(f"""
        SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o
          FILTER NOT EXISTS {{ ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }}""")
    assert orphans == []
    rows = seed_store.select("""
        SELECT ?ev ?sentence ?start ?end ?extractor ?confidence ?article WHERE {
          ?ev a kg:Evidence ; kg:sentence ?sentence ; kg:start ?start ; kg:end ?end ;
              kg:extractor ?extractor ; kg:confidence ?confidence ; prov:wasDerivedFrom ?a .
          ?a schema:identifier ?article }""")
    assert len(rows) == seed_store.stats()["evidence"] > 0
    for r in rows:
        assert text[r["start"]:r["end"]] == r["sentence"]
        assert 0 < r["confidence"] <= 1 and r["extractor"]


def test_nationalities_are_attributes_not_nodes(seed_store):
    types = {r["t"] for r in seed_store.select("SELECT DISTINCT ?t WHERE { ?e a kg:Entity ; a ?t }")}
    assert not any("NORP" in t for t in types)
