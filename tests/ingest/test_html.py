"""Saved web pages: real articles in realistic page furniture, and hostile pages.

Each page is built around an article of ../shared/news (tests/ingest/pages.py): the
extracted text must be the article (its sentences, none of the menus, banners,
related links, comments, ads or scripts) and the date the one the page gives.
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from kg.ingest import IngestError, ReadOptions, iter_documents
from kg.ingest import html as html_reader
from tests.ingest.pages import FURNITURE, MENU, news_articles, page

STYLES = ["meta", "time", "jsonld", "byline", "url"]


def read_page(data: bytes, options: ReadOptions = ReadOptions()):
    """(document or None, errors) of one page's bytes."""
    errors: list[IngestError] = []
    found = [doc for _line, doc in html_reader.read(data, "page.html", "page.html", errors.append, options)]
    assert len(found) + len(errors) == 1, "a page is one document or one error"
    return (found[0] if found else None), errors


def assert_is_the_article(document, article, share: float = 1.0) -> None:
    text = " ".join(document.text.split())
    sentences = article.sentences
    present = [s for s in sentences if s in text]
    assert len(present) >= share * len(sentences), f"{len(present)}/{len(sentences)} sentences of {article.id}"
    leaked = [f for f in [*FURNITURE, " ".join(MENU)] if f in text]
    assert leaked == []


@pytest.mark.parametrize("style", STYLES)
def test_the_article_and_its_date_come_out_of_the_page(style):
    for article in news_articles(8):
        document, errors = read_page(page(article, style).encode("utf-8"))
        assert errors == []
        assert_is_the_article(document, article)
        assert document.date == date.fromisoformat(article.date)
        assert document.title == article.title
        assert document.url.startswith("https://news.example.org/")
        assert document.identifier == document.url  # the canonical URL names the article
        assert not document.text.startswith(article.title)  # the headline is the title, not text


def test_the_first_publication_counts_not_the_last_modification():
    (article,) = news_articles(1, seed=3)
    for style in ("meta", "jsonld"):  # both pages also say "modified 2021-03-02"
        document, _ = read_page(page(article, style).encode())
        assert document.date == date.fromisoformat(article.date)


@pytest.mark.parametrize("byline, day", [
    ("Jan. 7, 2019, 9:30 AM ET", "2019-01-07"),
    ("Published: 2019-01-07", "2019-01-07"),
    ("Posted on January 7th, 2019 by admin", "2019-01-07"),
    ("Monday 7 January 2019 10.30 GMT", "2019-01-07"),
    ("07.01.2019 09:30", "2019-01-07"),
    ("January 1, 2019", "2019-01-01"),  # a first of the month, written out: a real date
])
def test_a_date_in_the_byline(byline, day):
    (article,) = news_articles(1, seed=5)
    markup = page(article, "none").replace(
        '<div class="byline">By Jane Reporter</div>', f'<div class="byline">By Jane Reporter <span>{byline}</span></div>'
    )
    document, errors = read_page(markup.encode())
    assert errors == [] and document.date == date.fromisoformat(day)


def test_a_page_with_no_date_is_a_bad_record_unless_a_date_is_given():
    (article,) = news_articles(1, seed=7)
    markup = page(article, "none")  # its footer still says "© 2024": a year is not a publication date
    document, errors = read_page(markup.encode())
    assert document is None
    assert "no publication date found in the page" in errors[0].reason and "--date" in errors[0].reason
    document, errors = read_page(markup.encode(), ReadOptions(default_date=date(2019, 5, 1)))
    assert errors == [] and document.date == date(2019, 5, 1)
    assert_is_the_article(document, article)
    # a date the page does give wins over the default
    document, _ = read_page(page(article, "meta").encode(), ReadOptions(default_date=date(2019, 5, 1)))
    assert document.date == date.fromisoformat(article.date)


# -- hostile pages ---------------------------------------------------------------------


def body_with(article, words: str) -> str:
    markup = page(article, "meta")
    marked = markup.replace('<div class="story-body">\n<p>', f'<div class="story-body">\n<p>{words} ', 1)
    assert marked != markup
    return marked


@pytest.mark.parametrize("declared, encoding", [
    ("utf-8", "cp1252"),        # declares UTF-8, saved as Windows-1252
    ("iso-8859-1", "utf-8"),    # declares Latin-1, saved as UTF-8
    ("windows-1252", "cp1252"),  # says what it is
    (None, "cp1252"),           # says nothing
])
def test_the_charset_a_page_declares_or_the_one_it_really_has(declared, encoding):
    (article,) = news_articles(1, seed=11)
    words = "Café déjà vu – “quoted” in Zürich."
    markup = body_with(article, words)
    markup = markup.replace('<meta charset="utf-8">', f'<meta charset="{declared}">' if declared else "")
    document, errors = read_page(markup.encode(encoding))
    assert errors == [] and words in document.text


def test_a_cyrillic_page_in_its_own_charset():
    (article,) = news_articles(1, seed=11)
    words = "Министр иностранных дел Сергей Лавров."
    markup = body_with(article, words).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    )
    document, errors = read_page(markup.encode("cp1251"))
    assert errors == [] and words in document.text


def test_broken_markup_still_gives_the_article():
    (article,) = news_articles(1, seed=13)
    markup = page(article, "time")
    broken = (markup.replace("</p>", "").replace("</div>", "", 3).replace("</html>", "").replace("</body>", "")
              .replace("<article", "</td></tr></table><article").replace('class="story"', 'class="story" <<>>'))
    document, errors = read_page(broken.encode())
    assert errors == []
    assert_is_the_article(document, article)


def test_a_huge_page_of_comments_gives_the_article_in_bounded_time():
    (article,) = news_articles(1, seed=17)
    comments = "".join(f'<div class="comment"><p>Reader comment number {i}: {"blah " * 10}</p></div>' for i in range(15_000))
    markup = page(article, "meta").replace('<section id="comments" class="comments">', f'<section id="comments" class="comments">{comments}')
    assert len(markup) > 1_000_000
    started = time.perf_counter()
    document, errors = read_page(markup.encode())
    assert errors == [] and time.perf_counter() - started < 30
    assert_is_the_article(document, article)
    assert "Reader comment number" not in document.text


def test_pages_too_big_or_too_deep_to_be_articles_are_refused_clearly():
    (article,) = news_articles(1, seed=19)
    markup = page(article, "meta")
    farm = "<ul>" + "<li><a href='/x'>link</a></li>" * 40_000 + "</ul>"
    _, errors = read_page(markup.replace("</main>", farm + "</main>").encode())
    assert "page too complex to be an article (80,0" in errors[0].reason
    deep = markup.replace('<div class="story-body">', '<div class="story-body">' + "<div>" * 3000)
    _, errors = read_page(deep.encode())
    assert errors[0].reason == "markup nested too deeply (more than 512 levels)"
    unclosed = markup.replace("<main>", "<main>" + "<span><b>" * 20_000)
    _, errors = read_page(unclosed.encode())
    assert "nested too deeply" in errors[0].reason
    _, errors = read_page(b" " * (html_reader.MAX_PAGE_BYTES + 1))
    assert errors[0].reason.startswith("page too large (20,000,001 bytes")


def test_not_a_page_at_all(tmp_path):
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "empty.htm").write_bytes(b"  \n")
    (tmp_path / "shell.html").write_bytes(b"<html><head><title>Loading</title></head><body><div id='app'></div></body></html>")
    errors: list[IngestError] = []
    assert list(iter_documents([tmp_path], on_error=errors.append)) == []
    assert {e.source.rsplit("/", 1)[-1]: e.reason for e in errors} == {
        "binary.html": "binary file (not text)",
        "empty.htm": "empty file",
        "shell.html": "not an HTML page with an article (no main text found)",
    }


def test_a_page_on_standard_input_is_read_as_html():
    (article,) = news_articles(1, seed=23)
    import io

    (document,) = list(iter_documents(["-"], stdin=io.StringIO(page(article, "jsonld"))))
    assert document.date == date.fromisoformat(article.date) and document.title == article.title
