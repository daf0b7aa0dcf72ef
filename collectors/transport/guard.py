"""Refuse requests to loopback, private, link-local and multicast addresses.

Profile text is written by strangers and pivots follow links found in it, so every connection is
checked after DNS resolution, redirects included. Two places do the checking:
- `GuardedTransport`, before a request goes down the stack: IP literals and local names, which need no
  lookup. It sits right under the client, which follows redirects, so every hop passes through it;
- `collectors.transport.connect.GuardedBackend`, when a connection opens: it looks the name up once,
  checks every address (with `refuse_private`, below), and connects to a checked one (so DNS rebinding
  cannot slip in between).
Through a proxy (Tor) only the first applies: the proxy resolves names, and looking them up here would
leak every lookup.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

import httpx

from collectors.transport.errors import PrivateAddressError


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class GuardedTransport(httpx.AsyncBaseTransport):
    """Refuses private literals and local names; answers nothing itself.

    It is the outermost layer, so a refused request costs no stored-answer lookup, no slot and no retry.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, allow_private: bool = False) -> None:
        self._inner = inner
        self._allow_private = allow_private

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._allow_private:
            refusal = _refusal(request.url.host)
            if refusal:
                raise PrivateAddressError(refusal, request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def refuse_private(host: str, addresses: list[str]) -> None:
    """Raise if any address a name resolved to is private (all are checked: a connection may go to any)."""
    for address in addresses:
        if not is_public(address):
            raise PrivateAddressError(
                f"refused: {host} resolves to private address {address} (use --allow-private to permit)"
            )


@lru_cache(maxsize=4096)
def _refusal(host: str) -> str:
    lowered = host.lower().rstrip(".")
    if lowered == "localhost" or lowered.endswith((".localhost", ".local", ".internal")):
        return f"refused: {host} is a local name (use --allow-private to permit)"
    if _is_ip(host) and not is_public(host):
        return f"refused: {host} is a private address (use --allow-private to permit)"
    return ""
