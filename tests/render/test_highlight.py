"""kg.render.highlight: displaCy from stored offsets, with everything it does not escape escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from kg.render.highlight import disjoint_spans, highlight_html


class _Reader(HTMLParser):
    """Tags, attributes, and the text outside the NER label badges."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self._label = 0

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        self.attributes.update(a)
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "span" and a.get("class") == "kg-mention-label":
            self._label += 1

    def handle_endtag(self, tag):
        if tag == "span" and self._label:
            self._label -= 1

    def handle_data(self, data):
        if not self._label:
            self.text.append(data)


def read(html: str) -> _Reader:
    r = _Reader()
    r.feed(html)
    return r


def test_text_labels_and_links_are_escaped():
    text = 'Say "<script>alert(1)</script>" & <img src=x onerror=alert(1)> to NATO.'
    start = text.index("NATO")
    html = highlight_html(text, [(start, start + 4, '<b onclick="x">ORG</b>', 'entity/nato.html"x=1', 'N"<')])
    r = read(html)
    assert r.tags == {"div", "mark", "a", "span"}
    assert "onclick" not in r.attributes and "onerror" not in r.attributes
    assert r.hrefs == ['entity/nato.html"x=1']  # one attribute value, quote and all
    assert "".join(r.text) == text


def test_unlinked_mentions_are_not_links_and_overlaps_are_dropped():
    text = "Mark Rutte met Zelensky."
    html = highlight_html(text, [(0, 10, "PERSON", None, "Rutte"), (5, 14, "X", "a.html", "x"),
                                 (15, 23, "PERSON", "entity/z.html", "Zelensky")])
    r = read(html)
    assert r.hrefs == ["entity/z.html"]
    assert html.count("<mark") == 2 and "".join(r.text) == text


def test_disjoint_spans_drop_bad_offsets():
    assert disjoint_spans([(3, 2, "A", None, ""), (-1, 2, "B", None, ""), (0, 0, "C", None, ""),
                           (1, 3, "D", None, "")], 3) == [(1, 3, "D", None, "")]


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.text(max_size=8)),
                                      max_size=6))
def test_any_text_and_spans_give_the_text_back_and_no_other_markup(text, raw):
    spans = [(s, e, label, "entity/x.html", label) for s, e, label in raw]
    r = read(highlight_html(text, spans))
    assert r.tags <= {"div", "mark", "a", "span", "br"}
    assert r.attributes <= {"class", "style", "data-label", "href", "title"}
    # Newlines outside mentions become <br>; the characters are all there, in order.
    assert "".join(r.text).replace("\n", "") == text.replace("\n", "")
