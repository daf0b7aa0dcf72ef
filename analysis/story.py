"""The story: findings one at a time, in the order a room should see them.

Each of the person's accounts comes after an account (or the target) it is linked to, so a viewer can follow
the chain; then the links that tie it in; then each fragment it shows first. Every step is re-assessed on
what has been revealed so far, so a capability lights at the exact fragment that completes it, and the
score and bits climb as they would for an attacker reading the profiles in that order. The story ends on a
summary: what the pieces add up to, the score, and the one fix that helps most.
"""

from __future__ import annotations

from analysis import identity
from analysis.linking import TARGET
from analysis.risk import assess, score
from footprint.model import Account, Fragment, Report, StoryStep


def steps(report: Report) -> tuple[StoryStep, ...]:
    out: list[StoryStep] = []
    found = _by_link_order(report)
    first_seen: dict[str, str] = {}
    for f in report.fragments:
        accounts = {e.account for e in f.evidence}
        first = next((a.id for a in found if a.id in accounts), None)
        if first is not None:
            first_seen[f.id] = first
    shown: set[str] = {TARGET}
    # The typed handle is known from the start: it feeds capabilities without being a finding of its own.
    revealed: list[Fragment] = [f for f in report.fragments if f.is_bare_handle]
    lit: set[str] = set()
    current = 0
    for a in found:
        out.append(StoryStep("account", a.id, score=current))
        shown.add(a.id)
        for link in report.links:
            # A link to the target is told with its account; links between two accounts are steps of their own.
            if {link.a, link.b} <= shown and a.id in (link.a, link.b) and TARGET not in (link.a, link.b):
                out.append(StoryStep("link", f"{link.a}|{link.b}", score=current))
        for f in report.fragments:
            if first_seen.get(f.id) != a.id or f.is_bare_handle:
                continue
            revealed.append(f)
            ident = identity.measure(revealed)
            results = assess(revealed, ident.bits)
            now = tuple(r.capability.id for r in results if r.satisfied and r.capability.id not in lit)
            lit.update(now)
            current = max(current, score(results, ident.bits))
            out.append(StoryStep("fragment", f.id, now, current, round(float(ident.bits), 1)))
    if out and out[-1].score < report.score:
        # The report's own score has the last word (fragments seen only on accounts told later may weigh more).
        last = out[-1]
        out[-1] = StoryStep(last.kind, last.ref, last.lit, report.score, last.bits)
    if report.guesses and out:  # a demo persona's story shows what a stranger would try first, then the summary
        out.append(StoryStep("guesses", "", score=out[-1].score, bits=out[-1].bits))
    if out:
        best = report.fix_plan[0].fragment if report.fix_plan and not report.fix_plan[0].keep else ""
        bits = round(float(report.identity.bits), 1) if report.identity is not None else None
        out.append(StoryStep("summary", best, (), report.score, bits))
    return tuple(out)


def _by_link_order(report: Report) -> list[Account]:
    """The person's accounts in breadth-first order over trusted links from the target, nearer ones first."""
    own = set(report.own_accounts)
    ranked = {a.id: i for i, a in enumerate(report.accounts)}
    neighbours: dict[str, set[str]] = {}
    for link in report.links:
        if link.a in own | {TARGET} and link.b in own | {TARGET}:
            neighbours.setdefault(link.a, set()).add(link.b)
            neighbours.setdefault(link.b, set()).add(link.a)
    order, seen, frontier = [], {TARGET}, [TARGET]
    while frontier:
        nxt: list[str] = []
        for node in frontier:
            for n in sorted(neighbours.get(node, set()) - seen, key=lambda n: ranked.get(n, 1 << 30)):
                seen.add(n)
                order.append(n)
                nxt.append(n)
        frontier = nxt
    by_id = {a.id: a for a in report.accounts}
    return [by_id[i] for i in order if i in by_id]
