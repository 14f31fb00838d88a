"""The commands that read a store: query, export, stats, validate; and eval, which scores extraction."""

from __future__ import annotations

import json
import sys
from enum import Enum
from fnmatch import fnmatch
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kg import api
from kg.cli.common import (
    DEFAULT_STORE,
    TABLE_CELL,
    StoreOption,
    err,
    fail,
    out,
    reading,
    say_error,
    write_output,
    write_stdout,
)


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"


# RDF serialisations, the networkx mirror as GraphML / GEXF for Gephi and Cytoscape, and
# the events as event-data records (CSV, JSON lines).
ExportFormat = Enum("ExportFormat", {name: name for name in (*api.RDF_FORMATS, *api.GRAPH_FORMATS, *api.EVENT_FORMATS)}, type=str)


def query(
    sparql: Annotated[Optional[str], typer.Argument(help="A SPARQL query (or use --file).")] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format: a table, or a SPARQL 1.1 result format.")] = QueryFormat.table,
    store: StoreOption = DEFAULT_STORE,
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
    with reading(store) as kg:
        try:
            if fmt != QueryFormat.table:
                write_stdout(kg.query_text(sparql, fmt.value))
                return
            answer = kg.query(sparql)
        except api.QueryError as e:
            raise fail(f"bad SPARQL query: {e}") from e
    if isinstance(answer, bool):
        write_stdout(("true" if answer else "false").encode() + b"\n")
    elif isinstance(answer, api.Rows):
        table = Table(*answer.columns, show_lines=False)
        for row in answer.rows:
            table.add_row(*("" if t is None else _short(t) for t in row))
        out.print(table)
        err.print(f"{len(answer)} row(s); long values are cut at {TABLE_CELL} characters, use --format csv for all", highlight=False)
    else:
        write_stdout(answer.serialize(format="turtle").encode())


def _short(term) -> str:
    text = " ".join(str(term).split())
    for prefix, namespace in api.PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"


def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="RDF serialisation; graphml/gexf for the networkx mirror; events-csv/events-jsonl for event records."),
    ] = ExportFormat.trig,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    include_ontology: Annotated[bool, typer.Option(help="Also export the ontology graph.")] = False,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Dump the graph as RDF. Quad formats (nquads, trig, jsonld) keep one graph per article.

    graphml and gexf write the networkx mirror (entities and events as nodes) for Gephi
    or Cytoscape.

    events-csv and events-jsonl write one record per event, laid out as
    event data sets such as POLECAT are: date and its precision, PLOVER
    type, CAMEO root, actor and recipient with their countries, place
    with coordinates, evidence and article (README: "Event data out").

    Example: [bold]kg export --format turtle -o graph.ttl[/]

    Example: [bold]kg export --format events-csv -o events.csv[/]
    """
    events = None
    with reading(store) as kg:
        if fmt.value in api.EVENT_FORMATS:
            (data, events), graph = kg.export_events(fmt.value), None
        elif fmt.value in api.GRAPH_FORMATS:
            import io

            buffer = io.BytesIO()
            graph = kg.write_graph(buffer, fmt.value)
            data = buffer.getvalue()
        else:
            data, graph = kg.export(fmt.value, include_ontology=include_ontology), None
    write_output(data, output)
    if output is not None and graph is not None:
        err.print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", highlight=False)
    if output is not None and events is not None:
        err.print(f"{events} events", highlight=False)


def stats(
    store: StoreOption = DEFAULT_STORE,
    top: Annotated[int, typer.Option("--top", "-n", min=0, help="Also rank the N most central actors (degree, betweenness, PageRank).")] = 0,
) -> None:
    """Count documents, triples, entities and events by class.

    Example: [bold]kg stats --store kg-store --top 10[/]
    """
    with reading(store) as kg:
        table = Table("what", "count", title=f"store {store}")
        for what, count in kg.stats():
            table.add_row(what, str(count))
        out.print(table)
        if top:
            ranked = kg.centrality(top=top)
            table = Table("actor", "class", "events", "partners", "betweenness", "PageRank", title=f"top {top} actors (shared events)")
            for _id, label, kind, events, degree, betweenness, pagerank in ranked:
                table.add_row(escape(label), kind, str(events), str(degree), f"{betweenness:.3f}", f"{pagerank:.3f}")
            out.print(table)


def validate(store: StoreOption = DEFAULT_STORE) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl) and for consistency
    (every event derived from its article, no orphan nodes, every IRI labelled); exit 1 on problems.

    Example: [bold]kg validate --store kg-store[/]
    """
    with reading(store) as kg:
        report = kg.validate()
    if report.conforms:
        out.print("the graph conforms to ontology/shapes.ttl and is consistent", highlight=False)
        return
    if report.violations:
        out.print(report.text, highlight=False, markup=False)
    for problem in report.problems:
        say_error(problem)
    raise fail(f"{report.violations} SHACL violation(s), {len(report.problems)} failed consistency check(s)")


def evaluate(
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Folder of gold JSON files (schema: shared/gold/README.md).")] = None,
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder holding the articles the gold files name.")] = None,
    sentences: Annotated[Optional[Path], typer.Option("--sentences", help="A sentence suite (JSON lines, like tests/data/sentences.jsonl): class accuracy and false-event rate.")] = None,
    split: Annotated[Optional[list[str]], typer.Option("--split", help="NAME=PATTERN[,PATTERN...]: also report the gold documents whose file names match, e.g. newer=wn2019-1*,wn2019-09* (repeatable).")] = None,
    baseline: Annotated[bool, typer.Option("--baseline", help="Also score plain spaCy NER on the entities.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List missed and spurious events per document, and the suite's misses.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the overall figures as one JSON object.")] = False,
) -> None:
    """Score extraction against hand-checked gold documents (entity, event and relation P/R/F1,
    per event class) and against a suite of single real sentences.

    The gold corpus is built into a temporary store and read back with SPARQL, so the
    figures are those of the graph you query.

    Example: [bold]kg eval --gold ../shared/gold --corpus ../shared/corpus --split older=000*,wn2019-0[1-8]*[/]

    Example: [bold]kg eval --sentences tests/data/sentences.jsonl --errors[/]
    """
    if (gold is None) != (corpus is None) or (gold is None and sentences is None):
        raise fail("give --gold and --corpus together, or --sentences, or all three", 2)
    splits = _splits(split or [])
    figures: dict[str, float] = {}
    if gold is not None:
        try:
            report = api.evaluate(gold, corpus)
            reference = api.baseline_entities(corpus, gold) if baseline else None
        except (api.GoldError, api.IngestErrors) as error:
            raise fail(str(error)) from error
        figures |= report.figures()
        for name, patterns in splits.items():
            part = report.subset(d.doc for d in report.documents if any(fnmatch(d.doc, p) for p in patterns))
            figures |= {f"{name}_{k}": v for k, v in part.figures().items() if k in ("entity_typed_f1", "event_f1", "event_class_acc", "event_date_acc", "relation_f1")}
        if reference is not None:
            figures["baseline_entity_typed_f1"] = reference.f1
        if not as_json:
            _print_gold(report, splits, reference, errors)
    if sentences is not None:
        try:
            suite = api.score_sentences(sentences)
        except api.SuiteError as error:
            raise fail(str(error)) from error
        figures |= {f"sentences_{k}": v for k, v in suite.figures().items()}
        if not as_json:
            _print_suite(suite, errors)
    if as_json:
        sys.stdout.write(json.dumps({k: round(v, 4) for k, v in figures.items()}) + "\n")


def _splits(specs: list[str]) -> dict[str, list[str]]:
    out = {}
    for spec in specs:
        name, _, patterns = spec.partition("=")
        if not name or not patterns:
            raise fail(f"--split wants NAME=PATTERN[,PATTERN...], not '{spec}'", 2)
        out[name] = [p.strip() for p in patterns.split(",") if p.strip()]
    return out


def _print_gold(report, splits: dict[str, list[str]], reference, errors: bool) -> None:
    table = Table("document", "ent P", "ent R", "ent F1", "untyped F1", "evt P", "evt R", "evt F1",
                  "class", "date", "place", "rel P", "rel R", "rel F1", title="extraction vs gold")
    totals = [("all", report)] + [
        (name, report.subset(d.doc for d in report.documents if any(fnmatch(d.doc, p) for p in patterns)))
        for name, patterns in splits.items()
    ]
    rows = [(d.doc, d) for d in report.documents] + [(name, part.total()) for name, part in totals]
    for label, d in rows:
        table.add_row(
            label,
            *(f"{v:.2f}" for v in (d.entities_typed.precision, d.entities_typed.recall, d.entities_typed.f1,
                                   d.entities_untyped.f1, d.events.precision, d.events.recall, d.events.f1,
                                   d.event_class.value, d.event_date.value, d.event_location.value,
                                   d.relations.precision, d.relations.recall, d.relations.f1)),
            end_section=d is report.documents[-1],
        )
    out.print(table)
    classes = Table("event class", "system", "P", "gold", "R", title="events per class (all documents)")
    for cls, (precision, recall) in report.per_class().items():
        classes.add_row(cls, str(precision.total), f"{precision.value:.2f}", str(recall.total), f"{recall.value:.2f}")
    out.print(classes)
    if reference is not None:
        out.print(f"baseline, plain spaCy NER: typed entity P {reference.precision:.2f} R {reference.recall:.2f} "
                  f"F1 {reference.f1:.2f}", highlight=False)
    if errors:
        for d in report.documents:
            for kind, lines in (("missed", d.missed_events), ("spurious", d.spurious_events), ("date", d.wrong_dates)):
                for line in lines:
                    out.print(f"{d.doc}  {kind:<9} {escape(line)}", highlight=False)


def _print_suite(suite, errors: bool) -> None:
    f = suite.figures()
    table = Table("class", "found", "of", "accuracy", title=f"sentence suite: {f['sentences']} real sentences")
    for cls, (hit, n) in sorted(suite.per_class().items(), key=lambda i: api.event_class_order(i[0])):
        table.add_row(cls, str(hit), str(n), f"{hit / n:.2f}")
    out.print(table)
    out.print(
        f"class accuracy {f['class_accuracy']:.2f} (root {f['root_accuracy']:.2f}), actors found {f['actor_recall']:.2f}, "
        f"direction {f['direction_accuracy']:.2f}; false-event rate {f['false_event_rate']:.2f} "
        f"on {len(suite.negatives)} sentences without an event", highlight=False,
    )
    if errors:
        for r in suite.positives:
            if not r.exact:
                found = ",".join(e.cls for e in r.events) or "-"
                out.print(f"missed    {r.record['class']:<13} got {found:<12} {escape(r.record['text'][:110])}", highlight=False)
        for r in suite.negatives:
            if r.events:
                found = ",".join(e.cls for e in r.events)
                out.print(f"spurious  {found:<26} {escape(r.record['text'][:110])}", highlight=False)
