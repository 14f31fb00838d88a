"""The extraction as spaCy pipeline components: registered factories that write Doc extensions
and span groups, so one `nlp.pipe` runs the statistical model and the rules together.

    dip_entities  -> doc._.dip_entities (typed, resolved entities, mentions, relations),
                     doc.spans["dip_mentions"] (each mention, labelled by class, kb_id = key)
    dip_events    -> doc._.dip_events (Events), doc.spans["dip_triggers"] (labelled by class)

`doc._.dip_date`, the article's date, must be set before the pipe: relative dates
("on Monday") resolve against it; `doc._.dip_period`, the month the headline names, if set,
dates what the story leaves undated. `doc._.dip_seconds` adds up the time the components
spent, so a build can tell which document was slow.
"""

from __future__ import annotations

import time
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from kg.nlp import gazetteer, lexicon
from kg.nlp.entities import extract_entities
from kg.nlp.events import extract_events

for _name, _default in (("dip_date", None), ("dip_period", None), ("dip_entities", None), ("dip_events", None), ("dip_seconds", 0.0)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class EntityComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.gazetteer = gazetteer.load()

    def __call__(self, doc: Doc) -> Doc:
        started = time.perf_counter()
        found = extract_entities(doc, self.gazetteer)
        doc._.dip_entities = found
        doc.spans["dip_mentions"] = SpanGroup(
            doc, name="dip_mentions",
            spans=[Span(doc, m.start, m.end, label=found.type_of(m.key), kb_id=m.key) for m in found.mentions],
        )
        doc._.dip_seconds += time.perf_counter() - started
        return doc


class EventComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lexicon = lexicon.load()
        self.shapes = self.lexicon.argument_shapes()

    def __call__(self, doc: Doc) -> Doc:
        started = time.perf_counter()
        if doc._.dip_entities is None:
            raise ValueError("dip_events needs dip_entities before it in the pipeline")
        anchor = doc._.dip_date or date.today()
        events = extract_events(doc, doc._.dip_entities, anchor, self.lexicon, self.shapes)
        doc._.dip_events = events
        doc.spans["dip_triggers"] = SpanGroup(doc, name="dip_triggers", spans=_trigger_spans(doc, events))
        doc._.dip_seconds += time.perf_counter() - started
        return doc


def _trigger_spans(doc: Doc, events) -> list[Span]:
    """Each event's trigger words in its evidence sentence, labelled with its class."""
    spans = []
    starts = [s for s in doc.sents]
    for event in events:
        sent = starts[event.sentence] if event.sentence < len(starts) else None
        if sent is None:
            continue
        words = event.trigger.split()
        for token in sent:
            if doc[token.i : token.i + len(words)].text == event.trigger:
                spans.append(Span(doc, token.i, token.i + len(words), label=event.cls))
                break
    return spans


@Language.factory("dip_entities", default_config={})
def make_entities(nlp: Language, name: str) -> EntityComponent:
    return EntityComponent(nlp, name)


@Language.factory("dip_events", default_config={})
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent(nlp, name)
