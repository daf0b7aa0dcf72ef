"""The collectors, by network name. Which networks have one, and whether it is a module of its own or the
engine running the network's `api` entry, is the catalogue's to say (footprint/networks)."""

from __future__ import annotations

from collectors.base import Collector
from collectors.bluesky import Bluesky
from collectors.engine import engine_collector
from collectors.github import GitHub
from collectors.gravatar import Gravatar
from collectors.hackernews import HackerNews
from collectors.keybase import Keybase
from collectors.mastodon import Mastodon
from collectors.medium import Medium
from collectors.reddit import Reddit
from collectors.stackexchange import StackExchange
from collectors.telegram import Telegram
from footprint import networks

# Networks with real logic: requests that depend on each other's answers (GitHub, Keybase, Hacker News,
# Mastodon, Bluesky), a lookup key that is not the handle (Gravatar), a search rather than a lookup (Stack
# Exchange), a feed or a page rather than a record (Medium, Telegram), or a token to ask at all (Reddit).
MODULES: dict[str, type[Collector]] = {
    c.network: c
    for c in (GitHub, Keybase, HackerNews, Mastodon, Bluesky, Gravatar, StackExchange, Medium, Telegram, Reddit)
}


def _registry() -> dict[str, type[Collector]]:
    out: dict[str, type[Collector]] = {}
    for network in networks.all():
        if network.collector == "module":
            out[network.name] = MODULES[network.name]
        elif network.collector == "engine":
            out[network.name] = engine_collector(network.name)
    return out


REGISTRY: dict[str, type[Collector]] = _registry()


def build(endpoints: dict[str, str] | None = None, only: list[str] | None = None) -> list[Collector]:
    """Collectors for the named networks (all by default), each pointed at its endpoint override if any."""
    endpoints = endpoints or {}
    unknown = [n for n in [*endpoints, *(only or [])] if n not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown network {unknown[0]!r}; known: {', '.join(sorted(REGISTRY))}")
    names = only or list(REGISTRY)
    return [REGISTRY[name](endpoints.get(name)) for name in names]
