"""Run SPARQL over the store: named queries from ``queries/*.rq``, results as table, CSV or JSON.

A bare name (``heads``) runs ``queries/heads.rq``; a path runs that file; anything else is
taken as the query text. ``--param name=value`` binds ``?name`` in the query (values are
bound by the engine, never pasted into the text).

Examples
--------
>>> rows = [{"who": "Giuseppe Cavo Dragone", "what": "NATO Military Committee"}]
>>> print(format_rows(rows, ["who", "what"], "csv").strip())
who,what
Giuseppe Cavo Dragone,NATO Military Committee
>>> print(format_rows(rows, ["who", "what"], "table"))
who                    what
---------------------  -----------------------
Giuseppe Cavo Dragone  NATO Military Committee
>>> resolve_query("SELECT ?s WHERE { ?s ?p ?o }" + " " * 300).strip()
'SELECT ?s WHERE { ?s ?p ?o }'
>>> "Timeline of an entity" in list_queries()["timeline"]
True
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph.store import GraphStore, _python

__all__ = ["QUERIES_DIR", "resolve_query", "list_queries", "run_query", "format_rows", "query_description"]

QUERIES_DIR = Path(os.environ.get("KG_QUERIES", Path(__file__).resolve().parents[1] / "queries"))
_NAME_RE = re.compile(r"^[\w-]+$")


def list_queries(folder: Path = QUERIES_DIR) -> dict[str, str]:
    """Named queries: name → first comment line (what the query answers)."""
    return {p.stem: query_description(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))}


def query_description(text: str) -> str:
    """The first comment line of a query file."""
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def resolve_query(query_or_file: str, folder: Path = QUERIES_DIR) -> str:
    """The SPARQL text for a query name, a file path, or SPARQL itself."""
    if _NAME_RE.match(query_or_file):
        path = folder / f"{query_or_file}.rq"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        known = ", ".join(list_queries(folder)) or "none"
        raise QueryError(f"no query named {query_or_file!r} in {folder} (known: {known})")
    path = Path(query_or_file)
    if query_or_file.endswith(".rq") or ("\n" not in query_or_file and _is_file(path)):
        if not _is_file(path):
            raise QueryError(f"{query_or_file}: no such query file")
        return path.read_text(encoding="utf-8")
    return query_or_file


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a one-line query longer than a file name may be, or with a NUL
        return False


def run_query(store: GraphStore, query_or_file: str, params: Mapping[str, str] | None = None
              ) -> tuple[list[str], list[dict[str, object]]] | bool | bytes:
    """Run a query: SELECT → (columns, rows); ASK → bool; CONSTRUCT/DESCRIBE → N-Triples bytes."""
    text = resolve_query(query_or_file)
    result = store.query(text, params)
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return columns, [{c: _python(row[c]) for c in columns} for row in result]
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""


def format_rows(rows: list[dict[str, object]], columns: list[str], fmt: str = "table", *,
                max_width: int = 80) -> str:
    """Render SELECT rows as an aligned text table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: "" if r.get(c) is None else r[c] for c in columns} for r in rows)
        return buf.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r} (table, csv, json)")

    def cell(value: object) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)
