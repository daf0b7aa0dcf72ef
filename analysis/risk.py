"""The risk model: which capabilities the target's fragments unlock, a 0-100 score, and a fix plan."""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from footprint.model import Capability, CapabilityResult, FixStep, Fragment

DATA = Path(__file__).parent / "data"
NEAR_MISS_WEIGHT = 0.25
SCORE_SCALE = 12.0  # weighted severity at which the score reaches ~63
MAX_FIX_STEPS = 5


@lru_cache(maxsize=1)
def load_model() -> tuple[tuple[Capability, ...], dict[str, list[str]], dict[str, list[list[str]]]]:
    raw = json.loads((DATA / "capabilities.json").read_text(encoding="utf-8"))
    caps = tuple(
        Capability(id=c["id"], title=c["title"], explanation=c["explanation"], severity=int(c["severity"]),
                   requires=[list(g) for g in c["requires"]], sources=list(c.get("sources", [])))
        for c in raw["capabilities"]
    )
    return caps, raw.get("implies", {}), raw.get("combines", {})


@lru_cache(maxsize=1)
def load_advice() -> dict:
    return json.loads((DATA / "advice.json").read_text(encoding="utf-8"))


def kinds_provided(fragment: Fragment, implies: dict[str, list[str]]) -> set[str]:
    return {fragment.kind, *implies.get(fragment.kind, [])}


def assess(fragments: list[Fragment]) -> list[CapabilityResult]:
    caps, implies, combines = load_model()
    providers: dict[str, list[Fragment]] = {}
    for f in fragments:
        for kind in kinds_provided(f, implies):
            providers.setdefault(kind, []).append(f)
    for kind, recipes in combines.items():
        for parts in recipes:
            if all(providers.get(p) for p in parts):
                extra = [f for p in parts for f in providers[p]]
                providers.setdefault(kind, []).extend(f for f in extra if f not in providers[kind])
    results = []
    for cap in caps:
        path, missing = [], []
        for group in cap.requires:
            hits = [f.id for kind in group for f in providers.get(kind, [])]
            if hits:
                path.extend(h for h in hits if h not in path)
            else:
                missing.append(group)
        state = "satisfied" if not missing else "near_miss" if len(missing) == 1 else "out_of_reach"
        results.append(CapabilityResult(cap, state, path if state != "out_of_reach" else [], missing))
    order = {"satisfied": 0, "near_miss": 1, "out_of_reach": 2}
    return sorted(results, key=lambda r: (order[r.state], -r.capability.severity, r.capability.id))


def score(results: list[CapabilityResult]) -> int:
    """0-100. Monotone: a new fragment can only move capabilities towards 'satisfied'."""
    weight = sum(
        r.capability.severity * (1.0 if r.state == "satisfied" else NEAR_MISS_WEIGHT if r.state == "near_miss" else 0.0)
        for r in results
    )
    return round(100 * (1 - math.exp(-weight / SCORE_SCALE)))


def fix_plan(fragments: list[Fragment]) -> list[FixStep]:
    """Greedy weighted hitting set: a capability breaks when every fragment of one of its groups is gone,
    so each round removes the cheapest whole group per point of score it saves."""
    advice = load_advice()
    fixed = set(advice.get("fixed_kinds", []))
    _, implies, _ = load_model()
    remaining = list(fragments)
    current = assess(remaining)
    steps: list[FixStep] = []
    while len(steps) < MAX_FIX_STEPS:
        before = score(current)
        best = None
        for r in current:
            if not r.satisfied:
                continue
            for group in r.capability.requires:
                cut = [f for f in remaining if kinds_provided(f, implies) & set(group)]
                if not cut or any(f.kind in fixed for f in cut):
                    continue
                trial = assess([f for f in remaining if f not in cut])
                gain = before - score(trial)
                if gain > 0 and (best is None or gain / len(cut) > best[0]):
                    best = (gain / len(cut), cut)
        if best is None:
            break
        for f in best[1][: MAX_FIX_STEPS - len(steps)]:
            satisfied = {r.capability.id for r in current if r.satisfied}
            remaining.remove(f)
            current = assess(remaining)
            steps.append(_step(f, sorted(satisfied - {r.capability.id for r in current if r.satisfied}), score(current), advice))
    return steps


def _step(f: Fragment, broken: list[str], score_after: int, advice: dict) -> FixStep:
    networks = sorted({e.account.split(":", 1)[0] for e in f.evidence})
    tips = [advice["kinds"].get(f.kind, "Remove it.")]
    tips += [f"{n}: {advice['networks'][n]}" for n in networks if n in advice["networks"]]
    return FixStep(fragment=f.id, kind=f.kind, value=f.value, breaks=broken, where=list(f.evidence),
                   advice=tips, score_after=score_after)
