"""The risk model: which capabilities the target's fragments unlock, and a 0-100 exposure score.

A capability (analysis/data/capabilities.json) is an AND of OR-groups of fragment kinds, or, for
'singled-out', enough bits of identity to pick one person out of the population.

Score: W = sum of severities of satisfied capabilities + NEAR_MISS_WEIGHT x severities of near misses
+ BITS_WEIGHT x min(1, bits / population bits); score = round(100 x (1 - exp(-W / SCORE_SCALE))).
Every term only grows when a fragment is added (providers only grow, so states only move towards
'satisfied'; bits are a best-of maxima, see analysis/identity.py), so the score is monotone.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from analysis import identity
from footprint.model import Capability, CapabilityResult, CapabilityState, Fragment

DATA = Path(__file__).parent / "data"
NEAR_MISS_WEIGHT = 0.25
BITS_WEIGHT = 2.0
SCORE_SCALE = 12.0  # weighted severity at which the score reaches ~63
NEAR_BITS = 8.51  # 'singled-out' is one fragment away when one birthday's worth of bits would reach it


@lru_cache(maxsize=1)
def load_model() -> tuple[tuple[Capability, ...], dict[str, list[str]], dict[str, list[list[str]]]]:
    raw = json.loads((DATA / "capabilities.json").read_text(encoding="utf-8"))
    caps = tuple(
        Capability(
            id=c["id"],
            title=c["title"],
            explanation=c["explanation"],
            severity=int(c["severity"]),
            requires=tuple(tuple(g) for g in c["requires"]),
            sources=tuple(c.get("sources", [])),
            requires_bits=c.get("requires_bits"),
        )
        for c in raw["capabilities"]
    )
    return caps, raw.get("implies", {}), raw.get("combines", {})


@lru_cache(maxsize=1)
def load_advice() -> dict:
    return json.loads((DATA / "advice.json").read_text(encoding="utf-8"))


def kinds_provided(fragment: Fragment, implies: dict[str, list[str]]) -> set[str]:
    return {fragment.kind, *implies.get(fragment.kind, [])}


def providers(fragments: list[Fragment]) -> dict[str, list[Fragment]]:
    """Kind -> the fragments that give it away, directly, by implication or by combination."""
    _, implies, combines = load_model()
    out: dict[str, list[Fragment]] = {}
    for f in fragments:
        for kind in kinds_provided(f, implies):
            out.setdefault(kind, []).append(f)
    for kind, recipes in combines.items():
        for parts in recipes:
            if all(out.get(p) for p in parts):
                have = out.setdefault(kind, [])
                seen = {id(f) for f in have}
                for f in (f for p in parts for f in out[p]):
                    if id(f) not in seen:
                        seen.add(id(f))
                        have.append(f)
    return out


def _completions(group: tuple[str, ...], found: dict[str, list[Fragment]]) -> tuple[str, ...]:
    """The kinds that would meet a missing group, including the missing half of a combination
    (a birthday is shown, so a birth year would make the date of birth)."""
    _, _, combines = load_model()
    names = list(group)
    for kind in group:
        for parts in combines.get(kind, []):
            if any(found.get(p) for p in parts):
                names += [p for p in parts if not found.get(p) and p not in names]
    return tuple(names)


def _bits_completions(bits: float, fragments: list[Fragment]) -> tuple[str, ...]:
    """Kinds that alone would add enough bits to reach the population's, beyond what the same facet already
    counts (only kinds with a fixed, sourced figure; a full postcode for postcodes)."""
    gap = identity.population_bits() - bits
    table = identity.table()
    now = identity.facet_totals(fragments)
    out = []
    for kind, spec in table["kinds"].items():
        gain = 0.0
        for facet, how in spec["facets"].items():
            if isinstance(how, (int, float)):
                gain += max(0.0, math.log2(how) - now.get(facet, 0.0))
            elif how == "postcode":
                gain += max(0.0, math.log2(table["postcode_levels"]["unit"]) - now.get(facet, 0.0))
        if gain >= gap:
            out.append(kind)
    return tuple(out)


def assess(fragments: list[Fragment], bits: float | None = None) -> list[CapabilityResult]:
    caps, _, _ = load_model()
    found = providers(fragments)
    if bits is None:
        bits = identity.total_bits(fragments)
    target_bits = identity.population_bits()
    by_id = {f.id: f for f in fragments}
    results = []
    for cap in caps:
        if cap.requires_bits:
            with_bits = tuple(identity.counted(fragments))  # the facts that make up the bits
            if bits >= target_bits:
                results.append(CapabilityResult(cap, "satisfied", with_bits, (), _accounts(with_bits, by_id)))
            elif bits >= target_bits - NEAR_BITS:
                results.append(
                    CapabilityResult(
                        cap, "near_miss", with_bits, (_bits_completions(bits, fragments),), _accounts(with_bits, by_id)
                    )
                )
            else:
                results.append(CapabilityResult(cap, "out_of_reach", (), (_bits_completions(bits, fragments),)))
            continue
        path: dict[str, None] = {}  # ordered, without repeats
        missing: list[tuple[str, ...]] = []
        for group in cap.requires:
            hits = [f.id for kind in group for f in found.get(kind, [])]
            if hits:
                path.update(dict.fromkeys(hits))
            else:
                missing.append(_completions(group, found))
        state: CapabilityState = "satisfied" if not missing else "near_miss" if len(missing) == 1 else "out_of_reach"
        on_path = tuple(path) if state != "out_of_reach" else ()
        results.append(CapabilityResult(cap, state, on_path, tuple(missing), _accounts(on_path, by_id)))
    order = {"satisfied": 0, "near_miss": 1, "out_of_reach": 2}
    return sorted(results, key=lambda r: (order[r.state], -r.capability.severity, r.capability.id))


def _accounts(fragment_ids: tuple[str, ...], by_id: dict[str, Fragment]) -> tuple[str, ...]:
    return tuple(sorted({e.account for fid in fragment_ids for e in by_id[fid].evidence}))


def weight(states: dict[str, str], bits: float) -> float:
    caps, _, _ = load_model()
    w = sum(
        c.severity
        * (1.0 if states.get(c.id) == "satisfied" else NEAR_MISS_WEIGHT if states.get(c.id) == "near_miss" else 0.0)
        for c in caps
    )
    return w + BITS_WEIGHT * min(1.0, max(bits, 0.0) / identity.population_bits())


def score_of(states: dict[str, str], bits: float) -> int:
    return round(100 * (1 - math.exp(-weight(states, bits) / SCORE_SCALE)))


def score(results: list[CapabilityResult], bits: float = 0.0) -> int:
    """0-100, monotone in the fragments shown (see the module's docstring)."""
    return score_of({r.capability.id: r.state for r in results}, bits)
