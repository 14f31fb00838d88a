"""SPARQL results on the wire: content negotiation and the four result formats.

The endpoint's workers stream Oxigraph's solutions straight into these writers, one
row at a time, so that a result-size cap can stop a query after N rows without ever
holding more. Only pyoxigraph and the standard library are imported here: the
workers load this module and nothing heavier.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    name: str  # what ?format= takes
    media_type: str
    aliases: tuple[str, ...] = ()  # other media types that select it

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml", "triples"))
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


# The first of each list is the default when the client accepts anything.
SOLUTION_FORMATS = [
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
]
GRAPH_FORMATS = [
    Format("turtle", "text/turtle", ("application/x-turtle",)),
    Format("nt", "application/n-triples", ("text/plain", "ntriples", "n-triples")),
    Format("jsonld", "application/ld+json", ("application/json", "json-ld")),
]
OX_GRAPH_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}


def negotiate(accept: str | None, formats: Sequence[Format], requested: str | None = None) -> Format | None:
    """The best of `formats` for an Accept header, None if none fits (406).

    An explicit ?format= that names one of `formats` wins; one that does not is ignored,
    as clients such as SPARQLWrapper send their own names (format=n3) along with Accept.
    """
    chosen = next((f for f in formats if requested in (f.name, f.media_type, *f.aliases)), None)
    if chosen is not None:
        return chosen
    ranges = _media_ranges(accept or "*/*")
    best, best_q = None, 0.0
    for fmt in formats:
        q = max((_match_q(fmt, mrange, q) for mrange, q in ranges), default=0.0)
        if q > best_q:  # strict: ties go to the earlier (preferred) format
            best, best_q = fmt, q
    return best


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def _match_q(fmt: Format, mrange: str, q: float) -> float:
    types = (fmt.media_type, *fmt.aliases)
    if mrange in types:
        return q + 0.002  # an exact match beats a wildcard of the same q
    if mrange == "*/*":
        return q
    if mrange.endswith("/*") and any(t.startswith(mrange[:-1]) for t in types):
        return q + 0.001
    return 0.0


# -- solutions ---------------------------------------------------------------
class RowCapExceeded(Exception):
    def __init__(self, cap: int):
        super().__init__(f"the result has more than {cap} rows, the server's limit: add a LIMIT (or ask for a higher --max-rows)")
        self.cap = cap


def capped(items: Iterable, cap: int) -> list:
    """The items, or RowCapExceeded as soon as there is one more than `cap`."""
    taken = []
    for item in items:
        if len(taken) == cap:
            raise RowCapExceeded(cap)
        taken.append(item)
    return taken


def to_oxigraph(term):
    """An rdflib term as the pyoxigraph term these writers take (for results read through rdflib)."""
    if term is None or isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    kind = type(term).__name__
    if kind == "URIRef":
        return ox.NamedNode(str(term))
    if kind == "BNode":
        return ox.BlankNode(str(term))
    if kind == "Literal":
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
    if isinstance(term, tuple) and len(term) == 3:  # a triple of a CONSTRUCT result
        return ox.Triple(*(to_oxigraph(t) for t in term))
    raise TypeError(f"not an RDF term: {term!r}")


def write_solutions(fmt: str, variables: list[str], rows: Iterable[Sequence]) -> bytes:
    """SELECT results (rows of pyoxigraph terms or None) in a SPARQL 1.1 result format."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        out = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
        for row in rows:
            out.append("<result>")
            out.extend(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row) if t is not None)
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if fmt == "csv":
        lines = [",".join(_csv_cell(v) for v in variables)]
        lines.extend(",".join("" if t is None else _csv_cell(_plain(t)) for t in row) for row in rows)
        return ("\r\n".join(lines) + "\r\n").encode()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)  # str() is N-Triples syntax
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown result format {fmt!r}")


def write_boolean(fmt: str, answer: bool) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode()
    if fmt == "xml":
        return f"{_XML_HEAD}<head/><boolean>{'true' if answer else 'false'}</boolean></sparql>\n".encode()
    if fmt == "csv":
        return f"_askResult\r\n{'true' if answer else 'false'}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{'true' if answer else 'false'}\n".encode()
    raise ValueError(f"unknown result format {fmt!r}")


def write_triples(fmt: str, triples: list, prefixes: dict[str, str]) -> bytes:
    if fmt == "nt":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if fmt == "turtle":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return ox.serialize(triples, format=OX_GRAPH_FORMAT[fmt])


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}  # RDF-star, rare


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
        if term.datatype.value not in (XSD_STRING, LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
        return f"<literal>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(str(term))}</literal>"


def _plain(term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv_cell(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def native_answer(store, sparql: str):
    """Oxigraph's own answer for a store on disk (its terms need no rdflib on the way),
    None for the other backends."""
    query = getattr(store, "native_query", None)
    return query(sparql) if query is not None else None


def answer(store, sparql: str, fmt: str, prefixes: dict[str, str]) -> bytes:
    """A query's answer in `fmt` from any store backend; CONSTRUCT and DESCRIBE in Turtle."""
    native = native_answer(store, sparql)
    if native is not None:  # Oxigraph's own terms go straight to the writers
        if hasattr(native, "variables"):
            return write_solutions(fmt, [v.value for v in native.variables], (tuple(s) for s in native))
        if type(native).__name__ == "QueryBoolean":
            return write_boolean(fmt, bool(native))
        return write_triples("turtle", list(native), prefixes)
    result = store.query(sparql)
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return write_triples("turtle", [to_oxigraph(t) for t in result.graph], prefixes)
    if result.type == "ASK":
        return write_boolean(fmt, bool(result.askAnswer))
    rows = (tuple(to_oxigraph(t) for t in row) for row in result)
    return write_solutions(fmt, [str(v) for v in result.vars], rows)
