"""The relation classifier and the entity typer: candidates, features, decisions, the shipped models."""

from __future__ import annotations

import numpy as np
import pytest

from kg.errors import ModelError
from kg.extract import extract
from kg.extract.classifier import (
    DEFAULT_PATH,
    TYPER_PATH,
    DocMemo,
    LinearModel,
    candidates,
    load_model,
    load_typer,
    pair_features,
    relation_for,
    retype,
)
from kg.extract.entities import entities
from kg.extract.relations import candidate_table, pattern_facts, relations
from kg.model import Entity
from tests.conftest import shared_data
from tests.extract.conftest import article_for, make_doc


def _smith_of_austin():
    # "Smith , of Austin , Texas , spoke ."
    return make_doc([
        ("Smith", 7, "nsubj", "PROPN", "Smith"), (",", 0, "punct", "PUNCT", ","), ("of", 0, "prep", "ADP", "of"),
        ("Austin", 2, "pobj", "PROPN", "Austin"), (",", 3, "punct", "PUNCT", ","),
        ("Texas", 3, "appos", "PROPN", "Texas"), (",", 0, "punct", "PUNCT", ","),
        ("spoke", 7, "ROOT", "VERB", "speak"), (".", 7, "punct", "PUNCT", ".", False),
    ], ents=["B-PERSON", "O", "O", "B-GPE", "O", "B-GPE", "O", "O", "O"])


def _oswald(negated: bool):
    rows = [("Oswald", 3, "nsubj", "PROPN", "Oswald"), ("did", 3, "aux", "AUX", "do"),
            ("not", 3, "neg", "PART", "not"), ("kill", 3, "ROOT", "VERB", "kill"),
            ("Smith", 3, "dobj", "PROPN", "Smith", False), (".", 3, "punct", "PUNCT", ".", False)]
    if not negated:
        rows = [("Oswald", 1, "nsubj", "PROPN", "Oswald"), ("killed", 1, "ROOT", "VERB", "kill"),
                ("Smith", 1, "dobj", "PROPN", "Smith", False), (".", 1, "punct", "PUNCT", ".", False)]
    ents = ["B-PERSON" if r[0] in ("Oswald", "Smith") else "O" for r in rows]
    return make_doc(rows, ents=ents)


def _facts(doc, settings, model):
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    return [(f.subject.name, f.predicate, f.object.name, f.evidence.extractor, f.evidence.confidence)
            for f in relations(doc, article=article_for(doc), index=index, model=model)]


def test_relation_for_reads_patterns_as_their_signature_relation():
    assert relation_for("heads", "Person", "NewsMediaOrganization") == "worksFor"
    # an office in a place is not CoNLL04's Live_In (1 in 26 in train): no signature relation
    assert relation_for("headOfGovernmentOf", "Person", "Country") is None
    assert relation_for("heads", "Person", "City") is None  # a mayor
    assert relation_for("capitalOf", "City", "Country") == "locatedIn"
    assert relation_for("basedIn", "Organization", "City") == "basedIn"
    assert relation_for("killed", "Person", "Person") == "killed"
    assert relation_for("heads", "Person", "Person") is None  # no signature relation is a "heads"
    assert relation_for("killed", "Person", "City") is None
    assert relation_for("gaveInterviewTo", "Person", "NewsMediaOrganization") is None


def test_candidates_are_typed_pairs_of_different_entities_in_one_sentence():
    doc = make_doc([("Smith", 1, "nsubj", "PROPN", "Smith"), ("left", 1, "ROOT", "VERB", "leave"),
                    ("Austin", 1, "dobj", "PROPN", "Austin", False), (".", 1, "punct", "PUNCT", "."),
                    ("Smith", 5, "nsubj", "PROPN", "Smith"), ("slept", 5, "ROOT", "VERB", "sleep", False),
                    (".", 5, "punct", "PUNCT", ".", False)])
    mentions = [(0, 1, "Person", "e:smith"), (2, 3, "City", "e:austin"), (4, 5, "Person", "e:smith")]
    found = {(c.head, c.tail, c.relation) for c in candidates(doc, mentions)}
    # Smith-Austin in the first sentence only; a place is never the head of livesIn; Smith never pairs with Smith
    assert found == {((0, 1), (2, 3), "livesIn")}


def test_pair_features_name_the_words_and_path_between():
    doc = _smith_of_austin()
    (cand,) = [c for c in candidates(doc, [(0, 1, "Person", "s"), (3, 4, "City", "a")])]
    feats = pair_features(doc, cand, [(0, 1, "Peop"), (3, 4, "Loc")], ["livesIn"])
    assert {"order:ht", "bs:ht:, of", "bw:of", "lca:smith", "path:↓prep ↓pobj", "pattern:livesIn"} <= set(feats)


def test_a_shared_doc_memo_gives_the_same_features():
    # two sentences, so sentence bounds matter ("<s>"/"</s>" context) and the memo is reused across pairs
    doc = make_doc([
        ("Smith", 1, "nsubj", "PROPN", "Smith"), ("left", 1, "ROOT", "VERB", "leave"),
        ("Austin", 1, "dobj", "PROPN", "Austin", False), (".", 1, "punct", "PUNCT", "."),
        ("Jones", 5, "nsubj", "PROPN", "Jones"), ("visited", 5, "ROOT", "VERB", "visit", False),
        ("Paris", 5, "dobj", "PROPN", "Paris", False), ("and", 6, "cc", "CCONJ", "and", False),
        ("Lyon", 6, "conj", "PROPN", "Lyon", False), (".", 5, "punct", "PUNCT", ".", False)])
    mentions = [(0, 1, "Person", "s"), (2, 3, "City", "a"), (4, 5, "Person", "j"), (6, 7, "City", "p"),
                (8, 9, "City", "l")]
    memo = DocMemo(doc)
    pairs = list(candidates(doc, mentions))
    assert len(pairs) == 5  # Smith–Austin; Jones–Paris, Jones–Lyon, Paris⇄Lyon; no pair across sentences
    for cand in pairs + pairs:
        assert pair_features(doc, cand, [], ["x"], memo) == pair_features(doc, cand, [], ["x"])
    assert memo.sentence(0) == (0, 4) and memo.sentence(9) == (4, 10)
    assert "l1:ht:<s>" in pair_features(doc, pairs[0], memo=memo)
    (jones_lyon,) = [c for c in pairs if c.head == (4, 5) and c.tail == (8, 9)]
    feats = pair_features(doc, jones_lyon, memo=memo)
    assert {"r1:ht:.", "r2:ht:</s>", "bw:and", "lca:visit"} <= set(feats)


def test_linear_model_scores_repeated_and_unseen_features():
    m = LinearModel.from_weights({"worksFor|bias": 1.0, "worksFor|w:of": 0.5}, bits=10)
    assert m.score("worksFor", ["bias", "w:of"]) == pytest.approx(1.5)
    assert m.score("worksFor", ["w:of", "w:of", "bias"]) == pytest.approx(2.0)  # from the memo now
    assert m.score("livesIn", ["bias"]) == 0.0  # same feature, another class: another weight
    assert m.score("worksFor", []) == 0.0


def test_candidate_table_pairs_every_typed_mention(settings):
    doc = _smith_of_austin()
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    article = article_for(doc)
    table = candidate_table(doc, index, article, pattern_facts(doc, index, article))
    assert {(doc[c.head[0]].text, doc[c.tail[0]].text, c.relation) for c, _, _ in table} == {
        ("Smith", "Austin", "livesIn"), ("Smith", "Texas", "livesIn"), ("Austin", "Texas", "locatedIn"),
        ("Texas", "Austin", "locatedIn")}


def test_classifier_facts_and_the_place_chain(settings):
    # Austin is in Texas ("CITY , REGION") and Smith is "of Austin": Smith lives in Texas too.
    model = LinearModel.from_weights({"locatedIn|bias": -5.0, "locatedIn|bs:ht:,": 10.0, "livesIn|bias": -5.0,
                                      "livesIn|bs:ht:, of": 10.0}, threshold=0.5)
    facts = {f[:4]: f[4] for f in _facts(_smith_of_austin(), settings, model)}
    assert facts[("Austin", "locatedIn", "Texas", "relations.classifier:locatedIn")] == pytest.approx(0.993, abs=1e-3)
    assert ("Texas", "locatedIn", "Austin", "relations.classifier:locatedIn") not in facts
    assert ("Smith", "livesIn", "Austin", "relations.classifier:livesIn") in facts
    chained = facts[("Smith", "livesIn", "Texas", "relations.classifier:livesIn+locatedIn")]
    assert chained == pytest.approx(0.993 * 0.993, abs=2e-3)


def test_a_negated_verb_states_no_fact(settings):
    model = LinearModel.from_weights({"killed|bias": -5.0, "killed|order:ht": 10.0}, threshold=0.5)
    # "Oswald killed Smith": the pattern's fact, with the classifier's confidence
    assert _facts(_oswald(negated=False), settings, model) == [("Oswald", "killed", "Smith", "relations.kill", 0.993)]
    # "Oswald did not kill Smith": the pattern is silent and the classifier's 0.993 is not a fact
    assert _facts(_oswald(negated=True), settings, model) == []


def test_pattern_facts_take_the_classifier_probability_as_confidence(settings):
    # "Kennedy was killed by Oswald ." fires the killing pattern
    doc = make_doc([
        ("Kennedy", 2, "nsubjpass", "PROPN", "Kennedy"), ("was", 2, "auxpass", "AUX", "be"),
        ("killed", 2, "ROOT", "VERB", "kill"), ("by", 2, "agent", "ADP", "by"),
        ("Oswald", 3, "pobj", "PROPN", "Oswald", False), (".", 2, "punct", "PUNCT", ".", False),
    ], ents=["B-PERSON", "O", "O", "O", "B-PERSON", "O"])
    trusted = LinearModel.from_weights({"killed|pattern:killed": 6.0, "killed|bias": -3.0}, threshold=0.5)
    doubted = LinearModel.from_weights({"killed|pattern:killed": -1.0, "killed|bias": -3.0}, threshold=0.5)
    assert _facts(doc, settings, trusted) == [("Oswald", "killed", "Kennedy", "relations.kill", 0.953)]
    # below the threshold the pattern's fact is kept, with a low confidence a threshold can filter
    assert _facts(doc, settings, doubted) == [("Oswald", "killed", "Kennedy", "relations.kill", 0.018)]
    # unless the pattern's record in training says better: that is the floor
    floored = LinearModel(doubted.weights, doubted.bits, doubted.platt, 0.5,
                          {"pattern_precision": {"relations.kill": 0.8, "relations.role": 0.7}})
    assert _facts(doc, settings, floored) == [("Oswald", "killed", "Kennedy", "relations.kill", 0.8)]


def test_model_round_trip_keeps_only_nonzero_weights(tmp_path):
    model = LinearModel.from_weights({"worksFor|bias": 1.5, "worksFor|bw:of": -0.25}, bits=12, platt=(0.8, -0.1),
                                     threshold=0.35)
    path = model.save(tmp_path / "m.npz")
    back = LinearModel.load(path)
    assert (back.bits, back.platt, back.threshold) == (12, (0.8, -0.1), 0.35)
    assert np.array_equal(back.weights, model.weights) and np.count_nonzero(back.weights) == 2
    assert back.probability("worksFor", ["bias", "bw:of"]) == model.probability("worksFor", ["bias", "bw:of"])
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="kg train"):
        LinearModel.load(tmp_path / "bad.npz")


def test_calibration_is_monotone_in_the_score():
    model = LinearModel.from_weights({}, platt=(1.3, -0.4))
    probs = [model.calibrate(s) for s in (-20.0, -1.0, 0.0, 1.0, 20.0)]
    assert probs == sorted(probs) and 0.0 <= probs[0] < 0.01 and probs[-1] > 0.99


def test_shipped_models_are_small_trained_on_conll04_train_and_tuned_on_dev():
    for path, loader in ((DEFAULT_PATH, load_model), (TYPER_PATH, load_typer)):
        assert path.stat().st_size < 400_000
        meta = loader().meta
        # sha256 of train.CoNLL04.json and valid.CoNLL04.json as ../shared/data/conll04/SOURCE.md lists them
        assert meta["trained_on"]["sha256"].startswith("771c33e4") and meta["trained_on"]["sha256"].endswith("5607")
        assert meta["tuned_on"]["sha256"].startswith("2f51f3a1") and meta["tuned_on"]["sha256"].endswith("665d")
    model = load_model()
    assert 0.1 <= model.threshold <= 0.8 and model.platt[0] > 0
    assert model.meta["dev"]["relations"]["f1"] >= 0.55
    assert 0.5 < model.pattern_precision("relations.role:head") < 1 and model.pattern_precision("nothing") == 0


def test_retype_moves_an_unlinked_entity_to_the_type_its_context_shows(settings):
    doc = make_doc([("Cetin", 1, "nsubj", "PROPN", "Cetin"), ("said", 1, "ROOT", "VERB", "say"),
                    ("Turkey", 3, "nsubj", "PROPN", "Turkey"), ("agreed", 1, "ccomp", "VERB", "agree", False),
                    (".", 1, "punct", "PUNCT", ".", False)], ents=["B-ORG", "O", "B-ORG", "O", "O"])
    index = entities(doc, article_id="a", gazetteer=None, settings=settings)
    turkey = index.at(2)
    index.entities[turkey.iri] = Entity(turkey.iri, turkey.name, turkey.type, same_as=("wd:Q43",))  # as if linked
    typer = LinearModel.from_weights({"Peop|n1:said": 4.0, "Org|bias": -2.0, "Peop|bias": -2.0,
                                      "Peop|w:turkey": 9.0}, threshold=0.2)
    assert retype(doc, index, typer) == {index.at(0).iri: "Person"}
    assert index.at(0).type == "Person" and index.at(2).type == "Organization"  # the linked one stays


def test_extract_runs_the_shipped_typer_and_classifier(settings):
    doc = _smith_of_austin()
    ag = extract(doc, article_for(doc), settings=settings, gazetteer=None)
    assert {e.type for e in ag.entities} <= {"Person", "Organization", "Place"}
    assert all(0.0 <= f.evidence.confidence <= 1.0 for f in ag.facts)


@pytest.mark.model
def test_training_is_deterministic_and_writes_loadable_models(tmp_path, settings):
    import json

    from kg.eval.conll04 import load_gold
    from kg.extract.training import parse, train

    train_file, dev_file = shared_data("conll04", "train.CoNLL04.json"), shared_data("conll04", "valid.CoNLL04.json")
    small_train, small_dev = tmp_path / "train.json", tmp_path / "dev.json"
    small_train.write_text(json.dumps(json.loads(train_file.read_text())[:80]))
    small_dev.write_text(json.dumps(json.loads(dev_file.read_text())[:30]))
    docs = (parse(load_gold(small_train), settings), parse(load_gold(small_dev), settings))
    first = train(small_train, settings, dev_path=small_dev, grid=(0.3,), docs=docs)
    second = train(small_train, settings, dev_path=small_dev, grid=(0.3,), docs=docs)
    assert np.array_equal(first.relations.weights, second.relations.weights)
    assert np.array_equal(first.typer.weights, second.typer.weights)
    assert first.relations.platt == second.relations.platt and first.relations.threshold == second.relations.threshold
    rel_path, typer_path = first.save(tmp_path / "models")
    assert LinearModel.load(rel_path).meta["examples"] == first.relations.meta["examples"] > 0
    assert LinearModel.load(typer_path).threshold == first.typer.threshold


@pytest.mark.model
def test_training_without_relations_is_refused(tmp_path, settings):
    import json

    from kg.errors import InputError
    from kg.extract.training import train

    path = tmp_path / "none.json"
    path.write_text(json.dumps([{"tokens": "Smith met Jones in Paris .".split(), "entities": [], "relations": []}]))
    with pytest.raises(InputError, match="nothing to learn"):
        train(path, settings)
