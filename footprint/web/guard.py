"""What every page footprint serves goes through: the access token off loopback, the Host check against DNS
rebinding, a cap on request bodies, and the security headers (a strict CSP among them) on every response."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = {"localhost"}
MAX_BODY = 4096  # the biggest request footprint takes is a scan request: a handle or a persona, a few dozen bytes
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
_OURS = {h.lower().encode() for h in SECURITY_HEADERS}


class Guard:
    """ASGI middleware in front of the whole app.

    `token`: every request must carry it (`?token=`) when the server is reachable from other devices.
    `hosts`: on loopback, the Host header must name one of these (a page elsewhere could point its own name
    at 127.0.0.1 and read our answers: DNS rebinding)."""

    def __init__(self, app: ASGIApp, token: str | None, hosts: set[str] | None, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.token = token
        self.hosts = {h.lower() for h in hosts} | LOOPBACK_NAMES if hosts is not None else None
        self.max_body = max_body

    def refused(self, request: Request) -> Response | None:
        if self.token is not None:
            given = request.query_params.get("token", "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return PlainTextResponse("footprint: this view needs the access token printed when it started\n", 403)
        if self.hosts is not None:
            host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
            if host not in self.hosts:
                return PlainTextResponse("footprint: unexpected Host header\n", 421)
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        denied = self.refused(Request(scope))
        if denied is None:
            body = await _capped_body(scope, receive, self.max_body)
            if body is None:
                denied = PlainTextResponse("footprint: request too large\n", 413)
            else:
                receive = _replay(body, receive)
        if denied is not None:
            await denied(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)


async def _capped_body(scope: Scope, receive: Receive, limit: int) -> list[Message] | None:
    """The request body's messages, read before any route sees them and never past `limit` bytes (None:
    more than that, declared or sent). Every route is covered, whether or not it reads a body."""
    declared = dict(scope.get("headers") or []).get(b"content-length", b"")
    if declared.strip().isdigit() and int(declared) > limit:
        return None
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A `receive` that hands over the body already read, then whatever comes next (a disconnect)."""
    pending = list(messages)

    async def again() -> Message:
        return pending.pop(0) if pending else await receive()

    return again
