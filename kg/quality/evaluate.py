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
import tempfile
from pathlib import Path

from kg import store as stores
from kg.pipeline import build, read_all
from kg.quality.scoring import Report, Score, score_document, score_entities
from kg.views.articles import SysDocument, SysEntity, read_system


class GoldError(ValueError):
    """A gold folder or file that cannot be scored against; the message is for the user."""


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


def evaluate(gold_dir: str | Path, corpus_dir: str | Path, *, progress=None) -> Report:
    """Build `corpus_dir` into a temporary Oxigraph store and score it against `gold_dir`."""
    gold = read_gold(Path(gold_dir))
    documents = read_all([str(corpus_dir)])
    by_name = {d.identifier: d for d in documents}
    missing = sorted(set(gold) - set(by_name))
    if missing:
        raise GoldError(f"gold documents not found in '{corpus_dir}': {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as folder:
        store = stores.open(Path(folder) / "store")
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
    from kg.nlp import gazetteer
    from kg.nlp import pipeline as nlp

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
