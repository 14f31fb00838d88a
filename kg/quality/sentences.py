"""Scoring extraction on single real sentences: the class it finds, the actors, the direction,
and how often a sentence with a tempting word and no event gets one anyway.

Each line of a suite (tests/data/sentences.jsonl) is one sentence from real news with its
article's date and either the expected event (`class`, `actors`, `initiator`,
`recipient`) or `"class": null` and the `trigger` word that must not make an event.
Each sentence is extracted alone, as a one-sentence document dated like its article.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg import vocab
from kg.ids import document_id
from kg.model import Document, Event, Extraction
from kg.pipeline import extract_all
from kg.quality.scoring import norm_label


class SuiteError(ValueError):
    """A suite file that cannot be read; the message names the line."""


@dataclass
class SentenceResult:
    record: dict
    events: list[Event]
    found: Event | None  # the extracted event of the expected class (or root), if any
    exact: bool = False  # found has exactly the expected class
    actors: tuple[int, int] = (0, 0)  # expected actors found among its participants, of how many
    direction: bool | None = None  # initiator/recipient as expected, where the suite gives them


@dataclass
class SuiteReport:
    results: list[SentenceResult] = field(default_factory=list)

    @property
    def positives(self) -> list[SentenceResult]:
        return [r for r in self.results if r.record["class"]]

    @property
    def negatives(self) -> list[SentenceResult]:
        return [r for r in self.results if not r.record["class"]]

    def figures(self) -> dict[str, float]:
        pos, neg = self.positives, self.negatives
        found, total = (sum(r.actors[i] for r in pos if r.found) for i in (0, 1))
        directed = [r.direction for r in pos if r.direction is not None]
        return {
            "sentences": len(self.results),
            "class_accuracy": sum(r.exact for r in pos) / len(pos) if pos else 0.0,
            "root_accuracy": sum(r.found is not None for r in pos) / len(pos) if pos else 0.0,
            "actor_recall": found / total if total else 0.0,
            "direction_accuracy": sum(directed) / len(directed) if directed else 0.0,
            "false_event_rate": sum(bool(r.events) for r in neg) / len(neg) if neg else 0.0,
        }

    def per_class(self) -> dict[str, tuple[int, int]]:
        """class -> (sentences where it was found exactly, sentences of that class)."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.positives:
            out[r.record["class"]][1] += 1
            out[r.record["class"]][0] += r.exact
        return {cls: (hit, n) for cls, (hit, n) in out.items()}

    def confusions(self) -> Counter:
        """(expected, extracted classes) for positives not found exactly."""
        return Counter(
            (r.record["class"], ",".join(sorted({e.cls for e in r.events})) or "-") for r in self.positives if not r.exact
        )


def read_suite(path: str | Path) -> list[dict]:
    records = []
    classes = set(vocab.event_classes())
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise SuiteError(f"cannot read sentence suite '{path}': {err.strerror or err}") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            date.fromisoformat(record["date"])
            if not record["text"].strip() or (record["class"] is not None and record["class"] not in classes):
                raise ValueError(f"unknown class {record['class']!r}")
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise SuiteError(f"{path}:{number}: not a suite line ({err})") from err
        records.append(record)
    if not records:
        raise SuiteError(f"no sentences in '{path}'")
    return records


def score_suite(path: str | Path) -> SuiteReport:
    records = read_suite(path)
    documents = [
        Document(id=document_id(f"{r['article']}#{n}", r["text"]), identifier=f"{r.get('article', 'sentence')}#{n}",
                 text=r["text"], date=date.fromisoformat(r["date"]))
        for n, r in enumerate(records)
    ]
    report = SuiteReport()
    for record, extraction in zip(records, extract_all(documents, doc_timeout=0)):
        report.results.append(_score(record, extraction))
    return report


def _score(record: dict, extraction: Extraction) -> SentenceResult:
    result = SentenceResult(record, list(extraction.events), None)
    wanted = record["class"]
    if not wanted:
        return result
    roots = vocab.event_roots()
    candidates = [e for e in extraction.events if roots[e.cls] == roots[wanted]]
    names = {e.key: {norm_label(e.label), *map(norm_label, e.aliases)} for e in extraction.entities}

    def is_actor(key: str, surface: str) -> bool:
        wanted_name = norm_label(surface)
        return any(wanted_name == n or (wanted_name and (wanted_name in n.split() or n in wanted_name.split())) for n in names.get(key, ()))

    def actors_found(event: Event) -> int:
        return sum(any(is_actor(p.key, a) for p in event.participants) for a in record.get("actors", []))

    if candidates:
        best = max(candidates, key=lambda e: (e.cls == wanted, actors_found(e)))
        result.found, result.exact = best, best.cls == wanted
        result.actors = (actors_found(best), len(record.get("actors", [])))
        checks = []
        for role in ("initiator", "recipient"):
            if record.get(role):
                checks.append(any(p.role == role and is_actor(p.key, record[role]) for p in best.participants))
        result.direction = all(checks) if checks else None
    else:
        result.actors = (0, len(record.get("actors", [])))
    return result
