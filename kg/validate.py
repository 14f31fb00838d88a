"""SHACL validation of the whole store against ontology/shapes.ttl.

The data graph is the union of every document's graph plus the ontology, so the
shapes can follow rdfs:subClassOf (a dip:Meeting is a dip:Event) without running
an inference engine over the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from pyshacl.consts import SH

from kg import resources
from kg.store import Store


@dataclass
class Report:
    conforms: bool
    violations: int
    text: str


def validate(store: Store) -> Report:
    data = store.union_graph(include_ontology=True)
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=resources.shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    return Report(bool(conforms), violations, text)
