"""Every input format, and every kind of bad input, with its file, line and reason."""

from __future__ import annotations

import io
import shutil
from datetime import date

import pytest

from kg.ids import document_id
from kg.ingest import IngestError, iter_documents
from tests.conftest import EXAMPLES


def read(*sources, **kwargs):
    return list(iter_documents([str(s) for s in sources], **kwargs))


def error_of(*sources) -> IngestError:
    with pytest.raises(IngestError) as info:
        read(*sources)
    return info.value


def test_seed_header_shares_the_line_with_text():
    (doc,) = read(EXAMPLES / "000_seed.txt")
    assert doc.date == date(2025, 10, 29)
    assert doc.identifier == "000_seed.txt" and doc.title is None
    assert doc.text.startswith("New Delhi/Moscow, Oct 29 India and Russia held")


def test_header_line_then_title_line():
    (doc,) = read(EXAMPLES / "wn2019-01.txt")
    assert doc.date == date(2019, 1, 23)
    assert doc.title == "Germany bans Mahan Air of Iran, citing 'security'"
    assert doc.text.startswith("Wednesday, January 23, 2019")


def test_ids_are_content_hashes(tmp_path):
    (first,) = read(EXAMPLES / "000_seed.txt")
    copy = tmp_path / "elsewhere" / "000_seed.txt"
    copy.parent.mkdir()
    shutil.copy(EXAMPLES / "000_seed.txt", copy)
    (again,) = read(copy)
    assert again.id == first.id == document_id("000_seed.txt", first.text)
    copy.write_text(copy.read_text() + " One more sentence.")
    assert read(copy)[0].id != first.id


def test_folder_is_walked_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("date 2025-01-02\nSecond.")
    (tmp_path / "1.txt").write_text("date 2025-01-01\nFirst.")
    (tmp_path / ".hidden" / "3.txt").write_text("date 2025-01-03\nHidden.")
    (tmp_path / "notes.md").write_text("not an article")
    assert [d.text for d in read(tmp_path)] == ["First.", "Second."]
    assert len(read(EXAMPLES)) == 9  # SOURCES.md is skipped


def test_jsonl(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"id": "x1", "date": "2025-01-02", "title": "T", "url": "http://e.org/1", "text": "India met Japan."}\n'
        "\n"
        '{"date": "2019-01-23T10:00:00Z", "text": "Germany banned Mahan Air."}\n'
    )
    first, second = read(path)
    assert (first.identifier, first.title, first.url) == ("x1", "T", "http://e.org/1")
    assert second.identifier == "a.jsonl:3" and second.date == date(2019, 1, 23)


def test_csv_with_embedded_newlines_and_quotes(tmp_path):
    path = tmp_path / "wikinews.csv"
    path.write_text(
        'url,date,title,text\n'
        'http://e.org/1,2019-01-23,"Germany bans ""Mahan""","Germany banned Mahan Air.\n\nIt cited security."\n'
        'http://e.org/2,2019-03-31,Second,Turkey proposed a change.\n'
    )
    first, second = read(path)
    assert first.title == 'Germany bans "Mahan"' and "\n\nIt cited security." in first.text
    assert second.identifier == "wikinews.csv:5" and second.url == "http://e.org/2"


def test_stdin_text_and_jsonl():
    (doc,) = read("-", stdin=io.StringIO("date 2025-01-02\nIndia met Japan."))
    assert doc.text == "India met Japan." and doc.source == "<stdin>"
    (doc,) = read("-", stdin=io.StringIO('{"date": "2025-01-02", "text": "x"}\n'))
    assert doc.identifier == "stdin:1"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("\ufeffdate 2025-01-02\nCafé talks.".encode("utf-8"), "Café talks."),
        ("date 2025-01-02\nCafé talks.".encode("utf-16"), "Café talks."),
        ("date 2025-01-02\r\nCafé “talks”.".encode("cp1252"), "Café “talks”."),
    ],
)
def test_encodings(tmp_path, raw, text):
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    (doc,) = read(path)
    assert doc.text == text and doc.date == date(2025, 1, 2)


@pytest.mark.parametrize(
    ("name", "content", "line", "reason"),
    [
        ("nodate.txt", "India met Japan.\n", 1, "no 'date YYYY-MM-DD' header line"),
        ("bad.txt", "\ndate 2025-13-45\nIndia met Japan.\n", 2, "invalid date '2025-13-45'"),
        ("zero.txt", "date 0000-00-00\nIndia met Japan.\n", 1, "invalid date '0000-00-00'"),
        ("notext.txt", "date 2025-01-01\n\n", 1, "empty text"),
        ("empty.txt", "", None, "empty file"),
        ("missing.jsonl", '{"date": "2025-01-01"}\n', 1, "missing field 'text'"),
        ("nodate.jsonl", '{"text": "x"}\n', 1, "missing field 'date'"),
        ("list.jsonl", "[1, 2]\n", 1, "expected a JSON object"),
        ("cols.csv", "url,title,text\nu,t,x\n", 1, "missing column(s) date"),
    ],
)
def test_bad_records(tmp_path, name, content, line, reason):
    path = tmp_path / name
    path.write_text(content)
    err = error_of(path)
    assert (err.source, err.line) == (str(path), line)
    assert reason in err.reason
    assert str(err).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_binary_missing_and_unknown_files(tmp_path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"date 2025-01-01\n\x00\x01\x02")
    assert error_of(blob).reason == "binary file (not text)"
    assert error_of(tmp_path / "nope.txt").reason == "no such file or directory"
    pdf = tmp_path / "a.pdf"
    pdf.write_text("x")
    assert "unsupported file type '.pdf'" in error_of(pdf).reason


def test_collecting_errors_keeps_the_good_records(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"date": "2025-01-01", "text": "one"}\n'
        '{"date": "2025-01-01", "text": \n'
        '{"date": "2025-01-01", "text": "three"}\n'
    )
    errors: list[IngestError] = []
    docs = read(path, on_error=errors.append)
    assert [d.text for d in docs] == ["one", "three"]
    assert len(errors) == 1 and errors[0].line == 2 and errors[0].reason.startswith("malformed JSON")
