"""Before a scan: is there a network at all? Not a layer: it opens bare TCP connections, through the same
guarded backend every request uses (connect.py), so it reaches no address a request could not."""

from __future__ import annotations

import asyncio

import httpcore
import httpx

from collectors.transport.connect import GuardedBackend
from collectors.transport.errors import DNSError, PrivateAddressError
from collectors.transport.guard import NOTHING, Allowance, InvalidHost, permitted, refusal


async def why_unreachable(
    urls: list[str], proxy: str | None = None, timeout: float = 4.0, allowed: Allowance = NOTHING
) -> str | None:
    """None if at least one host answers a TCP connect; otherwise one sentence saying why not.

    Checked once before a scan so "no network at all" is one clear message, not forty `unknown`s. Through a
    proxy nothing is probed: the proxy reaches the hosts, and looking their names up here would leak them.
    """
    hosts: list[tuple[str, int]] = []
    for url in urls:
        try:
            u = httpx.URL(url)
        except httpx.InvalidURL:
            continue
        hp = (u.host, u.port or (443 if u.scheme == "https" else 80))
        if u.host and hp not in hosts:
            hosts.append(hp)
    if not hosts or proxy:
        return None
    reasons: list[str] = []
    backend = GuardedBackend(allowed)

    async def probe(host: str, port: int) -> bool:
        try:
            why = "" if permitted(host, port, allowed) else refusal(host)
            if why:
                raise PrivateAddressError(why)
            stream = await backend.connect_tcp(host, port, timeout=timeout)
        except PrivateAddressError as exc:
            reasons.append(str(exc))
            return False
        except (DNSError, InvalidHost):
            reasons.append(f"{host}: dns failure")
            return False
        except (httpcore.ConnectError, httpcore.ConnectTimeout, OSError):
            reasons.append(f"{host}: no connection")
            return False
        await stream.aclose()
        return True

    # The first host that answers settles it: the sweep waits on no probe it does not need.
    probes = [asyncio.ensure_future(probe(h, p)) for h, p in hosts[:6]]
    try:
        for answered in asyncio.as_completed(probes):
            if await answered:
                return None
    finally:
        for task in probes:
            task.cancel()
    reasons = sorted(set(reasons))
    return "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
