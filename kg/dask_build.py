"""Scale-out on Dask: the same extraction on every worker, N-Quads shards loaded here.

The client (the `kg build` process) checks the sources, skips the documents already
in the store, and hands the rest to the cluster as partitions of whole documents
(Dask futures; Dask does the scheduling). Each worker runs `kg.extract` exactly as a
local build does, with the spaCy model loaded once per worker process (kg.nlp caches
it), and returns its partition as an N-Quads shard, one graph per document. The
client loads each shard into the target store in one transaction as it arrives, so a
failed task costs only its own partition, and only a few partitions per worker are in
flight at a time, so the client's memory stays flat however big the corpus.

The documents travel with the tasks: workers need the package and the model
installed, not the data.
"""

from __future__ import annotations

import itertools
import logging
import time

from kg.build import BuildSummary, Progress, Sources, Tally, extract_shard, new_documents, refresh_ontology
from kg.model import Document
from kg.store import Store

# Documents per task: a few seconds of parsing, so scheduling costs nothing next to it.
PARTITION_DOCUMENTS = 50
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "15s"  # Dask retries a refused connection until then


class DaskError(RuntimeError):
    """The cluster cannot be reached or started; the message is for the user."""


def connect(scheduler: str, workers: int = 2):
    """A Client on the scheduler at `scheduler`, or on a LocalCluster of `workers` processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # one spaCy pipeline per process, used by one thread
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster)
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise DaskError(f"cannot reach the Dask scheduler at '{scheduler}': {err}") from err


def build_on_dask(
    store: Store,
    sources: Sources,
    *,
    scheduler: str = "local",
    workers: int = 2,
    force: bool = False,
    partition_documents: int = PARTITION_DOCUMENTS,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build `sources` into `store` on a Dask cluster; the same graphs as `kg.build.build`."""
    from dask.distributed import as_completed

    started = time.perf_counter()
    tally = Tally()
    refresh_ontology(store)
    todo = new_documents(store, sources.documents(), tally, force=force, progress=progress)
    partitions = iter(lambda: list(itertools.islice(todo, partition_documents)), [])
    first = next(partitions, None)
    if first is None:  # everything is in the store already: no cluster needed
        return tally.summary(store, started)
    client = connect(scheduler, workers)
    try:
        in_flight: dict[str, list[Document]] = {}
        done = as_completed()

        def submit(partition: list[Document] | None) -> None:
            if partition:
                future = client.submit(extract_shard, partition, pure=False)
                in_flight[future.key] = partition
                done.add(future)

        submit(first)
        size = max(1, len(client.scheduler_info().get("workers", {})))
        for _ in range(IN_FLIGHT_PER_WORKER * size - 1):
            submit(next(partitions, None))
        for future in done:
            tally.commit(store, in_flight.pop(future.key), future.result(), progress)
            future.release()
            submit(next(partitions, None))
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and scheduler == "local":
            cluster.close()
    return tally.summary(store, started)
