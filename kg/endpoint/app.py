"""`kg serve`: a SPARQL 1.1 Protocol endpoint over an Oxigraph store on disk.

Starlette parses HTTP and negotiates; the queries themselves run in worker processes
(kg/workers.py) that the server kills when they pass the deadline, because no thread
can stop a running Oxigraph query. What the server refuses, and why:

- a query the parser rejects: 400 with the parser's message;
- no acceptable result format for the query's form: 406;
- a request body over --max-body bytes: 413 (read in chunks, never all at once);
- more than --max-rows rows or triples: 422, without building the rest;
- a query over --timeout seconds, or over --worker-memory MB: 503, and the worker is replaced;
- SPARQL Update unless started with --allow-update, and then only with the token
  (`Authorization: Bearer TOKEN`, compared in constant time): 403 / 401.
"""

from __future__ import annotations

import contextlib
import hmac
from dataclasses import dataclass, field
from importlib.resources import files
from urllib.parse import parse_qs

from rdflib import RDF, BNode, Graph, Namespace, URIRef
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg import vocab
from kg.endpoint import results
from kg.endpoint.workers import Reply, Request, WorkerPool
from kg.ids import PREFIX_IRIS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
SERVICE_FORMATS = [
    results.Format("turtle", "text/turtle"),
    results.Format("nt", "application/n-triples", ("text/plain",)),
    results.Format("json-ld", "application/ld+json", ("application/json",)),
    results.Format("xml", "application/rdf+xml"),
]
RESULT_FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD"]
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass
class ServeConfig:
    store: str
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    max_body: int = 1_000_000  # bytes of a POST body
    workers: int = 2
    worker_memory: int = 2048  # MB of address space per query worker; 0 for no limit
    cors: list[str] = field(default_factory=list)  # allowed origins; "*" for any
    allow_update: bool = False
    token: str | None = None  # required with allow_update
    access_log: bool = False


class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def create_app(config: ServeConfig) -> Starlette:
    if config.allow_update and not config.token:
        raise ValueError("--allow-update needs a token")
    pool = WorkerPool(config.store, config.workers, PREFIX_IRIS, config.max_rows, config.timeout, config.worker_memory)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    async def sparql(request: HttpRequest) -> Response:
        try:
            job = await _read_request(request, config)
        except BadRequest as err:
            return _reply(Reply.text(err.status, str(err)))
        if job is None:  # nothing asked: the query page for a browser, else the service description
            if _prefers_html(request.headers.get("accept")):
                return await page(request)
            return _service_description(request, config)
        if job.kind == "update":
            refusal = _refuse_update(request, config)
            if refusal is not None:
                return _reply(refusal)
            return _reply(await pool.run_exclusive(job))
        return _reply(await pool.run(job))

    async def page(_request: HttpRequest) -> Response:
        return HTMLResponse((files("kg.endpoint") / "static" / "index.html").read_text(encoding="utf-8"))

    async def example_queries(_request: HttpRequest) -> Response:
        return JSONResponse(_example_queries())

    middleware = []
    if config.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=config.cors,
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Authorization", "Content-Type"],
            )
        )
    routes = [
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries.json", example_queries),
        Mount("/static", StaticFiles(directory=str(files("kg.endpoint") / "static")), name="static"),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def run(config: ServeConfig) -> None:
    import uvicorn

    uvicorn.run(
        create_app(config),
        host=config.host,
        port=config.port,
        log_level="info",
        access_log=config.access_log,
        timeout_graceful_shutdown=5,
    )


# -- the protocol --------------------------------------------------------------
async def _read_request(request: HttpRequest, config: ServeConfig) -> Request | None:
    """The SPARQL operation of an HTTP request, per SPARQL 1.1 Protocol section 2."""
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, config.max_body)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BadRequest(400, "the request body is not UTF-8") from err
        if media_type == FORM:
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media_type == QUERY_BODY:
            params.setdefault("query", []).append(text)
        elif media_type == UPDATE_BODY:
            params.setdefault("update", []).append(text)
        else:
            raise BadRequest(415, f"POST a SPARQL query as {QUERY_BODY}, {UPDATE_BODY} or {FORM}, not '{media_type or 'no type'}'")
    elif len(request.url.query) > config.max_body:
        raise BadRequest(414, f"the query string is longer than {config.max_body} bytes, the server's limit")
    queries, updates = params.get("query", []), params.get("update", [])
    if not queries and not updates:
        return None
    if len(queries) + len(updates) > 1:
        raise BadRequest(400, "give exactly one 'query' or 'update'")
    if updates and request.method != "POST":
        raise BadRequest(405, "SPARQL Update must be sent with POST")
    default_graphs = params.get("default-graph-uri", []) + params.get("using-graph-uri", [])
    named_graphs = params.get("named-graph-uri", []) + params.get("using-named-graph-uri", [])
    if updates:
        return Request("update", updates[0])
    return Request(
        "query",
        queries[0],
        accept=request.headers.get("accept"),
        format=(params.get("format") or [None])[0],
        default_graphs=default_graphs,
        named_graphs=named_graphs,
    )


async def _read_body(request: HttpRequest, limit: int) -> bytes:
    too_large = BadRequest(413, f"the request body is larger than {limit} bytes, the server's limit")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_update(request: HttpRequest, config: ServeConfig) -> Reply | None:
    if not config.allow_update:
        return Reply.text(403, "this endpoint is read-only (start kg serve with --allow-update and a token to accept SPARQL Update)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), config.token.encode()):
        return Reply.text(401, "SPARQL Update needs the server's token: send 'Authorization: Bearer TOKEN'")
    return None


def _reply(reply: Reply) -> Response:
    headers = {"Vary": "Accept"}
    if reply.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="kg serve"'
    response = Response(reply.body, status_code=reply.status, headers=headers)
    response.headers["content-type"] = reply.content_type
    return response


def _prefers_html(accept: str | None) -> bool:
    ranges = results._media_ranges(accept or "")
    return any(media == "text/html" and q > 0 for media, q in ranges)


def _service_description(request: HttpRequest, config: ServeConfig) -> Response:
    fmt = results.negotiate(request.headers.get("accept"), SERVICE_FORMATS, request.query_params.get("format"))
    if fmt is None:
        offered = ", ".join(f.media_type for f in SERVICE_FORMATS)
        return _reply(Reply.text(406, f"the service description is available as {offered}"))
    endpoint = URIRef(str(request.url.replace(query="", fragment="")))
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", W3C_FORMATS)
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    if config.allow_update:
        graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMAT_IRIS:
        graph.add((endpoint, SD.resultFormat, W3C_FORMATS[name]))
    dataset, default_graph = BNode(), BNode()
    graph.add((endpoint, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    body = graph.serialize(format=fmt.name, encoding="utf-8")
    return Response(body, headers={"content-type": fmt.content_type, "Vary": "Accept"})


def _example_queries() -> list[dict]:
    """ontology/queries/*.rq with the title and description from their header comments."""
    out = []
    for name, text in vocab.example_queries().items():
        meta = {}
        for line in text.splitlines():
            if line.startswith("# ") and ":" in line:
                key, _, value = line[2:].partition(":")
                meta.setdefault(key.strip(), value.strip())
        out.append({"name": name, "title": meta.get("title", name), "description": meta.get("description", ""), "query": text})
    return out
