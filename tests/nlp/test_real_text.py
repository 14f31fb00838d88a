"""Real English from ../shared/news: texts that once sent the extractor into an endless loop,
and a property test over the feed's own sentences (parser-shaped bugs need real text)."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.nlp import extract

NEWS = Path(__file__).resolve().parents[3] / "shared" / "news" / "wikinews-2019-2020.jsonl"


def news_articles() -> list[dict]:
    if not NEWS.exists():
        pytest.skip(f"the real news feed is not here ({NEWS})")
    return [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]


def extract_one(text: str, when: date = date(2020, 10, 18)):
    (found,) = extract([Document(id="t", identifier="t.txt", text=text, date=when)])
    return found


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", ["Nice to meet you.", "Thank you.", "Nice to meet you, Mr. President."])
def test_a_greeting_ends(text):
    """A root that is not a verb: the subject walk once waited for `head is head` forever."""
    assert extract_one(text).events == []


@pytest.mark.timeout(120)
@pytest.mark.parametrize("title", [
    "Florida highway pileup, fire kills five children, two truck drivers",
    "Living with HIV during COVID-19: Wikinews talks to",
])
def test_articles_that_hung_end(title):
    (article,) = [a for a in news_articles() if a["title"].startswith(title)]
    found = extract_one(article["text"], date.fromisoformat(article["date"]))
    assert found.document.identifier == "t.txt"


def _sentences_and_spans() -> list[str]:
    """Every sentence-sized piece of the feed (paragraph lines split at full stops), and the
    paragraphs themselves: the draw below picks from real text only."""
    if not NEWS.exists():
        return []
    pieces = []
    for line in NEWS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        for paragraph in filter(None, (p.strip() for p in text.split("\n"))):
            pieces.append(paragraph)
            pieces.extend(s.strip() + "." for s in paragraph.split(". ") if s.strip())
    return pieces


PIECES = _sentences_and_spans()


@pytest.mark.skipif(not PIECES, reason="the real news feed is not here")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES or ["-"]), min_size=1, max_size=4), st.dates(date(2000, 1, 1), date(2026, 1, 1)))
def test_real_sentences_and_runs_of_them_extract_quickly(pieces, when):
    """Real English finds parser-shaped bugs that random characters never reach: each draw
    (one to four real sentences or paragraphs, in any order, with any article date) must
    extract within a few seconds, and every event must cite a sentence of the text."""
    text = " ".join(pieces)
    started = time.perf_counter()
    found = extract_one(text, when)
    assert time.perf_counter() - started < 10
    for event in found.events:
        assert event.evidence and event.evidence in text
        assert event.status in {"happened", "planned"}
