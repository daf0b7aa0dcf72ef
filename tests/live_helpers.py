"""Shared by the live-view and browser tests: a real uvicorn server on 127.0.0.1, the test-only hostile persona,
and a real headless Chromium (Debian's package) driven by Playwright."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import uvicorn

from footprint import demo
from footprint.model import Target
from footprint.scanner import Scanner
from footprint.settings import ScanSettings

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
# Headless Chromium in this sandbox: no sandbox as root, and no background traffic to a network we do not have.
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]


def hostile_persona() -> demo.Persona:
    raw = json.loads((Path(__file__).parent / "data" / "hostile.json").read_text(encoding="utf-8"))
    return demo.Persona(raw["id"], raw["handle"], raw["title"], raw["summary"], raw["responses"])


def persona_report(persona: demo.Persona):
    # In a thread of its own: Playwright's sync API keeps an event loop running in the test's thread.
    with ThreadPoolExecutor(1) as pool:
        scanner = Scanner(ScanSettings(demo=True), transport=demo.DemoTransport([persona]))
        return pool.submit(asyncio.run, scanner.scan(Target(persona.handle))).result()


class LiveServer:
    def __init__(self, app) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("live server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("FOOTPRINT_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch_browser(playwright):
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests, but no Chromium was found: .ci/run installs Debian's chromium")
        pytest.skip("no Chromium on this machine (apt-get install chromium, or set FOOTPRINT_CHROMIUM): browser tests skipped")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
