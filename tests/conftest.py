"""Shared fixtures: the bundled example corpus built once per session into each backend,
and the real feed (../shared/news) built once per session by `kg build --workers 2`."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.pipeline import build, read_all
from kg.store import Store
from kg.store import open as open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
QUERIES = ROOT / "ontology" / "queries"
NEWS = ROOT.parent / "shared" / "news" / "wikinews-2019-2020.jsonl"


@pytest.fixture(scope="session")
def example_documents():
    return read_all([str(EXAMPLES)])


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory, example_documents):
    """An Oxigraph store holding the examples; copy it before writing to it."""
    path = tmp_path_factory.mktemp("stores") / "examples"
    with open_store(path) as store:
        build(store, example_documents)
    return path


@dataclass
class FeedBuild:
    store: Path
    run: subprocess.CompletedProcess  # what `kg build` said


@pytest.fixture(scope="session")
def real_feed(tmp_path_factory, request) -> FeedBuild:
    """The whole real feed built as a user would (two workers, the watchdog on); read it only.
    One build serves the pipeline's and the corpus layer's real-feed tests (two minutes each),
    also when `make test` spreads them over two test processes: the first builds under a
    file lock in the session's shared temporary folder, the other waits and reads it."""
    if not NEWS.exists():
        pytest.skip(f"the real news feed is not here: {NEWS}")
    shared = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # a pytest-xdist worker: the session's folder is one up
        shared = shared.parent
    store, said = shared / "real-feed" / "store", shared / "real-feed.json"
    with open(shared / "real-feed.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not said.exists():
            run = subprocess.run([sys.executable, "-m", "kg", "build", str(NEWS), "--store", str(store), "--workers", "2"],
                                 capture_output=True, text=True, cwd=ROOT, timeout=1100)
            said.write_text(json.dumps({"args": run.args, "returncode": run.returncode, "stdout": run.stdout, "stderr": run.stderr}))
    return FeedBuild(store, subprocess.CompletedProcess(**json.loads(said.read_text())))


@pytest.fixture
def example_store(built_store_dir, tmp_path):
    """A private, writable copy of the built example store."""
    path = tmp_path / "store"
    shutil.copytree(built_store_dir, path)
    with open_store(path) as store:
        yield store


@pytest.fixture(scope="session")
def memory_store(example_documents):
    store = open_store("memory")
    build(store, example_documents)
    yield store
    store.close()


# -- a small hand-made graph, independent of the extractor ------------------------------
# It goes through the real RDF mapping and the real store; its article title, evidence and
# a name carry hostile markup, to prove every view shows it as text.
HOSTILE_TITLE = "Summit <script>window.__pwned = 1</script> report"
HOSTILE_NAME = 'Evil <img src=x onerror="window.__pwned = 2">'
MEETING_EVIDENCE = "Modi met Xi in Tianjin <script>window.__pwned = 3</script> on Thursday."
CALL_EVIDENCE = "Xi Jinping spoke with Vladimir Putin by telephone."


def tiny_extractions():
    from datetime import date

    from kg.model import Document, Entity, Event, Extraction, Participant, Relation

    def doc(name: str, day: date, title: str) -> Document:
        return Document(id=f"tiny-{name}", identifier=name, text="(hand-made)", date=day, title=title, source=name)

    india = Entity("country/IND", "Country", "India", {"India"}, "IND", mentions=1)
    china = Entity("country/CHN", "Country", "China", {"China", "PRC"}, "CHN", mentions=1)
    russia = Entity("country/RUS", "Country", "Russia", set(), "RUS", mentions=1)
    modi = Entity("person/narendra-modi", "Person", "Narendra Modi", {"Modi"}, positions={"Prime Minister"}, mentions=1)
    xi = Entity("person/xi-jinping", "Person", "Xi Jinping", {"Xi"}, mentions=1)
    putin = Entity("person/vladimir-putin", "Person", "Vladimir Putin", {"Putin"}, mentions=1)
    tianjin = Entity("place/tianjin", "City", "Tianjin", mentions=1)
    kim1 = Entity("person/kim-jong-un", "Person", "Kim Jong Un", {"Kim"}, mentions=1)
    kim2 = Entity("person/kim-yo-jong", "Person", "Kim Yo Jong", {"Kim"}, mentions=1)
    evil = Entity("person/evil", "Person", HOSTILE_NAME, mentions=1)
    first = Extraction(
        doc("a.txt", date(2025, 1, 10), HOSTILE_TITLE),
        [india, china, modi, xi, tianjin, evil],
        [
            Event("Meeting", [Participant(modi.key, "initiator"), Participant(xi.key, "recipient")], date(2025, 1, 9),
                  MEETING_EVIDENCE, "met", location=tianjin.key, confidence=0.9, sentence=0),
            Event("Statement", [Participant(evil.key), Participant(india.key)], date(2025, 1, 10),
                  f"{HOSTILE_NAME} spoke about India.", "spoke", confidence=0.3, sentence=1),
        ],
        [Relation("leaderOf", modi.key, india.key), Relation("leaderOf", xi.key, china.key),
         Relation("holdsPosition", modi.key, "Prime Minister")],
    )
    second = Extraction(
        doc("b.txt", date(2025, 3, 5), "Calls and deals"),
        [china, russia, xi, putin, kim1, kim2],
        [
            Event("PhoneCall", [Participant(xi.key), Participant(putin.key)], date(2025, 3, 4), CALL_EVIDENCE,
                  "spoke", confidence=0.6, sentence=0),
            Event("Agreement", [Participant(china.key), Participant(russia.key)], date(2025, 3, 5),
                  "China and Russia signed a trade agreement.", "signed", confidence=0.4, sentence=1),
            Event("Statement", [Participant(kim1.key), Participant(kim2.key)], date(2025, 3, 5),
                  "Kim Jong Un and Kim Yo Jong issued a statement.", "issued", confidence=0.5, sentence=2),
        ],
        [Relation("leaderOf", putin.key, russia.key)],
    )
    return [first, second]


def load_tiny(store: Store) -> Store:
    from kg.ids import graph_iri
    from kg.rdf import triples

    store.replace_graphs({graph_iri(x.document.id): list(dict.fromkeys(triples(x))) for x in tiny_extractions()})
    return store


@pytest.fixture(params=["oxigraph", "memory"])
def tiny_store(request, tmp_path):
    """The hand-made graph, in each backend."""
    with open_store(tmp_path / "tiny" if request.param == "oxigraph" else "memory") as store:
        yield load_tiny(store)
