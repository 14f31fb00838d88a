"""The extraction runs as spaCy components over data files: what they write on a Doc, and
that the lexicon and the ontology agree."""

from __future__ import annotations

from datetime import date

import pytest

from kg import vocab
from kg.nlp import lexicon, pipeline


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load()


def test_the_pipeline_ends_with_the_extraction_components(nlp):
    assert nlp.pipe_names[-2:] == ["dip_entities", "dip_events"]


def test_components_write_mentions_triggers_and_events(nlp):
    doc = nlp.make_doc("On Monday, Prime Minister Shinzo Abe met President Moon Jae-in in Seoul.")
    doc._.dip_date = date(2019, 5, 15)
    doc = nlp(doc)
    mentions = {(span.text, span.label_, span.kb_id_) for span in doc.spans["dip_mentions"]}
    assert ("Seoul", "City", "place/seoul") in mentions
    assert any(label == "Person" and text.endswith("Abe") for text, label, _ in mentions)
    (event,) = doc._.dip_events
    assert event.cls == "Meeting" and event.date == date(2019, 5, 13)
    assert [(s.text, s.label_) for s in doc.spans["dip_triggers"]] == [("met", "Meeting")]
    assert doc._.dip_seconds > 0


def test_every_trigger_class_is_in_the_ontology_and_every_class_has_triggers():
    words = lexicon.load()
    classes = {t.cls for t in words.triggers.values()}
    assert classes <= set(vocab.event_classes())
    assert set(vocab.event_classes()) - classes == set()


def test_every_need_of_the_lexicon_is_understood(nlp):
    """A misspelt need in data/triggers.jsonl would otherwise surface only on the text that reaches it."""
    from kg.nlp.needs import check

    doc = nlp.make_doc("Officials met.")
    doc._.dip_date = date(2020, 1, 1)
    doc = nlp(doc)
    words = lexicon.load()
    for trigger in words.triggers.values():
        for need in trigger.needs:
            check(need, doc[1], [], words, doc._.dip_entities, {})


def test_the_pipeline_is_loaded_once_and_reads_hoped_as_hope(nlp):
    assert pipeline.load() is nlp  # (loading it per call made every extraction reload the model)
    doc = nlp("The minister hoped to visit Paris, was fined and staged a protest.")
    assert [t.lemma_ for t in doc if t.lower_ in {"hoped", "fined", "staged"}] == ["hope", "fine", "stage"]


def test_the_reference_data_is_read_once():
    from kg.nlp import gazetteer

    # (a decorator that slid onto a helper inserted above its function would read the file per call)
    assert gazetteer.load() is gazetteer.load() and gazetteer.sovereigns() is gazetteer.sovereigns()
