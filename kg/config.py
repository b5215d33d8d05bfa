"""One :class:`Settings` dataclass for everything a user may change.

Values come from keyword arguments, else from ``KG_*`` environment variables, else the defaults.

Examples
--------
>>> s = Settings(base_iri="https://example.org/")
>>> s.entity_ns
'https://example.org/entity/'
>>> s.ontology_ns
'https://example.org/ontology#'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace

from kg.errors import ConfigError

__all__ = ["Settings", "DEFAULT_BASE_IRI", "DEFAULT_MODEL"]

DEFAULT_BASE_IRI = "https://kg.example.org/"
DEFAULT_MODEL = "en_core_web_md"


def _env(name: str, default: str) -> str:
    return os.environ.get(f"KG_{name.upper()}", default)


def _env_as(kind: type[int] | type[float], name: str, default: str) -> int | float:
    raw = _env(name, default)
    try:
        return kind(raw)
    except ValueError:
        what = "an integer" if kind is int else "a number"
        raise ConfigError(f"KG_{name.upper()} must be {what}, not {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    """Settings of a kg run.

    Parameters
    ----------
    model : str
        spaCy pipeline: an installed package name (``en_core_web_md``) or a folder.
    base_iri : str
        Prefix of every IRI kg mints; must end with ``/``.
    batch_size : int
        Articles per ``nlp.pipe`` batch.
    write_batch : int
        Articles ``kg build`` hands to the store at once: those new to it go in together through
        Oxigraph's bulk loader (bigger batches cost less CPU; a killed build redoes at most one).
    store : str
        Folder of the on-disk Oxigraph store.
    top : int
        Entities shown in the overview HTML (by PageRank).
    min_confidence : float
        Facts below this confidence are not written.
    max_chars : int
        Longest article text ``kg build`` parses; longer ones are reported and skipped. The
        default is spaCy's own ``nlp.max_length``: parser memory grows with the length of one text.
    """

    model: str = field(default_factory=lambda: _env("model", DEFAULT_MODEL))
    base_iri: str = field(default_factory=lambda: _env("base_iri", DEFAULT_BASE_IRI))
    batch_size: int = field(default_factory=lambda: _env_as(int, "batch_size", "16"))
    write_batch: int = field(default_factory=lambda: _env_as(int, "write_batch", "64"))
    store: str = field(default_factory=lambda: _env("store", "out/store"))
    top: int = field(default_factory=lambda: _env_as(int, "top", "200"))
    min_confidence: float = field(default_factory=lambda: _env_as(float, "min_confidence", "0.0"))
    query_timeout: float = field(default_factory=lambda: _env_as(float, "query_timeout", "30"))
    max_results: int = field(default_factory=lambda: _env_as(int, "max_results", "10000"))
    max_chars: int = field(default_factory=lambda: _env_as(int, "max_chars", "1000000"))

    def __post_init__(self) -> None:
        if not self.base_iri.endswith("/"):
            # kg mints {base}entity/…, {base}ontology#…: a base ending in '#' would give two fragments
            raise ConfigError(f"base IRI must end with '/': {self.base_iri!r}")
        try:
            import pyoxigraph

            for iri in (self.base_iri, self.entity_ns, self.ontology_ns):
                pyoxigraph.NamedNode(iri)  # every IRI kg mints starts with one of these
        except ValueError as exc:
            raise ConfigError(f"base IRI is not a valid absolute IRI: {self.base_iri!r} ({exc})") from None
        if self.batch_size < 1:
            raise ConfigError(f"batch size must be at least 1, not {self.batch_size}")
        if self.write_batch < 1:
            raise ConfigError(f"write batch must be at least 1 article, not {self.write_batch}")

    @property
    def entity_ns(self) -> str:
        return f"{self.base_iri}entity/"

    @property
    def article_ns(self) -> str:
        return f"{self.base_iri}article/"

    @property
    def evidence_ns(self) -> str:
        return f"{self.base_iri}evidence/"

    @property
    def ontology_ns(self) -> str:
        return f"{self.base_iri}ontology#"

    def with_(self, **changes: object) -> Settings:
        """Return a copy with ``changes`` applied (unknown names raise :class:`ConfigError`)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
