"""`kg serve`: the store as a SPARQL 1.1 Protocol endpoint (kg/endpoint), with a query page."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.common import DEFAULT_STORE, StoreOption, err, fail


def serve(
    store: StoreOption = DEFAULT_STORE,
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
    from kg.endpoint import app

    if store == "memory" or store.startswith(("http://", "https://")):
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
    config = app.ServeConfig(
        store=store, host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body,
        workers=workers, worker_memory=worker_memory, cors=cors or [], allow_update=allow_update, token=token, access_log=access_log,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: anyone who can reach this machine can query the store", highlight=False, markup=False)
    mode = "read-write (with the token)" if allow_update else "read-only"
    err.print(f"serving '{store}' ({mode}) at http://{host}:{port}/sparql, query page at http://{host}:{port}/", highlight=False, markup=False)
    app.run(config)
