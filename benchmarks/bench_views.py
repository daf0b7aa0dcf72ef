"""Views: page weight, time to build a view, and in a real headless Chromium the time to first paint and
from "Run demo" to the first account, the first unlocked capability and the finished picture.
Run with `make bench` (figures only; no test depends on them)."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from footprint.demo import personas  # noqa: E402
from reports import html_report, view  # noqa: E402
from footprint.web.app import create_app  # noqa: E402
from tests.live_helpers import LiveServer, chromium_path, CHROMIUM_FLAGS, persona_report  # noqa: E402


def timed(fn, n=20):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    reports = {p: persona_report(persona) for p, persona in personas().items()}
    for name, r in reports.items():
        ms_view = timed(lambda: view.build(r, redact=True))
        ms_html = timed(lambda: html_report.render(r))
        size = len(html_report.render(r).encode())
        print(f"{name:6} view.build {ms_view:6.1f} ms   HTML report {ms_html:6.1f} ms, {size / 1024:5.1f} KiB (self-contained)")

    with LiveServer(create_app(pace=0)) as live:
        page = httpx.get(live.url + "/")
        weight = len(page.content)
        for name in ("footprint.css", "graph.js", "live.js"):
            weight += len(httpx.get(f"{live.url}/static/{name}").content)
        print(f"live page weight: {weight / 1024:.1f} KiB in 4 requests (HTML, CSS, 2 scripts), no fonts, no images, no third party")
        path = chromium_path()
        if path is None:
            print("no Chromium: browser figures skipped")
            return
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
            runs = {"fcp": [], "account": [], "unlock": [], "done": []}
            for _ in range(5):
                pg = browser.new_page(viewport={"width": 1280, "height": 720})
                pg.goto(live.url + "/")
                runs["fcp"].append(pg.evaluate("""() => new Promise(done => {
                    new PerformanceObserver(list => {
                      const e = list.getEntries().find(x => x.name === 'first-contentful-paint');
                      if (e) done(e.startTime);
                    }).observe({type: 'paint', buffered: true});
                    setTimeout(() => done(NaN), 3000);
                  })"""))
                pg.select_option("#persona", "jess")
                t = time.perf_counter()
                pg.click("#demo")
                pg.wait_for_selector(".node.account")
                runs["account"].append((time.perf_counter() - t) * 1000)
                pg.wait_for_selector(".node.capability.satisfied")
                runs["unlock"].append((time.perf_counter() - t) * 1000)
                pg.wait_for_selector("body[data-scan=done]")
                runs["done"].append((time.perf_counter() - t) * 1000)
                pg.close()
            browser.close()
        print("headless Chromium, jess, pace 0, median of 5 (ms): " + ", ".join(
            f"{k} {statistics.median(v):.0f}" for k, v in
            (("first contentful paint", runs["fcp"]), ("click -> first account", runs["account"]),
             ("-> first unlock", runs["unlock"]), ("-> scan done", runs["done"]))))


if __name__ == "__main__":
    main()
