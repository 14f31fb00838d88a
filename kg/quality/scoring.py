"""Matching a system's extraction to gold and counting: one-to-one matches, precision, recall, F1."""


from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg import vocab
from kg.ids import local_name
from kg.views.articles import SysDocument, SysEntity, SysEvent

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
    # class -> Score: tp counted for both the gold class (recall) and the system class (precision)
    per_class_recall: dict[str, Accuracy] = field(default_factory=dict)
    per_class_precision: dict[str, Accuracy] = field(default_factory=dict)


def _root(cls: str) -> str:
    return vocab.event_roots().get(cls, cls)


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
    for i in required:
        report.per_class_recall.setdefault(gold_events[i]["type"], Accuracy()).add(i in matched.values())
    for event in system.events.values():
        if event.iri not in excused or event.iri in matched:
            report.per_class_precision.setdefault(event.cls, Accuracy()).add(event.iri in matched)
    report.missed_events = [f"{gold_events[i]['type']}: {gold_events[i]['evidence'][:90]}" for i in required if i not in matched.values()]
    report.spurious_events = [f"{e.cls} {sorted(local_name(p) for p in e.participants)}" for e in fp]
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
            for mine, theirs in ((total.per_class_recall, d.per_class_recall), (total.per_class_precision, d.per_class_precision)):
                for cls, accuracy in theirs.items():
                    mine.setdefault(cls, Accuracy())
                    mine[cls] += accuracy
            total.entities_typed += d.entities_typed
            total.entities_untyped += d.entities_untyped
            total.events += d.events
            total.event_class += d.event_class
            total.event_date += d.event_date
            total.event_location += d.event_location
            total.event_status += d.event_status
            total.relations += d.relations
        return total

    def subset(self, names) -> Report:
        """The documents whose name is in `names` (a split such as the older and newer gold)."""
        wanted = set(names)
        return Report([d for d in self.documents if d.doc in wanted])

    def per_class(self) -> dict[str, tuple[Accuracy, Accuracy]]:
        """Event class -> (precision, recall) as Accuracies, over every class seen on either side."""
        t = self.total()
        classes = sorted(set(t.per_class_recall) | set(t.per_class_precision), key=vocab.event_classes().index)
        return {c: (t.per_class_precision.get(c, Accuracy()), t.per_class_recall.get(c, Accuracy())) for c in classes}

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
