"""What the words around a name say it is, whatever NER called it: a photo credit, a storm,
a time zone, part of a title, a place where only a place can stand, a person or a building an
apposition names, an office's portfolio, the head noun of a body's or a street's name."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp import lexicon
from kg.nlp.mentions import GOVERNMENT_WORDS, ORG_END
from kg.nlp.titles import is_title
from kg.nlp.tree import first_up, is_root

PLACE_PREPS = {"in", "near", "at", "outside", "around", "into"}
FACILITIES = {"plant", "field", "facility", "refinery", "base", "factory", "mine", "port", "terminal", "camp", "station",
              "site", "airfield", "airport", "depot", "complex", "reactor", "dam", "pipeline", "installation"}
PLACE_VERBS = {"enter", "capture", "seize", "take", "reach", "bomb", "shell"}
CREDITS = {"image", "photo", "picture", "video", "audio", "credit", "source", "file", "photograph"}
CREDIT_WORDS = 8  # "Image: U.S. Department of State / Ron Przysucha": what may stand before a credited name
STORMS = {"storm", "hurricane", "typhoon", "cyclone", "depression"}


def in_credit(span: Span) -> bool:
    """"Image: Gage Skidmore.": a photo credit names the photographer, who is not an actor.
    A credit is a short line, so only the few words before the name on its line are read
    (reading back to the line's start made long paragraphs cost per name what they hold)."""
    doc = span.doc
    for i in range(span.start - 1, max(-1, span.start - 1 - CREDIT_WORDS), -1):
        if "\n" in doc[i].text_with_ws or doc[i].is_space:
            return False
        if doc[i].lower_ in CREDITS and doc[i + 1].text == ":":
            return True
    return False


def storm_name(span: Span) -> bool:
    """"Tropical Storm Humberto", "Hurricane Dorian": a weather system, not a person; and so is
    "Dorian" on its own in a text that names "Hurricane Dorian"."""
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in STORMS or (len(span) > 1 and span[0].lower_ in STORMS | {"tropical", "super"}) or span.text in _storms(span.doc)


def _storms(doc) -> list[str]:
    """The names a text gives weather systems, once per Doc (in `Doc.user_data`, as a list that
    `DocBin` can store)."""
    if (names := doc.user_data.get("dip_storms")) is None:
        names = sorted({doc[t.i + 1].text for t in doc[:-1] if t.lower_ in STORMS and doc[t.i + 1].text[:1].isupper()})
        doc.user_data["dip_storms"] = names
    return names


def is_time_zone(span: Span) -> bool:
    """"10:00 UTC", "8 pm BST": an upper-case word after a time is a time zone."""
    if len(span) != 1 or not span.text.isupper() or span.start == 0:
        return False
    previous = span.doc[span.start - 1]
    return previous.like_num or any(c.isdigit() for c in previous.text) or previous.ent_type_ == "TIME" or previous.lower_ in {"am", "pm", "a.m.", "p.m."}


def is_title_part(span: Span) -> bool:
    """"State" in "Secretary of State", "Transportation" in "Department of Transportation"."""
    doc = span.doc
    if len(span) != 1 or span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    head = doc[span.start - 2]
    return is_title(head) or bool(GOVERNMENT_WORDS.search(head.text))


def is_place_slot(span: Span) -> bool:
    """A name where only a place can stand: "in Tell Tamer", "entered Ain Issa"."""
    root = span.root
    root = first_up(root, lambda t: t.dep_ != "conj" or is_root(t)) or root
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
        return True
    return root.dep_ == "dobj" and root.head.lemma_ in PLACE_VERBS


def site_of_a_facility(span: Span) -> bool:
    """A one-word name where a plant, field or base stands ("a plant at Abqaiq") is a place
    (the German Aerospace Center's name says what it is)."""
    root = span.root
    return len(span) == 1 and root.dep_ == "pobj" and root.head.lower_ in {"at", "in", "near"} and root.head.head.lemma_.lower() in FACILITIES


def said_to_be(span: Span, nouns: set[str]) -> bool:
    """An apposition after a comma says what the name is ("X, an opposition candidate")."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text == "," and any(
        c.dep_ == "appos" and c.lemma_.lower() in nouns for c in span.root.children)


def capitalised_inside(token: Token, label: str) -> bool:
    """A person's or body's name that is also a word the tagger knows ("Biden attacked Trump
    on taxes", Trump tagged an adverb): capitalised inside a sentence and tagged a proper noun
    elsewhere in the text ("Heartbroken", "Bloody" in a quote are words, not names)."""
    return (label in {"PERSON", "ORG"} and not token.is_sent_start and not token.is_stop
            and any(t.text == token.text and t.pos_ == "PROPN" for t in token.doc))


def portfolio(span: Span) -> bool:
    """Capitalised words before "Minister" or "Secretary" and a name are the office's field
    ("Health Secretary Matt Hancock"), unless they name a body ("Labour Party Secretary",
    "former Bill Clinton White House Press Secretary Joe Lockhart")."""
    doc, i = span.doc, span.end
    while i < len(doc) and (doc[i].lower_ in {"and", "&"} or (doc[i].text[:1].isupper() and not is_title(doc[i]))):
        i += 1
    return (i + 1 < len(doc) and doc[i].lower_ in {"minister", "secretary"} and doc[i + 1].text[:1].isupper()
            and not ORG_END.search(doc[span.start : i].text) and not org_head(span) and span[-1].lower_ != "party")


def org_head(span: Span, heads: str = "organisation_heads") -> bool:
    """No one's name ends on the head noun of an organisation's ("Pennsylvania State University",
    "The Mercury News") or of a street's, though NER and the titles around it may say so."""
    return len(span) > 1 and span[-1].lower_ in lexicon.load()[heads]
