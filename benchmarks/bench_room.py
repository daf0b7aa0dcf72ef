"""The classroom room (`footprint serve --room`), as a room uses it, on the demo network: the real command in a
process of its own on 127.0.0.1, and simulated phones (httpx) that join, say yes, pick a made-up person and wait
for their result. Figures: time from joining to the first account found and to the whole result (one phone in a
quiet room, then 30 at once), page weight of both pages, and the room's memory with 30 students.
Run with `make bench` (figures only; no test depends on them). Every request goes to 127.0.0.1 and stops by itself."""
from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = ("jess", "amara", "dan", "sol")
STUDENTS = 30


def rss_mib(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


async def student(client: httpx.AsyncClient, join: str, persona: str) -> dict[str, float]:
    """One phone: open the join page, agree, pick a persona, read the stream until the result is there."""
    t0 = time.perf_counter()
    (await client.get(join)).raise_for_status()
    (await client.post(join + "/api/hello", json={})).raise_for_status()
    (await client.post(join + "/api/scan", json={"persona": persona})).raise_for_status()
    out: dict[str, float] = {}
    async with client.stream("GET", join + "/api/events") as r:
        async for line in r.aiter_lines():
            if not line.startswith("data: "):
                continue
            state = json.loads(line[6:])
            if state["found"] and "first" not in out:
                out["first"] = time.perf_counter() - t0
            if state["state"] in ("done", "failed"):
                out["done"] = time.perf_counter() - t0
                out["ok"] = state["state"] == "done"
                out.setdefault("first", out["done"])
                return out
    raise RuntimeError("stream ended early")


def summary(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
    return f"median {statistics.median(values) * 1000:6.0f} ms, p90 {p90 * 1000:6.0f} ms, max {values[-1] * 1000:6.0f} ms"


async def run(base: str, join: str, pid: int) -> None:
    async with httpx.AsyncClient(timeout=120) as c:
        page = await c.get(join)
        weights = {"student": len(page.content), "presenter": 0}
        for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
            weights["student"] += len((await c.get(base + src)).content)
    print(f"page weight: student page {weights['student'] / 1024:.1f} KiB in 3 requests (HTML, CSS, one script), "
          "no fonts, no images, no third party")

    quiet = []
    for i in range(5):  # one phone at a time in a quiet room: what the first student waits
        async with httpx.AsyncClient(timeout=120) as phone:
            quiet.append(await student(phone, join, PERSONAS[i % 4]))
    print(f"1 phone, quiet room: join -> first account {summary([q['first'] for q in quiet])}")
    print(f"                     join -> whole result  {summary([q['done'] for q in quiet])}")
    idle = rss_mib(pid)

    phones = [httpx.AsyncClient(timeout=300) for _ in range(STUDENTS)]
    t0 = time.perf_counter()
    results = await asyncio.gather(*(student(p, join, PERSONAS[i % 4]) for i, p in enumerate(phones)))
    wall = time.perf_counter() - t0
    for p in phones:
        await p.aclose()
    assert all(r["ok"] for r in results), results
    busy = rss_mib(pid)
    print(f"{STUDENTS} phones at once:    join -> first account {summary([r['first'] for r in results])}")
    print(f"                     join -> whole result  {summary([r['done'] for r in results])}  (all done in {wall:.1f} s)")
    print(f"room memory (RSS): {idle['VmRSS']:.1f} MiB ready and after 5 checks, {busy['VmRSS']:.1f} MiB with {STUDENTS + 5} "
          f"students' results held, peak {busy['VmHWM']:.1f} MiB")


def in_a_browser(join: str) -> None:
    """A phone-sized Chromium: from opening the join address to the result on screen (consent tapped at once)."""
    sys.path.insert(0, str(ROOT))
    from tests.live_helpers import CHROMIUM_FLAGS, chromium_path

    path = chromium_path()
    if path is None:
        print("no Chromium: browser figure skipped")
        return
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        for i in range(5):
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            pg = ctx.new_page()
            t0 = time.perf_counter()
            pg.goto(join)
            pg.click("#agree")
            pg.click(f"[data-persona={PERSONAS[i % 4]}]")
            pg.wait_for_selector("body[data-result='1']", timeout=60000)
            times.append(time.perf_counter() - t0)
            ctx.close()
        browser.close()
    print(f"in Chromium (phone size): open join address -> tap Start -> pick a person -> result shown: {summary(times)}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FOOTPRINT_HOME": f"{tmp}/home", "FOOTPRINT_CACHE": f"{tmp}/cache", "NO_COLOR": "1"}
        env.pop("GITHUB_TOKEN", None)
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "footprint", "serve", "--room", "--host", "127.0.0.1", "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        try:
            present = proc.stdout.readline().strip().split(" ", 1)[1]
            join = proc.stdout.readline().strip().split(" ", 1)[1]
            base = join.split("/join/")[0]
            key = present.split("key=")[1]
            while True:
                try:
                    if httpx.get(f"{base}/room/tally", params={"key": key}, timeout=60).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            print(f"room ready (command start to first answer, with the analysis loaded, no cache on disk): "
                  f"{time.perf_counter() - started:.1f} s")
            presenter = httpx.get(present)
            weight = len(presenter.content) + sum(len(httpx.get(base + s).content)
                                                  for s in re.findall(r'(?:src|href)="(/static/[^"]+)"', presenter.text))
            print(f"page weight: presenter page {weight / 1024:.1f} KiB (the QR code is drawn inside the HTML)")
            asyncio.run(run(base, join, proc.pid))
            in_a_browser(join)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=30)
        written = [p for p in Path(tmp).rglob("*") if p.is_file()]
        print(f"files written during the room: {len(written)}")


if __name__ == "__main__":
    main()
