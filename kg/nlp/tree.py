"""Walks over the dependency tree, bounded by construction.

spaCy makes a new `Token` object on every access, so `token.head is token` is never
true and a walk that waits for it never ends at a root. Every walk up the tree goes
through here: it compares positions, and it stops after as many steps as the document
has tokens, whatever the parse looks like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token


def is_root(token: Token) -> bool:
    return token.head.i == token.i


def up(token: Token) -> Iterator[Token]:
    """The token, then each head above it up to the root; never more steps than the document has tokens."""
    seen = {token.i}
    yield token
    for _ in range(len(token.doc)):
        if is_root(token):
            return
        token = token.head
        if token.i in seen:  # a cycle in a hand-made or corrupt parse
            return
        seen.add(token.i)
        yield token


def first_up(token: Token, wanted: Callable[[Token], bool], *, steps: int | None = None) -> Token | None:
    """The nearest of the token and its heads that is `wanted`, within `steps` heads if given."""
    for n, tok in enumerate(up(token)):
        if steps is not None and n > steps:
            return None
        if wanted(tok):
            return tok
    return None
