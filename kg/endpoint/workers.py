"""The endpoint's queries run in worker processes, so that a deadline can stop any of them.

Oxigraph cannot interrupt a query from another thread: a cross product under an
ORDER BY or a COUNT is evaluated inside one native call. A process can be killed,
though, and Oxigraph writes in transactions, so killing a worker loses nothing.
Each worker opens the store read-only and answers one request at a time; the pool
lends idle workers to requests and replaces any worker that missed its deadline.

An update needs the store's write lock, and Oxigraph forbids read-only openers while
a writer works, so an update takes every worker (waiting for the queries in flight),
has them all close the store, runs in one of them, and the others reopen afterwards.
"""

from __future__ import annotations

import asyncio
import errno
import gc
import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import anyio.to_thread
import pyoxigraph as ox

from kg.endpoint import results
from kg.store.lock import write_lock
from kg.store.oxigraph import open_read_only, rederive_native

PLAIN = "text/plain; charset=utf-8"
STARTUP_SECONDS = 120  # a cold interpreter and a big store on a slow disk


@dataclass
class Request:
    kind: str  # "query" or "update"
    text: str
    accept: str | None = None
    format: str | None = None  # an explicit ?format=, which wins over Accept
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        return cls(status, PLAIN, (message.rstrip("\n") + "\n").encode())


# -- inside a worker ---------------------------------------------------------
def answer(store: ox.Store, request: Request, prefixes: dict[str, str], max_rows: int) -> Reply:
    """Run one query and write its result in the negotiated format, at most `max_rows` rows."""
    options: dict = {"prefixes": prefixes}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        options["use_default_graph_as_union"] = True  # the project's contract: all documents + ontology
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    result = store.query(request.text, **options)

    if isinstance(result, ox.QueryTriples):
        fmt = results.negotiate(request.accept, results.GRAPH_FORMATS, request.format)
        if fmt is None:
            return _not_acceptable(results.GRAPH_FORMATS, "CONSTRUCT and DESCRIBE")
        triples = results.capped(result, max_rows)
        return Reply(200, fmt.content_type, results.write_triples(fmt.name, triples, prefixes))

    fmt = results.negotiate(request.accept, results.SOLUTION_FORMATS, request.format)
    if fmt is None:
        return _not_acceptable(results.SOLUTION_FORMATS, "SELECT and ASK")
    if isinstance(result, ox.QueryBoolean):
        return Reply(200, fmt.content_type, results.write_boolean(fmt.name, bool(result)))
    variables = [v.value for v in result.variables]
    width = range(len(variables))
    rows = results.capped((tuple(solution[i] for i in width) for solution in result), max_rows)
    return Reply(200, fmt.content_type, results.write_solutions(fmt.name, variables, rows))


def _not_acceptable(formats: list[results.Format], kind: str) -> Reply:
    offered = ", ".join(f.media_type for f in formats)
    return Reply.text(406, f"cannot answer {kind} queries in the accepted media types; available: {offered}")


def _files(path: str) -> frozenset:
    """What RocksDB has written (tables, write-ahead logs, manifest), to notice a `kg build`
    that changed the store since the worker opened it. Info logs are left out: opening writes them."""
    with os.scandir(path) as entries:
        return frozenset(
            (e.name, e.stat().st_size, e.stat().st_mtime_ns)
            for e in entries
            if e.name.endswith((".sst", ".log")) or e.name.startswith(("MANIFEST", "CURRENT"))
        )


def _serve(path: str, prefixes: dict[str, str], max_rows: int, conn: _Duplex, memory_mb: int = 0) -> None:
    """A worker's life: open the store read-only, then answer requests until told to stop."""
    try:
        seen = _files(path)
        store = open_read_only(Path(path))
    except OSError as err:
        conn.send(("failed", f"cannot open store '{path}': {err}"))
        return
    _limit_memory(memory_mb)
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        if message == "close":  # an update is coming: let go of the files
            store = None
            gc.collect()
            conn.send(Reply.text(200, "closed"))
            continue
        try:
            if message.kind == "update":
                store = None
                gc.collect()
                reply = _update(path, message.text, prefixes)
                seen, store = _files(path), open_read_only(Path(path))
            else:
                now = _files(path)
                if store is None or now != seen:  # reopen to see what another process wrote
                    store = None
                    seen, store = now, open_read_only(Path(path))
                reply = answer(store, message, prefixes, max_rows)
        except SyntaxError as err:
            reply = Reply.text(400, f"bad SPARQL {message.kind}: {err}")
        except ValueError as err:  # an invalid graph IRI in default-graph-uri / named-graph-uri
            reply = Reply.text(400, str(err))
        except results.RowCapExceeded as err:
            reply = Reply.text(422, str(err))
        except MemoryError:
            os.abort()  # the server tells a worker that aborted as one over its memory limit
        except OSError as err:
            if err.errno == errno.ENOMEM or "allocat" in str(err).lower():
                os.abort()  # RocksDB out of address space: the same limit, met in the storage layer
            reply = Reply.text(500, f"store error: {err}")
        conn.send(reply)


def _update(path: str, text: str, prefixes: dict[str, str]) -> Reply:
    """One SPARQL Update, queued behind any other writer (a `kg build`) by the store's write lock."""
    with write_lock(path, wait=True):
        writer = ox.Store(path)
        try:
            writer.update(text, prefixes=prefixes)  # one transaction: all of it or nothing
            rederive_native(writer)  # the derived graph follows, in a second transaction
            writer.flush()
        finally:
            del writer
            gc.collect()  # releases Oxigraph's own lock before the readers reopen
    return Reply.text(200, "update applied")


class _Duplex:
    """Two one-way pipes as one connection (what multiprocessing.Pipe gives, across exec)."""

    def __init__(self, read_fd: int, write_fd: int):
        self.reader = Connection(read_fd, writable=False)
        self.writer = Connection(write_fd, readable=False)

    def send(self, obj) -> None:
        self.writer.send(obj)

    def recv(self):
        return self.reader.recv()

    def poll(self, timeout: float | None) -> bool:
        return self.reader.poll(timeout)

    def close(self) -> None:
        self.reader.close()
        self.writer.close()


def _worker_main(argv: list[str]) -> None:
    read_fd, write_fd, path, max_rows, prefixes, memory_mb = argv
    _serve(path, json.loads(prefixes), int(max_rows), _Duplex(int(read_fd), int(write_fd)), int(memory_mb))


def _limit_memory(memory_mb: int) -> None:
    """A query that wants more address space than this aborts its worker, not the machine.
    Set once the store is open: RocksDB's start-up threads reserve address space of their
    own, and a worker that cannot start would take the whole server down."""
    if memory_mb > 0:
        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# -- in the server -----------------------------------------------------------
class WorkerFailed(RuntimeError):
    pass


class Worker:
    def __init__(self, path: str, prefixes: dict[str, str], max_rows: int, memory_mb: int = 0):
        # A fresh interpreter that imports only this module: multiprocessing's spawn
        # would re-import the `kg` script, and with it spaCy, in every worker.
        to_child, from_child = os.pipe(), os.pipe()
        child_fds = (to_child[0], from_child[1])
        command = [sys.executable, "-c", "import sys; from kg.endpoint.workers import _worker_main; _worker_main(sys.argv[1:])"]
        args = [*map(str, child_fds), path, str(max_rows), json.dumps(prefixes), str(memory_mb)]
        # glibc gives each thread its own 64 MB malloc arena: under an address-space
        # limit RocksDB's threads would use it up before any query did.
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        self.process = subprocess.Popen(command + args, pass_fds=child_fds, stdin=subprocess.DEVNULL, env=env)
        for fd in child_fds:
            os.close(fd)
        self.conn = _Duplex(from_child[0], to_child[1])
        if not self.conn.poll(STARTUP_SECONDS):
            self.kill()
            raise WorkerFailed(f"a query worker did not start within {STARTUP_SECONDS} s")
        try:
            status, message = self.conn.recv()
        except EOFError:
            status, message = "failed", f"a query worker exited at start (status {self.process.wait()})"
        if status != "ready":
            self.kill()
            raise WorkerFailed(message)

    def call(self, message, timeout: float | None) -> Reply | None:
        """The worker's reply, or None if it missed the deadline (the caller kills it)."""
        self.conn.send(message)
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class WorkerPool:
    def __init__(self, path: str, size: int, prefixes: dict[str, str], max_rows: int, timeout: float, memory_mb: int = 0):
        self.args = (path, prefixes, max_rows, memory_mb)
        self.size = size
        self.timeout = timeout
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._update_lock = asyncio.Lock()

    async def start(self) -> None:
        workers = await asyncio.gather(*(anyio.to_thread.run_sync(Worker, *self.args) for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        while not self._idle.empty():
            await anyio.to_thread.run_sync(self._idle.get_nowait().stop)

    async def run(self, request: Request) -> Reply:
        """Answer one query with the first idle worker; a busy pool counts against the deadline."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            return Reply.text(503, f"the server is busy: no query worker came free within {self.timeout:g} s")
        return await self._call(worker, request, max(0.0, deadline - loop.time()))

    async def run_exclusive(self, request: Request) -> Reply:
        """Run an update with every worker held, so that no reader has the store open."""
        async with self._update_lock:
            held = [await self._idle.get() for _ in range(self.size)]
            try:
                for worker in held[1:]:
                    await anyio.to_thread.run_sync(worker.call, "close", None)
                return await self._call(held.pop(0), request, self.timeout)
            finally:
                for worker in held:
                    self._idle.put_nowait(worker)

    async def _call(self, worker: Worker, request: Request, timeout: float) -> Reply:
        try:
            reply = await anyio.to_thread.run_sync(worker.call, request, timeout)
        except (EOFError, OSError):
            worker, status = await self._replace(worker)
            if status == -signal.SIGABRT:  # what an allocation over the worker's memory limit ends in
                reply = Reply.text(503, f"the {request.kind} needed more memory than a query worker may use ({self.args[3]} MB) and was stopped")
            else:
                reply = Reply.text(500, f"the query worker died (status {status}); the {request.kind} was not answered")
        else:
            if reply is None:
                worker, _ = await self._replace(worker)
                what = "update" if request.kind == "update" else "query"
                reply = Reply.text(503, f"the {what} took longer than {self.timeout:g} s, the server's limit, and was stopped")
        self._idle.put_nowait(worker)
        return reply

    async def _replace(self, worker: Worker) -> tuple[Worker, int]:
        """A fresh worker, and how the old one ended."""
        await anyio.to_thread.run_sync(worker.kill)
        return await anyio.to_thread.run_sync(Worker, *self.args), worker.process.returncode
