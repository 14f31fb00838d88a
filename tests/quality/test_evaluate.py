"""`kg eval`: the scoring rules of shared/gold/README.md, on a gold set made for the test."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.quality.scoring import norm_label, score_document, score_entities
from kg.views.articles import SysDocument, SysEntity, SysEvent

GOLD = {
    "doc": "a.txt",
    "date": "2024-03-15",
    "entities": [
        {"id": "kenya", "type": "Country", "labels": ["Kenya", "Kenyan"]},
        {"id": "ruto", "type": "Person", "labels": ["William Ruto", "Ruto"]},
        {"id": "ethiopia", "type": "Country", "labels": ["Ethiopia"]},
        {"id": "nairobi", "type": "Place", "labels": ["Nairobi"]},
    ],
    "events": [
        {"type": "Meeting", "participants": ["ruto", "kenya", "ethiopia"], "date": "2024-03-11", "location": ["nairobi"],
         "evidence": "On Monday, Kenyan President William Ruto met Ethiopia in Nairobi."},
        {"type": "Support", "optional": True, "participants": ["kenya", "ethiopia"], "date": "2024-03", "location": None,
         "evidence": "x"},
    ],
    "relations": [{"predicate": "leaderOf", "subject": "ruto", "object": "kenya"},
                  {"predicate": "holdsPosition", "subject": "ruto", "object": "President"}],
}
ID = "https://w3id.org/dipkg/id/"


def system(**events) -> SysDocument:
    doc = SysDocument()
    for iri, kind, labels in [("country/KEN", "Country", {"Kenya"}), ("person/william-ruto", "Person", {"William Ruto"}),
                              ("person/ruto", "Person", {"Ruto"}), ("country/ETH", "Country", {"Ethiopia"}),
                              ("place/nairobi", "Place", {"Nairobi"})]:
        doc.entities[ID + iri] = SysEntity(ID + iri, kind, labels)
    doc.events.update({event.iri: event for event in events.values()})
    doc.relations = {("leaderOf", ID + "person/william-ruto", ID + "country/KEN"),
                     ("holdsPosition", ID + "person/william-ruto", "president"),
                     ("leaderOf", ID + "person/william-ruto", ID + "country/ETH"),
                     ("represents", ID + "person/william-ruto", ID + "country/KEN")}
    return doc


def test_labels_compare_without_case_article_and_punctuation():
    assert norm_label("The U.S.") == norm_label("us")


def test_an_unmerged_alias_costs_precision_and_a_wrong_type_costs_the_match():
    entities = list(system().entities.values())
    typed = score_entities(entities, GOLD["entities"], typed=True)
    assert (typed.tp, typed.fp, typed.fn) == (4, 1, 0)  # "Ruto" beside "William Ruto"
    entities[0].type = "Place"
    assert score_entities(entities, GOLD["entities"], typed=True).tp == 3
    assert score_entities(entities, GOLD["entities"], typed=False).tp == 4


def test_events_match_on_root_class_and_two_participants_and_optional_ones_excuse():
    meeting = SysEvent(ID + "e1", "Summit", {ID + "country/KEN", ID + "country/ETH"}, "2024-03-11", None, ID + "place/nairobi")
    support = SysEvent(ID + "e2", "Support", {ID + "country/KEN", ID + "country/ETH"}, "2024-03")
    stray = SysEvent(ID + "e3", "Threat", {ID + "country/KEN", ID + "country/ETH"}, "2024-03")
    report = score_document(system(e1=meeting, e2=support, e3=stray), GOLD, {"leaderOf", "holdsPosition"})
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 1, 0)
    assert (report.event_class.value, report.event_date.value, report.event_location.value) == (0.0, 1.0, 1.0)
    # leaderOf KEN and the position match; leaderOf ETH is wrong; `represents` is not scored.
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (2, 1, 0)


def test_one_participant_is_not_enough_when_the_gold_lists_more():
    lone = SysEvent(ID + "e1", "Meeting", {ID + "country/KEN"}, "2024-03-11")
    report = score_document(system(e1=lone), GOLD, set())
    assert (report.events.tp, report.events.fp, report.events.fn) == (0, 1, 1)


def test_kg_eval_on_the_shared_gold_prints_every_figure(tmp_path):
    gold = tmp_path / "gold"
    corpus = tmp_path / "corpus"
    gold.mkdir()
    corpus.mkdir()
    (corpus / "a.txt").write_text("date 2024-03-15\nOn Monday, Kenyan President William Ruto met Ethiopia in Nairobi.\n")
    (gold / "a.json").write_text(json.dumps(GOLD))
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--corpus", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["entity_typed_r"] == 1.0
    assert figures["event_r"] == 1.0 and figures["event_date_acc"] == 1.0
    table = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--corpus", str(corpus), "--baseline"])
    assert "a.txt" in table.stdout and "baseline, plain spaCy NER" in table.stdout


@pytest.mark.parametrize("problem", ["no gold", "bad json", "missing article"])
def test_kg_eval_bad_input_is_one_clear_error(tmp_path, problem):
    gold = tmp_path / "gold"
    corpus = tmp_path / "corpus"
    gold.mkdir()
    corpus.mkdir()
    (corpus / "a.txt").write_text("date 2024-03-15\nKenya met Ethiopia.\n")
    if problem == "bad json":
        (gold / "a.json").write_text("{not json")
    elif problem == "missing article":
        (gold / "b.json").write_text(json.dumps({**GOLD, "doc": "b.txt"}))
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--corpus", str(corpus)])
    assert result.exit_code == 1
    assert result.output.startswith("error:") and "Traceback" not in result.output
