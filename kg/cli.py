"""The `kg` command line: build, extract, query, export, stats, validate.

Every command that touches a store takes `--store PATH` (or `KG_STORE`); `memory`
selects rdflib's in-memory store, which lives only as long as the command.
Bad input ends in one plain `error:` line on stderr and exit status 1, with the
store as it was.
"""

from __future__ import annotations

import json
import sys
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
from kg.extract import extract as run_extraction
from kg.rdf import PREFIXES
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
        help=f"Store directory (Oxigraph on disk), or '{MEMORY}' for a throw-away in-memory store.",
        show_default=True,
    ),
]


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"


ExportFormat = Enum("ExportFormat", {name: name for name in RDF_FORMATS}, type=str)


def say_error(message: object) -> None:
    # escaped: messages quote user input and parser output, which may contain [brackets]
    err.print(f"[bold red]error:[/] {escape(str(message))}", highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    say_error(message)
    return typer.Exit(code)


def bad_input(errors: build_stage.IngestErrors) -> typer.Exit:
    """Every bad record, one line each, then exit 1."""
    for problem in errors.errors:
        say_error(problem)
    return typer.Exit(1)


def open_store(location: str, *, must_exist: bool) -> Store:
    if must_exist and location != MEMORY and not Path(location).is_dir():
        raise fail(f"no store at '{location}' (build one with `kg build SOURCES --store {location}`)")
    try:
        return Store(location)
    except StoreError as e:
        raise fail(str(e)) from e


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
) -> None:
    """Ingest, extract and load SOURCES into the store.

    Documents already in the store (same text, same id) are skipped, so a second build
    of a growing folder costs only the new articles; --force rebuilds them. Re-building
    a document replaces its graph. If any source is bad, nothing is written.

    Example: [bold]kg build examples/ --store kg-store --workers 2[/]

    Example: [bold]kg build news/ --engine dask --scheduler tcp://scheduler:8786[/]
    """
    try:
        checked = build_stage.check_sources(sources, stdin=sys.stdin)
    except build_stage.IngestErrors as e:
        raise bad_input(e) from e
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
                    summary = build_on_dask(
                        kg_store, checked, scheduler=scheduler, workers=workers, force=force, progress=advance
                    )
                except DaskError as e:
                    raise fail(str(e)) from e
            else:
                summary = build_stage.build(kg_store, checked.documents(), workers=workers, force=force, progress=advance)
    finally:
        kg_store.close()
    err.print(f"built {summary.line()}", highlight=False)


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
    kg_store = open_store(store, must_exist=True)
    try:
        result = kg_store.query(sparql)
        _print_result(result, fmt)
    except QueryError as e:
        raise fail(f"bad SPARQL query: {e}") from e
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

    Example: [bold]kg export --format turtle -o graph.ttl[/]
    """
    kg_store = open_store(store, must_exist=True)
    try:
        text = kg_store.serialize(fmt.value, include_ontology=include_ontology)
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
def stats(store: StoreOption = DEFAULT_LOCATION) -> None:
    """Count documents, triples, entities and events by class.

    Example: [bold]kg stats --store kg-store[/]
    """
    kg_store = open_store(store, must_exist=True)
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
    finally:
        kg_store.close()


@app.command()
def validate(store: StoreOption = DEFAULT_LOCATION) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations.

    Example: [bold]kg validate --store kg-store[/]
    """
    from kg.validate import validate as run_validation

    kg_store = open_store(store, must_exist=True)
    try:
        report = run_validation(kg_store)
    finally:
        kg_store.close()
    if report.conforms:
        out.print("the graph conforms to ontology/shapes.ttl", highlight=False)
        return
    out.print(report.text, highlight=False, markup=False)
    raise fail(f"{report.violations} SHACL violation(s)")


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


if __name__ == "__main__":
    app()
