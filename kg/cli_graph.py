"""The graph commands of `kg`: path, neighbours, viz, and the graph parts of export and stats.

They read the networkx mirror (`kg.graph`), which reads the store through SPARQL.
Names given on the command line resolve by label or alias, case-insensitively; an
unknown or ambiguous name ends in one message with suggestions, and nothing is written.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import networkx as nx
import typer
from rich.markup import escape
from rich.table import Table

from kg import graph as kg_graph
from kg.cli import StoreOption, app, err, fail, open_store, out
from kg.store import DEFAULT_LOCATION, Store

FromOption = Annotated[Optional[str], typer.Option("--from", help="Only events on or after this day (YYYY-MM-DD).")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Only events on or before this day (YYYY-MM-DD).")]
ClassOption = Annotated[
    Optional[list[str]],
    typer.Option("--class", "-c", help="Only events of this class (repeatable); Consultation includes Meeting, Summit, PhoneCall, Visit."),
]
CountryOption = Annotated[Optional[list[str]], typer.Option("--country", help="Only events involving this country or its leaders (repeatable).")]
ConfidenceOption = Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0, help="Only events at or above this confidence.")]


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise fail(f"{option} wants a date as YYYY-MM-DD, not '{text}'", 2) from e


def _classes(names: list[str] | None) -> tuple[str, ...]:
    try:
        return kg_graph.event_classes(names or [])
    except ValueError as e:
        raise fail(str(e), 2) from e


def _resolve(kg_store: Store, name: str) -> str:
    try:
        return kg_graph.resolve(kg_store, name)
    except kg_graph.UnknownName as e:
        raise fail(str(e)) from e


def load_graph(kg_store: Store, start=None, end=None, classes=None, countries=None, min_confidence=None) -> nx.MultiDiGraph:
    """The mirror with the command line's filters applied (bad filters end the command)."""
    filters = kg_graph.Filters(
        start=_day(start, "--from"), end=_day(end, "--to"), classes=_classes(classes),
        countries=tuple(_resolve(kg_store, c) for c in countries or []), min_confidence=min_confidence,
    )
    return kg_graph.load(kg_store, filters)


def _in_graph(graph: nx.MultiDiGraph, kg_store: Store, name: str) -> str:
    try:
        return kg_graph.resolve_in(graph, kg_store, name)
    except kg_graph.UnknownName as e:
        raise fail(str(e)) from e


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="Name (label or alias) of the first entity.")],
    target: Annotated[str, typer.Argument(help="Name of the second entity.")],
    k: Annotated[int, typer.Option("--all", "-k", min=1, help="Show the K shortest chains, not only the shortest.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the chains as JSON.")] = False,
    start: FromOption = None,
    end: ToOption = None,
    classes: ClassOption = None,
    countries: CountryOption = None,
    min_confidence: ConfidenceOption = None,
    store: StoreOption = DEFAULT_LOCATION,
) -> None:
    """How two entities are connected: each hop with its relation, date, evidence sentence and article.

    Example: [bold]kg path "Angela Merkel" "Jair Bolsonaro" -k 2[/]
    """
    kg_store = open_store(store, must_exist=True, read_only=True)
    try:
        graph = load_graph(kg_store, start, end, classes, countries, min_confidence)
        a, b = _in_graph(graph, kg_store, source), _in_graph(graph, kg_store, target)
    finally:
        kg_store.close()
    chains = kg_graph.paths(graph, a, b, k=k)
    if as_json:
        sys.stdout.write(json.dumps([{"source": c.source, "target": c.target, "hops": [asdict(h) for h in c.hops]} for c in chains], ensure_ascii=False, indent=1) + "\n")
    if not chains:
        raise fail(f"'{graph.nodes[a]['label']}' and '{graph.nodes[b]['label']}' are not connected in this graph")
    if not as_json:
        for number, chain in enumerate(chains, 1):
            print_path(chain, number if k > 1 else None)


def print_path(chain: kg_graph.Path, number: int | None = None) -> None:
    heading = " → ".join(chain.names)
    prefix = f"{number}. " if number else ""
    out.print(f"[bold]{prefix}{escape(heading)}[/] ({len(chain)} hop{'s' if len(chain) != 1 else ''})", highlight=False)
    for i, hop in enumerate(chain.hops, 1):
        out.print(f"  {i}. {escape(hop.sentence())}", highlight=False)
        if hop.evidence:
            out.print(f"     “{escape(' '.join(hop.evidence.split()))}”", highlight=False, style="italic")
        if hop.article_title:
            out.print(f"     article: {escape(hop.article_title)}", highlight=False, style="dim")


@app.command()
def neighbours(
    name: Annotated[str, typer.Argument(help="Name (label or alias) of an entity.")],
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="How many steps out (an event between two entities is one step).")] = 1,
    start: FromOption = None,
    end: ToOption = None,
    classes: ClassOption = None,
    countries: CountryOption = None,
    min_confidence: ConfidenceOption = None,
    store: StoreOption = DEFAULT_LOCATION,
) -> None:
    """The entities around NAME, nearest first, with the event or relation that links them.

    Example: [bold]kg neighbours "Angela Merkel" --depth 2[/]
    """
    kg_store = open_store(store, must_exist=True, read_only=True)
    try:
        graph = load_graph(kg_store, start, end, classes, countries, min_confidence)
        node = _in_graph(graph, kg_store, name)
    finally:
        kg_store.close()
    rows = kg_graph.neighbours(graph, node, depth)
    table = Table("steps", "name", "class", "via", title=f"around {graph.nodes[node]['label']}")
    for row in rows:
        table.add_row(str(row.distance), escape(row.label), row.cls, escape(row.via))
    out.print(table)
    err.print(f"{len(rows)} neighbour(s) within {depth} step(s)", highlight=False)


@app.command()
def viz(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("graph.html"),
    focus: Annotated[Optional[str], typer.Option("--focus", help="Only the neighbourhood of this entity.")] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="Steps around --focus.")] = 2,
    max_nodes: Annotated[Optional[int], typer.Option("--max-nodes", min=1, help="Keep the N most connected nodes; the page lists the others.")] = None,
    actors: Annotated[bool, typer.Option("--actors", help="Draw actors only, linked by the events they share.")] = False,
    hide_isolated: Annotated[bool, typer.Option("--hide-isolated", help="Leave out entities that take part in nothing.")] = False,
    physics: Annotated[bool, typer.Option("--physics/--no-physics", help="Lay out with physics first (bounded), or draw at once.")] = True,
    title: Annotated[str, typer.Option("--title", help="Page title.")] = "diplomacy-kg",
    start: FromOption = None,
    end: ToOption = None,
    classes: ClassOption = None,
    countries: CountryOption = None,
    min_confidence: ConfidenceOption = None,
    store: StoreOption = DEFAULT_LOCATION,
) -> None:
    """Write the graph as one interactive HTML page that works offline (vis-network inlined).

    Colours and shapes by type, with a legend; hover a node or an edge for its names,
    evidence sentence, date and article; search box; physics switch.

    Example: [bold]kg viz -o graph.html --focus "Angela Merkel" --depth 2[/]
    """
    from kg import viz as kg_viz

    kg_store = open_store(store, must_exist=True, read_only=True)
    try:
        graph = load_graph(kg_store, start, end, classes, countries, min_confidence)
        node = _in_graph(graph, kg_store, focus) if focus else None
    finally:
        kg_store.close()
    if node is not None:
        graph = kg_graph.neighbourhood(graph, node, depth)
    if hide_isolated:
        graph.remove_nodes_from(list(nx.isolates(graph)))
    page = kg_viz.render(graph, title=title, max_nodes=max_nodes, physics=physics, actors=actors)
    try:
        page.save(output)
    except OSError as e:
        raise fail(f"cannot write '{output}': {e.strerror or e}") from e
    err.print(f"wrote {output}: {page.nodes} nodes, {page.edges} edges", highlight=False)
    if page.dropped:
        shown = ", ".join(page.dropped[:10]) + (f" and {len(page.dropped) - 10} more" if len(page.dropped) > 10 else "")
        err.print(f"left out {len(page.dropped)} less connected nodes (--max-nodes {max_nodes}): {escape(shown)}", highlight=False)


def _export_graph(store: str, fmt: str, output: Path | None) -> None:
    kg_store = open_store(store, must_exist=True, read_only=True)
    try:
        graph = kg_graph.load(kg_store)
    finally:
        kg_store.close()
    if output is None:
        kg_graph.write(graph, sys.stdout.buffer, fmt)
        return
    try:
        kg_graph.write(graph, output, fmt)
    except OSError as e:
        raise fail(f"cannot write '{output}': {e.strerror or e}") from e
    else:
        err.print(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", highlight=False)


def _print_centrality(kg_store: Store, top: int) -> None:
    rows = kg_graph.centrality(kg_graph.load(kg_store), top)
    table = Table("actor", "class", "events", "partners", "betweenness", "PageRank", title=f"top {top} actors (shared events)")
    for row in rows:
        table.add_row(escape(row.label), row.type, str(row.events), str(row.degree), f"{row.betweenness:.3f}", f"{row.pagerank:.3f}")
    out.print(table)
