"""The ``kg`` command line: a thin click layer over the library.

Every :class:`~kg.errors.KGError` becomes one line on stderr (``kg: error: …``) and exit code 1;
bad input files are reported one line each and skipped (``--strict`` stops at the first).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kg.config import Settings
from kg.errors import KGError

__all__ = ["main", "cli"]

_EXPORT_FORMATS = ["turtle", "trig", "nquads", "jsonld", "graphml"]


class _Group(click.Group):
    """Runs commands so that a KGError prints one line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            ctx.exit(130)


def _settings(ctx: click.Context, **changes: object) -> Settings:
    base: Settings = ctx.obj
    return base.with_(**changes)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--model", envvar="KG_MODEL", default=None, help="spaCy pipeline (default en_core_web_md).")
@click.option("--base-iri", envvar="KG_BASE_IRI", default=None, help="Prefix of the IRIs kg mints.")
@click.version_option(package_name="kg")
@click.pass_context
def cli(ctx: click.Context, model: str | None, base_iri: str | None) -> None:
    """Build a knowledge graph of who did what to whom from news articles.

    \b
    Example:
      kg build seeds/ --store out/store
      kg query heads --store out/store
      kg render --store out/store -o out/graph.html
    """
    try:
        ctx.obj = Settings().with_(model=model, base_iri=base_iri)
    except KGError as exc:
        raise click.UsageError(str(exc)) from None


_store_option = click.option(
    "--store", "store_path", type=click.Path(file_okay=False), default="out/store", show_default=True,
    help="Folder of the Oxigraph store.",
)


def _open_store(ctx: click.Context, path: str, *, read_only: bool = True):
    from kg.graph.store import GraphStore

    return GraphStore(path, _settings(ctx), read_only=read_only)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@_store_option
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file or record.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True, help="spaCy processes.")
@click.option("--batch-size", type=click.IntRange(1), default=None, help="Articles per spaCy batch.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def build(ctx: click.Context, sources: tuple[str, ...], store_path: str, strict: bool, jobs: int,
          batch_size: int | None, as_json: bool) -> None:
    """Read articles, extract entities and facts, merge them into the store.

    SOURCES are files or folders: .txt, .md, .json/.jsonl (fields id, title, text, url, source,
    published), .html, RSS/Atom feeds. Articles already in the store unchanged are skipped; a
    changed article replaces its earlier version.

    \b
    Example:
      kg build seeds/ --store out/store
      kg build news.jsonl more/ --store out/store --jobs 2
    """
    from kg.build import build as run_build
    from kg.graph.store import GraphStore

    settings = _settings(ctx, batch_size=batch_size)

    def report(err: KGError) -> None:
        click.echo(f"kg: skipped {err}", err=True)

    with GraphStore(store_path, settings) as store:
        summary = run_build(sources, store, settings=settings, strict=strict, n_process=jobs,
                            on_problem=None if strict else report)
    if as_json:
        click.echo(json.dumps({
            "added": summary.added, "replaced": summary.replaced, "unchanged": summary.unchanged,
            "skipped": summary.skipped, "seconds": round(summary.seconds, 2), **summary.totals,
        }))
    else:
        for line in summary.lines():
            click.echo(line)
        if summary.problems:
            click.echo(f"problems: {len(summary.problems)} (listed above)")


@cli.command()
@click.argument("query_or_file")
@_store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (repeatable); IRIs start with http.")
@click.pass_context
def query(ctx: click.Context, query_or_file: str, store_path: str, fmt: str, params: tuple[str, ...]) -> None:
    """Run a SPARQL query: a name from queries/, a .rq file, or the query text.

    \b
    Example:
      kg query heads --store out/store
      kg query entity --param name="Donald Trump" --format csv
      kg query 'SELECT ?name WHERE { ?e a schema:Country ; rdfs:label ?name }'
    Named queries: run `kg queries` to list them.
    """
    from kg.query import format_rows, run_query

    bound: dict[str, str] = {}
    for p in params:
        name, sep, value = p.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{p!r} is not NAME=VALUE", param_hint="--param")
        bound[name] = value
    with _open_store(ctx, store_path) as store:
        result = run_query(store, query_or_file, bound)
    if isinstance(result, bool):
        click.echo(json.dumps(result) if fmt == "json" else str(result).lower())
    elif isinstance(result, bytes):
        click.echo(result.decode("utf-8"), nl=False)
    else:
        columns, rows = result
        click.echo(format_rows(rows, columns, fmt))


@cli.command("queries")
def list_named_queries() -> None:
    """List the named queries in queries/ with what each answers.

    \b
    Example:
      kg queries
    """
    from kg.query import list_queries

    for name, description in list_queries().items():
        click.echo(f"{name:24} {description}")


@cli.command()
@_store_option
@click.option("--format", "fmt", type=click.Choice(_EXPORT_FORMATS), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.pass_context
def export(ctx: click.Context, store_path: str, fmt: str, output: str) -> None:
    """Export the graph: RDF (Turtle merged view, TriG, N-Quads, JSON-LD) or GraphML.

    Exports are deterministic: the same corpus gives the same file.

    \b
    Example:
      kg export --store out/store --format trig -o out/graph.trig
      kg export --store out/store --format graphml -o out/graph.graphml
    """
    with _open_store(ctx, store_path) as store:
        if fmt == "graphml":
            from kg.graph.nx import to_networkx, write_graphml

            write_graphml(to_networkx(store), output)
        else:
            _atomic_write(Path(output), store.dump(fmt))
    click.echo(output)


@cli.command()
@_store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="out/graph.html", show_default=True)
@click.option("--entity", default=None, help="Show this entity's neighbourhood instead of the overview.")
@click.option("--depth", type=click.IntRange(1, 2), default=1, show_default=True)
@click.option("--top", type=click.IntRange(1), default=None, help="Entities in the overview (by PageRank).")
@click.pass_context
def render(ctx: click.Context, store_path: str, output: str, entity: str | None, depth: int,
           top: int | None) -> None:
    """Draw the graph as interactive HTML (pyvis, works offline).

    \b
    Example:
      kg render --store out/store -o out/graph.html --top 100
      kg render --store out/store -o out/trump.html --entity "Donald Trump" --depth 2
    """
    from kg.graph.nx import to_networkx
    from kg.render.pyvis_view import render_html

    settings = _settings(ctx)
    with _open_store(ctx, store_path) as store:
        G = to_networkx(store)
    path = render_html(G, output, top=top or settings.top, entity=entity, depth=depth)
    click.echo(str(path))


@cli.command()
@_store_option
@click.option("--json", "as_json", is_flag=True, help="Print {articles, entities, facts, evidence} as JSON.")
@click.pass_context
def stats(ctx: click.Context, store_path: str, as_json: bool) -> None:
    """Count articles, entities, facts (distinct triples) and evidence records.

    \b
    Example:
      kg stats --store out/store --json
    """
    with _open_store(ctx, store_path) as store:
        counts = store.stats()
    if as_json:
        click.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            click.echo(f"{key}: {value}")


@cli.command()
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--timeout", type=float, default=None, help="Query time limit in seconds.")
@click.option("--max-results", type=click.IntRange(1), default=None, help="Most rows or triples per answer.")
@click.pass_context
def serve(ctx: click.Context, store_path: str, host: str, port: int, timeout: float | None,
          max_results: int | None) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql.

    GET and POST queries, results as JSON, XML, CSV, TSV (SELECT/ASK) or Turtle, N-Triples,
    JSON-LD (CONSTRUCT/DESCRIBE); updates are refused. Any SPARQL client can use it.

    \b
    Example:
      kg serve --store out/store --port 8000
      curl 'http://127.0.0.1:8000/sparql' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5'
    """
    from kg.graph.store import GraphStore
    from kg.serve import serve as run_server

    settings = _settings(ctx, query_timeout=timeout, max_results=max_results)
    GraphStore(store_path, settings, read_only=True).close()  # a clear error now if there is no store
    click.echo(f"SPARQL endpoint: http://{host}:{port}/sparql (Ctrl-C stops)", err=True)
    run_server(store_path, host=host, port=port, settings=settings)


@cli.group("eval")
def eval_group() -> None:
    """Measure the extractor on public gold data (CoNLL04, PLOVER, GUM).

    \b
    Example:
      kg eval conll04 ../shared/data/conll04/valid.CoNLL04.json
    """


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kg`` console script."""
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
