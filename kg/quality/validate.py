"""SHACL validation of the whole store, plus the consistency checks shapes cannot say,
plus the derived graph checked against what the documents imply.

The data graph is the union of every document's graph plus the ontology, so the
shapes can follow rdfs:subClassOf (a dip:Meeting is a dip:Event) without running
an inference engine over the data. The consistency checks are SPARQL over the
store: they look across graphs (an event derived from another graph's article)
and at what is missing (a resource nothing links to, an IRI with no label), which
SHACL's per-node shapes do not reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from pyshacl.consts import SH

from kg import vocab
from kg.ids import DERIVED_GRAPH, ID, ONTOLOGY_GRAPH, PROLOGUE
from kg.store import Store

_THING = f"""FILTER(STRSTARTS(STR(?x), "{ID}") && !STRSTARTS(STR(?x), "{ID}article/")
                  && !STRSTARTS(STR(?x), "{ID}event/"))"""

# what is wrong -> a query whose ?x are the resources at fault
CONSISTENCY_CHECKS = {
    "event without a derivation from an article (prov:wasDerivedFrom)": f"""
        SELECT DISTINCT ?x WHERE {{
          GRAPH ?g {{ ?x a ?cls }} FILTER(?g != <{DERIVED_GRAPH}>) ?cls rdfs:subClassOf* dip:Event .
          FILTER NOT EXISTS {{ GRAPH ?h {{ ?x prov:wasDerivedFrom ?a }} FILTER(?h != <{DERIVED_GRAPH}>) ?a a dip:Article }}
        }}""",
    "event derived from an article other than the graph that holds it": f"""
        SELECT DISTINCT ?x WHERE {{
          GRAPH ?g {{ ?x prov:wasDerivedFrom ?a }}
          FILTER(?a != ?g && STRSTARTS(STR(?g), "{ID}article/"))
        }}""",
    "article graph without its dip:Article": f"""
        SELECT DISTINCT ?x WHERE {{
          GRAPH ?x {{ ?s ?p ?o }}
          FILTER(STRSTARTS(STR(?x), "{ID}article/"))
          FILTER NOT EXISTS {{ GRAPH ?x {{ ?x a dip:Article }} }}
        }}""",
    "orphan node (linked to no other resource)": f"""
        SELECT DISTINCT ?x WHERE {{
          ?x ?p0 ?o0 . {_THING}
          FILTER NOT EXISTS {{ ?y ?p ?x }}
          FILTER NOT EXISTS {{ ?x ?q ?z . FILTER(isIRI(?z) && ?q != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) }}
        }}""",
    "resource IRI without an rdfs:label": f"""
        SELECT DISTINCT ?x WHERE {{
          {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }}
          {_THING}
          FILTER NOT EXISTS {{ ?x rdfs:label ?label }}
        }}""",
    "entity with more than one rdfs:label in one article graph": f"""
        SELECT DISTINCT ?x WHERE {{
          GRAPH ?g {{ ?x rdfs:label ?a , ?b }} FILTER(?a != ?b && ?g != <{DERIVED_GRAPH}>) {_THING}
        }}""",
    "entity with more than one canonical rdfs:label in the derived graph": f"""
        SELECT DISTINCT ?x WHERE {{
          GRAPH <{DERIVED_GRAPH}> {{ ?x rdfs:label ?a , ?b }} FILTER(?a != ?b) {_THING}
        }}""",
    "vocabulary term not declared (no rdfs:label in the ontology)": """
        SELECT DISTINCT ?x WHERE {
          { ?s ?x ?o } UNION { ?s a ?x }
          FILTER(STRSTARTS(STR(?x), STR(dip:)))
          FILTER NOT EXISTS { GRAPH ?onto { ?x rdfs:label ?label } FILTER(?onto = <%s>) }
        }""" % ONTOLOGY_GRAPH,
}
SHOWN = 5  # example IRIs printed per failed check


@dataclass
class Report:
    conforms: bool
    violations: int  # SHACL violations
    text: str  # SHACL report
    problems: list[str] = field(default_factory=list)  # failed consistency checks, one line each


def validate(store: Store) -> Report:
    # the shapes are the documents' contract: the derived graph is checked against a fresh derivation below
    data = store.union_graph(include_ontology=True)
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=vocab.shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    problems = consistency_problems(store) + derived_problems(store)
    return Report(bool(conforms) and not problems, violations, text, problems)


def derived_problems(store: Store) -> list[str]:
    """The derived graph must be exactly what the documents imply (kg/store/derived.py)."""
    stored, expected = store.derived_lines(), store.expected_derived()
    problems = []
    for what, lines in (("derived triple(s) missing", expected - stored), ("derived triple(s) the documents do not imply", stored - expected)):
        if lines:
            shown = "; ".join(sorted(lines)[:SHOWN])
            more = f" and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
            problems.append(f"{len(lines)} {what}: {shown}{more}")
    if problems:
        problems.append("the derived graph is out of date: `kg build` or `kg load` brings it up to date with the next change")
    return problems


def consistency_problems(store: Store) -> list[str]:
    """One line per failed check: what is wrong, how often, and a few of the IRIs."""
    problems = []
    for what, sparql in CONSISTENCY_CHECKS.items():
        found = sorted(str(row[0]) for row in store.query(PROLOGUE + sparql))
        if found:
            shown = ", ".join(f"<{iri}>" for iri in found[:SHOWN])
            more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
            problems.append(f"{len(found)} {what}: {shown}{more}")
    return problems
