"""One document cannot stop a build: a document whose extraction stalls for real (a component
that sleeps, tests/support/stall.py) is skipped after its budget with one error line, in every
build engine and in `kg extract`, and the others are built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support import stall

BUDGET = 4
TEXTS = [
    "Prime Minister Shinzo Abe met President Moon Jae-in in Seoul on Monday.",
    f"The minister said nothing new. {stall.SLEEP}",
    "Germany's Chancellor Angela Merkel criticised Russia on Tuesday.",
]


@pytest.fixture
def feed(tmp_path) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"id": f"doc-{n}", "date": "2019-05-15", "text": t}) + "\n" for n, t in enumerate(TEXTS)))
    return path


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "KG_NLP_PLUGINS": stall.PLUGIN, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout)


def articles(store: Path) -> int:
    out = kg("query", "SELECT (COUNT(?a) AS ?n) WHERE { ?a a dip:Article }", "--format", "csv", "--store", str(store))
    return int(out.stdout.split()[-1])


@pytest.mark.timeout(600)
@pytest.mark.parametrize("engine", [
    ["--workers", "1"],
    ["--workers", "2"],
    pytest.param(["--engine", "dask", "--scheduler", "local", "--workers", "1"], id="dask"),
], ids=["one-process", "two-workers", "dask"])
def test_a_stalled_document_is_skipped_and_the_rest_built(feed, tmp_path, engine):
    store = tmp_path / "store"
    started = time.monotonic()
    result = kg("build", str(feed), "--store", str(store), "--doc-timeout", str(BUDGET), "--quiet", *engine)
    assert result.returncode == 3, result.stderr
    assert f"{feed}:2: doc-1: extraction took longer than {BUDGET} s; skipped" in result.stderr
    assert "Traceback" not in result.stderr
    assert articles(store) == 2
    assert time.monotonic() - started < 240  # the stall costs its budget, not the sleep's hour


@pytest.mark.timeout(300)
def test_kg_extract_keeps_the_same_budget(feed):
    result = kg("extract", str(feed), "--doc-timeout", str(BUDGET))
    assert result.returncode == 3
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["document"]["identifier"] for line in lines] == ["doc-0", "doc-2"]
    assert "doc-1: extraction took longer than" in result.stderr


@pytest.mark.timeout(300)
def test_the_budget_comes_from_the_environment_too(feed, tmp_path):
    env_budget = {**os.environ, "KG_NLP_PLUGINS": stall.PLUGIN, "PYTHONPATH": str(ROOT), "KG_DOC_TIMEOUT": str(BUDGET)}
    result = subprocess.run([sys.executable, "-m", "kg", "extract", str(feed)], capture_output=True, text=True, cwd=ROOT,
                            env=env_budget, timeout=280)
    assert result.returncode == 3 and f"longer than {BUDGET} s" in result.stderr
