"""Who speaks: what a sentence quotes, whether a quotation opened before it is still open
where it starts (a quote that runs on over several sentences of a paragraph), and who answers
in an interview."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.nlp.mentions import EntityResult, Mention

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
    return token.i in quoted_in(token.sent, open_quote(token.sent) is not None)


def interview_answers(doc: Doc, entities: EntityResult) -> dict[int, Mention]:
    """Token index -> the person an interview's "I" or "me" is: the one named in the marker
    that opens the answer ("((Wayne Tseng)) I quit the party"), until the next marker (the
    interviewer's "((WN))" names no one)."""
    people = {m.start: m for m in entities.mentions if entities.type_of(m.key) == "Person"}
    found, speaker, i = {}, None, 0
    while i < len(doc):
        if doc[i].text == "(" and i + 1 < len(doc) and doc[i + 1].text == "(":
            end = next((j for j in range(i + 2, min(len(doc), i + 12)) if doc[j].text == ")"), None)
            if end is not None:
                speaker = next((people[j] for j in range(i + 2, end) if j in people), None)
                i = end + 1
                continue
        if speaker is not None and doc[i].tag_ == "PRP" and doc[i].lower_ in {"i", "me"}:
            found[i] = Mention(speaker.key, i, i + 1, doc[i].text)
        i += 1
    return found
