"""Refuse requests to loopback, private, link-local and multicast addresses.

Profile text is written by strangers and pivots follow links found in it, so every request
(redirects included: they pass through the transport again) is checked after DNS resolution.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket

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
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=DNS_TIMEOUT
        )
    except (OSError, asyncio.TimeoutError) as exc:
        raise DNSError(f"DNS lookup failed for {host}") from exc
    return sorted({info[4][0] for info in infos})


class GuardedTransport(httpx.AsyncBaseTransport):
    """Wraps the real network transport; answers nothing itself."""

    def __init__(self, inner: httpx.AsyncBaseTransport, allow_private: bool = False, via_proxy: bool = False) -> None:
        self._inner = inner
        self._allow_private = allow_private
        # Through a proxy (Tor) names are resolved by the proxy: resolving them here would leak every lookup
        # and fail where only the proxy can resolve. Then only IP literals and local names can be checked.
        self._via_proxy = via_proxy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._allow_private:
            host = request.url.host
            port = request.url.port or (443 if request.url.scheme == "https" else 80)
            if self._via_proxy:
                lowered = host.lower().rstrip(".")
                if lowered == "localhost" or lowered.endswith((".localhost", ".local", ".internal")):
                    raise PrivateAddressError(f"refused: {host} is a local name (use --allow-private to permit)", request=request)
            addresses = [] if self._via_proxy and not _is_ip(host) else await resolve(host, port)
            for address in addresses:
                if not is_public(address):
                    raise PrivateAddressError(
                        f"refused: {host} resolves to private address {address} (use --allow-private to permit)",
                        request=request,
                    )
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
