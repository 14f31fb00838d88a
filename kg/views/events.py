"""Events as a table: one row per event, filtered by actors, classes and dates, in date order.

Names never reach SPARQL as text: they are resolved first (kg/views/names.py), and
only the IRIs found, class IRIs and typed dates go into the query, as VALUES written
by rdflib. So a name like `x" } ; DROP ALL ; #` is just a name nobody has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from rdflib import XSD, Literal, URIRef

from kg import vocab
from kg.ids import DIP
from kg.store import Store
from kg.views.names import resolve
from kg.views.rows import Rows


def events(
    store: Store,
    actor: str | None = None,
    *,
    between: tuple[str, str] | None = None,
    classes: Sequence[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
) -> Rows:
    """Events in date order: date, class, status, place, participants, evidence, event and article IRIs.

    An actor takes part directly or through someone who leads, represents or is part of it.
    """
    wanted: dict[str, list[URIRef]] = {}
    if actor is not None:
        wanted["actor"] = [URIRef(resolve(store, actor))]
    if between is not None:
        first, second = between
        wanted["a"], wanted["b"] = [URIRef(resolve(store, first))], [URIRef(resolve(store, second))]
    if classes is not None:
        wanted["wanted"] = [DIP[vocab.event_class_named(name)] for name in classes]
    return _events(store, wanted, _as_date(start, "start"), _as_date(end, "end"))


def _events(store: Store, wanted: dict[str, list[URIRef]], start: date | None, end: date | None) -> Rows:
    patterns = []
    if "actor" in wanted:
        patterns.append("?event dip:participant ?via . ?via (dip:leaderOf|dip:represents|dip:partOf)* ?actor .")
    if "a" in wanted:
        patterns.append(
            "?event dip:participant ?pa , ?pb . "
            "?pa (dip:leaderOf|dip:represents|dip:partOf)* ?a . ?pb (dip:leaderOf|dip:represents|dip:partOf)* ?b ."
        )
    if "wanted" in wanted:
        patterns.append("?event a ?wantedClass . ?wantedClass rdfs:subClassOf* ?wanted .")
    if start is not None:
        patterns.append(f"FILTER(?date >= {Literal(start, datatype=XSD.date).n3()})")
    if end is not None:
        patterns.append(f"FILTER(?date <= {Literal(end, datatype=XSD.date).n3()})")
    values = "\n  ".join(_values(variable, terms) for variable, terms in wanted.items())
    query = _EVENTS.replace("#VALUES", values).replace("#PATTERNS", "\n  ".join(patterns))
    rows = Rows.from_result(store.query(query))
    at = rows.columns.index("participants")  # GROUP_CONCAT's order is the engine's: make it stable
    rows.rows = [(*row[:at], ", ".join(sorted(row[at].split(", "))) if row[at] else row[at], *row[at + 1 :]) for row in rows.rows]
    return rows

# #VALUES and #PATTERNS are filled with rdflib-serialised IRIs and dates only (see events()).
_EVENTS = """
SELECT ?date ?event_class ?status ?place
       (GROUP_CONCAT(DISTINCT ?participantLabel; separator=", ") AS ?participants)
       ?evidence ?event ?article
WHERE {
  #VALUES
  #PATTERNS
  ?event a ?cls ;
         dip:date ?date ;
         dip:status ?status ;
         dip:evidence ?evidence ;
         prov:wasDerivedFrom ?article .
  ?cls rdfs:subClassOf* dip:Event .
  FILTER NOT EXISTS { ?event a ?sub . ?sub rdfs:subClassOf+ ?cls . FILTER(?sub != ?cls) }
  OPTIONAL { ?event dip:participant ?participant . ?participant rdfs:label ?participantLabel . }
  OPTIONAL { ?event dip:location ?location . ?location rdfs:label ?place . }
  BIND(STRAFTER(STR(?cls), "#") AS ?event_class)
}
GROUP BY ?event ?date ?event_class ?status ?place ?evidence ?article
ORDER BY ?date ?event_class ?event
"""


def _values(variable: str, terms: Iterable[URIRef | Literal]) -> str:
    """A VALUES block of terms serialised by rdflib (IRIs checked, literals escaped)."""
    cells = []
    for term in terms:
        if isinstance(term, URIRef) and any(c in str(term) for c in '<>"{}|^`\\ '):
            raise ValueError(f"not a usable IRI: {term!r}")
        cells.append(term.n3())
    return f"VALUES ?{variable} {{ {' '.join(cells)} }}"


def _as_date(value: date | str | None, what: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise ValueError(f"{what} must be a date (YYYY-MM-DD), not {value!r}") from err
