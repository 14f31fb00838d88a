"""Sources -> Documents: a reader per input kind (a module of this package), folders, stdin.

Each reader module names the file suffixes it reads (`SUFFIXES`) and has a
`read(text, source, name, report, options)` generator of (line, Document); `options`
(a ReadOptions) is what the user said about every record, such as a default date. A
reader that needs the raw bytes (to find a page's own charset) sets `BYTES = True` and
gets them instead of decoded text (standard input still arrives as text); one with
`sniff(text)` may claim standard input. Adding an input format is adding one module
here: the registry finds it.
"""

from __future__ import annotations

import importlib
import io
import os
import pkgutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TextIO

from kg.ingest.records import IngestError, ReadOptions, decode, normalise, parse_date
from kg.model import Document

__all__ = [
    "STDIN", "Batch", "IngestError", "ReadOptions", "iter_documents", "parse_date", "read_batch", "readers", "supported_suffixes",
]

STDIN = "-"
FALLBACK_READER = "text"  # standard input that no reader claims by its first bytes


@lru_cache(maxsize=1)
def readers() -> dict[str, ModuleType]:
    """Suffix -> reader module, for every module of this package that declares SUFFIXES."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for suffix in getattr(module, "SUFFIXES", ()):
            found[suffix] = module
    return found


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(readers()))


@dataclass
class Batch:
    """What a set of sources held: the good documents, and every bad record."""

    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def read_batch(sources: Iterable[str | os.PathLike], *, stdin: TextIO | None = None, options: ReadOptions = ReadOptions()) -> Batch:
    """Every good document of the sources, and an IngestError for each bad record."""
    batch = Batch()
    batch.documents = list(iter_documents(sources, on_error=batch.errors.append, stdin=stdin, options=options))
    return batch


def iter_documents(
    sources: Iterable[str | os.PathLike],
    *,
    on_error: Callable[[IngestError], None] | None = None,
    stdin: TextIO | None = None,
    options: ReadOptions = ReadOptions(),
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
    for line, document in _iter_records(sources, report, stdin, options):
        here = f"{document.source}:{line}" if line else str(document.source)
        keys = [f"doc {document.id}"] + ([f"id {document.identifier}"] if line else [])
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            what = "same text" if keys[0] in seen else f"id '{document.identifier}'"
            report(IngestError(str(document.source), line, f"duplicate record ({what} as {first}); skipped"))
            continue
        seen.update((k, here) for k in keys)
        yield replace(document, line=line) if line else document


def _iter_records(sources, report, stdin, options: ReadOptions) -> Iterator[tuple[int | None, Document]]:
    """(line, document) of every good record; `line` is None for a whole-file article."""
    for source in sources:
        if str(source) == STDIN:
            yield from _read_stream(stdin or sys.stdin, report, options)
            continue
        path = Path(source)
        if path.is_dir():
            for child in _walk(path):
                yield from _read_file(child, report, options)
        elif not path.exists():
            report(IngestError(str(path), None, "no such file or directory"))
        elif path.suffix.lower() not in readers():
            expected = ", ".join(supported_suffixes())
            report(IngestError(str(path), None, f"unsupported file type '{path.suffix or path.name}' (expected {expected} or a folder)"))
        else:
            yield from _read_file(path, report, options)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in readers():
                yield Path(root) / name


def _read_file(path: Path, report, options: ReadOptions) -> Iterator[tuple[int | None, Document]]:
    try:
        raw = path.read_bytes()
    except PermissionError:
        return report(IngestError(str(path), None, "permission denied"))
    except IsADirectoryError:
        return report(IngestError(str(path), None, "is a directory"))
    except OSError as err:
        return report(IngestError(str(path), None, f"cannot read: {err.strerror or err}"))
    reader = readers()[path.suffix.lower()]
    if getattr(reader, "BYTES", False):
        if not raw.strip():
            return report(IngestError(str(path), None, "empty file"))
        yield from reader.read(raw, str(path), path.name, report, options)
        return
    try:
        text = decode(raw)
    except ValueError as err:
        return report(IngestError(str(path), None, str(err)))
    if not text.strip():
        return report(IngestError(str(path), None, "empty file"))
    yield from reader.read(text, str(path), path.name, report, options)


def _read_stream(stream: TextIO, report, options: ReadOptions) -> Iterator[tuple[int | None, Document]]:
    try:
        text = normalise(stream.read().lstrip("\ufeff"))
    except (UnicodeDecodeError, OSError) as err:
        return report(IngestError("<stdin>", None, f"cannot read: {err}"))
    if not text.strip():
        return report(IngestError("<stdin>", None, "empty input"))
    modules = dict.fromkeys(readers().values())
    claim = next((m for m in modules if hasattr(m, "sniff") and m.sniff(text)), None)
    reader = claim or importlib.import_module(f"{__name__}.{FALLBACK_READER}")
    yield from reader.read(text, "<stdin>", "stdin", report, options)


class IngestErrors(ValueError):
    """Every bad record of a build, reported together."""

    def __init__(self, errors: list[IngestError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Sources:
    """Sources whose every record has been read and found good; `documents()` reads them again.

    Standard input can be read only once, so its text is kept; files are re-read.
    """

    paths: list[str]
    count: int
    words: int
    stdin_text: str | None = field(default=None, repr=False)
    errors: list[IngestError] = field(default_factory=list)  # the bad records, each reported once
    options: ReadOptions = field(default_factory=ReadOptions)  # how they were read (e.g. a default date)

    def all_good(self) -> Sources:
        """These sources, or IngestErrors naming every bad record (or that there was none)."""
        if self.errors:
            raise IngestErrors(self.errors)
        if not self.count:
            raise IngestErrors([IngestError(", ".join(self.paths), None, "no documents found")])
        return self

    def documents(self) -> Iterator[Document]:
        """The good documents again; the bad records were reported when checked."""
        stdin = io.StringIO(self.stdin_text) if self.stdin_text is not None else None
        return iter_documents(self.paths, stdin=stdin, on_error=lambda _error: None, options=self.options)


def check_sources(sources: Iterable[str], stdin=None, options: ReadOptions = ReadOptions()) -> Sources:
    """Read every record once, keeping counts and every bad record; the caller decides
    whether bad records stop the build (`kg build --strict`, the Python API) or not."""
    paths = [str(s) for s in sources]
    stdin_text = (stdin.read() if stdin is not None else None) if STDIN in paths else None
    errors: list[IngestError] = []
    count = words = 0
    replay = io.StringIO(stdin_text) if stdin_text is not None else None
    for document in iter_documents(paths, on_error=errors.append, stdin=replay, options=options):
        count += 1
        words += document.words
    return Sources(paths, count, words, stdin_text, errors, options)


def read_all(sources: Iterable[str], stdin=None, options: ReadOptions = ReadOptions()) -> list[Document]:
    """All documents of the sources in memory, or IngestErrors naming every bad record."""
    errors: list[IngestError] = []
    documents = list(iter_documents(sources, on_error=errors.append, stdin=stdin, options=options))
    if errors:
        raise IngestErrors(errors)
    if not documents:
        raise IngestErrors([IngestError(", ".join(map(str, sources)), None, "no documents found")])
    return documents
