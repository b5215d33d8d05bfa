"""PLOVER scoring: reading the gold, matching actors, counting, and the real run on the dev half."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.errors import InputError
from kg.eval.plover import Actor, Event, GoldActor, GoldRecord, events_of, load_gold, score
from kg.model import Article, ArticleGraph, Entity, Evidence, Fact
from tests.conftest import shared_data

GOLD_FILE = ("plover_gsr", "PLOVER_GSR_CAMEO.dev.json")


def _record(id_, event, text, source=(), target=()):
    out = {"id": id_, "event": event, "text": text, "source": [{"actorText": a, "code": c} for a, c in source]}
    if target is not None:
        out["target"] = [{"actorText": a, "code": c} for a, c in target] if isinstance(target, tuple) else target
    return out


@pytest.fixture
def gold_file(tmp_path):
    records = [
        {"id": "PLOVER-GSR01-DOCUMENT", "event": "DOCUMENT", "license": "CC BY-SA 4.0"},
        _record("r1", "SANCTION", "The European Union imposed sanctions on Russia on Friday.",
                [("European Union", "IGO")], (("Russia", "RUS"),)),
        _record("r2", "AGREE", "Hungary and Romania agreed to cooperate.", [("Hungary", "HUN"), ("Romania", "ROU")],
                ""),
        _record("r3", "DEMAND", "Police asked residents to stay home.", [("Police", "")], "diplomatic"),
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_load_gold_skips_the_header_and_reads_actors(gold_file):
    gold = load_gold(gold_file)
    assert [r.id for r in gold] == ["r1", "r2", "r3"]
    assert gold[0].source == (GoldActor("European Union", "IGO"),) and gold[0].target == (GoldActor("Russia", "RUS"),)
    assert gold[1].target == () and gold[2].target == ()  # "" and a stray string mean no target


@pytest.mark.parametrize("content", ["{not json", '{"event": "AGREE"}', '[{"id": 1}]'])
def test_bad_gold_is_an_input_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        load_gold(path)
    with pytest.raises(InputError):
        load_gold(tmp_path / "missing.json")


def test_actor_matching_by_country_code_or_head_word():
    assert Actor("Israel", "ISR").matches(GoldActor("Israeli police", "ISR"))
    assert Actor("Barack Obama").matches(GoldActor("President Obama", "USA"))
    assert Actor("United Nations", aliases=("U.N.",)).matches(GoldActor("U.N. Security Council", "IGO"))
    assert not Actor("Iraq", "IRQ").matches(GoldActor("Iranian government", "IRN"))
    # titles and collectives are not heads: "Sudanese government" is not "Iraqi government"
    assert not Actor("Iraqi government").matches(GoldActor("Sudanese government", "SDN"))


def test_score_type_actors_and_symmetric_sides():
    gold = [
        GoldRecord("a", "SANCTION", "", (GoldActor("United States", "USA"),), (GoldActor("Iran", "IRN"),)),
        GoldRecord("b", "AGREE", "", (GoldActor("Hungarian", "HUN"), GoldActor("Romanian", "ROU"))),
        GoldRecord("c", "THREATEN", "", (GoldActor("Iran", "IRN"),), (GoldActor("Israel", "ISR"),)),
        GoldRecord("d", "PROTEST", "", (GoldActor("students", ""),)),
    ]
    predicted = [
        # right type, source and target swapped: type counts, actors do not
        [Event("SANCTION", (Actor("Iran", "IRN"),), (Actor("United States", "USA"),))],
        # reciprocal: either side may name either gold actor
        [Event("AGREE", (Actor("Romania", "ROU"),), (Actor("Hungary", "HUN"),))],
        # two types, one right
        [Event("THREATEN", (Actor("Iran", "IRN"),), (Actor("Israel", "ISR"),)),
         Event("FIGHT", (Actor("Iran", "IRN"),), (Actor("Israel", "ISR"),))],
        [],
    ]
    s = score(gold, predicted)
    assert (s.types.tp, s.types.fp, s.types.fn) == (3, 1, 1)
    assert (s.strict.tp, s.strict.fp, s.strict.fn) == (2, 2, 2)
    assert (s.type_found, s.source_found, s.with_target, s.target_found) == (3, 2, 2, 1)
    assert (s.per_type["FIGHT"].fp, s.per_type["PROTEST"].fn, s.per_type["AGREE"].tp) == (1, 1, 1)
    d = s.as_dict()
    assert d["event_type"]["f1"] == round(2 * 0.75 * 0.75 / 1.5, 4) and "per type:" in s.lines()
    with pytest.raises(ValueError):
        score(gold, predicted[:2])


def test_events_of_uses_gold_names_and_groups_by_type(settings):
    ns = settings.entity_ns
    us = Entity(ns + "united-states", "United States", "Country")
    iran = Entity(ns + "iran", "Iran", "Country")
    ev = Evidence("a", "…", 0, 1, "events.demand", 0.7)
    graph = ArticleGraph(Article("a", "…"), [us, iran], [], [
        Fact(us, "demandsFrom", iran, ev), Fact(us, "threatens", iran, ev), Fact(us, "heads", iran, ev)])
    from kg.link.gazetteer import Gazetteer

    events = events_of(graph, settings=settings, gazetteer=Gazetteer.load())
    assert [e.type for e in events] == ["DEMAND", "THREATEN"]  # REQUEST is DEMAND in the 0.5b1 gold
    assert events[0].source == (Actor("United States", "USA"),) and events[0].as_json() == {
        "type": "DEMAND", "source": ["United States"], "target": ["Iran"]}


@pytest.mark.model
def test_cli_writes_one_line_per_record_in_gold_order(gold_file, tmp_path):
    from kg.cli import cli

    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(cli, ["eval", "plover", str(gold_file), "--predictions", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["records"] == 3 and set(report["event_type"]) >= {"precision", "recall", "f1"}
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["r1", "r2", "r3"]
    assert {"type": "SANCTION", "source": ["European Union"], "target": ["Russia"]} in lines[0]["events"]
    assert lines[2]["events"] == []  # police and residents are no one in particular


@pytest.mark.model
def test_dev_half_meets_the_target(settings, tmp_path):
    from kg.eval.plover import evaluate

    path = shared_data(*GOLD_FILE)
    out = tmp_path / "pred.jsonl"
    s = evaluate(path, settings, predictions=out)
    assert s.records == 161 and len(out.read_text(encoding="utf-8").splitlines()) == 161
    assert s.types.f1 >= 0.55 and s.types.precision >= 0.7, s.lines()
    assert s.source_found / s.type_found >= 0.8 and s.target_found / s.with_target >= 0.8, s.lines()
