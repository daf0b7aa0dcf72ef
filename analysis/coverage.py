"""How much a scan could check: the networks asked, those that answered, and why the others did not.

A verdict is only as good as what it looked at, so every view reads this before it reassures anyone."""

from __future__ import annotations

import re
from collections.abc import Iterable

from footprint.model import Account, Coverage

UNKNOWN_SHARE = 0.25  # more than this share of the networks asked still unknown: not enough to vouch for anyone


def reason_key(reason: str) -> str:
    """The kind of failure without its details: 'rate limited (429, retry after 60s)' -> 'rate limited'."""
    head = reason.split(":", 1)[0]
    return re.sub(r"\s*\([^)]*\)", "", head).strip() or "no reason given"


def measure(accounts: Iterable[Account]) -> Coverage:
    by_network: dict[str, list[Account]] = {}
    for a in accounts:
        by_network.setdefault(a.network, []).append(a)
    # a network that could not be asked at all without a token the user did not give is not a failure to check
    skipped = sorted(n for n, accs in by_network.items() if all(a.needs and a.status == "unknown" for a in accs))
    asked = {n: accs for n, accs in by_network.items() if n not in skipped}
    unknown = [n for n, accs in asked.items() if all(a.status == "unknown" for a in accs)]
    reasons: dict[str, int] = {}
    for n in unknown:
        key = reason_key(asked[n][0].reason)
        reasons[key] = reasons.get(key, 0) + 1
    limited = {
        (a.network, a.needs, a.unseen)
        for accs in asked.values()
        for a in accs
        if a.status == "found" and a.needs and a.unseen
    }
    return Coverage(
        networks=len(asked),
        answered=len(asked) - len(unknown),
        unknown=len(unknown),
        reasons=reasons,
        skipped=tuple(skipped),
        enough=bool(asked) and len(unknown) <= UNKNOWN_SHARE * len(asked),
        limited=tuple(sorted(limited)),
    )
