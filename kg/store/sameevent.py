"""One identity per real event: reports of one event in several articles become one.

Two reports are the same event when they come from different articles (an article's
own extraction decides which of its sentences tell one event), have the same root
class with one class subsuming the other (a Consultation and a PhoneCall, not a
Meeting and a PhoneCall), the same status, at least two principal participants in
common after actor identity (a principal is a participant that is not the state
another participant acts for: Trump and Erdoğan, not Trump and the United States),
and dates whose intervals overlap ("October 2019" and "6 October 2019").

Reports are taken most precise first (days, then months, then years), each joining
the one earlier cluster it fits, so that a report dated only to a month never chains
two different days' events together; a report that fits several stays alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from itertools import combinations

from kg import vocab
from kg.ids import DIP
from kg.store.facts import EventFacts, Source
from kg.store.identity import Identity

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass
class Report:
    iri: str
    graph: str
    facts: EventFacts
    cls: str
    participants: frozenset[str]  # canonical
    principals: frozenset[str]


@dataclass
class Cluster:
    iri: str  # the first (most precise) report's IRI names the event
    cls: str
    status: str | None
    first: date
    last: date
    principals: set[str]
    reports: list[Report] = field(default_factory=list)
    graphs: set[str] = field(default_factory=set)  # the articles of its reports


def reports(sources: Mapping[str, Source], identity: Identity, acts: Mapping[str, set[str]]) -> list[Report]:
    out = []
    for graph, source in sources.items():
        for iri, facts in source.events.items():
            cls = facts.cls
            if cls is None:
                continue
            actors = frozenset(identity.of(x, graph) for role in facts.roles.values() for x in role)
            implied = {s for x in actors for s in acts.get(x, ()) if s != x}
            out.append(Report(iri, graph, facts, cls, actors, frozenset(actors - implied) or actors))
    return out


@lru_cache(maxsize=None)
def _on_one_line(a: str, b: str) -> bool:
    return DIP[a] in vocab.superclasses(b) or DIP[b] in vocab.superclasses(a)


def cluster(found: list[Report]) -> dict[str, Cluster]:
    """Event IRI of every report -> its cluster."""
    roots = vocab.event_roots()
    order = sorted(found, key=lambda r: (
        PRECISION_RANK.get(r.facts.date[1] if r.facts.date else "year", 3), r.facts.first or date.max, r.iri))
    index: dict[tuple, list[Cluster]] = {}
    out: dict[str, Cluster] = {}
    for report in order:
        facts = report.facts
        keys = [(roots[report.cls], facts.status, pair) for pair in combinations(sorted(report.principals), 2)]
        fits = {}
        if facts.first is not None and facts.last is not None:
            for key in keys:
                for candidate in index.get(key, ()):
                    if id(candidate) not in fits and _fits(candidate, report):
                        fits[id(candidate)] = candidate
        if len(fits) == 1:
            target = next(iter(fits.values()))
            target.reports.append(report)
            target.graphs.add(report.graph)
            target.first, target.last = max(target.first, facts.first), min(target.last, facts.last)
            target.principals |= report.principals
            target.cls = vocab.most_specific([target.cls, report.cls])
            for key in keys:
                if target not in index.setdefault(key, []):
                    index[key].append(target)
        else:
            target = Cluster(report.iri, report.cls, facts.status, facts.first or date.min, facts.last or date.max,
                             set(report.principals), [report], {report.graph})
            if facts.first is not None and facts.last is not None:
                for key in keys:
                    index.setdefault(key, []).append(target)
        out[report.iri] = target
    return out


def _fits(candidate: Cluster, report: Report) -> bool:
    facts = report.facts
    return (
        report.graph not in candidate.graphs
        and _on_one_line(candidate.cls, report.cls)
        and len(candidate.principals & report.principals) >= 2
        and facts.first <= candidate.last
        and candidate.first <= facts.last
    )
