"""One event told twice is one event: within a document, the tellings of one happening
("met ... for talks", "the summit", an announcement of it) become one event with every
participant any telling names and the most precise date any telling gives."""

from __future__ import annotations

from dataclasses import replace

from kg import vocab
from kg.model import Event

PRECISION = ["day", "month", "year"]  # finest first


def merge(events: list[Event]) -> list[Event]:
    """One event told twice is one event: the same class in one sentence sharing a participant
    ("met ... for talks"), or the same class, time and participants in one document. An
    announcement of an event is that event ("announced a withdrawal"): a Statement gives
    way to another event of its sentence that shares one of its sides. A claim of
    responsibility names the doer of the attack told before it."""
    told = [e for e in events if e.cls != "Statement"]
    # (sharing one the statement only mentions is not enough: "a statement saying an attack on U.S. troops ...")
    events = [e for e in events if e.cls != "Statement" or not any(
        o.sentence == e.sentence and {p.key for p in o.participants} & {p.key for p in e.participants if p.role != "participant"}
        for o in told)]
    kept: list[Event] = []
    for event in events:
        keys = {p.key for p in event.participants}
        same = next(
            (
                e for e in kept
                if _one_kind(e.cls, event.cls)
                and ((e.sentence == event.sentence and (keys & {p.key for p in e.participants} or _halves(e, event)))
                     or (e.cls == event.cls and _same_time(e, event) and not _turned(e, event)
                         and (keys <= {p.key for p in e.participants} or keys >= {p.key for p in e.participants}))
                     # "had a phone conversation with Erdogan" then "after Trump spoke with Erdogan": the call, told again
                     or (e.cls != event.cls and keys == {p.key for p in e.participants}
                         and (e.date.year, e.date.month) == (event.date.year, event.date.month)))
            ),
            None,
        )
        if same is None:
            kept.append(event)
            continue
        have = {p.key for p in same.participants}
        same.participants.extend(p for p in event.participants if p.key not in have)
        told_role = {p.key: p.role for p in event.participants if p.role != "participant"}
        # "a bombing killed five, an attack blamed on the Taliban": the second telling says who did it
        same.participants = [replace(p, role=told_role[p.key]) if p.role == "participant" and p.key in told_role else p
                             for p in same.participants]
        same.location = same.location or event.location
        if PRECISION.index(event.date_precision) < PRECISION.index(same.date_precision):
            # "weeks of protests" then "on Friday, thousands gathered": the telling with the day is the one to keep
            same.date, same.end_date, same.date_precision = event.date, event.end_date, event.date_precision
            same.evidence, same.trigger, same.sentence = event.evidence, event.trigger, event.sentence
        if same.cls in {vocab.event_roots()[same.cls], "Meeting"} and event.cls != same.cls:
            same.cls = event.cls  # the finer class: "met ... at the summit" is the summit
    claimed(kept)
    return kept


def claimed(events: list[Event]) -> None:
    """"The Taliban have claimed responsibility": who claims an attack told before (the last
    one, not yet given a doer) did it, by its own word."""
    for claim in (e for e in events if e.cls == "Statement" and e.trigger.lower().split()[-1:] == ["responsibility"]):
        attacks = [e for e in events if e.root_class == "Assault" and e.sentence <= claim.sentence and e is not claim]
        if not attacks or any(p.role == "initiator" for p in attacks[-1].participants):
            continue
        have = {p.key for p in attacks[-1].participants}
        attacks[-1].participants.extend(replace(p, role="initiator") for p in claim.participants
                                        if p.role == "initiator" and p.key not in have)


def _turned(a: Event, b: Event) -> bool:
    """One side does to the other what the other did to it ("a man stabbed two officers",
    "officers shot him"): two acts, not one told twice."""
    roles = {p.key: p.role for p in a.participants}
    return any({roles.get(p.key), p.role} == {"initiator", "recipient"} for p in b.participants)


def _halves(a: Event, b: Event) -> bool:
    """"A bombing killed twelve in Ghazni, an attack blamed on the Taliban": one telling names
    only whom it befell, the other only who did it."""
    roles_a, roles_b = {p.role for p in a.participants}, {p.role for p in b.participants}
    return {frozenset(roles_a), frozenset(roles_b)} == {frozenset({"recipient"}), frozenset({"initiator"})}


def _one_kind(a: str, b: str) -> bool:
    """Two classes one happening can be told as: the same, a root and its subclass ("talks"
    and "met"), a meeting and the summit it was held at."""
    roots = vocab.event_roots()
    if a == b:
        return True
    if roots[a] != roots[b]:
        return False
    return roots[a] in {a, b} or {a, b} == {"Meeting", "Summit"}


def _same_time(a: Event, b: Event) -> bool:
    """Dates that can be one day: equal, or one known to the month (a plan: to the year) that holds the other."""
    if a.date_precision != "day" and b.date_precision != "day":
        return False  # two tellings known only to the month or year may be two happenings
    if a.date == b.date:
        return True
    if any(e.date_precision == "year" for e in (a, b)):
        # a plan told again without its day ("will withdraw the bill", she said) is the plan announced on it
        return a.status == b.status == "planned" and a.date.year == b.date.year
    coarse = [e for e in (a, b) if e.date_precision == "month"]
    return bool(coarse) and (a.date.year, a.date.month) == (b.date.year, b.date.month)
