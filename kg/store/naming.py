"""Names as the corpus layer compares them: tokens, short forms, acronyms, country names.

Pure functions over strings, plus the country names from the packaged reference data
(kg/nlp/gazetteer.py: pycountry and countryinfo; importing it does not load spaCy).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents folded, dots, a possessive 's and a leading 'the' dropped ("the U.S." -> "us")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip().replace(".", "")
    text = re.sub(r"['’]s\b", "", text)
    return re.sub(r"^the\s+", "", text)


@lru_cache(maxsize=200_000)
def tokens(text: str) -> tuple[str, ...]:
    """A name as words: 'Jeremy "Spike" Cohen' -> ('jeremy', 'spike', 'cohen'); 'al-Assad' -> ('al', 'assad')."""
    return tuple(_TOKEN.findall(fold(text)))


def abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """A short form of a full name: its words are some of the full name's, in order,
    ending with the same last word ("Trump", "Donald Trump"; "Robert Mugabe", "Robert
    Gabriel Mugabe"; "La Riva", "Gloria La Riva")."""
    if not short or len(short) >= len(full) or short[-1] != full[-1]:
        return False
    words = iter(full)
    return all(word in words for word in short)


def acronym(words: tuple[str, ...]) -> str | None:
    """The initials of a name of three words or more, small words skipped: 'Islamic
    Revolutionary Guard Corps' -> 'irgc' (not of codes such as 'CC-BY-SA')."""
    significant = [w for w in words if w not in {"of", "the", "and", "for", "in", "on", "de", "la", "du"}]
    if len(significant) < 3 or any(len(w) < 3 or w.isdigit() for w in significant):
        return None
    return "".join(w[0] for w in significant)


@lru_cache(maxsize=1)
def _country_names() -> tuple[dict[str, str], dict[str, str]]:
    """(name -> ISO code, short form -> ISO code): every name, spelling and demonym the
    gazetteer knows (and demonym plurals: "Americans"), and the trailing words of a
    country's names that belong to that one country only and begin like its demonym
    ("America": United States of America, American; "Britain": Great Britain, British;
    not "Africa": South Africa, South African)."""
    from kg.nlp import gazetteer

    gaz = gazetteer.load()
    names = {" ".join(tokens(name)): country.iso3 for name, country in gaz.countries.items()}
    for demonym in (" ".join(tokens(d)) for d in gaz.demonyms):
        if demonym in names:
            names.setdefault(demonym + "s", names[demonym])
    suffixes: dict[str, set[str]] = {}
    for name, iso in names.items():
        words = name.split()
        for i in range(1, len(words)):
            suffix = " ".join(words[i:])
            if words[i] not in {"of", "the", "and"}:
                suffixes.setdefault(suffix, set()).add(iso)
    demonyms: dict[str, set[str]] = {}
    for demonym in (" ".join(tokens(d)) for d in gaz.demonyms):
        if demonym in names:
            demonyms.setdefault(names[demonym], set()).add(demonym)
    short = {}
    for suffix, isos in suffixes.items():
        iso = next(iter(isos))
        if len(isos) == 1 and suffix not in names and any(d.startswith(suffix[:4]) for d in demonyms.get(iso, ())):
            short[suffix] = iso
    return names, short


@lru_cache(maxsize=200_000)
def country_of(label: str) -> tuple[str, str] | None:
    """(ISO code, how) when a name is a country's: its name, a spelling or demonym, or a
    short form that only one country's name ends with; None otherwise."""
    key = " ".join(tokens(label))
    if not key:
        return None
    names, short = _country_names()
    if key in names:
        return names[key], "name"
    if key in short:
        return short[key], "short form"
    return None
