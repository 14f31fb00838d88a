"""The plain data that flows between stages: Document, Entity, Event, Relation, Extraction.

Nothing here knows about RDF: an entity is identified by a `key` ("country/IND",
"person/narendra-modi", minted in kg/ids.py) that the RDF mapping turns into an IRI.
Keeping the stages on dataclasses lets extraction be tested, printed as JSON lines
and shipped between processes without a store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from kg import vocab


@dataclass(frozen=True)
class Document:
    """One article as ingested.

    `id` is a content hash (stable across runs and machines); `identifier` is what
    the input called it (a JSON line's or CSV row's id, else the file name).
    """

    id: str
    identifier: str
    text: str
    date: date
    title: str | None = None
    url: str | None = None
    source: str | None = None  # file path the document came from
    line: int | None = field(default=None, compare=False)  # the record's line in it, for messages

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Entity:
    key: str  # "<kind>/<slug>"; the same real-world thing has the same key in every document
    type: str  # an ontology actor or place class (vocab.coarse_types())
    label: str
    aliases: set[str] = field(default_factory=set)
    iso_code: str | None = None  # ISO 3166 alpha-3, countries only
    positions: set[str] = field(default_factory=set)  # titles held ("Prime Minister")
    mentions: int = 0  # times the document names it (0: known only through a relation)

    @property
    def coarse_type(self) -> str:
        return vocab.coarse_types()[self.type]


@dataclass(frozen=True)
class Participant:
    key: str
    role: str = "participant"  # one of vocab.ROLES


@dataclass
class Event:
    cls: str  # an ontology event class (vocab.event_classes())
    participants: list[Participant]
    date: date
    evidence: str  # the sentence, verbatim
    trigger: str  # the word(s) that signalled the event
    end_date: date | None = None
    date_precision: str = "day"  # "day", "month" or "year": how much of `date` the text gave
    location: str | None = None  # entity key of a place
    confidence: float = 0.5
    status: str = "happened"
    sentence: int = 0  # index of the evidence sentence in the document

    def __post_init__(self) -> None:
        # a wrong value here is a bug upstream; the store's shapes would reject it later, far from its cause
        if self.status not in {"happened", "planned"} or self.date_precision not in {"day", "month", "year"}:
            raise ValueError(f"event status {self.status!r} / precision {self.date_precision!r}")

    @property
    def root_class(self) -> str:
        return vocab.event_roots()[self.cls]


@dataclass(frozen=True)
class Relation:
    predicate: str  # one of vocab.relation_predicates()
    subject: str  # entity key
    object: str  # entity key, or a literal for holdsPosition
    evidence: str | None = None


@dataclass
class Extraction:
    document: Document
    entities: list[Entity]
    events: list[Event]
    relations: list[Relation]
    # Time spent on this document: its share of the batch's parse (by words) plus its
    # own extraction components. Not part of the result: equal extractions stay equal,
    # and to_json leaves it out.
    seconds: float = field(default=0.0, compare=False, repr=False)

    def to_json(self) -> dict:
        """A JSON-ready view (what `kg extract` prints, one line per document)."""

        def clean(value):
            if isinstance(value, (set, frozenset)):
                return sorted(value)
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list):
                return [clean(v) for v in value]
            return value

        doc = asdict(self.document)
        doc.pop("text")
        return clean(
            {
                "document": doc,
                "entities": [asdict(e) for e in self.entities],
                "events": [asdict(e) for e in self.events],
                "relations": [asdict(r) for r in self.relations],
            }
        )
