"""The one HTTP client every collector shares, and the one place its layers are put together.

The client follows redirects, so every hop of a request goes down the whole stack again (outermost first):

    GuardedTransport    refuse private literals and local names           transport/guard.py
    ReplayTransport     answer from the store; record what came back      transport/replay.py  (with a store or --offline)
    RetryTransport      429/502/503/504 and resets; backoff, Retry-After  transport/retry.py
    LimitsTransport     a slot per host and overall; pauses asked for     transport/limits.py
    TimeLimitTransport  hard limit per request, body included             transport/clock.py
    SizeCapTransport    read the body, stop at the size cap               transport/cap.py
    PerHostPool         connections, opened by GuardedBackend (DNS        transport/pool.py, transport/connect.py
                        checked); or the transport handed in (the demo network, a test's mock)

Each layer does one thing and is tested on its own (tests/test_transport_*.py); why each sits where it does
is said in its module. Collectors are handed an `HttpLike` and never build a client of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from collectors.transport.budget import default_concurrency, open_files
from collectors.transport.cap import ACCEPT_ENCODING, SizeCapTransport
from collectors.transport.clock import Deadline, TimeLimitTransport, retry_after
from collectors.transport.errors import (
    DeadlineExceeded,
    DNSError,
    HostPaused,
    OfflineMiss,
    PrivateAddressError,
    ResponseTooLarge,
    describe_error,
    describe_status,
    exhausted,
)
from collectors.transport.guard import NOTHING, Allowance, GuardedTransport, allowance
from collectors.transport.limits import HOST_LIMITS, HOST_PAUSES, LimitsTransport
from collectors.transport.pool import PerHostPool
from collectors.transport.reachable import why_unreachable
from collectors.transport.replay import NO_RECORD, SUBJECT, NoCache, ReplayTransport, ResponseCache, request_key
from collectors.transport.retry import RETRY_STATUSES, RetryTransport

__all__ = [
    "USER_AGENT",
    "HOST_LIMITS",
    "RETRY_STATUSES",
    "HttpConfig",
    "HttpLike",
    "Http",
    "BoundHttp",
    "ResponseCache",
    "network_reachable",
    "describe_error",
    "describe_status",
    "request_key",
    "retry_after",
    "exhausted",
    "HostPaused",
    "open_files",
    "default_concurrency",
    "OfflineMiss",
    "DeadlineExceeded",
    "ResponseTooLarge",
    "PrivateAddressError",
    "DNSError",
    "Allowance",
    "allowance",
]

USER_AGENT = "footprint/0.1 (digital-footprint self-check; +https://github.com/footprint-tool/footprint)"


@dataclass
class HttpConfig:
    timeout: float = 10.0  # seconds for one request, connect to last byte
    concurrency: int | None = None  # requests in flight at once (None: as many as the OS lets us keep sockets open)
    per_host: int = 8
    allowed: Allowance = NOTHING  # (host, port) pairs where private addresses are permitted (--allow-private)
    proxy: str | None = None
    retries: int = 2
    backoff: float = 0.5  # first retry waits about this long, then doubles
    max_wait: float = 8.0  # a Retry-After longer than this is reported, not waited for
    max_body: int = 2_000_000  # bytes
    deadline: float | None = 90.0  # seconds for the whole scan
    offline: bool = False  # answer only from the store
    reuse: float | None = 3600.0  # reuse a stored response at most this old (None: always fetch)
    host_limits: dict[str, int] = field(default_factory=lambda: dict(HOST_LIMITS))
    host_pauses: dict[str, float] = field(default_factory=lambda: dict(HOST_PAUSES))  # least pause after a 429


class HttpLike(Protocol):
    """What a collector may do with the HTTP client it is handed (an Http, or one bound to a handle)."""

    async def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        subject: str = "",
        follow_redirects: bool = True,
        method: str = "GET",
        content: bytes | None = None,
        record: bool = True,
    ) -> httpx.Response: ...

    def bind(self, subject: str) -> HttpLike: ...

    def cool_down(self, host: str, seconds: float) -> None: ...


class Http:
    """The client collectors share: one AsyncClient over the stack of layers above."""

    def __init__(
        self,
        config: HttpConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        cache: ResponseCache | None = None,
        target: str | None = None,
        *,
        store: ResponseCache | None = None,
    ) -> None:
        """`transport` replaces the connections only (every layer above them stays); `store=` is the old name of `cache`."""
        self.config = config = config or HttpConfig()
        cache = cache if cache is not None else store
        deadline = Deadline(config.deadline)
        if transport is None:
            biggest = max([config.per_host, *config.host_limits.values()])
            transport = PerHostPool(config.proxy, biggest, config.allowed)
        timed = TimeLimitTransport(SizeCapTransport(transport, config.max_body), config.timeout, deadline)
        self._limits = LimitsTransport(
            timed,
            deadline,
            concurrency=config.concurrency or default_concurrency(),
            per_host=config.per_host,
            host_limits=config.host_limits,
            host_pauses=config.host_pauses,
            max_wait=config.max_wait,
        )
        self._retry = RetryTransport(
            self._limits,
            deadline,
            retries=config.retries,
            backoff=config.backoff,
            max_wait=config.max_wait,
            host_pauses=config.host_pauses,
        )
        stack: httpx.AsyncBaseTransport = self._retry
        self._replay: ReplayTransport | None = None
        if cache is not None or config.offline:
            stack = self._replay = ReplayTransport(
                stack,
                cache if cache is not None else NoCache(),
                target=target or "",
                offline=config.offline,
                reuse=config.reuse,
            )
        self.client = httpx.AsyncClient(
            transport=GuardedTransport(stack, config.allowed),
            timeout=httpx.Timeout(config.timeout, connect=min(config.timeout, 5.0)),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=True,
            max_redirects=5,
        )

    @property
    def stats(self) -> dict[str, int]:
        """Requests sent to the network (tries included), retries, and answers replayed from the store."""
        return {
            "requests": self._limits.sent,
            "retries": self._retry.retried,
            "from_store": self._replay.hits if self._replay is not None else 0,
        }

    def bind(self, subject: str) -> BoundHttp:
        return BoundHttp(self, subject)

    def cool_down(self, host: str, seconds: float) -> None:
        """A network asked for a pause (e.g. Stack Exchange's `backoff` field): later requests to it wait."""
        self._limits.cool_down(host, seconds)

    async def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        subject: str = "",
        follow_redirects: bool = True,
        method: str = "GET",
        content: bytes | None = None,
        record: bool = True,
    ) -> httpx.Response:
        extensions: dict[str, object] = {SUBJECT: subject} if subject else {}
        if not record:
            extensions[NO_RECORD] = True
        request = self.client.build_request(
            method,
            url,
            params=params,
            headers=headers,
            content=content,
            extensions=extensions or None,
        )
        return await self.client.send(request, follow_redirects=follow_redirects)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> Http:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class BoundHttp:
    """The shared Http, remembering which handle its requests are about (so the store can forget them)."""

    def __init__(self, http: Http, subject: str) -> None:
        self.http = http
        self.subject = subject
        self.config = http.config

    async def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        subject: str = "",
        follow_redirects: bool = True,
        method: str = "GET",
        content: bytes | None = None,
        record: bool = True,
    ) -> httpx.Response:
        return await self.http.get(
            url,
            params=params,
            headers=headers,
            subject=subject or self.subject,
            follow_redirects=follow_redirects,
            method=method,
            content=content,
            record=record,
        )

    def bind(self, subject: str) -> BoundHttp:
        return BoundHttp(self.http, subject)

    def cool_down(self, host: str, seconds: float) -> None:
        self.http.cool_down(host, seconds)


async def network_reachable(urls: list[str], http_config: HttpConfig, timeout: float = 4.0) -> str | None:
    """None if at least one host answers a TCP connect; otherwise one sentence saying why not."""
    return await why_unreachable(urls, http_config.proxy, timeout, http_config.allowed)
