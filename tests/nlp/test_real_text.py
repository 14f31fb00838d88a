"""Real English from ../shared/news: texts that once sent the extractor into an endless loop,
and a property test over the feed's own sentences (parser-shaped bugs need real text)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

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
