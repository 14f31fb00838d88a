"""`kg serve` as a real process, asked by a real SPARQL client (SPARQLWrapper) and by requests."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg import vocab
from kg.store import open as open_store
from tests.support.servers import hammer, kg_serve

TOKEN = "s3cret-token-for-tests"
WHO_MET_WHOM = vocab.example_queries()["who-met-whom"]
COUNTRIES = "SELECT ?c ?label WHERE { ?c a dip:Country ; rdfs:label ?label } ORDER BY ?label"
CROSS_PRODUCT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_PRODUCT_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
TIMEOUT = 2


@pytest.fixture(scope="module")
def local(built_store_dir):
    with open_store(built_store_dir) as store:
        yield {
            "who": sorted(tuple(str(t) if t is not None else "" for t in row) for row in store.query(WHO_MET_WHOM)),
            "countries": [(str(c), str(label)) for c, label in store.query(COUNTRIES)],
            "construct": Graph() + store.query("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a dip:Country ; rdfs:label ?l }").graph,
        }


@pytest.fixture(scope="module")
def endpoint(built_store_dir):
    """A read-only server with the defaults, except a short timeout and a small cap."""
    with kg_serve(built_store_dir, "--timeout", str(TIMEOUT), "--max-rows", "500", "--max-body", "20000", "--workers", "2") as url:
        yield url


@pytest.fixture(scope="module")
def writable(built_store_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(built_store_dir, path)
    with kg_serve(path, "--allow-update", "--cors", "https://notebook.example", token=TOKEN) as url:
        yield url


def client(url: str, query: str, fmt: str, method: str = POST, request_method: str = URLENCODED) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    return sparql


def who_rows_from_json(data: dict) -> list[tuple]:
    names = data["head"]["vars"]
    return sorted(tuple(b.get(v, {}).get("value", "") for v in names) for b in data["results"]["bindings"])


# -- every format ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "request_method"),
    [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)],
    ids=["GET ?query=", "POST form", "POST sparql-query"],
)
def test_select_as_json_by_every_protocol_binding(endpoint, local, method, request_method):
    data = client(endpoint, WHO_MET_WHOM, JSON, method, request_method).queryAndConvert()
    assert data["head"]["vars"] == ["aLabel", "bLabel", "eventClass", "date", "placeLabel", "evidence"]
    assert who_rows_from_json(data) == local["who"]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    precision = {xsd + "date": 10, xsd + "gYearMonth": 7, xsd + "gYear": 4}  # the datatype says how precise
    for row in data["results"]["bindings"]:
        assert len(row["date"]["value"]) == precision[row["date"]["datatype"]]


def test_select_as_xml(endpoint, local):
    document = client(endpoint, COUNTRIES, XML).queryAndConvert()
    rows = []
    for result in document.getElementsByTagName("result"):
        cells = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
        rows.append((cells["c"], cells["label"]))
    assert rows == local["countries"]


def test_select_as_csv_and_tsv(endpoint, local):
    text = client(endpoint, COUNTRIES, CSV).queryAndConvert().decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["c", "label"]
    assert [tuple(r) for r in rows[1:]] == local["countries"]

    text = client(endpoint, COUNTRIES, TSV).queryAndConvert().decode()
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "?c\t?label"
    assert [tuple(line.split("\t")) for line in lines[1:]] == [(f"<{c}>", f'"{label}"') for c, label in local["countries"]]


def test_csv_quotes_commas_and_quotes(endpoint):
    text = client(endpoint, 'SELECT ?x WHERE { BIND("a, \\"b\\"" AS ?x) }', CSV).queryAndConvert().decode()
    assert list(csv.reader(io.StringIO(text))) == [["x"], ['a, "b"']]


def test_ask_in_every_format(endpoint):
    assert client(endpoint, "ASK { ?c dip:isoCode 'IND' }", JSON).queryAndConvert()["boolean"] is True
    assert client(endpoint, "ASK { ?c dip:isoCode 'XXX' }", JSON).queryAndConvert()["boolean"] is False
    xml = client(endpoint, "ASK { ?c dip:isoCode 'IND' }", XML).queryAndConvert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert client(endpoint, "ASK { ?c dip:isoCode 'IND' }", CSV).queryAndConvert().decode().split() == ["_askResult", "true"]
    assert client(endpoint, "ASK { ?c dip:isoCode 'IND' }", TSV).queryAndConvert().decode().split() == ["?_askResult", "true"]


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (N3, "nt"), (JSONLD, "json-ld")])
def test_construct_in_every_graph_format(endpoint, local, fmt, rdflib_format):
    query = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a dip:Country ; rdfs:label ?l }"
    sparql = client(endpoint, query, fmt)
    if fmt == N3:  # SPARQLWrapper has no N-Triples constant: ask for it by media type
        sparql.addCustomHttpHeader("Accept", "application/n-triples")
    response = sparql.query()
    body = response.response.read()
    graph = Graph().parse(data=body, format=rdflib_format)
    assert len(graph) == len(local["construct"]) > 0
    # (rdflib reads Oxigraph's local answer as "x"^^xsd:string, the wire as "x": the same RDF term)
    assert {(s, p, str(o)) for s, p, o in graph} == {(s, p, str(o)) for s, p, o in local["construct"]}


def test_describe_gives_a_graph(endpoint):
    body = requests.get(endpoint, params={"query": "DESCRIBE <https://w3id.org/dipkg/id/country/IND>"}, headers={"Accept": "text/turtle"}).text
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef("https://w3id.org/dipkg/id/country/IND"), URIRef("https://w3id.org/dipkg/ontology#isoCode"), Literal("IND")) in graph


def test_format_parameter_overrides_accept(endpoint):
    response = requests.get(endpoint, params={"query": "ASK {}", "format": "xml"}, headers={"Accept": "application/json"})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")


# -- refusals ---------------------------------------------------------------------------
def test_bad_query_is_400_with_the_parsers_message(endpoint):
    with pytest.raises(QueryBadFormed) as caught:
        client(endpoint, "SELECT ?x WHERE { ?x ?y }", JSON).query()
    assert "error at 1:" in str(caught.value)
    response = requests.get(endpoint, params={"query": "SELEC ?x"})
    assert response.status_code == 400
    assert response.text.startswith("bad SPARQL query: error at 1:")


def test_unacceptable_format_is_406(endpoint):
    assert requests.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "image/png"}).status_code == 406
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"
    response = requests.get(endpoint, params={"query": construct}, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "text/turtle" in response.text


def test_too_large_body_is_413(endpoint):
    padding = "#" + "x" * 30_000 + "\n"
    response = requests.post(endpoint, data=padding + "ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    # chunked, without Content-Length: the limit is counted while reading
    response = requests.post(endpoint, data=iter([padding.encode(), b"ASK {}"]), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_other_refusals(endpoint):
    assert requests.post(endpoint, data="ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert requests.get(endpoint, params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    assert requests.get(endpoint, params={"update": "CLEAR ALL"}).status_code == 405


def test_updates_are_refused_by_default(endpoint):
    sparql = SPARQLWrapper(endpoint.replace("/sparql", "/sparql"), updateEndpoint=endpoint)
    sparql.setMethod(POST)
    sparql.setQuery("CLEAR ALL")
    with pytest.raises(HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    assert client(endpoint, "ASK { ?c dip:isoCode 'IND' }", JSON).queryAndConvert()["boolean"] is True  # nothing cleared


def test_timeout_stops_a_pathological_query_and_the_server_carries_on(endpoint):
    started = time.monotonic()
    response = requests.post(endpoint, data={"query": CROSS_PRODUCT_COUNT})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "longer than 2 s" in response.text
    assert elapsed < TIMEOUT + 10  # stopped, not run to the end (which takes hours)
    assert client(endpoint, "ASK { ?c dip:isoCode 'IND' }", JSON).queryAndConvert()["boolean"] is True


def test_result_cap_holds_against_a_cross_product(endpoint):
    response = requests.post(endpoint, data={"query": CROSS_PRODUCT_ROWS}, headers={"Accept": "text/csv"})
    assert response.status_code == 422
    assert "more than 500 rows" in response.text
    assert requests.post(endpoint, data={"query": CROSS_PRODUCT_ROWS + " LIMIT 500"}, headers={"Accept": "text/csv"}).status_code == 200


def test_memory_limit_stops_a_query_that_would_eat_the_machine(built_store_dir):
    # a sorted cross product of every triple with every triple: about 1 GB to materialise
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1"
    with kg_serve(built_store_dir, "--timeout", "120", "--worker-memory", "700", "--workers", "1") as url:
        started = time.monotonic()
        response = requests.post(url, data={"query": query})
        assert response.status_code == 503
        assert "more memory than a query worker may use (700 MB)" in response.text
        assert time.monotonic() - started < 120
        assert client(url, "ASK { ?c dip:isoCode 'IND' }", JSON).queryAndConvert()["boolean"] is True


# -- updates with the token ------------------------------------------------------------
INSERT = 'INSERT DATA { GRAPH <https://w3id.org/dipkg/id/article/test> { <https://w3id.org/dipkg/id/person/test> rdfs:label "Test Person" } }'
ASK_INSERTED = 'ASK { ?p rdfs:label "Test Person" }'


def test_update_needs_the_right_token(writable):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = requests.post(writable, data={"update": INSERT}, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert client(writable, ASK_INSERTED, JSON).queryAndConvert()["boolean"] is False


def test_update_with_the_token_is_applied_and_seen_by_every_worker(writable):
    sparql = SPARQLWrapper(writable, updateEndpoint=writable)
    sparql.setMethod(POST)
    sparql.setQuery(INSERT)
    sparql.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    sparql.query()
    answers = [client(writable, ASK_INSERTED, JSON).queryAndConvert()["boolean"] for _ in range(6)]
    assert answers == [True] * 6

    bad = requests.post(writable, data={"update": "INSERT DATA { oops }"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400


def test_a_build_while_serving_is_seen_by_the_next_query(built_store_dir, tmp_path):
    from kg.pipeline import build, read_all

    path = tmp_path / "store"
    shutil.copytree(built_store_dir, path)
    article = tmp_path / "new.txt"
    article.write_text("date 2025-03-04\nPresident Emmanuel Macron met Chancellor Olaf Scholz in Berlin on Monday.\n")
    count = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }"
    with kg_serve(path, "--workers", "2") as url:
        before = int(requests.get(url, params={"query": count}, headers={"Accept": "text/csv"}).text.split()[1])
        with open_store(path) as store:  # another process's `kg build`, as far as the server can tell
            build(store, read_all([str(article)]))
        answers = {int(requests.get(url, params={"query": count}, headers={"Accept": "text/csv"}).text.split()[1]) for _ in range(4)}
    assert answers == {before + 1}


def test_service_description(endpoint, writable):
    sd = "http://www.w3.org/ns/sparql-service-description#"
    graph = Graph().parse(data=requests.get(endpoint, headers={"Accept": "text/turtle"}).text, format="turtle")
    service = URIRef(endpoint)
    assert (service, URIRef(f"{sd}endpoint"), service) in graph
    assert (service, URIRef(f"{sd}supportedLanguage"), URIRef(f"{sd}SPARQL11Query")) in graph
    assert (service, URIRef(f"{sd}supportedLanguage"), URIRef(f"{sd}SPARQL11Update")) not in graph
    writable_sd = Graph().parse(data=requests.get(writable, headers={"Accept": "application/ld+json"}).text, format="json-ld")
    assert (URIRef(writable), URIRef(f"{sd}supportedLanguage"), URIRef(f"{sd}SPARQL11Update")) in writable_sd


def test_cors_only_when_configured(endpoint, writable):
    origin = {"Origin": "https://notebook.example"}
    assert "access-control-allow-origin" not in requests.get(endpoint, params={"query": "ASK {}"}, headers=origin).headers
    allowed = requests.get(writable, params={"query": "ASK {}"}, headers=origin).headers
    assert allowed["access-control-allow-origin"] == "https://notebook.example"
    other = requests.get(writable, params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"}).headers
    assert "access-control-allow-origin" not in other


# -- the query page -----------------------------------------------------------------------
def test_query_page_and_its_assets_are_served_locally(endpoint):
    root = endpoint.removesuffix("sparql")
    html = requests.get(root, headers={"Accept": "text/html"}).text
    assert "<textarea" in html
    assert "http://" not in html and "https://" not in html  # no CDN
    assert requests.get(endpoint, headers={"Accept": "text/html"}).text == html
    for asset in ("static/app.js", "static/style.css"):
        assert requests.get(root + asset).status_code == 200
    examples = requests.get(root + "queries.json").json()
    assert {e["name"] for e in examples} == set(vocab.example_queries())
    assert next(e for e in examples if e["name"] == "who-met-whom")["title"] == "Who met whom"


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed (make browser)")
def test_query_page_loads_the_examples_in_a_real_browser(endpoint):
    root = endpoint.removesuffix("sparql")
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom", root],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert ">Who met whom</option>" in dom
    assert endpoint in dom  # the script ran and named the endpoint
    assert "<th>?aLabel</th>" in dom  # ... and ran the example against the endpoint, drawing a table
    assert "Vladimir Putin" in dom


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed (make browser)")
def test_query_page_shows_hostile_literals_as_text(endpoint):
    from urllib.parse import quote

    hostile = 'SELECT ?x WHERE { BIND("<img src=x onerror=\\"document.title=\'pwned\'\\">" AS ?x) }'
    page = endpoint.removesuffix("sparql") + "?query=" + quote(hostile)
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom", page],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "<td>&lt;img src=x onerror=" in dom  # shown as text in the table
    assert "pwned</title>" not in dom and "<img src" not in dom


# -- many clients ------------------------------------------------------------------------------
def test_twenty_concurrent_clients_all_get_the_right_answer(endpoint, local):
    def ask(i: int):
        if i % 2:
            return "who", who_rows_from_json(client(endpoint, WHO_MET_WHOM, JSON).queryAndConvert())
        text = client(endpoint, COUNTRIES, CSV).queryAndConvert().decode()
        return "countries", [tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:]]

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(ask, range(40)))
    assert len(answers) == 40
    for kind, rows in answers:
        assert rows == local[kind], kind


def test_bounded_load_has_no_errors(endpoint):
    query = "SELECT DISTINCT ?label WHERE { ?c dip:isoCode 'IND' ; rdfs:label ?label }"
    expected = b"label\r\nIndia\r\n"
    load = hammer(endpoint, query, expected, requests_total=2000, clients=20)
    print(f"load: {load.requests} requests in {load.seconds:.1f} s, p99 {load.percentile(99) * 1000:.0f} ms")
    assert load.errors == []
    assert len(load.latencies) == 2000


def test_serve_refuses_what_it_cannot_serve(tmp_path):
    for store, message in ((tmp_path / "nothing", "no store at"), ("memory", "needs a store directory")):
        result = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(store)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_json_results_are_valid_json_for_awkward_literals(endpoint):
    query = 'SELECT ?x WHERE { VALUES ?x { "tab\\there" "quote\\"d" "ünïcode"@fr } }'
    data = requests.get(endpoint, params={"query": query}).json()
    assert [b["x"]["value"] for b in data["results"]["bindings"]] == ["tab\there", 'quote"d', "ünïcode"]
    assert data["results"]["bindings"][2]["x"]["xml:lang"] == "fr"
    assert json.loads(json.dumps(data)) == data
