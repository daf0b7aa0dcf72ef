"""How many requests are in flight: at most so many at once, fewer per host, none to a host that asked for a pause."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

import httpx

from collectors.transport.clock import Deadline, retry_after
from collectors.transport.errors import HostPaused, exhausted

# Networks that ask clients to make one request at a time (Lichess API docs; Chess.com: parallel -> 429).
HOST_LIMITS = {"lichess.org": 1, "api.chess.com": 1}
# The least pause a network asks for after a 429, whatever its headers say. Lichess (lichess-org/api,
# doc/specs/lichess-api.yaml, "Rate limiting"): "If you receive an HTTP response with a 429 status, please
# wait a full minute before resuming API usage."
HOST_PAUSES = {"lichess.org": 60.0}


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
        host_pauses: Mapping[str, float] | None = None,
        max_wait: float = 8.0,
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._all = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._host_limits = dict(host_limits or {})
        self._host_pauses = dict(host_pauses or {})
        self._max_wait = max_wait
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._cool_until: dict[str, float] = {}
        self.sent = 0  # requests that got their slots and went down the stack

    def cool_down(self, host: str, seconds: float) -> None:
        """A network asked for a pause (Retry-After on a 429, an exhausted rate-limit window, Stack Exchange's
        `backoff` field): later requests to it wait, up to max_wait; a longer pause is honoured whole, by not
        sending them before then (HostPaused: the check is `unknown`, rate limited), never by asking early."""
        until = time.monotonic() + seconds
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
                if wait > self._max_wait:
                    raise HostPaused(host, wait, request=request)
                if wait > 0:
                    await self._deadline.sleep(wait, request)
            async with self._all:
                self.sent += 1
                response = await self._inner.handle_async_request(request)
            # set before the host's next request can have the slot
            if response.status_code == 429 or exhausted(response):
                delay = max(retry_after(response) or 0.0, self.least_pause(host, response))
                if delay > 0:
                    self.cool_down(host, delay)
        return response

    def least_pause(self, host: str, response: httpx.Response) -> float:
        """The pause a network asks for after a 429 even when its headers name none."""
        return self._host_pauses.get(host, 0.0) if response.status_code == 429 else 0.0

    async def aclose(self) -> None:
        await self._inner.aclose()
