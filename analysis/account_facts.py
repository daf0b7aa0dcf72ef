"""Fragments that come from the accounts themselves rather than from their text: a profile picture, and
the fact that several accounts are openly tied together (both are what a cloned profile copies)."""

from __future__ import annotations

import re

from footprint import networks
from footprint.model import Account, Evidence, Fragment, Link

AVATAR_FIELDS = ("avatar_url", "avatar", "picture", "image", "photo")
# Placeholder pictures the networks show when nobody uploaded one.
DEFAULT_AVATAR = re.compile(r"missing\.png|default|placeholder|identicon|[?&]d=(mp|identicon|retro|blank)", re.I)


def _avatar(account: Account) -> tuple[str, str] | None:
    for name in AVATAR_FIELDS:
        value = account.profile.get(name)
        if isinstance(value, dict):  # e.g. {"url": ...}
            value = value.get("url") or value.get("full")
        if isinstance(value, str) and value.startswith(("http://", "https://")) and not DEFAULT_AVATAR.search(value):
            return name, value
    return None


def account_facts(accounts: list[Account], own: set[str], links: list[Link]) -> list[Fragment]:
    """`own` are the ids of the accounts shown to be the target's."""
    mine = [a for a in accounts if a.id in own and a.status == "found"]
    out: list[Fragment] = []
    for a in mine:
        found = _avatar(a)
        if found:
            name, url = found
            # We cannot see whether the picture is a face, only that one is shown: hence the low confidence.
            out.append(
                Fragment(
                    "photo",
                    f"profile picture on {networks.lookup(a.network).title}",
                    url,
                    [Evidence(a.id, f"field:{name}", url, url=a.url, rule="account-avatar", confidence=0.6)],
                )
            )
    ties = [link for link in links if link.a in own and link.b in own and link.reason != "same-handle"]
    if len(mine) >= 2 and ties:
        ids = sorted(a.id for a in mine)
        out.append(
            Fragment(
                "linked_accounts",
                ", ".join(ids),
                "|".join(ids),
                [
                    Evidence(t.a, f"link:{t.reason}", t.evidence, rule="same-person-link", confidence=t.confidence)
                    for t in ties
                ],
            )
        )
    return out
