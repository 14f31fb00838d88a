"""The derived graph: what the documents imply together, kept by the store (docs/rdf-mapping.md).

`Deriver` holds the facts of every source graph (kg/store/facts.py) and, after each
change, decides again who is who (kg/store/identity.py), who acts for whom and which
reports are one event (kg/store/sameevent.py). Those decisions are cheap; the triples
are the costly part, so they are written per owner (a canonical actor, a canonical
event) and rebuilt only for owners whose inputs changed (a fingerprint of the member
mentions, their graphs' versions and the identities they point to). The result is a
`Delta` of N-Triples lines, which the store writes in the same transaction as the
documents. The decisions read the whole corpus, never a batch of it, so the graph is
the same however the documents were partitioned, ordered or built.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import ids, vocab
from kg.ids import DIP
from kg.store import identity as identities
from kg.store import sameevent
from kg.store.facts import ROLES, Source

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
COMMENT = "<http://www.w3.org/2000/01/rdf-schema#comment>"
SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"
DERIVED_FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
# Who acts for whom: these relations, followed any number of steps (memberOf only into a government body).
ACTS_THROUGH = ("leaderOf", "represents", "partOf")


def term(name: str) -> str:
    return f"<{DIP[name]}>"


def iri(value: str) -> str:
    return f"<{value}>"


def literal(text: str) -> str:
    return str(ox.Literal(text))


@dataclass
class Delta:
    """Derived triples to remove and to add, as N-Triples lines without the final dot."""

    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)


class Deriver:
    def __init__(self, sources: Mapping[str, Source] | None = None):
        self.sources: dict[str, Source] = dict(sources or {})
        self.versions: dict[str, int] = defaultdict(int)
        self.emitted: dict[str, tuple[object, tuple[str, ...]]] = {}  # owner -> (fingerprint, lines)
        self.identity: identities.Identity | None = None
        self.clusters: dict[str, sameevent.Cluster] = {}
        self.acts: dict[str, set[str]] = {}
        self.within: dict[str, set[str]] = {}

    def lines(self) -> set[str]:
        """Every derived triple as things stand."""
        return {line for _fp, lines in self.emitted.values() for line in lines}

    def update(self, changes: Mapping[str, Source | None]) -> Delta:
        """Take new, replaced (a Source) and removed (None) source graphs; the triples that change."""
        for graph, source in changes.items():
            self.versions[graph] += 1
            if source is None:
                self.sources.pop(graph, None)
            else:
                self.sources[graph] = source
        return self.derive()

    def derive(self) -> Delta:
        # one order whatever the order of arrival: decisions must not depend on how documents were batched
        self.sources = dict(sorted(self.sources.items()))
        self.identity = identity = identities.resolve(self.sources)
        members, relations = self._members(identity)
        self.acts = acts_for(relations, identity, members)
        self.within = located_in(relations)
        self.clusters = sameevent.cluster(sameevent.reports(self.sources, identity, self.acts))
        owners: dict[str, tuple[object, object]] = {}
        linked: dict[str, list[tuple]] = defaultdict(list)
        for (mention, canonical), link in identity.links.items():
            linked[canonical].append((mention, link.rule, link.reason))
        for canonical, mentions in members.items():
            fingerprint = (
                tuple(sorted((e, g, self.versions[g]) for e, g in mentions)),
                tuple(sorted(relations.get(canonical, ()))),
                tuple(sorted(self.acts.get(canonical, ()))),
                tuple(sorted(self.within.get(canonical, ()))),
                tuple(sorted(linked.get(canonical, ()))),
            )
            owners["actor " + canonical] = (fingerprint, lambda c=canonical, m=mentions: self._actor(c, m, relations))
        events: dict[str, sameevent.Cluster] = {c.iri: c for c in self.clusters.values()}
        for event, cluster in events.items():
            fingerprint = (cluster.cls, cluster.first, cluster.last, tuple(
                (r.iri, r.graph, self.versions[r.graph], tuple(sorted(r.participants)),
                 tuple(sorted(identity.of(x, r.graph) for x in r.facts.locations)))
                for r in cluster.reports))
            owners["event " + event] = (fingerprint, lambda c=cluster: self._event(c))
        delta = Delta()
        emitted = {}
        for owner, (fingerprint, build) in owners.items():
            before = self.emitted.get(owner)
            if before is not None and before[0] == fingerprint:
                emitted[owner] = before
                continue
            lines = tuple(sorted(set(build())))
            emitted[owner] = (fingerprint, lines)
            old = set(before[1]) if before else set()
            delta.removed.extend(sorted(old - set(lines)))
            delta.added.extend(sorted(set(lines) - old))
        for owner in self.emitted.keys() - emitted.keys():
            delta.removed.extend(self.emitted[owner][1])
        self.emitted = emitted
        return _net(delta)

    # -- decisions shared by the owners ------------------------------------------------
    def _members(self, identity) -> tuple[dict[str, list[tuple[str, str]]], dict[str, set[tuple[str, str]]]]:
        """canonical -> its (entity IRI, graph) mentions; canonical -> (relation, canonical object)."""
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        relations: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for graph, source in self.sources.items():
            for entity in source.entities:
                members[identity.of(entity, graph)].append((entity, graph))
            for subject, relation, obj in source.relations:
                s, o = identity.of(subject, graph), identity.of(obj, graph)
                if s != o:
                    relations[s].add((relation, o))
        for target in {c for (_m, c) in identity.links} - members.keys():  # countries only rule 1 introduced
            members[target] = []
        return members, relations

    # -- the triples of one owner -------------------------------------------------------
    def _actor(self, canonical: str, mentions: list[tuple[str, str]], relations) -> Iterable[str]:
        identity = self.identity
        entity = identity.entities[canonical]
        node = iri(canonical)
        cls = "Country" if entity.kind == "Country" else entity.cls
        for superclass in vocab.dip_superclasses(cls):
            yield f"{node} {RDF_TYPE} {term(superclass)}"
        yield f"{node} {term('entityType')} {term(cls)}"
        yield f"{node} {LABEL} {literal(entity.label)}"
        names = set()
        for mention, graph in mentions:
            facts = self.sources[graph].entities[mention]
            names.update(facts.labels)
            names.update(facts.aliases)
            for position in facts.positions:
                yield f"{node} {term('holdsPosition')} {position}"
            if facts.mentioned and self.sources[graph].article:
                yield f"{iri(self.sources[graph].article)} {term('mentions')} {node}"
        for name in sorted(names - {entity.label}):
            yield f"{node} {ALT_LABEL} {literal(name)}"
        if entity.kind == "Country":
            yield f"{node} {term('isoCode')} {literal(entity.iso or ids.local_name(canonical))}"
        for relation, obj in relations.get(canonical, ()):
            if relation != "locatedIn":
                yield f"{node} {term(relation)} {iri(obj)}"
        for place in self.within.get(canonical, ()):  # dip:locatedIn is transitive: its closure
            yield f"{node} {term('locatedIn')} {iri(place)}"
        for state in self.acts.get(canonical, ()):
            yield f"{node} {term('actsFor')} {iri(state)}"
        for (mention, target), link in identity.links.items():
            if target != canonical:
                continue
            record = iri(str(ids.identity_iri(mention, canonical)))
            yield f"{record} {RDF_TYPE} {term('IdentityLink')}"
            mention_label = identity.entities[mention].label
            yield f"{record} {LABEL} {literal(f'{mention_label} → {entity.label}')}"
            yield f"{record} {term('mention')} {iri(mention)}"
            yield f"{record} {term('canonical')} {node}"
            yield f"{record} {term('rule')} {literal(link.rule)}"
            yield f"{record} {COMMENT} {literal(link.reason)}"
            for graph in link.graphs:
                yield f"{record} {DERIVED_FROM} {iri(self.sources[graph].article or graph)}"
            if link.graphs == identity.entities[mention].graphs:  # the same thing in every article
                yield f"{iri(mention)} {SAME_AS} {node}"

    def _event(self, cluster: sameevent.Cluster) -> Iterable[str]:
        identity = self.identity
        node = iri(cluster.iri)
        first = cluster.reports[0]
        for superclass in vocab.dip_superclasses(cluster.cls):
            yield f"{node} {RDF_TYPE} {term(superclass)}"
        yield f"{node} {term('eventType')} {term(cluster.cls)}"
        if first.facts.date:
            yield f"{node} {term('date')} {first.facts.date[0]}"
        if first.facts.end:
            yield f"{node} {term('endDate')} {first.facts.end}"
        if cluster.first and cluster.reports[0].facts.first:
            yield f"{node} {term('earliestDate')} {_day(cluster.first)}"
            yield f"{node} {term('latestDate')} {_day(cluster.last)}"
        if cluster.status:
            yield f"{node} {term('status')} {literal(cluster.status)}"
        confidences = [r.facts.confidence for r in cluster.reports if r.facts.confidence]
        if confidences:
            yield f"{node} {term('confidence')} {max(confidences)[1]}"
        lead = first.facts.evidence
        if lead:
            yield f"{node} {term('firstEvidence')} {min(lead)}"
        locations = []
        for report in cluster.reports:
            facts = report.facts
            for role in ROLES:
                for actor in facts.roles[role]:
                    yield f"{node} {term(role)} {iri(identity.of(actor, report.graph))}"
            locations.extend(sorted(identity.of(x, report.graph) for x in facts.locations))
            for text in facts.evidence:
                yield f"{node} {term('evidence')} {text}"
            for text in facts.triggers:
                yield f"{node} {term('trigger')} {text}"
            for article in facts.articles:
                yield f"{node} {DERIVED_FROM} {iri(article)}"
            if report.iri != cluster.iri:
                yield f"{iri(report.iri)} {SAME_AS} {node}"
        if locations:
            yield f"{node} {term('location')} {iri(locations[0])}"


def _day(day) -> str:
    return f'"{day.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'


def _net(delta: Delta) -> Delta:
    """A line removed by one owner and added by another is no change."""
    removed, added = set(delta.removed), set(delta.added)
    return Delta(sorted(removed - added), sorted(added - removed))


def acts_for(relations: Mapping[str, set[tuple[str, str]]], identity, actors: Iterable[str]) -> dict[str, set[str]]:
    """Every actor -> the actors it acts for: itself, and whatever it leads, represents, is
    part of, or is a member of when that is a government body, followed any number of steps."""
    entities = identity.entities
    steps: dict[str, set[str]] = defaultdict(set)
    for subject, edges in relations.items():
        for relation, obj in edges:
            target = entities.get(obj)
            if target is None or target.kind == "Place":
                continue
            if relation in ACTS_THROUGH or (relation == "memberOf" and target.cls == "GovernmentBody"):
                steps[subject].add(obj)
    out: dict[str, set[str]] = {}
    for actor in actors:
        if entities[actor].kind == "Place":
            continue
        seen, todo = {actor}, [actor]
        while todo:
            for nxt in steps.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        out[actor] = seen
    return out


def located_in(relations: Mapping[str, set[tuple[str, str]]]) -> dict[str, set[str]]:
    """Every place or organisation -> every place it lies in, any number of steps up."""
    steps = {s: {o for r, o in edges if r == "locatedIn"} for s, edges in relations.items()}
    out = {}
    for start, first in steps.items():
        if not first:
            continue
        seen, todo = set(), list(first)
        while todo:
            place = todo.pop()
            if place not in seen and place != start:
                seen.add(place)
                todo.extend(steps.get(place, ()))
        out[start] = seen
    return out
