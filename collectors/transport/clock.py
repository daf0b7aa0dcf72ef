"""Time: the scan's deadline, which several layers watch, the pauses servers ask for, and the hard limit on one request."""

from __future__ import annotations

import asyncio
import email.utils
import time
from datetime import UTC, datetime

import httpx

from collectors.transport.errors import DeadlineExceeded, exhausted, number


class Deadline:
    """The end of the whole scan (None: no end), shared by every layer that waits.

    Waiting goes through `sleep` so that no layer sleeps past the end, and so tests can stand in a clock
    that records the waits instead of taking them.
    """

    def __init__(self, seconds: float | None) -> None:
        self._ends_at = time.monotonic() + seconds if seconds else None

    def remaining(self) -> float | None:
        return None if self._ends_at is None else self._ends_at - time.monotonic()

    def check(self, request: httpx.Request) -> None:
        left = self.remaining()
        if left is not None and left <= 0:
            raise DeadlineExceeded("scan deadline reached", request=request)

    async def sleep(self, seconds: float, request: httpx.Request) -> None:
        """Wait, or raise at the deadline if the wait would outlast it (no point waking up to a finished scan)."""
        left = self.remaining()
        if left is not None and seconds >= left:
            await asyncio.sleep(max(0.0, left))
            raise DeadlineExceeded("scan deadline reached", request=request)
        await asyncio.sleep(seconds)


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait, in every form the networks send it: Retry-After as seconds or an
    HTTP date (RFC 9110 section 10.2.3), or an exhausted rate-limit window whose X-RateLimit-Reset is a Unix
    time (GitHub), seconds from now (Reddit) or an ISO 8601 time (Mastodon)."""
    value = response.headers.get("Retry-After")
    if value:
        seconds = number(value)
        if seconds is not None:
            return max(0.0, seconds)
        when = _timestamp(value.strip())
        return None if when is None else max(0.0, when - time.time())
    if not exhausted(response):
        return None
    reset = response.headers.get("X-RateLimit-Reset", "")
    reset_at = number(reset)
    if reset_at is None:
        reset_at = _timestamp(reset.strip())
        if reset_at is None:
            return None
    # A reset far above any sensible wait is a Unix time (GitHub, Mastodon), else seconds from now (Reddit)
    return max(0.0, reset_at - time.time()) if reset_at > 1e9 else reset_at


def _timestamp(value: str) -> float | None:
    """An HTTP date or an ISO 8601 time, as a Unix time."""
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        pass
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


class TimeLimitTransport(httpx.AsyncBaseTransport):
    """A hard limit on one request, connect to last byte, cut short by the scan's deadline.

    httpx's own timeouts are per operation (a server that drips one byte every few seconds never trips
    them); this one is wall time. It must sit above the layer that reads the body (cap.py) so that the
    body is inside it, and below the concurrency limits so that queueing for a slot is not counted.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, seconds: float, deadline: Deadline) -> None:
        self._inner = inner
        self._seconds = seconds
        self._deadline = deadline

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limit = self._seconds
        left = self._deadline.remaining()
        if left is not None:
            limit = min(limit, left)
        try:
            async with asyncio.timeout(limit):
                return await self._inner.handle_async_request(request)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("timed out", request=request) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()
