"""Scoring against hand-checked gold extractions (schema: shared/gold/README.md).

The corpus is built into a throw-away store with the same code as `kg build`, and
the system's side of every comparison is read back from that store with SPARQL:
the figures are those of the graph users query, not of an internal data structure.

Matching rules (from the gold README):
- an entity matches a gold entity when any of its labels equals any gold label
  (lower-cased, a leading "the" and punctuation dropped) and, for typed scores, the
  coarse types agree; each gold entity is matched at most once, so an unmerged alias
  ("Putin" beside "Vladimir Putin") costs precision;
- an event matches a gold event when the root classes agree and it shares at least
  two participants (one where the gold lists one); optional gold events earn nothing
  and excuse the system events that match only them;
- a relation matches when predicate, subject and object agree (positions compared as
  normalised text).
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.build import build, read_all
from kg.model import COARSE_TYPE, EVENT_CLASSES, EVENT_ROOT, RELATION_PREDICATES
from kg.store import Store


class GoldError(ValueError):
    """A gold folder or file that cannot be scored against; the message is for the user."""


# -- reading both sides --------------------------------------------------------------


@dataclass
class SysEntity:
    iri: str
    type: str  # coarse type
    labels: set[str]


@dataclass
class SysEvent:
    iri: str
    cls: str
    participants: set[str] = field(default_factory=set)
    date: str | None = None
    end_date: str | None = None
    location: str | None = None
    status: str = "happened"
    evidence: str = ""


@dataclass
class SysDocument:
    entities: dict[str, SysEntity] = field(default_factory=dict)
    events: dict[str, SysEvent] = field(default_factory=dict)
    relations: set[tuple[str, str, str]] = field(default_factory=set)  # (predicate, subject IRI, object IRI or literal)


ENTITY_QUERY = """
SELECT ?identifier ?entity ?type ?label WHERE {
  GRAPH ?article {
    ?article dcterms:identifier ?identifier ; dip:mentions ?entity .
    ?entity a ?type ; rdfs:label|skos:altLabel ?label .
  }
}"""

EVENT_QUERY = """
SELECT ?identifier ?event ?type ?participant ?date ?end ?precision ?location ?status ?evidence WHERE {
  GRAPH ?article {
    ?article dcterms:identifier ?identifier .
    ?event prov:wasDerivedFrom ?article ; a ?type ; dip:participant ?participant ; dip:date ?date ;
           dip:evidence ?evidence .
    OPTIONAL { ?event dip:endDate ?end }
    OPTIONAL { ?event dip:datePrecision ?precision }
    OPTIONAL { ?event dip:location ?location }
    OPTIONAL { ?event dip:status ?status }
  }
}"""

RELATION_QUERY = """
SELECT ?identifier ?predicate ?subject ?object WHERE {
  GRAPH ?article {
    ?article dcterms:identifier ?identifier .
    ?subject ?predicate ?object .
    VALUES ?predicate { %s }
  }
}""" % " ".join(f"dip:{p}" for p in RELATION_PREDICATES)


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def read_system(store: Store) -> dict[str, SysDocument]:
    """Entities, events and relations of every article in the store, by identifier."""
    docs: dict[str, SysDocument] = defaultdict(SysDocument)
    for identifier, entity, kind, label in store.query(ENTITY_QUERY):
        coarse = COARSE_TYPE.get(_local(kind))
        if coarse is None:
            continue
        found = docs[str(identifier)].entities.setdefault(str(entity), SysEntity(str(entity), coarse, set()))
        found.labels.add(str(label))
    for identifier, event, kind, participant, when, end, precision, location, status, evidence in store.query(EVENT_QUERY):
        cls = _local(kind)
        if cls not in EVENT_CLASSES:
            continue
        found = docs[str(identifier)].events.setdefault(str(event), SysEvent(str(event), cls))
        found.participants.add(str(participant))
        found.date = _at_precision(str(when), str(precision or "day"))
        found.end_date = _at_precision(str(end), str(precision or "day")) if end else None
        found.location = str(location) if location else None
        found.status = str(status or "happened")
        found.evidence = str(evidence)
    for identifier, predicate, subject, obj in store.query(RELATION_QUERY):
        docs[str(identifier)].relations.add((_local(predicate), str(subject), str(obj)))
    return dict(docs)



def _at_precision(iso: str, precision: str) -> str:
    return {"year": iso[:4], "month": iso[:7]}.get(precision, iso[:10])


def read_gold(folder: Path) -> dict[str, dict]:
    files = sorted(Path(folder).glob("*.json"))
    if not files:
        raise GoldError(f"no gold files (*.json) in '{folder}'")
    gold = {}
    for path in files:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            gold[record["doc"]] = record
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise GoldError(f"{path}: not a gold file ({err})") from err
    return gold


# -- matching ------------------------------------------------------------------------


def norm_label(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[^\w\s]", "", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def __iadd__(self, other: Accuracy) -> Accuracy:
        self.right += other.right
        self.total += other.total
        return self

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0


def _one_to_one(pairs: Iterable[tuple[str, object]], weights: dict | None = None) -> dict:
    """A maximum matching of system items to gold items over the candidate pairs; among
    matchings of the same size the one of most weight (1 per pair unless `weights` says)."""
    graph = nx.Graph()
    for system, gold in pairs:
        graph.add_edge(("s", system), ("g", gold), weight=(weights or {}).get((system, gold), 1))
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    result = {}
    for a, b in matching:
        system, gold = (a, b) if a[0] == "s" else (b, a)
        result[system[1]] = gold[1]
    return result


def score_entities(system: Iterable[SysEntity], gold: list[dict], *, typed: bool) -> Score:
    system = list(system)
    gold_labels = {g["id"]: {norm_label(label) for label in g["labels"]} for g in gold}
    gold_types = {g["id"]: g["type"] for g in gold}
    pairs = [
        (s.iri, gid)
        for s in system
        for gid, labels in gold_labels.items()
        if labels & {norm_label(label) for label in s.labels} and (not typed or gold_types[gid] == s.type)
    ]
    matched = _one_to_one(pairs)
    return Score(tp=len(matched), fp=len(system) - len(matched), fn=len(gold) - len(matched))


def entity_map(system: Iterable[SysEntity], gold: list[dict]) -> dict[str, str]:
    """System IRI -> gold id, many to one (an unmerged alias still names the same thing)."""
    by_label = {(norm_label(label), g["type"]): g["id"] for g in gold for label in g["labels"]}
    mapping = {}
    for s in system:
        for label in sorted(s.labels, key=len, reverse=True):
            gid = by_label.get((norm_label(label), s.type))
            if gid:
                mapping[s.iri] = gid
                break
    return mapping


@dataclass
class DocumentReport:
    doc: str
    entities_typed: Score
    entities_untyped: Score
    events: Score
    event_class: Accuracy
    event_date: Accuracy
    event_location: Accuracy
    event_status: Accuracy
    relations: Score
    missed_events: list[str] = field(default_factory=list)
    spurious_events: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)


def _root(cls: str) -> str:
    return EVENT_ROOT.get(cls, cls)


def _event_candidates(event: SysEvent, gold_events: list[dict], mapping: dict[str, str]) -> list[tuple[int, int]]:
    """(gold index, shared participants) for every gold event this system event matches."""
    mapped = {mapping[p] for p in event.participants if p in mapping}
    found = []
    for i, g in enumerate(gold_events):
        if _root(g["type"]) != _root(event.cls):
            continue
        shared = len(mapped & set(g["participants"]))
        if shared >= min(2, len(g["participants"])):
            found.append((i, shared))
    return found


def score_document(system: SysDocument, gold: dict, predicates: set[str]) -> DocumentReport:
    entities = list(system.entities.values())
    mapping = entity_map(entities, gold["entities"])
    gold_events = gold["events"]
    required = [i for i, g in enumerate(gold_events) if not g.get("optional")]

    weights: dict[tuple[str, int], float] = {}
    excused = set()
    for event in system.events.values():
        for i, shared in _event_candidates(event, gold_events, mapping):
            if gold_events[i].get("optional"):
                excused.add(event.iri)
            else:
                # Among candidates, the one told in the same sentence is the one to compare
                # class, date and place with.
                same = norm_label(event.evidence) == norm_label(gold_events[i]["evidence"])
                weights[event.iri, i] = 1 + shared / 100 + (0.5 if same else 0)
    matched = _one_to_one(weights, weights)
    fp = [e for e in system.events.values() if e.iri not in matched and e.iri not in excused]
    report = DocumentReport(
        doc=gold["doc"],
        entities_typed=score_entities(entities, gold["entities"], typed=True),
        entities_untyped=score_entities(entities, gold["entities"], typed=False),
        events=Score(tp=len(matched), fp=len(fp), fn=len(required) - len(matched)),
        event_class=Accuracy(),
        event_date=Accuracy(),
        event_location=Accuracy(),
        event_status=Accuracy(),
        relations=score_relations(system.relations, gold["relations"], mapping, predicates),
    )
    for iri, i in matched.items():
        event, g = system.events[iri], gold_events[i]
        report.event_class.add(event.cls == g["type"])
        date_right = event.date == g["date"] and event.end_date == g.get("endDate")
        report.event_date.add(date_right)
        if not date_right:
            report.wrong_dates.append(f"{g['type']} {event.date}/{event.end_date} for {g['date']}/{g.get('endDate')}: {g['evidence'][:70]}")
        acceptable = g["location"] if isinstance(g["location"], list) else ([g["location"]] if g["location"] else [])
        report.event_location.add(
            mapping.get(event.location) in acceptable if acceptable else event.location is None
        )
        report.event_status.add(event.status == g.get("status", "happened"))
    report.missed_events = [f"{gold_events[i]['type']}: {gold_events[i]['evidence'][:90]}" for i in required if i not in matched.values()]
    report.spurious_events = [f"{e.cls} {sorted(_local(p) for p in e.participants)}" for e in fp]
    return report


def score_relations(
    system: set[tuple[str, str, str]], gold: list[dict], mapping: dict[str, str], predicates: set[str]
) -> Score:
    """Only predicates the gold annotates are scored (it has no `represents`, say)."""
    def key(predicate: str, subject: str, obj: str) -> tuple[str, str, str]:
        return predicate, subject, norm_label(obj) if predicate == "holdsPosition" else obj

    gold_set = {key(r["predicate"], r["subject"], r["object"]) for r in gold}
    found = set()
    unmatched = 0
    for predicate, subject, obj in system:
        if predicate not in predicates:
            continue
        mapped = (predicate, mapping.get(subject), obj if predicate == "holdsPosition" else mapping.get(obj))
        if None in mapped:
            unmatched += 1
            continue
        found.add(key(*mapped))
    tp = len(found & gold_set)
    return Score(tp=tp, fp=len(found - gold_set) + unmatched, fn=len(gold_set) - tp)


# -- the whole run -------------------------------------------------------------------


@dataclass
class Report:
    documents: list[DocumentReport]

    def total(self) -> DocumentReport:
        total = DocumentReport("all", Score(), Score(), Score(), Accuracy(), Accuracy(), Accuracy(), Accuracy(), Score())
        for d in self.documents:
            total.entities_typed += d.entities_typed
            total.entities_untyped += d.entities_untyped
            total.events += d.events
            total.event_class += d.event_class
            total.event_date += d.event_date
            total.event_location += d.event_location
            total.event_status += d.event_status
            total.relations += d.relations
        return total

    def figures(self) -> dict[str, float]:
        t = self.total()
        return {
            "entity_typed_p": t.entities_typed.precision,
            "entity_typed_r": t.entities_typed.recall,
            "entity_typed_f1": t.entities_typed.f1,
            "entity_untyped_f1": t.entities_untyped.f1,
            "event_p": t.events.precision,
            "event_r": t.events.recall,
            "event_f1": t.events.f1,
            "event_class_acc": t.event_class.value,
            "event_date_acc": t.event_date.value,
            "event_location_acc": t.event_location.value,
            "event_status_acc": t.event_status.value,
            "relation_p": t.relations.precision,
            "relation_r": t.relations.recall,
            "relation_f1": t.relations.f1,
        }


def evaluate(gold_dir: str | Path, corpus_dir: str | Path, *, progress=None) -> Report:
    """Build `corpus_dir` into a temporary Oxigraph store and score it against `gold_dir`."""
    gold = read_gold(Path(gold_dir))
    documents = read_all([str(corpus_dir)])
    by_name = {d.identifier: d for d in documents}
    missing = sorted(set(gold) - set(by_name))
    if missing:
        raise GoldError(f"gold documents not found in '{corpus_dir}': {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as folder:
        store = Store(Path(folder) / "store")
        try:
            build(store, [by_name[name] for name in gold], progress=progress)
            system = read_system(store)
        finally:
            store.close()
    predicates = {r["predicate"] for record in gold.values() for r in record["relations"]}
    return Report([score_document(system.get(name, SysDocument()), gold[name], predicates) for name in gold])


def baseline_entities(corpus_dir: str | Path, gold_dir: str | Path) -> Score:
    """Plain spaCy NER as the issue defines the baseline: every distinct span text one entity.

    PERSON -> Person, GPE -> Country when the gazetteer knows it else Place,
    LOC/FAC -> Place, ORG -> Organization.
    """
    from kg import nlp
    from kg.extract import gazetteer

    gold = read_gold(Path(gold_dir))
    documents = {d.identifier: d for d in read_all([str(corpus_dir)])}
    gaz = gazetteer.load()
    total = Score()
    pipeline = nlp.load()
    names = [name for name in gold if name in documents]
    for name, doc in zip(names, pipeline.pipe(documents[n].text for n in names)):
        found: dict[tuple[str, str], SysEntity] = {}
        for ent in doc.ents:
            kind = {"PERSON": "Person", "LOC": "Place", "FAC": "Place", "ORG": "Organization"}.get(ent.label_)
            if ent.label_ == "GPE":
                kind = "Country" if gaz.country(ent.text) else "Place"
            if kind:
                found.setdefault((ent.text, kind), SysEntity(f"{kind}:{ent.text}", kind, {ent.text}))
        total += score_entities(found.values(), gold[name]["entities"], typed=True)
    return total
