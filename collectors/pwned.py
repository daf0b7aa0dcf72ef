"""Pwned Passwords, asked by k-anonymity: only the first five hex characters of the password's SHA-1 leave
the machine, the answer is every breached hash that starts with them (padded with decoys, `Add-Padding`),
and the match is made here. The password itself never reaches this module, only its hash, and the answer is
never recorded in the store (it would tell which five characters were asked)."""

from __future__ import annotations

import re

from collectors.http import HttpLike, describe_status

BASE = "https://api.pwnedpasswords.com"
PREFIX = 5


class PwnedUnavailable(Exception):
    """The range could not be had: one sentence saying why."""


async def breach_count(sha1_hex: str, http: HttpLike, base: str = BASE) -> int:
    """How many times the password with this SHA-1 was seen in breaches (0: not in the corpus)."""
    digest = sha1_hex.upper()
    if not re.fullmatch(r"[0-9A-F]{40}", digest):
        raise ValueError("breach_count wants a SHA-1 as 40 hex characters")
    prefix, suffix = digest[:PREFIX], digest[PREFIX:]
    response = await http.get(f"{base.rstrip('/')}/range/{prefix}", headers={"Add-Padding": "true"}, record=False)
    if response.status_code != 200:
        raise PwnedUnavailable(describe_status(response))
    for line in response.text.splitlines():
        rest, _, count = line.strip().partition(":")
        if rest.upper() == suffix:
            return int(count) if count.strip().isdigit() else 0  # a padding line says 0
    return 0
