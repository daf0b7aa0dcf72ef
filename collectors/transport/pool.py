"""The bottom of the stack: the connections themselves, one small pool per host."""

from __future__ import annotations

import os
import ssl

import httpcore
import httpx

from collectors.transport.budget import most_idle_hosts
from collectors.transport.connect import GuardedBackend
from collectors.transport.guard import NOTHING, Allowance


class PerHostPool(httpx.AsyncBaseTransport):
    """One small connection pool per host.

    A site-list sweep reaches hundreds of hosts. One big pool looks through all its connections for every
    request (cost grows with the square of the concurrency); many small ones stay cheap. They share one TLS
    context. Without a proxy, connections open through the guarded backend (connect.py).
    """

    def __init__(self, proxy: str | None, per_host: int, allowed: Allowance = NOTHING) -> None:
        self._proxy = proxy
        self._most_hosts = most_idle_hosts()
        self._limits = httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host)
        self._pools: dict[tuple[str, str, int | None], httpx.AsyncHTTPTransport] = {}
        self._tls: ssl.SSLContext | None = None
        self._backend = None if proxy else GuardedBackend(allowed)

    def _pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        key = (url.scheme, url.host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            if self._tls is None:
                import certifi

                # SSL_CERT_FILE, as for curl and Python: a school or company network that inspects TLS has its own CA
                self._tls = ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE") or certifi.where())
            pool = self._pools[key] = httpx.AsyncHTTPTransport(
                proxy=self._proxy, verify=self._tls, retries=0, limits=self._limits
            )
            if self._backend is not None:
                # httpx takes no network backend, httpcore does: the same pool as httpx builds, with ours.
                pool._pool = httpcore.AsyncConnectionPool(
                    ssl_context=self._tls,
                    max_connections=self._limits.max_connections,
                    max_keepalive_connections=self._limits.max_keepalive_connections,
                    keepalive_expiry=self._limits.keepalive_expiry,
                    retries=0,
                    network_backend=self._backend,
                )
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if (url.scheme, url.host, url.port) not in self._pools and len(self._pools) >= self._most_hosts:
            await self._close_idle()
        return await self._pool(url).handle_async_request(request)

    async def _close_idle(self) -> None:
        for key, transport in list(self._pools.items()):
            if all(connection.is_idle() for connection in transport._pool.connections):
                del self._pools[key]
                await transport.aclose()

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
