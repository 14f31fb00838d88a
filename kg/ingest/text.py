"""Plain-text articles: a `date YYYY-MM-DD` header line, an optional headline, the text.

With a default date (`kg build --date`), a file without the header is all text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.ingest.records import IngestError, ReadOptions, make_document, parse_date
from kg.model import Document

SUFFIXES = (".txt",)
_HEADER = re.compile(r"^\s*date\s*:?\s*(\S+)[ \t]*(.*)$", re.IGNORECASE)


def read(text: str, source: str, name: str, report, options: ReadOptions = ReadOptions()) -> Iterator[tuple[int | None, Document]]:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    match = _HEADER.match(lines[first]) if first is not None else None
    if not match and options.default_date is not None and first is not None:
        try:
            yield None, make_document(name, text, options.default_date, None, None, source)
        except ValueError as err:
            report(IngestError(source, first + 1, str(err)))
        return
    if not match:
        return report(IngestError(source, (first or 0) + 1, "no 'date YYYY-MM-DD' header line"))
    try:
        when = parse_date(match.group(1))
    except ValueError as err:
        return report(IngestError(source, first + 1, str(err)))
    rest = lines[first + 1 :]
    title = None
    if not match.group(2).strip():
        # A headline follows a header-only line when a blank line follows it and it
        # reads as a headline, not a sentence.
        body = next((i for i, line in enumerate(rest) if line.strip()), None)
        if body is not None and body + 1 < len(rest) and not rest[body + 1].strip():
            candidate = rest[body].strip()
            if len(candidate) <= 200 and not candidate.endswith((".", "!", "?", '"', "”")):
                title, rest = candidate, rest[body + 1 :]
    body_text = "\n".join([match.group(2), *rest]).strip()
    if not body_text:
        return report(IngestError(source, first + 1, "empty text"))
    try:
        yield None, make_document(name, body_text, when, title, None, source)
    except ValueError as err:
        report(IngestError(source, first + 1, str(err)))


