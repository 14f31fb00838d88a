"""The event lexicon, read from data files: triggers per class (data/triggers.jsonl), word lists
(data/words.json) and argument shapes (data/arguments.json).

Adding a trigger, a class or a word is a data edit: the class must exist in the ontology
(checked here), and the matchers below are built from whatever the files hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from kg import vocab
from kg.nlp.shapes import Shape, ShapeError, compile_shapes


class LexiconError(ValueError):
    """A data file that does not make sense; the message names the file and the entry."""


@dataclass(frozen=True)
class Trigger:
    cls: str
    kind: str  # "verb", "noun" or "phrase"
    words: tuple[str, ...]  # lemmas (one for verbs and nouns, several for a phrase)
    needs: tuple[str, ...] = ()  # argument requirements (events.py checks them)
    patient: bool = False  # a noun whose possessor undergoes it ("Khashoggi's murder")
    of_doer: bool = False  # a noun whose "of" phrase does it ("the resignation of the minister")
    actors: str = "political"  # who must take part: "political" (a state, a body, an office holder) or "any" actor
    mode: str | None = None
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.cls}|{self.kind}|{' '.join(self.words)}"


@dataclass(eq=False)
class Lexicon:
    triggers: dict[str, Trigger]  # by key
    words: dict[str, frozenset[str]]
    shapes: list[dict] = field(default_factory=list)

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.words[name]

    def find(self, doc) -> list[tuple[Trigger, Span]]:
        """Every trigger in the text: a verb by its lemma, a noun by its lemma or form (a
        proper noun's lemma keeps its case: "Summit"), a phrase by its words' lemmas.

        Dictionary lookups on the few tokens whose lemma or form starts an entry (spaCy's
        Matcher with a pattern per entry cost as much as the parse on long articles)."""
        verbs, nouns, phrases = self._index()
        found = []
        for token in positions(doc, verbs.keys() | nouns.keys() | phrases.keys(), nouns.keys()):
            lemma = token.lemma_.lower()
            if token.pos_ == "VERB":
                found.extend((t, doc[token.i : token.i + 1]) for t in verbs.get(lemma, ()))
            elif token.pos_ in {"NOUN", "PROPN"}:
                found.extend((t, doc[token.i : token.i + 1]) for t in dict.fromkeys(nouns.get(lemma, []) + nouns.get(token.lower_, [])))
            for words, trigger in phrases.get(lemma, ()):
                end = _phrase_end(doc, token.i, words)
                if end is not None and token.pos_ in {"NOUN", "PROPN"} and words[0] in verbs and doc[token.i + 1].pos_ in {"ADP", "PART"}:
                    continue  # a phrasal verb's words after a noun ("the call for Biden", "worked as press for")
                if end is not None:
                    found.append((trigger, doc[token.i : end]))
        return found

    def noun_triggers(self, lemma: str) -> list[Trigger]:
        """The triggers an event noun starts ("attack": Assault), from the index `find` reads."""
        return self._index()[1].get(lemma, [])

    def verb_triggers(self, lemma: str) -> list[Trigger]:
        """The triggers a verb starts ("condemn": Accusation)."""
        return self._index()[0].get(lemma, [])

    @lru_cache(maxsize=None)  # noqa: B019 (one lexicon per process)
    def first_words(self, cls: str, kind: str | None = None) -> frozenset[str]:
        """The first word of every trigger of a class (of one kind, if given): "attack", "bombing"
        for Assault nouns, "arrest", "detain", "tear" for Coercion."""
        return frozenset(t.words[0] for t in self.triggers.values() if t.cls == cls and kind in {None, t.kind})

    @lru_cache(maxsize=1)  # noqa: B019 (one lexicon per process)
    def _index(self):
        verbs: dict[str, list[Trigger]] = {}
        nouns: dict[str, list[Trigger]] = {}
        phrases: dict[str, list[tuple[tuple[str, ...], Trigger]]] = {}
        for trigger in self.triggers.values():
            word = trigger.words[0]
            if trigger.kind == "verb":
                verbs.setdefault(word, []).append(trigger)
            elif trigger.kind == "noun":
                for form in (word, word + "s"):
                    nouns.setdefault(form, []).append(trigger)
            else:
                phrases.setdefault(word, []).append((trigger.words, trigger))
        return verbs, nouns, phrases

    def argument_shapes(self) -> list[Shape]:
        try:
            return compile_shapes(self.shapes)
        except ShapeError as err:
            raise LexiconError(str(err)) from err


def positions(doc, lemmas, forms=frozenset()) -> list[Token]:
    """The tokens whose lower-cased lemma is in `lemmas` or whose lower-cased form is in
    `forms`, in text order. Read from the Doc's arrays, each distinct word looked up once:
    a Python pass over every token of every article is a second or more of a build."""
    rows = doc.to_array([LEMMA, LOWER])
    strings = doc.vocab.strings
    wanted = [h for h in numpy.unique(rows[:, 0]).tolist() if strings[h].lower() in lemmas]
    wanted_forms = [h for h in numpy.unique(rows[:, 1]).tolist() if strings[h] in forms]
    hits = numpy.isin(rows[:, 0], wanted) | numpy.isin(rows[:, 1], wanted_forms)
    return [doc[i] for i in numpy.flatnonzero(hits).tolist()]


# Words a phrase's noun may carry before it: "drop his bid", "cut all ties", "held their talks",
# "opened economic ties".
NOUN_OPENERS = {"DT", "PDT", "PRP$", "JJ"}


def _phrase_end(doc, start: int, words: tuple[str, ...]) -> int | None:
    """Where a phrase that starts at `start` ends, if it does; up to two determiners, possessives
    or adjectives may stand before any later word that is a noun or an adjective (not before "for" or "on":
    "called him on Monday" is no call on anyone)."""
    i = start
    for k, word in enumerate(words):
        if k > 0:
            j = i
            while j < len(doc) and j - i < 2 and doc[j].tag_ in NOUN_OPENERS:
                j += 1
            if j > i and j < len(doc) and _same_word(doc[j], word) and doc[j].pos_ in {"NOUN", "PROPN", "ADJ"}:
                i = j
        if i >= len(doc) or not _same_word(doc[i], word):
            return None
        i += 1
    return i


def _same_word(token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _data(name: str) -> str:
    return (files("kg.nlp") / "data" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load() -> Lexicon:
    known = set(vocab.event_classes())
    triggers: dict[str, Trigger] = {}
    for number, line in enumerate(_data("triggers.jsonl").splitlines(), 1):
        if not line.strip():
            continue
        entry = json.loads(line)
        cls = entry["class"]
        if cls not in known:
            raise LexiconError(f"data/triggers.jsonl:{number}: class {cls!r} is not in the ontology")
        needs = entry.get("needs", {})
        patients = set(entry.get("patient_nouns", ()))
        doers = set(entry.get("of_doer_nouns", ()))
        verbs = set(entry.get("verbs", ()))
        for kind, group in (("verb", "verbs"), ("noun", "nouns"), ("phrase", "phrases")):
            for item in entry.get(group, ()):
                words = tuple(item) if kind == "phrase" else (item,)
                lemma = " ".join(words)
                # a bare lemma names the verb when both readings exist; "strike_noun" the noun
                plain = needs.get(lemma, ()) if kind == "verb" or (kind == "noun" and lemma not in verbs) else ()
                need = needs.get(f"{lemma}_{kind}", plain)
                trigger = Trigger(cls, kind, words, tuple(need), lemma in patients, kind == "noun" and lemma in doers,
                                  entry.get("actors", "political"), entry.get("mode"), entry.get("source", ""))
                triggers[trigger.key] = trigger
    words = {k: frozenset(v) for k, v in json.loads(_data("words.json"), object_pairs_hook=_unique_keys).items() if not k.startswith("_")}
    shapes = json.loads(_data("arguments.json"))["shapes"]
    return Lexicon(triggers, words, shapes)


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A word list named twice would silently lose its first half: say so instead."""
    seen = [key for key, _ in pairs]
    twice = sorted({key for key in seen if seen.count(key) > 1})
    if twice:
        raise LexiconError(f"data/words.json names {', '.join(twice)} more than once")
    return dict(pairs)
