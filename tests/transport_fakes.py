"""Stand-ins for the layers' neighbours, so each layer of collectors/transport is tested on its own."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx

from collectors.transport.clock import Deadline


class FakeDeadline(Deadline):
    """A scan deadline that records the waits asked of it instead of taking them."""

    def __init__(self, left: float | None = None) -> None:
        super().__init__(None)
        self.left = left
        self.slept: list[float] = []

    def remaining(self) -> float | None:
        return self.left

    async def sleep(self, seconds: float, request: httpx.Request) -> None:
        self.slept.append(seconds)


class Chunks(httpx.AsyncByteStream):
    """A body served `size` bytes at a time, `count` times (None: for ever), `pause` seconds apart; or, with
    `data`, those bytes in one go. As a network body, not yet read (nor decoded)."""

    def __init__(self, size: int = 0, count: int | None = None, pause: float = 0.0, data: bytes | None = None) -> None:
        self.size, self.count, self.pause, self.data = size, count, pause, data
        self.sent = 0
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.data is not None:
            self.sent += 1
            yield self.data
            return
        while self.count is None or self.sent < self.count:
            if self.pause:
                await asyncio.sleep(self.pause)
            self.sent += 1
            yield b"x" * self.size

    async def aclose(self) -> None:
        self.closed = True


class Answers(httpx.AsyncBaseTransport):
    """Answers each request with the next of `answers`: a plain Response (served afresh each time), an
    exception to raise, or a function of the request giving the response itself. The last one repeats.
    Remembers what it was asked."""

    def __init__(self, *answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.seen: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        answer = self.answers[min(len(self.seen), len(self.answers)) - 1]
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content, request=request)


@dataclass
class Stored:
    status: int
    headers: dict[str, str]
    body: bytes


class FakeCache:
    """A ResponseCache in a dict: what was asked, what was saved, and for whom."""

    def __init__(self) -> None:
        self.saved: dict[str, Stored] = {}
        self.who: dict[str, tuple[str, str]] = {}
        self.asked: list[tuple[str, float | None]] = []

    def response(self, key: str, max_age: float | None = None) -> Stored | None:
        self.asked.append((key, max_age))
        return self.saved.get(key)

    def save_response(self, key: str, target: str, subject: str, status: int, headers: dict[str, str],
                      body: bytes) -> None:
        self.saved[key] = Stored(status, dict(headers), body)
        self.who[key] = (target, subject)


def request(url: str = "https://site.example/u/someone", method: str = "GET", **kwargs) -> httpx.Request:
    return httpx.Request(method, url, **kwargs)
