"""The classroom room (`footprint serve --room`) over real HTTP on 127.0.0.1: who may see what, the limits that
keep a school network safe, honest coverage when the laptop's shared address is rate-limited, and nothing on
disk. The browser side is tests/test_room_browser.py."""
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from footprint import demo
from footprint.demo import personas
from footprint.model import KINDS
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
from footprint.web.room import COOKIE, create_room_app
from reports import room as room_views
from tests.conftest import ROOT
from tests.live_helpers import LiveServer, persona_report


@pytest.fixture(scope="module")
def room():
    app, state = create_room_app(max_devices=6)
    state.warm()
    with LiveServer(app) as live:
        yield live, state


class Phone:
    """One student's device: its own cookie jar, as a browser keeps one."""

    def __init__(self, live, state) -> None:
        self.client = httpx.Client(base_url=f"{live.url}/join/{state.code}", timeout=30)

    def hello(self) -> httpx.Response:
        return self.client.post("/api/hello", json={})

    def scan(self, **body) -> httpx.Response:
        return self.client.post("/api/scan", json=body)

    def wait(self) -> dict:
        """The device's stream until its check is over: the last state it sent."""
        with self.client.stream("GET", "/api/events") as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            for line in r.iter_lines():
                if line.startswith("data: "):
                    state = json.loads(line[6:])
                    if state["state"] in ("done", "failed", "ready"):
                        return state
        raise AssertionError("the stream ended before the check did")

    def check(self, **body) -> dict:
        r = self.scan(**body)
        assert r.status_code == 200, r.text
        return self.wait()


def tally(live, state) -> dict:
    r = httpx.get(f"{live.url}/room/tally", params={"key": state.key})
    assert r.status_code == 200
    return r.json()


def test_every_kind_has_words_for_the_big_screen():
    assert set(room_views.words()["kinds"]) == set(KINDS)


def test_join_codes_are_short_unguessable_and_new_each_room():
    codes = {create_room_app()[1].code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}", code) and not set(code) & set("01ilo")


def test_the_presenter_key_guards_the_page_its_stream_and_the_tally(room):
    live, state = room
    # one character off (a key that already ends in "x" made the old "+ 'x'" the right key, 1 run in 64)
    wrong = state.key[:-1] + ("y" if state.key.endswith("x") else "x")
    for path in ("/room", "/room/events", "/room/tally"):
        assert httpx.get(live.url + path).status_code == 403
        assert httpx.get(live.url + path, params={"key": wrong}).status_code == 403
    assert tally(live, state).keys() == {"joined", "scanned", "shown", "kinds", "capabilities"}
    page = httpx.get(live.url + "/room", params={"key": state.key})
    assert page.status_code == 200 and f"/join/{state.code}" in page.text
    assert state.key not in page.text  # the key stays in the address bar, not in the page
    # a student's address gives nothing of the presenter's, and a wrong code finds no room
    assert httpx.get(f"{live.url}/join/{state.code}").status_code == 200
    assert httpx.get(f"{live.url}/join/aaaa-bbbb").status_code == 404
    lost = httpx.get(live.url + "/")  # only the laptop's address typed: told where to go, but not the code
    assert lost.status_code == 404 and "/join/" in lost.text and state.code not in lost.text
    assert httpx.post(f"{live.url}/join/aaaa-bbbb/api/hello", json={}).status_code == 404


def test_both_pages_send_the_strict_headers_and_load_nothing_from_elsewhere(room):
    live, state = room
    for url in (f"{live.url}/room?key={state.key}", f"{live.url}/join/{state.code}"):
        r = httpx.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "no-referrer"
        srcs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
        assert srcs and all(s.startswith("/static/") or s == "data:," for s in srcs), srcs
        for s in srcs:
            if s.startswith("/static/"):
                asset = httpx.get(live.url + s)
                assert asset.status_code == 200 and asset.headers["content-security-policy"] == csp
                assert not re.findall(r"https?://(?!www\.w3\.org/2000/svg\b)|url\(|@import|innerHTML|outerHTML|insertAdjacentHTML|document\.write", asset.text), s
        # the QR code is drawn in the page, not fetched
        assert ("<svg" in r.text) == url.endswith(state.key)
    assert httpx.get(f"{live.url}/static/../room.py").status_code == 404


def test_a_foreign_host_header_is_refused_on_both_pages(room):
    live, state = room
    for path in (f"/room?key={state.key}", f"/join/{state.code}"):
        assert httpx.get(live.url + path, headers={"host": "evil.example"}).status_code == 421


def test_the_session_cookie_is_httponly_strict_and_scoped_to_the_room(room):
    live, state = room
    r = Phone(live, state).hello()
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(COOKIE + "=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert f"Path=/join/{state.code}" in cookie
    assert r.cookies[COOKIE] not in json.dumps(r.json())


def test_cross_site_requests_are_refused(room):
    live, state = room
    phone = Phone(live, state)
    phone.hello()
    form = phone.client.post("/api/scan", content="persona=jess", headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    other = phone.client.post("/api/scan", json={"persona": "jess"}, headers={"origin": "http://evil.example"})
    assert other.status_code == 403
    assert phone.client.post("/api/scan", content=b"{" * 200_000, headers={"content-type": "application/json"}).status_code in (400, 413)
    assert phone.client.get("/api/result").json()["state"] == "ready"  # none of them started anything


def test_each_device_gets_only_its_own_result(room):
    live, state = room
    jess, dan, stranger = Phone(live, state), Phone(live, state), httpx.Client(base_url=f"{live.url}/join/{state.code}")
    for phone in (jess, dan):
        assert phone.hello().status_code == 200
    assert jess.check(persona="jess")["state"] == "done"
    assert dan.check(persona="dan")["state"] == "done"
    mine = jess.client.get("/api/result", params={"reveal": "1"}).json()
    theirs = dan.client.get("/api/result", params={"reveal": "1"}).json()
    assert mine["result"]["target"] == "jessmcr2011" and theirs["result"]["target"] == "dwhitfield"
    assert "dwhitfield" not in json.dumps(mine) and "jessmcr2011" not in json.dumps(theirs)
    masked = jess.client.get("/api/result").json()["result"]
    assert masked["redacted"] and "Jess Hughes" not in json.dumps(masked) and "J*** H*****" in json.dumps(masked)
    # no cookie, or one the room never gave: nothing at all
    for client in (stranger, httpx.Client(base_url=stranger.base_url, cookies={COOKIE: "made-up"})):
        assert client.get("/api/result").status_code == 403
        assert client.get("/api/events").status_code == 403
        assert client.post("/api/scan", json={"persona": "jess"}).status_code == 403


class SlowDemo(demo.DemoTransport):
    """The demo network, a little slow, so several checks overlap."""

    async def handle_async_request(self, request):
        await asyncio.sleep(0.2)
        return await super().handle_async_request(request)


def test_a_device_has_five_checks_and_one_at_a_time():
    app, state = create_room_app()
    state.demo = Scanner(ScanSettings(demo=True), transport=SlowDemo())
    with LiveServer(app) as live:
        phone = Phone(live, state)
        phone.hello()
        first = phone.scan(persona="sol")
        assert first.status_code == 200 and first.json()["scans_left"] == 4
        busy = phone.scan(persona="sol")
        assert busy.status_code == 409 and "still running" in busy.json()["error"]
        assert phone.wait()["state"] == "done"
        for _ in range(4):
            assert phone.check(persona="sol")["state"] == "done"
        over = phone.scan(persona="sol")
        assert over.status_code == 429 and "limit" in over.json()["error"]
        assert tally(live, state)["scanned"] == 1  # one device, one person, however often it checks


def test_at_most_so_many_devices_join(room):
    live, state = room
    while len(state.devices) < state.max_devices:
        assert Phone(live, state).hello().status_code == 200
    full = Phone(live, state).hello()
    assert full.status_code == 503 and "full" in full.json()["error"]


def test_checks_run_a_few_at_a_time_and_a_phone_sees_its_place_in_the_queue():
    app, state = create_room_app(at_once=1, settings=ScanSettings(networks=("github", "keybase", "bluesky")))
    state.demo = Scanner(ScanSettings(demo=True, networks=("github", "keybase", "bluesky")), transport=SlowDemo())
    with LiveServer(app) as live:
        phones = [Phone(live, state) for _ in range(3)]
        for phone in phones:
            phone.hello()
        answers = [phone.scan(persona=p).json() for phone, p in zip(phones, ("jess", "amara", "dan"), strict=True)]
        busiest = 0
        while any(d.state in ("waiting", "checking") for d in state.devices.values()):
            busiest = max(busiest, sum(d.state == "checking" for d in state.devices.values()))
            time.sleep(0.01)
        assert busiest == 1
        assert [a["state"] for a in answers] == ["waiting"] * 3 and answers[2]["ahead"] >= 1
        assert all(phone.wait()["state"] == "done" for phone in phones)
        assert tally(live, state)["scanned"] == 3


def test_totals_appear_at_the_third_check_and_count_people_not_values():
    app, state = create_room_app()
    with LiveServer(app) as live:
        stream = bytearray()
        stop = threading.Event()

        def read():
            with httpx.Client(timeout=None) as c, c.stream("GET", f"{live.url}/room/events", params={"key": state.key}) as r:
                for chunk in r.iter_bytes():
                    stream.extend(chunk)
                    if stop.is_set():
                        return

        threading.Thread(target=read, daemon=True).start()
        phones = {p: Phone(live, state) for p in ("jess", "amara", "sol")}
        for i, (persona, phone) in enumerate(phones.items()):
            phone.hello()
            assert phone.check(persona=persona)["state"] == "done"
            t = tally(live, state)
            assert t["scanned"] == i + 1
            if i < 2:
                assert t == {"joined": i + 1, "scanned": i + 1, "shown": False, "kinds": {}, "capabilities": {}}
        reports = [persona_report(personas()[p]) for p in phones]
        kinds = Counter(k for r in reports for k in {f.kind for f in r.fragments if not f.is_bare_handle})
        unlocked = Counter(c.capability.id for r in reports for c in r.capabilities if c.satisfied)
        assert t == {"joined": 3, "scanned": 3, "shown": True, "kinds": dict(kinds), "capabilities": dict(unlocked)}
        # a student can take theirs back out, and the totals hide again below three
        assert phones["sol"].client.post("/api/forget", json={}).json()["state"] == "ready"
        assert tally(live, state) == {"joined": 3, "scanned": 2, "shown": False, "kinds": {}, "capabilities": {}}
        time.sleep(0.3)
        stop.set()
        events = [json.loads(line[6:]) for line in stream.decode().splitlines() if line.startswith("data: ")]
        assert [e["shown"] for e in events].count(True) >= 1 and events[-1]["shown"] is False
        text = stream.decode().lower()
        for report in reports:
            secrets = {f.value for f in report.fragments} | {a.handle for a in report.accounts} | {report.target.handle}
            leaked = [v for v in secrets if len(v) >= 4 and any(ch.isalpha() for ch in v) and v.lower() in text]
            assert leaked == []


class LimitedGitHub:
    """A GitHub API on 127.0.0.1 that has used up this address's hour, unless the request carries the token."""

    TOKEN = "t0ken-for-tests"

    def __init__(self) -> None:
        self.seen: list[str | None] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                auth = self.headers.get("Authorization")
                outer.seen.append(auth)
                if auth != f"Bearer {outer.TOKEN}":
                    body = b'{"message": "API rate limit exceeded for 127.0.0.1."}'
                    self.send_response(403)
                    self.send_header("X-RateLimit-Remaining", "0")
                else:
                    path = self.path.split("?")[0].rstrip("/")
                    body = json.dumps({"login": "robin_exmpl_2011", "name": "Robin Example", "html_url": "https://github.com/robin_exmpl_2011",
                                       "bio": "Year 10, Leeds"} if path.endswith("/users/robin_exmpl_2011") else []).encode()
                    self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def limited_github():
    server = LimitedGitHub()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def test_a_rate_limited_network_is_reported_honestly_and_a_token_is_used_for_everyone(limited_github, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    settings = ScanSettings(endpoints={"github": limited_github.base}, networks=("github",), allow_private=True,
                            timeout=5, depth=0, retries=0)
    app, state = create_room_app(settings, min_scanned=1)
    with LiveServer(app) as live:
        phone = Phone(live, state)
        phone.hello()
        done = phone.check(handle="robin_exmpl_2011")
        checked = done["result"]["checked"]
        assert checked["enough"] is False and checked["unchecked"] == ["GitHub"] and checked["limited"] is True
        assert "rate limited" in checked["shortfall"]
        board = httpx.get(f"{live.url}/room?key={state.key}").text
        assert "No GITHUB_TOKEN" in board
        with httpx.Client(timeout=10) as c, c.stream("GET", f"{live.url}/room/events", params={"key": state.key}) as r:
            first = json.loads(next(line for line in r.iter_lines() if line.startswith("data: "))[6:])
        assert first["limited"] == ["GitHub"] and first["incomplete"] == 1

        monkeypatch.setenv("GITHUB_TOKEN", LimitedGitHub.TOKEN)  # the presenter's token, set before the room
        other = Phone(live, state)
        other.hello()
        result = other.check(handle="robin_exmpl_2011")["result"]
        assert [a["network"] for a in result["accounts"]] == ["GitHub"] and result["checked"]["enough"]
        assert "your GITHUB_TOKEN is used for everyone" in httpx.get(f"{live.url}/room?key={state.key}").text
    assert f"Bearer {LimitedGitHub.TOKEN}" in limited_github.seen and None in limited_github.seen
    assert LimitedGitHub.TOKEN not in json.dumps(result)


def test_with_no_internet_a_typed_handle_says_so_and_the_made_up_people_still_work():
    settings = ScanSettings(endpoints={"github": "http://127.0.0.1:9/gh", "keybase": "http://127.0.0.1:9/kb"},
                            networks=("github", "keybase"), allow_private=True, timeout=2)
    app, state = create_room_app(settings)
    with LiveServer(app) as live:
        phone = Phone(live, state)
        phone.hello()
        failed = phone.check(handle="someone")
        assert failed["state"] == "failed" and "cannot reach the internet" in failed["error"]
        assert phone.check(persona="jess")["state"] == "done"


def test_serve_room_prints_two_lines_and_writes_nothing_anywhere(tmp_path):
    folders = {name: tmp_path / name for name in ("home", "cache", "user", "xdg")}
    env = {**os.environ, "FOOTPRINT_HOME": str(folders["home"]), "FOOTPRINT_CACHE": str(folders["cache"]),
           "HOME": str(folders["user"]), "XDG_CACHE_HOME": str(folders["xdg"]), "NO_COLOR": "1"}
    env.pop("GITHUB_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "footprint", "serve", "--room", "--host", "127.0.0.1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        present, join = proc.stdout.readline().strip(), proc.stdout.readline().strip()
        p = re.fullmatch(r"present: (http://127\.0\.0\.1:\d+)/room\?key=([\w-]{20,})", present)
        j = re.fullmatch(r"join: (http://127\.0\.0\.1:\d+)/join/([a-z2-9]{4}-[a-z2-9]{4})", join)
        assert p and j and p.group(1) == j.group(1), (present, join)
        base, key, code = p.group(1), p.group(2), j.group(2)
        deadline = time.monotonic() + 90
        while True:  # the room gets ready (the analysis loads) before it answers
            try:
                if httpx.get(f"{base}/room/tally", params={"key": key}, timeout=60).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        for persona in ("jess", "amara", "dan"):
            phone = httpx.Client(base_url=f"{base}/join/{code}", timeout=60)
            phone.post("/api/hello", json={})
            assert phone.post("/api/scan", json={"persona": persona}).status_code == 200
            for _ in range(600):
                if phone.get("/api/result").json()["state"] == "done":
                    break
                time.sleep(0.1)
        assert httpx.get(f"{base}/room/tally", params={"key": key}).json()["shown"] is True
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and out == "" and "Traceback" not in err, err
    assert "Nothing from it was kept" in err and "No GITHUB_TOKEN" in err
    written = [str(f) for folder in folders.values() if folder.exists() for f in folder.rglob("*")]
    assert written == []


def test_serve_room_refuses_what_a_classroom_should_not_do_in_one_line():
    for args in (["--nsfw"], ["--offline"], ["--host", "not an ip"]):
        result = subprocess.run([sys.executable, "-m", "footprint", "serve", "--room", *args],
                                capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, args


def test_by_default_the_room_listens_on_every_interface_and_students_get_the_local_network_address():
    from footprint.cli.room import lan_address

    proc = subprocess.Popen([sys.executable, "-m", "footprint", "serve", "--room", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        present, join = proc.stdout.readline().strip(), proc.stdout.readline().strip()
        port = re.search(r":(\d+)/", present).group(1)
        lan = lan_address()
        # the key stays on this laptop; students get the address the local network reaches it by
        assert present.startswith(f"present: http://127.0.0.1:{port}/room?key=")
        assert re.fullmatch(rf"join: http://{re.escape(lan or '127.0.0.1')}:{port}/join/[a-z2-9]{{4}}-[a-z2-9]{{4}}", join), join
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                r = httpx.get(f"{base}/room/tally", params={"key": present.split("key=")[1]}, timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert r.status_code == 200
        assert httpx.get(f"{base}/room/tally", params={"key": "x"}).status_code == 403
        assert httpx.get(f"{base}/join/{join.rsplit('/', 1)[1]}", headers={"host": f"evil.example:{port}"}).status_code == 421
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert (lan is None) == ("No local network found" in err), err


def test_a_students_result_leads_with_what_matters_told_short():
    report = persona_report(personas()["jess"])
    masked, shown = room_views.student_view(report), room_views.student_view(report, redact=False)
    assert [u["title"] for u in shown["unlocked"]] == [
        c.capability.title for c in sorted(report.capabilities, key=lambda c: -c.capability.severity) if c.satisfied]
    assert len(shown["fixes"]) == 3 and shown["more_fixes"] == len(report.fix_plan) - 3
    first = shown["fixes"][0]
    assert first["headline"] and first["headline"] in report.fix_plan[0].advice
    assert {"network": "GitHub", "how": "Edit or clear it at https://github.com/settings/profile"} in first["on"]
    assert first["breaks"] and first["score_after"] < first["score_before"] == report.score
    school = next(f for f in shown["fragments"] if f["label"] == "school")
    assert school["value"] == "Oakfield High" and school["where"] == ["bio on GitHub, Keybase and Lichess"]
    assert "linked accounts" not in {f["label"] for f in shown["fragments"]} and shown["tied"]
    assert next(f for f in masked["fragments"] if f["label"] == "school")["value"] == "O******* H***"
    assert "Oakfield" not in json.dumps(masked) and "jessmcr2011" not in json.dumps(masked)
    # the demo answers as the real networks do: Duolingo and Medium turn every logged-out program away, and
    # TikTok embeds no under-18 account, so a real scan of Jess could not check them either
    assert masked["checked"] == {"networks": report.coverage.networks, "answered": report.coverage.answered,
                                 "enough": True, "shortfall": "", "unchecked": ["Duolingo", "Medium", "TikTok"],
                                 "limited": False}
