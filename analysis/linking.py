"""Which accounts belong to the person behind the target handle. Only on evidence: a link from one
profile to another, a proof, a shared website or email, or a handle unusual enough to be one person's."""
from __future__ import annotations

import re
from footprint.model import Account, Link

TARGET = "target"
LINK_THRESHOLD = 0.5  # below this a same-person link is shown but not trusted
# Roughly how many accounts a big network holds; a handle needs more bits than this to be one person's.
NAMESPACE_BITS = 30.0


def handle_bits(handle: str) -> float:
    """A rough surprisal of a handle: letters are predictable, digits and separators less so."""
    name = handle.split("@", 1)[0]
    letters = sum(c.isalpha() for c in name)
    digits = sum(c.isdigit() for c in name)
    other = len(name) - letters - digits
    return 2.0 + 3.0 * letters + 3.3 * digits + 4.0 * other


def handle_confidence(handle: str) -> float:
    """Chance that two accounts with this handle are the same person (Perito et al., PETS 2011, in spirit)."""
    return round(1.0 / (1.0 + 2.0 ** (NAMESPACE_BITS - handle_bits(handle))), 3)


def _norm_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip().casefold()).rstrip("/")


def _identities(account: Account) -> set[str]:
    return {f"{account.network}:{account.handle}".casefold(), _norm_url(account.url)}


def link_accounts(target_handle: str, accounts: list[Account]) -> list[Link]:
    found = [a for a in accounts if a.status == "found"]
    links: list[Link] = []
    base = target_handle.split("@", 1)[0].casefold()
    for a in found:
        if a.handle.split("@", 1)[0].casefold() == base:
            conf = handle_confidence(target_handle)
            links.append(Link(TARGET, a.id, "same-handle", f"the handle {a.handle!r} is {handle_bits(target_handle):.0f} bits unusual", conf))
    for a in found:
        for kind, value, source in a.links:
            wanted = value.casefold() if kind == "handle" else _norm_url(value)
            for b in found:
                if b is a:
                    continue
                if wanted in _identities(b) or (kind == "url" and wanted.startswith(_norm_url(b.url) + "/")):
                    reason = "proof" if source.startswith("proof:") else "profile-link"
                    conf = 0.99 if reason == "proof" else 0.95
                    links.append(Link(a.id, b.id, reason, f"{a.id} field {source!r} points to {value}", conf))
    for a, b in _pairs(found):
        shared = _shared_contact(a, b)
        if shared:
            links.append(Link(a.id, b.id, "shared-contact", f"both show {shared}", 0.9))
    return links


def _pairs(items):
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            yield a, b


def _shared_contact(a: Account, b: Account) -> str | None:
    av = {(k, _norm_url(v) if k == "url" else v.casefold()) for k, v, _ in a.links if k in ("url", "email")}
    bv = {(k, _norm_url(v) if k == "url" else v.casefold()) for k, v, _ in b.links if k in ("url", "email")}
    common = sorted(av & bv)
    return f"{common[0][0]} {common[0][1]}" if common else None

