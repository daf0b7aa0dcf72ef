"""Record what networks answered, and answer from that record: reuse within an hour, and --offline.

The record is whatever satisfies `ResponseCache` (footprint.store.Store does); collectors never import the
store, they are handed one. Each hop of a redirect is recorded and replayed on its own (the client above
follows the redirects), so a replayed answer has the same final URL and history as the live one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Protocol

import httpx

from collectors.transport.errors import OfflineMiss

# The request extension that says whose handle a request is about, so the store can forget it on request.
SUBJECT = "footprint.subject"
# The request extension that says an answer must not be recorded: an image, whose bytes footprint never keeps.
NO_RECORD = "footprint.no_record"
# Headers worth keeping: what collectors read (the type, a redirect's target, a pause asked for).
_KEPT = frozenset({"content-type", "location", "retry-after"})


class CachedResponse(Protocol):
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def body(self) -> bytes: ...


class ResponseCache(Protocol):
    def response(self, key: str, max_age: float | None = None) -> CachedResponse | None:
        """The newest answer stored for `key`; with max_age, only one at most that many seconds old."""
        ...

    def save_response(
        self, key: str, target: str, subject: str, status: int, headers: dict[str, str], body: bytes
    ) -> None: ...


class NoCache:
    """Nothing stored: with --offline and no store, every request is a miss (and none reaches the network)."""

    def response(self, key: str, max_age: float | None = None) -> CachedResponse | None:
        return None

    def save_response(
        self, key: str, target: str, subject: str, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        pass


def request_key(u: httpx.URL, method: str = "GET", content: bytes | None = None) -> str:
    """The same request asked twice has the same key, whatever order its query parameters came in."""
    query = "&".join(sorted(str(u.query.decode()).split("&"))) if u.query else ""
    key = f"{method} {u.scheme}://{u.netloc.decode().lower()}{u.path}" + (f"?{query}" if query else "")
    return key + (" " + hashlib.sha256(content).hexdigest()[:16] if content else "")


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers from the cache when it may, else asks the layers below and records what they settled on.

    Above the retry layer, so it records the answer after retries, not each try; below the guard, so a
    refused address is refused even offline. 5xx and 429 are never recorded: they say nothing about the
    account, and replaying one would keep a passing outage for the record's whole life.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        cache: ResponseCache,
        *,
        target: str = "",
        offline: bool = False,
        reuse: float | None = 3600.0,
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._target = target
        self._offline = offline
        self._reuse = reuse
        self.hits = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # aread, not .content: the client builds a redirect's request around the first one's body stream, unread
        key = request_key(request.url, request.method, await request.aread())
        if self._offline or self._reuse is not None:
            stored = self._cache.response(key, None if self._offline else self._reuse)
            if stored is not None:
                self.hits += 1
                return httpx.Response(stored.status, headers=stored.headers, content=stored.body, request=request)
        if self._offline:
            raise OfflineMiss("offline: no stored answer for this request", request=request)
        response = await self._inner.handle_async_request(request)
        code = response.status_code
        if code < 500 and code != 429 and not request.extensions.get(NO_RECORD):
            body = await response.aread()
            kept = {k: v for k, v in response.headers.items() if k.lower() in _KEPT}
            subject = str(request.extensions.get(SUBJECT, ""))
            self._cache.save_response(key, self._target or subject, subject or self._target, code, kept, body)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
