"""Events as event-data records, the way POLECAT / PLOVER data sets lay them out: one row
per event, written as CSV or JSON lines (`kg export --format events-csv|events-jsonl`).

Column names are POLECAT's where the meaning is the same ("Event ID", "Event Date",
"Event Type", "Quad Code", "Actor Name", "Actor Country", "Recipient ...", "Placename",
"City", "Country", "Latitude", "Longitude", "GeoNames ID", "Publication Date") and the
same style for what only this graph has (IRIs, the `dip:` class, date precision,
status, confidence, evidence). Following PLOVER, the actor is who initiated the event
and the recipient whom it was directed at; an event with no initiator (a meeting, a
call between equals) has all its participants as actors and no recipient. README.md
("Event data out") documents every column, its dtype and where it differs from POLECAT.

The PLOVER type and CAMEO root code of each class are read from the ontology in the
store (skos:closeMatch / skos:broadMatch to PLOVER, dip:cameoRoot), a class without its
own taking its parent's. An actor's country is the state it acts for (`ACTS_FOR`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from kg import vocab
from kg.ids import local_name
from kg.store import Store
from kg.views.places import locate

FORMATS = ("events-csv", "events-jsonl")
LIST_SEPARATOR = "; "  # how a CSV cell holds a list (JSON lines hold arrays)

# (column, pandas dtype); list columns hold several values, aligned where they say so.
COLUMNS: list[tuple[str, str]] = [
    ("Event ID", "string"), ("Event IRI", "string"),
    ("Event Date", "datetime64[ns]"), ("End Date", "datetime64[ns]"), ("Date Precision", "string"),
    ("Event Type", "string"), ("Event Class", "string"), ("CAMEO Root", "string"), ("Quad Code", "Int64"),
    ("Actor Name", "string"), ("Actor IRI", "string"), ("Actor Country", "string"),
    ("Recipient Name", "string"), ("Recipient IRI", "string"), ("Recipient Country", "string"),
    ("Participant Name", "string"), ("Participant IRI", "string"), ("Participant Country", "string"),
    ("Placename", "string"), ("Place IRI", "string"), ("City", "string"), ("Country", "string"), ("Country Code", "string"),
    ("Latitude", "float64"), ("Longitude", "float64"), ("GeoNames ID", "Int64"),
    ("Status", "string"), ("Confidence", "float64"), ("Evidence", "string"),
    ("Publication Date", "datetime64[ns]"), ("Article Title", "string"), ("Article URL", "string"),
    ("Article ID", "string"), ("Article IRI", "string"),
]
LIST_COLUMNS = {f"{who} {what}" for who in ("Actor", "Recipient", "Participant") for what in ("Name", "IRI", "Country")}
# The CSV read back (README, "Event data out"):
#   pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""]).astype(DTYPES)
DTYPES = dict(COLUMNS)

# PLOVER's quad categories (PLOVER manual, "Quad category" of each event type):
# 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD_CODES = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

# The state an actor acts for: a country itself, or the country a person, body or force
# leads, represents, is part of or is a member of, however many steps away. The one place
# to change when the store derives it: `?actor dip:actsFor ?state .`
ACTS_FOR = """
      { ?actor a dip:Country . BIND(?actor AS ?state) }
      UNION
      { ?actor (dip:leaderOf|dip:represents|dip:partOf|dip:memberOf)+ ?state . FILTER NOT EXISTS { ?actor a dip:Country } }"""

EVENTS = """
SELECT DISTINCT ?event ?cls (STR(?when) AS ?date) (DATATYPE(?when) AS ?datatype) (STR(?until) AS ?end)
       (DATATYPE(?until) AS ?endType) ?precision ?status ?confidence ?evidence ?article
WHERE {
  ?event a ?cls ; dip:date ?when ; prov:wasDerivedFrom ?article .
  ?cls rdfs:subClassOf+ dip:Event .
  OPTIONAL { ?event dip:endDate ?until }
  OPTIONAL { ?event dip:datePrecision ?precision }
  OPTIONAL { ?event dip:status ?status }
  OPTIONAL { ?event dip:confidence ?confidence }
  OPTIONAL { ?event dip:evidence ?evidence }
}"""
ROLES = """
SELECT DISTINCT ?event ?role ?entity WHERE {
  ?event ?role ?entity . VALUES ?role { dip:participant dip:initiator dip:recipient }
}"""
LABELS = """
SELECT ?entity (MIN(STR(?label)) AS ?name) WHERE {
  { ?event dip:participant|dip:location ?entity } UNION { ?x dip:locatedIn ?entity }
  ?entity rdfs:label ?label .
} GROUP BY ?entity"""
# The inner SELECT binds ?state from each actor: joined the other way round, the path
# is walked from every state, a hundred times slower on Oxigraph.
STATES = """
SELECT DISTINCT ?actor ?iso WHERE {
  { SELECT DISTINCT ?actor ?state WHERE {
      ?event dip:participant ?actor .
      #ACTS_FOR
  } }
  ?state a dip:Country ; dip:isoCode ?iso .
}""".replace("#ACTS_FOR", ACTS_FOR)
PLACES = """
SELECT DISTINCT ?event ?place ?city ?country ?iso WHERE {
  ?event dip:location ?place .
  OPTIONAL { ?place a ?type . ?type rdfs:subClassOf* dip:City . BIND(true AS ?city) }
  OPTIONAL {
    { ?place a dip:Country . BIND(?place AS ?country) } UNION { ?place dip:locatedIn+ ?country . ?country a dip:Country }
    ?country dip:isoCode ?iso .
  }
}"""
ARTICLES = """
SELECT ?article (MIN(STR(?day)) AS ?date) (MIN(STR(?t)) AS ?title) (MIN(STR(?s)) AS ?source) (MIN(STR(?i)) AS ?identifier)
WHERE {
  ?event prov:wasDerivedFrom ?article .
  OPTIONAL { ?article dcterms:date ?day } OPTIONAL { ?article dcterms:title ?t }
  OPTIONAL { ?article dcterms:source ?s } OPTIONAL { ?article dcterms:identifier ?i }
} GROUP BY ?article"""
CLASSES = """
SELECT DISTINCT ?cls ?parent ?root ?match WHERE {
  ?cls rdfs:subClassOf+ dip:Event .
  OPTIONAL { ?cls rdfs:subClassOf ?parent . ?parent rdfs:subClassOf+ dip:Event }
  OPTIONAL { ?cls dip:cameoRoot ?root }
  OPTIONAL { ?cls skos:closeMatch|skos:broadMatch ?match }
}"""

_PRECISION = {"gYear": "year", "gYearMonth": "month"}


def event_records(store: Store) -> list[dict]:
    """Every event as a record (column -> value; list columns as lists), in date order."""
    classes = _classes(store)
    names = {str(e): str(n) for e, n in store.query(LABELS)}
    states: dict[str, set[str]] = defaultdict(set)
    for actor, iso in store.query(STATES):
        states[str(actor)].add(str(iso))
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for event, role, entity in store.query(ROLES):
        roles[str(event)][local_name(role)].add(str(entity))
    places: dict[str, tuple] = {}
    for row in sorted(store.query(PLACES), key=lambda r: tuple("" if v is None else str(v) for v in r)):
        places.setdefault(str(row[0]), row[1:])  # one place per event, the same one every time
    articles = {str(row[0]): [None if v is None else str(v) for v in row[1:]] for row in store.query(ARTICLES)}
    found: dict[str, tuple] = {}
    for row in store.query(EVENTS):
        event, cls = str(row[0]), local_name(row[1])
        if cls not in classes:
            continue
        if event in found and not _preferred(cls, found[event][1], classes):
            continue
        found[event] = (row, cls)
    records = [
        _record(row, cls, classes[cls], roles[event], names, states, places.get(event), articles.get(str(row[10])))
        for event, (row, cls) in found.items()
    ]
    return sorted(records, key=lambda r: (r["Event Date"], r["Event Class"], r["Event ID"]))


def _record(row, cls, kind, roles, names, states, place, article) -> dict:
    event, _cls, when, datatype, until, _end_type, precision, status, confidence, evidence, _article = row
    plover, cameo, _ancestors = kind
    precision = str(precision) if precision else _PRECISION.get(local_name(datatype), "day")
    actors = roles.get("initiator") or (roles.get("participant", set()) - roles.get("recipient", set()))
    record = {
        "Event ID": local_name(event), "Event IRI": str(event),
        "Event Date": _first_day(str(when)), "End Date": _first_day(str(until)) if until else None,
        "Date Precision": precision,
        "Event Type": plover, "Event Class": cls, "CAMEO Root": cameo, "Quad Code": QUAD_CODES.get(plover or ""),
        **_entities("Actor", actors, names, states),
        **_entities("Recipient", roles.get("recipient", set()), names, states),
        **_entities("Participant", set().union(*roles.values()) if roles else set(), names, states),
        **_place(place, names),
        "Status": str(status) if status else None,
        "Confidence": float(confidence) if confidence is not None else None,
        "Evidence": str(evidence) if evidence else None,
    }
    day, title, source, identifier = article or (None, None, None, None)
    record.update({
        "Publication Date": _first_day(day) if day else None, "Article Title": title,
        "Article URL": source if source and source.startswith(("http://", "https://")) else None,
        "Article ID": identifier, "Article IRI": str(_article),
    })
    return record


def _entities(who: str, iris: set[str], names: dict[str, str], states: dict[str, set[str]]) -> dict:
    """Names and IRIs in one order (by name), and the distinct countries they act for."""
    ordered = sorted(iris, key=lambda iri: (names.get(iri, local_name(iri)).casefold(), iri))
    countries = sorted({iso for iri in ordered for iso in states.get(iri, ())})
    return {f"{who} Name": [names.get(i, local_name(i)) for i in ordered], f"{who} IRI": ordered, f"{who} Country": countries}


def _place(place, names: dict[str, str]) -> dict:
    empty = dict.fromkeys(("Placename", "Place IRI", "City", "Country", "Country Code", "Latitude", "Longitude", "GeoNames ID"))
    if place is None:
        return empty
    iri, is_city, country, iso = (None if v is None else str(v) for v in place)
    name = names.get(iri, local_name(iri))
    found = locate(name, iso) if is_city else None
    return {
        **empty, "Placename": name, "Place IRI": iri, "City": name if is_city else None,
        "Country": names.get(country) if country else None, "Country Code": iso,
        **({"Latitude": found.latitude, "Longitude": found.longitude, "GeoNames ID": found.geonameid} if found else {}),
    }


def _classes(store: Store) -> dict[str, tuple[str | None, str | None, set[str]]]:
    """Event class -> (PLOVER type, CAMEO root, its ancestors); a class without its own
    PLOVER type or CAMEO root takes its parent's."""
    parent: dict[str, str] = {}
    own: dict[str, list] = defaultdict(lambda: [None, None])
    prefix = dict(vocab.ontology_graph().namespaces()).get("plover")
    for cls, up, root, match in store.query(CLASSES):
        name = local_name(cls)
        if up is not None:
            parent[name] = local_name(up)
        if root is not None:
            own[name][1] = str(root)
        if match is not None and prefix is not None and str(match).startswith(str(prefix)):
            own[name][0] = str(match)[len(str(prefix)):]
    out = {}
    for name in own:
        plover, cameo, at, seen = None, None, name, []
        while at is not None and at not in seen:
            seen.append(at)
            plover, cameo = plover or own[at][0], cameo or own[at][1]
            at = parent.get(at)
        out[name] = (plover, cameo, set(seen[1:]))
    return out


def _preferred(cls: str, than: str, classes: dict) -> bool:
    """The more specific of two classes of one event (Meeting over Consultation); else the first by name."""
    if than in classes[cls][2]:
        return True
    return cls not in classes[than][2] and cls < than


def _first_day(value: str) -> str:
    """"2019" / "2019-09" / "2019-09-14" (and any time or zone after it) as YYYY-MM-DD."""
    value = value.strip()[:10]
    return {4: f"{value}-01-01", 7: f"{value}-01"}.get(len(value), value)


# -- writing ------------------------------------------------------------------------------


def frame(records: list[dict]):
    """The records as a pandas DataFrame typed by DTYPES, list cells joined as in the CSV:
    the very frame that reading the CSV back gives."""
    import pandas as pd

    data = {name: pd.array([_cell(r[name]) or None for r in records], dtype="string") for name, _ in COLUMNS}
    return pd.DataFrame(data, columns=[name for name, _ in COLUMNS]).astype(DTYPES)


def write(records: Iterable[dict], fmt: str) -> bytes:
    """The records as CSV (RFC 4180: a header row, quoted cells where needed, CRLF) or JSON lines."""
    if fmt == "events-csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([name for name, _ in COLUMNS])
        for record in records:
            writer.writerow([_cell(record[name]) for name, _ in COLUMNS])
        return buffer.getvalue().encode("utf-8")
    if fmt == "events-jsonl":
        lines = (json.dumps({name: record[name] for name, _ in COLUMNS}, ensure_ascii=False) + "\n" for record in records)
        return "".join(lines).encode("utf-8")
    raise ValueError(f"unknown event record format {fmt!r} (one of {', '.join(FORMATS)})")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, float):
        return repr(value)
    return value.isoformat() if isinstance(value, date) else str(value)
