"""The ``kg`` command line: a thin click layer over the library.

Every :class:`~kg.errors.KGError` becomes one line on stderr (``kg: error: …``) and exit code 1;
bad input files are reported one line each and skipped (``--strict`` stops at the first).
"""

from __future__ import annotations

import json
import os
import sys

import click

from kg.config import Settings
from kg.errors import KGError
from kg.fileio import write_atomic

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
        except BrokenPipeError:
            # `kg query … | head`: the reader left; stop quietly as other Unix tools do
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stdout must stay writable for exit
            ctx.exit(0)
        except OSError as exc:
            # the system refused (a file that cannot be written, a port in use): one line, no traceback
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"kg: error: {exc.strerror or exc}{where}", err=True)
            ctx.exit(1)


def _settings(ctx: click.Context, **changes: object) -> Settings:
    base: Settings = ctx.obj
    return base.with_(**changes)


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
    # an http(s) URL is a SPARQL server (kg.graph.remote); credentials come from the environment
    from kg.graph.remote import open_store

    return open_store(path, _settings(ctx), read_only=read_only, user=os.environ.get("KG_STORE_USER"),
                      password=os.environ.get("KG_STORE_PASSWORD"), auth=os.environ.get("KG_STORE_AUTH", "basic"),
                      graph_store=os.environ.get("KG_STORE_GRAPH_STORE_URL"))


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@_store_option
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file or record.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True, help="spaCy processes.")
@click.option("--batch-size", type=click.IntRange(1), default=None, help="Articles per spaCy batch.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Run extraction on a Dask cluster: local, local:N (N worker processes) or a scheduler "
                   "address (tcp://host:8786).")
@click.option("--shards", "shard_dir", type=click.Path(file_okay=False), default=None,
              help="With --dask: also keep each partition's N-Quads shard in this folder.")
@click.option("--update-url", envvar="KG_STORE_UPDATE_URL", default=None,
              help="With an http(s) --store: its SPARQL Update URL (default: the --store URL).")
@click.option("--graph-store-url", envvar="KG_STORE_GRAPH_STORE_URL", default=None,
              help="With an http(s) --store: its Graph Store Protocol URL (default: --store + '-graph-crud', "
                   "Virtuoso's).")
@click.option("--store-user", envvar="KG_STORE_USER", default=None, help="User for an http(s) --store.")
@click.option("--store-password", envvar="KG_STORE_PASSWORD", default=None,
              help="Password for an http(s) --store (better: the KG_STORE_PASSWORD variable).")
@click.option("--store-auth", envvar="KG_STORE_AUTH", type=click.Choice(["basic", "digest"]), default="basic",
              show_default=True, help="HTTP authentication of an http(s) --store.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with articles/s and ETA (default: when stderr is a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def build(ctx: click.Context, sources: tuple[str, ...], store_path: str, strict: bool, jobs: int,
          batch_size: int | None, dask_address: str | None, shard_dir: str | None, update_url: str | None,
          graph_store_url: str | None, store_user: str | None, store_password: str | None, store_auth: str,
          progress: bool | None, as_json: bool) -> None:
    """Read articles, extract entities and facts, merge them into the store.

    SOURCES are files or folders: .txt, .md, .json/.jsonl (fields id, title, text, url, source,
    published), .html, RSS/Atom feeds. Articles already in the store unchanged are skipped; a
    changed article replaces its earlier version. --store is a folder (Oxigraph) or the http(s)
    URL of a SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, QLever; see docs/scaling.md).

    \b
    Example:
      kg build seeds/ --store out/store
      kg build news.jsonl more/ --store out/store --jobs 2
      kg build archive/ --store out/store --dask local:2
      kg build news.jsonl --store http://127.0.0.1:8890/sparql
    """
    from kg.build import build as run_build
    from kg.graph.remote import open_store

    settings = _settings(ctx, batch_size=batch_size)
    if shard_dir and not dask_address:
        raise click.UsageError("--shards needs --dask")
    if dask_address:
        from kg.distributed import parse_address

        parse_address(dask_address)  # a bad address fails now, not after the corpus is read

    def report(err: KGError) -> None:
        if progress or (progress is None and sys.stderr.isatty()):
            from tqdm import tqdm

            tqdm.write(f"kg: skipped {err}", file=sys.stderr)  # above the progress bar, not through it
        else:
            click.echo(f"kg: skipped {err}", err=True)

    with open_store(store_path, settings, update=update_url, graph_store=graph_store_url, user=store_user,
                    password=store_password, auth=store_auth) as store:
        summary = run_build(sources, store, settings=settings, strict=strict, n_process=jobs, dask=dask_address,
                            shard_dir=shard_dir, progress=progress, on_problem=None if strict else report)
    if as_json:
        click.echo(json.dumps({
            "added": summary.added, "replaced": summary.replaced, "unchanged": summary.unchanged,
            "skipped": summary.skipped, "seconds": round(summary.seconds, 2), "words": summary.words,
            **summary.totals,
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

            write_graphml(_in_order(to_networkx(store)), output)
        else:
            write_atomic(output, store.dump(fmt))
    click.echo(output)


_LOAD_SUFFIXES = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
                  ".ttl": "turtle", ".turtle": "turtle", ".nt": "ntriples", ".rdf": "rdfxml", ".xml": "rdfxml",
                  ".owl": "rdfxml"}


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@_store_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "jsonld", "turtle", "ntriples", "rdfxml"]),
              default=None, help="Format of every FILE (default: from each file's suffix).")
@click.option("--graph", default=None, metavar="IRI",
              help="Named graph for files of triples (Turtle, N-Triples, RDF/XML; default {base}graph/imported).")
@click.pass_context
def load(ctx: click.Context, files: tuple[str, ...], store_path: str, fmt: str | None, graph: str | None) -> None:
    """Load exports or N-Quads shards into a store (created if missing).

    Each named graph in the files replaces the stored one and the merged view follows, as in
    `kg build`; a graph spread over several files is the union of its parts. Every file is read
    before anything is written: an unreadable one leaves the store unchanged. Graphs new to the
    store go through Oxigraph's bulk loader; if a load is killed, run it again to complete it.

    \b
    Example:
      kg export --store out/store --format nquads -o out/graph.nq
      kg load out/graph.nq --store out/restored
      kg load out/shards/*.nq --store out/store
    """
    import shutil
    from pathlib import Path

    from kg.errors import InputError
    from kg.graph.remote import is_remote
    from kg.graph.store import GraphStore

    if is_remote(store_path):
        raise click.UsageError("kg load writes a local store; load a SPARQL server with its own bulk loader")
    sources = []
    for name in files:
        file_fmt = fmt or _LOAD_SUFFIXES.get(Path(name).suffix.lower())
        if file_fmt is None:
            raise InputError(f"unknown RDF file suffix (give --format; known: {', '.join(_LOAD_SUFFIXES)})",
                             path=name)
        sources.append((Path(name), file_fmt))
    created = not Path(store_path).exists()
    try:
        with GraphStore(store_path, _settings(ctx)) as store:
            read = store.load_many(sources, graph=graph)
            t = store.stats()
    except KGError:
        if created:  # nothing was loaded: leave no empty store behind
            shutil.rmtree(store_path, ignore_errors=True)
        raise
    click.echo(f"loaded: {read} statements from {len(files)} file{'s' if len(files) != 1 else ''}")
    click.echo(f"store: {t['articles']} articles, {t['entities']} entities, {t['facts']} facts, "
               f"{t['evidence']} evidence")


def _in_order(G):
    """``G`` with nodes and edges sorted: query results come in storage order, the file must not."""
    import networkx as nx

    H = nx.MultiDiGraph()
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda node: node[0]))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda edge: edge[:3]))
    return H


@cli.command()
@_store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="out/graph.html", show_default=True)
@click.option("--entity", default=None, help="Show this entity's neighbourhood instead of the overview.")
@click.option("--depth", type=click.IntRange(1, 2), default=1, show_default=True)
@click.option("--top", type=click.IntRange(1), default=None, help="Entities in the overview (by PageRank).")
@click.pass_context
def render(ctx: click.Context, store_path: str, output: str, entity: str | None, depth: int,
           top: int | None) -> None:
    """Draw the graph as one interactive HTML file (pyvis, works offline).

    Filters by entity type, relation and date; clicking a node or an edge shows its evidence
    sentences, articles and confidence. For a page per entity and article, see `kg site`.

    \b
    Example:
      kg render --store out/store -o out/graph.html --top 100
      kg render --store out/store -o out/trump.html --entity "Donald Trump" --depth 2
    """
    from kg.render.data import load_site
    from kg.render.pyvis_view import render_html

    settings = _settings(ctx)
    with _open_store(ctx, store_path) as store:
        G = load_site(store).graph
    path = render_html(G, output, top=top or settings.top, entity=entity, depth=depth)
    click.echo(str(path))


@cli.command()
@_store_option
@click.option("--out", "-o", "out", type=click.Path(file_okay=False), default="out/site", show_default=True,
              help="Folder of the site.")
@click.option("--depth", type=click.IntRange(1, 2), default=2, show_default=True,
              help="Hops shown around each entity.")
@click.option("--top", type=click.IntRange(1), default=None,
              help="Entities in the overview, and most nodes around an entity.")
@click.pass_context
def site(ctx: click.Context, store_path: str, out: str, depth: int, top: int | None) -> None:
    """Write a static site to browse the graph from disk, with no server and no network.

    index.html lists the entities (searchable, with counts) and articles and links to the
    overview; each entity has a page (neighbourhood and facts with their evidence) and each
    article one (text with entities highlighted, facts read from it).

    \b
    Example:
      kg site --store out/store --out out/site
      xdg-open out/site/index.html
    """
    from kg.render.site import write_site

    with _open_store(ctx, store_path) as store:
        summary = write_site(store, out, top=top, depth=depth)
    for line in summary.lines():
        click.echo(line)


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
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql, and the browsing pages at /.

    GET and POST queries, results as JSON, XML, CSV, TSV (SELECT/ASK) or Turtle, N-Triples,
    JSON-LD (CONSTRUCT/DESCRIBE); updates are refused. Any SPARQL client can use it. The pages
    are those `kg site` writes, read live from the store.

    \b
    Example:
      kg serve --store out/store --port 8000
      curl 'http://127.0.0.1:8000/sparql' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5'
    """
    from kg.graph.store import GraphStore
    from kg.render.app import serve_site

    settings = _settings(ctx, query_timeout=timeout, max_results=max_results)
    GraphStore(store_path, settings, read_only=True).close()  # a clear error now if there is no store
    click.echo(f"SPARQL endpoint: http://{host}:{port}/sparql, pages: http://{host}:{port}/ (Ctrl-C stops)",
               err=True)
    serve_site(store_path, host=host, port=port, settings=settings)


def _echo_report(report: object, as_json: bool) -> None:
    """Print an evaluation report as text lines or as JSON."""
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for line in report.lines():
            click.echo(line)


def _eval_options(predictions_help: str):
    """The options of every ``kg eval`` command: ``--predictions FILE`` (``predictions_help``) and ``--json``."""
    def decorate(command):
        command = click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")(command)
        return click.option("--predictions", type=click.Path(dir_okay=False, writable=True), default=None,
                            help=predictions_help)(command)
    return decorate


@cli.group("eval")
def eval_group() -> None:
    """Measure the extractor on public gold data (CoNLL04, PLOVER, GUM).

    \b
    Example:
      kg eval conll04 ../shared/data/conll04/valid.CoNLL04.json
    """


@eval_group.command("conll04")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@_eval_options('Write one {"entities": [...], "relations": [...]} JSON line per gold sentence.')
@click.pass_context
def eval_conll04(ctx: click.Context, gold: str, predictions: str | None, as_json: bool) -> None:
    """Score entities and relations on CoNLL04 (strict micro P/R/F1, per relation, calibration).

    GOLD is a CoNLL04 span-format JSON file (../shared/data/conll04/). Each sentence is built
    from its tokens and run through the extractor kg build uses; our types and predicates are
    mapped to Peop/Org/Loc and Work_For, Kill, OrgBased_In, Live_In, Located_In. A relation
    counts only when both spans, both entity types and the relation type match. The table of
    confidence bins shows how often relations of each confidence are right. See docs/quality.md.

    \b
    Example:
      kg eval conll04 ../shared/data/conll04/valid.CoNLL04.json --predictions out/conll04.jsonl
    """
    from kg.eval.conll04 import evaluate

    _echo_report(evaluate(gold, _settings(ctx), predictions=predictions), as_json)


@cli.command()
@click.argument("train_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dev", "dev_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="CoNLL04 dev file: picks the typer's margin, the regularisation and the threshold.")
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
              help="Folder for relations.npz and entity_types.npz (default: the ones kg ships, kg/extract/models/).")
@click.option("--json", "as_json", is_flag=True, help="Print the training summary as JSON.")
@click.pass_context
def train(ctx: click.Context, train_file: str, dev_file: str | None, output: str | None, as_json: bool) -> None:
    """Train the entity typer and the relation classifier on CoNLL04 train, tuned on dev.

    Parses each training sentence with the pipeline kg build uses and runs kg's entity
    extractor on it. The typer learns the type of each unlinked entity mention; the relation
    classifier takes every pair of kg's mentions as an example, fits a hashed logistic
    regression, calibrates it (Platt scaling on 5-fold out-of-fold scores) and, given --dev,
    keeps the regularisation and decision threshold with the best strict relation F1 on dev.
    Deterministic; test data is never read. See docs/quality.md.

    \b
    Example:
      kg train ../shared/data/conll04/train.CoNLL04.json --dev ../shared/data/conll04/valid.CoNLL04.json
    """
    from kg.extract.classifier import DEFAULT_PATH, load_model, load_typer
    from kg.extract.training import train as run_train

    result = run_train(train_file, _settings(ctx), dev_path=dev_file,
                       log=(lambda _: None) if as_json else (lambda m: click.echo(m, err=True)))
    rel_path, typer_path = result.save(output or DEFAULT_PATH.parent)
    load_model.cache_clear()
    load_typer.cache_clear()
    meta = result.relations.meta
    summary = {"relations": str(rel_path), "entity_types": str(typer_path),
               "bytes": rel_path.stat().st_size + typer_path.stat().st_size, "seconds": round(result.seconds, 1),
               "C": meta["C"], "threshold": result.relations.threshold, "margin": result.typer.threshold,
               "examples": meta["examples"], "positives": meta["positives"], "dev": meta.get("dev")}
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(f"models: {rel_path}, {typer_path} ({summary['bytes']} bytes); C={summary['C']}, "
                   f"threshold={summary['threshold']}, typer margin={summary['margin']}")
        if result.dev is not None:
            for line in result.dev.lines()[:-1]:
                click.echo(line)


@eval_group.command("gum")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--wiki-map", type=click.Path(exists=True, dir_okay=False), default=None,
              help="GUM's wiki_map.tab (default: coref/wiki_map.tab beside GOLD's folder).")
@_eval_options('Write one {"doc": stem, "qids": [...]} JSON line per document.')
@click.pass_context
def eval_gum(ctx: click.Context, gold: str, wiki_map: str | None, predictions: str | None, as_json: bool) -> None:
    """Score entity linking and coreference on GUM news documents.

    GOLD is a folder of GUM .conllu files (or one file). Each document's text is rebuilt from its
    '# text =' lines and run through the extractor kg build uses; the Wikidata QIDs kg links
    are scored against the gold QIDs of the document's Wikified person, organization and place
    mentions (micro P/R/F1 over documents), and the entity clusters kg forms against the gold
    coreference chains (MUC, B3, CEAF-e, CoNLL F1; head match). See docs/quality.md.

    \b
    Example:
      kg eval gum ../shared/data/gum_news/dep/ --predictions out/gum.jsonl
    """
    from pathlib import Path

    from kg.errors import InputError
    from kg.eval.gum import evaluate

    root = Path(gold)
    paths = sorted(root.glob("*.conllu")) if root.is_dir() else [root]
    if not paths:
        raise InputError("no .conllu files here", path=gold)
    mapping = Path(wiki_map) if wiki_map else (root if root.is_dir() else root.parent).parent / "coref" / "wiki_map.tab"
    if not mapping.is_file():
        raise InputError("no wiki_map.tab found: pass --wiki-map", path=str(mapping))
    lines: list[str] = []
    report = evaluate(paths, wiki_map=mapping, settings=_settings(ctx),
                      on_document=lambda record: lines.append(json.dumps(record, ensure_ascii=False)))
    if predictions:
        write_atomic(predictions, "".join(line + "\n" for line in lines))
    _echo_report(report, as_json)


@eval_group.command("plover")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@_eval_options('Write one {"id": …, "events": [{"type", "source", "target"}]} JSON line per record.')
@click.pass_context
def eval_plover(ctx: click.Context, gold: str, predictions: str | None, as_json: bool) -> None:
    """Score PLOVER event extraction on the PLOVER gold-standard records.

    GOLD is the PLOVER JSON array (../shared/data/plover_gsr/). Each record's text, except the
    DOCUMENT header, is run through the extractor kg build uses; the event facts are mapped to
    PLOVER types and scored against the record's event (micro P/R/F1 over records, per type),
    with how often the predicted source and target name the gold actors. See docs/quality.md.

    \b
    Example:
      kg eval plover ../shared/data/plover_gsr/PLOVER_GSR_CAMEO.dev.json --predictions out/plover.jsonl
    """
    from kg.eval.plover import evaluate

    _echo_report(evaluate(gold, _settings(ctx), predictions=predictions), as_json)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kg`` console script."""
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
