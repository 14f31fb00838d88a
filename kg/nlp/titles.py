"""Titles and ranks around names: "Russian President Vladimir Putin" is a person holding a position."""


from __future__ import annotations

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from kg.nlp import gazetteer
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.mentions import NAME_PARTICLES, ORG_END, Found, is_name

# Words that make up titles and ranks. A run of them before a name is the position
# the person holds, not part of the name.
TITLE_WORDS = {
    "president", "prime", "minister", "pm", "chancellor", "king", "queen", "prince", "princess",
    "crown", "sheikh", "emir", "sultan", "premier", "pope", "general", "gen", "lt", "lieutenant",
    "colonel", "col", "major", "maj", "admiral", "marshal", "air", "commander", "captain", "secretary",
    "ambassador", "envoy", "spokesperson", "spokesman", "spokeswoman", "foreign", "defence",
    "defense", "interior", "finance", "deputy", "vice", "chief", "senator", "sen", "governor", "mayor",
    "speaker", "chairman", "chairwoman", "chair", "director", "leader", "state", "supreme",
    "dr", "mr", "mrs", "ms", "sir", "lord", "rep", "representative", "ayatollah", "first", "lady",
    "affairs", "secretary-general", "commissioner", "chairperson", "constable", "head",
    "attorney", "justice", "executive", "officer",
    "mp", "mep", "congressman", "congresswoman", "councillor", "councilor", "legislator",
    "assemblyman", "assemblywoman", "inspector", "detective", "superintendent",
    "taoiseach", "tánaiste", "tanaiste", "sergeant", "sgt", "judge", "prosecutor",
    "nominee", "candidate",
}
# Titles whose holder heads the organisation named before or after the title.
ORG_LEADER_TITLES = {"president", "secretary-general", "secretary general", "director", "director-general",
                     "chairman", "chairwoman", "chairperson", "chair", "head", "chief executive", "leader"}
# Words between parts of a title: "Secretary of State", "Ambassador to Germany".
TITLE_JOINS = {"of", "to", "for", "-", "."}
RANKS = {"lt", "lieutenant", "general", "gen", "col", "colonel", "major", "maj", "admiral", "marshal", "captain", "commander", "sgt"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "lord"}
# Titles whose holder leads the country named before the title ("Russian President").
LEADER_TITLES = {
    "president", "prime minister", "pm", "chancellor", "king", "queen", "emir", "sultan",
    "premier", "supreme leader", "sheikh", "chief executive", "governor", "taoiseach",  # (of a territory: Hong Kong, Puerto Rico)
}


def is_title(token: Token) -> bool:
    return is_title_word(token.lower_)


def is_title_word(lower: str) -> bool:
    word = lower.rstrip(".")
    return word in TITLE_WORDS or (word.endswith("s") and word[:-1] in TITLE_WORDS and len(word) > 3)


def titled_names(doc: Doc, gaz: Gazetteer):
    """Proper-noun runs right after a title: the title marks them as a person."""
    after = 0
    for i in _title_positions(doc):
        if i < after:
            continue
        inside_other = doc[i].ent_iob_ == "I" and doc[i].ent_type_ != "PERSON"  # "Free Trade Area"
        if inside_other or not doc[i].text[:1].isupper():
            continue
        j = title_end(doc, i, gaz)
        k = j
        while k < len(doc) and k - j < 6 and (
            (doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and doc[k].is_alpha and not is_title(doc[k]))
            or (doc[k].lower_ in NAME_PARTICLES and k + 1 < len(doc) and k > j
                and (doc[k + 1].text[:1].isupper() or doc[k + 1].text == "-"))
            or (k > j and _initial(doc[k]) and k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN")  # "Jessie K. Liu"
        ):
            k += 1
        while k + 1 < len(doc) and k > j and doc[k].text == "-" and not doc[k - 1].whitespace_ and doc[k + 1].is_alpha:
            k += 2  # "Yu Hoi-kwan": a hyphenated given name is one word
        if k > j and is_name(doc[i:k], doc[j:k], gaz):
            yield doc[j:k]
        after = max(k, i + 1)


def _initial(token) -> bool:
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def apposed_names(doc: Doc, gaz: Gazetteer):
    """Proper-noun runs NER left untagged that a title explains: "Ricardo Rosselló Nevares,
    Puerto Rico's governor, announced"; an office names a person."""
    for i in _title_positions(doc):
        title = doc[i]
        head = title.head
        if title.dep_ != "appos" or head.pos_ != "PROPN" or head.i > title.i or head.ent_type_:
            continue
        start = head.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_:
            start -= 1
        name = doc[start : head.i + 1]
        if 2 <= len(name) <= 4 and all(t.is_alpha for t in name) and is_name(name, name, gaz):
            yield name


def _title_positions(doc: Doc) -> list[int]:
    """The title words of the text, from the Doc's array, each distinct word tested once."""
    lowers = doc.to_array(LOWER)
    wanted = [h for h in numpy.unique(lowers).tolist() if is_title_word(doc.vocab.strings[h])]
    return numpy.flatnonzero(numpy.isin(lowers, wanted)).tolist()


def title_end(doc: Doc, i: int, gaz: Gazetteer) -> int:
    j = i + 1
    while j < len(doc):
        if is_title(doc[j]) or (doc[j].text in {"-", "."} and j + 1 < len(doc) and is_title(doc[j + 1])):
            j += 1
        elif (close := _spelled_out(doc, j, 1)) is not None:
            j = close + 1
        elif (doc[j].text[:1].isupper() and not doc[j].ent_type_ and j + 1 < len(doc) and is_title(doc[j + 1])
              and doc[j + 1].text[:1].isupper()):
            j += 2  # "Chief Technical Officer", "Chief Operating Officer": one title
        elif doc[j].lower_ in {"of", "to", "for"} and j + 2 < len(doc) and (
            is_title(doc[j + 1]) or gaz.country(doc[j + 1].text) or gaz.region(doc[j + 1].text)
        ) and doc[j + 1].text[:1].isupper() and doc[j + 2].pos_ == "PROPN":
            j += 2
        else:
            break
    return j


def _spelled_out(doc: Doc, i: int, step: int) -> int | None:
    """Where the brackets that spell out a title end ("MP (Member of Parliament) Tom Watson"):
    the bracket matching the one at i, read in the direction of step, when a title stands on
    its far side and capitalised words of a title inside."""
    if doc[i].text != ("(" if step == 1 else ")"):
        return None
    k = i + step
    while 0 <= k < len(doc) and abs(k - i) <= 7 and doc[k].text not in {"(", ")"}:
        if not (doc[k].text[:1].isupper() or doc[k].lower_ in TITLE_JOINS | {"the"}):
            return None
        k += step
    if not 0 <= k < len(doc) or doc[k].text != (")" if step == 1 else "(") or abs(k - i) < 2:
        return None
    before = (i if step == 1 else k) - 1  # the word before the opening bracket
    return k if before >= 0 and is_title(doc[before]) else None


def split_title(span: Span) -> tuple[str | None, Span | None]:
    """Split "PM Modi" into ("Prime Minister", span "Modi")."""
    i = span.start
    while i < span.end and (is_title(span.doc[i]) or span.doc[i].text in {".", "-"}):
        i += 1
    if i == span.start or i >= span.end:
        return None, None
    return title_text(span.doc[span.start : i]), span.doc[i : span.end]


def title_before(span: Span) -> set[str]:
    """The titles written just before a person's name ("Prime Minister" Narendra Modi)."""
    start = title_start(span)
    return positions_in(span.doc[start : span.start]) if start < span.start else set()


def title_start(span: Span) -> int:
    """Where the title before a name begins: "Secretary of State", "the President of the
    United States", "Ambassador to Germany", "trade and industry commissioner"."""
    doc = span.doc
    start = span.sent.start
    if start == span.start and start > 0 and doc[start - 1].text == ")":
        start = doc[start - 1].sent.start  # no sentence begins after a bracket: the parser split it
    i = span.start
    while i > start:
        t = doc[i - 1]
        if t.ent_type_ == "PERSON" and not is_title(t):
            break
        if t.ent_type_ in {"GPE", "LOC", "NORP"} and is_title(doc[i]) and not doc[i].ent_type_ and i < span.start:
            break  # the state before the title: "United States President" is no "States President"
        if is_title(t) or (t.text in {".", "-"} and i - 2 >= 0 and is_title(doc[i - 2])):
            i -= 1
        elif t.text[:1].isupper() and not t.ent_type_ and i - 2 >= start and is_title(doc[i - 2]) and is_title(doc[i]) and i < span.start:
            i -= 1  # "Chief Technical Officer": a word inside a title
        elif (opening := _spelled_out(doc, i - 1, -1)) is not None and opening > start:
            i = opening
        elif t.lower_ in {"of", "to", "for"} and i - 2 >= start and is_title(doc[i - 2]) and i < span.start:
            i -= 1
        elif t.text[:1].isupper():
            j = i - 1
            while j > start and i - j <= 4 and (doc[j].text[:1].isupper() and not is_title(doc[j]) or doc[j].lower_ == "the"):
                j -= 1
            if doc[j].lower_ in {"of", "to", "for"} and j - 1 >= start and is_title(doc[j - 1]):
                i = j - 1
            else:
                break
        else:
            break
    if i < span.start and doc[i].is_lower:
        while i > start and doc[i - 1].is_lower and doc[i - 1].pos_ in {"NOUN", "ADJ", "CCONJ"} and not doc[i - 1].ent_type_:
            i -= 1
    return i


def positions_in(tokens: Span) -> set[str]:
    """The positions a title run names: "AU chairperson President" holds two."""
    groups: list[list[Token]] = [[]]
    for t in tokens:
        previous = groups[-1][-1] if groups[-1] else None
        if previous is not None and previous.is_lower and is_title(previous) and t.text[:1].isupper() and is_title(t):
            groups.append([])
        groups[-1].append(t)
    doc = tokens.doc
    return {text for g in groups if g and (text := title_text(doc[g[0].i : g[-1].i + 1]))}


def title_text(tokens: Span) -> str | None:
    words = [t for t in _unbracketed(tokens) if t.lower_.rstrip(".") not in HONORIFICS]
    while words and (words[0].lower_ in TITLE_JOINS or words[0].is_punct):
        words.pop(0)
    if not words:
        return None
    of = next((n for n, t in enumerate(words) if t.lower_ == "of"), None)
    if of is not None and of > 0:
        rest = " ".join(t.text for t in words[of + 1 :] if t.lower_ != "the")
        # "Chief of Army Staff", "Member of the European Parliament" are one title each
        body = len(rest.split()) > 1 and ORG_END.search(rest) and "staff" not in rest.lower().split() and words[0].lower_ != "member"
        if gazetteer.load().country(rest) or body:
            words = words[:of]  # "President of the United States", "director of Amnesty International": "President", "director"
    text = "".join(t.text_with_ws for t in words).strip().rstrip(".").replace(" .", ".")
    if text.upper() == "PM":
        return "Prime Minister"
    if of is None and text.endswith("s") and is_title(words[-1]) and text[:-1].lower().split()[-1] in TITLE_WORDS:
        text = text[:-1]  # "Presidents Buhari and Talon": each is a President
    return text


def _unbracketed(tokens: Span) -> list[Token]:
    """"MP (Member of Parliament)" is the office the brackets spell out; "Labour MP (UK)" the MP."""
    kept, inside, depth = [], [], 0
    for t in tokens:
        depth += t.text == "("
        (inside if depth else kept).append(t)
        depth -= t.text == ")" and depth > 0
    spelled = [t for t in inside if t.text not in {"(", ")"}]
    if kept and spelled and kept[-1].text.isupper() and len(spelled) > 1 and spelled[0].text[:1].isupper():
        return spelled
    return kept


def share_titles(found: list[Found]) -> None:
    """"Presidents Muhammadu Buhari of Nigeria and Patrice Talon of Benin": a plural title
    is each coordinated person's."""
    people = {t.i: f for f in found if f.kind == "Person" for t in f.span}
    for f in found:
        root = f.span.root
        if f.kind == "Person" and not f.positions and root.dep_ == "conj" and root.head.i in people:
            head = people[root.head.i]
            before = f.span.doc[title_start(head.span) : head.span.start]
            if any(t.lower_.endswith("s") and is_title(t) and t.lower_ not in TITLE_WORDS for t in before):
                f.positions |= head.positions


def rank_code(token: Token) -> bool:
    """"IM Dorsa Derakhshani", "GM Magnus Carlsen": two capitals right before a personal name
    are a rank, not a country's ISO code (Isle of Man, Guam)."""
    doc = token.doc
    return len(token) == 2 and token.text.isupper() and token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ == "PERSON"


def sent_to(doc: Doc, start: int) -> bool:
    """"US Ambassador to Germany Richard Grenell": the name at `start` is the country an envoy
    is sent to, which takes no part in what he does."""
    return start >= 2 and doc[start - 1].lower_ == "to" and is_title_word(doc[start - 2].lower_)


def as_office(root: Token) -> list[Token]:
    """"Rosselló resigned as governor of Puerto Rico", "was sworn in as president": an "as"
    phrase of the clause names the office its subject holds (or held), as an apposition does."""
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    return [g for c in root.head.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
            if g.dep_ == "pobj" and is_title(g)]
