"""`footprint serve --room`: a classroom. Every student checks their own handle on their own phone; the big
screen shows only the room's totals ("17 of 28 show their birthday"), and only once at least 3 have checked.

Who sees what:
- A student's device holds a session cookie (HttpOnly, SameSite=Strict). Its page, stream and API answer only
  about that device's own check: no address names a check, so there is no other one to ask for.
- The presenter's page, its stream and /room/tally need the presenter key. They carry how many people show each
  kind of fragment and have each capability unlocked, and which networks limited the room's address: never a
  handle, a value or an account.
- Nothing is written to disk: every check runs inside paths.nothing_written(), results live in this process's
  memory, and closing the room (Ctrl-C) forgets them.

Safe for a school network: at most `max_devices` devices join, each runs at most `max_scans` checks, and
`at_once` checks run at a time through the one scanner. 30 students share one address, so a network that limits
an address (GitHub: 60 requests an hour without a token) says so through each check's coverage; a GITHUB_TOKEN
set before the room starts is used for everyone.
"""

from __future__ import annotations

import asyncio
import hmac
import io
import os
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from footprint import demo as demo_network
from footprint import paths
from footprint.handles import InvalidHandle, normalise_handle
from footprint.model import Account, Document, Report, Target
from footprint.scanner import Answered, Event, NothingReachable, Planned, Scanner, unreachable
from footprint.settings import ScanSettings
from footprint.web.app import read_json, sse, static_file
from footprint.web.guard import Guard
from reports import html_report
from reports import room as room_views
from reports.wording import network_title

ASSETS = {"room.css": "text/css", "join.js": "text/javascript", "present.js": "text/javascript"}
MAX_DEVICES = 200
MAX_SCANS = 5
AT_ONCE = 3  # real checks share the laptop's one address with the whole room: a few at a time
MIN_SCANNED = 3  # totals only from this many people on, so nobody can be picked out
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a projector, typed on a phone
COOKIE = "footprint_room"
KEEPALIVE = 20.0  # seconds: a comment on a quiet stream, so phones and Wi-Fi keep it open

SAY: dict[str, str] = room_views.words()["say"]  # what a phone is told when a request cannot be done
# A fictional bio that wakes the whole pipeline (spaCy, the gazetteers) before the first student waits for it.
WARM_UP = Account(
    "github",
    "room-warm-up",
    "https://github.com/room-warm-up",
    "found",
    documents=[Document("github:room-warm-up", "field:bio", "Sam, 15, Year 10 in Leeds. bday 3rd May. my dog Pip")],
)


def join_code() -> str:
    """8 characters of 31: about 40 bits, far past guessing over a classroom's Wi-Fi."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


class Pulse:
    """A version number that streams wait on; `beat()` may be called from a plain callback."""

    def __init__(self) -> None:
        self.version = 0
        self._waiters: set[asyncio.Future[None]] = set()

    def beat(self) -> None:
        self.version += 1
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, seen: int, timeout: float) -> bool:
        """Until the version moves past `seen` (True) or `timeout` seconds pass (False)."""
        if self.version != seen:
            return True
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)


@dataclass(frozen=True)
class Share:
    """What one device's latest check adds to the room's totals: which kinds it shows and which capabilities it
    unlocks. No value, no account, no handle: nothing that could say whose it is."""

    kinds: frozenset[str]
    capabilities: frozenset[str]
    limited: frozenset[str]  # networks that refused this check for the address's rate limit
    enough: bool

    @classmethod
    def of(cls, report: Report) -> Share:
        return cls(
            frozenset(f.kind for f in report.fragments if not f.is_bare_handle),
            frozenset(c.capability.id for c in report.capabilities if c.satisfied),
            frozenset(
                network_title(a.network)
                for a in report.accounts
                if a.status == "unknown" and a.reason.startswith("rate limited")
            ),
            report.coverage.enough if report.coverage is not None else False,
        )


@dataclass
class Device:
    """One student's phone: its checks, its latest result. `id` is the session cookie; it never leaves the
    cookie header."""

    id: str
    scans: int = 0
    state: str = "ready"  # ready, waiting, checking, done, failed
    total: int = 0
    checked: int = 0
    found: list[str] = field(default_factory=list)  # networks with an account, as they answer
    report: Report | None = None
    error: str = ""
    pulse: Pulse = field(default_factory=Pulse)

    def heard(self, event: Event) -> None:
        if isinstance(event, Planned):
            self.total = event.total
        elif isinstance(event, Answered):
            self.checked += 1
            title = network_title(event.account.network)
            if event.account.status == "found" and title not in self.found:
                self.found.append(title)
        else:
            return
        self.pulse.beat()


class Room:
    """One room: its join code, its presenter key, the devices that joined and the routes they use."""

    def __init__(
        self,
        settings: ScanSettings | None = None,
        people: dict[str, demo_network.Persona] | None = None,
        *,
        public: str | None = None,
        max_devices: int = MAX_DEVICES,
        max_scans: int = MAX_SCANS,
        at_once: int = AT_ONCE,
        min_scanned: int = MIN_SCANNED,
    ) -> None:
        """`public`: the address students reach this laptop at (http://192.168.1.23:8765); without it, the
        address the presenter's page was opened at."""
        self.code = join_code()
        self.key = secrets.token_urlsafe(18)
        self.public = public.rstrip("/") if public else None
        self.people = people if people is not None else demo_network.personas()
        self.real = Scanner(settings or ScanSettings())  # no store: a room keeps nothing
        self.demo = Scanner(ScanSettings(demo=True), transport=demo_network.DemoTransport(list(self.people.values())))
        self.max_devices, self.max_scans, self.min_scanned = max_devices, max_scans, min_scanned
        self.slots = asyncio.Semaphore(at_once)
        self.devices: dict[str, Device] = {}
        self.shares: dict[str, Share] = {}  # device id -> its latest check's share of the totals
        self.waiting: list[str] = []  # device ids in the order they asked
        self.totals = Pulse()
        self.tasks: set[asyncio.Task[None]] = set()
        self.closed = False
        self._catalogue: list[dict[str, Any]] | None = None

    # --- the room's state -------------------------------------------------------------------------------

    def warm(self) -> None:
        """Loads the analysis before anyone waits for it (and learns the capabilities the totals are about)."""
        with paths.nothing_written():
            report = self.demo.analyse(Target(WARM_UP.handle), [WARM_UP])
        self._catalogue = room_views.capabilities(report)

    @property
    def catalogue(self) -> list[dict[str, Any]]:
        if self._catalogue is None:
            self.warm()
        return self._catalogue or []

    def close(self) -> None:
        """Ends every stream, so closing the room never waits on a phone that is still listening."""
        self.closed = True
        self.totals.beat()
        for device in self.devices.values():
            device.pulse.beat()

    def tally(self) -> dict[str, Any]:
        """The totals, as /room/tally returns them: empty until `min_scanned` people have checked."""
        shares = list(self.shares.values())
        shown = len(shares) >= self.min_scanned
        kinds = Counter(k for s in shares for k in s.kinds) if shown else Counter()
        capabilities = Counter(c for s in shares for c in s.capabilities) if shown else Counter()
        return {
            "joined": len(self.devices),
            "scanned": len(shares),
            "shown": shown,
            "kinds": dict(kinds.most_common()),
            "capabilities": dict(capabilities.most_common()),
        }

    def board(self) -> dict[str, Any]:
        """What the presenter's stream sends: the totals, plus how the room's checks are going."""
        shown = len(self.shares) >= self.min_scanned
        return {
            **self.tally(),
            "checking": sum(d.state in ("waiting", "checking") for d in self.devices.values()),
            "limited": sorted({n for s in self.shares.values() for n in s.limited}),
            "incomplete": sum(not s.enough for s in self.shares.values()) if shown else 0,
        }

    def device_state(self, device: Device, redact: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "state": device.state,
            "scans_left": self.max_scans - device.scans,
            "ahead": self.waiting.index(device.id) if device.id in self.waiting else 0,
            "checked": device.checked,
            "total": device.total,
            "found": list(device.found),
            "error": device.error,
        }
        if device.state == "done" and device.report is not None:
            out["result"] = room_views.student_view(device.report, redact=redact)
        return out

    async def _stream(self, pulse: Pulse, state: Callable[[], dict[str, Any]]) -> AsyncIterator[str]:
        """The state now, then again each time it changes; a comment when nothing has for a while."""
        seen = -1
        while not self.closed:
            if pulse.version != seen:
                seen = pulse.version
                yield sse("state", state())
            elif not await pulse.wait(seen, KEEPALIVE):
                yield ": still here\n\n"

    def _queue_moved(self) -> None:
        for device_id in self.waiting:
            self.devices[device_id].pulse.beat()

    async def _check(self, device: Device, target: Target, scanner: Scanner) -> None:
        with paths.nothing_written():
            try:
                async with self.slots:
                    self.waiting.remove(device.id)
                    self._queue_moved()
                    device.state = "checking"
                    device.pulse.beat()
                    report = await self._scan(scanner, target, device)
            except NothingReachable:
                device.state, device.error = "failed", SAY["offline"]
            except Exception:  # one broken check says so on that phone; the room carries on
                device.state, device.error = "failed", SAY["stopped"]
            else:
                device.state, device.report = "done", report
                self.shares[device.id] = Share.of(report)
            finally:
                if device.id in self.waiting:
                    self.waiting.remove(device.id)
                    self._queue_moved()
                device.pulse.beat()
                self.totals.beat()

    async def _scan(self, scanner: Scanner, target: Target, device: Device) -> Report:
        await scanner.preflight()
        accounts = await scanner.collect(target, on_event=device.heard)
        # A network that rate-limits the room's one address did answer: that is coverage to report, not "offline".
        limited = any(a.reason.startswith("rate limited") for a in accounts)
        if (why := unreachable(accounts)) is not None and not limited:
            raise NothingReachable(why)
        return await scanner.analyse_async(target, accounts)

    # --- routes ------------------------------------------------------------------------------------------

    def routes(self) -> list[Route]:
        return [
            Route("/", self.lost),
            Route("/room", self.present),
            Route("/room/events", self.present_events),
            Route("/room/tally", self.tally_json),
            Route("/static/{name}", self.static),
            Route("/join/{code}", self.join_page),
            Route("/join/{code}/api/hello", self.hello, methods=["POST"]),
            Route("/join/{code}/api/scan", self.scan, methods=["POST"]),
            Route("/join/{code}/api/events", self.device_events),
            Route("/join/{code}/api/result", self.result),
            Route("/join/{code}/api/forget", self.forget, methods=["POST"]),
        ]

    def _presenter(self, request: Request) -> Response | None:
        given = request.query_params.get("key", "")
        if hmac.compare_digest(given.encode(), self.key.encode()):
            return None
        return PlainTextResponse("footprint: the presenter's page needs the key printed when the room started\n", 403)

    def _room(self, request: Request) -> Response | None:
        if hmac.compare_digest(request.path_params["code"].encode(), self.code.encode()):
            return None
        return PlainTextResponse(
            "footprint: there is no room with this code. Check the address on the big screen.\n", 404
        )

    def _device(self, request: Request) -> Device | None:
        return self.devices.get(request.cookies.get(COOKIE, ""))

    def join_url(self, request: Request) -> str:
        return f"{self.public or str(request.base_url).rstrip('/')}/join/{self.code}"

    async def lost(self, request: Request) -> Response:
        """Someone typed only the laptop's address: where to go instead, without giving the code away."""
        return PlainTextResponse(SAY["lost"] + "\n", 404)

    async def static(self, request: Request) -> Response:
        return static_file(request.path_params["name"], ASSETS)

    async def present(self, request: Request) -> Response:
        if (denied := self._presenter(request)) is not None:
            return denied
        url = self.join_url(request)
        words = {
            "kinds": room_views.words()["kinds"],
            "capabilities": {c["id"]: c for c in self.catalogue},
            "min_scanned": self.min_scanned,
        }
        page = (
            html_report.environment()
            .get_template("room_present.html")
            .render(
                join_base=url.rsplit("/join/", 1)[0],
                code=self.code,
                qr=Markup(qr_svg(url)),
                words=words,
                github_token=bool(os.environ.get("GITHUB_TOKEN")),
                min_scanned=self.min_scanned,
                max_scans=self.max_scans,
            )
        )
        return HTMLResponse(page)

    async def present_events(self, request: Request) -> Response:
        if (denied := self._presenter(request)) is not None:
            return denied
        return StreamingResponse(self._stream(self.totals, self.board), media_type="text/event-stream")

    async def tally_json(self, request: Request) -> Response:
        if (denied := self._presenter(request)) is not None:
            return denied
        return JSONResponse(self.tally())

    async def join_page(self, request: Request) -> Response:
        if (denied := self._room(request)) is not None:
            return denied
        device = self._device(request)
        data = {
            "personas": [{"id": p.id, "name": p.id.capitalize(), "title": p.title} for p in self.people.values()],
            "joined": device is not None,
            "max_scans": self.max_scans,
            "state": self.device_state(device) if device is not None else None,
        }
        page = html_report.environment().get_template("room_join.html").render(data=data)
        return HTMLResponse(page)

    def _refused_post(self, request: Request) -> Response | None:
        """Cross-site requests: JSON only (a form elsewhere cannot send it without a preflight we never allow),
        and an Origin, when the browser sends one, must be this very address."""
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": SAY["json"]}, 415)
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            return JSONResponse({"error": SAY["cross_site"]}, 403)
        return None

    async def hello(self, request: Request) -> Response:
        if (denied := self._room(request) or self._refused_post(request)) is not None:
            return denied
        if not isinstance(await read_json(request), dict):
            return JSONResponse({"error": SAY["json"]}, 400)
        device = self._device(request)
        if device is None:
            if len(self.devices) >= self.max_devices:
                return JSONResponse({"error": SAY["full"]}, 503)
            device = Device(secrets.token_urlsafe(18))
            self.devices[device.id] = device
            self.totals.beat()
        response = JSONResponse(self.device_state(device))
        response.set_cookie(
            COOKIE, device.id, path=f"/join/{self.code}", httponly=True, samesite="strict", secure=False
        )
        return response

    async def scan(self, request: Request) -> Response:
        if (denied := self._room(request) or self._refused_post(request)) is not None:
            return denied
        device = self._device(request)
        if device is None:
            return JSONResponse({"error": SAY["no_device"]}, 403)
        body = await read_json(request)
        if not isinstance(body, dict):
            return JSONResponse({"error": SAY["json"]}, 400)
        if device.state in ("waiting", "checking"):
            return JSONResponse({"error": SAY["busy"]}, 409)
        if device.scans >= self.max_scans:
            return JSONResponse({"error": SAY["used_up"]}, 429)
        chosen = self._target(body)
        if isinstance(chosen, str):
            return JSONResponse({"error": chosen}, 400)
        target, scanner = chosen
        device.scans += 1
        device.state, device.error, device.report = "waiting", "", None
        device.total, device.checked, device.found = 0, 0, []
        self.waiting.append(device.id)  # in the queue now, so this very answer says how many are ahead
        device.pulse.beat()
        self.totals.beat()
        task = asyncio.create_task(self._check(device, target, scanner))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return JSONResponse(self.device_state(device))

    def _target(self, body: dict[str, Any]) -> tuple[Target, Scanner] | str:
        persona_id, handle = body.get("persona"), body.get("handle")
        if isinstance(persona_id, str) and persona_id:
            persona = self.people.get(persona_id)
            return (Target(persona.handle), self.demo) if persona is not None else SAY["persona"]
        if isinstance(handle, str) and handle.strip():
            try:
                return Target(normalise_handle(handle)), self.real
            except InvalidHandle:
                return SAY["bad_handle"]
        return SAY["nothing"]

    async def device_events(self, request: Request) -> Response:
        if (denied := self._room(request)) is not None:
            return denied
        device = self._device(request)
        if device is None:
            return JSONResponse({"error": SAY["no_device"]}, 403)
        return StreamingResponse(
            self._stream(device.pulse, lambda: self.device_state(device)), media_type="text/event-stream"
        )

    async def result(self, request: Request) -> Response:
        if (denied := self._room(request)) is not None:
            return denied
        device = self._device(request)
        if device is None:
            return JSONResponse({"error": SAY["no_device"]}, 403)
        return JSONResponse(self.device_state(device, redact=request.query_params.get("reveal") != "1"))

    async def forget(self, request: Request) -> Response:
        """A student takes their result out of the room: off their phone and out of the totals."""
        if (denied := self._room(request) or self._refused_post(request)) is not None:
            return denied
        device = self._device(request)
        if device is None:
            return JSONResponse({"error": SAY["no_device"]}, 403)
        if device.state in ("waiting", "checking"):
            return JSONResponse({"error": SAY["busy"]}, 409)
        device.state, device.report, device.error, device.found = "ready", None, "", []
        self.shares.pop(device.id, None)
        device.pulse.beat()
        self.totals.beat()
        return JSONResponse(self.device_state(device))


def qr_svg(text: str) -> str:
    """The join address as a QR code, drawn here (segno): an inline SVG, so the page asks nothing of anyone."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=2, svgclass="qr", lineclass=None, nl=False
    )
    return out.getvalue().decode("ascii")


def create_room_app(
    settings: ScanSettings | None = None,
    personas: dict[str, demo_network.Persona] | None = None,
    *,
    public: str | None = None,
    hosts: set[str] | None = None,
    **limits: Any,
) -> tuple[Guard, Room]:
    """The room behind the same guard as `serve`: its Host check (DNS rebinding) holds for both pages. `hosts`:
    the names students and the presenter reach it by, besides loopback."""
    room = Room(settings, personas, public=public, **limits)
    allowed = {"127.0.0.1", "::1"} | (hosts or set())
    return Guard(Starlette(routes=room.routes()), None, allowed), room
