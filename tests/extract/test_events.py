"""PLOVER events: lexicon, clause frames (threats, demands, intent, negation) and actors.

Most tests use hand-built parses (no model) with the real gazetteer; the last ones run the real
model on sentences written for these tests (not taken from the PLOVER gold, which is for scoring).
"""

from __future__ import annotations

from functools import partial

import pytest

from kg.extract import extract
from kg.extract.entities import entities
from kg.extract.events import COOPERATIVE, NOUNS, OBJECT_EVENTS, PHRASAL, PLOVER_TYPE, VERBS, events
from kg.graph.ontology import event_predicates
from kg.link.gazetteer import Gazetteer
from tests.extract.conftest import article_for, extract_text, make_doc

GAZ = Gazetteer.load()


def _events(text: str, settings) -> set[tuple[str, str, str]]:
    """The PLOVER-typed facts ``kg build`` makes of ``text``: (source, predicate, target) names."""
    graph = extract_text(text, settings, GAZ)
    return {(f.subject.name, f.predicate, f.object.name) for f in graph.facts if f.predicate in PLOVER_TYPE}


P, V, N, A, D, X = "PROPN", "VERB", "NOUN", "AUX", "DET", "ADP"


def _facts(doc, settings, gazetteer=GAZ):
    article = article_for(doc)
    index = entities(doc, article_id=article.id, gazetteer=gazetteer, settings=settings)
    return [(f.subject.name, f.predicate, f.object.name, f.evidence.confidence)
            for f in events(doc, article=article, index=index)]


def _triples(doc, settings, gazetteer=GAZ):
    return {f[:3] for f in _facts(doc, settings, gazetteer)}


def _ents(rows, **labels):
    """BIO tags: ``labels`` maps a token index (as "t3") to "GPE", "NORP" …, one token each."""
    tags = ["O"] * len(rows)
    for key, label in labels.items():
        tags[int(key[1:])] = f"B-{label}"
    return tags


def _attack(verb="attacked", lemma="attack"):
    rows = [("Russia", 1, "nsubj", P, "Russia"), (verb, 1, "ROOT", V, lemma),
            ("Ukraine", 1, "dobj", P, "Ukraine", False), (".", 1, "punct", "PUNCT", ".")]
    return make_doc(rows, ents=_ents(rows, t0="GPE", t2="GPE"))


def test_lexicon_predicates_are_ontology_events():
    used = set(VERBS.values()) | set(NOUNS.values()) | set(PHRASAL.values())
    used |= {p for table in OBJECT_EVENTS.values() for p in table.values()}
    assert used <= set(PLOVER_TYPE) and COOPERATIVE <= set(PLOVER_TYPE)
    assert set(PLOVER_TYPE) == event_predicates()


def test_verb_with_subject_and_object(settings):
    assert _triples(_attack(), settings) == {("Russia", "assaults", "Ukraine")}


def test_conventional_force_is_fight(settings):
    assert _triples(_attack("shelled", "shell"), settings) == {("Russia", "fights", "Ukraine")}


def test_negation_drops_hostility_and_refuses_cooperation(settings):
    def negated(verb):
        rows = [("Russia", 3, "nsubj", P, "Russia"), ("did", 3, "aux", A, "do"), ("not", 3, "neg", "PART", "not"),
                (verb, 3, "ROOT", V, verb), ("Ukraine", 3, "dobj", P, "Ukraine", False),
                (".", 3, "punct", "PUNCT", ".")]
        return make_doc(rows, ents=_ents(rows, t0="GPE", t4="GPE"))

    assert _triples(negated("attack"), settings) == set()
    assert _triples(negated("support"), settings) == {("Russia", "rejects", "Ukraine")}


def test_nationality_and_a_non_state_noun_are_a_group_not_the_state(settings):
    def attack(first, second, second_lemma, dep="amod"):
        rows = [(first, 1, dep, "ADJ", first), (second, 2, "nsubj", N, second_lemma),
                ("attacked", 2, "ROOT", V, "attack"), ("Ukraine", 2, "dobj", P, "Ukraine", False),
                (".", 2, "punct", "PUNCT", ".")]
        return make_doc(rows, ents=_ents(rows, t0="NORP", t3="GPE"))

    article = article_for(attack("Russian", "rebels", "rebel"))
    doc = attack("Russian", "rebels", "rebel")
    index = entities(doc, article_id=article.id, gazetteer=GAZ, settings=settings)
    (fact,) = events(doc, article=article, index=index)
    assert (fact.subject.name, fact.predicate, fact.object.name) == ("Russian rebels", "assaults", "Ukraine")
    assert fact.subject.type == "Organization" and ("nationality", "Russian") in fact.subject.attributes
    assert ("Russian rebels", "Organization") in {(e.name, e.type) for e in index.entities.values()}
    assert _triples(attack("Russian", "troops", "troop"), settings) == {("Russia", "assaults", "Ukraine")}
    assert _triples(attack("ethnic", "Russians", "Russians"), settings) == {("ethnic Russians", "assaults", "Ukraine")}


def test_a_people_a_nationality_qualifies_is_a_group_however_the_ner_spans_it(settings):
    def attack(words, tags):
        # "Bosnian Serbs attacked Sarajevo", "Bosnian Croat forces attacked Sarajevo"
        n = len(words)
        rows = [(w, n - 1, "compound", "PROPN", w) for w in words[:-1]] + [(words[-1], n, "nsubj", N, words[-1])]
        rows += [("attacked", n, "ROOT", V, "attack"), ("Sarajevo", n, "dobj", P, "Sarajevo", False),
                 (".", n, "punct", "PUNCT", ".")]
        return make_doc(rows, ents=[*tags, "O", "B-GPE", "O"])

    # the NER's one span holds the people noun too, and a nationality and a people are a place to it
    assert _triples(attack(["Bosnian", "Serbs"], ["B-NORP", "I-NORP"]), settings) == {
        ("Bosnian Serbs", "assaults", "Sarajevo")}
    doc = attack(["Bosnian", "Croat", "forces"], ["B-LOC", "I-LOC", "O"])
    assert _triples(doc, settings) == {("Bosnian Croat forces", "assaults", "Sarajevo")}
    graph = extract(doc, article_for(doc), settings=settings, gazetteer=GAZ)
    assert "Bosnian Croat" not in {e.name for e in graph.entities}  # a people, no place


def test_passive_agent_is_the_source(settings):
    rows = [("Ukraine", 2, "nsubjpass", P, "Ukraine"), ("was", 2, "auxpass", A, "be"),
            ("attacked", 2, "ROOT", V, "attack"), ("by", 2, "agent", X, "by"),
            ("Russia", 3, "pobj", P, "Russia", False), (".", 2, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t0="GPE", t4="GPE"))
    assert _triples(doc, settings) == {("Russia", "assaults", "Ukraine")}


def test_threat_frame_consumes_its_complement(settings):
    # "Iran threatened to attack Israel." states a threat, not an attack
    rows = [("Iran", 1, "nsubj", P, "Iran"), ("threatened", 1, "ROOT", V, "threaten"), ("to", 3, "aux", "PART", "to"),
            ("attack", 1, "xcomp", V, "attack"), ("Israel", 3, "dobj", P, "Israel", False),
            (".", 1, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t0="GPE", t4="GPE"))
    assert _triples(doc, settings) == {("Iran", "threatens", "Israel")}


def test_demand_that_targets_the_subject_of_the_clause(settings):
    # "The United States demanded that Iran release the sailors."
    rows = [("The", 2, "det", D, "the"), ("United", 2, "compound", P, "United"), ("States", 3, "nsubj", P, "States"),
            ("demanded", 3, "ROOT", V, "demand"), ("that", 6, "mark", "SCONJ", "that"), ("Iran", 6, "nsubj", P, "Iran"),
            ("release", 3, "ccomp", V, "release"), ("the", 8, "det", D, "the"),
            ("sailors", 6, "dobj", N, "sailor", False), (".", 3, "punct", "PUNCT", ".")]
    tags = _ents(rows, t1="GPE", t5="GPE")
    tags[2] = "I-GPE"
    doc = make_doc(rows, ents=tags)
    assert _triples(doc, settings) == {("United States", "demandsFrom", "Iran")}


def _impose(aux: str | None):
    rows = [("France", 1, "nsubj", P, "France")]
    if aux:
        rows = [("France", 2, "nsubj", P, "France"), (aux, 2, "aux", A, aux)]
    v = len(rows)
    rows += [("impose" if aux else "imposed", v, "ROOT", V, "impose"), ("sanctions", v, "dobj", N, "sanction"),
             ("on", v, "prep", X, "on"), ("Iran", v + 2, "pobj", P, "Iran", False), (".", v, "punct", "PUNCT", ".")]
    return make_doc(rows, ents=_ents(rows, t0="GPE", **{f"t{v + 3}": "GPE"}))


def test_light_verb_object_names_the_event_and_future_makes_a_threat(settings):
    assert _triples(_impose(None), settings) == {("France", "sanctions", "Iran")}
    assert _triples(_impose("will"), settings) == {("France", "threatens", "Iran")}


def test_intent_to_cooperate_is_agree_and_pronoun_is_the_speaker(settings):
    # "Syria says it will withdraw its troops from Lebanon."
    rows = [("Syria", 1, "nsubj", P, "Syria"), ("says", 1, "ROOT", V, "say"), ("it", 4, "nsubj", "PRON", "it"),
            ("will", 4, "aux", A, "will"), ("withdraw", 1, "ccomp", V, "withdraw"), ("its", 6, "poss", "PRON", "its"),
            ("troops", 4, "dobj", N, "troop"), ("from", 4, "prep", X, "from"),
            ("Lebanon", 7, "pobj", P, "Lebanon", False), (".", 1, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t0="GPE", t8="GPE"))
    assert _triples(doc, settings) == {("Lebanon", "agreeWith", "Syria")}


def test_speaker_demands_when_another_must_act(settings):
    # "Russia said Sudan must return the helicopter."
    rows = [("Russia", 1, "nsubj", P, "Russia"), ("said", 1, "ROOT", V, "say"), ("Sudan", 4, "nsubj", P, "Sudan"),
            ("must", 4, "aux", A, "must"), ("return", 1, "ccomp", V, "return"), ("the", 6, "det", D, "the"),
            ("helicopter", 4, "dobj", N, "helicopter", False), (".", 1, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t0="GPE", t2="GPE"))
    assert _triples(doc, settings) == {("Russia", "demandsFrom", "Sudan")}


def test_conditions_state_nothing(settings):
    # "If Russia attacks Ukraine, NATO will respond."
    rows = [("If", 2, "mark", "SCONJ", "if"), ("Russia", 2, "nsubj", P, "Russia"), ("attacks", 7, "advcl", V, "attack"),
            ("Ukraine", 2, "dobj", P, "Ukraine", False), (",", 7, "punct", "PUNCT", ","),
            ("NATO", 7, "nsubj", P, "NATO"),
            ("will", 7, "aux", A, "will"), ("respond", 7, "ROOT", V, "respond", False), (".", 7, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t1="GPE", t3="GPE", t5="ORG"))
    assert _triples(doc, settings) == set()


def test_reciprocal_only_for_symmetric_events(settings):
    def conjoined(verb, lemma, obj):
        rows = [("Hungary", 3, "nsubj", P, "Hungary"), ("and", 0, "cc", "CCONJ", "and"),
                ("Romania", 0, "conj", P, "Romania"), (verb, 3, "ROOT", V, lemma)]
        if obj:
            rows += [("an", 5, "det", D, "an"), (obj, 3, "dobj", N, obj, False)]
        rows += [(".", 3, "punct", "PUNCT", ".")]
        return make_doc(rows, ents=_ents(rows, t0="GPE", t2="GPE"))

    assert _triples(conjoined("signed", "sign", "agreement"), settings) == {("Hungary", "agreeWith", "Romania")}
    assert _triples(conjoined("protested", "protest", None), settings) == set()


def test_nationality_and_group_nouns_resolve_to_the_country(settings):
    # "Israeli police arrested dozens of Palestinians."
    rows = [("Israeli", 1, "amod", "ADJ", "israeli"), ("police", 2, "nsubj", N, "police"),
            ("arrested", 2, "ROOT", V, "arrest"), ("dozens", 2, "dobj", N, "dozen"), ("of", 3, "prep", X, "of"),
            ("Palestinians", 4, "pobj", P, "Palestinians", False), (".", 2, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t0="NORP", t5="NORP"))
    israel, palestine = GAZ.demonym("Israeli"), GAZ.demonym("Palestinians")
    assert _triples(doc, settings) == {(israel.name, "coerces", palestine.name)}
    graph = extract(doc, article_for(doc), settings=settings, gazetteer=GAZ)
    nodes = {e.name: e for e in graph.entities}
    assert nodes[israel.name].type == "Country" and f"wd:{israel.qid}" in nodes[israel.name].same_as
    assert "police" not in {n.lower() for n in nodes}
    assert {(m.text, m.label) for m, iri in graph.mentions if iri == nodes[israel.name].iri} == {("Israeli", "NORP")}


def test_a_nationality_is_a_node_only_in_a_fact(settings):
    # "Israeli police arrested the protesters." — the protesters are no one: no fact, and no Israel node
    rows = [("Israeli", 1, "amod", "ADJ", "israeli"), ("police", 2, "nsubj", N, "police"),
            ("arrested", 2, "ROOT", V, "arrest"), ("the", 4, "det", D, "the"),
            ("protesters", 2, "dobj", N, "protester", False), (".", 2, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t0="NORP"))
    graph = extract(doc, article_for(doc), settings=settings, gazetteer=GAZ)
    assert graph.facts == [] and graph.entities == [] and graph.mentions == []


def test_common_nouns_are_never_actors(settings):
    # "The police arrested the protesters." — no gazetteer needed to know this names no one
    rows = [("The", 1, "det", D, "the"), ("police", 2, "nsubj", N, "police"), ("arrested", 2, "ROOT", V, "arrest"),
            ("the", 4, "det", D, "the"), ("protesters", 2, "dobj", N, "protester", False),
            (".", 2, "punct", "PUNCT", ".")]
    doc = make_doc(rows)
    for gazetteer in (GAZ, None):
        assert _triples(doc, settings, gazetteer) == set()
    assert extract(doc, article_for(doc), settings=settings, gazetteer=GAZ).entities == []


def test_place_only_target_is_less_confident(settings):
    # "Turkey imposed a curfew in Cizre."
    rows = [("Turkey", 1, "nsubj", P, "Turkey"), ("imposed", 1, "ROOT", V, "impose"), ("a", 3, "det", D, "a"),
            ("curfew", 1, "dobj", N, "curfew"), ("in", 1, "prep", X, "in"), ("Cizre", 4, "pobj", P, "Cizre", False),
            (".", 1, "punct", "PUNCT", ".")]
    doc = make_doc(rows, ents=_ents(rows, t0="GPE", t5="GPE"))
    (fact,) = _facts(doc, settings)
    assert fact[:3] == ("Turkey", "coerces", "Cizre")
    (direct,) = _facts(_attack(), settings)
    assert 0 < fact[3] < direct[3] <= 1


# -- the real model ---------------------------------------------------------------------------------

REAL = [
    ("Chinese police detained two Canadian diplomats in Beijing on Monday.", ("China", "coerces", "Canada")),
    ("The European Union imposed new sanctions on Russia on Friday.", ("European Union", "sanctions", "Russia")),
    ("The European Commission fined Google for abusing its dominance in search.",  # a penalty is a sanction
     ("European Commission", "sanctions", "Google")),
    ("North Korea threatened to attack South Korea.", ("North Korea", "threatens", "South Korea")),
    ("Ukrainian officials accused Russia of shelling the city.", ("Ukraine", "accuses", "Russia")),
    ("The Indian government refused to hand over the suspects to Pakistan.", ("India", "rejects", "Pakistan")),
    ("Japan will send food aid to Haiti.", ("Haiti", "agreeWith", "Japan")),
    # a people within a state is a group of its own, not the state: Iraq did not demand its own breakup
    ("Thousands of Iraqi Kurds demonstrated in the northern city of Kirkuk on Sunday calling for independence "
     "from Iraq, witnesses said.", ("Iraqi Kurds", "demandsFrom", "Iraq")),
    # the sea where it happened is no party to the exercise: the two navies are
    ("French and Egyptian warships on Monday launched 10 days of war games in the Mediterranean Sea.",
     ("Egypt", "cooperatesWith", "France")),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "fact"), REAL, ids=[f[1] for _, f in REAL])
def test_real_sentences(text, fact, settings):
    graph = extract_text(text, settings, GAZ)
    found = {(f.subject.name, f.predicate, f.object.name) for f in graph.facts if f.predicate in PLOVER_TYPE}
    assert fact in found, found


@pytest.mark.model
def test_real_sentences_without_actors_give_nothing(settings):
    text = ("Police arrested the protesters after the officials threatened to close the market. "
            "Former members of Hamas helped Mohammed Dahlan leave Gaza. "  # no longer Hamas
            "Belgium started the game with attacking style with Romelu Lukaku, Yannick Carrasco, and Dries "
            "Mertens making early attempts.")  # a manner, no assault
    graph = extract_text(text, settings, GAZ)
    assert [f for f in graph.facts if f.predicate in PLOVER_TYPE] == []


@pytest.mark.model
def test_news_media_are_actors_but_their_interviews_are_no_events(settings):
    text = ("Nicaragua's Sandinista government today ordered the opposition newspaper La Prensa to suspend "
            "publication indefinitely. "
            'As coauthor Colette Heald told The Huffington Post, "The climate projections are quite consistent". '
            "With Wikinews, Sarvis discusses his background.")
    graph = extract_text(text, settings, GAZ)
    found = {(f.subject.name, f.predicate, f.object.name) for f in graph.facts if f.predicate in PLOVER_TYPE}
    assert found == {("Nicaragua", "coerces", "La Prensa")}  # an order to stop is coercion, not a demand


@pytest.mark.model
def test_where_they_met_or_spoke_is_no_party(settings):
    text = ("Barack Obama gave a speech in Berlin. "  # not "gave in", and a speech is given to no one
            "Putin held talks with Iran in Moscow. "  # the talks' venue
            "Merz and Macron met in Paris on Tuesday.")  # where they met, the only place named
    found = {(f.subject.name, f.predicate, f.object.name) for f in extract_text(text, settings, GAZ).facts
             if f.predicate in PLOVER_TYPE}
    assert not {f for f in found if {"Berlin", "Moscow", "Paris"} & {f[0], f[2]}}, found
    assert ("Iran", "consultWith", "Vladimir Putin") in found


@pytest.mark.model
def test_an_inner_clause_with_an_actor_of_its_own_is_no_purpose(settings):
    # Sweden joins NATO; Hungary agreed to that, and made no agreement with NATO
    found = _events("Hungary agreed to let Sweden join NATO.", settings)
    assert not {f for f in found if "North Atlantic Treaty Organization" in f}, found


@pytest.mark.model
def test_what_an_accusation_names_is_alleged_and_a_praised_object_is_the_doer(settings):
    found = partial(_events, settings=settings)

    # the Kremlin does not aid Ukraine, and that Britain does is the Kremlin's claim
    assert found("The Kremlin accused Britain of supplying long-range missiles to Ukraine.") == {
        ("Kremlin", "accuses", "United Kingdom")}
    assert found("Iranian Supreme Leader Ali Khamenei warned the United States against attacking Iran.") == {
        ("Ali Khamenei", "threatens", "United States")}  # a warning, no attack
    assert found("China praised Pakistan for supporting Iran.") == {
        ("China", "supports", "Pakistan"), ("Pakistan", "supports", "Iran")}
    # a clause of time is the subject's own act, whatever the object is
    assert ("Serbia", "supports", "Kosovo") in found("Serbia consulted Russia before recognizing Kosovo.")


@pytest.mark.model
def test_what_a_denial_names_is_no_event(settings):
    found = partial(_events, settings=settings)

    # Rwanda does not support M23 by denying it; the rebels' seizure, in a relative clause, stands
    assert found("Rwanda denied supporting the M23 rebels who seized Goma in eastern Congo.") == {
        ("M23", "coerces", "Goma")}
    assert found("Russia denied that its troops shelled Kharkiv.") == set()
    assert found("Turkey denied an agreement between Russia and Ukraine.") == set()
    # "deny entry" is a sanction, not a denial
    assert found("The United States denied entry to Iranian diplomats.") == {("United States", "sanctions", "Iran")}


@pytest.mark.model
def test_where_talks_are_to_be_held_is_no_party_to_them(settings):
    found = partial(_events, settings=settings)

    assert found("Russia agreed to hold talks with Ukraine in Istanbul.") == {("Russia", "agreeWith", "Ukraine")}
    assert not {f for f in found("Iran's foreign minister said Tehran was ready to resume nuclear talks with "
                                 "Washington in Oman.") if "Oman" in f}


@pytest.mark.model
def test_striking_a_target_is_force_and_striking_a_deal_an_agreement(settings):
    found = partial(_events, settings=settings)

    assert found("The Israeli military said it struck Hezbollah targets.") == {("Israel", "fights", "Hezbollah")}
    assert found("Kyiv was struck by Russian missiles.") == {("Russia", "fights", "Kyiv")}
    assert found("Russian forces pounded Kharkiv.") == {("Russia", "fights", "Kharkiv")}
    assert found("Israel and Hamas struck a deal on hostages.") == {("Hamas", "agreeWith", "Israel")}
    # struck without an object is no attack ("workers struck", "the storm struck Florida" has no actor)
    assert found("French workers struck in Paris.") == set()


@pytest.mark.model
def test_the_occasion_on_whose_sidelines_leaders_meet_is_no_party(settings):
    found = _events("Japan's new prime minister Sanae Takaichi held talks with Chinese President Xi Jinping on "
                         "the sidelines of the APEC summit in South Korea.", settings)
    assert found == {("Sanae Takaichi", "consultWith", "Xi Jinping")}


@pytest.mark.model
def test_cutting_aid_is_a_sanction_where_the_parser_makes_a_noun_of_the_verb(settings):
    found = _events("Colombian President Gustavo Petro recalled his ambassador after Trump cut aid to Colombia.",
                    settings)
    assert ("Donald Trump", "sanctions", "Colombia") in found
    assert ("Donald Trump", "aids", "Colombia") not in found


@pytest.mark.model
def test_tariffs_are_sanctions_and_hitting_a_target_is_force(settings):
    found = partial(_events, settings=settings)

    assert found("The United States imposed tariffs on Indian goods.") == {("United States", "sanctions", "India")}
    assert found("Trump slapped tariffs on Canada.") == {("Donald Trump", "sanctions", "Canada")}
    assert found("The EU hit Russia with new sanctions.") == {("European Union", "sanctions", "Russia")}
    assert found("Russian missiles hit Kyiv overnight.") == {("Russia", "fights", "Kyiv")}
    assert found("The storm hit Florida.") == set()
    # "out at" is whom a criticism is aimed at, not what it is over
    assert found("Erdogan lashed out at Israel over Gaza.") == {("Recep Tayyip Erdoğan", "criticizes", "Israel")}
    assert found("Trump hit out at China over trade.") == {("Donald Trump", "criticizes", "China")}


@pytest.mark.model
def test_captures_ended_ceasefires_mediators_and_troops_sent_to_fight(settings):
    found = partial(_events, settings=settings)

    assert found("A Ukrainian village was captured by Russian troops on Sunday.") == {("Russia", "fights", "Ukraine")}
    # a ceasefire that collapsed is no retreat
    assert found("The ceasefire between Israel and Hamas collapsed.") == set()
    # mediators do not meet each other
    assert found("Pakistan and Afghanistan agreed to a truce mediated by Qatar and Turkey.") == {
        ("Afghanistan", "agreeWith", "Pakistan")}
    # troops sent to an ally to fight an enemy are mobilised against the enemy
    assert found("North Korea sent troops to Russia to fight against Ukraine.") == {
        ("North Korea", "mobilizesAgainst", "Ukraine")}


@pytest.mark.model
def test_munitions_launched_or_fired_at_someone_are_force(settings):
    found = partial(_events, settings=settings)

    assert found("Russia launched more than 400 drones and 40 missiles at Ukraine overnight.") == {
        ("Russia", "fights", "Ukraine")}
    assert found("Israel fired missiles at Iran.") == {("Israel", "fights", "Iran")}
    assert found("NASA launched a rocket.") == set()


@pytest.mark.model
def test_agreeing_to_sanction_a_state_is_no_agreement_with_it(settings):
    found = _events("The European Union's foreign ministers agreed in Luxembourg to extend sanctions against "
                         "Russia for six months.", settings)
    assert found == {("European Union", "threatens", "Russia")}
