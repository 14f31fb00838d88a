"""The `kg` command line: build, load, extract, query, export, stats, validate.

Every command that touches a store takes `--store PATH` (or `KG_STORE`); `memory`
selects rdflib's in-memory store, which lives only as long as the command.
Bad input ends in one plain `error:` line on stderr and exit status 1, with the
store as it was.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rdflib import XSD, Literal
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import build as build_stage
from kg import ingest
from kg.extract import extract as run_extraction
from kg.load import LoadError
from kg.load import load as load_rdf
from kg.lock import StoreBusy, write_lock
from kg.rdf import PREFIXES
from kg.graph import GRAPH_FORMATS
from kg.remote import is_remote
from kg.store import DEFAULT_LOCATION, MEMORY, RDF_FORMATS, QueryError, Store, StoreError

app = typer.Typer(
    name="kg",
    help="Build and query knowledge graphs of diplomatic news (RDF + SPARQL, offline).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
# A table piped to a file or a pager is read later, not on an 80-column terminal.
out = Console(width=None if sys.stdout.isatty() else 200)
TABLE_CELL = 60
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        envvar="KG_STORE",
        help=f"Store directory (Oxigraph on disk), '{MEMORY}' for a throw-away in-memory store, or a SPARQL server's URL (http://HOST:PORT/...).",
        show_default=True,
    ),
]


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"


# RDF serialisations, and the networkx mirror as GraphML / GEXF for Gephi and Cytoscape.
ExportFormat = Enum("ExportFormat", {name: name for name in (*RDF_FORMATS, *GRAPH_FORMATS)}, type=str)


def say_error(message: object) -> None:
    # escaped: messages quote user input and parser output, which may contain [brackets]
    err.print(f"[bold red]error:[/] {escape(str(message))}", highlight=False, emoji=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    say_error(message)
    return typer.Exit(code)


def bad_input(errors: build_stage.IngestErrors) -> typer.Exit:
    """Every bad record, one line each, then exit 1."""
    for problem in errors.errors:
        say_error(problem)
    return typer.Exit(1)


def open_store(location: str, *, must_exist: bool, read_only: bool = False) -> Store:
    """The store, or one clear error. Commands that only read open it `read_only`: a
    snapshot that needs no lock, so they run while a build writes."""
    if must_exist and location != MEMORY and not is_remote(location) and not Path(location).is_dir():
        raise fail(f"no store at '{location}' (build one with `kg build SOURCES --store {location}`)")
    try:
        return Store(location, read_only=read_only and location != MEMORY)
    except StoreError as e:
        raise fail(str(e)) from e


# Exit status of a build that wrote the good records but skipped some bad ones.
PARTIAL = 3
WaitOption = Annotated[
    bool, typer.Option("--wait", help="If another build or load is writing to the store, queue behind it instead of stopping.")
]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@app.command()
def build(
    sources: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl, .csv), folders, or - for stdin.")],
    store: StoreOption = DEFAULT_LOCATION,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parse and extract in N worker processes; with --engine dask --scheduler local, the cluster's size.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Rebuild documents that are already in the store.")] = False,
    engine: Annotated[Engine, typer.Option(help="Run here, or on a Dask cluster (see --scheduler).")] = Engine.local,
    scheduler: Annotated[
        str,
        typer.Option(help="With --engine dask: a scheduler address (tcp://host:8786), or 'local' for a cluster on this machine."),
    ] = "local",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Write nothing if any record is bad.")] = False,
    wait: WaitOption = False,
) -> None:
    """Ingest, extract and load SOURCES into the store.

    A bad record (no or bad date, malformed JSON line, binary file, ...) is reported
    with its file, line and reason and skipped; the good ones are built, and the exit
    status is 3. With --strict, one bad record means nothing is written (exit 1).
    Documents already in the store (same text, same id) are skipped, so a second build
    of a growing folder costs only the new articles; --force rebuilds them. Re-building
    a document replaces its graph. Documents are written whole, a batch per
    transaction: an interrupted build leaves whole documents only, and running it again
    completes it.

    Example: [bold]kg build examples/ --store kg-store --workers 2[/]

    Example: [bold]kg build news/ --engine dask --scheduler tcp://scheduler:8786[/]
    """
    try:
        with _write_lock(store, wait):
            checked = build_stage.check_sources(sources, stdin=sys.stdin)
            for problem in checked.errors:
                say_error(problem)
            if checked.errors and strict:
                raise fail(f"{_failures(checked.errors)}; nothing written (--strict)")
            if not checked.count:
                raise fail(f"no documents to build{'; ' + _failures(checked.errors) if checked.errors else ''}")
            summary = _build(store, checked, quiet, engine=engine, scheduler=scheduler, workers=workers, force=force)
    except StoreBusy as e:
        raise fail(str(e)) from e
    except OSError as e:  # disk full, read-only file system, permissions: the store is as it was
        raise fail(f"cannot write to store '{store}': {e.strerror or _first_line(e)}") from e
    err.print(f"built {summary.line()}", highlight=False)
    if checked.errors:
        say_error(f"{_failures(checked.errors)} (listed above); the other {summary.documents} documents were built")
        raise typer.Exit(PARTIAL)


def _failures(errors: list[ingest.IngestError]) -> str:
    """The summary line of a batch's bad records: how many, in which files."""
    per_file: dict[str, int] = {}
    for problem in errors:
        per_file[problem.source] = per_file.get(problem.source, 0) + 1
    files = ", ".join(f"{name} ({n})" for name, n in list(per_file.items())[:10])
    more = f" and {len(per_file) - 10} more files" if len(per_file) > 10 else ""
    return f"skipped {len(errors)} bad record(s) in {len(per_file)} file(s): {files}{more}"


def _write_lock(store: str, wait: bool):
    """The store's write lock; an in-memory or remote store has no directory to lock."""
    if store == MEMORY or "://" in store:
        return _nothing()
    return write_lock(store, wait=wait)


@contextmanager
def _nothing():
    yield


def _unreadable(store: str, e: Exception) -> str:
    return str(e) if isinstance(e, StoreError) else f"cannot read store '{store}': {e.strerror or _first_line(e)}"


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _build(store: str, checked: build_stage.Sources, quiet: bool, *, engine: Engine, scheduler: str, workers: int,
           force: bool) -> build_stage.BuildSummary:
    kg_store = open_store(store, must_exist=False)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    try:
        with progress:
            task = progress.add_task("building", total=checked.count)

            def advance(_document) -> None:
                progress.advance(task)

            if engine == Engine.dask:
                from kg.dask_build import DaskError, build_on_dask

                try:
                    return build_on_dask(
                        kg_store, checked, scheduler=scheduler, workers=workers, force=force, progress=advance
                    )
                except DaskError as e:
                    raise fail(str(e)) from e
            else:
                return build_stage.build(kg_store, checked.documents(), workers=workers, force=force, progress=advance)
    finally:
        kg_store.close()


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: .trig, .nq, .ttl, .nt, .jsonld.")],
    fmt: Annotated[
        Optional[str], typer.Option("--format", help="RDF format of all files (default: from each suffix).")
    ] = None,
    store: StoreOption = DEFAULT_LOCATION,
    wait: WaitOption = False,
) -> None:
    """Load RDF files into the store, e.g. what `kg export` wrote.

    Named graphs are kept (loading a graph replaces the graph of that name); triples
    without a graph go into a graph named after the file. Every file is parsed first:
    if one is malformed, nothing is written.

    Example: [bold]kg load graph.trig --store fresh-store[/]
    """
    try:
        with _write_lock(store, wait):
            kg_store = open_store(store, must_exist=False)
            try:
                summary = load_rdf(kg_store, files, fmt)
            finally:
                kg_store.close()
    except (LoadError, StoreBusy) as e:
        raise fail(str(e)) from e
    except OSError as e:
        raise fail(f"cannot write to store '{store}': {e.strerror or _first_line(e)}") from e
    err.print(f"loaded {summary.triples} triples in {summary.graphs} graph(s) from {summary.files} file(s)", highlight=False)


@app.command()
def extract(
    sources: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl, .csv), folders, or - for stdin.")],
) -> None:
    """Print the extraction of each document as one JSON line, without a store.

    Example: [bold]kg extract examples/000_seed.txt | jq .events[].cls[/]
    """
    try:
        documents = build_stage.read_all(sources, stdin=sys.stdin)
    except build_stage.IngestErrors as e:
        raise bad_input(e) from e
    for extraction in run_extraction(documents):
        sys.stdout.write(json.dumps(extraction.to_json(), ensure_ascii=False) + "\n")


@app.command()
def query(
    sparql: Annotated[Optional[str], typer.Argument(help="A SPARQL query (or use --file).")] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
    store: StoreOption = DEFAULT_LOCATION,
) -> None:
    """Run a SPARQL query over the union of all documents and the ontology.

    Example: [bold]kg query --file ontology/queries/who-met-whom.rq --format csv[/]
    """
    if (sparql is None) == (file is None):
        raise fail("give a SPARQL query or --file FILE (one of them)", 2)
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as e:
            raise fail(f"cannot read query file '{file}': {e.strerror or e}") from e
    kg_store = open_store(store, must_exist=True, read_only=True)
    try:
        result = kg_store.query(sparql)
        _print_result(result, fmt)
    except QueryError as e:
        raise fail(f"bad SPARQL query: {e}") from e
    except OSError as e:  # a snapshot whose files a writer retired meanwhile
        raise fail(f"{_unreadable(store, e)} (it changed while read; run the query again)") from e
    except StoreError as e:
        raise fail(str(e)) from e
    finally:
        kg_store.close()


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="RDF serialisation.")] = ExportFormat.trig,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    include_ontology: Annotated[bool, typer.Option(help="Also export the ontology graph.")] = False,
    store: StoreOption = DEFAULT_LOCATION,
) -> None:
    """Dump the graph as RDF. Quad formats (nquads, trig, jsonld) keep one graph per article.

    graphml and gexf write the networkx mirror (entities and events as nodes) for Gephi
    or Cytoscape.

    Example: [bold]kg export --format turtle -o graph.ttl[/]
    """
    if fmt.value in GRAPH_FORMATS:
        return _export_graph(store, fmt.value, output)
    kg_store = open_store(store, must_exist=True, read_only=True)
    try:
        text = kg_store.serialize(fmt.value, include_ontology=include_ontology)
    except (OSError, StoreError) as e:
        raise fail(_unreadable(store, e)) from e
    finally:
        kg_store.close()
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise fail(f"cannot write '{output}': {e.strerror or e}") from e
    err.print(f"wrote {output}", highlight=False)


STATS_QUERIES = {
    "documents": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }",
    "entities": "SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls . ?cls rdfs:subClassOf* dip:Actor } GROUP BY ?cls ORDER BY DESC(?n)",
    "places": "SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls . ?cls rdfs:subClassOf* dip:Place } GROUP BY ?cls ORDER BY DESC(?n)",
    "events": "SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls . ?cls rdfs:subClassOf* dip:Event } GROUP BY ?cls ORDER BY DESC(?n)",
}


@app.command()
def stats(
    store: StoreOption = DEFAULT_LOCATION,
    top: Annotated[int, typer.Option("--top", "-n", min=0, help="Also rank the N most central actors (degree, betweenness, PageRank).")] = 0,
) -> None:
    """Count documents, triples, entities and events by class.

    Example: [bold]kg stats --store kg-store --top 10[/]
    """
    kg_store = open_store(store, must_exist=True, read_only=True)
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    try:
        table = Table("what", "count", title=f"store {store}")
        table.add_row("triples (all graphs, with ontology)", str(len(kg_store)))
        for name, sparql in STATS_QUERIES.items():
            rows = list(kg_store.query(prefixes + sparql))
            if name == "documents":
                table.add_row("documents", str(rows[0][0]))
                continue
            table.add_row(f"{name}", str(sum(int(r[1]) for r in rows)))
            for cls, n in rows:
                table.add_row(f"  {cls.split('#')[-1]}", str(n))
        out.print(table)
        if top:
            _print_centrality(kg_store, top)
    except (OSError, StoreError) as e:
        raise fail(_unreadable(store, e)) from e
    finally:
        kg_store.close()


@app.command()
def validate(store: StoreOption = DEFAULT_LOCATION) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl) and for consistency
    (every event derived from its article, no orphan nodes, every IRI labelled); exit 1 on problems.

    Example: [bold]kg validate --store kg-store[/]
    """
    from kg.validate import validate as run_validation

    kg_store = open_store(store, must_exist=True, read_only=True)
    try:
        report = run_validation(kg_store)
    except (OSError, StoreError) as e:
        raise fail(_unreadable(store, e)) from e
    finally:
        kg_store.close()
    if report.conforms:
        out.print("the graph conforms to ontology/shapes.ttl and is consistent", highlight=False)
        return
    if report.violations:
        out.print(report.text, highlight=False, markup=False)
    for problem in report.problems:
        say_error(problem)
    raise fail(f"{report.violations} SHACL violation(s), {len(report.problems)} failed consistency check(s)")


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files (schema: shared/gold/README.md).")],
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder holding the articles the gold files name.")],
    baseline: Annotated[bool, typer.Option("--baseline", help="Also score plain spaCy NER on the entities.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List missed and spurious events per document.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the overall figures as one JSON object.")] = False,
) -> None:
    """Score extraction against hand-checked gold: entity, event and relation P/R/F1.

    The corpus is built into a temporary store and read back with SPARQL, so the
    figures are those of the graph you query.

    Example: [bold]kg eval --gold ../shared/gold --corpus ../shared/corpus --baseline[/]
    """
    from kg import evaluate as scoring

    try:
        report = scoring.evaluate(gold, corpus)
        reference = scoring.baseline_entities(corpus, gold) if baseline else None
    except (scoring.GoldError, build_stage.IngestErrors) as error:
        raise fail(str(error))
    figures = report.figures()
    if reference is not None:
        figures["baseline_entity_typed_f1"] = reference.f1
    if as_json:
        sys.stdout.write(json.dumps({k: round(v, 4) for k, v in figures.items()}) + "\n")
        return
    table = Table("document", "ent P", "ent R", "ent F1", "untyped F1", "evt P", "evt R", "evt F1",
                  "class", "date", "place", "rel P", "rel R", "rel F1", title="extraction vs gold")
    for d in [*report.documents, report.total()]:
        table.add_row(
            d.doc,
            *(f"{v:.2f}" for v in (d.entities_typed.precision, d.entities_typed.recall, d.entities_typed.f1,
                                   d.entities_untyped.f1, d.events.precision, d.events.recall, d.events.f1,
                                   d.event_class.value, d.event_date.value, d.event_location.value,
                                   d.relations.precision, d.relations.recall, d.relations.f1)),
            end_section=d is report.documents[-1],
        )
    out.print(table)
    if reference is not None:
        out.print(f"baseline, plain spaCy NER: typed entity P {reference.precision:.2f} R {reference.recall:.2f} "
                  f"F1 {reference.f1:.2f}", highlight=False)
    if errors:
        for d in report.documents:
            for line in d.missed_events:
                out.print(f"{d.doc}  missed    {escape(line)}", highlight=False)
            for line in d.spurious_events:
                out.print(f"{d.doc}  spurious  {escape(line)}", highlight=False)
            for line in d.wrong_dates:
                out.print(f"{d.doc}  date      {escape(line)}", highlight=False)
@app.command()
def serve(
    store: StoreOption = DEFAULT_LOCATION,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the endpoint to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped (503).")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="Most rows (or triples) one answer may have (422 beyond).")] = 10_000,
    max_body: Annotated[int, typer.Option(help="Largest request body in bytes (413 beyond).")] = 1_000_000,
    workers: Annotated[int, typer.Option(help="Query worker processes (queries answered in parallel).")] = 2,
    worker_memory: Annotated[int, typer.Option(help="MB of memory a query worker may use (503 beyond); 0 for no limit.")] = 2048,
    cors: Annotated[Optional[list[str]], typer.Option(help="An origin allowed to query from a browser (repeat it; '*' for any).")] = None,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update from clients that send the token.")] = False,
    token: Annotated[
        Optional[str], typer.Option(envvar="KG_SERVE_TOKEN", help="The update token (default: a random one, printed at start).")
    ] = None,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log every request.")] = False,
) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint, with a query page at /.

    Read-only unless started with --allow-update; updates then need
    `Authorization: Bearer TOKEN`. Results in JSON, XML, CSV, TSV (SELECT, ASK) and
    Turtle, N-Triples, JSON-LD (CONSTRUCT, DESCRIBE), by Accept header or ?format=.

    Example: [bold]kg serve --store kg-store --port 7878[/] then
    [bold]curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql[/]
    """
    import secrets

    from kg import serve as serve_stage

    if store == MEMORY or is_remote(store):
        raise fail("kg serve needs a store directory (an in-memory store is empty; query a remote store's own endpoint)")
    if not Path(store).is_dir():
        raise fail(f"no store at '{store}' (build one with `kg build SOURCES --store {store}`)")
    for name, value in (("--timeout", timeout), ("--max-rows", max_rows), ("--max-body", max_body), ("--workers", workers)):
        if value <= 0:
            raise fail(f"{name} must be positive")
    if worker_memory < 0:
        raise fail("--worker-memory must be 0 (no limit) or a number of MB")
    if allow_update and not token:
        token = secrets.token_urlsafe(24)
        err.print(f"update token (send as 'Authorization: Bearer TOKEN'): {token}", highlight=False, markup=False)
    config = serve_stage.ServeConfig(
        store=store, host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body,
        workers=workers, worker_memory=worker_memory, cors=cors or [], allow_update=allow_update, token=token, access_log=access_log,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: anyone who can reach this machine can query the store", highlight=False, markup=False)
    mode = "read-write (with the token)" if allow_update else "read-only"
    err.print(f"serving '{store}' ({mode}) at http://{host}:{port}/sparql, query page at http://{host}:{port}/", highlight=False, markup=False)
    serve_stage.run(config)


def _print_result(result, fmt: QueryFormat) -> None:
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        sys.stdout.write(result.graph.serialize(format="turtle"))
        return
    if result.type == "ASK":
        if fmt == QueryFormat.json:
            sys.stdout.write(json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n")
        else:
            sys.stdout.write(("true" if result.askAnswer else "false") + "\n")
        return
    if fmt in {QueryFormat.csv, QueryFormat.json, QueryFormat.xml}:
        sys.stdout.write(result.serialize(format=fmt.value).decode("utf-8"))
        if fmt != QueryFormat.csv:
            sys.stdout.write("\n")
        return
    variables = [str(v) for v in result.vars]
    rows = [tuple(row) for row in result]
    if fmt == QueryFormat.tsv:
        sys.stdout.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            sys.stdout.write("\t".join(_tsv_term(t) for t in row) + "\n")
        return
    table = Table(*variables, show_lines=False)
    for row in rows:
        table.add_row(*("" if t is None else _short(t) for t in row))
    out.print(table)
    err.print(f"{len(rows)} row(s); long values are cut at {TABLE_CELL} characters, use --format csv for all", highlight=False)


def _tsv_term(term) -> str:
    """SPARQL 1.1 TSV: RDF term syntax, with tabs and newlines escaped inside literals."""
    if term is None:
        return ""
    if not isinstance(term, Literal):
        return term.n3()
    text = str(term)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(raw, escaped)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and str(term.datatype) != str(XSD.string):
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _short(term) -> str:
    text = " ".join(str(term).split())
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"


from kg.cli_graph import _export_graph, _print_centrality  # noqa: E402  (the graph commands register themselves)

# Run it as `kg` or `python -m kg` (kg/__main__.py): `python -m kg.cli` would load this
# module twice, once as __main__, and the graph commands would import the other copy.
