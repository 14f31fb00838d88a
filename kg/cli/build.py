"""The commands that put documents in: build, load, and extract (which prints instead of storing)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from kg import api
from kg.cli.common import (
    DEFAULT_STORE,
    StoreOption,
    err,
    fail,
    reason,
    say_error,
    write_stdout,
)

# Exit status of a build that wrote the good records but skipped some bad ones.
PARTIAL = 3
SOURCES_HELP = "Files (.txt, .jsonl, .csv, .html, .rss/.atom/.xml feeds), folders, or - for stdin."
WaitOption = Annotated[
    bool, typer.Option("--wait", help="If another build or load is writing to the store, queue behind it instead of stopping.")
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--doc-timeout", envvar="KG_DOC_TIMEOUT", min=0,
        help="Seconds one document's extraction may take; a slower one is skipped and reported (0: no limit).",
    ),
]

DateOption = Annotated[
    Optional[str],
    typer.Option(
        "--date", metavar="YYYY-MM-DD",
        help="The date of records that give none: web pages with no findable publication date, feed items "
        "without one, .txt files without a 'date' header, JSON lines or CSV rows without a date.",
    ),
]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def build(
    sources: Annotated[list[str], typer.Argument(help=SOURCES_HELP)],
    store: StoreOption = DEFAULT_STORE,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parse and extract in N worker processes; with --engine dask --scheduler local, the cluster's size.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Rebuild documents that are already in the store.")] = False,
    engine: Annotated[Engine, typer.Option(help="Run here, or on a Dask cluster (see --scheduler).")] = Engine.local,
    scheduler: Annotated[
        str,
        typer.Option(help="With --engine dask: a scheduler address (tcp://host:8786), or 'local' for a cluster on this machine."),
    ] = "local",
    doc_timeout: TimeoutOption = 60.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Write nothing if any record is bad.")] = False,
    wait: WaitOption = False,
    default_date: DateOption = None,
) -> None:
    """Ingest, extract and load SOURCES into the store.

    A bad record (no or bad date, malformed JSON line, binary file, ...) is reported
    with its file, line and reason and skipped; the good ones are built, and the exit
    status is 3. So is a document whose extraction runs past --doc-timeout. With
    --strict, one bad record means nothing is written (exit 1). Documents already in
    the store (same text, same id) are skipped, so a second build of a growing folder
    costs only the new articles; --force rebuilds them. Re-building a document
    replaces its graph. Documents are written whole, a batch of them per transaction:
    an interrupted build leaves whole documents only, and running it again completes it.

    Web pages (.html, .htm) give their main text, title, canonical URL
    and publication date; each item of an RSS or Atom feed (.rss, .atom,
    .xml) is a document, and items built before are skipped as unchanged,
    so a feed can be fetched and built again. --date dates the records
    that give no date of their own.

    Example: [bold]kg build examples/ --store kg-store --workers 2[/]

    Example: [bold]kg build saved-pages/ feeds/ministry.rss --date 2019-09-23[/]

    Example: [bold]kg build news/ --engine dask --scheduler tcp://scheduler:8786[/]
    """
    checked = _check(sources, default_date)
    for problem in checked.errors:
        say_error(problem)
    if checked.errors and strict:
        raise fail(f"{_failures(checked.errors)}; nothing written (--strict)")
    if not checked.count:
        raise fail(f"no documents to build{'; ' + _failures(checked.errors) if checked.errors else ''}")
    summary = _build(store, checked, quiet, wait, engine=engine.value, scheduler=scheduler, workers=workers,
                     force=force, doc_timeout=doc_timeout)
    err.print(f"built {summary.line()}", highlight=False)
    if summary.slowest and not quiet:
        slowest = ", ".join(f"{name} ({seconds:.1f} s)" for name, seconds in summary.slowest)
        err.print(f"slowest documents: {slowest}", highlight=False, markup=False)
    if summary.errors:
        say_error(f"{_failures(summary.errors)} (listed above); the other {summary.documents} documents were built")
        raise typer.Exit(PARTIAL)


def _check(sources: list[str], default_date: str | None):
    try:
        return api.check_sources(sources, stdin=sys.stdin, default_date=default_date)
    except ValueError as e:  # the --date itself
        raise fail(f"--date: {e}", 2) from e


def _build(store: str, checked, quiet: bool, wait: bool, **options) -> api.BuildSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet, transient=True,
    )
    try:
        with api.KnowledgeGraph.open(store, wait=wait) as kg, progress:
            task = progress.add_task("building", total=checked.count)
            return kg.build(checked, progress=lambda _document: progress.advance(task), on_skip=say_error, **options)
    except (api.StoreError, api.StoreBusy, api.DaskError) as e:
        raise fail(str(e)) from e
    except OSError as e:  # disk full, read-only file system, permissions: the store is as it was
        raise fail(f"cannot write to store '{store}': {reason(e)}") from e


def _failures(errors: list[api.IngestError]) -> str:
    """The summary line of a batch's bad records: how many, in which files."""
    per_file: dict[str, int] = {}
    for problem in errors:
        per_file[problem.source] = per_file.get(problem.source, 0) + 1
    files = ", ".join(f"{name} ({n})" for name, n in list(per_file.items())[:10])
    more = f" and {len(per_file) - 10} more files" if len(per_file) > 10 else ""
    return f"skipped {len(errors)} bad record(s) in {len(per_file)} file(s): {files}{more}"


def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: .trig, .nq, .ttl, .nt, .jsonld.")],
    fmt: Annotated[
        Optional[str], typer.Option("--format", help="RDF format of all files (default: from each suffix).")
    ] = None,
    store: StoreOption = DEFAULT_STORE,
    wait: WaitOption = False,
) -> None:
    """Load RDF files into the store, e.g. what `kg export` wrote.

    Named graphs are kept (loading a graph replaces the graph of that name); triples
    without a graph go into a graph named after the file. Every file is parsed first:
    if one is malformed, nothing is written.

    Example: [bold]kg load graph.trig --store fresh-store[/]
    """
    try:
        with api.KnowledgeGraph.open(store, wait=wait) as kg:
            summary = kg.load(files, fmt)
    except (api.LoadError, api.StoreError, api.StoreBusy) as e:
        raise fail(str(e)) from e
    except OSError as e:
        raise fail(f"cannot write to store '{store}': {reason(e)}") from e
    err.print(f"loaded {summary.triples} triples in {summary.graphs} graph(s) from {summary.files} file(s)", highlight=False)


def extract(
    sources: Annotated[list[str], typer.Argument(help=SOURCES_HELP)],
    doc_timeout: TimeoutOption = 60.0,
    default_date: DateOption = None,
) -> None:
    """Print the extraction of each document as one JSON line, without a store.

    A document whose extraction runs past --doc-timeout is reported and skipped (exit 3).

    Example: [bold]kg extract examples/000_seed.txt | jq .events[].cls[/]
    """
    skipped: list[api.IngestError] = []

    def skip(problem: api.IngestError) -> None:
        skipped.append(problem)
        say_error(problem)

    try:
        for extraction in api.extract(sources, stdin=sys.stdin, doc_timeout=doc_timeout, on_skip=skip, default_date=default_date):
            write_stdout((json.dumps(extraction.to_json(), ensure_ascii=False) + "\n").encode())
    except api.IngestErrors as e:
        for problem in e.errors:
            say_error(problem)
        raise typer.Exit(1) from e
    except ValueError as e:  # the --date itself
        raise fail(f"--date: {e}", 2) from e
    if skipped:
        raise fail(f"{_failures(skipped)} (listed above)", PARTIAL)
