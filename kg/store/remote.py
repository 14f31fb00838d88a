"""A store on a SPARQL 1.1 server: `--store http://HOST:PORT/...`.

For teams that share one graph: reads go through rdflib's SPARQLUpdateStore (SPARQL
1.1 Query), and a build writes each batch of documents, with the derived graph's
changes, as one SPARQL 1.1 Update request, which servers that run a request as one
transaction (Oxigraph, Fuseki) apply whole: a build cut short leaves whole batches,
old or new, never half of one, and a derived graph that agrees with them. (A server
that applies a request's operations one by one can be left half-way by a crash; the
next write, or `kg validate`, finds the derived graph out of date and says so.)

Where the three services live differs by server; `endpoints()` knows the common
layouts and the environment can name them outright:

    KG_UPDATE_ENDPOINT   SPARQL 1.1 Update
    KG_GSP_ENDPOINT      SPARQL 1.1 Graph Store HTTP Protocol

The server's default graph must be the union of its named graphs (the project's
query contract); the store checks this on open and says how to fix it if not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

from kg import vocab
from kg.ids import ONTOLOGY_GRAPH, PROLOGUE
from kg.store.base import QueryError, Store, StoreError, first_line, new_version, update_text
from kg.store.derived import Delta

HTTP_TIMEOUT = 300  # seconds; one PUT carries a whole document's graph


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str


def endpoints(url: str) -> Endpoints:
    """The query, update and graph-store URLs of a server, from the one given as --store.

    - Oxigraph: the server's root (http://host:7878) or its /query URL
      -> /query, /update, /store;
    - Fuseki: the dataset URL (http://host:3030/ds), which takes all three;
    - anything else: the URL for all three unless KG_UPDATE_ENDPOINT / KG_GSP_ENDPOINT say otherwise.
    """
    url = url.rstrip("/")
    path = urlsplit(url).path
    if path in ("", "/") or path.endswith("/query"):
        base = url.removesuffix("/query")
        found = Endpoints(f"{base}/query", f"{base}/update", f"{base}/store")
    else:
        found = Endpoints(url, url, url)
    return Endpoints(
        found.query,
        os.environ.get("KG_UPDATE_ENDPOINT") or found.update,
        os.environ.get("KG_GSP_ENDPOINT") or found.graph_store,
    )


class RemoteStore(Store):
    """`Store` over a SPARQL 1.1 server; `kg.store.open(url)` returns one of these.

    The server decides who may write (and how writers queue), so `read_only` and
    `wait` change nothing here."""

    def __init__(self, location: str, *, read_only: bool = False, wait: bool = False):
        self.endpoints = endpoints(str(location))
        self._http = requests.Session()
        backend = SPARQLUpdateStore(
            query_endpoint=self.endpoints.query,
            update_endpoint=self.endpoints.update,
            method="POST",  # long queries do not fit in a URL
            returnFormat="json",
        )
        super().__init__(str(location), Dataset(store=backend, default_union=True))
        try:
            if not self._has_graph(ONTOLOGY_GRAPH):
                self.replace_graphs({ONTOLOGY_GRAPH: vocab.ontology_graph()})
            union = self.query("ASK { dip:Event ?p ?o }").askAnswer
        except (OSError, QueryError) as err:
            raise StoreError(f"cannot use the SPARQL endpoint {self.endpoints.query}: {err}") from err
        if not union:
            raise StoreError(
                f"the default graph of {self.endpoints.query} is not the union of its named graphs, so queries "
                "would see nothing: start Oxigraph with --union-default-graph (Fuseki: tdb2:unionDefaultGraph true)"
            )

    def query(self, sparql: str):
        try:
            result = self.dataset.query(sparql)
        except OSError as err:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoints.query}: {err}") from err
        except Exception as err:  # rdflib's own parse of the answer
            raise QueryError(first_line(err)) from err
        if isinstance(result, tuple):  # rdflib's SPARQL connector hands back (status, reason, None) on HTTP errors
            raise QueryError(self._server_message(sparql) or result[1])
        return result

    def _server_message(self, sparql: str) -> str | None:
        """The server's own words for a refused query (rdflib drops the response body)."""
        try:
            response = self._http.post(self.endpoints.query, data={"query": PROLOGUE + sparql}, timeout=HTTP_TIMEOUT)
        except requests.RequestException:
            return None
        return response.text.strip()[:500] or None if response.status_code >= 400 else None

    def _commit(self, graphs: Mapping[URIRef, str], delta: Delta | None) -> None:
        """One SPARQL Update request per batch: it drops the replaced graphs, inserts the new
        triples and applies the derived delta, and a server that runs each request as one
        transaction (Oxigraph, Fuseki) applies all of it or none."""
        body = update_text(graphs, delta, sorted(graphs), new_version())
        if not body:
            return
        try:
            response = self._http.post(
                self.endpoints.update, data=body.encode("utf-8"),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"}, timeout=HTTP_TIMEOUT,
            )
        except requests.RequestException as err:
            raise StoreError(f"cannot write to {self.endpoints.update}: {err}") from err
        if response.status_code >= 300:
            raise StoreError(f"{self.endpoints.update} refused the update: HTTP {response.status_code} {response.text[:300]}")

    def graph(self, name: URIRef) -> Graph:
        """One named graph's triples, fetched with a single Graph Store GET."""
        try:
            response = self._http.get(
                self.endpoints.graph_store,
                params={"graph": str(name)},
                headers={"Accept": "application/n-triples"},
                timeout=HTTP_TIMEOUT,
            )
        except requests.RequestException as err:
            raise StoreError(f"cannot read graph <{name}> from {self.endpoints.graph_store}: {err}") from err
        if response.status_code >= 300:
            raise StoreError(f"{self.endpoints.graph_store} refused graph <{name}>: HTTP {response.status_code}")
        return Graph().parse(data=response.content.decode("utf-8"), format="nt")

    def close(self) -> None:
        super().close()
        self._http.close()
