"""A guarded extraction process: `python -m kg.nlp.child FD PARENT_PID`, started by kg.nlp.guard.

It loads the pipeline once, then extracts the batches its parent sends over the socket
FD until the socket closes or the parent dies; each document's result goes back as soon
as it is made, so the parent can time every document against its budget.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection

from kg.model import Document


def serve(fd: int, parent: int) -> None:
    """A child's life: load the pipeline once, then extract batches until the socket closes."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills us
    conn = Connection(fd)
    try:
        from kg.nlp import pipeline

        pipeline.load()
    except Exception as err:  # reported to the parent, which raises GuardError with it
        conn.send(("failed", f"{type(err).__name__}: {err}"))
        return
    try:
        conn.send(("ready", os.getpid()))
        while True:
            documents = conn.recv()
            for outcome in _outcomes(documents):
                conn.send(outcome)
    except (EOFError, OSError):  # the parent closed its end or is gone: nobody wants the rest
        os._exit(0)


def _outcomes(documents: list[Document]) -> Iterator[tuple]:
    """Each document's ("ok", entities, events, relations, seconds) or ("failed", reason).

    The document itself is not sent back: the parent has it. A Python exception is
    one document's bug, not a reason to lose the child and its loaded pipeline.
    """
    from kg.nlp import extract_batch

    rest = list(documents)
    while rest:
        produced = 0
        try:
            for ex in extract_batch(rest):
                yield ("ok", ex.entities, ex.events, ex.relations, ex.seconds)
                produced += 1
            return
        except Exception as err:
            if produced == 0 and len(rest) > 1:  # the batch's parse, or its first document: one at a time
                for document in rest:
                    yield from _outcomes([document])
                return
            yield ("failed", f"{type(err).__name__}: {err}")
            rest = rest[produced + 1 :]


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent goes, even in a native stall
    that never returns to Python; and leave now if it went before we asked."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):  # not Linux: EOF on the socket is the only signal
        pass
    if os.getppid() != parent:
        os._exit(0)


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
