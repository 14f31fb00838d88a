"""One writer per store, told apart from readers.

Oxigraph already refuses a second process that opens a store for writing, but with
an error about its RocksDB `LOCK` file and only once the second build has done
its reading. This lock is taken first, before any work, and says who holds it.

It is an `fcntl.flock` on `<store>/kg-write.lock`, not the `filelock` package: the
kernel drops a flock when its holder dies, even by `kill -9`, so a crashed build
never leaves a stale lock behind to be cleared by hand, and no dependency is
needed (the project runs on Linux and macOS, where flock exists). Readers take no
lock: they open Oxigraph read-only and see the store as of that moment.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "kg-write.lock"

_held: dict[str, int] = {}  # store directory -> depth, so one process may nest the lock


class StoreBusy(RuntimeError):
    """Another process is writing to the store; the message says which."""


@contextmanager
def write_lock(location: str | os.PathLike, *, wait: bool = False) -> Iterator[None]:
    """Hold the store's write lock; refuse at once if it is taken, or queue with `wait`.

    The store directory is created if missing, so the lock exists before the store
    does; if nothing was written into it, it is removed again.
    """
    directory = Path(location).resolve()
    key = str(directory)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 500, 0).decode("utf-8", "replace").strip() or "another process"
            raise StoreBusy(
                f"store '{location}' is being written by {holder}; "
                "wait for it to finish or pass --wait to queue behind it "
                "(queries work meanwhile)"
            ) from None
        os.ftruncate(fd, 0)
        command = " ".join([_program(), *sys.argv[1:2]])
        os.pwrite(fd, f"`{command}` (pid {os.getpid()}, since {time.strftime('%H:%M:%S')})".encode(), 0)
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            if created and os.listdir(directory) == [LOCK_FILE]:
                # nothing was written (bad input, --strict): leave no empty store behind
                os.unlink(directory / LOCK_FILE)
                directory.rmdir()
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _program() -> str:
    """What the holder is called in the message: `kg` for the command (also as `python -m kg`)."""
    first = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("python")
    return first.parent.name if first.name == "__main__.py" else first.name
