"""Extraction with a time budget per document, in child processes that can be killed.

One document must never stop a build. Python cannot interrupt a rule that loops or
a native call that never returns (a regular expression that backtracks for ever
holds the GIL), but it can kill a process. So the pipeline runs in children started
with `python -m kg.nlp.child` (Popen, not multiprocessing: a Dask worker is a daemonic
process and may not have multiprocessing children), each loading spaCy once and
serving batches of documents over a socket pair. The parent never loads spaCy.

The parent waits for each batch at most the sum of its documents' budgets, counted
in the time it spends waiting (a slow consumer of the results cannot make a child
look stalled). A child past that, or one that died, is killed and replaced, and the
documents of its unfinished batch run again one at a time, each with its own
budget: only the document that really stalls (or kills its process) is reported,
as Stalled (or Failed); the others are extracted as usual, and batches resume.

A child exits with its parent: the kernel kills it when the thread that started it
ends (PR_SET_PDEATHSIG, Linux), and it exits when its socket closes.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection

from kg.model import Document, Extraction

BUDGET = 60.0  # seconds per document; the longest article of a real corpus takes about one
# A batch sent to a child ends at either limit. nlp.pipe spends as much CPU per word on
# 16 documents as on 64, and on a few thousand words as on more; a stall inside a
# batch costs the whole batch's budget before the culprit is looked for, so batches
# are kept that small.
BATCH_DOCUMENTS = 16
BATCH_WORDS = 4000
# Batches per child: one being worked on and two waiting, so it does not idle while the
# parent commits a partition to the store (about 3 s for 200 documents, two batches' parse).
IN_FLIGHT = 3
STARTUP_SECONDS = 300  # a cold interpreter importing spaCy on a loaded machine


@dataclass(frozen=True)
class Stalled:
    """The document's extraction went past its budget; it was abandoned and skipped."""

    document: Document
    seconds: float  # the budget it went past

    @property
    def reason(self) -> str:
        return f"extraction took longer than {self.seconds:g} s"

    def __str__(self) -> str:
        return f"{self.document.identifier}: extraction took longer than {self.seconds:g} s; skipped"


@dataclass(frozen=True)
class Failed:
    """The document's extraction killed its process or raised; it was skipped."""

    document: Document
    reason: str

    def __str__(self) -> str:
        return f"{self.document.identifier}: extraction failed: {self.reason}; skipped"


Result = Extraction | Stalled | Failed


class GuardError(RuntimeError):
    """A child could not start (model missing, a plugin that does not import): every
    document would fail the same way, so the build stops with the child's message."""


# -- in the parent -----------------------------------------------------------
@dataclass(eq=False)
class _Batch:
    documents: list[Document]
    child: _Child | None = None
    received: int = 0  # results already given out
    waited: float = 0.0  # seconds the parent has waited for this batch's results

    @property
    def done(self) -> bool:
        return self.received == len(self.documents)


class _Child:
    """One child process, the batches it was sent (oldest first), and a thread that
    sends them: a child stalled in native code reads nothing, and a batch bigger than
    the socket's buffer must not block the parent, which has budgets to watch."""

    def __init__(self):
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": _python_path()}
        command = [sys.executable, "-m", "kg.nlp.child", str(theirs.fileno()), str(os.getpid())]
        self.process = subprocess.Popen(
            command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=_stdout(), env=env
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.batches: deque[_Batch] = deque()
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_all, name="kg-guard-send", daemon=True)
        self._sender.start()

    def wait_ready(self) -> None:
        if not self.conn.poll(STARTUP_SECONDS):
            self.kill()
            raise GuardError(f"an extraction process did not start within {STARTUP_SECONDS} s")
        try:
            status, detail = self.conn.recv()
        except (EOFError, OSError):
            status, detail = "failed", f"it exited at start ({_ending(self.process.wait())})"
        if status != "ready":
            self.kill()
            raise GuardError(f"an extraction process could not start: {detail}")

    def send(self, batch: _Batch) -> None:
        batch.child, batch.received, batch.waited = self, 0, 0.0
        self.batches.append(batch)
        self._outbox.put(batch.documents)

    def _send_all(self) -> None:
        while (documents := self._outbox.get()) is not None:
            try:
                self.conn.send(documents)
            except OSError:  # it died; the parent finds out when it waits for the results
                return

    def receive(self, budget: float):
        """The next message for the oldest batch: a tuple, "stalled" when the batch's
        budget ran out, or "died" when the child did."""
        batch = self.batches[0]
        left = budget * len(batch.documents) - batch.waited
        started = time.monotonic()
        ready = self.conn.poll(max(left, 0.0))
        batch.waited += time.monotonic() - started
        if not ready:
            return "stalled"
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            return "died"
        batch.received += 1
        if batch.done:
            self.batches.popleft()
        return message

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> int:
        """Kill the child (a no-op if it has ended), stop the sender; how it ended."""
        if self.process.poll() is None:
            self.process.kill()
        status = self.process.wait()
        try:  # wakes a sender blocked on the dead child's full socket
            with socket.fromfd(self.conn.fileno(), socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._outbox.put(None)
        self._sender.join(5)
        self.conn.close()
        return status


def _python_path() -> str:
    """The parent's import path for the child (a worktree, the tests' own modules), less
    the interpreter's own directories, which the child has without being told."""
    own = tuple(os.path.join(os.path.realpath(p), "") for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
    entries = [os.path.realpath(p or os.getcwd()) for p in sys.path]
    keep = [p for p in entries if not os.path.join(p, "").startswith(own)]
    extra = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return os.pathsep.join(dict.fromkeys(keep + extra))


def _stdout():
    """The child's prints go to stderr: `kg extract` writes JSON lines on stdout."""
    try:
        os.fstat(2)
        return 2
    except OSError:
        return subprocess.DEVNULL


def _ending(status: int) -> str:
    if status >= 0:
        return f"exit status {status}"
    try:
        return f"killed by {signal.Signals(-status).name}"
    except ValueError:  # a real-time signal has no name
        return f"killed by signal {-status}"


def _kill_all(pid: int, children: list[_Child]) -> None:
    if os.getpid() != pid:  # a forked copy of the owner: the children are not ours
        return
    while children:
        children.pop().kill()


class Guard:
    """Extraction in `processes` child processes with `budget` seconds per document.

    `guard.extract(documents)` yields, in input order and lazily, an Extraction (with
    its `seconds`) or a Stalled or Failed per document. A Guard serves any number of
    extract() calls, one at a time, keeping its children (and their loaded pipeline)
    between them. With `budget <= 0` or `processes == 0` there are no children:
    extraction runs in this process exactly as kg.nlp.extract does.
    Closing it, or losing the last reference to it, ends its children.
    """

    def __init__(self, budget: float = BUDGET, processes: int = 1, *, batch_size: int = BATCH_DOCUMENTS, batch_words: int = BATCH_WORDS):
        self.budget = budget
        self.processes = processes if budget > 0 else 0
        self.batch_size = max(1, batch_size)
        self.batch_words = batch_words
        self._children: list[_Child] = []
        self._busy = False
        self.closed = False
        self._finalizer = weakref.finalize(self, _kill_all, os.getpid(), self._children)

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self.closed = True
        self._finalizer()

    def pids(self) -> list[int]:
        """The children's process ids (for tests and monitoring)."""
        return [c.process.pid for c in self._children]

    def extract(self, documents: Iterable[Document]) -> Iterator[Result]:
        if self.closed:
            raise RuntimeError("this Guard is closed")
        if self.processes <= 0:
            from kg.nlp import extract

            return extract(documents)
        return self._guarded(documents)

    def _guarded(self, documents: Iterable[Document]) -> Iterator[Result]:
        if self._busy:
            raise RuntimeError("a Guard runs one extraction at a time; finish or close the other first")
        self._busy = True
        pending: deque[_Batch] = deque()  # sent and not yet wholly given out, in input order
        try:
            self._start()
            source = iter(documents)
            self._fill(pending, source)
            while pending:
                batch = pending[0]
                message = batch.child.receive(self.budget)
                if isinstance(message, str):  # "stalled" or "died"
                    yield from self._recover(pending, message)
                else:
                    document = batch.documents[batch.received - 1]
                    if batch.done:
                        pending.popleft()
                        self._fill(pending, source)
                    yield _result(document, message)
        finally:
            self._busy = False
            if pending:  # abandoned half-way: what the children are doing is nobody's now
                for child in {id(b.child): b.child for b in pending}.values():
                    child.kill()
                    if child in self._children:
                        self._children.remove(child)

    def _start(self) -> None:
        """Top the children up to `processes`, starting the missing ones side by side."""
        for child in [c for c in self._children if not c.alive()]:
            child.kill()
            self._children.remove(child)
        new = [_Child() for _ in range(self.processes - len(self._children))]
        self._children.extend(new)
        for child in new:
            child.wait_ready()

    def _fill(self, pending: deque[_Batch], source: Iterator[Document]) -> None:
        while len(pending) < IN_FLIGHT * self.processes:
            documents, words = [], 0
            for document in source:
                documents.append(document)
                words += document.words
                if len(documents) >= self.batch_size or words >= self.batch_words:
                    break
            if not documents:
                return
            child = min(self._children, key=lambda c: len(c.batches))
            if not child.batches and not child.alive():  # died idle (the OOM killer): replace quietly
                child = self._replace(child)
            batch = _Batch(documents)
            child.send(batch)
            pending.append(batch)

    def _replace(self, child: _Child) -> _Child:
        child.kill()  # a no-op if it was killed already
        new = _Child()
        self._children[self._children.index(child)] = new
        new.wait_ready()
        return new

    def _recover(self, pending: deque[_Batch], what: str) -> Iterator[Result]:
        """The oldest batch's child stalled or died: replace it, then give each document
        of that batch still without a result its own run and budget, so only the one at
        fault is skipped; the child's later batches are sent again, whole."""
        head = pending.popleft()
        child = head.child
        assert child.batches[0] is head
        lost = list(child.batches)[1:]
        status = child.kill()
        new = self._replace(child)
        culprit = len(head.documents) == 1  # it had a budget of its own
        singles = [] if culprit else [_Batch([d]) for d in head.documents[head.received :]]
        for batch in singles + lost:
            new.send(batch)
        pending.extendleft(reversed(singles))
        if culprit:
            document = head.documents[0]
            if what == "stalled":
                yield Stalled(document, self.budget)
            else:
                yield Failed(document, f"its extraction process died ({_ending(status)})")


def _result(document: Document, message: tuple) -> Extraction | Failed:
    if message[0] == "ok":
        _, entities, events, relations, seconds = message
        return Extraction(document, entities, events, relations, seconds=seconds)
    return Failed(document, message[1])


_local = threading.local()


def shared_guard(budget: float = BUDGET) -> Guard:
    """This thread's Guard for `budget`, kept across calls.

    For a Dask task (or any code called many times on the same worker thread): one
    Guard per thread keeps its child, and the child's loaded pipeline, from task to
    task. It ends with its thread (and in a forked process a new one is made: the
    parent's children are not the fork's).
    """
    pid, guards = getattr(_local, "guards", (None, None))
    if pid != os.getpid():
        guards = {}
        _local.guards = (os.getpid(), guards)
    guard = guards.get(budget)
    if guard is None or guard.closed:
        guard = guards[budget] = Guard(budget)
    return guard


