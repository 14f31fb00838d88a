"""RSS and Atom feeds (feedparser): each item is a document.

An item's date is its published (else updated) date, its title the title, its link the
URL and the identifier (else its guid / Atom id), and its text the content, else the
summary, with any HTML in them turned into plain text. An item with no date is a bad
record (unless the build gives a default date), reported at the line where the item
starts; so is a file that is not a feed. Fetching the same feed again gives items with
the same identifier and text, hence the same document ids, and the build skips them as
unchanged.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from kg.ingest.records import (
    IngestError,
    ReadOptions,
    make_document,
    normalise,
    parse_date,
    refuse_binary,
)
from kg.model import Document

SUFFIXES = (".rss", ".atom", ".xml")
BYTES = True

# Where items begin, to name their lines (RSS 0.9x/2.0 and 1.0 <item>, Atom <entry>, any prefix).
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
_ROOT = re.compile(rb"^\s*<([A-Za-z_][\w.:-]*)")
# Elements that end a line of text when HTML in an item is flattened.
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "hr",
}
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "form", "button")


def sniff(text: str) -> bool:
    """Standard input whose root element is <rss>, <feed> or RSS 1.0's <rdf:RDF> is a feed."""
    head = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text[:2000], flags=re.DOTALL).lstrip()
    return re.match(r"<(rss|feed|rdf:RDF)[\s>]", head) is not None


def read(data: bytes | str, source: str, name: str, report, options: ReadOptions = ReadOptions()) -> Iterator[tuple[int | None, Document]]:
    import feedparser

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        refuse_binary(raw)
    except ValueError as err:
        return report(IngestError(source, None, str(err)))
    parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        root = _ROOT.search(re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", raw[:4096], flags=re.DOTALL))
        if root and root.group(1) not in (b"rss", b"feed", b"rdf:RDF"):
            detail = f" (its root element is <{root.group(1).decode('ascii', 'replace')}>)"
        else:
            problem = parsed.get("bozo_exception")
            detail = f": {_first_line(problem)}" if problem else ""
        return report(IngestError(source, None, f"not an RSS or Atom feed{detail}"))
    if not parsed.entries:
        return report(IngestError(source, None, "the feed has no items"))
    starts = _item_lines(raw)
    lines = starts if len(starts) == len(parsed.entries) else [None] * len(parsed.entries)
    for number, (entry, line) in enumerate(zip(parsed.entries, lines), start=1):
        document = _document(entry, number, line, source, name, report, options)
        if document is not None:
            yield line, document


def _document(entry, number: int, line: int | None, source: str, name: str, report, options: ReadOptions) -> Document | None:
    title = _plain(entry.get("title", ""), entry.get("title_detail", {}).get("type", "text/plain")) or None
    what = f"item {number}" + (f" ('{_short(title)}')" if title else "")
    text = _text(entry)
    if not text:
        report(IngestError(source, line, f"{what} has no text (no content or summary)"))
        return None
    when = _date(entry)
    if isinstance(when, str):
        report(IngestError(source, line, f"{what}: {when}"))
        return None
    when = when or options.default_date
    if when is None:
        report(IngestError(source, line, f"{what} has no date (no pubDate, published or updated); give one with --date YYYY-MM-DD"))
        return None
    link = (entry.get("link") or "").strip()
    url = link if link.startswith(("http://", "https://")) else None
    identifier = link or (entry.get("id") or "").strip() or f"{name}:item {number}"
    try:
        return make_document(identifier, text, when, title, url, source)
    except ValueError as err:
        report(IngestError(source, line, f"{what}: {err}"))
        return None


def _date(entry) -> date | str | None:
    """The item's date, None if it has none, or why the one it has is not usable.

    The day is the one the publisher wrote, in its own time zone ("2019-06-30T08:05+09:00"
    is 30 June, as the text's "on Sunday" means); feedparser's own reading, in UTC, is the
    fallback for date formats only it knows.
    """
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        written = _as_written(str(entry.get(key) or ""))
        if written is None and parsed is not None:
            written = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
        if written is not None:
            try:
                return parse_date(written)
            except ValueError as err:
                return str(err)
        if entry.get(key):  # present but not a date feedparser can read
            return f"unreadable date '{_short(str(entry[key]))}' in <{key}>"
    return None


def _as_written(value: str) -> str | None:
    """YYYY-MM-DD of an RFC 822 (RSS) or ISO 8601 (Atom) date-time, in its own time zone."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _text(entry) -> str:
    """The longest of the item's contents and its summary, as plain text."""
    candidates = [(c.get("value", ""), c.get("type", "text/html")) for c in entry.get("content", [])]
    if entry.get("summary"):
        candidates.append((entry["summary"], entry.get("summary_detail", {}).get("type", "text/html")))
    texts = [_plain(value, kind) for value, kind in candidates]
    return max(texts, key=len, default="")


def _plain(value: str, kind: str) -> str:
    """Text of an item field: HTML flattened, a line per block; plain text as it is."""
    if not value or not value.strip():
        return ""
    if "html" not in kind:
        return normalise(value).strip()
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fragment_fromstring(value, create_parent="div")
    except (ParserError, ValueError):
        return normalise(re.sub(r"<[^>]*>", " ", value)).strip()
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROPPED)):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return normalise("\n".join(line for line in lines if line)).strip()


def _item_lines(raw: bytes) -> list[int]:
    """The line on which each item or entry starts, in document order."""
    return [raw.count(b"\n", 0, match.start()) + 1 for match in _ITEM_START.finditer(raw)]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(problem: BaseException) -> str:
    if hasattr(problem, "getLineNumber") and hasattr(problem, "getMessage"):  # the XML parser's
        return f"not well-formed XML ({problem.getMessage()})"
    text = str(problem).strip().splitlines()
    return text[0] if text else type(problem).__name__
