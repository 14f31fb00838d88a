"""Saved web pages: the article's text, title, publication date and canonical URL.

The page is read as bytes so that its own charset decides how it is decoded (a BOM, then
the `<meta charset>` it declares, with a check that catches the usual mislabelling);
trafilatura then finds the main text and the metadata, leaving out navigation,
comments, scripts, ads and cookie banners, and htmldate finds the publication date in
the markup (meta tags, JSON-LD, `<time>`, the URL, a dateline or byline). A page with
no findable date is a bad record unless the build gives a default date (`--date`).
The document's identifier is the page's canonical URL when it has one (so the same
article saved twice is one document), else the file name.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from datetime import date

from kg.ingest.records import (
    IngestError,
    ReadOptions,
    decode,
    make_document,
    normalise,
    parse_date,
    refuse_binary,
)
from kg.model import Document

SUFFIXES = (".html", ".htm")
BYTES = True

# trafilatura's own limit for a file it is given (MAX_FILE_SIZE in its settings): a bigger
# page is not an article, and parsing it would cost hundreds of MB.
MAX_PAGE_BYTES = 20_000_000
# Bounds on the parsed page. Real article pages have a few thousand elements, nested a few
# dozen deep; extraction time grows faster than the element count (about 10 s at 80,000
# on a link farm), and libxml2 silently drops whatever is nested past its own limit.
MAX_ELEMENTS = 50_000
MAX_DEPTH = 512
# Where a page may declare its charset (the HTML standard's prescan reads 1024 bytes;
# pages with long comments or scripts before <meta> are common, so look further).
CHARSET_PREFIX = 4096
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# The HTML standard reads these labels as windows-1252, as browsers do.
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819", "ibm819"}
_MONTHS = ("January February March April May June July August September October November December").split()


def sniff(text: str) -> bool:
    """Standard input that starts like an HTML page is one."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or (head.startswith("<?xml") and "<html" in text[:1000].lower())


def read(data: bytes | str, source: str, name: str, report, options: ReadOptions = ReadOptions()) -> Iterator[tuple[int | None, Document]]:
    if isinstance(data, bytes) and len(data) > MAX_PAGE_BYTES:
        return report(IngestError(source, None, f"page too large ({len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,})"))
    try:
        page = decode_page(data) if isinstance(data, bytes) else data
    except ValueError as err:
        return report(IngestError(source, None, str(err)))
    if not page.strip():
        return report(IngestError(source, None, "empty file"))
    try:
        found = extract(page)
    except RecursionError:
        return report(IngestError(source, None, "markup nested too deeply to read"))
    except ValueError as err:  # too big or too deep to be an article page
        return report(IngestError(source, None, str(err)))
    if found is None:
        return report(IngestError(source, None, "not an HTML page with an article (no main text found)"))
    text, title, url, published = found
    when = published or options.default_date
    if when is None:
        return report(IngestError(
            source, None, "no publication date found in the page (meta tags, JSON-LD, <time>, URL, byline); give one with --date YYYY-MM-DD",
        ))
    try:
        yield None, make_document(url or name, text, when, title, url, source)
    except ValueError as err:
        report(IngestError(source, None, str(err)))


def decode_page(raw: bytes) -> str:
    """Bytes -> text by the page's own charset: a BOM, else what the page declares, else UTF-8
    (or cp1252 line by line). A page labelled as a single-byte charset whose bytes are valid
    UTF-8 with non-ASCII characters in them is UTF-8: cp1252 text almost never is."""
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(raw)
    refuse_binary(raw)
    declared = _declared_charset(raw[:CHARSET_PREFIX])
    if declared is None or declared == "utf-8":
        return decode(raw)  # UTF-8, or line by line cp1252 where a line is not (a mislabelled page)
    if not raw.isascii():
        try:
            return normalise(raw.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    try:
        return normalise(raw.decode(declared, errors="replace"))
    except LookupError:  # pragma: no cover - _declared_charset only returns known codecs
        return decode(raw)


def _declared_charset(head: bytes) -> str | None:
    """The codec name of the charset the page declares (meta charset, http-equiv, XML declaration)."""
    match = _XML_ENCODING.match(head) or _CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    if label in _WINDOWS_1252:
        label = "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # UTF-16 declared inside an ASCII-compatible page cannot be true (the BOM case is above).
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def extract(page: str) -> tuple[str, str | None, str | None, date | None] | None:
    """(text, title, canonical URL, publication date) of a page, or None without main text;
    ValueError for a page too big or too deeply nested to be an article."""
    import htmldate
    import trafilatura

    _quiet(("trafilatura", "htmldate", "courlan"))
    tree = parse(page)
    if tree is None:
        return None
    meta = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False, include_images=False)
    text = (meta.text or "").strip() if meta is not None else ""
    if not text:
        return None
    title = normalise(meta.title).strip() if meta.title else None
    url = meta.url if meta.url and meta.url.startswith(("http://", "https://")) else None
    lines = text.split("\n")
    if title and lines and " ".join(lines[0].split()) == " ".join(title.split()):
        text = "\n".join(lines[1:]).strip() or text  # the headline is the title, not the first sentence
    return normalise(text), title, url, _publication_date(htmldate, tree, url)


def parse(page: str):
    """The page as an lxml tree (as trafilatura parses it, without libxml2's silent depth cut)."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True)
    page = _XML_DECLARATION.sub("", page, count=1)  # lxml refuses a str that declares its encoding
    try:
        tree = lxml_html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    elements = depth = deepest = 0
    for event, _element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            elements, depth = elements + 1, depth + 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    if elements > MAX_ELEMENTS:
        raise ValueError(f"page too complex to be an article ({elements:,} elements; the limit is {MAX_ELEMENTS:,})")
    if deepest > MAX_DEPTH:
        raise ValueError(f"markup nested too deeply (more than {MAX_DEPTH:,} levels)")
    return tree


def _publication_date(htmldate, tree, url: str | None) -> date | None:
    """The date the page was first published, from its markup; then from short text such as a
    dateline or byline, but a year or month alone (a copyright line) is not a date."""
    for extensive in (False, True):
        found = htmldate.find_date(tree, url=url, original_date=True, extensive_search=extensive)
        if not found:
            continue
        try:
            when = parse_date(found)
        except ValueError:
            return None
        if not extensive or when.day != 1 or _spelled_out(when, " ".join(tree.itertext())):
            return when
    return None


def _spelled_out(when: date, text: str) -> bool:
    """Whether the text writes out this day (not just its month or year)."""
    month = _MONTHS[when.month - 1]
    short = month[:3]
    patterns = [
        rf"{when.year}-{when.month:02d}-0?1\b",
        rf"\b0?1(st)?\.?\s+({month}|{short}\.?),?\s+{when.year}",
        rf"\b({month}|{short}\.?)\s+0?1(st)?,?\s+{when.year}",
        rf"\b0?{when.month}/0?1/{when.year}\b",
        rf"\b0?1[./]0?{when.month}[./]{when.year}\b",
    ]
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def _quiet(names) -> None:
    """The libraries log every page they find hard to read; a build reports its own errors."""
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)
