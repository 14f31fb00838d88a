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
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from kg.model import Document

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv")
STDIN = "-"

_HEADER = re.compile(r"^\s*date\s*:?\s*(\S+)[ \t]*(.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# C0 controls other than tab and newline, DEL, and lone surrogates (from JSON "\ud800"):
# none is text, and RDF serialisers and stores refuse some of them.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

_NOT_PRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\u2028\u2029]")
_CONTROL_BYTES = [c for c in range(32) if chr(c) not in "\t\n\r\f"]

# Sane dates for news: from 1800 (older archives are not news in this sense) to a year
# after today (scheduled publication, time zones). Anything outside is a typo or a
# sentinel such as 0001-01-01 or 9999-12-31, and relative dates ("next year") resolved
# against it would leave the calendar.
EARLIEST_DATE = date(1800, 1, 1)
FUTURE_MARGIN = timedelta(days=366)

# spaCy's own limit (nlp.max_length): a longer text needs more memory than a news
# article ever should, so it is refused as a record rather than crashing the batch.
MAX_TEXT_CHARS = 1_000_000


class IngestError(ValueError):
    """One bad record: where (file, line) and why, as one printable line."""

    def __init__(self, source: str, line: int | None, reason: str):
        self.source, self.line, self.reason = str(source), line, _printable(reason)
        where = _printable(self.source)
        super().__init__(f"{where}:{line}: {self.reason}" if line else f"{where}: {self.reason}")


def _printable(text: str) -> str:
    """Quoted input (a date with a newline in it, a file name) must not break the line."""
    return _NOT_PRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode(), text)


@dataclass
class Batch:
    """What a set of sources held: the good documents, and every bad record."""

    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def read_batch(sources: Iterable[str | os.PathLike], *, stdin: TextIO | None = None) -> Batch:
    """Every good document of the sources, and an IngestError for each bad record."""
    batch = Batch()
    batch.documents = list(iter_documents(sources, on_error=batch.errors.append, stdin=stdin))
    return batch


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

    # Where each document (by content) and each id a record gave was first seen: a
    # second record with the same id is a duplicate, not a second article.
    seen: dict[str, str] = {}
    for line, document in _iter_records(sources, report, stdin):
        here = f"{document.source}:{line}" if line else str(document.source)
        keys = [f"doc {document.id}"] + ([f"id {document.identifier}"] if line else [])
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            what = "same text" if keys[0] in seen else f"id '{document.identifier}'"
            report(IngestError(str(document.source), line, f"duplicate record ({what} as {first}); skipped"))
            continue
        seen.update((k, here) for k in keys)
        yield document


def _iter_records(sources, report, stdin) -> Iterator[tuple[int | None, Document]]:
    """(line, document) of every good record; `line` is None for a whole-file article."""
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


def _read_file(path: Path, report) -> Iterator[tuple[int | None, Document]]:
    try:
        raw = path.read_bytes()
    except PermissionError:
        return report(IngestError(str(path), None, "permission denied"))
    except IsADirectoryError:
        return report(IngestError(str(path), None, "is a directory"))
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


def _read_stream(stream: TextIO, report) -> Iterator[tuple[int | None, Document]]:
    try:
        text = normalise(stream.read().lstrip("\ufeff"))
    except (UnicodeDecodeError, OSError) as err:
        return report(IngestError("<stdin>", None, f"cannot read: {err}"))
    if not text.strip():
        return report(IngestError("<stdin>", None, "empty input"))
    reader = _read_jsonl if text.lstrip().startswith("{") else _read_txt
    yield from reader(text, "<stdin>", "stdin", report)


def decode(raw: bytes) -> str:
    """Bytes -> normalised text; binary data is refused, odd encodings are not.

    UTF-8 first; a file that is not valid UTF-8 throughout is decoded line by line, so
    that one cp1252 line pasted into a UTF-8 file does not turn the rest into mojibake.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return normalise(raw.decode("utf-16", errors="replace"))
    sample = raw[:8192]
    if sum(sample.count(bytes([c])) for c in _CONTROL_BYTES) > len(sample) // 10:
        # Like `file` and git, judge by the first 8 KB; a stray NUL in scraped text is
        # not enough (it is dropped by normalise), a tenth of control bytes is.
        raise ValueError("binary file (not text)")
    try:
        return normalise(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return normalise("\n".join(_decode_line(line) for line in raw.split(b"\n")))


def _decode_line(line: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return line.decode(encoding)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")


def normalise(text: str) -> str:
    """One spelling of text: NFC, \\n line ends, no control characters or lone surrogates."""
    text = _NOT_TEXT.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else " ", text)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_date(value: object) -> date:
    """A strict YYYY-MM-DD (a time part after it, as in ISO datetimes, is dropped)."""
    text = str(value).strip()[:40] if value is not None else ""
    match = _ISO_DATE.match(text)
    if not match or (len(text) > 10 and text[10] not in "T "):
        raise ValueError(f"invalid date '{text}' (expected YYYY-MM-DD)")
    try:
        when = date.fromisoformat(match.group())
    except ValueError:
        raise ValueError(f"invalid date '{text}' (expected YYYY-MM-DD)") from None
    if when < EARLIEST_DATE:
        raise ValueError(f"date '{text}' is before {EARLIEST_DATE.isoformat()} (not a news date)")
    if when > date.today() + FUTURE_MARGIN:
        raise ValueError(f"date '{text}' is more than a year in the future")
    return when


def _make(identifier: str, text: str, when: date, title, url, source: str) -> Document:
    text = text.strip()
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"text too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    identifier = normalise(identifier)  # file names may carry undecodable bytes
    return Document(
        id=document_id(identifier, text),
        identifier=identifier,
        text=text,
        date=when,
        title=(title or "").strip() or None,
        url=(url or "").strip() or None,
        source=normalise(source),
    )


def _read_txt(text: str, source: str, name: str, report) -> Iterator[tuple[int | None, Document]]:
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
    try:
        yield None, _make(name, body_text, when, title, None, source)
    except ValueError as err:
        report(IngestError(source, first + 1, str(err)))


def _record(fields: dict, source: str, line: int, fallback_id: str, report) -> Document | None:
    text = fields.get("text")
    if text is not None and not isinstance(text, str):
        report(IngestError(source, line, f"field 'text' is a {_json_type(text)}, not a string"))
        return None
    if not text or not text.strip():
        report(IngestError(source, line, "missing field 'text'" if text is None else "empty text"))
        return None
    for name in ("id", "title", "url"):
        value = fields.get(name)
        if value is not None and not isinstance(value, (str, int, float)):
            report(IngestError(source, line, f"field '{name}' is a {_json_type(value)}, not a string"))
            return None
    if fields.get("date") in (None, ""):
        report(IngestError(source, line, "missing field 'date'"))
        return None
    try:
        when = parse_date(fields["date"])
    except ValueError as err:
        report(IngestError(source, line, str(err)))
        return None
    given = normalise(str(fields.get("id") or "")).strip()
    title, url = (normalise(str(fields[k])) if fields.get(k) is not None else None for k in ("title", "url"))
    try:
        return _make(given or fallback_id, normalise(text), when, title, url, source)
    except ValueError as err:
        report(IngestError(source, line, str(err)))
        return None


def _json_type(value: object) -> str:
    return {dict: "JSON object", list: "JSON array", bool: "boolean"}.get(type(value), type(value).__name__)


def _read_jsonl(text: str, source: str, name: str, report) -> Iterator[tuple[int | None, Document]]:
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
        document = _record(fields, source, number, f"{name}:{number}", report)
        if document:
            yield number, document


def _read_csv(text: str, source: str, name: str, report) -> Iterator[tuple[int | None, Document]]:
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
            document = _record(fields, source, start, f"{name}:{start}", report)
            if document:
                yield start, document
        start = reader.line_num + 1
