"""The classroom room in a real headless Chromium: one presenter, three students on their own phones, each
with a different demo persona. Screenshots of both pages at projector and phone sizes land in test-artifacts/."""
import io
import json
import threading
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image

from footprint.demo import personas
from footprint.web.room import create_room_app
from tests.live_helpers import ARTIFACTS, LiveServer, hostile_persona, launch_browser, persona_report

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

PROJECTORS = [(1280, 720), (1920, 1080)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
STUDENTS = ("jess", "amara", "dan")
PWNED = "() => window.__pwned === undefined"


def secrets_of(persona_id: str) -> set[str]:
    """What must never reach the presenter: the handle, every account name and every value with a letter in it
    (bare numbers such as an age of 15 are also ordinary words on the page)."""
    report = persona_report(personas()[persona_id])
    values = {f.value for f in report.fragments} | {a.handle for a in report.accounts if a.status == "found"}
    return {v for v in values | {report.target.handle} if len(v) >= 4 and any(c.isalpha() for c in v)}


def snapshot(*roots: Path) -> dict[str, int]:
    return {str(p): p.stat().st_size for root in roots if root.exists() for p in root.rglob("*")}


class Tap:
    """Every byte of the presenter's stream, read beside the browser for as long as the room runs."""

    def __init__(self, url: str) -> None:
        self.data = bytearray()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, args=(url,), daemon=True)
        self.thread.start()

    def run(self, url: str) -> None:
        with httpx.Client(timeout=None) as client, client.stream("GET", url) as r:
            for chunk in r.iter_bytes():
                self.data += chunk
                if self.stop.is_set():
                    return

    def text(self) -> str:
        return self.data.decode("utf-8")


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture
def room(footprint_home, footprint_cache):
    people = {**personas(), "hostile": hostile_persona()}
    app, state = create_room_app(personas=people)
    state.warm()
    with LiveServer(app) as live:
        yield live, state


def watch(pg):
    pg.requests, pg.errors, pg.console = [], [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.console.append(m.text))
    return pg


def shot(pg, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def join_and_check(pg, join_url: str, persona: str) -> None:
    pg.goto(join_url)
    if pg.is_visible("#agree"):  # a phone that already said yes goes straight to the handle box
        pg.click("#agree")
    pg.wait_for_selector("input[name=handle]")
    pg.click(f"[data-persona={persona}]")
    pg.wait_for_selector("body[data-result='1']", timeout=20000)


def presenter_text(pg, live, state) -> str:
    return "\n".join([pg.content(), pg.evaluate("() => document.body.innerText"),
                      httpx.get(f"{live.url}/room/tally", params={"key": state.key}).text])


def test_three_students_each_see_only_their_own_and_the_room_sees_only_totals(browser, room, footprint_home, footprint_cache):
    live, state = room
    join_url = f"{live.url}/join/{state.code}"
    before = snapshot(footprint_home, footprint_cache)
    tap = Tap(f"{live.url}/room/events?key={state.key}")

    presenter_ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    presenter = watch(presenter_ctx.new_page())
    presenter.goto(f"{live.url}/room?key={state.key}")
    presenter.wait_for_selector("body[data-live='1']")
    assert presenter.is_visible("#waiting") and presenter.is_hidden("#totals")
    shot(presenter, "room-present-empty-1280x720")

    # The QR code on the screen decodes to the join address (read from the screenshot, as a phone camera would).
    png = presenter.locator(".qr-box svg").screenshot()
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert decoded == [join_url]
    assert join_url in presenter.text_content("#join-url")

    students, seen = [], []
    for i, persona in enumerate(STUDENTS):
        ctx = browser.new_context(**PHONE)
        pg = watch(ctx.new_page())
        join_and_check(pg, join_url, persona)
        students.append((persona, ctx, pg))
        tally = httpx.get(f"{live.url}/room/tally", params={"key": state.key}).json()
        assert tally["scanned"] == i + 1 and tally["joined"] == i + 1
        if i < 2:  # fewer than three: nothing but the counts
            assert tally["shown"] is False and tally["kinds"] == {} and tally["capabilities"] == {}
            presenter.wait_for_function(f"() => document.getElementById('scanned').textContent === '{i + 1}'")
            assert presenter.is_hidden("#totals")
            if i == 0:
                shot(pg, "room-join-result-phone", full=True)
        seen.append(presenter_text(presenter, live, state))

    presenter.wait_for_selector("body[data-shown='1']")
    presenter.wait_for_timeout(300)
    tally = httpx.get(f"{live.url}/room/tally", params={"key": state.key}).json()
    reports = [persona_report(personas()[p]) for p in STUDENTS]
    kinds = {}
    for r in reports:
        for k in {f.kind for f in r.fragments if not f.is_bare_handle}:
            kinds[k] = kinds.get(k, 0) + 1
    unlocked = {}
    for r in reports:
        for c in r.capabilities:
            if c.satisfied:
                unlocked[c.capability.id] = unlocked.get(c.capability.id, 0) + 1
    assert tally == {"joined": 3, "scanned": 3, "shown": True, "kinds": tally["kinds"], "capabilities": tally["capabilities"]}
    assert tally["kinds"] == kinds and tally["capabilities"] == unlocked
    top_kind, top_n = max(kinds.items(), key=lambda kv: (kv[1], kv[0]))
    assert f"{top_n} of 3" in presenter.text_content("#kinds")
    shot(presenter, "room-present-totals-1280x720")
    for width, height in PROJECTORS[1:]:
        presenter.set_viewport_size({"width": width, "height": height})
        presenter.wait_for_timeout(200)
        shot(presenter, f"room-present-totals-{width}x{height}")
        assert presenter.evaluate("() => document.documentElement.scrollHeight") <= height  # nothing below the fold
    presenter.set_viewport_size({"width": 1280, "height": 720})
    assert presenter.evaluate("() => document.documentElement.scrollHeight") <= 720
    seen.append(presenter_text(presenter, live, state))
    tap.stop.set()
    seen.append(tap.text())
    assert tap.text().count("event: state") >= 4

    # Nothing about any one student reached the presenter's page, its stream or /room/tally.
    everything = "\n".join(seen)
    for persona in STUDENTS:
        leaked = [v for v in secrets_of(persona) if v.lower() in everything.lower()]
        assert leaked == [], (persona, leaked)

    # Each student sees their own values once they ask, and nobody else's.
    for persona, ctx, pg in students:
        pg.click("#reveal")
        mine = persona_report(personas()[persona])
        name = next(f.value for f in mine.fragments if f.kind == "full_name")
        pg.wait_for_function(f"() => document.body.innerText.includes({json.dumps(name)})")
        text = pg.evaluate("() => document.body.innerText")
        assert mine.target.handle in text
        for other in STUDENTS:
            if other != persona:
                assert not [v for v in secrets_of(other) - secrets_of(persona) if v in text], (persona, other)
        api = ctx.request.get(f"{join_url}/api/result?reveal=1").json()
        assert api["result"]["target"] == mine.target.handle
        if persona == "jess":
            shot(pg, "room-join-revealed-phone", full=True)

    # Nothing left the pages, nothing ran that should not, and nothing was written to disk.
    for pg in [presenter] + [s[2] for s in students]:
        assert pg.requests and all(u.startswith(live.url + "/") for u in pg.requests), pg.requests
        assert not pg.errors and not [m for m in pg.console if "Content Security Policy" in m], pg.console
    assert snapshot(footprint_home, footprint_cache) == before
    for _, ctx, _ in students:
        ctx.close()
    presenter_ctx.close()


def test_both_pages_at_projector_and_phone_sizes(browser, room):
    live, state = room
    join_url = f"{live.url}/join/{state.code}"
    for width, height in PROJECTORS:
        ctx = browser.new_context(viewport={"width": width, "height": height})
        pg = watch(ctx.new_page())
        pg.goto(f"{live.url}/room?key={state.key}")
        pg.wait_for_selector("body[data-live='1']")
        shot(pg, f"room-present-empty-{width}x{height}")
        assert pg.evaluate("() => document.documentElement.scrollHeight") <= height
        box = pg.locator(".qr-box svg").bounding_box()
        assert box["width"] >= 0.2 * width  # big enough to scan from a few rows back
        join_and_check(pg, join_url, "sol")
        shot(pg, f"room-join-result-{width}x{height}", full=True)
        ctx.close()
    ctx = browser.new_context(**PHONE)
    pg = watch(ctx.new_page())
    pg.goto(join_url)
    shot(pg, "room-join-consent-phone")
    pg.click("#agree")
    pg.wait_for_selector("input[name=handle]")
    shot(pg, "room-join-check-phone")
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390
    pg.fill("input[name=handle]", "not a handle/at all")
    pg.click("#go")
    pg.wait_for_selector("#message:not([hidden])")
    shot(pg, "room-join-bad-handle-phone")
    join_and_check(pg, join_url, "dan")
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(pg, "room-join-dan-phone", full=True)
    pg.click("text=Delete my results")
    pg.wait_for_selector("input[name=handle]")
    assert "deleted" in pg.text_content("#message")
    ctx.close()
    presenter = browser.new_context(**PHONE)
    pg = watch(presenter.new_page())
    pg.goto(f"{live.url}/room?key={state.key}")
    pg.wait_for_selector("body[data-live='1']")
    shot(pg, "room-present-phone")
    presenter.close()


def test_a_hostile_profile_runs_nothing_on_a_students_phone(browser, room):
    live, state = room
    ctx = browser.new_context(**PHONE)
    pg = watch(ctx.new_page())
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    join_and_check(pg, f"{live.url}/join/{state.code}", "hostile")
    pg.click("#reveal")
    pg.wait_for_function("() => document.body.innerText.includes('<script>')", timeout=10000)
    shot(pg, "room-join-hostile-phone", full=True)
    assert pg.evaluate(PWNED) and not dialogs and not pg.errors
    assert pg.evaluate("() => document.querySelectorAll('script:not([src]):not([type=\"application/json\"]), iframe, img, svg, style').length") == 0
    assert pg.evaluate("() => [...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))") is False
    hrefs = pg.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs
    ctx.close()
