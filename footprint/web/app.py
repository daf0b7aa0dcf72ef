"""`footprint serve`: the live workshop view. A Starlette app that runs a scan in the background and streams
what changes to the page over server-sent events, re-analysing the accounts found so far as each one arrives
(through the one Scanner, like every other command).

Safety: values reach the page masked unless the viewer asked to see them; every response carries a strict CSP;
on a non-loopback address every request needs the access token; nothing is written to disk.
"""
from __future__ import annotations

import asyncio
import functools
import hmac
import json
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from footprint import demo as demo_network
from footprint.handles import InvalidHandle, normalise_handle
from footprint.model import Account, Report, Target
from footprint.scanner import Answered, Event, Scanner
from footprint.settings import ScanSettings
from reports import html_report
from reports import view as views

STATIC = Path(html_report.__file__).parent / "static"
ASSETS = {"footprint.css": "text/css", "graph.js": "text/javascript", "live.js": "text/javascript"}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LISTS = ("accounts", "links", "fragments", "capabilities")
MAX_SCANS = 32  # kept in memory only; the oldest is forgotten first

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
       "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@dataclass
class Scan:
    target: Target
    scanner: Scanner
    id: str = field(default_factory=lambda: secrets.token_urlsafe(9))
    accounts: list[Account] = field(default_factory=list)
    report: Report | None = None
    version: int = 0
    finished: bool = False
    error: str | None = None
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    pace: float = 0.0  # seconds after each account found, so a room can watch the picture build up

    async def run(self) -> None:
        arrivals: asyncio.Queue[Account | None] = asyncio.Queue()

        def heard(event: Event) -> None:
            if isinstance(event, Answered):
                arrivals.put_nowait(event.account)

        async def collecting() -> None:
            try:
                await self.scanner.collect(self.target, on_event=heard)
            finally:
                arrivals.put_nowait(None)

        task = asyncio.create_task(collecting())
        try:
            more = True
            while more:
                batch = [await arrivals.get()]
                while not arrivals.empty() and not (self.pace and any(a and a.status == "found" for a in batch)):
                    batch.append(arrivals.get_nowait())  # analyse once for everything that arrived meanwhile
                more = None not in batch
                self.accounts.extend(a for a in batch if a is not None)
                if any(a is not None for a in batch):
                    report = await self.scanner.analyse_async(self.target, self.accounts)
                    async with self.changed:
                        self.report, self.version = report, self.version + 1
                        self.changed.notify_all()
                    if self.pace and any(a and a.status == "found" for a in batch):
                        await asyncio.sleep(self.pace)
            await task
            if all(a.status == "unknown" for a in self.accounts):
                self.error = "could not reach any network: check the connection, or pick a demo persona"
        except Exception as exc:  # a scan that breaks says so on the page; the server carries on
            self.error = f"the scan stopped: {type(exc).__name__}"
        finally:
            async with self.changed:
                self.finished = True
                self.changed.notify_all()


def _moved(scan: Scan, seen: int) -> bool:
    return scan.version != seen or scan.finished


def diff(prev: dict[str, Any] | None, cur: dict[str, Any]) -> dict[str, Any]:
    """What changed between two views: new or changed items in full, and every list's order by id."""
    out = {k: v for k, v in cur.items() if k not in LISTS}
    out["reset"] = prev is None
    out["changed"], out["order"] = {}, {}
    for key in LISTS:
        old = {x["id"]: x for x in prev[key]} if prev else {}
        out["changed"][key] = [x for x in cur[key] if old.get(x["id"]) != x]
        out["order"][key] = [x["id"] for x in cur[key]]
    return out


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def create_app(
    token: str | None = None,
    loopback: bool = True,
    settings: ScanSettings | None = None,
    personas: dict[str, demo_network.Persona] | None = None,
    pace: float = 0.6,
) -> Starlette:
    people = personas if personas is not None else demo_network.personas()
    real = Scanner(settings or ScanSettings())  # one for every real scan: its checks are planned once
    demo = Scanner(ScanSettings(demo=True), transport=demo_network.DemoTransport(list(people.values())))
    scans: OrderedDict[str, Scan] = OrderedDict()
    tasks: set[asyncio.Task] = set()
    templates = html_report.environment()

    def with_headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    def refused(request: Request) -> Response | None:
        if token is not None:
            given = request.query_params.get("token", "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                return PlainTextResponse("footprint: this view needs the access token printed when it started\n", 403)
        if loopback:
            # A page elsewhere could point its own hostname at 127.0.0.1 (DNS rebinding): only our own names pass.
            host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
            if host not in LOOPBACK:
                return PlainTextResponse("footprint: unexpected Host header\n", 421)
        return None

    async def index(request: Request) -> Response:
        page = templates.get_template("live.html").render(
            personas=[{"id": p.id, "title": p.title} for p in people.values()], token=token or "")
        return HTMLResponse(page)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return PlainTextResponse("not found\n", 404)
        return FileResponse(STATIC / name, media_type=ASSETS[name])

    async def start(request: Request) -> Response:
        # JSON only: a form on another site cannot send it without a CORS preflight, which we never allow.
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": "send JSON"}, 415)
        try:
            body = await request.json()
            assert isinstance(body, dict)
        except Exception:
            return JSONResponse({"error": "send a JSON object"}, 400)
        persona_id, handle = body.get("persona"), body.get("handle")
        if isinstance(persona_id, str) and persona_id:
            persona = people.get(persona_id)
            if persona is None:
                return JSONResponse({"error": "unknown persona"}, 400)
            scan = Scan(Target(persona.handle), demo, pace=pace)
        elif isinstance(handle, str):
            try:
                scan = Scan(Target(normalise_handle(handle)), real)
            except InvalidHandle as exc:
                return JSONResponse({"error": str(exc)}, 400)
        else:
            return JSONResponse({"error": "give a handle or a persona"}, 400)
        scans[scan.id] = scan
        while len(scans) > MAX_SCANS:
            scans.popitem(last=False)
        task = asyncio.create_task(scan.run())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return JSONResponse({"id": scan.id})

    async def events(request: Request) -> Response:
        scan = scans.get(request.path_params["id"])
        if scan is None:
            return PlainTextResponse("no such scan\n", 404)
        redact = request.query_params.get("reveal") != "1"

        async def stream():
            prev, seen = None, 0
            yield sse("hello", {"redacted": redact})
            while True:
                async with scan.changed:
                    await scan.changed.wait_for(functools.partial(_moved, scan, seen))
                    report, version, finished = scan.report, scan.version, scan.finished
                if report is not None and version != seen:
                    cur = views.build(report, redact=redact)
                    yield sse("update", diff(prev, cur))
                    prev, seen = cur, version
                if finished and version == scan.version:
                    yield sse("done", {"error": scan.error})
                    return

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def report_file(request: Request) -> Response:
        scan = scans.get(request.path_params["id"])
        if scan is None or scan.report is None:
            return PlainTextResponse("no such scan\n", 404)
        html = html_report.render(scan.report, redact=request.query_params.get("reveal") != "1")
        return HTMLResponse(html, headers={"Content-Disposition": 'attachment; filename="footprint-report.html"'})

    app = Starlette(routes=[
        Route("/", index),
        Route("/static/{name}", static),
        Route("/api/scans", start, methods=["POST"]),
        Route("/api/scans/{id}/events", events),
        Route("/api/scans/{id}/report.html", report_file),
    ])

    async def guard(scope, receive, send):
        if scope["type"] != "http":
            return await app_inner(scope, receive, send)
        request = Request(scope)
        denied = refused(request)
        if denied is not None:
            return await with_headers(denied)(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in
                           {h.lower() for h in SECURITY_HEADERS}]
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await app_inner(scope, receive, send_with_headers)

    app_inner = app
    return guard  # type: ignore[return-value]
