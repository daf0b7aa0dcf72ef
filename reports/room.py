"""What a classroom room shows (footprint serve --room): a student's own result, on their own phone, and the words
the presenter's screen puts next to the room's totals.

A student's result is a slim cut of the live view's (reports/view.py), so the masking rules are the same ones:
values arrive masked unless the student asked to see them on their own device. Nothing here ever goes to the
presenter's page; the totals are counted by footprint/web/room.py and carry no values at all.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from footprint.model import Report
from reports import view as views
from reports.wording import linked_count, network_title, plural

WORDS_FILE = Path(__file__).parent / "data" / "room.json"
FIXES_SHOWN = 3  # a 14-year-old acts on three things, not on eleven


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


def _said(source: str) -> str:
    kind, _, rest = source.partition(":")
    if kind == "field" and rest:
        name = rest.split(":", 1)[0]
        return words()["fields"].get(name, name.replace("_", " "))
    return words()["sources"].get(kind, kind.replace("_", " "))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def where(evidence: list[dict[str, Any]]) -> list[str]:
    """Where a fact was seen, in words: ['bio on GitHub, Keybase and Lichess', 'a post on Bluesky']."""
    seen: dict[str, list[str]] = {}
    for e in evidence:
        titles = seen.setdefault(_said(e["source"]), [])
        if (title := network_title(e["network"])) not in titles:
            titles.append(title)
    return [f"{said} on {_and(titles)}" for said, titles in seen.items()]


def _shown(kind: str, value: str) -> str:
    """A fix names what to take off; the list of every linked account is the accounts card's job."""
    return plural(linked_count(value), "account") if kind == "linked_accounts" else value


def _fix(step: dict[str, Any], kinds: list[str], score_before: int) -> dict[str, Any]:
    """One step of the plan, told short: what to do first, where, and what it stops. The plan's other words for
    it (why these go together, a tip per kind) come along as tips."""
    # the plan names a network by its title ("GitHub: Edit or clear it at ..."); older plans by its id
    prefixes = {
        f"{name}: ": w["network"] for w in step["where"] for name in (network_title(w["network"]), w["network"])
    }
    lines, on = [], []
    for line in step["advice"]:
        prefix = next((p for p in prefixes if line.startswith(p)), None)
        if prefix is None:
            lines.append(line)
        elif (how := {"network": network_title(prefixes[prefix]), "how": line[len(prefix) :]}) not in on:
            on.append(how)
    # With fragments that only help together, the plan says why first (our one short line says it here); the
    # step's own advice comes next.
    rest = lines[1:] if step["together"] and len(lines) > 1 else lines
    pieces: dict[str, list[str]] = {step["kind_label"]: [_shown(kinds[0], step["value"])]}
    for p, kind in zip(step["together"], kinds[1:], strict=True):
        pieces.setdefault(p["kind_label"], []).append(_shown(kind, p["value"]))
    return {
        "headline": rest[0] if rest else "",
        "pieces": [{"label": label, "values": values} for label, values in pieces.items()],
        "together": words()["together"] if step["together"] else "",
        "tips": rest[1:],
        "on": on,
        "breaks": step["breaks"],
        "score_before": score_before,
        "score_after": step["score_after"],
    }


def student_view(report: Report, redact: bool = True) -> dict[str, Any]:
    """One student's result: what it unlocks, the first fixes, what their accounts show (and where), the accounts,
    and how much could be checked. Masked unless `redact` is off."""
    view = views.build(report, redact=redact)
    found = [a for a in view["accounts"] if a["status"] == "found"]
    fixes, before = [], view["score"]
    for step, planned in zip(view["fix_plan"][:FIXES_SHOWN], report.fix_plan, strict=False):
        fixes.append(_fix(step, [planned.kind, *(p.kind for p in planned.together)], before))
        before = step["score_after"]
    coverage = view["coverage"] or {}
    unchecked = sorted(
        {network_title(a.network) for a in report.accounts if a.status == "unknown" and not a.needs}
        - {network_title(a.network) for a in report.accounts if a.status != "unknown"}
    )
    capabilities = sorted(view["capabilities"], key=lambda c: -c["severity"])
    return {
        "target": view["target"],
        "redacted": redact,
        "score": view["score"],
        "accounts": [
            {"network": network_title(a["network"]), "handle": a["handle"], "url": a["url"]}
            for a in found
            if a["linked"]
        ],
        # the accounts list says it better than a fragment listing them all
        "tied": any(f["kind"] == "linked_accounts" for f in view["fragments"]),
        "maybe_others": sum(1 for a in found if not a["linked"]),
        "fragments": [
            {"label": f["kind_label"], "value": f["value"], "where": where(f["evidence"])}
            for f in view["fragments"]
            if f["kind"] != "linked_accounts"
        ],
        "unlocked": [
            {"title": c["title"], "explanation": c["explanation"]} for c in capabilities if c["state"] == "satisfied"
        ],
        "nearly": [c["title"] for c in capabilities if c["state"] == "near_miss"],
        "fixes": fixes,
        "more_fixes": max(0, len(view["fix_plan"]) - FIXES_SHOWN),
        "checked": {
            "networks": coverage.get("networks", 0),
            "answered": coverage.get("answered", 0),
            "enough": coverage.get("enough", False),
            "shortfall": coverage.get("shortfall", ""),
            "unchecked": unchecked,
            "limited": any(a.status == "unknown" and a.reason.startswith("rate limited") for a in report.accounts),
        },
    }


def one_line(explanation: str) -> str:
    """A capability's explanation is two sentences; the big screen has room for the first."""
    head, dot, _ = explanation.partition(". ")
    return head + dot.strip() if dot else explanation


def capabilities(report: Report) -> list[dict[str, Any]]:
    """Every capability the risk model knows (any report carries them all), for the presenter's totals."""
    return [
        {
            "id": c.capability.id,
            "title": c.capability.title,
            "explanation": one_line(c.capability.explanation),
            "severity": c.capability.severity,
        }
        for c in report.capabilities
    ]
