"""What several extractors read from one Doc, computed once per Doc.

spaCy builds ``Doc.text``, ``Span.text`` and ``Doc.to_array`` anew at each access, and the
extractors of one article ask for the same ones again and again (the quotes finder and the
relation filter both want the text; every fact of a sentence wants that sentence). Extraction
handles one Doc at a time per thread, so each thread keeps the values of the last Doc it was
asked about, by identity, and drops them when the next Doc comes. A Doc's text, tokens and
sentence bounds do not change once it is parsed, which is what makes this safe.

>>> import spacy
>>> doc = spacy.blank("en")("Hello there. Bye.")
>>> doc_text(doc) is doc_text(doc)
True
>>> sentence_text(doc[3:5])
('Bye.', 13)
>>> import numpy as np
>>> member(np.array([5, 3, 9], dtype=np.uint64), id_table([5, 4, 3])).tolist()
[True, True, False]
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np
    from spacy.tokens import Doc, Span

__all__ = ["doc_cache", "doc_text", "seed_text", "sentence_text", "token_array", "id_table", "member"]

_LOCAL = threading.local()  # a Dask worker runs several extraction tasks in threads


def doc_cache(doc: Doc) -> dict[Any, Any]:
    """A scratch dict belonging to ``doc`` until another Doc is asked about in this thread."""
    if getattr(_LOCAL, "doc", None) is not doc:
        _LOCAL.doc, _LOCAL.values = doc, {}
    return _LOCAL.values


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once."""
    cache = doc_cache(doc)
    text = cache.get("text")
    if text is None:
        text = cache["text"] = doc.text
    return text


def seed_text(doc: Doc, text: str) -> None:
    """Tell :func:`doc_text` the text ``doc`` was tokenised from, which is ``doc.text``: spaCy's
    tokenizer keeps every character, and joining the tokens again costs 3 % of an extraction."""
    doc_cache(doc)["text"] = str(text)


def token_array(doc: Doc, attr: int) -> np.ndarray:
    """``doc.to_array(attr)`` for one attribute id (``spacy.attrs.ORTH``, ``LEMMA`` …), made once."""
    cache = doc_cache(doc)
    key = ("array", attr)
    array = cache.get(key)
    if array is None:
        array = cache[key] = doc.to_array(attr)
        array.flags.writeable = False  # shared by every caller
    return array


def sentence_text(span: Span) -> tuple[str, int]:
    """The text of ``span`` (a sentence, usually) and its first character's offset, built once."""
    cache = doc_cache(span.doc)
    key = ("span", span.start, span.end)
    found = cache.get(key)
    if found is None:
        found = cache[key] = (span.text, span.start_char)
    return found


def id_table(ids: Iterable[int]) -> np.ndarray:
    """The ids (string hashes: ORTH, LEMMA, LOWER values) as the sorted table :func:`member` searches."""
    import numpy as np

    return np.array(sorted(ids), dtype=np.uint64)


def member(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``numpy.isin(values, table)`` for a non-empty :func:`id_table`: a binary search per
    value, where ``isin`` sorts the two arrays together at every call (a lexicon of a thousand
    word ids against one article's tokens, several times per article)."""
    import numpy as np

    at = np.searchsorted(table, values)
    at[at == len(table)] = 0
    return table[at] == values
