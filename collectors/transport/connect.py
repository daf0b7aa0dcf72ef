"""How footprint opens a connection: look the name up once, check every address, connect to a checked one.

httpcore lets a client bring its own network backend; this one is plain asyncio. Two reasons:
- Looking a name up twice (once to check it, once to connect) lets a hostile DNS server answer
  "public" to the check and "127.0.0.1" to the connect (DNS rebinding). Here the address that was
  checked is the address connected to.
- A site-list sweep opens hundreds of connections at once; asyncio streams cost about a quarter less
  CPU per request than the general-purpose backend, and the sweep is CPU-bound on small machines.
Through a proxy the proxy does the lookups, so httpcore's own backend is used there (see pool.py).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import httpcore

from collectors.transport.errors import DNSError
from collectors.transport.guard import NOTHING, Allowance, InvalidHost, ip_literal, permitted, refuse_private

DNS_TIMEOUT = 3.0
STAGGER = 0.25  # seconds before trying the next address while one is still connecting (RFC 8305)
_EXTRA = {
    "ssl_object": "ssl_object",
    "client_addr": "sockname",
    "server_addr": "peername",
    "socket": "socket",
}  # httpcore's names -> asyncio's


class Stream(httpcore.AsyncNetworkStream):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout("read timed out") from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc) or type(exc).__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self._writer.write(buffer)
                await self._writer.drain()
        except TimeoutError as exc:
            raise httpcore.WriteTimeout("write timed out") from exc
        except OSError as exc:
            raise httpcore.WriteError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        self._writer.close()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as exc:
            self._writer.close()
            raise httpcore.ConnectTimeout("TLS handshake timed out") from exc
        except OSError as exc:  # ssl.SSLError (a bad certificate too) is an OSError
            self._writer.close()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # asyncio reads the socket itself, so "the server hung up on this idle connection" shows as EOF here
            return self._reader.at_eof() or self._reader.exception() is not None or self._writer.is_closing()
        key = _EXTRA.get(info)
        return self._writer.get_extra_info(key) if key else None


async def resolve(host: str, port: int) -> list[str]:
    try:
        literal = ip_literal(host)
    except InvalidHost as exc:
        raise DNSError(str(exc)) from None
    if literal is not None:
        return [str(literal)]
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.run_in_executor(_lookups(), socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM), timeout=DNS_TIMEOUT
        )
    except (TimeoutError, OSError) as exc:
        raise DNSError(f"DNS lookup failed for {host}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))  # the resolver's order is the preferred order


@lru_cache(maxsize=1)
def _lookups() -> ThreadPoolExecutor:
    """The system resolver blocks, so lookups run in threads. asyncio's shared pool has cores + 4 of them
    (6 on a small laptop): a sweep of hundreds of sites would wait in line for DNS alone."""
    return ThreadPoolExecutor(max_workers=64, thread_name_prefix="footprint-dns")


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's way in for how connections open: here, only to addresses the guard has checked."""

    def __init__(self, allowed: Allowance = NOTHING) -> None:
        self._allowed = allowed

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await resolve(host, port)
                if not permitted(host, port, self._allowed):
                    refuse_private(host, addresses)
                reader, writer = await _first_to_connect(_interleave(addresses), port, local_address)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"connecting to {host} timed out") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        sock = writer.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return Stream(reader, writer)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by footprint")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _interleave(addresses: list[str]) -> list[str]:
    """Alternate address families, keeping the resolver's order within each (RFC 8305 section 4)."""
    if len(addresses) < 2:
        return addresses
    first = ":" in addresses[0]
    same = [a for a in addresses if (":" in a) == first]
    other = [a for a in addresses if (":" in a) != first]
    out: list[str] = []
    for i in range(max(len(same), len(other))):
        out += same[i : i + 1] + other[i : i + 1]
    return out


async def _first_to_connect(
    addresses: list[str], port: int, local_address: str | None
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Happy eyeballs: start the next address every STAGGER seconds until one connects; the rest are dropped."""
    local = (local_address, 0) if local_address else None
    if len(addresses) == 1:
        return await asyncio.open_connection(addresses[0], port, local_addr=local)
    pending: set[asyncio.Task] = set()
    errors: list[OSError] = []
    queue = list(addresses)
    try:
        while queue or pending:
            if queue:
                pending.add(asyncio.ensure_future(asyncio.open_connection(queue.pop(0), port, local_addr=local)))
            done, pending = await asyncio.wait(
                pending, timeout=STAGGER if queue else None, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                if task.exception() is None:
                    return task.result()
                errors.append(task.exception())  # type: ignore[arg-type]
    finally:
        for task in pending:
            task.cancel()
            task.add_done_callback(_close_late_winner)
    raise errors[0] if len(errors) == 1 else OSError(f"all {len(addresses)} addresses failed: {errors[0]}")


def _close_late_winner(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is None:
        task.result()[1].close()
