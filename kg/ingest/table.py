"""CSV with a header row naming `date` and `text` (and `id`, `title`, `url`), as Wikinews dumps are."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from kg.ingest.records import MAX_TEXT_CHARS, IngestError, ReadOptions, from_fields
from kg.model import Document

SUFFIXES = (".csv",)


def read(text: str, source: str, name: str, report, options: ReadOptions = ReadOptions()) -> Iterator[tuple[int | None, Document]]:
    # A cell may hold a whole article: the length check in _make gives the clear error.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_TEXT_CHARS))
    reader = csv.DictReader(io.StringIO(text))
    try:
        columns = {c.strip().lower() for c in reader.fieldnames or []}
    except csv.Error as err:
        return report(IngestError(source, 1, f"malformed CSV header: {err}"))
    missing = [c for c in ("date", "text") if c not in columns]
    if missing:
        return report(IngestError(source, 1, f"missing column(s) {', '.join(missing)} in the header row"))
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:  # one malformed row; the reader goes on with the next line
            report(IngestError(source, start, f"malformed CSV: {err}"))
            start = reader.line_num + 1
            continue
        if None in row:  # more cells than the header has columns
            report(IngestError(source, start, f"{len(row[None])} cell(s) more than the header's columns"))
        else:
            fields = {(k or "").strip().lower(): v for k, v in row.items()}
            document = from_fields(fields, source, start, f"{name}:{start}", report, options)
            if document:
                yield start, document
        start = reader.line_num + 1
