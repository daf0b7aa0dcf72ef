"""The fix plan: the fewest fragments whose removal breaks every unlocked capability, in order of impact.

A capability breaks when one of its requirement groups loses every fragment that provides it (for a kind
made by combination, such as a date of birth from a birthday and a birth year, losing one part is enough).
So each (capability, group, choice of part) is a candidate set of fragments, and the plan is a hitting
set: one candidate per unlocked capability, with the smallest union.
- Exact when small: a branch-and-bound search over all choices when there are at most EXACT_LIMIT of them.
- Greedy when large: repeatedly take the candidate with the fewest new fragments per point of severity it
  breaks. As weighted set cover, its cost is at most H(m) = 1 + 1/2 + ... + 1/m times the best cover's
  (Chvatal 1979; m = unlocked capabilities, so at most 2.93x for our 10), counting each candidate at its
  full size.
'singled-out' is not a group capability: after the hitting set, the fragments worth the most bits go
until fewer bits than the population's remain, if removable ones can get there.
Then the chosen fragments are ordered by impact: each step removes the one that lowers the score most.
Handles are never asked for (advice.json 'fixed_kinds'): a handle is how people find you.
"""
from __future__ import annotations

import math
from itertools import product

from analysis import identity
from analysis.risk import kinds_provided, load_advice, load_model, score_of
from footprint.model import FixStep, Fragment

EXACT_LIMIT = 20000  # choice combinations searched exactly; beyond this, greedy
GREEDY_ORDER_LIMIT = 40  # order steps by trying every remaining fragment up to this many; else by candidate


class Evaluator:
    """Capability states, bits and score for 'all fragments but these', updated one removal at a time."""

    def __init__(self, fragments: list[Fragment]) -> None:
        caps, implies, combines = load_model()
        self.caps, self.combines = caps, combines
        self.fragments = fragments
        self.kinds = [kinds_provided(f, implies) for f in fragments]
        self.count: dict[str, int] = {}
        for ks in self.kinds:
            for k in ks:
                self.count[k] = self.count.get(k, 0) + 1
        self.removed: set[int] = set()
        # bits: every fragment's facets, each facet's fragments best first
        self.items = [(f.kind, identity.fragment_facets(f)) for f in fragments]
        self.by_facet: dict[str, list[tuple[float, int]]] = {}
        for i, (_, facets) in enumerate(self.items):
            for facet, bits in facets.items():
                self.by_facet.setdefault(facet, []).append((bits, i))
        for lst in self.by_facet.values():
            lst.sort(key=lambda t: -t[0])
        self.kind_count: dict[str, int] = {}
        for f in fragments:
            self.kind_count[f.kind] = self.kind_count.get(f.kind, 0) + 1

    def remove(self, i: int) -> None:
        self.removed.add(i)
        for k in self.kinds[i]:
            self.count[k] -= 1
        self.kind_count[self.fragments[i].kind] -= 1

    def restore(self, i: int) -> None:
        self.removed.discard(i)
        for k in self.kinds[i]:
            self.count[k] += 1
        self.kind_count[self.fragments[i].kind] += 1

    def provided(self, kind: str) -> bool:
        if self.count.get(kind, 0) > 0:
            return True
        return any(all(self.count.get(p, 0) > 0 for p in parts) for parts in self.combines.get(kind, []))

    def bits(self) -> float:
        present = {k for k, n in self.kind_count.items() if n > 0}
        best = 0.0
        for left_out, caps in identity._variants(present):
            total = 0.0
            for facet, lst in self.by_facet.items():
                for b, i in lst:
                    if i not in self.removed and self.items[i][0] not in left_out:
                        total += min(b, caps.get(facet, b))
                        break
            best = max(best, total)
        return round(best, 2)

    def states(self, bits: float | None = None) -> dict[str, str]:
        from analysis.risk import NEAR_BITS

        bits = self.bits() if bits is None else bits
        out = {}
        for cap in self.caps:
            if cap.requires_bits:
                gap = identity.population_bits() - bits
                out[cap.id] = "satisfied" if gap <= 0 else "near_miss" if gap <= NEAR_BITS else "out_of_reach"
                continue
            unmet = sum(not any(self.provided(k) for k in g) for g in cap.requires)
            out[cap.id] = "satisfied" if unmet == 0 else "near_miss" if unmet == 1 else "out_of_reach"
        return out

    def score(self) -> tuple[int, dict[str, str]]:
        bits = self.bits()
        states = self.states(bits)
        return score_of(states, bits), states


def _candidates(ev: Evaluator, cap, removable: list[bool]) -> list[int]:
    """Bitmasks of fragment indices: each removal that would break `cap` on its own."""
    fixed = sum(1 << i for i, ok in enumerate(removable) if not ok)
    out = []
    for group in cap.requires:
        base = 0
        for i, ks in enumerate(ev.kinds):
            if ks & set(group):
                base |= 1 << i
        choices = [[p for p in parts] for k in group for parts in ev.combines.get(k, [])]
        for pick in product(*choices) if choices else [()]:
            mask = base
            for part in pick:
                for i, ks in enumerate(ev.kinds):
                    if part in ks:
                        mask |= 1 << i
            if mask and not mask & fixed:
                out.append(mask)
    return sorted(set(out), key=lambda m: m.bit_count())


def _bits_of(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _exact(options: list[list[int]]) -> int:
    best = [None]
    order = sorted(range(len(options)), key=lambda j: len(options[j]))

    def search(depth: int, mask: int) -> None:
        if best[0] is not None and mask.bit_count() >= best[0].bit_count():
            return
        if depth == len(order):
            best[0] = mask
            return
        for m in options[order[depth]]:
            search(depth + 1, mask | m)

    search(0, 0)
    return best[0] or 0


def _greedy(options: list[list[int]], weights: list[int]) -> int:
    mask, open_ = 0, set(range(len(options)))
    while open_:
        best = None
        for j in open_:
            for m in options[j]:
                new = m | mask
                covered = [c for c in open_ if any(o & ~new == 0 for o in options[c])]
                gain = sum(weights[c] for c in covered)
                cost = (new & ~mask).bit_count()
                key = (cost / gain, cost)
                if best is None or key < best[0]:
                    best = (key, new, covered)
        mask = best[1]
        open_ -= set(best[2])
    return mask


def hitting_set(ev: Evaluator, removable: list[bool], states: dict[str, str]) -> tuple[set[int], list, list, bool]:
    """The fragments (indices) whose removal breaks every unlocked group capability that can be broken:
    -> (chosen, candidates per capability, severities, exact?)."""
    unlocked = [c for c in ev.caps if states[c.id] == "satisfied" and not c.requires_bits]
    options, weights = [], []
    for cap in unlocked:
        cands = _candidates(ev, cap, removable)
        if cands:
            options.append(cands)
            weights.append(cap.severity)
    combos = math.prod(len(o) for o in options) if options else 0
    exact = combos <= EXACT_LIMIT
    chosen = _exact(options) if exact else _greedy(options, weights)
    return set(_bits_of(chosen)), options, weights, exact


def fix_plan(fragments: list[Fragment]) -> list[FixStep]:
    advice = load_advice()
    fixed = set(advice.get("fixed_kinds", []))
    ev = Evaluator(fragments)
    removable = [f.kind not in fixed for f in fragments]
    _, start = ev.score()
    chosen, options, weights, _ = hitting_set(ev, removable, start)
    _break_singled_out(ev, chosen, removable, start)
    return _ordered_steps(ev, chosen, options, weights, advice)


def _break_singled_out(ev: Evaluator, chosen: set[int], removable: list[bool], start: dict[str, str]) -> None:
    if not any(c.requires_bits and start[c.id] == "satisfied" for c in ev.caps):
        return
    for i in chosen:
        ev.remove(i)
    try:
        target = identity.population_bits()
        while ev.bits() >= target:
            base = ev.bits()
            best = None
            for i, ok in enumerate(removable):
                if ok and i not in ev.removed and ev.items[i][1]:
                    ev.remove(i)
                    drop = base - ev.bits()
                    ev.restore(i)
                    if drop > 0 and (best is None or drop > best[0]):
                        best = (drop, i)
            if best is None:
                return  # only fixed kinds are left carrying bits
            ev.remove(best[1])
            chosen.add(best[1])
    finally:
        for i in list(ev.removed):
            ev.restore(i)


def _ordered_steps(ev: Evaluator, chosen: set[int], options, weights, advice) -> list[FixStep]:
    steps: list[FixStep] = []
    todo = sorted(chosen, key=lambda i: ev.fragments[i].id)
    if len(todo) > GREEDY_ORDER_LIMIT:
        # Large plans: whole candidates in greedy order, then anything added for the bits.
        order: list[int] = []
        for m in sorted((m for opts in options for m in opts if m and all(i in chosen for i in _bits_of(m))),
                        key=lambda m: m.bit_count()):
            order += [i for i in _bits_of(m) if i not in order]
        todo = order + [i for i in todo if i not in order]
    current, before = ev.score()
    while todo:
        if len(todo) <= GREEDY_ORDER_LIMIT:
            unit = _best_unit(ev, todo, options, current)
        else:
            unit = [todo[0]]
        while unit:  # inside a unit, the fragment that lowers the score most goes first
            i = min(unit, key=lambda j: (_score_without(ev, [j]), -sum(ev.items[j][1].values()), ev.fragments[j].id))
            unit.remove(i)
            todo.remove(i)
            ev.remove(i)
            current, after = ev.score()
            broken = sorted(c for c, st in before.items() if st == "satisfied" and after[c] != "satisfied")
            steps.append(_step(ev.fragments[i], broken, current, advice))
            before = after
    for i in list(ev.removed):
        ev.restore(i)
    return steps


def _score_without(ev: Evaluator, unit: list[int]) -> int:
    for i in unit:
        ev.remove(i)
    s, _ = ev.score()
    for i in unit:
        ev.restore(i)
    return s


def _best_unit(ev: Evaluator, todo: list[int], options, current: int) -> list[int]:
    """The next move: one fragment, or the rest of a whole requirement group (one fragment of several
    that each answer a security question breaks nothing; all of them together do). Best score drop
    per fragment wins; ties go to the smaller move."""
    left = set(todo)
    units = {(i,) for i in todo}
    for opts in options:
        for m in opts:
            members = set(_bits_of(m))
            if members <= left | ev.removed and members & left:
                units.add(tuple(sorted(members & left)))
    best = min(units, key=lambda u: (-(current - _score_without(ev, list(u))) / len(u), len(u),
                                     [ev.fragments[i].id for i in u]))
    return list(best)


def _step(f: Fragment, broken: list[str], score_after: int, advice: dict) -> FixStep:
    networks = sorted({e.account.split(":", 1)[0] for e in f.evidence})
    tips = [advice["kinds"].get(f.kind, "Remove it.")]
    tips += [f"{n}: {advice['networks'][n]}" for n in networks if n in advice.get("networks", {})]
    return FixStep(fragment=f.id, kind=f.kind, value=f.value, breaks=broken, where=list(f.evidence),
                   advice=tips, score_after=score_after)
