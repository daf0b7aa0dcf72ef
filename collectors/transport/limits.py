"""How many requests are in flight: at most so many at once, fewer per host, none to a host that asked for a pause."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

import httpx

from collectors.transport.clock import Deadline, retry_after

# Networks that ask clients to make one request at a time (Lichess API docs; Chess.com: parallel -> 429).
HOST_LIMITS = {"lichess.org": 1, "api.chess.com": 1}


class LimitsTransport(httpx.AsyncBaseTransport):
    """A slot per request, held until its body is read (the layers below read it).

    The host's slot is taken first and the shared one last, so a request queueing behind a one-at-a-time
    host, or sitting out a pause, holds none of the shared slots that other sites' requests could use.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        deadline: Deadline,
        *,
        concurrency: int,
        per_host: int,
        host_limits: Mapping[str, int] | None = None,
        max_wait: float = 8.0,
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._all = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._host_limits = dict(host_limits or {})
        self._max_wait = max_wait
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._cool_until: dict[str, float] = {}
        self.sent = 0  # requests that got their slots and went down the stack

    def cool_down(self, host: str, seconds: float) -> None:
        """A network asked for a pause (Retry-After on a 429, Stack Exchange's `backoff` field): later requests
        to it wait. Never longer than max_wait: a longer pause is reported by the retry layer, not sat out."""
        until = time.monotonic() + min(seconds, self._max_wait)
        if until > self._cool_until.get(host, 0.0):
            self._cool_until[host] = until

    def _host(self, host: str) -> asyncio.Semaphore:
        slot = self._hosts.get(host)
        if slot is None:
            slot = self._hosts[host] = asyncio.Semaphore(self._host_limits.get(host, self._per_host))
        return slot

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        async with self._host(host):
            until = self._cool_until.get(host)
            if until is not None:
                wait = until - time.monotonic()
                if wait > 0:
                    await self._deadline.sleep(wait, request)
            async with self._all:
                self.sent += 1
                response = await self._inner.handle_async_request(request)
            if response.status_code == 429:  # set before the host's next request can have the slot
                delay = retry_after(response)
                if delay is not None:
                    self.cool_down(host, delay)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
