"""The RDF store: `open()` picks a backend by location — Oxigraph on disk, rdflib in
memory, or a SPARQL 1.1 server — the way rdflib's plugin registry picks a store.

Every backend is a `Store` (kg/store/base.py): SPARQL through rdflib, named graphs,
export; each writes whole documents atomically in its own way.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kg.store.base import QUAD_FORMATS, RDF_FORMATS, QueryError, Store, StoreError
from kg.store.lock import StoreBusy

__all__ = [
    "DEFAULT_LOCATION", "MEMORY", "QUAD_FORMATS", "RDF_FORMATS", "QueryError", "Store", "StoreBusy", "StoreError",
    "default_location", "is_remote", "open", "register",
]

DEFAULT_LOCATION = "kg-store"
MEMORY = "memory"
REMOTE_SCHEMES = ("http://", "https://")

# (name, does this location belong to it?, "module:Class"), first match wins; the
# class is imported only when chosen, so a local build never loads the HTTP client.
_BACKENDS: list[tuple[str, Callable[[str], bool], str]] = []


def register(name: str, matches: Callable[[str], bool], target: str) -> None:
    """Add a backend: `target` is "module:Class", a Store subclass taking (location, read_only=, wait=)."""
    _BACKENDS.insert(0, (name, matches, target))


def is_remote(location: object) -> bool:
    return str(location).startswith(REMOTE_SCHEMES)


def default_location() -> str:
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


def open(location: str | os.PathLike | None = None, *, read_only: bool = False, wait: bool = False) -> Store:  # noqa: A001
    """Open (or create) the store at `location` (default: $KG_STORE or ./kg-store).

    A writer of a store on disk holds its write lock until `close()`; `wait` queues
    behind another writer instead of raising StoreBusy. `read_only` opens a snapshot.
    """
    location = str(location or default_location())
    for _name, matches, target in _BACKENDS:
        if matches(location):
            module, cls = target.split(":")
            backend = getattr(__import__(module, fromlist=[cls]), cls)
            return backend(location, read_only=read_only, wait=wait)
    raise StoreError(f"no store backend for '{location}'")


register("oxigraph", lambda location: True, "kg.store.oxigraph:DiskStore")
register("memory", lambda location: location == MEMORY, "kg.store.memory:MemoryStore")
register("remote", is_remote, "kg.store.remote:RemoteStore")
