"""The pipeline kg loads: paragraph breaks are sentence breaks the parser keeps."""

from __future__ import annotations

import pytest
import spacy

from kg.nlp import paragraph_starts

CAPTIONED = ("Michael Tien of NPP\n\nDAB's Elizabeth Quat In the New Territories East geographical constituency, "
             "pan-democracy camp councillors Alvin Yeung from the Civic Party and Raymond Chan of People Power "
             "were elected.\n\nAnn Chiang of DAB was re-elected.")


def test_a_blank_line_starts_a_sentence_and_a_line_break_does_not():
    doc = paragraph_starts(spacy.blank("en")("Talks between U.S.\nPresident Trump ended.\n\n \nKyiv said no."))
    starts = [t.text for t in doc if t.is_sent_start and t.i > 0]
    assert starts == ["Kyiv"]
    assert doc[1].is_sent_start is None  # the rest is left to the parser


@pytest.mark.model
def test_the_parser_keeps_paragraph_breaks_and_no_fact_crosses_them(settings):
    from kg.extract import extract
    from kg.link.gazetteer import Gazetteer
    from kg.model import Article
    from kg.nlp import load_pipeline

    nlp = load_pipeline(settings.model)
    doc = nlp(CAPTIONED)
    assert [s.text.strip()[:12] for s in doc.sents] == ["Michael Tien", "DAB's Elizab", "Ann Chiang o"]
    graph = extract(doc, Article.from_text(CAPTIONED, id="t"), settings=settings, gazetteer=Gazetteer.load())
    pairs = {(f.subject.name, getattr(f.object, "name", "")) for f in graph.facts}
    assert not {p for p in pairs if p[0] == "Michael Tien" and p[1] != "NPP"}  # the caption names NPP only
    assert all("\n\n" not in f.evidence.sentence.strip() for f in graph.facts)


@pytest.mark.parametrize(("text", "starts"), [
    ("BUSAN, South Korea (AP) — U.S. President Donald Trump spoke.", ["U.S."]),
    ("LONDON (Reuters) - Britain said so.", ["Britain"]),
    ("STOCKTON-ON-TEES, England (AP) — Michael Minns said.", ["Michael"]),
    ("Intro.\n\nKYIV, Ukraine — Russia attacked.", ["KYIV", "Russia"]),
    ("COVID-19 cases rose.", []),          # a hyphen in a word is no dateline's dash
    ("US - China talks resumed.", []),     # nor a spaced hyphen without an agency
])
def test_a_wire_dateline_opening_a_paragraph_ends_a_sentence(text, starts):
    doc = paragraph_starts(spacy.blank("en")(text))
    assert [t.text for t in doc if t.is_sent_start and t.i > 0 and not t.is_space] == starts
