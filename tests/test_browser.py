"""The live view and the HTML report in a real headless Chromium (Debian's package), driven by Playwright.
Screenshots land in test-artifacts/ for a person to look at."""
import re

import pytest

from footprint.demo import personas
from reports import html_report
from footprint.files import write_private
from footprint.web.app import create_app
from tests.live_helpers import ARTIFACTS, LiveServer, hostile_persona, launch_browser, persona_report

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

PWNED = "() => window.__pwned === undefined && (window.top.__pwned === undefined)"


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server():
    people = {**personas(), "hostile": hostile_persona()}
    with LiveServer(create_app(pace=0.05, personas=people)) as live:
        yield live


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    pg.requests, pg.dialogs, pg.errors = [], [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def run_demo(pg, server, persona: str) -> None:
    pg.goto(server.url + "/")
    pg.select_option("#persona", persona)
    pg.click("#demo")
    pg.wait_for_selector(".node.account", timeout=15000)
    pg.wait_for_selector(".node.fragment", timeout=15000)
    pg.wait_for_selector(".node.capability.satisfied", timeout=15000)
    pg.wait_for_selector("body[data-scan=done]", timeout=15000)


def visible_text(pg) -> str:
    return pg.evaluate("() => document.body.innerText")


def test_live_view_builds_up_then_story_mode_reveals_one_finding_at_a_time(page, server):
    report = persona_report(personas()["jess"])
    run_demo(page, server, "jess")
    page.wait_for_timeout(800)  # arrival animations
    shot(page, "live-jess-1280x720")
    assert page.locator(".node.account").count() == sum(a.status == "found" for a in report.accounts) >= 2
    assert page.locator(".node.fragment").count() >= 10
    assert page.locator(".node.capability.satisfied").count() >= 3
    assert page.locator(".wires path").count() > 10
    assert page.text_content("[data-meter=score] .value") == f"{report.score} / 100"

    page.keyboard.press("s")
    assert page.get_attribute("#story", "aria-pressed") == "true"
    assert page.locator(".node.fragment").count() == 0 and page.locator(".node.capability.satisfied").count() == 0
    counts, lit_at = [], None
    total = int(re.search(r"of (\d+)", page.text_content("#status")).group(1))
    # a demo persona's story shows the stranger's guesses, then ends on what it all adds up to
    assert [s.kind for s in report.story[-2:]] == ["guesses", "summary"]
    for step in range(1, total - 1):
        page.keyboard.press("Space")
        assert page.get_attribute("#board", "data-step") == str(step)
        counts.append(page.locator(".node.fragment").count())
        if lit_at is None and page.locator(".node.capability.satisfied").count():
            lit_at = step
            assert "Unlocked" in page.text_content("#caption")
            page.wait_for_timeout(1300)  # let the unlock animation finish for the picture
            shot(page, "story-first-unlock")
    assert counts == sorted(counts) and counts[-1] >= 10
    assert all(b - a <= 1 for a, b in zip(counts, counts[1:]))  # one finding at a time
    assert lit_at is not None and lit_at < total
    shot(page, "story-end")
    page.keyboard.press("Space")
    assert page.locator("ol.guesses li").count() == 10 and page.locator(".node.fragment").count() == 0
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#board", "data-step") == str(total - 2) and page.locator("ol.guesses").count() == 0
    page.keyboard.press("Escape")
    assert page.get_attribute("#story", "aria-pressed") == "false"
    assert not page.errors


SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
PICTURE_BOX = """() => {
  const rects = [...document.querySelectorAll('#board .node, #board .col > h2, #board .col > p')].map(e => e.getBoundingClientRect());
  return { right: Math.max(...rects.map(r => r.right)), bottom: Math.max(...rects.map(r => r.bottom)),
           width: innerWidth, height: innerHeight,
           scrollW: document.documentElement.scrollWidth, scrollH: document.documentElement.scrollHeight };
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("persona", list(personas()))
def test_every_persona_fits_the_projector_without_scrolling(browser, server, persona, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    run_demo(pg, server, persona) if persona != "sol" else run_quiet_demo(pg, server, persona)
    pg.wait_for_timeout(900)  # arrival animations
    shot(pg, f"live-{persona}-{size}")
    box = pg.evaluate(PICTURE_BOX)
    box["font"] = pg.evaluate("() => getComputedStyle(document.getElementById('board')).fontSize")
    context.close()
    assert box["right"] <= box["width"] and box["bottom"] <= box["height"], box
    assert box["scrollW"] <= box["width"] and box["scrollH"] <= box["height"], box


def run_quiet_demo(pg, server, persona: str) -> None:
    pg.goto(server.url + "/")
    pg.select_option("#persona", persona)
    pg.click("#demo")
    pg.wait_for_selector("body[data-scan=done]", timeout=15000)


def test_score_and_bits_read_from_the_back_of_the_room(page, server):
    run_demo(page, server, "jess")
    sizes = page.evaluate("() => ['score', 'bits'].map(m => parseFloat(getComputedStyle("
                          "document.querySelector(`[data-meter=${m}] .value`)).fontSize))")
    assert min(sizes) >= 32, sizes
    note = page.text_content("[data-meter=score] .note")
    assert "risk" in note and "fix" in note  # what moves the score, under it
    assert "out of 100" in page.get_attribute("[data-meter=score]", "title")


def test_the_status_line_counts_the_networks_checked_and_names_those_left_out(page, server):
    run_demo(page, server, "jess")
    status = page.text_content("#status")
    # "33 of 33 could be checked. Reddit could not be asked" read as a contradiction on the big screen
    assert re.search(r"(\d+) of (\d+) networks could be checked\. Left out \(a token is needed\): Reddit\.", status), status


def test_jess_the_workshop_persona_comes_first(page, server):
    page.goto(server.url + "/")
    assert page.eval_on_selector("#persona", "s => s.options[0].value") == "jess"
    assert page.eval_on_selector("#persona", "s => s.value") == "jess"


def test_the_story_ends_on_what_it_adds_up_to_and_esc_leaves_it_cleanly(page, server):
    report = persona_report(personas()["jess"])
    run_demo(page, server, "jess")
    before_status, before_caption = page.text_content("#status"), page.text_content("#caption")
    page.keyboard.press("s")
    assert "out of 100" in page.text_content("#caption")  # the opening caption says what the score means
    total = int(re.search(r"of (\d+)", page.text_content("#status")).group(1))
    captions = []
    for _ in range(total):
        page.keyboard.press("Space")
        captions.append(page.text_content("#caption"))
    page.wait_for_timeout(900)
    shot(page, "story-summary-1280x720")
    last = captions[-1]
    assert last.startswith("What it adds up to") and f"{report.score} out of 100" in last
    assert "The fix that helps most" in last and kind_words(report.fix_plan[0].kind) in last
    # sentences, never rows of masked values
    assert all(len(re.findall(r"\w\*{2,}", c)) <= 3 for c in captions), [c for c in captions if c.count("*") > 12]
    page.keyboard.press("Escape")
    assert page.get_attribute("#story", "aria-pressed") == "false"
    assert page.text_content("#status") == before_status and "Story: step" not in page.text_content("#status")
    assert page.text_content("#caption") == before_caption and before_caption
    assert page.locator(".node.fragment").count() == len([f for f in report.fragments if not f.is_bare_handle])
    assert not page.errors


def kind_words(kind: str) -> str:
    return kind.replace("_", " ")


def test_only_the_lines_of_what_is_pointed_at_are_drawn_strongly(page, server):
    run_demo(page, server, "dan")
    page.wait_for_timeout(800)
    assert page.locator(".wires path.hot").count() == 0
    page.hover(".node.capability.satisfied")
    page.wait_for_timeout(200)
    hot, total = page.locator(".wires path.hot").count(), page.locator(".wires path").count()
    shot(page, "live-dan-pointing-1280x720")
    assert 0 < hot < total / 2, (hot, total)
    faint = page.evaluate("() => Math.max(...[...document.querySelectorAll('.wires path:not(.hot)')]"
                          ".map(p => parseFloat(getComputedStyle(p).strokeOpacity)))")
    assert faint <= 0.5


def test_redaction_is_on_by_default_and_unmasking_asks_first(page, server):
    report = persona_report(personas()["jess"])
    secrets = {f.value for f in report.fragments} | {"jessmcr2011"}
    run_demo(page, server, "jess")
    text = visible_text(page)
    assert "full name" in text.lower() and "J*** H*****" in text  # kinds visible, values masked
    for value in secrets:
        assert value not in text, value
    assert "Values hidden" in page.text_content("#redact")
    with page.expect_download() as download:  # the saved report is as masked as the screen
        page.click("#save")
    saved = open(download.value.path(), encoding="utf-8").read()
    cited = " ".join(src for c in report.capabilities for src in c.capability.sources)  # "IEEE ... 2011" is no leak
    assert "J*** H*****" in saved and not [v for v in secrets if v in saved and v not in cited]

    page.click("#redact")
    assert page.is_visible("#confirm")
    shot(page, "unmask-confirm")
    page.click("#keep-hidden")
    page.wait_for_timeout(300)
    assert "Jess Hughes" not in visible_text(page)

    page.click("#redact")
    page.click("#show-values")
    page.wait_for_function("() => document.body.innerText.includes('Jess Hughes')", timeout=10000)
    assert "Oakfield High" in visible_text(page)

    page.click("#redact")  # hiding again needs no confirmation
    page.wait_for_selector(".node.fragment")
    page.wait_for_function("() => document.body.innerText.includes('J*** H*****')", timeout=10000)
    text = visible_text(page)
    for value in secrets:
        assert value not in text, value
    page.keyboard.press("s")
    for _ in range(8):
        page.keyboard.press("ArrowRight")
        text = visible_text(page)
        assert not any(value in text for value in secrets)
    assert not page.errors


def test_live_view_makes_no_request_beyond_its_own_server(page, server):
    run_demo(page, server, "dan")
    page.wait_for_timeout(800)
    shot(page, "live-dan-1280x720")
    assert page.requests and all(u.startswith(server.url + "/") for u in page.requests), page.requests


@pytest.mark.parametrize("persona", ["jess", "amara"])
def test_phone_width_stacks_the_layers_without_sideways_scrolling(browser, server, persona):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    run_demo(pg, server, persona)
    pg.wait_for_timeout(800)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"live-{persona}-phone.png"), full_page=True)
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert pg.is_hidden(".wires")
    context.close()


def test_hostile_profile_runs_nothing_in_the_live_view_even_unmasked(page, server):
    run_demo(page, server, "hostile")
    page.click("#redact")
    page.click("#show-values")
    page.wait_for_function("() => document.body.innerText.includes('<script>')", timeout=10000)
    page.wait_for_timeout(500)
    page.hover(".node.fragment")
    shot(page, "live-hostile-unmasked")
    assert page.evaluate(PWNED) and not page.dialogs and not page.errors
    assert page.evaluate("() => document.querySelectorAll('script:not([src]), iframe, img, svg:not(.wires), style').length") == 0
    assert page.evaluate("() => [...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))") is False


def test_hostile_report_runs_nothing(browser, tmp_path):
    out = tmp_path / "hostile.html"
    write_private(out, html_report.render(persona_report(hostile_persona())))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    dialogs, errors, csp = [], [], []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(out.as_uri())
    pg.wait_for_selector("#board .node.fragment")
    for link in pg.locator("a").all():
        link.hover()
    pg.hover(".node.fragment")
    pg.wait_for_timeout(300)
    pg.screenshot(path=str(ARTIFACTS / "report-hostile.png"), full_page=True)
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 1280  # long hostile strings wrap
    assert pg.evaluate(PWNED) and not dialogs and not errors
    assert not csp, csp  # nothing even tried to run: the CSP had nothing to block
    text = pg.evaluate("() => document.body.innerText")
    assert "<script>window.__pwned='name';alert(1)</script>Mallory Evans" in text  # shown as text
    hrefs = pg.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://") for h in hrefs), hrefs
    assert pg.evaluate("() => document.querySelectorAll('iframe, img, svg:not(.wires), style').length") == 1  # our <style>
    context.close()


def test_report_prints_cleanly(browser, tmp_path):
    out = tmp_path / "jess.html"
    write_private(out, html_report.render(persona_report(personas()["jess"])))
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(out.as_uri())
    pg.wait_for_selector("#board .node.capability")
    pg.screenshot(path=str(ARTIFACTS / "report-jess.png"), full_page=True)
    pdf = pg.pdf(path=str(ARTIFACTS / "report-jess.pdf"), format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 20000
    pg.emulate_media(media="print")
    assert pg.is_hidden("#picture .noprint") and pg.is_hidden(".wires")
    pg.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert pg.evaluate("() => [...document.querySelectorAll('details')].every(d => d.open)")  # sources print too
    context.close()


def test_live_view_never_says_no_account_for_a_network_it_could_not_check(browser, fake_api):
    from footprint.settings import ScanSettings

    settings = ScanSettings(endpoints={"github": f"http://127.0.0.1:{fake_api.port}/github", "keybase": "http://127.0.0.1:9/k",
                                       "hackernews": "http://127.0.0.1:9/h"},
                            networks=("github", "keybase", "hackernews"), allow_private=True, timeout=3)
    with LiveServer(create_app(pace=0.05, settings=settings)) as live:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        pg = context.new_page()
        pg.goto(live.url + "/")
        pg.fill("#handle", "nobodyatall")
        pg.click("#scan")
        pg.wait_for_selector("body[data-scan=done]", timeout=20000)
        shot(pg, "live-partial-coverage")
        text = visible_text(pg)
        context.close()
    assert "Could not check Keybase and Hacker News" in text or "Could not check Hacker News and Keybase" in text
    assert "Not found on GitHub" in text and "No account on" not in text
    assert "Keep it that way" not in text and "Not enough could be checked to say you are safe" in text
    assert "1 of 3 networks could be checked" in text


def story_to(pg, wanted) -> None:
    """Step through the story until `wanted(pg)` holds (or it ends)."""
    total = int(re.search(r"of (\d+)", pg.text_content("#status")).group(1))
    for _ in range(total):
        if wanted(pg):
            return
        pg.keyboard.press("Space")
    assert wanted(pg)


def test_story_shows_the_three_lessons_for_jess(page, server):
    run_demo(page, server, "jess")
    page.keyboard.press("s")
    story_to(page, lambda pg: "shows their email" in pg.text_content("#caption"))
    assert "password resets" in page.text_content("#caption")
    page.wait_for_timeout(900)
    shot(page, "lessons-jess-email")
    story_to(page, lambda pg: "says where it was taken" in pg.text_content("#caption"))
    assert "GPS" in page.text_content("#caption")
    page.wait_for_timeout(900)
    shot(page, "lessons-jess-photo-location")
    story_to(page, lambda pg: pg.locator("ol.guesses").count() == 1)
    assert "Guess number 2 is their password" in page.text_content("#caption")
    assert page.locator("ol.guesses li.hit").count() == 1
    assert "Biscuit" not in page.text_content("#board")  # values hidden: the dog's name is masked in the guesses too
    shot(page, "lessons-jess-guesses")
    assert not page.errors


def test_story_ends_with_no_guess_right_for_the_careful_persona(page, server):
    page.goto(server.url + "/")
    page.select_option("#persona", "sol")
    page.click("#demo")
    page.wait_for_selector("body[data-scan=done]", timeout=15000)
    page.keyboard.press("s")
    story_to(page, lambda pg: pg.locator("ol.guesses").count() == 1)
    assert "None of the ten is their password" in page.text_content("#caption")
    assert page.locator("ol.guesses li").count() == 10 and page.locator("ol.guesses li.hit").count() == 0
    shot(page, "lessons-sol-guesses")
    assert not page.errors


def test_demo_report_shows_the_guesses_and_a_real_one_never_does(browser, tmp_path):
    from dataclasses import replace

    jess = persona_report(personas()["jess"])
    out = tmp_path / "jess.html"
    write_private(out, html_report.render(jess))
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.goto(out.as_uri())
    pg.locator("#guesses").scroll_into_view_if_needed()
    assert pg.locator("#guesses ol.guesses li").count() == 10 and "Biscuit1403" in pg.text_content("#guesses li.hit")
    pg.locator("#guesses").screenshot(path=str(ARTIFACTS / "report-jess-guesses.png"))
    pg.locator("#fix").screenshot(path=str(ARTIFACTS / "report-jess-fix-plan.png"))
    real = replace(jess, demo=False)  # the same data, not from the demo network: no guesses shown
    assert "What a stranger would try first" not in html_report.render(real)
    context.close()
