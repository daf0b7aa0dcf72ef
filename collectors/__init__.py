"""One small module per network. The registry maps a network's name to its collector."""
from __future__ import annotations

from collectors.base import Collector
from collectors.bluesky import Bluesky
from collectors.chesscom import ChessCom
from collectors.codeberg import Codeberg
from collectors.devto import DevTo
from collectors.dockerhub import DockerHub
from collectors.duolingo import Duolingo
from collectors.github import GitHub
from collectors.gitlab import GitLab
from collectors.gravatar import Gravatar
from collectors.hackernews import HackerNews
from collectors.keybase import Keybase
from collectors.lichess import Lichess
from collectors.lobsters import Lobsters
from collectors.mastodon import Mastodon
from collectors.medium import Medium
from collectors.reddit import Reddit
from collectors.stackexchange import StackExchange
from collectors.steam import Steam
from collectors.telegram import Telegram

REGISTRY: dict[str, type[Collector]] = {
    c.network: c
    for c in (GitHub, Keybase, HackerNews, GitLab, Codeberg, Mastodon, Bluesky, Gravatar, DevTo, Lobsters, Lichess,
              ChessCom, StackExchange, Steam, DockerHub, Duolingo, Medium, Telegram, Reddit)
}


def build(endpoints: dict[str, str] | None = None, only: list[str] | None = None) -> list[Collector]:
    """Collectors for the named networks (all by default), each pointed at its endpoint override if any."""
    endpoints = endpoints or {}
    unknown = [n for n in [*endpoints, *(only or [])] if n not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown network {unknown[0]!r}; known: {', '.join(sorted(REGISTRY))}")
    names = only or list(REGISTRY)
    return [REGISTRY[name](endpoints.get(name)) for name in names]
