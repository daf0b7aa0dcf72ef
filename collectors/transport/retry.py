"""Ask again when the answer was only "not now": 429, 502, 503, 504, or a connection reset."""

from __future__ import annotations

import random
from collections.abc import Mapping

import httpx

from collectors.transport.clock import Deadline, retry_after

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# A reset before or during the answer is often transient (a server restarting, a middlebox dropping an idle
# connection); anything else a transport raises (refused, timed out, TLS) would only fail the same way again.
RESETS = (httpx.RemoteProtocolError, httpx.ReadError)


class RetryTransport(httpx.AsyncBaseTransport):
    """Up to `retries` more tries, waiting what the server asks (Retry-After, rate-limit headers) or else an
    exponential backoff with jitter, so that many scans do not come back at the same moment.

    It sits above the concurrency limits, so a request waiting to retry holds no slot. A wait longer than
    `max_wait`, or than the scan has left, is not waited for: the last answer goes up as it is, to be
    reported (a 429 says "rate limited"), rather than the scan hanging on it.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        deadline: Deadline,
        *,
        retries: int = 2,
        backoff: float = 0.5,
        max_wait: float = 8.0,
        host_pauses: Mapping[str, float] | None = None,
    ) -> None:
        self._inner = inner
        self._host_pauses = dict(host_pauses or {})  # the least pause after a 429, by host (limits.HOST_PAUSES)
        self._deadline = deadline
        self._retries = retries
        self._backoff = backoff
        self._max_wait = max_wait
        self.retried = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            self._deadline.check(request)
            try:
                response = await self._inner.handle_async_request(request)
            except RESETS:
                if attempt >= self._retries:
                    raise
                delay = self._backoff_after(attempt)
                if not self._fits(delay):
                    raise
            else:
                if response.status_code not in RETRY_STATUSES or attempt >= self._retries:
                    return response
                asked = retry_after(response)
                if response.status_code == 429 and request.url.host in self._host_pauses:
                    asked = max(asked or 0.0, self._host_pauses[request.url.host])
                if asked is not None and asked > self._max_wait:
                    return response
                delay = self._backoff_after(attempt) if asked is None else asked
                if not self._fits(delay):
                    return response
                await response.aclose()
            attempt += 1
            self.retried += 1
            await self._deadline.sleep(delay, request)

    def _backoff_after(self, attempt: int) -> float:
        return self._backoff * (2**attempt) * random.uniform(0.5, 1.5)

    def _fits(self, delay: float) -> bool:
        left = self._deadline.remaining()
        return left is None or delay < left

    async def aclose(self) -> None:
        await self._inner.aclose()
