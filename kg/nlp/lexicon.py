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

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from kg import vocab

for _name in ("dip_trigger", "dip_light", "dip_occurs"):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=False)


class LexiconError(ValueError):
    """A data file that does not make sense; the message names the file and the entry."""


@dataclass(frozen=True)
class Trigger:
    cls: str
    kind: str  # "verb", "noun" or "phrase"
    words: tuple[str, ...]  # lemmas (one for verbs and nouns, several for a phrase)
    needs: tuple[str, ...] = ()  # argument requirements (events.py checks them)
    patient: bool = False  # a noun whose possessor undergoes it ("Khashoggi's murder")
    actors: str = "political"  # who must take part: "political" (a state, a body, an office holder) or "any" actor
    mode: str | None = None
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.cls}|{self.kind}|{' '.join(self.words)}"


@dataclass
class Lexicon:
    triggers: dict[str, Trigger]  # by key
    words: dict[str, frozenset[str]]
    shapes: list[dict] = field(default_factory=list)

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.words[name]

    def matcher(self, shared: Vocab) -> Matcher:
        matcher = Matcher(shared)
        for key, trigger in self.triggers.items():
            if trigger.kind == "verb":
                patterns = [[{"LEMMA": trigger.words[0], "POS": "VERB"}]]
            elif trigger.kind == "noun":
                # proper-noun lemmas keep their case ("Summit"): the lower-cased form as well
                word, nouns = trigger.words[0], {"IN": ["NOUN", "PROPN"]}
                patterns = [[{"LEMMA": word, "POS": nouns}], [{"LOWER": {"IN": [word, word + "s"]}, "POS": nouns}]]
            else:
                patterns = [[{"LOWER": w} if w in {"the", "a", "of", "on", "in", "by", "with"} else {"LEMMA": {"IN": [w, w.capitalize()]}}
                             for w in trigger.words]]
            matcher.add(key, patterns)
        return matcher

    def argument_matcher(self, shared: Vocab) -> DependencyMatcher:
        matcher = DependencyMatcher(shared)
        for n, shape in enumerate(self.shapes):
            matcher.add(f"{shape['slot']}#{n}", [shape["pattern"]])
        return matcher


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
        verbs = set(entry.get("verbs", ()))
        for kind, group in (("verb", "verbs"), ("noun", "nouns"), ("phrase", "phrases")):
            for item in entry.get(group, ()):
                words = tuple(item) if kind == "phrase" else (item,)
                lemma = " ".join(words)
                # a bare lemma names the verb when both readings exist; "strike_noun" the noun
                plain = needs.get(lemma, ()) if kind == "verb" or (kind == "noun" and lemma not in verbs) else ()
                need = needs.get(f"{lemma}_{kind}", plain)
                trigger = Trigger(cls, kind, words, tuple(need), lemma in patients, entry.get("actors", "political"),
                                  entry.get("mode"), entry.get("source", ""))
                triggers[trigger.key] = trigger
    words = {k: frozenset(v) for k, v in json.loads(_data("words.json")).items() if not k.startswith("_")}
    shapes = json.loads(_data("arguments.json"))["shapes"]
    return Lexicon(triggers, words, shapes)
