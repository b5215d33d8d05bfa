"""Quotes: marks, apostrophes, speakers and pronouns."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.quotes import find_quotes, quoted_statements
from tests.extract.conftest import article_for, extract_text, make_doc


def test_apostrophes_are_not_closing_marks():
    text = "‘That’s where the real power lies,’ he said. Dragone’s remarks and Trump’s policy."
    assert [q.text for q in find_quotes(text)] == ["That’s where the real power lies"]


def test_straight_and_curly_double_quotes():
    text = 'He said "the talks have failed again" and “we will respond in kind” later.'
    assert [q.text for q in find_quotes(text)] == ["the talks have failed again", "we will respond in kind"]


def test_statements_a_speech_verb_introduces_in_double_or_curly_marks():
    def statements(mark_open, mark_close):
        # He said MARK we will win the vote MARK today .
        rows = [("He", 1, "nsubj", "PRON", "he"), ("said", 1, "ROOT", "VERB", "say"),
                (mark_open, 5, "punct", "PUNCT", mark_open), ("we", 5, "nsubj", "PRON", "we"),
                ("will", 5, "aux", "AUX", "will"), ("win", 1, "ccomp", "VERB", "win"), ("the", 7, "det", "DET", "the"),
                ("vote", 5, "dobj", "NOUN", "vote"), (mark_close, 5, "punct", "PUNCT", mark_close),
                ("today", 1, "npadvmod", "NOUN", "today"), (".", 1, "punct", "PUNCT", ".")]
        doc = make_doc(rows)
        return [doc[a:b].text for a, b in quoted_statements(doc)]

    assert statements('"', '"') == statements("\u201c", "\u201d") == ["we will win the vote"]
    # plain single marks are left out: in text tokenized with spaces an apostrophe reads as one
    assert statements("'", "'") == []


def test_scare_quotes_are_too_short():
    assert find_quotes("still in an ‘initial state,’ far from a deal") == []


def test_named_and_pronoun_speakers(settings):
    # ‘We are not a relic,’ Dragone insisted. ‘We must adapt now,’ he said.
    rows = [
        ("‘", 9, "punct", "PUNCT", "‘", False), ("We", 2, "nsubj", "PRON", "we"), ("are", 9, "ccomp", "AUX", "be"),
        ("not", 2, "neg", "PART", "not"), ("a", 5, "det", "DET", "a"), ("relic", 2, "attr", "NOUN", "relic", False),
        (",", 9, "punct", "PUNCT", ",", False), ("’", 9, "punct", "PUNCT", "’"),
        ("Dragone", 9, "nsubj", "PROPN", "Dragone"), ("insisted", 9, "ROOT", "VERB", "insist", False),
        (".", 9, "punct", "PUNCT", "."),
        ("‘", 19, "punct", "PUNCT", "‘", False), ("We", 14, "nsubj", "PRON", "we"),
        ("must", 14, "aux", "AUX", "must"), ("adapt", 19, "ccomp", "VERB", "adapt"),
        ("now", 14, "advmod", "ADV", "now", False), (",", 19, "punct", "PUNCT", ",", False),
        ("’", 19, "punct", "PUNCT", "’"), ("he", 19, "nsubj", "PRON", "he"),
        ("said", 19, "ROOT", "VERB", "say", False), (".", 19, "punct", "PUNCT", "."),
    ]
    ents = ["O"] * len(rows)
    ents[8] = "B-PERSON"
    doc = make_doc(rows, ents=ents)
    ag = extract(doc, article_for(doc), settings=settings, gazetteer=None)
    said = sorted((f.subject.name, f.object.value, f.evidence.confidence) for f in ag.facts if f.predicate == "said")
    assert said == [("Dragone", "We are not a relic", 0.9), ("Dragone", "We must adapt now", 0.75)]
    for f in ag.facts:
        assert f.evidence.sentence == doc.text[f.evidence.start:f.evidence.end]


@pytest.mark.model
def test_a_pronoun_never_speaks_for_the_one_its_quote_names_and_titles_are_no_quotes(settings):
    text = ('Curator Kristen Wilkins opened the show of Andy Warhol prints. He said, "Andy Warhol was the '
            'center of the Zeitgeist for the century." Now it is time to say goodbye, Microsoft says on '
            '"The Internet Explorer 6 Countdown" website.')
    graph = extract_text(text, settings)
    said = {(f.subject.name, f.object.value) for f in graph.facts if f.predicate == "said"}
    assert not {s for s in said if s[0] == "Andy Warhol"}
    assert not {s for s in said if "Countdown" in s[1]}
