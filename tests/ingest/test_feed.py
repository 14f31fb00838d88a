"""RSS and Atom feeds: an item per document, HTML in items as text, each bad item one error
at its own line, and a feed fetched again builds only its new items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from kg.ingest import IngestError, ReadOptions, iter_documents

DATA = Path(__file__).parent / "data"
RSS = DATA / "ministry-news.rss"
ATOM = DATA / "world-desk.atom"


def read(*sources, options: ReadOptions = ReadOptions()):
    errors: list[IngestError] = []
    documents = list(iter_documents([str(s) for s in sources], on_error=errors.append, options=options))
    return documents, errors


def test_rss_items_are_documents_with_their_html_as_text():
    (first, second), errors = read(RSS)
    assert first.identifier == first.url == "https://mfa.example.gov/press/2019/09/fm-meets-japanese-counterpart"
    assert first.title == "Foreign Minister meets his Japanese counterpart in Tokyo"
    assert first.date == date(2019, 9, 23)
    # content:encoded (CDATA, HTML) beats the shorter description; markup, scripts and entities are text now
    assert first.text.splitlines() == [
        "Tokyo, 23 September. Foreign Minister Subrahmanyam Jaishankar met Japanese Foreign Minister Toshimitsu Motegi in Tokyo on Monday.",
        "The two ministers discussed maritime security & trade, and agreed to hold a “2+2” dialogue of foreign and defence ministers before the end of the year.",
        "Read more: all press releases",
    ]
    assert second.text.startswith("The Ministry calls on all parties") and "Saudi Arabia & urged" in second.text
    assert second.date == date(2019, 9, 22)
    (error,) = errors
    assert str(error) == (
        f"{RSS}:30: item 3 ('Upcoming visit of the President of Chile') has no date "
        "(no pubDate, published or updated); give one with --date YYYY-MM-DD"
    )
    assert RSS.read_text().splitlines()[29].strip() == "<item>"  # line 30 is where that item starts


def test_atom_entries_and_the_day_the_publisher_wrote():
    (dmz, chantilly), errors = read(ATOM)
    assert dmz.title == "Trump and Kim meet at the DMZ"  # type="html" title, markup dropped
    assert dmz.date == date(2019, 6, 30)  # 08:05 in Seoul (+09:00): 29 June in UTC, 30 June as written
    assert dmz.text.startswith("US President Donald Trump met North Korean leader Kim Jong-un in the Demilitarized Zone")
    assert "<p>" not in dmz.text and len(dmz.text.splitlines()) == 2
    assert chantilly.date == date(2019, 8, 22)  # only <updated>
    assert "Château de Chantilly" in chantilly.text  # &amp;acirc; inside escaped HTML
    assert chantilly.url == "https://worlddesk.example.com/2019/08/22/macron-modi"
    assert [e.line for e in errors] == [31] and "item 3 ('Undated wire copy') has no date" in errors[0].reason


def test_a_default_date_dates_the_undated_items():
    documents, errors = read(RSS, ATOM, options=ReadOptions(default_date=date(2019, 10, 1)))
    assert errors == []
    assert [d.date for d in documents if d.title in {"Upcoming visit of the President of Chile", "Undated wire copy"}] == [
        date(2019, 10, 1), date(2019, 10, 1)
    ]
    chile = next(d for d in documents if d.title.startswith("Upcoming"))
    assert chile.text == "President Sebastián Piñera of Chile will visit New Delhi next month, the Ministry announced."


def feed(items: str, channel: str = "<title>t</title>") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>{channel}\n{items}\n</channel></rss>\n'


def item(title: str, link: str, day: str | None = "Mon, 23 Sep 2019 09:15:00 +0000", text: str = "Officials met in Geneva.") -> str:
    when = f"<pubDate>{day}</pubDate>" if day else ""
    return f"<item><title>{title}</title><link>{link}</link>{when}<description>{text}</description></item>"


@pytest.mark.parametrize("name, content, reason", [
    ("sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x</loc></url></urlset>',
     "not an RSS or Atom feed (its root element is <urlset>)"),
    ("notes.xml", "this is not XML at all", "not an RSS or Atom feed: not well-formed XML (syntax error)"),
    ("empty.rss", feed(""), "the feed has no items"),
    ("bad-date.rss", feed(item("a", "https://x.example/a", day="Mon, 23 Sep 2219 09:15:00 +0000")),
     "item 1 ('a'): date '2219-09-23' is more than a year in the future"),
    ("no-text.rss", feed(item("a", "https://x.example/a", text="")), "item 1 ('a') has no text (no content or summary)"),
    ("garbled-date.rss", feed(item("a", "https://x.example/a", day="yesterday-ish")), "item 1 ('a'): unreadable date 'yesterday-ish' in <published>"),
])
def test_files_and_items_that_are_not_usable_are_one_clear_error_each(tmp_path, name, content, reason):
    (tmp_path / name).write_text(content, encoding="utf-8")
    documents, errors = read(tmp_path / name)
    assert documents == [] and [e.reason for e in errors] == [reason]


def test_an_item_repeated_in_one_feed_is_a_duplicate(tmp_path):
    path = tmp_path / "twice.rss"
    path.write_text(feed(item("a", "https://x.example/a") + "\n" + item("a", "https://x.example/a")))
    documents, errors = read(path)
    assert len(documents) == 1
    assert [str(e) for e in errors] == [f"{path}:4: duplicate record (same text as {path}:3); skipped"]


def test_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.rss"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        + feed(item("a", "https://x.example/a", text="Officials met in Geneva. &xxe;")).split("\n", 1)[1]
    )
    (document,), errors = read(path)
    assert document.text.startswith("Officials met in Geneva.") and "TOP-SECRET" not in document.text


def test_rss_1_0_is_a_feed_too(tmp_path):
    path = tmp_path / "rdf.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel rdf:about="https://x.example/"><title>x</title>'
        '<items><rdf:Seq><rdf:li rdf:resource="https://x.example/1"/></rdf:Seq></items></channel>\n'
        '<item rdf:about="https://x.example/1"><title>One</title><link>https://x.example/1</link>'
        "<dc:date>2019-09-23</dc:date><description>Officials met in Geneva.</description></item>\n</rdf:RDF>\n"
    )
    (document,), errors = read(path)
    assert errors == [] and document.date == date(2019, 9, 23) and document.identifier == "https://x.example/1"


def test_a_feed_fetched_again_builds_only_its_new_items(tmp_path):
    first = tmp_path / "monday.rss"
    first.write_text(feed(
        item("Ministers meet", "https://x.example/1", text="The foreign ministers of India and Japan met in Tokyo on Monday.")
        + item("Call", "https://x.example/2", day="Sun, 22 Sep 2019 10:00:00 +0000",
               text="Narendra Modi spoke with Shinzo Abe by telephone on Sunday."),
        channel="<title>t</title><lastBuildDate>Mon, 23 Sep 2019 12:00:00 +0000</lastBuildDate>",
    ))
    again = tmp_path / "tuesday.rss"  # the same two items (reordered) under a newer header, and one new item
    again.write_text(feed(
        item("Visit", "https://x.example/3", day="Tue, 24 Sep 2019 08:00:00 +0000",
             text="The President of Chile arrived in New Delhi on Tuesday for a state visit.")
        + item("Call", "https://x.example/2", day="Sun, 22 Sep 2019 10:00:00 +0000",
               text="Narendra Modi spoke with Shinzo Abe by telephone on Sunday.")
        + item("Ministers meet", "https://x.example/1", text="The foreign ministers of India and Japan met in Tokyo on Monday."),
        channel="<title>t</title><lastBuildDate>Tue, 24 Sep 2019 12:00:00 +0000</lastBuildDate>",
    ))
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        assert kg.build([first]).documents == 2
        triples = len(kg.store)
        summary = kg.build([again])
        assert (summary.documents, summary.skipped) == (1, 2)
        assert len(kg.store) > triples
        titles = kg.query("SELECT ?t WHERE { ?a a dip:Article ; dcterms:title ?t } ORDER BY ?t").df["t"].tolist()
        assert titles == ["Call", "Ministers meet", "Visit"]
