"""The ontology's classes and the files that ship with it, read from ontology/ (the one source).

Event classes, their roots, the coarse entity types and the relation predicates are
read from diplomacy.ttl, so adding a class to the ontology adds it everywhere: to
extraction's checks, to the views' filters, to evaluation. The ontology, the SHACL
shapes and the example queries live in the repository's top-level `ontology/`
(design.md) and are installed as the `kg.ontology` package data, so both a checkout
and a wheel find them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.ids import DIP, local_name

# The gold schema's coarse entity types, each an ontology class.
COARSE_TYPES = ("Country", "Person", "Organization", "Place")
ROLES = ("participant", "initiator", "recipient")
STATUSES = ("happened", "planned")


def ontology_dir():
    return files("kg.ontology")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(data=_ontology_text(), format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(data=(ontology_dir() / "shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def example_queries() -> dict[str, str]:
    """Named example queries: file stem -> SPARQL text."""
    folder = ontology_dir() / "queries"
    return {
        q.name.removesuffix(".rq"): q.read_text(encoding="utf-8")
        for q in sorted(folder.iterdir(), key=lambda q: q.name)
        if q.name.endswith(".rq")
    }


def _subclasses(root: URIRef) -> list[URIRef]:
    """Every dip: class under `root` (itself included), depth first, in the file's order."""
    graph = ontology_graph()
    children = sorted(
        (c for c in graph.subjects(RDFS.subClassOf, root) if isinstance(c, URIRef) and str(c).startswith(str(DIP))),
        key=lambda c: _file_order(local_name(c)),
    )
    return [root] + [c for child in children for c in _subclasses(child)]


def _parent(cls: URIRef) -> URIRef | None:
    return next((p for p in ontology_graph().objects(cls, RDFS.subClassOf) if str(p).startswith(str(DIP))), None)


@lru_cache(maxsize=1)
def event_classes() -> tuple[str, ...]:
    """The event classes (not dip:Event itself), roots before their subclasses."""
    return tuple(local_name(c) for c in _subclasses(DIP.Event)[1:])


@lru_cache(maxsize=1)
def event_roots() -> dict[str, str]:
    """Event class -> its root class, the child of dip:Event it sits under (Meeting -> Consultation)."""
    roots = {}
    for name in event_classes():
        cls = DIP[name]
        while (parent := _parent(cls)) is not None and parent != DIP.Event:
            cls = parent
        roots[name] = local_name(cls)
    return roots


@lru_cache(maxsize=1)
def coarse_types() -> dict[str, str]:
    """Entity class -> its coarse type (GovernmentBody -> Organization, City -> Place)."""
    out = {}
    for coarse in COARSE_TYPES:
        for cls in _subclasses(DIP[coarse]):
            out[local_name(cls)] = coarse
    return out


@lru_cache(maxsize=1)
def actor_classes() -> tuple[str, ...]:
    return tuple(local_name(c) for c in _subclasses(DIP.Actor)[1:])


@lru_cache(maxsize=1)
def relation_predicates() -> tuple[str, ...]:
    """The actor and place relations (section 8 of the ontology): properties whose domain is
    an actor, a person, an organisation or a place, not an event or an article."""
    graph = ontology_graph()
    wanted = {DIP.Actor, DIP.Person, DIP.Organization, DIP.Place}
    out = []
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if (prop, DIP.statedIn, None) in graph:  # derived by the store, not stated by an article
            continue
        domain = set(graph.objects(prop, RDFS.domain))
        for d in list(domain):  # owl:unionOf lists
            for lst in graph.objects(d, OWL.unionOf):
                domain |= set(graph.items(lst))
        if domain & wanted:
            out.append(local_name(prop))
    if DIP.holdsPosition in set(graph.subjects(RDF.type, OWL.DatatypeProperty)):
        out.append("holdsPosition")
    return tuple(sorted(out, key=_file_order))


def _file_order(name: str) -> int:
    return _ontology_text().find(f"\ndip:{name}\n")


@lru_cache(maxsize=1)
def _ontology_text() -> str:
    return (ontology_dir() / "diplomacy.ttl").read_text(encoding="utf-8")


def event_class_named(name: str) -> str:
    """An event class by name in any letter case ("meeting", "dip:Meeting"); ValueError if unknown."""
    known = {c.casefold(): c for c in event_classes()}
    found = known.get(str(name).removeprefix("dip:").casefold())
    if found is None:
        raise ValueError(f"unknown event class {name!r}; the ontology has: {', '.join(event_classes())}")
    return found


def with_subclasses(names) -> set[str]:
    """Event classes and every class under them (Consultation -> Meeting, Summit, ...)."""
    out = set()
    for name in names:
        out |= {local_name(c) for c in _subclasses(DIP[event_class_named(name)])}
    return out


@lru_cache(maxsize=None)
def superclasses(name: str) -> tuple[URIRef, ...]:
    """A dip: class and every class above it in the ontology, aligned ones included (the
    RDFS closure of rdfs:subClassOf: dip:Meeting -> Meeting, Consultation, Event, sem:Event)."""
    graph = ontology_graph()
    found, todo = [], [DIP[name]]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.append(cls)
        todo.extend(p for p in graph.objects(cls, RDFS.subClassOf) if isinstance(p, URIRef))
    return tuple(sorted(found))


def most_specific(names) -> str | None:
    """The finest of some dip: class names (Meeting over Consultation); None if there are none."""
    return _most_specific(frozenset(n for n in names if n))


@lru_cache(maxsize=None)
def _most_specific(names: frozenset[str]) -> str | None:
    return max(names, key=lambda n: (len(superclasses(n)), n)) if names else None


@lru_cache(maxsize=None)
def dip_superclasses(name: str) -> tuple[str, ...]:
    """The dip: classes a dip: class is under, itself included, as names (Meeting -> Consultation, Event, Meeting)."""
    return tuple(local_name(c) for c in superclasses(name) if str(c).startswith(str(DIP)))
