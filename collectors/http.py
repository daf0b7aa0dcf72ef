"""The one HTTP layer every collector shares.

One AsyncClient; a global and a per-host concurrency limit; a hard time limit per request (body included,
so a server that drips one byte a second cannot hang a scan) and a deadline for the whole scan; retries
with exponential backoff and jitter on 429/502/503/504 honouring Retry-After and rate-limit headers; a
response-size cap; the private-address guard; and the local store for record, reuse and offline replay.
"""
from __future__ import annotations

import asyncio
import email.utils
import hashlib
import os
import random
import socket
import ssl
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import httpcore
import httpx

from collectors.connect import GuardedBackend
from collectors.guard import DNSError, GuardedTransport, PrivateAddressError

USER_AGENT = "footprint/0.1 (digital-footprint self-check; +https://github.com/footprint-tool/footprint)"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Networks that ask clients to make one request at a time (Lichess API docs; Chess.com: parallel -> 429).
HOST_LIMITS = {"lichess.org": 1, "api.chess.com": 1}


@dataclass
class HttpConfig:
    timeout: float = 10.0  # seconds for one request, connect to last byte
    concurrency: int | None = None  # requests in flight at once (None: as many as the OS lets us keep sockets open)
    per_host: int = 8
    allow_private: bool = False
    proxy: str | None = None
    retries: int = 2
    backoff: float = 0.5  # first retry waits about this long, then doubles
    max_wait: float = 8.0  # a Retry-After longer than this is reported, not waited for
    max_body: int = 2_000_000  # bytes
    deadline: float | None = 90.0  # seconds for the whole scan
    offline: bool = False  # answer only from the store
    reuse: float | None = 3600.0  # reuse a stored response at most this old (None: always fetch)
    host_limits: dict[str, int] = field(default_factory=lambda: dict(HOST_LIMITS))


class OfflineMiss(httpx.TransportError):
    """--offline and the store holds no answer for this request."""


class DeadlineExceeded(httpx.TimeoutException):
    """The scan's overall deadline passed."""


class ResponseTooLarge(httpx.HTTPError):
    """The body was bigger than the size cap."""

    def __init__(self, message: str, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self._req = request


@lru_cache(maxsize=1)
def open_files() -> int:
    """How many files (sockets included) this process may hold open, after asking the OS for room: macOS
    starts processes with 256, Linux with 1,024, and a sweep of hundreds of sites needs more."""
    try:
        import resource
    except ImportError:  # Windows has no such per-process limit
        return 2048
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 8192 if hard == resource.RLIM_INFINITY else min(hard, 8192)
    if soft != resource.RLIM_INFINITY and soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            pass
    return 8192 if soft == resource.RLIM_INFINITY else soft


def default_concurrency() -> int:
    """A sweep should have every site's request in flight at once: waiting for a free slot behind fast sites
    is what makes a sweep slow. A quarter of the open-files room each for requests in flight and for idle
    connections kept for reuse (see PerHostPool), since a batch runs a few scans at once."""
    return max(16, min(512, open_files() // 4))


def request_key(u: httpx.URL, method: str = "GET", content: bytes | None = None) -> str:
    query = "&".join(sorted(str(u.query.decode()).split("&"))) if u.query else ""
    key = f"{method} {u.scheme}://{u.netloc.decode().lower()}{u.path}" + (f"?{query}" if query else "")
    return key + (" " + hashlib.sha256(content).hexdigest()[:16] if content else "")


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: Retry-After (seconds or HTTP date) or an exhausted rate-limit window."""
    value = response.headers.get("Retry-After")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError):
            return None
    if response.headers.get("X-RateLimit-Remaining") == "0":
        reset = response.headers.get("X-RateLimit-Reset", "")
        try:
            reset_at = float(reset)
        except ValueError:
            try:
                reset_at = email.utils.parsedate_to_datetime(reset).timestamp()  # Mastodon sends an ISO/HTTP date
            except (TypeError, ValueError):
                return None
        return max(0.0, reset_at - time.time()) if reset_at > 1e9 else reset_at
    return None


class PerHostPool(httpx.AsyncBaseTransport):
    """One small connection pool per host.

    A site-list sweep reaches hundreds of hosts. One big pool looks through all its connections for every
    request (cost grows with the square of the concurrency); many small ones stay cheap. They share one TLS
    context. Without a proxy, connections open through the guarded backend (collectors/connect.py).
    """

    def __init__(self, proxy: str | None, per_host: int, allow_private: bool = False) -> None:
        self._proxy = proxy
        # A sweep leaves an idle connection behind at every site; past this many hosts the idle ones are closed
        self._most_hosts = max(16, open_files() // 4)
        self._limits = httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host)
        self._pools: dict[tuple, httpx.AsyncHTTPTransport] = {}
        self._tls: ssl.SSLContext | None = None
        self._backend = None if proxy else GuardedBackend(allow_private)

    def _pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        key = (url.scheme, url.host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            if self._tls is None:
                import certifi

                # SSL_CERT_FILE, as for curl and Python: a school or company network that inspects TLS has its own CA
                self._tls = ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE") or certifi.where())
            pool = self._pools[key] = httpx.AsyncHTTPTransport(proxy=self._proxy, verify=self._tls, retries=0, limits=self._limits)
            if self._backend is not None:
                # httpx takes no network backend, httpcore does: the same pool as httpx builds, with ours.
                pool._pool = httpcore.AsyncConnectionPool(
                    ssl_context=self._tls, max_connections=self._limits.max_connections,
                    max_keepalive_connections=self._limits.max_keepalive_connections,
                    keepalive_expiry=self._limits.keepalive_expiry, retries=0, network_backend=self._backend)
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


class Http:
    """Collectors share one of these; they never build their own client."""

    def __init__(self, config: HttpConfig | None = None, transport: httpx.AsyncBaseTransport | None = None,
                 store=None, target: str | None = None) -> None:
        self.config = config or HttpConfig()
        if transport is None:
            biggest = max([self.config.per_host, *self.config.host_limits.values()])
            transport = GuardedTransport(PerHostPool(self.config.proxy, biggest, self.config.allow_private),
                                         allow_private=self.config.allow_private)
        self.client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(self.config.timeout, connect=min(self.config.timeout, 5.0)),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
            max_redirects=5,
        )
        self.store = store
        self.target = target or ""
        self._limit = asyncio.Semaphore(self.config.concurrency or default_concurrency())
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._cool_until: dict[str, float] = defaultdict(float)
        self._ends_at = time.monotonic() + self.config.deadline if self.config.deadline else None
        self.stats = {"requests": 0, "retries": 0, "from_store": 0}

    def bind(self, subject: str) -> "BoundHttp":
        return BoundHttp(self, subject)

    def remaining(self) -> float | None:
        return None if self._ends_at is None else self._ends_at - time.monotonic()

    def cool_down(self, host: str, seconds: float) -> None:
        """A network asked for a pause (e.g. Stack Exchange's `backoff` field): later requests to it wait."""
        self._cool_until[host] = max(self._cool_until[host], time.monotonic() + min(seconds, self.config.max_wait))

    def _host_limit(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.config.host_limits.get(host, self.config.per_host))
        return self._hosts[host]

    async def get(self, url: str, *, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
                  subject: str = "", follow_redirects: bool = True, method: str = "GET",
                  content: bytes | None = None) -> httpx.Response:
        parsed = httpx.URL(url).copy_merge_params(params) if params else httpx.URL(url)  # parsed once: a sweep is CPU-bound
        key = request_key(parsed, method, content)
        request = httpx.Request(method, parsed)
        if self.store is not None and (self.config.offline or self.config.reuse is not None):
            stored = self.store.response(key, None if self.config.offline else self.config.reuse)
            if stored is not None:
                self.stats["from_store"] += 1
                return httpx.Response(stored.status, headers=stored.headers, content=stored.body, request=request)
        if self.config.offline:
            raise OfflineMiss("offline: no stored answer for this request", request=request)
        response = await self._fetch(request, headers, follow_redirects, content)
        if self.store is not None and response.status_code < 500 and response.status_code != 429:
            # Record what the network said (200s and definite "no such user"s) for reuse and offline replay.
            kept = {k: v for k, v in response.headers.items() if k.lower() in ("content-type", "location", "retry-after")}
            self.store.save_response(key, self.target or subject, subject or self.target, response.status_code, kept, response.content)
        return response

    async def _fetch(self, request: httpx.Request, headers, follow_redirects, content) -> httpx.Response:
        host = request.url.host
        attempt = 0
        while True:
            self._check_deadline(request)
            async with self._limit, self._host_limit(host):
                wait = self._cool_until[host] - time.monotonic()
                if wait > 0:
                    await self._sleep(wait, request)
                self.stats["requests"] += 1
                try:
                    response = await self._one(request, headers, follow_redirects, content)
                except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                    # A reset mid-response is often transient; try again like a 503, then give up.
                    if attempt >= self.config.retries:
                        raise
                    response, error = None, exc
                else:
                    error = None
            if response is not None and response.status_code not in RETRY_STATUSES:
                return response
            delay = retry_after(response) if response is not None else None
            if delay is not None and response is not None and response.status_code == 429:
                self._cool_until[host] = max(self._cool_until[host], time.monotonic() + min(delay, self.config.max_wait))
            if attempt >= self.config.retries or (delay is not None and delay > self.config.max_wait):
                if response is None:
                    raise error  # type: ignore[misc]
                return response
            if delay is None:
                delay = self.config.backoff * (2 ** attempt) * random.uniform(0.5, 1.5)
            left = self.remaining()
            if left is not None and delay >= left:
                if response is None:
                    raise error  # type: ignore[misc]
                return response
            attempt += 1
            self.stats["retries"] += 1
            await self._sleep(delay, request)

    async def _one(self, request: httpx.Request, headers, follow_redirects, content) -> httpx.Response:
        limit = self.config.timeout
        left = self.remaining()
        if left is not None:
            limit = min(limit, left)
        try:
            async with asyncio.timeout(limit):
                async with self.client.stream(request.method, request.url, headers=headers, content=content,
                                              follow_redirects=follow_redirects) as streamed:
                    chunks, size = [], 0
                    async for chunk in streamed.aiter_bytes():
                        size += len(chunk)
                        if size > self.config.max_body:
                            raise ResponseTooLarge(f"response larger than {self.config.max_body} bytes", request)
                        chunks.append(chunk)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("timed out", request=request) from exc
        drop = {"content-encoding", "content-length", "transfer-encoding"}
        out = httpx.Response(streamed.status_code, headers=[(k, v) for k, v in streamed.headers.multi_items() if k.lower() not in drop],
                             content=b"".join(chunks), request=streamed.request)
        out.history = streamed.history
        return out

    def _check_deadline(self, request: httpx.Request) -> None:
        left = self.remaining()
        if left is not None and left <= 0:
            raise DeadlineExceeded("scan deadline reached", request=request)

    async def _sleep(self, seconds: float, request: httpx.Request) -> None:
        left = self.remaining()
        if left is not None and seconds >= left:
            await asyncio.sleep(max(0.0, left))
            raise DeadlineExceeded("scan deadline reached", request=request)
        await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> "Http":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()


class BoundHttp:
    """The shared Http, remembering which handle its requests are about (so the store can forget them)."""

    def __init__(self, http: Http, subject: str) -> None:
        self.http = http
        self.subject = subject
        self.config = http.config

    async def get(self, url: str, **kwargs) -> httpx.Response:
        kwargs.setdefault("subject", self.subject)
        return await self.http.get(url, **kwargs)

    def bind(self, subject: str) -> "BoundHttp":
        return BoundHttp(self.http, subject)

    def cool_down(self, host: str, seconds: float) -> None:
        self.http.cool_down(host, seconds)


async def network_reachable(urls: list[str], http_config: HttpConfig, timeout: float = 4.0) -> str | None:
    """None if at least one host answers a TCP connect; otherwise one sentence saying why not.

    Checked once before a scan so "no network at all" is one clear message, not forty `unknown`s.
    """
    hosts = []
    for url in urls:
        u = httpx.URL(url)
        hp = (u.host, u.port or (443 if u.scheme == "https" else 80))
        if hp not in hosts:
            hosts.append(hp)
    if not hosts or http_config.proxy:
        return None
    reasons = []

    async def probe(host: str, port: int) -> bool:
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        except (OSError, asyncio.TimeoutError) as exc:
            reasons.append(f"{host}: {'dns failure' if isinstance(exc, socket.gaierror) else 'no connection'}")
            return False
        writer.close()
        return True

    results = await asyncio.gather(*(probe(h, p) for h, p in hosts[:6]))
    if any(results):
        return None
    reasons = sorted(set(reasons))
    return "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")


def describe_error(exc: Exception) -> str:
    """A short reason for `unknown`, in words a user understands."""
    if isinstance(exc, PrivateAddressError):
        return str(exc)
    if isinstance(exc, OfflineMiss):
        return "offline: not in the store (scan once online first)"
    if isinstance(exc, DeadlineExceeded):
        return "scan deadline reached"
    if isinstance(exc, ResponseTooLarge):
        return "response too large"
    if isinstance(exc, DNSError):
        return "dns failure: " + str(exc)
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.ProxyError):
        return "proxy error"
    if isinstance(exc, httpx.ConnectError):
        text = str(exc)
        if "SSL" in text or "CERTIFICATE" in text.upper():
            return "tls error"
        if "Too many open files" in text:
            return "too many open files (this computer's limit, see ulimit -n)"
        return "connection failed"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return "connection reset"
    if isinstance(exc, httpx.HTTPError):
        return f"network error: {type(exc).__name__}"
    if isinstance(exc, (ValueError, KeyError, TypeError, AttributeError)):
        return "malformed response"
    return f"error: {type(exc).__name__}"


def describe_status(response: httpx.Response) -> str:
    code = response.status_code
    if code == 429:
        after = response.headers.get("Retry-After")
        return f"rate limited (429{', retry after ' + after + 's' if after else ''})"
    if code in (401, 403):
        return f"blocked or login required ({code})"
    if code == 999:
        return "blocked (999)"
    if code >= 500:
        return f"server error ({code})"
    return f"unexpected status {code}"
