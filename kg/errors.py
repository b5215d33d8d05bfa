"""The one exception hierarchy of kg; the CLI turns any of these into one line and exit code 1."""

from __future__ import annotations

__all__ = ["KGError", "InputError", "StoreError", "QueryError", "ModelError", "ConfigError", "OutputError"]


class KGError(Exception):
    """Base of every error kg raises on purpose."""


class InputError(KGError):
    """An input file or record cannot be read; the message names the file (and line)."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.reason = message


class StoreError(KGError):
    """The graph store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query is missing, malformed or failed."""


class ModelError(KGError):
    """The spaCy pipeline cannot be loaded."""


class ConfigError(KGError):
    """A setting has a value kg cannot use."""


class OutputError(KGError):
    """A file kg writes (an export, a page) cannot be written; an existing one is left unchanged."""
