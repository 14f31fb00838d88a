"""The files that ship with the package: ontology, SHACL shapes, example queries.

They live in the repository's top-level `ontology/` folder (design.md) and are
installed as the `kg.ontology` package data, so both a checkout and a wheel find them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from rdflib import Graph


def ontology_dir():
    return files("kg.ontology")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(data=(ontology_dir() / "diplomacy.ttl").read_text(encoding="utf-8"), format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(data=(ontology_dir() / "shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def example_queries() -> dict[str, str]:
    """Named example queries: file stem -> SPARQL text."""
    folder = ontology_dir() / "queries"
    return {q.name.removesuffix(".rq"): q.read_text(encoding="utf-8") for q in sorted(folder.iterdir(), key=lambda q: q.name) if q.name.endswith(".rq")}
