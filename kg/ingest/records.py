"""What every reader shares: the bad-record error, decoding, dates, and making a Document.

News arrives scraped and messy, so reading is strict about what matters (every
article needs a real date and some text) and forgiving about the rest (BOMs,
Windows line ends, cp1252 bytes). Each bad record becomes an IngestError naming
file, line and reason; the caller decides whether one bad record stops the batch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kg.ids import document_id
from kg.model import Document

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


@dataclass(frozen=True)
class ReadOptions:
    """What the user says about every record of a build, handed to each reader.

    `default_date`: the date of a record that gives none (a page with no findable date, a
    feed item without one, a .txt without a date header, a JSON line or CSV row without a
    `date`); a date that is given but wrong is still an error.
    """

    default_date: date | None = None

    @classmethod
    def of(cls, default_date: date | str | None) -> ReadOptions:
        """Options from what a caller of the API may pass: a date, a datetime or "YYYY-MM-DD"."""
        if isinstance(default_date, datetime):
            default_date = default_date.date()
        return cls(default_date=None if default_date is None else parse_date(default_date))


class IngestError(ValueError):
    """One bad record: where (file, line) and why, as one printable line."""

    def __init__(self, source: str, line: int | None, reason: str):
        self.source, self.line, self.reason = str(source), line, _printable(reason)
        where = _printable(self.source)
        super().__init__(f"{where}:{line}: {self.reason}" if line else f"{where}: {self.reason}")

    def __reduce__(self):  # shipped back from Dask workers with the shards
        return type(self), (self.source, self.line, self.reason)


def _printable(text: str) -> str:
    """Quoted input (a date with a newline in it, a file name) must not break the line."""
    return _NOT_PRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode(), text)


def decode(raw: bytes) -> str:
    """Bytes -> normalised text; binary data is refused, odd encodings are not.

    UTF-8 first; a file that is not valid UTF-8 throughout is decoded line by line, so
    that one cp1252 line pasted into a UTF-8 file does not turn the rest into mojibake.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return normalise(raw.decode("utf-16", errors="replace"))
    refuse_binary(raw)
    try:
        return normalise(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return normalise("\n".join(_decode_line(line) for line in raw.split(b"\n")))


def refuse_binary(raw: bytes) -> None:
    """ValueError for data that is not text.

    Like `file` and git, judge by the first 8 KB; a stray NUL in scraped text is not
    enough (it is dropped by normalise), a tenth of control bytes is.
    """
    sample = raw[:8192]
    if sum(sample.count(bytes([c])) for c in _CONTROL_BYTES) > len(sample) // 10:
        raise ValueError("binary file (not text)")


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


def make_document(identifier: str, text: str, when: date, title, url, source: str) -> Document:
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


def from_fields(
    fields: dict, source: str, line: int, fallback_id: str, report, options: ReadOptions = ReadOptions()
) -> Document | None:
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
    if fields.get("date") in (None, "") and options.default_date is None:
        report(IngestError(source, line, "missing field 'date'"))
        return None
    try:
        when = parse_date(fields["date"]) if fields.get("date") not in (None, "") else options.default_date
    except ValueError as err:
        report(IngestError(source, line, str(err)))
        return None
    given = normalise(str(fields.get("id") or "")).strip()
    title, url = (normalise(str(fields[k])) if fields.get(k) is not None else None for k in ("title", "url"))
    try:
        return make_document(given or fallback_id, normalise(text), when, title, url, source)
    except ValueError as err:
        report(IngestError(source, line, str(err)))
        return None


def _json_type(value: object) -> str:
    return {dict: "JSON object", list: "JSON array", bool: "boolean"}.get(type(value), type(value).__name__)


