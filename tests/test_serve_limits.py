"""`serve` on a real socket: every route refuses a body over the small cap with 413 before reading it, the
view works on any loopback address it is bound to, and its masked view hides the labels a person chose."""
import json
import re
import socket
import subprocess
import sys
import time

import copy

import httpx
import pytest
from rich.console import Console

from footprint.demo import Persona, personas
from footprint.web.app import create_app
from reports import terminal
from reports import view as views
from tests.conftest import ROOT
from tests.live_helpers import LiveServer, persona_report

ROUTES = ["/", "/static/footprint.css", "/api/scans", "/api/scans/nosuchscan/events",
          "/api/scans/nosuchscan/report.html", "/no/such/page"]


@pytest.fixture(scope="module")
def server():
    with LiveServer(create_app(pace=0)) as live:
        yield live


def raw(port: int, head: str, body_chunks) -> int:
    """Send a request by hand (a declared length that is a lie, or chunks with no length) and read the status."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head.encode())
        try:
            for chunk in body_chunks:
                s.sendall(chunk)
        except OSError:
            pass  # the server stopped reading: that is the point
        s.settimeout(10)
        status = s.recv(4096).split(b"\r\n", 1)[0]
    return int(status.split()[1])


@pytest.mark.parametrize("path", ROUTES)
def test_every_route_refuses_a_big_body_with_413(server, path):
    big = b"x" * 200_000
    declared = httpx.post(server.url + path, content=big, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413, (path, declared.status_code)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
    chunks = (f"{len(piece):x}\r\n".encode() + piece + b"\r\n" for piece in [b"y" * 16384] * 64)
    assert raw(server.port, head, chunks) == 413, path  # no length given: counted as it arrives


def test_a_small_scan_request_still_works(server):
    r = httpx.post(server.url + "/api/scans", json={"persona": "jess"})
    assert r.status_code == 200 and r.json()["id"]
    assert httpx.get(server.url + "/").status_code == 200


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs all of 127/8 on loopback, as Linux has")
def test_serve_works_on_any_loopback_address_it_is_bound_to():
    proc = subprocess.Popen([sys.executable, "-m", "footprint", "serve", "--host", "127.0.0.2", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.2:\d+/", line).group(0)
        deadline = time.monotonic() + 20
        while True:
            try:
                page = httpx.get(url, timeout=5)
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert page.status_code == 200 and "footprint" in page.text
        forged = httpx.get(url, headers={"Host": "attacker.example"}, timeout=5)
        assert forged.status_code == 421  # the DNS-rebinding check still holds
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_redaction_masks_the_labels_a_person_gave_their_mastodon_fields():
    # Dan's Mastodon profile, with two more fields whose labels are his own words (and name him).
    dan = personas()["dan"]
    responses = copy.deepcopy(dan.responses)
    lookup = responses["https://hachyderm.io/api/v1/accounts/lookup?acct=dwhitfield"]["json"]
    lookup["fields"] += [{"name": "Whitfield family blog", "value": "our dog is called Pickle", "verified_at": None},
                         {"name": "Northgate Academy", "value": "I live in Bristol", "verified_at": None}]
    report = persona_report(Persona(dan.id, dan.handle, dan.title, dan.summary, responses))
    sources = {e.source for f in report.fragments for e in f.evidence}
    assert "field:Whitfield family blog" in sources  # the label names where the words are, unmasked
    masked = json.dumps(views.build(report, redact=True))
    screen = Console(record=True, width=200, color_system=None)
    terminal.render(report, screen, redact=True)
    shown = screen.export_text()
    for label in ("Whitfield family", "Northgate"):
        assert label not in masked and label not in shown, label
    assert "field:W******** f***** b***" in masked
