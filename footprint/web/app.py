"""`footprint serve`: the live workshop view. Runs a scan in the background and streams what changes to the
page over server-sent events, re-analysing the accounts found so far as each one arrives (through the one
Scanner, like every other command).

Safety: values reach the page masked unless the viewer asked to see them; footprint/web/guard.py checks every
request and adds a strict CSP to every response; nothing is written to disk.
"""

from __future__ import annotations

import asyncio
import functools
import json
import secrets
from collections import OrderedDict
from collections.abc import AsyncIterator
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
from footprint.web.guard import Guard
from reports import html_report, wording
from reports import view as views

STATIC = Path(html_report.__file__).parent / "static"
ASSETS = {"footprint.css": "text/css", "graph.js": "text/javascript", "live.js": "text/javascript"}
LISTS = ("accounts", "links", "fragments", "capabilities")
MAX_SCANS = 32  # kept in memory only; the oldest is forgotten first


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


def static_file(name: str, assets: dict[str, str]) -> Response:
    """One of the page's own files, by name from `assets` only: nothing else under static/ is served."""
    if name not in assets:
        return PlainTextResponse("not found\n", 404)
    return FileResponse(STATIC / name, media_type=assets[name])


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class LiveView:
    """The routes of the live view, and the scans it keeps in memory (the oldest forgotten first)."""

    def __init__(
        self, settings: ScanSettings | None, people: dict[str, demo_network.Persona], pace: float, token: str | None
    ) -> None:
        self.people = people
        self.pace = pace
        self.token = token
        self.real = Scanner(settings or ScanSettings())  # one for every real scan: its checks are planned once
        self.demo = Scanner(ScanSettings(demo=True), transport=demo_network.DemoTransport(list(people.values())))
        self.scans: OrderedDict[str, Scan] = OrderedDict()
        self.tasks: set[asyncio.Task[None]] = set()

    def routes(self) -> list[Route]:
        return [
            Route("/", self.index),
            Route("/static/{name}", self.static),
            Route("/api/scans", self.start, methods=["POST"]),
            Route("/api/scans/{id}/events", self.events),
            Route("/api/scans/{id}/report.html", self.report_file),
        ]

    async def index(self, request: Request) -> Response:
        page = (
            html_report.environment()
            .get_template("live.html")
            .render(
                personas=[{"id": p.id, "title": p.title} for p in self.people.values()],
                token=self.token or "",
                words=wording.table()["live"],
            )
        )
        return HTMLResponse(page)

    async def static(self, request: Request) -> Response:
        return static_file(request.path_params["name"], ASSETS)

    async def start(self, request: Request) -> Response:
        # JSON only: a form on another site cannot send it without a CORS preflight, which we never allow.
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": "send JSON"}, 415)
        body = await read_json(request)
        if not isinstance(body, dict):
            return JSONResponse({"error": "send a JSON object"}, 400)
        scan = self._scan_for(body)
        if isinstance(scan, str):
            return JSONResponse({"error": scan}, 400)
        self.scans[scan.id] = scan
        while len(self.scans) > MAX_SCANS:
            self.scans.popitem(last=False)
        task = asyncio.create_task(scan.run())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return JSONResponse({"id": scan.id})

    def _scan_for(self, body: dict[str, Any]) -> Scan | str:
        """The scan a request asks for, or why it cannot be had."""
        persona_id, handle = body.get("persona"), body.get("handle")
        if isinstance(persona_id, str) and persona_id:
            persona = self.people.get(persona_id)
            if persona is None:
                return "unknown persona"
            return Scan(Target(persona.handle), self.demo, pace=self.pace)
        if isinstance(handle, str):
            try:
                return Scan(Target(normalise_handle(handle)), self.real)
            except InvalidHandle as exc:
                return str(exc)
        return "give a handle or a persona"

    async def events(self, request: Request) -> Response:
        scan = self.scans.get(request.path_params["id"])
        if scan is None:
            return PlainTextResponse("no such scan\n", 404)
        redact = request.query_params.get("reveal") != "1"
        return StreamingResponse(_stream(scan, redact), media_type="text/event-stream")

    async def report_file(self, request: Request) -> Response:
        scan = self.scans.get(request.path_params["id"])
        if scan is None or scan.report is None:
            return PlainTextResponse("no such scan\n", 404)
        html = html_report.render(scan.report, redact=request.query_params.get("reveal") != "1")
        return HTMLResponse(html, headers={"Content-Disposition": 'attachment; filename="footprint-report.html"'})


async def _stream(scan: Scan, redact: bool) -> AsyncIterator[str]:
    prev, seen = None, 0
    yield sse("hello", {"redacted": redact})
    while True:
        async with scan.changed:
            await scan.changed.wait_for(functools.partial(_moved, scan, seen))
            report, version, finished = scan.report, scan.version, scan.finished
        if report is not None and version != seen:
            cur = views.build(report, redact=redact, live=True)
            yield sse("update", diff(prev, cur))
            prev, seen = cur, version
        if finished and version == scan.version:
            yield sse("done", {"error": scan.error})
            return


async def read_json(request: Request) -> Any:
    """The request's JSON body (the guard has already refused one over its cap), or None."""
    try:
        return json.loads(await request.body())
    except ValueError:
        return None


def create_app(
    token: str | None = None,
    loopback: bool = True,
    settings: ScanSettings | None = None,
    personas: dict[str, demo_network.Persona] | None = None,
    pace: float = 0.6,
    hosts: set[str] | None = None,
) -> Guard:
    """`hosts`: the names the Host header may carry on loopback (the address it is bound to, at least)."""
    live = LiveView(settings, personas if personas is not None else demo_network.personas(), pace, token)
    allowed = ({"127.0.0.1", "::1"} | (hosts or set())) if loopback else None
    return Guard(Starlette(routes=live.routes()), token, allowed)
