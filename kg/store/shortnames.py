"""Rule 5 of kg/store/identity.py: a short name resolved in each article on its own.

"Cohen" in an article that names Spike Cohen is Spike Cohen; "Cohen" in an article that
names nobody of that surname is the Cohen whose articles share this article's actors;
"Trump" is Donald Trump where he is overwhelmingly the usual referent. Otherwise the
short name stays itself, and two people with one surname are never made one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from kg.store.facts import Source
from kg.store.naming import abbreviates

DOMINANCE = 3  # the usual referent: at least this many times the other candidates' articles, and this many
COMMON_SHARE = 0.1  # an actor named by more than this share of articles tells nothing about context
Decision = tuple[str, str, str]  # (canonical IRI, rule, reason)


def resolve(sources: Mapping[str, Source], entities: dict, groups, reps: dict[str, str]) -> dict[tuple[str, str], Decision]:
    """(entity IRI, graph) -> decision, for the members of short-name groups."""
    members: dict[str, list] = defaultdict(list)
    for entity in entities.values():
        members[groups.find(entity.iri)].append(entity)
    full: dict[str, list[str]] = defaultdict(list)  # last word -> person groups with a name of 2+ words
    given: dict[str, list[str]] = defaultdict(list)  # first word -> the same
    for root, group in members.items():
        if entities[reps[root]].kind != "Person":
            continue
        for entity in group:
            if entity.kind == "Person" and len(entity.words) > 1:
                full[entity.words[-1]].append(root)
                given[entity.words[0]].append(root)
    context = Context(sources, entities)
    out: dict[tuple[str, str], Decision] = {}
    for root, group in members.items():
        rep = entities[reps[root]]
        if rep.kind not in ("Person", "Organization") or rep.cls not in ("Person", "Organization") or not rep.words:
            continue
        words = rep.words
        by_surname = sorted({g for g in full.get(words[-1], ()) if g != root and any(
            abbreviates(words, e.words) for e in members[g] if e.kind == "Person")})
        by_given = sorted({g for g in given.get(words[0], ()) if g != root}) if len(words) == 1 else []
        if not by_surname and not by_given:
            continue
        for entity in group:
            for graph in sorted(entity.graphs):
                found = _decide(graph, root, rep, by_surname, by_given, members, entities, reps, context)
                if found is not None:
                    out[(entity.iri, graph)] = found
    return out


def _decide(graph, own, rep, by_surname, by_given, members, entities, reps, context) -> Decision | None:
    label = rep.label
    here = [g for g in dict.fromkeys(by_surname + by_given) if any(graph in e.graphs for e in members[g])]
    name = lambda g: entities[reps[g]].label  # noqa: E731
    if len(here) == 1:
        return reps[here[0]], "short name", f"{label!r} is {name(here[0])!r}, named in full in the same article"
    if len(here) > 1:
        others = lambda g: ", ".join(repr(name(o)) for o in here if o != g)  # noqa: E731
        titled = [g for g in here if any(graph in e.titled_in for e in members[g])]
        if len(titled) == 1:
            return (reps[titled[0]], "short name",
                    f"{label!r} is {name(titled[0])!r}: of the full names in the same article (also {others(titled[0])}), "
                    "the one it gives a title or a role")
        counts = {g: context.articles(members[g]) for g in here}
        top = max(here, key=lambda g: (counts[g], g))
        if counts[top] >= DOMINANCE * (sum(counts.values()) - counts[top]):
            return (reps[top], "short name",
                    f"{label!r} is {name(top)!r}: of the full names in the same article (also {others(top)}), "
                    f"the usual referent ({counts[top]} of {sum(counts.values())} articles)")
        return None
    if rep.kind != "Person" or not by_surname or len(by_given) >= len(by_surname):
        return None  # a given name (as often as a surname), or an organisation's name: by the same article only
    exclude = _all_members(members, by_surname) | {e.iri for e in members[own]}
    shared = {g: context.shared(graph, members[g], exclude) for g in by_surname}
    ranked = sorted(by_surname, key=lambda g: (-len(shared[g]), g))
    best = ranked[0]
    if shared[best] and (len(ranked) == 1 or len(shared[best]) > len(shared[ranked[1]])):
        actors = ", ".join(sorted(context.label(x) for x in shared[best])[:5])
        return reps[best], "short name", f"{label!r} is {name(best)!r}: this article shares {len(shared[best])} actors with theirs ({actors})"
    counts = {g: context.articles(members[g]) for g in by_surname}
    top = max(by_surname, key=lambda g: (counts[g], g))
    rest = sum(counts.values()) - counts[top]
    if counts[top] >= DOMINANCE and counts[top] >= DOMINANCE * rest and context.any_shared(graph, members[top]):
        return (reps[top], "short name",
                f"{label!r} is {name(top)!r}, the usual referent: {counts[top]} of {sum(counts.values())} articles naming one of them")
    return None


def _all_members(members: dict[str, list], roots: list[str]) -> set[str]:
    return {e.iri for g in roots for e in members[g]}


class Context:
    """Who else each article names, and which actors are too common to tell anything."""

    def __init__(self, sources: Mapping[str, Source], entities: dict):
        self.sources = sources
        df: Counter = Counter()
        for source in sources.values():
            df.update(source.entities.keys())
        limit = max(3, COMMON_SHARE * len(sources))
        self.common = {x for x, n in df.items() if n > limit}
        self._around: dict[object, set[str]] = {}
        self._labels = {iri: e.label for iri, e in entities.items()}

    def label(self, iri: str) -> str:
        return self._labels.get(iri, iri)

    @staticmethod
    def articles(group: list) -> int:
        return len({g for e in group for g in e.graphs})

    def around(self, key: object, graphs: set[str]) -> set[str]:
        """Every entity named in some articles (`key` names the set, for the cache)."""
        if key not in self._around:
            found: set[str] = set()
            for graph in graphs:
                if graph in self.sources:
                    found |= self.sources[graph].entities.keys()
            self._around[key] = found - self.common
        return self._around[key]

    def _group(self, group: list) -> set[str]:
        return self.around(tuple(sorted(e.iri for e in group)), {g for e in group for g in e.graphs})

    def shared(self, graph: str, group: list, exclude: set[str]) -> set[str]:
        """The uncommon actors this article shares with a group's articles."""
        here = self.sources[graph].entities.keys() - self.common - exclude
        return here & self._group(group)

    def any_shared(self, graph: str, group: list) -> bool:
        members = {e.iri for e in group}
        found = self.around(("all", tuple(sorted(members))), {g for e in group for g in e.graphs}) | self.common
        return bool((self.sources[graph].entities.keys() - members) & found)
