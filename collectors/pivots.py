"""Pivots: the handles, emails and profile URLs an account points at, turned into new checks.

Each pivot keeps where it came from (account, field, value) so the identity graph can show the link as evidence.
A pivot never targets a private address: URL pivots only name hosts of known networks or public Mastodon
instances, an IP literal or a local name is refused here, and the transport guard checks every request after DNS.
Which addresses are profiles, and the other names a network goes by, are the catalogue's (footprint/networks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from collectors.transport.guard import public_host
from footprint import networks
from footprint.handles import valid_host
from footprint.model import Account

_SEG = r"([A-Za-z0-9][A-Za-z0-9_.-]{0,60})"
_MASTODON_PATH = re.compile(rf"^/@{_SEG}/?$")
_EMAIL = re.compile(r"(?<![@\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,30})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")


@dataclass(frozen=True)
class Pivot:
    network: str
    handle: str
    via: str  # "github:jess social_accounts:generic https://www.tiktok.com/@jess"


def _instance(host: str) -> bool:
    """A host a fediverse handle may name: a public server name, never an address."""
    return valid_host(host) and public_host(host)


def from_url(url: str) -> tuple[str, str] | None:
    """(network, handle) for a profile URL of a network we know, else None."""
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not public_host(host):
        return None
    if networks.network_at(host):
        return networks.profile_at(host, parts.path, parts.query)
    m = _MASTODON_PATH.match(parts.path)
    if m and valid_host(host):  # https://instance/@user is how every Mastodon profile looks
        return "mastodon", f"{m.group(1)}@{host}"
    return None


def pivots_from(account: Account, known: set[str]) -> list[Pivot]:
    """New checks suggested by a found account, restricted to the networks this scan can check."""
    out: list[Pivot] = []
    for kind, value, source in account.links:
        via = f"{account.id} {source} {value}"
        target: tuple[str, str] | None = None
        if kind == "handle" and ":" in value:
            net, _, name = value.partition(":")
            known_as = networks.find(net)
            net = known_as.name if known_as else net.lower()
            if net == "mastodon" and "@" in name and not _instance(name.rsplit("@", 1)[1]):
                continue
            target = (net, name.lstrip("@"))
        elif kind == "email":
            target = ("gravatar", value.strip().lower())
        elif kind == "url":
            target = from_url(value)
        if target and target[0] in known and target[1] and target != (account.network, account.handle):
            out.append(Pivot(target[0], target[1], via))
    for doc in account.documents:  # fediverse @user@instance mentions in bios
        if doc.source.startswith("field:"):
            for email in _EMAIL.findall(doc.text):
                if "gravatar" in known:
                    out.append(Pivot("gravatar", email.lower(), f"{account.id} {doc.source} {email}"))
            for user, host in _MENTION.findall(doc.text):
                if "mastodon" in known and _instance(host):
                    out.append(Pivot("mastodon", f"{user}@{host}", f"{account.id} {doc.source} @{user}@{host}"))
    return out
