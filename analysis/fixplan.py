"""The fix plan: the fewest fragments whose removal breaks every unlocked capability, in order of impact.

A capability breaks when one of its requirement groups loses every fragment that provides it (for a kind
made by combination, such as a date of birth from a birthday and a birth year, losing one part is enough).
So each (capability, group, choice of part) is a candidate set of fragments, and the plan is a hitting
set: one candidate per unlocked capability, with the smallest union.
- Exact when small: a branch-and-bound search over all choices when there are at most EXACT_LIMIT of them.
- Greedy when large: repeatedly take the candidate with the fewest new fragments per capability it newly
  breaks (ties: the more severe). As set cover, its cost is at most H(m) = 1 + 1/2 + ... + 1/m times the
  best cover's (Chvatal 1979; m = unlocked group capabilities, at most 9 here, so H(9) = 2.83), counting
  each candidate of that best cover at its full size.
'singled-out' is not a group capability: after the hitting set, the fragments worth the most bits go
until fewer bits than the population's remain, if removable ones can get there.
Then the chosen fragments are ordered by impact, biggest fix first: each step is the move that lowers the
score most, a move being one fragment or the rest of a requirement group (several answers to the same
security question only help when all go, so they are one step, the others in `together`). A step that
lowers nothing never comes before one that does.
Handles are never asked for (advice.json 'fixed_kinds'): a handle is how people find you. Nor is what a
professional profile should show ('professional_kinds': the name on your CV, your city, a link, your job), on
the professional profiles that show it: the review asks for it there, and the plan speaks with one voice. Where
such a fragment also sits on a personal account next to something that does harm, the plan's last steps ask to
take it off that account, and say why.
"""

from __future__ import annotations

import math
from itertools import product

from analysis import identity
from analysis.recovery import protect_steps
from analysis.risk import kinds_provided, load_advice, load_model, score_of
from footprint import networks
from footprint.model import Evidence, FixPart, FixStep, Fragment

EXACT_LIMIT = 20000  # choice combinations searched exactly; beyond this, greedy
GREEDY_ORDER_LIMIT = 40  # order steps by trying every remaining fragment up to this many; else by candidate


class Evaluator:
    """Capability states, bits and score for 'all fragments but these', updated one removal at a time."""

    def __init__(self, fragments: list[Fragment]) -> None:
        caps, implies, combines = load_model()
        self.caps, self.combines = caps, combines
        self.bits_caps = [c for c in caps if c.requires_bits]
        self.population_bits = identity.population_bits()
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
        self.top = {facet: 0 for facet in self.by_facet}  # no fragment before this position is present
        self.kind_count: dict[str, int] = {}
        for f in fragments:
            self.kind_count[f.kind] = self.kind_count.get(f.kind, 0) + 1
        self.gone: set[str] = set()  # kinds no remaining fragment provides directly
        self.absent: set[str] = set()  # kinds no remaining fragment is
        self._states: dict[frozenset[str], dict[str, str]] = {}
        self._gone_key: frozenset[str] | None = None
        self._bits: float | None = None  # cached until a removal or restore touches a fragment with bits
        givens = {rule["given"] for rule in identity.table().get("conditional", [])}
        self.moves_bits = [bool(facets) or kind in givens for kind, facets in self.items]
        self._scores: dict[tuple, int] = {}
        self.kind_masks: dict[str, int] | None = (
            None  # kind -> bitmask of the fragments providing it (built on first use)
        )

    def remove(self, i: int) -> None:
        self.removed.add(i)
        if self.moves_bits[i]:
            self._bits = None
        for k in self.kinds[i]:
            self.count[k] -= 1
            if not self.count[k]:
                self.gone.add(k)
                self._gone_key = None
        kind = self.fragments[i].kind
        self.kind_count[kind] -= 1
        if not self.kind_count[kind]:
            self.absent.add(kind)

    def restore(self, i: int) -> None:
        self.removed.discard(i)
        if self.moves_bits[i]:
            self._bits = None
        for facet in self.items[i][1]:
            self.top[facet] = 0
        for k in self.kinds[i]:
            self.count[k] += 1
            if k in self.gone:
                self.gone.discard(k)
                self._gone_key = None
        kind = self.fragments[i].kind
        self.kind_count[kind] += 1
        self.absent.discard(kind)

    def provided(self, kind: str) -> bool:
        if self.count.get(kind, 0) > 0:
            return True
        return any(all(self.count.get(p, 0) > 0 for p in parts) for parts in self.combines.get(kind, []))

    def bits(self) -> float:
        if self._bits is None:
            self._bits = self._count_bits()
        return self._bits

    def _count_bits(self) -> float:
        present = self.kind_count.keys() - self.absent
        removed, items = self.removed, self.items
        best = 0.0
        for left_out, caps in identity._variants(present):
            total = 0.0
            for facet, lst in self.by_facet.items():
                n, start = len(lst), self.top[facet]
                while start < n and lst[start][1] in removed:
                    start += 1
                self.top[facet] = start
                for j in range(start, n):
                    b, i = lst[j]
                    if i not in removed and items[i][0] not in left_out:
                        total += min(b, caps.get(facet, b))
                        break
            best = max(best, total)
        return round(best, 2)

    def states(self, bits: float | None = None) -> dict[str, str]:
        from analysis.risk import NEAR_BITS

        bits = self.bits() if bits is None else bits
        if self._gone_key is None:
            self._gone_key = frozenset(self.gone)
        key = self._gone_key  # the group capabilities depend only on which kinds are gone
        cached = self._states.get(key)
        if cached is None:
            cached = {}
            for cap in self.caps:
                if not cap.requires_bits:
                    unmet = sum(not any(self.provided(k) for k in g) for g in cap.requires)
                    cached[cap.id] = "satisfied" if unmet == 0 else "near_miss" if unmet == 1 else "out_of_reach"
            self._states[key] = cached
        out = dict(cached)
        gap = self.population_bits - bits
        for cap in self.bits_caps:
            out[cap.id] = "satisfied" if gap <= 0 else "near_miss" if gap <= NEAR_BITS else "out_of_reach"
        return out

    def score(self) -> tuple[int, dict[str, str]]:
        bits = self.bits()
        states = self.states(bits)
        key = (tuple(states.values()), bits)
        if key not in self._scores:
            self._scores[key] = score_of(states, bits)
        return self._scores[key], states


def _mask(indices) -> int:
    """A bitmask of fragment indices, built in one go (OR-ing bits one by one is quadratic)."""
    indices = list(indices)
    if not indices:
        return 0
    bits = bytearray(b"0" * (max(indices) + 1))
    for i in indices:
        bits[-1 - i] = 49  # "1"
    return int(bits, 2)


def _kind_masks(ev: Evaluator) -> dict[str, int]:
    if ev.kind_masks is None:
        members: dict[str, list[int]] = {}
        for i, ks in enumerate(ev.kinds):
            for k in ks:
                members.setdefault(k, []).append(i)
        ev.kind_masks = {k: _mask(v) for k, v in members.items()}
    return ev.kind_masks


def _candidates(ev: Evaluator, cap, removable: list[bool]) -> list[int]:
    """Bitmasks of fragment indices: each removal that would break `cap` on its own."""
    fixed = _mask(i for i, ok in enumerate(removable) if not ok)
    masks = _kind_masks(ev)
    out = []
    for group in cap.requires:
        base = 0
        for k in group:
            base |= masks.get(k, 0)
        choices = [[p for p in parts] for k in group for parts in ev.combines.get(k, [])]
        for pick in product(*choices) if choices else [()]:
            mask = base
            for part in pick:
                mask |= masks.get(part, 0)
            if mask and not mask & fixed:
                out.append(mask)
    return sorted(set(out), key=lambda m: m.bit_count())


def _bits_of(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _exact(options: list[list[int]]) -> int:
    best: list[int | None] = [None]
    order = sorted(range(len(options)), key=lambda j: len(options[j]))

    def search(depth: int, mask: int) -> None:
        found = best[0]
        if found is not None and mask.bit_count() >= found.bit_count():
            return
        if depth == len(order):
            best[0] = mask
            return
        for m in options[order[depth]]:
            search(depth + 1, mask | m)

    search(0, 0)
    return best[0] or 0


def _greedy(options: list[list[int]], weights: list[int]) -> int:
    """Set cover by price: fewest new fragments per capability newly broken (ties: more severity, then fewer
    fragments). Each price is at most the best cover's full cost over the capabilities still open, which
    gives Chvatal's H(m) bound."""
    mask, open_ = 0, set(range(len(options)))
    while open_:
        best: tuple[tuple[float, int, int], int, list[int]] | None = None
        for j in open_:
            for m in options[j]:
                new = m | mask
                covered = [c for c in open_ if any(o & ~new == 0 for o in options[c])]
                cost = (new & ~mask).bit_count()
                key = (cost / len(covered), -sum(weights[c] for c in covered), cost)
                if best is None or key < best[0]:
                    best = (key, new, covered)
        if best is None:  # every open capability has a candidate, so this never happens
            break
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


def _professional(e: Evidence) -> bool:
    return networks.lookup(e.account.split(":", 1)[0]).role == "professional"


def belongs_on_a_profile(f: Fragment, advice: dict) -> bool:
    """A fragment a professional profile should show, and does: the plan never asks to remove it there."""
    return f.kind in advice.get("professional_kinds", {}) and any(_professional(e) for e in f.evidence)


def fix_plan(fragments: list[Fragment]) -> list[FixStep]:
    advice = load_advice()
    fixed = set(advice.get("fixed_kinds", []))
    ev = Evaluator(fragments)
    removable = [f.kind not in fixed and not belongs_on_a_profile(f, advice) for f in fragments]
    score, start = ev.score()
    chosen, options, weights, _ = hitting_set(ev, removable, start)
    _break_singled_out(ev, chosen, removable, start)
    steps = _ordered_steps(ev, chosen, options, weights, advice)
    after = steps[-1].score_after if steps else score
    # Locking the recovery email lowers no score (nothing is hidden), so it comes after every step that does;
    # the views show it apart, first, because it protects every account that resets through it.
    return steps + protect_steps(fragments, after) + _keep_steps(fragments, advice, after)


def _keep_steps(fragments: list[Fragment], advice: dict, score: int) -> list[FixStep]:
    """For what belongs on a professional profile and also sits on a personal account next to something that
    does harm there: keep it on the professional profile, take it off that account, and why. It stays public
    on the professional profile, so the score does not move: these steps come last."""
    fixed = set(advice.get("fixed_kinds", []))
    pro_kinds = advice.get("professional_kinds", {})
    not_harm = {"photo", "linked_accounts", "pronouns"}  # facts of the accounts themselves, or yours to share
    steps = []
    for f in fragments:
        if not belongs_on_a_profile(f, advice):
            continue
        personal = [e for e in f.evidence if not _professional(e)]
        harm = sorted(
            {
                g.kind.replace("_", " ")
                for g in fragments
                if g.kind not in pro_kinds
                and g.kind not in fixed
                and g.kind not in not_harm
                and g.kind in advice["kinds"]
                and any(e.account in {p.account for p in personal} for e in g.evidence)
            }
        )
        if not personal or not harm:
            continue
        keep = sorted({networks.lookup(e.account.split(":", 1)[0]).title for e in f.evidence if _professional(e)})
        off = sorted({networks.lookup(e.account.split(":", 1)[0]).title for e in personal})
        label = f.kind.replace("_", " ")
        more = advice["wording"]["more"].format(n=len(harm) - 3)
        near = harm[:3] + ([more] if len(harm) > 3 else [])
        why = advice["wording"]["keep"].format(kind=label, keep=_and(keep), off=_and(off), near=_and(near))
        tips = [why] + [_network_tip(e.account.split(":", 1)[0], advice) for e in personal]
        tips = [t for t in tips if t]
        steps.append(
            FixStep(
                fragment=f.id,
                kind=f.kind,
                value=f.value,
                breaks=(),
                where=tuple(personal),
                advice=tuple(dict.fromkeys(tips)),
                score_after=score,
                keep=tuple(keep),
            )
        )
    return steps


def _network_tip(name: str, advice: dict) -> str:
    """'GitHub: Edit or clear it at …', or '' when the catalogue has no advice for the network."""
    network = networks.lookup(name)
    return advice["wording"]["network"].format(network=network.title, advice=network.advice) if network.advice else ""


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


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
            for tier in _top_tiers(ev):  # only a facet's best fragments can lower the bits
                if not all(removable[i] for i in tier):
                    continue
                for i in tier:
                    ev.remove(i)
                drop = base - ev.bits()
                for i in tier:
                    ev.restore(i)
                if drop > 0 and (best is None or drop / len(tier) > best[0]):
                    best = (drop / len(tier), tier)
            if best is None:
                return  # only fixed kinds are left carrying bits
            for i in best[1]:
                ev.remove(i)
                chosen.add(i)
    finally:
        for i in list(ev.removed):
            ev.restore(i)


def _top_tiers(ev: Evaluator) -> list[list[int]]:
    """For each facet, the remaining fragments that share its highest bits (removing fewer changes nothing),
    and any last fragment of a kind a conditional rule depends on."""
    tiers = []
    for lst in ev.by_facet.values():
        tier, top = [], None
        for b, i in lst:
            if i in ev.removed:
                continue
            if top is None:
                top = b
            if b < top:
                break
            tier.append(i)
        if tier:
            tiers.append(tier)
    givens = {rule["given"] for rule in identity.table().get("conditional", [])}
    for kind in givens:
        left = [i for i, f in enumerate(ev.fragments) if f.kind == kind and i not in ev.removed]
        if left:
            tiers.append(left)
    return tiers


def _ordered_steps(ev: Evaluator, chosen: set[int], options, weights, advice) -> list[FixStep]:
    steps: list[FixStep] = []
    todo = sorted(chosen, key=lambda i: ev.fragments[i].id)
    if len(todo) > GREEDY_ORDER_LIMIT:
        # Large plans: whole candidates in greedy order, then anything added for the bits.
        order: dict[int, None] = {}
        chosen_mask = _mask(chosen)
        for m in sorted(
            (m for opts in options for m in opts if m and not m & ~chosen_mask), key=lambda m: m.bit_count()
        ):
            order.update(dict.fromkeys(_bits_of(m)))
        order.update(dict.fromkeys(todo))
        todo = list(order)
    current, before = ev.score()
    while todo:
        if len(todo) <= GREEDY_ORDER_LIMIT:
            unit = _best_unit(ev, todo, options, current)
        else:
            unit = [todo[0]]
        # one step per move; its lead is the fragment that lowers the score most on its own
        lead = (
            unit[0]
            if len(unit) == 1
            else min(unit, key=lambda j: (_score_without(ev, [j]), -sum(ev.items[j][1].values()), ev.fragments[j].id))
        )
        for i in unit:
            todo.remove(i)
            ev.remove(i)
        current, after = ev.score()
        broken = sorted(c for c, st in before.items() if st == "satisfied" and after[c] != "satisfied")
        others = [ev.fragments[j] for j in sorted(unit, key=lambda j: ev.fragments[j].id) if j != lead]
        steps.append(_step(ev.fragments[lead], broken, current, advice, others))
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
    that each answer a security question breaks nothing; all of them together do). The biggest drop in
    the score wins, so a move that lowers nothing never comes before one that does; ties go to the
    smaller move."""
    left = _mask(todo)
    allowed = left | _mask(ev.removed)
    units = {(i,) for i in todo}
    for opts in options:
        for m in opts:
            if not m & ~allowed and m & left:
                units.add(tuple(sorted(_bits_of(m & left))))
    best = min(
        units,
        key=lambda u: (-(current - _score_without(ev, list(u))), len(u), [ev.fragments[i].id for i in u]),
    )
    return list(best)


def _step(
    f: Fragment, broken: list[str], score_after: int, advice: dict, together: list[Fragment] | None = None
) -> FixStep:
    """What to do about the kind (advice.json), then where to do it on each network that shows it (the catalogue)."""
    together = together or []
    names = sorted({e.account.split(":", 1)[0] for g in [f, *together] for e in g.evidence})
    by_source = advice.get("sources", {})
    tips = []
    for g in [f, *together]:
        # what a fragment's source says first (a photo's position is no town in a bio), else the kind's advice
        said = [by_source[s] for s in sorted({e.source for e in g.evidence}) if s in by_source]
        if not said or any(e.source not in by_source for e in g.evidence):
            said.insert(0, advice["professional_kinds"].get(g.kind) or advice["kinds"].get(g.kind, advice["default"]))
        tips += said
    if together:
        tips.insert(0, advice["wording"]["together"])
    tips += [t for t in (_network_tip(n, advice) for n in names) if t]
    return FixStep(
        fragment=f.id,
        kind=f.kind,
        value=f.value,
        breaks=tuple(broken),
        where=tuple(f.evidence),
        advice=tuple(dict.fromkeys(tips)),
        score_after=score_after,
        together=tuple(FixPart(g.id, g.kind, g.value, tuple(g.evidence)) for g in together),
    )
