"""Argument shapes, matched outward from their anchor.

The shapes in data/arguments.json are spaCy DependencyMatcher patterns and stay valid input
to it: tests/nlp/test_shapes.py runs both on real sentences and compares. spaCy's matcher
tries every node's token pattern on every token it is given and walks the ancestors of each
hit before it joins them, which was half the extraction components' time on the news feed.
Every shape here starts at a trigger the lexicon has already found, so matching walks out
from that token along the shape's edges: a few children and a head per trigger.

A mark the patterns test as a token extension ("_": {"dip_trigger": true}) is a function
of the token given at match time, not a value stored on the token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Token

Marks = Mapping[str, Callable[[Token], bool]]
Test = Callable[[Token, Marks], bool]

# The token attributes a shape may test, as spaCy's Matcher names them.
ATTRIBUTES = {"ORTH": "text", "TEXT": "text", "LOWER": "lower_", "LEMMA": "lemma_", "POS": "pos_", "TAG": "tag_",
              "DEP": "dep_", "ENT_TYPE": "ent_type_"}
# The relations, in the DependencyMatcher's sense: "A > B", B is a child of A.
RELATIONS: dict[str, Callable[[Token], list[Token]]] = {
    ">": lambda t: list(t.children),
    "<": lambda t: [] if t.head.i == t.i else [t.head],
    ">>": lambda t: [d for d in t.subtree if d.i != t.i],
    "<<": lambda t: sorted(t.ancestors, key=lambda a: a.i),
}


class ShapeError(ValueError):
    """A shape this matcher cannot read; the message names the shape and the node."""


@dataclass(frozen=True)
class Shape:
    slot: str
    anchor: Test
    steps: tuple[tuple[int, Callable[[Token], list[Token]], Test], ...]  # (left node, relation, test) per node after the anchor


def compile_shapes(shapes: list[dict]) -> list[Shape]:
    """data/arguments.json's shapes, ready to match."""
    compiled = []
    for number, shape in enumerate(shapes, 1):
        where = f"data/arguments.json shape {number} ({shape.get('slot')!r})"
        nodes = shape["pattern"]
        names = [nodes[0]["RIGHT_ID"]]
        steps = []
        for node in nodes[1:]:
            if node.get("LEFT_ID") not in names:
                raise ShapeError(f"{where}: node {node.get('RIGHT_ID')!r} follows {node.get('LEFT_ID')!r}, which comes later or not at all")
            if node.get("REL_OP") not in RELATIONS:
                raise ShapeError(f"{where}: relation {node.get('REL_OP')!r} is not one of {', '.join(RELATIONS)}")
            steps.append((names.index(node["LEFT_ID"]), RELATIONS[node["REL_OP"]], _test(node.get("RIGHT_ATTRS", {}), where)))
            names.append(node["RIGHT_ID"])
        compiled.append(Shape(shape["slot"], _test(nodes[0].get("RIGHT_ATTRS", {}), where), tuple(steps)))
    return compiled


def matches(shapes: list[Shape], anchor: Token, marks: Marks) -> Iterator[tuple[str, list[Token]]]:
    """(slot, the matched tokens in pattern order) for every way each shape fits at `anchor`,
    in the DependencyMatcher's order: shape by shape, then by the tokens' positions."""
    for shape in shapes:
        if shape.anchor(anchor, marks):
            for found in _extend(shape.steps, [anchor], marks):
                yield shape.slot, found


def _extend(steps, found: list[Token], marks: Marks) -> Iterator[list[Token]]:
    if len(found) > len(steps):
        yield list(found)
        return
    left, relation, test = steps[len(found) - 1]
    for token in relation(found[left]):
        if test(token, marks):
            found.append(token)
            yield from _extend(steps, found, marks)
            found.pop()


def _test(attrs: dict, where: str) -> Test:
    """One node's RIGHT_ATTRS as a predicate: every attribute must hold."""
    checks: list[Test] = []
    for key, wanted in attrs.items():
        if key == "_":
            for mark, value in wanted.items():
                checks.append(lambda t, marks, mark=mark, value=value: marks[mark](t) == value)
        elif key in ATTRIBUTES:
            checks.append(_value_test(ATTRIBUTES[key], wanted, f"{where}: {key}"))
        else:
            raise ShapeError(f"{where}: attribute {key!r} is not one of {', '.join(ATTRIBUTES)} or '_'")
    return lambda token, marks: all(check(token, marks) for check in checks)


def _value_test(name: str, wanted, where: str) -> Test:
    if isinstance(wanted, str):
        return lambda t, _marks: getattr(t, name) == wanted
    if isinstance(wanted, dict) and set(wanted) == {"IN"}:
        allowed = frozenset(wanted["IN"])
        return lambda t, _marks: getattr(t, name) in allowed
    if isinstance(wanted, dict) and set(wanted) == {"NOT_IN"}:
        refused = frozenset(wanted["NOT_IN"])
        return lambda t, _marks: getattr(t, name) not in refused
    raise ShapeError(f"{where}: {wanted!r} is neither a string nor {{'IN': [...]}} / {{'NOT_IN': [...]}}")
