"""Quotes and who said them: ``speaker —said→ "quote"``.

A quote is text between matching quotation marks (‘…’, “…”, "…", '…'); typographic
apostrophes ("Dragone’s") are not closing marks. Its speaker is the subject of the nearest
speech verb outside the quote in the same sentence ("… ,’ Dragone emphasized"); a pronoun
speaker ("he said") is resolved to the nearest person named before, unless the quote itself names
that person. Scare quotes of one or two words, titles after a preposition ('says on "The
Countdown"') and quotes with no speech verb next to them are not statements and yield nothing.

Examples
--------
>>> [(q.start, q.text) for q in find_quotes("‘We act now,’ he said. Dragone’s ‘initial state’.")]
[(1, 'We act now')]
>>> [(q.mark, q.text) for q in find_quotes('He said "the talks failed" and left.', min_words=3)]
[('"', 'the talks failed')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.doccache import doc_cache, doc_text
from kg.extract.coref import resolve_pronoun
from kg.extract.evidence import span_evidence
from kg.model import Fact, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from kg.extract.entities import EntityIndex
    from kg.model import Article, Entity

__all__ = ["Quote", "find_quotes", "quotes", "SPEECH_VERBS"]

SPEECH_VERBS = {
    "say", "tell", "add", "state", "emphasize", "emphasise", "insist", "confide", "declare", "announce",
    "warn", "explain", "note", "stress", "argue", "claim", "write", "remark", "reply", "respond", "ask",
    "affirm", "assert", "comment", "continue", "conclude", "admit", "acknowledge", "observe", "reveal",
    "suggest", "urge", "vow", "promise", "pledge", "caution", "predict", "recall", "report", "tweet",
    "post", "deny", "concede", "complain", "joke", "underline", "underscore", "point", "contend",
}
_QUOTE_RE = re.compile(
    r"‘(?P<a>[^‘’]*(?:’\w[^‘’]*)*?)’(?!\w)"      # ‘…’ (’ followed by a letter is an apostrophe)
    r"|“(?P<b>[^“”]+?)”"
    r"|(?<![\w\"])\"(?P<c>[^\"]+?)\"(?!\w)"
    r"|(?<![\w'])'(?P<d>[^'\n]+?)'(?!\w)",
)
_TRAILING = " ,.;:—–-"
_MAX_GAP_TOKENS = 8
_MIN_WORDS = 3  # a statement; shorter quoted words are scare quotes or titles ("initial state")
_MAX_WORDS = 300  # longer "quotes" come from an unmatched mark, not from a statement


@dataclass(frozen=True)
class Quote:
    """A quoted passage: character offsets of its content (marks and trailing punctuation excluded)
    and the mark that opens it."""

    start: int
    end: int
    text: str
    mark: str


def find_quotes(text: str, *, min_words: int = _MIN_WORDS) -> list[Quote]:
    """Quoted passages of ``text`` with at least ``min_words`` words."""
    found: list[Quote] = []
    for m in _QUOTE_RE.finditer(text):
        group = next(g for g in "abcd" if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        content = text[start:end]
        if min_words <= len(content.split()) <= _MAX_WORDS:
            found.append(Quote(start, end, content, text[m.start()]))
    return found


def _speech_verb(doc: Doc, quote: Quote, inside: set[int]) -> Token | None:
    """The speech verb that introduces ``quote``: nearest one outside quotes, in reach."""
    first = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if first is None:
        return None
    best: tuple[int, Token] | None = None
    for sent in (first[0].sent, first[-1].sent):
        for tok in sent:
            if tok.i in inside or tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in SPEECH_VERBS:
                continue
            gap = first.start - tok.i if tok.i < first.start else tok.i - first.end
            if gap <= _MAX_GAP_TOKENS and (best is None or gap < best[0]):
                best = (gap, tok)
    return best[1] if best else None


def _speaker(verb: Token, index: EntityIndex, quoted: Span) -> tuple[Entity | None, float]:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            ent = index.in_subtree(child)
            if ent is not None:
                return ent, 0.9
            ref = resolve_pronoun(child, index)
            if ref is not None and not any(index.by_token.get(t.i) == ref.iri for t in quoted):
                # one the quote names is talked about, not talking: 'He said, "Andy Warhol was …"'
                return ref, 0.75
    return None, 0.0


_NAME_DEPS = frozenset({"pobj", "compound", "nmod", "amod", "poss", "det", "nummod"})


def _title(span: Span) -> bool:
    """Whether the quoted words are a name in a noun phrase or a prepositional phrase ('says on
    "The Internet Explorer 6 Countdown"', 'on the "IE6 Countdown" website'), not a statement."""
    outward = [t for t in span if not span.start <= t.head.i < span.end and not t.is_punct]
    return bool(outward) and all(t.dep_ in _NAME_DEPS for t in outward) and any(t.dep_ != "det" for t in outward)


def quoted_titles(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the quoted titles of ``doc`` ('curator of "Andy Warhol: Photographs and
    Prints from the University Collection"'): names of works, in which no one acts."""
    text = doc_text(doc)
    if '"' not in text and "\u201c" not in text:
        return []
    return [(span.start, span.end) for _, span in _quoted(doc) if _title(span)]


def quoted_statements(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the quotes of ``doc`` that a speech verb introduces: what is inside one was
    said by someone, so it and what stands outside it are no parties of one fact. Quotes in plain
    single marks are left out: in text tokenized with spaces ("Ohio 's Richard Celeste … the
    Governors ' Association") an apostrophe is taken for one."""
    return [(span.start, span.end) for q, span, _ in _statements(doc) if q.mark != "'"]


def _statements(doc: Doc) -> list[tuple[Quote, Span, Token]]:
    """The quotes of ``doc`` that are statements (three words or more, no title) with the speech
    verb that introduces each, found once per Doc."""
    cache = doc_cache(doc)
    found = cache.get("statements")
    if found is None:
        spans = [(q, span) for q, span in _quoted(doc) if len(q.text.split()) >= _MIN_WORDS]
        inside: set[int] = set()
        for _, span in spans:
            inside.update(range(span.start, span.end))
        found = cache["statements"] = []
        for q, span in spans:
            verb = _speech_verb(doc, q, inside)
            if verb is not None and not _title(span):
                found.append((q, span, verb))
    return found


def _quoted(doc: Doc) -> list[tuple[Quote, Span]]:
    """Every quoted passage of ``doc`` (one word or more) with its token span, found once per Doc:
    the quotes, titles and statements all start from them."""
    cache = doc_cache(doc)
    found = cache.get("quotes")
    if found is None:
        found = cache["quotes"] = []
        for q in find_quotes(doc_text(doc), min_words=1):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None:
                found.append((q, span))
    return found


def quotes(doc: Doc, *, article: Article, index: EntityIndex) -> Iterator[Fact]:
    """``speaker —said→ quote`` facts, the evidence spanning the sentence(s) of the quote."""
    for q, span, verb in _statements(doc):
        speaker, confidence = _speaker(verb, index, span)
        if speaker is None or speaker.type not in ("Person", "Organization", "NewsMediaOrganization", "Country"):
            continue
        start = min(span[0].sent.start_char, verb.sent.start_char)
        end = max(span[-1].sent.end_char, verb.sent.end_char)
        ev = span_evidence(doc, start, end, article_id=article.id, extractor="quotes", confidence=confidence)
        yield Fact(speaker, "said", Literal(q.text), ev)
