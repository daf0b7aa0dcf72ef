"""The one HTTP layer every collector shares: one AsyncClient, timeouts, a User-Agent, a concurrency limit."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from collectors.guard import DNSError, GuardedTransport, PrivateAddressError

USER_AGENT = "footprint/0.1 (digital-footprint self-check; +https://github.com/footprint-tool/footprint)"


@dataclass
class HttpConfig:
    timeout: float = 10.0
    concurrency: int = 16
    allow_private: bool = False
    proxy: str | None = None


class Http:
    """A thin wrapper so collectors share limits and never build their own client."""

    def __init__(self, config: HttpConfig | None = None, transport: httpx.AsyncBaseTransport | None = None):
        self.config = config or HttpConfig()
        if transport is None:
            transport = GuardedTransport(
                httpx.AsyncHTTPTransport(proxy=self.config.proxy), allow_private=self.config.allow_private
            )
        self.client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(self.config.timeout, connect=min(self.config.timeout, 5.0)),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
            max_redirects=5,
        )
        self._limit = asyncio.Semaphore(self.config.concurrency)

    async def get(self, url: str, **kwargs) -> httpx.Response:
        async with self._limit:
            return await self.client.get(url, **kwargs)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> "Http":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()


def describe_error(exc: Exception) -> str:
    """A short reason for `unknown`, in words a user understands."""
    if isinstance(exc, PrivateAddressError):
        return str(exc)
    if isinstance(exc, DNSError):
        return "dns failure: " + str(exc)
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.ConnectError):
        text = str(exc)
        if "SSL" in text or "CERTIFICATE" in text.upper():
            return "tls error"
        return "connection failed"
    if isinstance(exc, httpx.HTTPError):
        return f"network error: {type(exc).__name__}"
    if isinstance(exc, ValueError):
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
