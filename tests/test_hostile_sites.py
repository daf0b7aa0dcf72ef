"""Hostile sites: decompression bombs, redirects to every kind of private address, a proxy that must never be
asked, a pre-scan probe that must not connect where requests may not, and `sites update` against a flood.

Every server here is real and on 127.0.0.1.
"""
import asyncio
import json
import socket
import subprocess
import sys
import threading
import time

import pytest

from collectors.http import Http, HttpConfig, allowance
from collectors.transport.errors import PrivateAddressError
from tests.bombs import BombServer
from tests.conftest import ROOT, run_cli
from tests.logging_server import LoggingServer

# The child scans the bomb server's site list and says what it found and how much memory it ever held (VmHWM:
# ru_maxrss would count the parent's memory too, inherited across fork and exec).
PEAK = """
import asyncio, json, re, sys
from footprint.model import Target
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
settings = ScanSettings(sites_file=sys.argv[1], only_list=True, depth=0, allow_private=True, retries=0)
accounts = asyncio.run(Scanner(settings).collect(Target("realuser")))
print(json.dumps({"accounts": {a.network: [a.status, a.reason] for a in accounts},
                  "peak_mb": int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak from /proc/self/status")
def test_a_scan_that_meets_decompression_bombs_stays_small_reports_each_as_too_large_and_goes_on(tmp_path):
    # 231 bytes of gzip, gzip, gzip; half a megabyte of gzip or deflate; 809 bytes of br: each unpacks to 512 MiB.
    with BombServer() as server:
        sites = tmp_path / "sites.json"
        sites.write_text(json.dumps({"sites": server.sites()}))
        child = subprocess.run([sys.executable, "-c", PEAK, str(sites)], capture_output=True, text=True, cwd=ROOT,
                               timeout=120)
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout)
    assert result["accounts"]["real"][0] == "found"  # the scan went on past the bombs
    for bomb in ("gzip3", "gzip", "deflate", "br"):
        assert result["accounts"][bomb] == ["unknown", "response too large"], bomb
    assert result["peak_mb"] < 300, result["peak_mb"]


class Listener:
    """A bare TCP listener on 127.0.0.1 that counts the connections made to it (and answers none)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


# Every kind of address that is not the public internet, as a redirect's Location would name it.
def private_targets(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/same-host-other-port", f"http://127.1:{port}/short", f"http://0x7f.1:{port}/hex",
        f"http://0177.1:{port}/octal", f"http://2130706433:{port}/one-number", f"http://127.0.0.1.:{port}/dot",
        "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.100.100.200/latest/meta-data",
        "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data", "http://169.254.43518/", "http://0.0.0.0/",
        "http://224.0.0.1/", "http://239.255.255.250/", "http://255.255.255.255/", "http://192.0.0.8/",
        "http://198.18.0.1/", "http://240.0.0.1/",
        "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/",
        "http://[2002:7f00:1::1]/", "http://[2002:a9fe:a9fe::]/", "http://[64:ff9b::7f00:1]/",
        "http://[64:ff9b::a9fe:a9fe]/", "http://[::127.0.0.1]/", "http://[fe80::1]/", "http://[fc00::1]/",
        "http://[fd12:3456::1]/", "http://[ff02::1]/", "http://[2001:db8::1]/", "http://[64:ff9b:1::1]/",
        "http://localhost/", "http://localhost.localdomain/", "http://ip6-localhost/", "http://printer.local/",
        "http://metadata.internal/", "http://router.lan/", "http://nas.home.arpa/", "http://intranet/",
    ]


def test_a_redirect_from_an_allowed_local_endpoint_to_any_other_private_address_is_refused():
    # --allow-private with --endpoint names this one server (host and port): a redirect from it to any other
    # private address, the same host on another port included, is refused before a connection is opened.
    inside = Listener()
    with LoggingServer() as allowed:
        targets = private_targets(inside.port)
        for i, target in enumerate(targets):
            allowed.redirect(f"/r/{i}", target)
        allowed.route("/ok", {"ok": True})

        async def go():
            out = []
            async with Http(HttpConfig(allowed=allowance([allowed.base]), retries=0, reuse=None, timeout=3)) as http:
                out.append((await http.get(f"{allowed.base}/ok")).status_code)
                for i in range(len(targets)):
                    try:
                        await http.get(f"{allowed.base}/r/{i}")
                        out.append("fetched")
                    except PrivateAddressError as exc:
                        out.append(str(exc))
            return out

        got = asyncio.run(go())
    inside.close()
    assert got[0] == 200  # the named endpoint itself is allowed
    for target, outcome in zip(targets, got[1:], strict=True):
        assert outcome.startswith("refused: "), (target, outcome)
    assert inside.accepted == 0  # nothing reached the other port, in any of its spellings


@pytest.mark.parametrize("url", ["http://127.1/", "http://0x7f.1/", "http://169.254.43518/latest/meta-data",
                                 "http://2130706433/", "http://100.100.100.200/", "http://[2002:7f00:1::]/",
                                 "http://[64:ff9b::a9fe:a9fe]/", "http://localhost.localdomain/", "http://10.1.2.3/"])
def test_through_a_proxy_private_literals_and_local_names_never_reach_the_proxy(url):
    # The proxy resolves names, so only what needs no lookup can be refused here: every IPv4 spelling inet_aton
    # reads, IPv6 forms that carry a private IPv4 address, and local names.
    with LoggingServer() as proxy:
        proxy.route("http://public.example/x", {"via": "proxy"})

        async def go():
            async with Http(HttpConfig(proxy=proxy.base, retries=0, reuse=None, timeout=3)) as http:
                public = await http.get("http://public.example/x")
                with pytest.raises(PrivateAddressError):
                    await http.get(url)
                return public

        public = asyncio.run(go())
    assert public.json() == {"via": "proxy"}
    assert proxy.paths == ["http://public.example/x"]  # the control went through; the private one never did


def test_the_check_before_a_scan_opens_no_connection_a_request_could_not():
    # "Is any network reachable?" used to open a TCP connection to whatever --endpoint named, guard or not.
    target = Listener()
    refused = run_cli("scan", "someone", "--endpoint", f"github=http://127.0.0.1:{target.port}", "--site", "github",
                      "--no-progress", "--timeout", "2")
    before = target.accepted
    allowed = run_cli("scan", "someone", "--endpoint", f"github=http://127.0.0.1:{target.port}", "--site", "github",
                      "--no-progress", "--timeout", "2", "--allow-private")
    target.close()
    assert refused.returncode == 1 and "refused: 127.0.0.1 is a private address" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert before == 0  # not one connection, not even the probe
    assert target.accepted > 0 and "Traceback" not in allowed.stderr  # named with --allow-private: it is asked


def test_allow_private_names_the_endpoint_host_and_port_and_nothing_else(tmp_path):
    # The endpoint redirects to the same loopback address on another port: --allow-private does not cover it.
    other = Listener()
    with LoggingServer() as api:
        api.redirect("/users/someone", f"http://127.0.0.1:{other.port}/users/someone")
        result = run_cli("scan", "someone", "--endpoint", f"github={api.base}", "--site", "github", "--allow-private",
                         "--json", "--depth", "0", "--no-progress")
    other.close()
    assert result.returncode == 1, result.stdout  # nothing answered: the only network was refused
    assert "refused: 127.0.0.1 is a private address" in result.stderr
    assert other.accepted == 0
    assert any(p.startswith("/users/someone") for p in api.paths)


def endless_server(drip: bool = False) -> tuple[socket.socket, int]:
    """A server whose answer never ends: megabytes as fast as it can, or (drip) one byte a second."""
    sock = socket.create_server(("127.0.0.1", 0))

    def serve(conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            piece = b"1\r\n \r\n" if drip else b"100000\r\n" + b" " * 0x100000 + b"\r\n"
            for _ in range(100_000):
                conn.sendall(piece)
                if drip:
                    time.sleep(1)
        except OSError:
            pass
        finally:
            conn.close()

    def accept() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return sock, sock.getsockname()[1]


def test_sites_update_goes_through_the_guard_the_size_cap_and_a_time_limit(footprint_home):
    flood, flood_port = endless_server()
    drip, drip_port = endless_server(drip=True)
    try:
        refused = run_cli("sites", "update", "--url", f"http://127.0.0.1:{flood_port}/wmn-data.json")
        started = time.monotonic()
        flooded = run_cli("sites", "update", "--url", f"http://127.0.0.1:{flood_port}/wmn-data.json", "--allow-private")
        flood_seconds = time.monotonic() - started
        started = time.monotonic()
        dripped = run_cli("sites", "update", "--url", f"http://127.0.0.1:{drip_port}/wmn-data.json", "--allow-private",
                          "--timeout", "2")
        drip_seconds = time.monotonic() - started
    finally:
        flood.close()
        drip.close()
    assert refused.returncode == 1 and "refused: 127.0.0.1 is a private address" in refused.stderr
    assert flooded.returncode == 1 and "response too large" in flooded.stderr and "Traceback" not in flooded.stderr
    assert dripped.returncode == 1 and "timeout" in dripped.stderr and "Traceback" not in dripped.stderr
    assert flood_seconds < 30 and drip_seconds < 20
    assert not (footprint_home / "wmn-data.json").exists()
