"""JSON lines: one article per line with `date` and `text`, and optionally `id`, `title`, `url`."""

from __future__ import annotations

import json
from collections.abc import Iterator

from kg.ingest.records import IngestError, ReadOptions, from_fields
from kg.model import Document

SUFFIXES = (".jsonl",)


def sniff(text: str) -> bool:
    """Standard input that starts with a JSON object is JSON lines."""
    return text.lstrip().startswith("{")


def read(text: str, source: str, name: str, report, options: ReadOptions = ReadOptions()) -> Iterator[tuple[int | None, Document]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as err:
            report(IngestError(source, number, f"malformed JSON: {err.msg} at column {err.colno}"))
            continue
        except RecursionError:
            report(IngestError(source, number, "malformed JSON: nested too deeply"))
            continue
        if not isinstance(fields, dict):
            report(IngestError(source, number, "expected a JSON object per line"))
            continue
        document = from_fields(fields, source, number, f"{name}:{number}", report, options)
        if document:
            yield number, document


