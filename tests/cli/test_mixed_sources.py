"""One `kg build` of a folder mixing every input kind: web pages, an RSS and an Atom feed,
text, JSON lines and CSV. Every record is accounted for: built, unchanged, or one error line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import app
from tests.ingest.pages import news_articles, page

DATA = Path(__file__).resolve().parents[1] / "ingest" / "data"
runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path) -> Path:
    """A scraped folder: 10 good records and 6 bad ones, of six kinds."""
    root = tmp_path / "scraped"
    (root / "pages").mkdir(parents=True)
    (root / "feeds").mkdir()
    first, second = news_articles(2, seed=31, max_words=400)
    (root / "pages" / "story.html").write_bytes(page(first, "jsonld").encode())  # good
    (root / "pages" / "undated.htm").write_bytes(page(second, "none").encode("cp1252", "replace"))  # bad: no date
    shutil.copy(DATA / "ministry-news.rss", root / "feeds")  # 2 good, 1 bad (item 3 has no date)
    shutil.copy(DATA / "world-desk.atom", root / "feeds")  # 2 good, 1 bad (entry 3 has no date)
    (root / "feeds" / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>https://x</loc></url></urlset>')  # bad
    (root / "note.txt").write_text("date 2019-09-24\nIndia and Japan held talks in Tokyo on maritime security.\n")  # good
    rows = [
        {"id": "a", "date": "2019-09-20", "title": "Talks", "text": "France and Germany held talks in Berlin on Friday."},
        {"id": "b", "date": "2019-09-21", "text": "Russia and China signed a trade agreement in Moscow."},
    ]
    (root / "more.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + '\n{"id": "c", "date": \n')  # 2 good, 1 bad
    (root / "table.csv").write_text(
        "id,date,title,text\n"
        'x,2019-09-22,Call,"Narendra Modi spoke with Shinzo Abe by telephone."\n'
        'y,2019-99-99,Bad,"A row with a date that is not one."\n'  # bad
        'z,2019-09-23,Visit,"The President of Chile visited New Delhi."\n'
    )
    return root


BAD = [
    "feeds/ministry-news.rss:30: item 3 ('Upcoming visit of the President of Chile') has no date",
    "feeds/sitemap.xml: not an RSS or Atom feed (its root element is <urlset>)",
    "feeds/world-desk.atom:31: item 3 ('Undated wire copy') has no date",
    "more.jsonl:3: malformed JSON",
    "pages/undated.htm: no publication date found in the page",
    "table.csv:3: invalid date '2019-99-99' (expected YYYY-MM-DD)",
]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ") and "skipped" not in line]


def test_a_mixed_folder_builds_in_one_go_and_every_record_is_accounted_for(folder, tmp_path):
    store = str(tmp_path / "store")
    result = kg("build", str(folder), "--store", store, "--quiet")
    assert result.exit_code == 3, result.output
    errors = sorted(error_lines(result.stderr))
    assert len(errors) == len(BAD)
    for expected, line in zip(BAD, errors):
        assert line.startswith(f"error: {folder}/{expected}"), line
    assert "built 10 documents" in result.stderr
    assert "skipped 6 bad record(s) in 6 file(s)" in result.stderr
    with KnowledgeGraph.open(store, read_only=True) as graph:
        sources = graph.query("SELECT ?s WHERE { ?a a dip:Article ; dcterms:source ?s }").df["s"].tolist()
    assert len(sources) == 10
    assert sum(s.startswith("https://mfa.example.gov/") for s in sources) == 2  # feed items keep their links
    assert sum(s.startswith("https://worlddesk.example.com/") for s in sources) == 2
    assert sum(s.startswith("https://news.example.org/") for s in sources) == 1  # the page's canonical URL

    again = kg("build", str(folder), "--store", store, "--quiet")
    assert again.exit_code == 3 and "built 0 documents" in again.stderr and "skipped 10 unchanged" in again.stderr
    assert len(error_lines(again.stderr)) == len(BAD)

    dated = kg("build", str(folder), "--store", store, "--quiet", "--date", "2019-09-25")
    assert dated.exit_code == 3  # the sitemap, the malformed line and the bad CSV date are still bad
    assert "built 3 documents" in dated.stderr and "skipped 10 unchanged" in dated.stderr
    assert sorted(line.split(": ", 2)[1].rsplit("/", 1)[-1] for line in error_lines(dated.stderr)) == [
        "more.jsonl:3", "sitemap.xml", "table.csv:3",
    ]


def test_strict_writes_nothing_and_a_bad_date_option_is_refused(folder, tmp_path):
    store = tmp_path / "store"
    strict = kg("build", str(folder), "--store", str(store), "--quiet", "--strict")
    assert strict.exit_code == 1 and "nothing written (--strict)" in strict.stderr
    assert not store.exists()  # not even created
    bad = kg("build", str(folder), "--store", str(store), "--quiet", "--date", "2019-02-30")
    assert bad.exit_code == 2 and "error: --date: invalid date '2019-02-30' (expected YYYY-MM-DD)" in bad.stderr


def test_extract_takes_the_default_date_too(folder):
    undated = folder / "pages" / "undated.htm"
    refused = kg("extract", str(undated))
    assert refused.exit_code == 1 and "no publication date found in the page" in refused.stderr
    result = kg("extract", str(undated), "--date", "2019-09-25")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout.splitlines()[0])["document"]
    assert document["date"] == "2019-09-25" and document["url"].startswith("https://news.example.org/")
