"""Hostile input: whatever bytes arrive, each bad record gets one clear error (file,
line, reason), the good ones are built, and the store validates.

Property-based with hypothesis. Ingestion alone is cheap, so its properties try many
inputs; the full build runs spaCy on random text, so it tries few, small ones.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import IngestError, read_batch
from kg.ingest.records import EARLIEST_DATE, MAX_TEXT_CHARS, normalise
from kg.quality.validate import validate
from kg.store import Store
from kg.store import open as open_store
from tests.conftest import EXAMPLES

runner = CliRunner()
KG = [sys.executable, "-m", "kg"]
TODAY = date.today()

good_dates = st.dates(min_value=EARLIEST_DATE, max_value=TODAY)
bad_dates = st.one_of(
    st.sampled_from(["2025-13-45", "0000-00-00", "9999-12-31", "1799-12-31", "2025-02-30", "25-01-01", "tomorrow", ""]),
    st.dates(min_value=TODAY + timedelta(days=400), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.text(max_size=12).filter(lambda t: not t[:10].strip()[:4].isdigit()),
)
# Text as scraped: any unicode (NUL, surrogates, controls), markup, scripts.
hostile_text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["<script>alert(1)</script>", "<p>India &amp; Japan</p>", "\x00\x00", "\ufeff", "\ud800x", "} ; DROP ALL"]),
    st.text(alphabet=st.sampled_from(list("<>&\"'{};\\\n\r\t\x00 aé—")), max_size=60),
)
INGEST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_error(error: IngestError, path: Path, lines: int) -> None:
    """What every error must be: about this file, at a real line (or the whole file), one line of reason."""
    assert isinstance(error, IngestError)
    assert error.source == str(path)
    assert error.line is None or 1 <= error.line <= lines
    assert error.reason.strip() and "\n" not in error.reason and "Traceback" not in error.reason


def check_document(doc) -> None:
    """What every document must be: real text, a sane date, storable as RDF."""
    assert doc.text.strip() and len(doc.text) <= MAX_TEXT_CHARS
    assert EARLIEST_DATE <= doc.date <= TODAY + timedelta(days=366)
    for value in (doc.text, doc.identifier, doc.title or "", doc.source or ""):
        assert normalise(value) == value
        Literal(value).n3().encode("utf-8")  # no lone surrogates, nothing a serialiser refuses


@INGEST
@given(raw=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".jsonl", ".csv"]))
def test_random_bytes_never_raise(raw, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"junk{suffix}"
        path.write_bytes(raw)
        batch = read_batch([path])
        for error in batch.errors:
            check_error(error, path, raw.count(b"\n") + raw.count(b"\r") + 1)
        for doc in batch.documents:
            check_document(doc)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]


@INGEST
@given(when=st.one_of(good_dates.map(date.isoformat), bad_dates), body=hostile_text, encoding=st.sampled_from(ENCODINGS))
def test_txt_in_any_encoding(when, body, encoding):
    raw = f"date {when}\n{body}".encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(raw)
        batch = read_batch([path])
        assert len(batch.documents) + len(batch.errors) == 1
        for error in batch.errors:
            check_error(error, path, raw.count(b"\n") + 1)
        for doc in batch.documents:
            check_document(doc)


# A record of a JSON line or CSV row: ("good", fields) or ("bad", fields, why).
def good_record(i: int):
    return st.builds(
        lambda when, text, title: ("good", {"id": f"r{i}", "date": when.isoformat(), "title": title, "text": f"record {i}: {text}"}),
        good_dates,
        hostile_text,
        st.one_of(st.none(), hostile_text),
    )


def bad_record(i: int):
    return st.one_of(
        st.builds(lambda d, t: ("bad", {"id": f"r{i}", "date": d, "text": f"record {i}: {t}"}), bad_dates, hostile_text),
        st.just(("bad", {"id": f"r{i}", "date": "2025-01-01"})),  # no text
        st.just(("bad", {"id": f"r{i}", "text": f"record {i}"})),  # no date
        st.just(("bad", {"id": f"r{i}", "date": "2025-01-01", "text": " \n\t "})),  # blank text
        st.just(("bad", {"id": "r0", "date": "2025-01-01", "text": f"duplicate id {i}"})),  # r0 is always good and first
    )


@st.composite
def records(draw, max_size=8):
    n = draw(st.integers(min_value=1, max_value=max_size))
    first = draw(good_record(0))
    return [first] + [draw(st.one_of(good_record(i), bad_record(i))) for i in range(1, n)]


@INGEST
@given(rows=records(), junk=st.lists(st.sampled_from(['{"date": ', "[1, 2]", "null", "{'single': 1}", "\x00\x01}", '"text"']), max_size=3))
def test_jsonl_bad_lines_among_good_ones(rows, junk):
    # Raw UTF-8 and \\u escapes alternate; lone surrogates only escaped, as JSON encoders write them.
    lines = [json.dumps(fields, ensure_ascii=bool(i % 2) or _has_surrogate(fields)) for i, (_, fields, *_) in enumerate(rows)] + junk
    expect_good = [normalise(r[1]["text"]).strip() for r in rows if r[0] == "good"]
    expect_bad = [i + 1 for i, r in enumerate(rows) if r[0] == "bad"] + [len(rows) + k + 1 for k in range(len(junk))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        batch = read_batch([path])
    assert [d.text for d in batch.documents] == expect_good
    assert sorted(e.line for e in batch.errors) == expect_bad
    for error in batch.errors:
        check_error(error, path, len(lines))


def _has_surrogate(fields: dict) -> bool:
    return any(isinstance(v, str) and any("\ud800" <= c <= "\udfff" for c in v) for v in fields.values())


def test_mixed_encodings_line_by_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        '{"date": "2025-01-01", "text": "Café talks in Genève."}\n'.encode("utf-8")
        + '{"date": "2025-01-01", "text": "Smart “quotes” from Word."}\n'.encode("cp1252")
        + b'{"date": "2025-01-01", "text": "undefined \x81 byte"}\n'
    )
    batch = read_batch([path])
    assert [d.text for d in batch.documents] == ["Café talks in Genève.", "Smart “quotes” from Word.", "undefined \x81 byte"]
    assert not batch.errors


@INGEST
@given(rows=records(), bom=st.booleans())
def test_csv_with_embedded_newlines_and_quotes(rows, bom):
    columns = ["id", "date", "title", "text"]
    header = ",".join(columns) + "\n"
    serialised, starts, line = [], [], 2
    for _, fields, *_ in rows:
        buffer = io.StringIO()
        csv.writer(buffer).writerow([fields.get(c) or "" for c in columns])
        text = buffer.getvalue()
        serialised.append(text)
        starts.append(line)
        line += normalise(text).count("\n")
    body = header + "".join(serialised)  # csv.writer ends rows with CRLF, as Excel does
    # lone surrogates cannot be written as UTF-8: they arrive as "?"
    expect_good = [normalise(r[1]["text"].encode("utf-8", "replace").decode()).strip() for r in rows if r[0] == "good"]
    expect_bad = [starts[i] for i, r in enumerate(rows) if r[0] == "bad"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        path.write_bytes(("\ufeff" if bom else "").encode() + body.encode("utf-8", errors="replace"))
        batch = read_batch([path])
    assert [d.text for d in batch.documents] == expect_good
    assert sorted(e.line for e in batch.errors) == expect_bad


def test_ten_megabyte_single_line_is_one_clear_error(tmp_path):
    huge = "India " * 1_700_000  # 10.2 MB on one line
    (tmp_path / "huge.txt").write_text(f"date 2025-01-01\n{huge}")
    (tmp_path / "huge.jsonl").write_text(
        json.dumps({"date": "2025-01-01", "text": "Japan met India."}) + "\n" + json.dumps({"date": "2025-01-01", "text": huge}) + "\n"
    )
    (tmp_path / "noline.txt").write_bytes(b"x" * 10_000_000)  # no header, no newline at all
    batch = read_batch([tmp_path])
    reasons = {(Path(e.source).name, e.line): e.reason for e in batch.errors}
    assert reasons[("huge.txt", 1)].startswith("text too long (10,")
    assert reasons[("huge.jsonl", 2)].startswith("text too long (10,")
    assert reasons[("noline.txt", 1)] == "no 'date YYYY-MM-DD' header line"
    assert [d.text for d in batch.documents] == ["Japan met India."]


def test_field_types_and_duplicates(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [
        {"id": "a", "date": "2025-01-01", "text": "India met Japan."},
        {"id": "a", "date": "2025-01-02", "text": "Other text, same id."},
        {"id": "b", "date": "2025-01-01", "text": "India met Japan."},
        {"id": "c", "date": "2025-01-01", "text": ["not", "text"]},
        {"id": {"x": 1}, "date": "2025-01-01", "text": "x"},
        {"id": 7, "date": "2025-01-01", "title": 3.5, "text": "Numbers are fine."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines))
    batch = read_batch([path, path])  # the same file twice: every record a duplicate the second time
    reasons = [(e.line, e.reason) for e in batch.errors]
    assert reasons[:3] == [
        (2, f"duplicate record (id 'a' as {path}:1); skipped"),
        (4, "field 'text' is a JSON array, not a string"),
        (5, "field 'id' is a JSON object, not a string"),
    ]
    assert [(d.identifier, d.title) for d in batch.documents] == [("a", None), ("b", None), ("7", "3.5")]
    assert len(batch.errors) == 3 + 6  # second pass: 4 duplicates (a, a, b, 7) and the two bad fields again


# -- the whole build ------------------------------------------------------------

ARTICLE = st.builds(
    lambda a, b, verb, noise: f"{a} and {b} {verb} in Geneva. {noise}",
    st.sampled_from(["India", "Russia", "France", "<b>Japan</b>", "Narendra Modi"]),
    st.sampled_from(["Germany", "China", "the United Nations", "Brazil's president"]),
    st.sampled_from(["met", "signed an agreement", "held talks on Monday", "will meet next year"]),
    st.text(max_size=40),
)


@st.composite
def source_folder(draw):
    files = {}
    n = draw(st.integers(min_value=1, max_value=4))
    for i in range(n):
        kind = draw(st.sampled_from(["txt", "jsonl", "csv", "bytes"]))
        when = draw(st.one_of(good_dates.map(date.isoformat), bad_dates))
        text = draw(ARTICLE)
        if kind == "txt":
            files[f"{i}.txt"] = f"date {when}\n{text}".encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
        elif kind == "jsonl":
            lines = [json.dumps({"id": f"{i}-1", "date": when, "text": text}), draw(st.sampled_from(['{"date":', "[]", ""]))]
            lines.append(json.dumps({"id": f"{i}-2", "date": "2024-05-06", "text": draw(ARTICLE)}))
            files[f"{i}.jsonl"] = "\n".join(lines).encode()
        elif kind == "csv":
            buffer = io.StringIO()
            csv.writer(buffer).writerows([["date", "text"], [when, text], ["2024-05-06", draw(ARTICLE)]])
            files[f"{i}.csv"] = buffer.getvalue().encode("utf-8", errors="surrogatepass")
        else:
            files[f"{i}.txt"] = draw(st.binary(max_size=200))
    return files


def article_count(store: Store) -> int:
    return int(next(iter(store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }")))[0])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=source_folder(), strict=st.booleans())
def test_build_of_hostile_batch_keeps_the_good_and_validates(files, strict):
    with tempfile.TemporaryDirectory() as folder:
        sources = Path(folder) / "in"
        sources.mkdir()
        for name, raw in files.items():
            (sources / name).write_bytes(raw)
        expected = read_batch([sources])
        store = str(Path(folder) / "store")
        result = runner.invoke(app, ["build", str(sources), "--store", store, "--quiet", *(["--strict"] if strict else [])])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if expected.errors:
            assert result.exit_code == (1 if strict or not expected.documents else 3)
            for error in expected.errors:
                assert str(error) in result.stderr
        else:
            assert result.exit_code == 0, result.output
        if result.exit_code == 1:
            assert not Path(store).exists() or article_count(open_store(store, read_only=True)) == 0
            return
        with open_store(store, read_only=True) as kg_store:
            assert article_count(kg_store) == len(expected.documents)
            report = validate(kg_store)
            assert report.conforms, (report.problems, report.text[:2000])


def test_real_process_no_traceback_on_hostile_folder(tmp_path):
    """The real `kg` process: every bad record named, a summary, exit 3, and a store that validates."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("date 2025-10-29\nIndia and Russia held talks in New Delhi on Wednesday.")
    (folder / "bom.txt").write_bytes("\ufeffdate 2025-10-28\nJapan and <script>alert('x')</script> China met.".encode())
    (folder / "nul.txt").write_bytes(b"date 2025-10-27\n" + b"a" * 9000 + b"\x00 France met Germany.")
    (folder / "html.jsonl").write_text(
        json.dumps({"id": "h1", "date": "2025-10-26", "text": "<p>Brazil &amp; Argentina signed a deal.</p>"}) + "\n"
        + '{"id": "h2", "date": "2025-10-26", "text": \n'
        + json.dumps({"id": "h1", "date": "2025-10-26", "text": "duplicate id"}) + "\n"
        + json.dumps({"id": "h3", "date": "2025-13-45", "text": "bad date"}) + "\n"
    )
    (folder / "future.csv").write_text('date,text\n9999-12-31,"far, ""future"""\n0000-00-00,zero\n')
    (folder / "empty.txt").write_text("")
    (folder / "utf16.txt").write_bytes("date 2025-10-25\nItaly and Spain met.".encode("utf-16"))
    (folder / "huge.txt").write_text("date 2025-01-01\n" + "word " * 2_100_000)
    store = tmp_path / "store"
    env = {**os.environ, "COLUMNS": "300"}
    run = subprocess.run([*KG, "build", str(folder), "--store", str(store), "--quiet"], capture_output=True, text=True, env=env)
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    for where in ["html.jsonl:2: malformed JSON", "html.jsonl:3: duplicate record (id 'h1'", "html.jsonl:4: invalid date '2025-13-45'",
                  "future.csv:2: date '9999-12-31' is more than a year in the future", "future.csv:3: invalid date '0000-00-00'",
                  "empty.txt: empty file", "huge.txt:1: text too long"]:
        assert where in run.stderr, where
    assert "skipped 7 bad record(s) in 4 file(s)" in run.stderr
    assert "built 5 documents" in run.stderr
    check = subprocess.run([*KG, "validate", "--store", str(store)], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    strict = subprocess.run([*KG, "build", str(folder), str(EXAMPLES / "000_seed.txt"), "--store", str(tmp_path / "s2"), "--strict", "--quiet"],
                            capture_output=True, text=True, env=env)
    assert strict.returncode == 1 and "nothing written (--strict)" in strict.stderr and "Traceback" not in strict.stderr


def test_quoted_input_cannot_break_the_error_line(tmp_path):
    """Found by hypothesis: a date holding a newline was echoed into the message."""
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"date": "0\n0\u2028x", "text": "x"}) + "\n")
    (error,) = read_batch([path]).errors
    assert str(error) == f"{path}:1: invalid date '0\\n0\\u2028x' (expected YYYY-MM-DD)"
