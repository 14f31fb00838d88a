"""Sources -> Documents: .txt with a date header, .jsonl, .csv, folders, stdin.

News arrives scraped and messy, so reading is strict about what matters (every
article needs a real date and some text) and forgiving about the rest (BOMs,
Windows line ends, cp1252 bytes). Each bad record becomes an IngestError naming
file, line and reason; the caller decides whether one bad record stops the batch.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from kg.model import Document

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv")
STDIN = "-"

_HEADER = re.compile(r"^\s*date\s*:?\s*(\S+)[ \t]*(.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IngestError(ValueError):
    def __init__(self, source: str, line: int | None, reason: str):
        self.source, self.line, self.reason = str(source), line, reason
        super().__init__(f"{self.source}:{line}: {reason}" if line else f"{self.source}: {reason}")


def document_id(identifier: str, text: str) -> str:
    """Content hash: the same article read from anywhere gets the same id (and IRI)."""
    return hashlib.sha256(f"{identifier}\n{text}".encode()).hexdigest()[:16]


def iter_documents(
    sources: Iterable[str | os.PathLike],
    *,
    on_error: Callable[[IngestError], None] | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Document]:
    """Documents of all sources in a stable order.

    With `on_error`, each bad record is handed to it and reading goes on, so a
    caller can report every problem at once; without it the first one is raised.
    """

    def report(err: IngestError) -> None:
        if on_error is None:
            raise err
        on_error(err)

    for source in sources:
        if str(source) == STDIN:
            yield from _read_stream(stdin or sys.stdin, report)
            continue
        path = Path(source)
        if path.is_dir():
            for child in _walk(path):
                yield from _read_file(child, report)
        elif not path.exists():
            report(IngestError(str(path), None, "no such file or directory"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report(IngestError(str(path), None, f"unsupported file type '{path.suffix or path.name}' (expected .txt, .jsonl, .csv or a folder)"))
        else:
            yield from _read_file(path, report)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root) / name


def _read_file(path: Path, report) -> Iterator[Document]:
    try:
        raw = path.read_bytes()
    except PermissionError:
        return report(IngestError(str(path), None, "permission denied"))
    except OSError as err:
        return report(IngestError(str(path), None, f"cannot read: {err.strerror or err}"))
    try:
        text = decode(raw)
    except ValueError as err:
        return report(IngestError(str(path), None, str(err)))
    if not text.strip():
        return report(IngestError(str(path), None, "empty file"))
    reader = {".txt": _read_txt, ".jsonl": _read_jsonl, ".csv": _read_csv}[path.suffix.lower()]
    yield from reader(text, str(path), path.name, report)


def _read_stream(stream: TextIO, report) -> Iterator[Document]:
    text = normalise(stream.read().lstrip("\ufeff"))
    if not text.strip():
        return report(IngestError("<stdin>", None, "empty input"))
    reader = _read_jsonl if text.lstrip().startswith("{") else _read_txt
    yield from reader(text, "<stdin>", "stdin", report)


def decode(raw: bytes) -> str:
    """Bytes -> normalised text; binary data is refused, odd encodings are not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return normalise(raw.decode("utf-16"))
    if b"\x00" in raw[:8192]:
        raise ValueError("binary file (not text)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return normalise(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return normalise(raw.decode("latin-1"))


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_date(value: object) -> date:
    """A strict YYYY-MM-DD (a time part after it, as in ISO datetimes, is dropped)."""
    text = str(value).strip() if value is not None else ""
    match = _ISO_DATE.match(text)
    if not match or (len(text) > 10 and text[10] not in "T "):
        raise ValueError(f"invalid date '{text}' (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(match.group())
    except ValueError:
        raise ValueError(f"invalid date '{text}' (expected YYYY-MM-DD)") from None


def _make(identifier: str, text: str, when: date, title, url, source: str) -> Document:
    text = text.strip()
    return Document(
        id=document_id(identifier, text),
        identifier=identifier,
        text=text,
        date=when,
        title=(title or "").strip() or None,
        url=(url or "").strip() or None,
        source=source,
    )


def _read_txt(text: str, source: str, name: str, report) -> Iterator[Document]:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    match = _HEADER.match(lines[first]) if first is not None else None
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
    yield _make(name, body_text, when, title, None, source)


def _record(fields: dict, source: str, line: int, fallback_id: str, report) -> Document | None:
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        report(IngestError(source, line, "missing field 'text'" if text is None else "empty text"))
        return None
    if fields.get("date") in (None, ""):
        report(IngestError(source, line, "missing field 'date'"))
        return None
    try:
        when = parse_date(fields["date"])
    except ValueError as err:
        report(IngestError(source, line, str(err)))
        return None
    given = fields.get("id")
    identifier = str(given).strip() if given not in (None, "") else fallback_id
    return _make(identifier, normalise(text), when, fields.get("title"), fields.get("url"), source)


def _read_jsonl(text: str, source: str, name: str, report) -> Iterator[Document]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as err:
            report(IngestError(source, number, f"malformed JSON: {err.msg} at column {err.colno}"))
            continue
        if not isinstance(fields, dict):
            report(IngestError(source, number, "expected a JSON object per line"))
            continue
        document = _record(fields, source, number, f"{name}:{number}", report)
        if document:
            yield document


def _read_csv(text: str, source: str, name: str, report) -> Iterator[Document]:
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    missing = [c for c in ("date", "text") if c not in columns]
    if missing:
        return report(IngestError(source, 1, f"missing column(s) {', '.join(missing)} in the header row"))
    start = reader.line_num + 1
    try:
        for row in reader:
            fields = {(k or "").strip().lower(): v for k, v in row.items()}
            document = _record(fields, source, start, f"{name}:{start}", report)
            if document:
                yield document
            start = reader.line_num + 1
    except csv.Error as err:
        report(IngestError(source, reader.line_num, f"malformed CSV: {err}"))
