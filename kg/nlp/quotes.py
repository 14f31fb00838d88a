"""Who speaks: what a sentence quotes, whether a quotation opened before it is still open
where it starts (a quote that runs on over several sentences of a paragraph), and who answers
in an interview."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.nlp.mentions import EntityResult, Mention

QUOTE_MARKS = {'"', "“", "”"}


QUOTES = "dip_quotes"  # Doc.user_data key: sentence start -> (the mark still open there or -1, its quoted tokens)


def quoted_tokens(sent: Span) -> set[int]:
    """The tokens of a sentence inside quotation marks, counting a quotation opened before it
    in its paragraph."""
    return set(_read(sent)[1])


def open_quote(sent: Span) -> Token | None:
    """The quotation mark still open where a sentence starts, in its paragraph (a line
    break ends a paragraph; so does a closing mark)."""
    at = _read(sent)[0]
    return sent.doc[at] if at >= 0 else None


def in_quote(token: Token) -> bool:
    """The token stands inside quotation marks, opened in its sentence or before it."""
    return token.i in _read(token.sent)[1]


def first_mark(sent: Span) -> int:
    return next((t.i for t in sent if t.text in QUOTE_MARKS), sent.end)


def _read(sent: Span) -> tuple[int, list[int]]:
    """Once per sentence, kept in `Doc.user_data` as `dates.times_in` keeps its dates: the walk
    back to an open mark is asked for by every event and pronoun of the sentence."""
    cache = sent.doc.user_data.setdefault(QUOTES, {})
    if sent.start not in cache:
        doc, marks = sent.doc, []
        for i in range(sent.start - 1, max(-1, sent.start - 400), -1):
            if "\n" in doc[i].text_with_ws or doc[i].is_space:
                break
            if doc[i].text in QUOTE_MARKS:
                marks.append(i)
        opened = marks[0] if len(marks) % 2 else -1
        inside, quoted = opened >= 0, []
        for t in sent:
            if t.text in QUOTE_MARKS:
                inside = not inside
            elif inside:
                quoted.append(t.i)
        cache[sent.start] = (opened, quoted)
    return cache[sent.start]


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
