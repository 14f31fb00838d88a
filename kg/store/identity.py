"""One identity per real actor: which entity IRI, in which article, names which real thing.

Extraction names an entity by the words one article used ("person/trump"), so one
actor splits by spelling or type across articles, and one short name can stand for
different people in different articles. The decision is therefore made per mention,
(entity IRI, article), with general rules tried in this order, each explainable:

1. country: a name, spelling, demonym or short form of exactly one country ("America",
   "Britain", "Americans") is that country (an Organization, Place or Person without a
   title);
2. same name: the same words typed Organization in some articles and Person or Place in
   others (Person "Trump", Organization "Trump") are one entity, of the type most articles
   give it, or Person when it is the surname of someone the corpus names in full;
3. fuller name: a person's name whose words are some of a longer name's, in order, with
   the same last word ("Robert Mugabe" / "Robert Gabriel Mugabe", "Spike Cohen" /
   'Jeremy "Spike" Cohen') is that person when the corpus has one such longer name;
4. acronym: an organisation named by the initials of exactly one other organisation's
   name, or by another's alias, is that organisation;
5. short name, per article: a short name ("Trump", "La Riva", "Cohen") with several
   possible full names is resolved in each article on its own: the one full name named
   in the same article (if several, the one the article gives a title or role), else
   the one whose articles share the most actors with this one, else the one that is
   overwhelmingly the usual referent (3x the others' articles); else it stays itself.
   A lone given name ("Robert") is resolved only by a full name in the same article.

Different people with one surname stay apart: nothing merges two full names that do
not abbreviate one another.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg import ids, vocab
from kg.store.facts import Source
from kg.store import shortnames
from kg.store.naming import abbreviates, acronym, country_of, tokens

GENERIC = {"Person", "Organization", "Place"}  # classes a rule may re-type; City, GovernmentBody, ... stay
KIND_ORDER = {"Country": 0, "Person": 1, "Organization": 2, "Place": 3}


@dataclass
class Entity:
    """An entity IRI across the corpus."""

    iri: str
    kind: str  # coarse type: Country, Person, Organization, Place
    cls: str  # the most specific class most articles give it
    label: str  # the label most articles give it
    words: tuple[str, ...]
    graphs: set[str]
    iso: str | None = None
    titled_in: set[str] = field(default_factory=set)  # graphs where it has a title or leads/represents


@dataclass
class Link:
    """Why a mention (entity IRI in some articles) is another entity."""

    rule: str
    reason: str
    graphs: set[str] = field(default_factory=set)


@dataclass
class Identity:
    canonical: dict[tuple[str, str], str]  # (entity IRI, graph) -> canonical IRI
    entities: dict[str, Entity]  # every entity IRI, and the countries rule 1 introduced
    links: dict[tuple[str, str], Link]  # (entity IRI, canonical IRI) -> why, for IRIs that are not themselves

    def of(self, iri: str, graph: str) -> str:
        return self.canonical.get((iri, graph), iri)


def aggregate(sources: Mapping[str, Source]) -> dict[str, Entity]:
    labels: dict[str, Counter] = defaultdict(Counter)
    classes: dict[str, Counter] = defaultdict(Counter)
    graphs: dict[str, set[str]] = defaultdict(set)
    isos: dict[str, str] = {}
    titled: dict[str, set[str]] = defaultdict(set)
    coarse = vocab.coarse_types()
    for graph, source in sources.items():
        for iri, facts in source.entities.items():
            graphs[iri].add(graph)
            if facts.label:
                labels[iri][facts.label] += 1
            classes[iri][vocab.most_specific(facts.classes)] += 1
            if facts.iso:
                isos[iri] = facts.iso
            if facts.positions:
                titled[iri].add(graph)
        for subject, relation, _obj in source.relations:
            if relation in ("leaderOf", "represents"):
                titled[subject].add(graph)
    out = {}
    for iri, found in sorted(graphs.items()):
        label = _most_common(labels[iri]) or ids.local_name(iri)
        cls = _most_common(classes[iri])
        out[iri] = Entity(iri, coarse[cls], cls, label, tokens(label), found, isos.get(iri), titled[iri])
    return out


def _most_common(counter: Counter):
    return min(counter.items(), key=lambda item: (-item[1], str(item[0])))[0] if counter else None


class _Groups:
    """Union-find over entity IRIs; `join(a, b)` makes b's group absorb a's."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def resolve(sources: Mapping[str, Source]) -> Identity:
    entities = aggregate(sources)
    groups = _Groups()
    links: dict[str, tuple[str, str, str]] = {}  # entity -> (rule, reason, the entity it joined)
    _countries(entities, groups, links)
    _same_names(entities, groups, links)
    _fuller_names(entities, groups, links)
    _acronyms(entities, groups, links, shortnames.Context(sources, entities))
    canonical: dict[tuple[str, str], str] = {}
    reps = _representatives(entities, groups)
    for iri, entity in entities.items():
        rep = reps[groups.find(iri)]
        if rep != iri:
            for graph in entity.graphs:
                canonical[(iri, graph)] = rep
    per_article = shortnames.resolve(sources, entities, groups, reps)
    identity_links: dict[tuple[str, str], Link] = {}
    for (iri, graph), (target, rule, reason) in per_article.items():
        canonical[(iri, graph)] = target
    for (iri, graph), target in sorted(canonical.items()):
        if (iri, graph) in per_article:
            rule, reason = per_article[(iri, graph)][1:]
        else:
            rule, reason = _chain_reason(iri, target, groups, links, entities)
        link = identity_links.setdefault((iri, target), Link(rule, reason))
        link.graphs.add(graph)
    return Identity(canonical, entities, identity_links)


def _chain_reason(iri: str, target: str, groups: _Groups, links, entities) -> tuple[str, str]:
    """The reasons on the way from an entity to its group's representative."""
    rules, reasons, step, seen = [], [], iri, set()
    while step in links and step not in seen:
        seen.add(step)
        rule, reason, nxt = links[step]
        rules.append(rule)
        reasons.append(reason)
        step = nxt
    if step != target:  # the representative is another member of the group
        reasons.append(f"the group is named after {entities[target].label!r}, its most frequent name")
    return ("+".join(dict.fromkeys(rules)) or "group"), "; ".join(reasons)


def _link(groups: _Groups, links: dict, a: Entity, b: Entity, rule: str, reason: str) -> None:
    if groups.find(a.iri) != groups.find(b.iri):
        links.setdefault(a.iri, (rule, reason, b.iri))
        groups.join(a.iri, b.iri)


def _countries(entities: dict[str, Entity], groups: _Groups, links: dict) -> None:
    for entity in list(entities.values()):
        if entity.kind == "Country" or entity.cls not in GENERIC or entity.titled_in:
            continue
        found = country_of(entity.label)
        if found is None:
            continue
        iso, how = found
        country = _country(entities, iso)
        _link(groups, links, entity, country, "country", f"{entity.label!r} is the {how} of the country {country.label!r}")


def _country(entities: dict[str, Entity], iso: str) -> Entity:
    iri = str(ids.entity_iri(ids.country_key(iso)))
    if iri not in entities:  # named in no article under its own name
        from kg.nlp import gazetteer

        label = gazetteer.load().by_iso[iso].label
        entities[iri] = Entity(iri, "Country", "Country", label, tokens(label), set(), iso)
    return entities[iri]


def _same_names(entities: dict[str, Entity], groups: _Groups, links: dict) -> None:
    by_words: dict[tuple[str, ...], list[Entity]] = defaultdict(list)
    for entity in entities.values():
        if entity.kind != "Country" and entity.words and groups.find(entity.iri) == entity.iri:
            by_words[entity.words].append(entity)
    persons = [e for e in entities.values() if e.kind == "Person" and len(e.words) > 1]
    surnames = {e.words[-1] for e in persons}
    for words, same in by_words.items():
        if len({e.kind for e in same}) < 2:
            continue
        # a person's name wins when it looks like one: a title somewhere, the surname of a
        # person the corpus names in full, or a given name the corpus knows before it
        personal = any(e.kind == "Person" and e.titled_in for e in same) or (
            len(words) == 1 and words[-1] in surnames and any(e.kind == "Person" for e in same))
        winner = max(same, key=lambda e: (personal and e.kind == "Person", len(e.graphs), -KIND_ORDER[e.kind], e.iri))
        for entity in same:
            # spaCy confuses organisations with people and with places, not people with places ("the West")
            if entity is not winner and entity.cls in GENERIC and "Organization" in (entity.kind, winner.kind):
                counts = ", ".join(f"{e.kind} in {len(e.graphs)}" for e in sorted(same, key=lambda e: e.iri))
                why = "a person's name" if personal and winner.kind == "Person" else f"most articles say {winner.kind}"
                _link(groups, links, entity, winner, "same name",
                      f"{entity.label!r} is typed differently by different articles ({counts}): one {winner.kind}, {why}")


def _persons(entities: dict[str, Entity], groups: _Groups) -> list[Entity]:
    return [e for e in entities.values() if e.kind == "Person" and groups.find(e.iri) == e.iri and e.words]


def _fuller_names(entities: dict[str, Entity], groups: _Groups, links: dict) -> None:
    """A multi-word name that abbreviates exactly one maximal longer name joins it."""
    persons = [e for e in _persons(entities, groups) if len(e.words) > 1]
    by_last: dict[str, list[Entity]] = defaultdict(list)
    for person in persons:
        by_last[person.words[-1]].append(person)
    for same_surname in by_last.values():
        for person in sorted(same_surname, key=lambda e: len(e.words)):
            longer = _maximal([e for e in same_surname if abbreviates(person.words, e.words)])
            if len(longer) == 1:
                _link(groups, links, person, longer[0], "fuller name",
                      f"{person.label!r} is a shorter form of {longer[0].label!r}, the one longer name with those words")


def _maximal(names: list[Entity]) -> list[Entity]:
    return [e for e in names if not any(abbreviates(e.words, o.words) for o in names if o is not e)]


def _acronyms(entities: dict[str, Entity], groups: _Groups, links: dict, context) -> None:
    """An organisation named by the initials of exactly one other's name, in articles that
    share an actor with that one's (CDC is not the Christchurch District Court)."""
    orgs = [e for e in entities.values() if e.kind == "Organization" and groups.find(e.iri) == e.iri and e.words]
    by_initials: dict[str, list[Entity]] = defaultdict(list)
    for org in orgs:
        if (initials := acronym(org.words)) is not None:
            by_initials[initials].append(org)
    for org in orgs:
        if len(org.words) == 1 and org.label.isupper() and len(by_initials.get(org.words[0], ())) == 1:
            full = by_initials[org.words[0]][0]
            shared = context.around(org.iri, org.graphs) & context.around(full.iri, full.graphs)
            if shared or org.graphs & full.graphs:
                names = ", ".join(sorted(context.label(x) for x in shared)[:3])
                _link(groups, links, org, full, "acronym",
                      f"{org.label!r} is the acronym of {full.label!r}" + (f", in articles that also name {names}" if names else ""))


def _representatives(entities: dict[str, Entity], groups: _Groups) -> dict[str, str]:
    """Group root -> the IRI that names the group: a country's own; else the member of the
    group's type in most articles (then the longest name)."""
    members: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities.values():
        members[groups.find(entity.iri)].append(entity)
    reps = {}
    for root, group in members.items():
        kind = entities[root].kind
        same_kind = [e for e in group if e.kind == kind] or group
        reps[root] = max(same_kind, key=lambda e: (e.kind == "Country", len(e.graphs), len(e.words), e.iri)).iri
    return reps
