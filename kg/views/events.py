"""Events as a table: one row per real event, filtered by actors, classes and dates, in date order.

The rows come from the mirror's tables (kg/views/mirror.py): the derived graph's events,
read once per store version, so a timeline asked again costs no query. Names are
resolved first (kg/views/names.py) and never reach SPARQL as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rdflib import XSD

from kg import vocab
from kg.store import Store
from kg.views import mirror
from kg.views.names import resolve
from kg.views.rows import Rows

COLUMNS = ["date", "start", "end", "event_class", "status", "place", "participants", "evidence", "event", "article"]
_DATATYPES = [None, str(XSD.date), str(XSD.date), None, None, None, None, None, None, None]


def events(
    store: Store,
    actor: str | None = None,
    *,
    between: tuple[str, str] | None = None,
    classes: Sequence[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
) -> Rows:
    """Events in date order: date (as precise as the text), start and end (the first and last
    day it allows), class, status, place, participants, evidence, event and article IRIs.

    An actor takes part directly or through someone who acts for it (dip:actsFor). An
    event known only to the month or the year is kept when its period overlaps [start, end].
    """
    wanted: list[str] = []
    if actor is not None:
        wanted.append(resolve(store, actor))
    if between is not None:
        wanted.extend(resolve(store, name) for name in between)
    kept_classes = vocab.with_subclasses(classes) if classes is not None else None
    first, last = _as_date(start, "start"), _as_date(end, "end")
    tables = mirror.tables(store)
    labels = {x: attrs["label"] for x, attrs in tables.entities.items()}
    rows = []
    for event, attrs in tables.events.items():
        if kept_classes is not None and attrs["cls"] not in kept_classes:
            continue
        if first is not None and (attrs["end"] is None or attrs["end"] < first.isoformat()):
            continue
        if last is not None and (attrs["start"] is None or attrs["start"] > last.isoformat()):
            continue
        roles = tables.roles.get(event, {})
        actors = [x for x, role in roles.items() if role != "location"]
        if any(not any(x == w or w in tables.acts.get(x, ()) for x in actors) for w in wanted):
            continue
        place = next((labels.get(x, x) for x, role in roles.items() if role == "location"), None)
        rows.append((
            attrs["date"], _day(attrs["start"]), _day(attrs["end"]), attrs["cls"], attrs["status"], place,
            ", ".join(sorted(labels.get(x, x) for x in actors)) or None, attrs["evidence"], event, attrs["article"],
        ))
    rows.sort(key=lambda r: (r[1] or date.min, r[3], r[8]))
    return Rows(list(COLUMNS), rows, list(_DATATYPES))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _as_date(value: date | str | None, what: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise ValueError(f"{what} must be a date (YYYY-MM-DD), not {value!r}") from err
