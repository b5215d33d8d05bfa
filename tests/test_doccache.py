from __future__ import annotations

import threading

import numpy as np
import pytest
import spacy
from spacy.attrs import LEMMA, ORTH

from kg.doccache import doc_cache, doc_text, member, seed_text, sentence_text, token_array


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def test_member_agrees_with_isin_on_ids_below_between_and_above_the_table():
    rng = np.random.default_rng(3)
    table = np.unique(rng.integers(10, 2**63, size=300, dtype=np.uint64))
    values = np.concatenate([rng.choice(table, 50), rng.integers(0, 2**64 - 1, size=200, dtype=np.uint64),
                             np.array([0, 2**64 - 1, table[0], table[-1]], dtype=np.uint64)])
    assert member(values, table).tolist() == np.isin(values, table).tolist()


def test_values_belong_to_their_doc_and_go_when_another_doc_comes(nlp):
    a, b = nlp("Kyiv said no."), nlp("Paris said yes.")
    doc_cache(a)["x"] = 1
    assert doc_cache(a) == {"x": 1}
    assert doc_cache(b) == {}
    assert "x" not in doc_cache(a)  # a's values were dropped when b was asked about
    assert doc_text(a) == "Kyiv said no." and doc_text(b) == "Paris said yes."


def test_each_thread_keeps_its_own_doc(nlp):
    docs = [nlp(f"Sentence number {i} is here.") for i in range(2)]
    owners: dict[int, list[object]] = {0: [], 1: []}
    barrier = threading.Barrier(2)

    def work(k: int) -> None:
        for _ in range(50):
            doc_cache(docs[k])["owner"] = k
            barrier.wait()  # the other thread has now asked about its own Doc
            owners[k].append(doc_cache(docs[k]).get("owner"))
            barrier.wait()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert owners == {0: [0] * 50, 1: [1] * 50}


def test_arrays_and_sentence_texts_are_spacys_own(nlp):
    doc = nlp("  Kyiv said no.  Then Paris spoke. ")
    assert token_array(doc, ORTH).tolist() == doc.to_array(ORTH).tolist()
    assert token_array(doc, ORTH) is token_array(doc, ORTH)
    assert token_array(doc, LEMMA).tolist() == doc.to_array(LEMMA).tolist()
    with pytest.raises(ValueError):
        token_array(doc, ORTH)[0] = 1  # shared by every caller: read-only
    for start, end in ((0, 4), (4, 9), (2, 7)):
        span = doc[start:end]
        assert sentence_text(span) == (span.text, span.start_char)


def test_a_seeded_text_is_the_one_given(nlp):
    doc = nlp("Kyiv said no.")
    seed_text(doc, "Kyiv said no.")
    assert doc_text(doc) == "Kyiv said no."
    other = nlp("Kyiv said no.")  # an equal Doc is still another Doc
    doc_cache(other)["text"] = "not asked"
    assert doc_text(doc) == "Kyiv said no."
