"""What every `kg` command shares: the consoles, the one-line error, the store option, opening.

Bad input ends in one plain `error:` line on stderr and a non-zero exit, with the store
as it was; commands reach the product only through kg.api.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from kg.api import KnowledgeGraph, StoreError

# A table piped to a file or a pager is read later, not on an 80-column terminal.
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True)
TABLE_CELL = 60
DEFAULT_STORE = "kg-store"

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        envvar="KG_STORE",
        help="Store directory (Oxigraph on disk), 'memory' for a throw-away in-memory store, or a SPARQL server's URL (http://HOST:PORT/...).",
        show_default=True,
    ),
]


def say_error(message: object) -> None:
    # escaped: messages quote user input and parser output, which may contain [brackets]
    err.print(f"[bold red]error:[/] {escape(str(message))}", highlight=False, emoji=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    say_error(message)
    return typer.Exit(code)


def first_line(e: BaseException) -> str:
    text = next((line.strip() for line in str(e).splitlines() if line.strip()), "")
    return text or type(e).__name__


def reason(e: BaseException) -> str:
    """What went wrong, in the words of the OS for OSErrors ("No space left on device")."""
    return (e.strerror if isinstance(e, OSError) else None) or first_line(e)


@contextmanager
def reading(location: str) -> Iterator[KnowledgeGraph]:
    """The store opened as a snapshot for a command that only reads: it needs no lock
    and runs while a build writes. A store that cannot be read is one error line."""
    try:
        kg = KnowledgeGraph.open(location, read_only=True, must_exist=True)
    except StoreError as e:
        raise fail(str(e)) from e
    try:
        yield kg
    except StoreError as e:
        raise fail(str(e)) from e
    except OSError as e:  # a snapshot whose files a writer retired meanwhile
        raise fail(f"cannot read store '{location}': {reason(e)} (it changed while read; run the command again)") from e
    finally:
        kg.close()


def write_output(data: bytes | str, output) -> None:
    """To a file, or to stdout; a reader that stops early (`| head`) ends the output quietly."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        write_stdout(raw)
        return
    try:
        output.write_bytes(raw)
    except OSError as e:
        raise fail(f"cannot write '{output}': {reason(e)}") from e
    err.print(f"wrote {output}", highlight=False)


def write_stdout(raw: bytes) -> None:
    try:
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        quiet_broken_pipe()


def quiet_broken_pipe() -> None:
    """Unix tools stop quietly when the reader goes away (`kg export | head`), with the
    status of a process ended by SIGPIPE: point stdout at /dev/null so the interpreter's
    own flush at exit does not complain, and exit 141 (128 + SIGPIPE)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(128 + 13)
