"""Before a scan: is there a network at all? Not a layer; it opens bare TCP connections, nothing more."""

from __future__ import annotations

import asyncio
import socket

import httpx


async def why_unreachable(urls: list[str], proxy: str | None = None, timeout: float = 4.0) -> str | None:
    """None if at least one host answers a TCP connect; otherwise one sentence saying why not.

    Checked once before a scan so "no network at all" is one clear message, not forty `unknown`s. Through a
    proxy nothing is probed: the proxy reaches the hosts, and looking their names up here would leak them.
    """
    hosts: list[tuple[str, int]] = []
    for url in urls:
        u = httpx.URL(url)
        hp = (u.host, u.port or (443 if u.scheme == "https" else 80))
        if hp not in hosts:
            hosts.append(hp)
    if not hosts or proxy:
        return None
    reasons: list[str] = []

    async def probe(host: str, port: int) -> bool:
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        except (TimeoutError, OSError) as exc:
            reasons.append(f"{host}: {'dns failure' if isinstance(exc, socket.gaierror) else 'no connection'}")
            return False
        writer.close()
        return True

    results = await asyncio.gather(*(probe(h, p) for h, p in hosts[:6]))
    if any(results):
        return None
    reasons = sorted(set(reasons))
    return "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
