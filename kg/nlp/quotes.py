"""Quotation marks: what a sentence quotes, and whether a quotation opened before it is still
open where it starts (a quote that runs on over several sentences of a paragraph)."""

from __future__ import annotations

from spacy.tokens import Span, Token

QUOTE_MARKS = {'"', "“", "”"}


def quoted_in(sent: Span, open_at_start: bool) -> set[int]:
    inside, quoted = open_at_start, set()
    for t in sent:
        if t.text in QUOTE_MARKS:
            inside = not inside
        elif inside:
            quoted.add(t.i)
    return quoted


def first_mark(sent: Span) -> int:
    return next((t.i for t in sent if t.text in QUOTE_MARKS), sent.end)


def open_quote(sent: Span) -> Token | None:
    """The quotation mark still open where a sentence starts, in its paragraph (a line
    break ends a paragraph; so does a closing mark)."""
    doc, marks = sent.doc, []
    for i in range(sent.start - 1, max(-1, sent.start - 400), -1):
        if "\n" in doc[i].text_with_ws or doc[i].is_space:
            break
        if doc[i].text in QUOTE_MARKS:
            marks.append(doc[i])
    return marks[0] if len(marks) % 2 else None


def in_quote(token: Token) -> bool:
    """The token stands inside quotation marks, opened in its sentence or before it."""
    sent = token.sent
    marks = sum(t.text in QUOTE_MARKS for t in sent.doc[sent.start : token.i])
    return (marks + (open_quote(sent) is not None)) % 2 == 1
