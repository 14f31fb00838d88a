"""The `kg` command line: one module per command group, each thin over kg.api.

    build.py   build, load, extract       query.py   query, export, stats, validate, eval
    graph.py   path, neighbours, viz,     serve.py   serve (kg.endpoint)
               identity

Every command that touches a store takes `--store PATH` (or `KG_STORE`); `memory`
selects rdflib's in-memory store, which lives only as long as the command.
"""

from __future__ import annotations

import typer

from kg.cli import build, graph, query, serve

app = typer.Typer(
    name="kg",
    help="Build and query knowledge graphs of diplomatic news (RDF + SPARQL, offline).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
for command in (build.build, build.load, build.extract, query.query, query.export, query.stats, query.validate):
    app.command()(command)
app.command(name="eval")(query.evaluate)
for command in (serve.serve, graph.path, graph.neighbours, graph.viz, graph.identity):
    app.command()(command)
