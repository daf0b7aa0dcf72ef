"""One small module per network. The registry maps a network's name to its collector."""
from __future__ import annotations

from collectors.base import Collector
from collectors.github import GitHub
from collectors.hackernews import HackerNews
from collectors.keybase import Keybase

REGISTRY: dict[str, type[Collector]] = {c.network: c for c in (GitHub, Keybase, HackerNews)}


def build(endpoints: dict[str, str] | None = None, only: list[str] | None = None) -> list[Collector]:
    """Collectors for the named networks (all by default), each pointed at its endpoint override if any."""
    endpoints = endpoints or {}
    unknown = [n for n in [*endpoints, *(only or [])] if n not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown network {unknown[0]!r}; known: {', '.join(sorted(REGISTRY))}")
    names = only or list(REGISTRY)
    return [REGISTRY[name](endpoints.get(name)) for name in names]
