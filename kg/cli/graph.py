"""The graph commands: path, neighbours and viz, over the networkx mirror of the store.

Names given on the command line resolve by label, alias or ISO code, any letter case;
an unknown or ambiguous name ends in one message with suggestions, and nothing is written.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kg import api
from kg.cli.common import DEFAULT_STORE, StoreOption, err, fail, out, reading, reason

FromOption = Annotated[Optional[str], typer.Option("--from", help="Only events on or after this day (YYYY-MM-DD).")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Only events on or before this day (YYYY-MM-DD).")]
ClassOption = Annotated[
    Optional[list[str]],
    typer.Option("--class", "-c", help="Only events of this class (repeatable); Consultation includes Meeting, Summit, PhoneCall, Visit."),
]
CountryOption = Annotated[Optional[list[str]], typer.Option("--country", help="Only events involving this country or its leaders (repeatable).")]
ConfidenceOption = Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0, help="Only events at or above this confidence.")]


def _filters(start, end, classes, countries, min_confidence) -> dict:
    """The command line's filters as the API takes them; a bad one ends the command (exit 2)."""
    for text, option in ((start, "--from"), (end, "--to")):
        if text is not None:
            try:
                date.fromisoformat(text)
            except ValueError as e:
                raise fail(f"{option} wants a date as YYYY-MM-DD, not '{text}'", 2) from e
    try:
        api.event_class_names(classes or [])
    except ValueError as e:
        raise fail(str(e), 2) from e
    return dict(start=start, end=end, classes=classes or [], countries=countries or [], min_confidence=min_confidence)


def path(
    source: Annotated[str, typer.Argument(help="Name (label, alias or ISO code) of the first entity.")],
    target: Annotated[str, typer.Argument(help="Name of the second entity.")],
    k: Annotated[int, typer.Option("--all", "-k", min=1, help="Show the K shortest chains, not only the shortest.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the chains as JSON.")] = False,
    start: FromOption = None,
    end: ToOption = None,
    classes: ClassOption = None,
    countries: CountryOption = None,
    min_confidence: ConfidenceOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """How two entities are connected: each hop with its relation, date, evidence sentence and article.

    Example: [bold]kg path "Angela Merkel" "Jair Bolsonaro" -k 2[/]
    """
    filters = _filters(start, end, classes, countries, min_confidence)
    with reading(store) as kg:
        try:
            chains = kg.explain(source, target, k=k, **filters)
            names = [kg.resolve(source), kg.resolve(target)]
            labels = [kg.label(iri) for iri in names]
        except api.UnknownName as e:
            raise fail(str(e)) from e
    if as_json:
        sys.stdout.write(json.dumps([{"source": c.source, "target": c.target, "hops": [asdict(h) for h in c.hops]} for c in chains], ensure_ascii=False, indent=1) + "\n")
    if not chains:
        raise fail(f"'{labels[0]}' and '{labels[1]}' are not connected in this graph")
    if not as_json:
        for number, chain in enumerate(chains, 1):
            print_path(chain, number if k > 1 else None)


def print_path(chain, number: int | None = None) -> None:
    heading = " → ".join(chain.names)
    prefix = f"{number}. " if number else ""
    out.print(f"[bold]{prefix}{escape(heading)}[/] ({len(chain)} hop{'s' if len(chain) != 1 else ''})", highlight=False)
    for i, hop in enumerate(chain.hops, 1):
        out.print(f"  {i}. {escape(hop.sentence())}", highlight=False)
        if hop.evidence:
            out.print(f"     “{escape(' '.join(hop.evidence.split()))}”", highlight=False, style="italic")
        if hop.article_title:
            out.print(f"     article: {escape(hop.article_title)}", highlight=False, style="dim")


def neighbours(
    name: Annotated[str, typer.Argument(help="Name (label, alias or ISO code) of an entity.")],
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="How many steps out (an event between two entities is one step).")] = 1,
    start: FromOption = None,
    end: ToOption = None,
    classes: ClassOption = None,
    countries: CountryOption = None,
    min_confidence: ConfidenceOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """The entities around NAME, nearest first, with the event or relation that links them.

    Example: [bold]kg neighbours "Angela Merkel" --depth 2[/]
    """
    filters = _filters(start, end, classes, countries, min_confidence)
    with reading(store) as kg:
        try:
            rows = kg.neighbours(name, depth=depth, **filters)
            label = kg.label(kg.resolve(name))
        except api.UnknownName as e:
            raise fail(str(e)) from e
    table = Table("steps", "name", "class", "via", title=f"around {label}")
    for _id, row_label, _type, cls, distance, via in rows:
        table.add_row(str(distance), escape(row_label), cls, escape(via))
    out.print(table)
    err.print(f"{len(rows)} neighbour(s) within {depth} step(s)", highlight=False)


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
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write the graph as one interactive HTML page that works offline (vis-network inlined).

    Colours and shapes by type, with a legend; hover a node or an edge for its names,
    evidence sentence, date and article; search box; physics switch.

    Example: [bold]kg viz -o graph.html --focus "Angela Merkel" --depth 2[/]
    """
    filters = _filters(start, end, classes, countries, min_confidence)
    with reading(store) as kg:
        try:
            page = kg.visualize(output, focus=focus, depth=depth, max_nodes=max_nodes, actors=actors,
                                physics=physics, hide_isolated=hide_isolated, title=title, **filters)
        except api.UnknownName as e:
            raise fail(str(e)) from e
        except OSError as e:
            raise fail(f"cannot write '{output}': {reason(e)}") from e
    err.print(f"wrote {output}: {page.nodes} nodes, {page.edges} edges", highlight=False)
    if page.dropped:
        shown = ", ".join(page.dropped[:10]) + (f" and {len(page.dropped) - 10} more" if len(page.dropped) > 10 else "")
        err.print(f"left out {len(page.dropped)} less connected nodes (--max-nodes {max_nodes}): {escape(shown)}", highlight=False)


def identity(
    name: Annotated[str, typer.Argument(help="Name (label, alias or ISO code) of an entity, or an entity IRI.")],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Which names, in which articles, the store took to be this one entity, and why.

    Example: [bold]kg identity Trump[/]
    """
    with reading(store) as kg:
        try:
            iri = kg.resolve(name)
            label = kg.label(iri)
            rows = kg.identity(iri)
        except api.UnknownName as e:
            raise fail(str(e)) from e
    out.print(f"[bold]{escape(label)}[/] <{iri}>", highlight=False)
    table = Table("name in the articles", "entity IRI", "rule", "articles", "why")
    for mention, mention_label, rule, why, articles in rows:
        table.add_row(escape(mention_label), mention.rsplit("/id/", 1)[-1], rule, str(articles), escape(why))
    out.print(table)
    err.print(f"{len(rows)} other entity IRI(s) stand for it in some articles", highlight=False)
