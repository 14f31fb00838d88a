"""Shared fixtures: the bundled example corpus built once per session into each backend."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build, read_all
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
QUERIES = ROOT / "ontology" / "queries"


@pytest.fixture(scope="session")
def example_documents():
    return read_all([str(EXAMPLES)])


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory, example_documents):
    """An Oxigraph store holding the examples; copy it before writing to it."""
    path = tmp_path_factory.mktemp("stores") / "examples"
    with Store(path) as store:
        build(store, example_documents)
    return path


@pytest.fixture
def example_store(built_store_dir, tmp_path):
    """A private, writable copy of the built example store."""
    path = tmp_path / "store"
    shutil.copytree(built_store_dir, path)
    with Store(path) as store:
        yield store


@pytest.fixture(scope="session")
def memory_store(example_documents):
    store = Store("memory")
    build(store, example_documents)
    yield store
    store.close()
