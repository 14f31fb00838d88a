"""Dates as RDF literals: the precision is the datatype, the interval is two plain days.

An event the text dates to a day has `dip:date "2019-10-06"^^xsd:date`; to a month,
`"2019-10"^^xsd:gYearMonth`; to a year, `"2019"^^xsd:gYear` — never a made-up day.
Because such literals do not compare with each other in SPARQL, every event also
carries its interval as two xsd:date bounds, `dip:earliestDate` and `dip:latestDate`
(the first and the last day the text allows), for range filters and ORDER BY.
"""

from __future__ import annotations

import calendar
from datetime import date

from rdflib import XSD, Literal, URIRef

PRECISIONS = ("day", "month", "year")
DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
PRECISION = {str(datatype): precision for precision, datatype in DATATYPE.items()}


def date_literal(day: date, precision: str = "day") -> Literal:
    """`day` (the first day of the period) as the literal of its precision."""
    if precision == "year":
        return Literal(f"{day.year:04d}", datatype=XSD.gYear)
    if precision == "month":
        return Literal(f"{day.year:04d}-{day.month:02d}", datatype=XSD.gYearMonth)
    if precision != "day":
        raise ValueError(f"unknown date precision {precision!r} (one of {', '.join(PRECISIONS)})")
    return Literal(day.isoformat(), datatype=XSD.date)


def last_day(day: date, precision: str = "day") -> date:
    """The last day of the period that starts on `day`."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def precision_of(datatype: URIRef | str | None) -> str | None:
    """"day", "month" or "year" for a date datatype, None for anything else."""
    return PRECISION.get(str(datatype)) if datatype is not None else None


def parse(lexical: str, datatype: URIRef | str | None) -> tuple[date, str] | None:
    """(first day, precision) of a date literal's text, or None if it is not one of ours."""
    precision = precision_of(datatype)
    try:
        if precision == "day":
            return date.fromisoformat(lexical[:10]), precision
        if precision == "month":
            year, month = lexical[:7].split("-")
            return date(int(year), int(month), 1), precision
        if precision == "year":
            return date(int(lexical[:4]), 1, 1), precision
    except ValueError:
        return None
    return None


def interval(lexical: str, datatype: URIRef | str | None) -> tuple[date, date] | None:
    """The first and the last day a date literal allows, or None if it is not a date."""
    parsed = parse(lexical, datatype)
    if parsed is None:
        return None
    first, precision = parsed
    return first, last_day(first, precision)


def as_text(day: date, precision: str = "day") -> str:
    """A date as precise as the text gave it: "2019-10-06", "2019-10" or "2019"."""
    return str(date_literal(day, precision))
