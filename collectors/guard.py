"""Refuse requests to loopback, private, link-local and multicast addresses.

Profile text is written by strangers and pivots follow links found in it, so every connection is
checked after DNS resolution, redirects included. Two places do the checking:
- `GuardedTransport`, before a request leaves: IP literals and local names, which need no lookup;
- `collectors.connect.GuardedBackend`, when a connection opens: it looks the name up once, checks
  every address, and connects to a checked one (so DNS rebinding cannot slip in between).
Through a proxy (Tor) only the first applies: the proxy resolves names, and looking them up here would
leak every lookup.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import httpx

DNS_TIMEOUT = 3.0


class PrivateAddressError(httpx.TransportError):
    """A request would have gone to an address inside a private network."""


class DNSError(httpx.ConnectError):
    """The host name could not be resolved."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


async def resolve(host: str, port: int) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.run_in_executor(_lookups(), socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM), timeout=DNS_TIMEOUT
        )
    except (OSError, asyncio.TimeoutError) as exc:
        raise DNSError(f"DNS lookup failed for {host}") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))  # the resolver's order is the preferred order


@lru_cache(maxsize=1)
def _lookups() -> ThreadPoolExecutor:
    """The system resolver blocks, so lookups run in threads. asyncio's shared pool has cores + 4 of them
    (6 on a small laptop): a sweep of hundreds of sites would wait in line for DNS alone."""
    return ThreadPoolExecutor(max_workers=64, thread_name_prefix="footprint-dns")


class GuardedTransport(httpx.AsyncBaseTransport):
    """Wraps the real network transport; answers nothing itself."""

    def __init__(self, inner: httpx.AsyncBaseTransport, allow_private: bool = False) -> None:
        self._inner = inner
        self._allow_private = allow_private

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._allow_private:
            refusal = _refusal(request.url.host)
            if refusal:
                raise PrivateAddressError(refusal, request=request)
        try:
            return await self._inner.handle_async_request(request)
        except httpx.RequestError as exc:
            try:
                exc.request
            except RuntimeError:  # raised while connecting, where the request is not known
                exc.request = request
            raise

    async def aclose(self) -> None:
        await self._inner.aclose()


def refuse_private(host: str, addresses: list[str]) -> None:
    """Raise if any address a name resolved to is private (all are checked: a connection may go to any)."""
    for address in addresses:
        if not is_public(address):
            raise PrivateAddressError(f"refused: {host} resolves to private address {address} (use --allow-private to permit)")


@lru_cache(maxsize=4096)
def _refusal(host: str) -> str:
    lowered = host.lower().rstrip(".")
    if lowered == "localhost" or lowered.endswith((".localhost", ".local", ".internal")):
        return f"refused: {host} is a local name (use --allow-private to permit)"
    if _is_ip(host) and not is_public(host):
        return f"refused: {host} is a private address (use --allow-private to permit)"
    return ""
