"""Real servers for the tests (and benchmarks/bench_endpoint.py): `kg serve` and
`oxigraph serve` as subprocesses on free localhost ports, and a bounded load generator."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(process: subprocess.Popen, url: str, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not answer within {seconds} s:\n{log.read_text()}")


@contextlib.contextmanager
def _running(command: list[str], probe_url: str, env: dict | None = None) -> Iterator[subprocess.Popen]:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        with log.open("w") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
            try:
                _wait_until_up(process, probe_url, log)
                process.log = log
                yield process
            finally:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@contextlib.contextmanager
def kg_serve(store: str | Path, *options: str, token: str | None = None) -> Iterator[str]:
    """`kg serve` on a free port; yields the endpoint URL (…/sparql)."""
    port = free_port()
    env = dict(os.environ)
    env.pop("KG_SERVE_TOKEN", None)
    if token:
        env["KG_SERVE_TOKEN"] = token
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), *options]
    url = f"http://127.0.0.1:{port}/sparql"
    with _running(command, url, env):
        yield url


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` server is not installed (pip install oxigraph; it is in the test extra)")
    return found


@contextlib.contextmanager
def oxigraph_serve(location: str | Path) -> Iterator[str]:
    """A real Oxigraph server (the `oxigraph` PyPI package) on a free port; yields its root URL."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    root = f"http://127.0.0.1:{port}"
    with _running(command, f"{root}/query?query=ASK%7B%7D"):
        yield root


# -- load -----------------------------------------------------------------------
@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered request
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def hammer(url: str, query: str, expected: bytes, *, requests_total: int, clients: int, accept: str = "text/csv") -> Load:
    """`requests_total` POSTs of `query` spread over `clients` threads, each checked against `expected`."""
    load = Load()
    lock = threading.Lock()
    counter = iter(range(requests_total))

    def client() -> None:
        with requests.Session() as session:
            while True:
                with lock:
                    if next(counter, None) is None:
                        return
                started = time.perf_counter()
                try:
                    response = session.post(url, data={"query": query}, headers={"Accept": accept}, timeout=60)
                    problem = None if response.status_code == 200 and response.content == expected else f"HTTP {response.status_code}: {response.text[:200]}"
                except requests.RequestException as err:
                    problem = str(err)
                elapsed = time.perf_counter() - started
                with lock:
                    if problem:
                        load.errors.append(problem)
                    else:
                        load.latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - started
    return load
