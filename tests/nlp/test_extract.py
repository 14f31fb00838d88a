"""Extraction rules on sentences written for the tests (not the corpus)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.model import Document
from kg.nlp import extract

ANCHOR = date(2025, 10, 29)


def run(text: str):
    (extraction,) = extract([Document(id="t", identifier="t.txt", text=text, date=ANCHOR)])
    return extraction


def events_of(extraction, cls):
    return [e for e in extraction.events if e.cls == cls]


def keys(event, role=None):
    return {p.key for p in event.participants if role is None or p.role == role}


def entity(extraction, key):
    return next(e for e in extraction.entities if e.key == key)


def test_meeting_with_people_place_and_relative_day():
    ex = run("Prime Minister Jacinda Ardern met French President Emmanuel Macron in Paris on Monday.")
    (meeting,) = events_of(ex, "Meeting")
    assert {"person/jacinda-ardern", "person/emmanuel-macron"} <= keys(meeting)
    assert meeting.location == "place/paris"
    assert meeting.date == date(2025, 10, 27) and meeting.status == "happened"
    assert "Ardern met" in meeting.evidence


def test_titles_become_positions_and_demonym_makes_leader():
    ex = run("Prime Minister Jacinda Ardern met French President Emmanuel Macron in Paris on Monday.")
    macron = entity(ex, "person/emmanuel-macron")
    assert macron.label == "Emmanuel Macron" and macron.positions == {"President"}
    france = entity(ex, "country/FRA")
    assert france.iso_code == "FRA" and "French" in france.aliases
    predicates = {(r.predicate, r.subject, r.object) for r in ex.relations}
    assert ("leaderOf", "person/emmanuel-macron", "country/FRA") in predicates
    assert ("locatedIn", "place/paris", "country/FRA") in predicates


def test_negated_meeting_is_not_an_event():
    ex = run("Germany did not meet Iran in Berlin last week.")
    assert events_of(ex, "Meeting") == []


def test_future_visit_is_planned_with_direction():
    ex = run("German Chancellor Angela Merkel will visit Japan in December.")
    (visit,) = events_of(ex, "Visit")
    assert visit.status == "planned"
    assert "person/angela-merkel" in keys(visit, "initiator")
    assert keys(visit, "recipient") == {"country/JPN"}
    assert (visit.date, visit.date_precision) == (date(2025, 12, 1), "month")


def test_phone_call_phrase_and_prepositional_participant():
    ex = run("Canadian Prime Minister Justin Trudeau held a phone call with Mexican President Andres Manuel Lopez Obrador on Tuesday.")
    (call,) = events_of(ex, "PhoneCall")
    assert {"person/justin-trudeau", "person/andres-manuel-lopez-obrador", "country/CAN", "country/MEX"} <= keys(call)
    assert call.trigger == "phone call"
    assert call.date == date(2025, 10, 28)


def test_congratulation_is_directed_support():
    ex = run("Kenya congratulated Nigeria on its peaceful election.")
    (support,) = events_of(ex, "Support")
    assert keys(support, "initiator") == {"country/KEN"}
    assert keys(support, "recipient") == {"country/NGA"}


def test_short_name_resolves_to_full_name():
    ex = run("President Vladimir Putin travelled to Ankara. Putin was welcomed by Turkish officials.")
    putin = entity(ex, "person/vladimir-putin")
    assert putin.aliases == {"Putin"} and putin.mentions == 2
    assert not any(e.key == "person/putin" for e in ex.entities)


def test_agreement_with_absolute_date_and_place():
    ex = run("Japan and South Korea signed a trade agreement in Tokyo on March 3, 2024.")
    (agreement,) = events_of(ex, "Agreement")
    assert keys(agreement) == {"country/JPN", "country/KOR"}
    assert agreement.location == "place/tokyo"
    assert agreement.date == date(2024, 3, 3)


@pytest.mark.parametrize("text", ["The Working Group Meeting is a forum for defence talks.", "Cooperation plans were reviewed."])
def test_definitions_and_abstract_nouns_are_not_events(text):
    assert run(text).events == []


def test_joint_statement_span_and_event_dedup():
    ex = run("India and Japan held a summit in Tokyo on July 8-9, 2024. India and Japan released a joint statement.")
    (summit,) = events_of(ex, "Summit")
    assert (summit.date, summit.end_date) == (date(2024, 7, 8), date(2024, 7, 9))
    (statement,) = events_of(ex, "Statement")
    assert statement.trigger == "joint statement"
    assert keys(statement) == {"country/IND", "country/JPN"}
