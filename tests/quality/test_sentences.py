"""The sentence suite (tests/data/sentences.jsonl): 300 real sentences from ../shared/news with
the event an analyst coded, and 80 with a tempting word and no event. This guards what the
rules reach today against losing it; the targets are in benchmarks/QUALITY.md."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from kg.quality.sentences import SuiteError, read_suite, score_suite
from tests.conftest import ROOT

SUITE = ROOT / "tests" / "data" / "sentences.jsonl"


@pytest.fixture(scope="module")
def report():
    return score_suite(SUITE)


def test_the_suite_is_real_text_of_every_kind():
    records = read_suite(SUITE)
    classes = Counter(r["class"] for r in records)
    assert sum(n for c, n in classes.items() if c) >= 300 and classes[None] >= 80
    assert len(classes) - 1 == 21  # every event class of the ontology has sentences
    news = ROOT.parent / "shared" / "news" / "wikinews-2019-2020.jsonl"
    if news.exists():
        texts = {a["id"]: a["text"] for a in map(json.loads, news.read_text(encoding="utf-8").splitlines())}
        assert all(r["text"] in texts[r["article"]] for r in records)  # verbatim, from the article named


def test_class_accuracy_and_false_events_stay_where_they_are(report):
    figures = report.figures()
    assert figures["class_accuracy"] >= 0.30, figures
    assert figures["false_event_rate"] <= 0.10, figures
    assert figures["actor_recall"] >= 0.65, figures


def test_a_broken_suite_line_is_one_clear_error(tmp_path):
    bad = tmp_path / "suite.jsonl"
    bad.write_text('{"text": "Iran met Iraq.", "date": "2019-01-01", "class": "Meeting"}\n{"text": "x", "date": "someday"}\n')
    with pytest.raises(SuiteError, match="suite.jsonl:2"):
        read_suite(bad)
