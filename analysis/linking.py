"""Which accounts belong to the person behind the target handle. Only on evidence:
- a link from one profile to the other, a Keybase proof or a verified field (Mastodon's rel=me check);
- the same website or email shown on both;
- the same avatar image (same image hash, or the same picture address such as one Gravatar);
- the same display name and the same place, weighted by how rare that name in that place is;
- the same handle, which is weak evidence weighted by how unusual the handle is (its surprisal under a
  character model, after Perito et al., PETS 2011: analysis/handle_model.py).
Everything is found through indexes on the shared value, so no pair of accounts is compared blindly.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace

from analysis import identity
from analysis.account_facts import _avatar
from analysis.handle_model import handle_bits
from footprint.handles import chosen_name
from footprint.model import Account, Fragment, Link

TARGET = "target"
LINK_THRESHOLD = 0.5  # below this a same-person link is shown but not trusted
# Who could have picked the same handle: at most everyone alive (UN WPP 2024: 8.2bn, 32.9 bits).
NAMESPACE_BITS = math.log2(8.2e9)
CONFIDENCE = {"proof": 0.99, "verified": 0.99, "profile-link": 0.95, "shared-contact": 0.9, "same-avatar": 0.9}


def handle_confidence(handle: str) -> float:
    """Chance that two accounts with this handle are one person: 1 / (1 + expected other choosers), with
    expected others = 2^NAMESPACE_BITS x 2^-surprisal."""
    return round(1.0 / (1.0 + 2.0 ** (NAMESPACE_BITS - handle_bits(handle))), 3)


def _norm_url(url: str) -> str:
    return re.sub(r"^[a-z]+://(www\.)?", "", url.strip().casefold()).rstrip("/")


def _identities(account: Account) -> set[str]:
    return {f"{account.network}:{account.handle}".casefold(), _norm_url(account.url)}


def _reason(source: str) -> str:
    if source.startswith("proof:"):
        return "proof"
    if source.startswith(("verified:", "fields:verified:", "verified_accounts:")):  # checked by the network
        return "verified"
    return "profile-link"


def link_accounts(target_handle: str, accounts: list[Account], fragments: list[Fragment] | None = None) -> list[Link]:
    found = [a for a in accounts if a.status == "found"]
    links: list[Link] = []
    base = target_handle.split("@", 1)[0].casefold()
    bits = handle_bits(target_handle)
    for a in found:
        if chosen_name(a.network, a.handle) == base:
            links.append(
                Link(
                    TARGET,
                    a.id,
                    "same-handle",
                    f"the handle {a.handle!r} is {bits:.0f} bits unusual (about one in {2**bits:.2g} handles)",
                    handle_confidence(target_handle),
                )
            )
    links += _pointer_links(found)
    links += _shared_value_links(found, "shared-contact", _contacts)
    links += _shared_value_links(found, "same-avatar", _avatars)
    links += _name_place_links(found, fragments or [])
    return _dedupe(links)


def _pointer_links(found: list[Account]) -> list[Link]:
    by_identity: dict[str, list[Account]] = defaultdict(list)
    for b in found:
        for ident in _identities(b):
            by_identity[ident].append(b)
    out = []
    for a in found:
        for kind, value, source in a.links:
            wanted = value.casefold() if kind == "handle" else _norm_url(value)
            targets = list(by_identity.get(wanted, []))
            if kind == "url":  # a link to a page under the profile (".../jess/sigs/1") points at it too
                parts = wanted.split("/")
                for n in range(len(parts) - 1, 0, -1):
                    targets += by_identity.get("/".join(parts[:n]), [])
            for b in {t.id: t for t in targets}.values():
                if b.id != a.id:
                    reason = _reason(source)
                    out.append(
                        Link(a.id, b.id, reason, f"{a.id} field {source!r} points to {value}", CONFIDENCE[reason])
                    )
    return out


def _contacts(a: Account) -> set[str]:
    return {
        f"{k} {_norm_url(v) if k == 'url' else v.strip().casefold()}" for k, v, _ in a.links if k in ("url", "email")
    }


def _avatars(a: Account) -> set[str]:
    out = set()
    for key in ("avatar_sha256", "avatar_hash"):  # set by collectors that fetch the picture
        if isinstance(a.profile.get(key), str) and a.profile[key]:
            out.add(f"image {a.profile[key].casefold()}")
    found = _avatar(a)
    if found:
        out.add(f"picture {_norm_url(found[1])}")
    return out


def _shared_value_links(found: list[Account], reason: str, values) -> list[Link]:
    index: dict[str, list[Account]] = defaultdict(list)
    for a in found:
        for v in values(a):
            index[v].append(a)
    out = []
    for value, group in sorted(index.items()):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.network != b.network or a.handle != b.handle:
                    out.append(Link(a.id, b.id, reason, f"both show the {value}", CONFIDENCE[reason]))
    return out


def _name_place_links(found: list[Account], fragments: list[Fragment]) -> list[Link]:
    """Same display name and same place, both from profile fields. The chance of a namesake in that place is
    population / 2^(bits of the name + bits of the place)."""
    names: dict[str, dict[str, Fragment]] = defaultdict(dict)
    places: dict[str, dict[str, Fragment]] = defaultdict(dict)
    for f in fragments:
        into = names if f.kind == "full_name" else places if f.kind == "location" else None
        if into is None:
            continue
        for e in f.evidence:
            if e.source.startswith("field:"):
                into[e.account][f.id] = f
    ids = {a.id for a in found}
    index: dict[tuple[str, str], list[tuple[str, Fragment, Fragment]]] = defaultdict(list)
    for account in sorted(ids & names.keys() & places.keys()):
        for n in names[account].values():
            for p in places[account].values():
                town = p.normalized.split(",")[0].strip()
                index[(n.normalized, town)].append((account, n, p))
    out = []
    for (_, town), group in sorted(index.items()):
        accounts = list(dict.fromkeys(g[0] for g in group))
        if len(accounts) < 2:
            continue
        _, n, p = group[0]
        bits = identity.total_bits([n, p])
        others = identity.population() / 2.0**bits
        conf = round(1.0 / (1.0 + others), 3)
        for i, a in enumerate(accounts):
            for b in accounts[i + 1 :]:
                out.append(
                    Link(
                        a,
                        b,
                        "name-and-place",
                        f"both give the name {n.value!r} and the place {town.title()!r}: {bits:.0f} bits, "
                        f"about {others:.2g} namesakes expected there",
                        conf,
                    )
                )
    return out


def _dedupe(links: list[Link]) -> list[Link]:
    seen, out = set(), []
    for link in links:
        key = (link.a, link.b, link.reason)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


def own_accounts(accounts: list[Account], links: list[Link]) -> list[str]:
    """Found accounts joined to the target by same-person links strong enough to trust, in scan order."""
    found = {a.id for a in accounts if a.status == "found"}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link.confidence >= LINK_THRESHOLD and {link.a, link.b} <= found | {TARGET}:
            neighbours[link.a].add(link.b)
            neighbours[link.b].add(link.a)
    reached, todo = {TARGET}, [TARGET]
    while todo:
        for nxt in neighbours[todo.pop()] - reached:
            reached.add(nxt)
            todo.append(nxt)
    return [a.id for a in accounts if a.id in reached and a.status == "found"]


def split_fragments(fragments: list[Fragment], own: set[str]) -> tuple[list[Fragment], list[Fragment]]:
    """Fragments about the target (seen on its own accounts) and the rest, which never feed its capabilities."""
    mine_out, other_out = [], []
    for f in fragments:
        mine = [e for e in f.evidence if e.account in own]
        theirs = [e for e in f.evidence if e.account not in own]
        if not theirs:  # the common case: nothing to split
            mine_out.append(f)
            continue
        if mine:
            mine_out.append(replace(f, evidence=mine))
        other_out.append(replace(f, evidence=theirs))
    return mine_out, other_out
