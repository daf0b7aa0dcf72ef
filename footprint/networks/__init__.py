"""The network catalogue: everything footprint knows about each network, one JSON file per network here.

How to ask it, which field maps to which kind, its profile address and the addresses that point at it,
whether it is professional or personal, what a logged-out visitor sees and how to change each field there.
index.json says what each key means and in which order scans ask the networks.

This is ground floor: it imports the standard library and footprint.model, nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from footprint.model import KINDS

HERE = Path(__file__).parent
Role = Literal["professional", "personal"]
# What a field may map to besides a fragment kind: a display name, split into full or first name by its
# words, or free text for the extraction pipeline.
FIELD_ROUTES = frozenset({"name", "text"})
HANDLE = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,60}"
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return _EMPTY


_KEYS = frozenset(
    {
        "name",
        "title",
        "role",
        "open",
        "sees",
        "complete",
        "settings",
        "advice",
        "profile",
        "profile_urls",
        "handle_pattern",
        "aliases",
        "default_domain",
        "collector",
        "base",
        "fields",
        "labels",
        "export_fields",
        "site",
        "api",
        "status_reasons",
        "options",
    }
)


class CatalogueError(ValueError):
    """A network file that does not say what the catalogue needs."""


@dataclass(frozen=True, eq=False)
class Network:
    """One network, as its file describes it. Mappings are read-only; `site`, `api` and `options` are nested
    read-only data (see thaw)."""

    name: str
    title: str
    role: Role = "personal"
    open: bool = True
    sees: str = ""
    complete: Mapping[str, str] = field(default_factory=_empty)
    settings: str = ""
    advice: str = ""
    profile: str = ""
    profile_urls: tuple[str, ...] = ()
    handle_pattern: str = HANDLE
    aliases: tuple[str, ...] = ()
    default_domain: str = ""
    collector: Literal["module", "engine", ""] = ""
    base: str = ""
    fields: Mapping[str, str] = field(default_factory=_empty)
    labels: Mapping[str, str] = field(default_factory=_empty)
    export_fields: Mapping[str, str] = field(default_factory=_empty)
    site: Mapping[str, Any] | None = None
    api: Mapping[str, Any] | None = None
    status_reasons: Mapping[str, str] = field(default_factory=_empty)
    options: Mapping[str, Any] = field(default_factory=_empty)
    known: bool = True  # False for the stand-in given for a network footprint has no file for

    def profile_url(self, handle: str) -> str:
        return self.profile.format(handle=handle)

    def refusal(self) -> str:
        """What this network says to every logged-out program, when it refuses them all (401 or 403)."""
        return next((self.status_reasons[c] for c in ("401", "403") if c in self.status_reasons), "")

    def label(self, field: str) -> str:
        """How evidence names a field: its label, else the field's own name."""
        return self.labels.get(field, field)

    @property
    def labelled_fields(self) -> dict[str, str]:
        """API field -> label, in the file's order (the order a profile's documents come in)."""
        return {f: self.label(f) for f in self.fields}

    @property
    def field_kinds(self) -> Mapping[str, str]:
        """Every field this network's documents may carry -> its kind, API and data-download fields alike."""
        return _field_kinds(self)


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain dicts and lists again, for code that wants JSON-shaped data (a site-list entry)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def _check_kinds(name: str, what: str, mapping: Mapping[str, str]) -> None:
    for key, kind in mapping.items():
        if kind not in KINDS and kind not in FIELD_ROUTES:
            raise CatalogueError(f"{name}.json: {what} {key!r} maps to {kind!r}, which is not a fragment kind")


def _network(raw: dict[str, Any], path: Path) -> Network:
    unknown = sorted(k for k in raw if not k.startswith("_") and k not in _KEYS)
    if unknown or raw.get("name") != path.stem or "title" not in raw:
        raise CatalogueError(f"{path.name}: needs 'name' ({path.stem!r}) and 'title'; unknown keys: {unknown}")
    data = {k: v for k, v in raw.items() if k in _KEYS}
    for key in ("profile_urls", "aliases"):
        data[key] = tuple(data.get(key, ()))
    for key in ("complete", "fields", "labels", "export_fields", "site", "api", "status_reasons", "options"):
        if key in data:
            data[key] = _freeze(data[key])
    network = Network(**data)
    _check_kinds(network.name, "field", network.fields)
    _check_kinds(network.name, "export field", network.export_fields)
    return network


@lru_cache(maxsize=1)
def _index() -> dict[str, Any]:
    return json.loads((HERE / "index.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _catalogue() -> tuple[tuple[Network, ...], Mapping[str, Network]]:
    """Every network in scan order, and each one by its name and by its aliases."""
    order = _index()["order"]
    files = {p.stem: p for p in HERE.glob("*.json") if p.name != "index.json"}
    if set(order) != set(files) or len(order) != len(files):
        raise CatalogueError(f"index.json 'order' and the network files differ: {sorted(set(order) ^ set(files))}")
    networks = tuple(_network(json.loads(files[n].read_text(encoding="utf-8")), files[n]) for n in order)
    by_name: dict[str, Network] = {n.name: n for n in networks}
    for n in networks:
        for alias in n.aliases:
            if by_name.setdefault(alias, n) is not n:
                raise CatalogueError(f"{n.name}.json: alias {alias!r} is already {by_name[alias].name}")
    return networks, MappingProxyType(by_name)


def all() -> tuple[Network, ...]:
    """Every network in the catalogue, in the order scans ask them. (It shadows builtins.all in this module,
    which does not use it; elsewhere it is always networks.all().)"""
    return _catalogue()[0]


def get(name: str) -> Network:
    """The network of this name; KeyError when the catalogue has no such file."""
    network = _catalogue()[1].get(name)
    if network is None or network.name != name:
        raise KeyError(name)
    return network


def find(name: str) -> Network | None:
    """The network of this name or alias (twitter is x), else None."""
    return _catalogue()[1].get(name.lower())


def lookup(name: str) -> Network:
    """find(), or for a network footprint has no file for (one from the community site list) a stand-in
    with what index.json says to assume about it."""
    found = find(name)
    if found is not None:
        return found
    return _stand_in(name)


@lru_cache(maxsize=256)
def _stand_in(name: str) -> Network:
    return Network(name=name, title=name, known=False, **_index()["unknown"])


@lru_cache(maxsize=64)
def _field_kinds(network: Network) -> Mapping[str, str]:
    return MappingProxyType({**network.export_fields, **network.fields})


# --- profile addresses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pattern:
    network: str
    exact: re.Pattern[str]  # the profile page itself (pivots follow these)
    within: re.Pattern[str]  # the profile or a page under it (the review reads these)
    query: str | None  # the handle is this query parameter's value


def _compile(network: Network, spec: str) -> tuple[str, _Pattern]:
    host, slash, rest = spec.partition("/")
    path, _, query = ("/" + rest).partition("?")
    handle = f"({network.handle_pattern})"
    if query:  # news.ycombinator.com/user?id={handle}
        param, _, value = query.partition("=")
        if value != "{handle}":
            raise CatalogueError(f"{network.name}.json: profile url {spec!r} needs ?param={{handle}}")
        exact = re.compile(re.escape(path) + "$")
        return host, _Pattern(network.name, exact, exact, param)
    before, found, after = path.partition("{handle}")
    if not slash or not found:
        raise CatalogueError(f"{network.name}.json: profile url {spec!r} needs host/path with {{handle}}")
    head = "^" + re.escape(before) + handle + re.escape(after)
    return host, _Pattern(network.name, re.compile(head + "/?$"), re.compile(head + "(?:/|$)"), None)


@lru_cache(maxsize=1)
def _patterns() -> Mapping[str, tuple[_Pattern, ...]]:
    by_host: dict[str, list[_Pattern]] = {}
    owner: dict[str, str] = {}
    for network in all():
        for spec in network.profile_urls:
            host, pattern = _compile(network, spec)
            if owner.setdefault(host, network.name) != network.name:
                raise CatalogueError(f"{network.name}.json: host {host} is already {owner[host]}'s")
            by_host.setdefault(host, []).append(pattern)
    return MappingProxyType({h: tuple(p) for h, p in by_host.items()})


@lru_cache(maxsize=1)
def _reserved() -> frozenset[str]:
    return frozenset(_index()["reserved_paths"])


def bare_host(host: str) -> str:
    """A host without its www. and m. (mobile) prefixes, as profile_urls name it."""
    host = host.lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    return host[2:] if host.startswith("m.") else host


def network_at(host: str) -> str | None:
    """The network whose profiles live on this host, if any."""
    patterns = _patterns().get(bare_host(host))
    return patterns[0].network if patterns else None


def profile_at(host: str, path: str, query: str = "", within: bool = False) -> tuple[str, str] | None:
    """(network, handle) when host, path and query are a profile address in the catalogue. `within` also
    accepts pages under a profile (github.com/jess/project is jess's)."""
    for pattern in _patterns().get(bare_host(host), ()):
        if pattern.query is not None:
            if pattern.exact.match(path):
                value = (parse_qs(query).get(pattern.query) or [""])[0]
                if re.fullmatch(get(pattern.network).handle_pattern, value):
                    return pattern.network, value
            continue
        m = (pattern.within if within else pattern.exact).match(path)
        if m and m.group(1).lower() not in _reserved():
            return pattern.network, m.group(1)
    return None


def profile_from_url(url: str, within: bool = False) -> tuple[str, str] | None:
    """(network, handle) for an address of a profile in the catalogue, else None. No check that the host is
    public: callers that will fetch something check that themselves."""
    try:
        parts = urlsplit(url if "//" in url else "https://" + url)
        host = parts.hostname or ""
    except ValueError:
        return None
    return profile_at(host, parts.path, parts.query, within)


__all__ = [
    "CatalogueError",
    "Network",
    "all",
    "bare_host",
    "find",
    "get",
    "lookup",
    "network_at",
    "profile_at",
    "profile_from_url",
    "thaw",
]
