"""The built-in demo network: an httpx transport that answers the real API URLs of each supported
network with API-shaped JSON for fictional personas. No socket is ever opened."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

HERE = Path(__file__).parent


@dataclass
class Persona:
    id: str
    handle: str
    title: str
    summary: str
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    password: str | None = None  # fictional: what "what a stranger would try first" is checked against


FIRST = "jess"  # the workshop persona: first in every list a presenter picks from


@lru_cache(maxsize=1)
def personas() -> dict[str, Persona]:
    out = {}
    for path in sorted((HERE / "personas").glob("*.json"), key=lambda p: (p.stem != FIRST, p.stem)):
        raw = json.loads(path.read_text(encoding="utf-8"))
        out[raw["id"]] = Persona(
            raw["id"], raw["handle"], raw["title"], raw["summary"], raw.get("responses", {}), raw.get("password")
        )
    return out


def persona_for(handle: str) -> Persona | None:
    """The persona a demo scan of `handle` is about (its id or its handle, any case)."""
    wanted = handle.casefold()
    return next((p for p in personas().values() if wanted in (p.id.casefold(), p.handle.casefold())), None)


def _route(url: str) -> tuple[str, str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.netloc.lower(), parts.path, dict(parse_qsl(parts.query))


def _response(spec: dict[str, Any], request: httpx.Request) -> httpx.Response:
    headers = dict(spec.get("headers", {}))
    if "file" in spec:  # a picture the persona shows (footprint/demo/images, made by make_images.py)
        body = (HERE / "images" / spec["file"]).read_bytes()
        return httpx.Response(spec.get("status", 200), content=body, headers=headers, request=request)
    if "json" in spec:  # json.dumps, not httpx's json=, so that a recorded `null` body stays `null`
        headers.setdefault("Content-Type", "application/json")
        return httpx.Response(
            spec.get("status", 200), content=json.dumps(spec["json"]).encode(), headers=headers, request=request
        )
    return httpx.Response(spec.get("status", 200), text=spec.get("text", ""), headers=headers, request=request)


class DemoTransport(httpx.AsyncBaseTransport):
    """Answers every persona's recorded URLs; anything else gets that network's own 'not found'."""

    def __init__(self, chosen: list[Persona] | None = None) -> None:
        self._routes: dict[tuple[str, str], list[tuple[dict[str, str], dict[str, Any]]]] = {}
        for persona in chosen if chosen is not None else personas().values():
            for url, spec in persona.responses.items():
                host, path, query = _route(url)
                self._routes.setdefault((host, path), []).append((query, spec))
        self._not_found = json.loads((HERE / "not_found.json").read_text(encoding="utf-8"))
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        host, path, query = _route(str(request.url))
        for wanted, spec in self._routes.get((host, path), []):
            if all(query.get(k) == v for k, v in wanted.items()):
                return _response(spec, request)
        spec = self._not_found.get(host, {"status": 404, "text": "Not Found"})
        return _response(spec, request)
