"""The internet misbehaves; footprint must not cry wolf, hang or crash.

A real server on 127.0.0.1 (tests/faults.py) serves slow, hung, rate-limited, reset, oversized, malformed,
login-redirected and WAF responses; each is checked through the site-list checker and the HTTP layer.
"""
import asyncio
import json
import socket
import subprocess
import sys
import threading
import time

import pytest

from collectors.http import HttpConfig, allowance
from footprint.model import Target
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
from tests.conftest import ROOT, run_cli
from tests.faults import FaultServer

FAULTS = ["real", "everyone", "slow", "drip", "ratelimited_once", "ratelimited", "error503", "reset", "big",
          "loginredirect", "waf200", "waf403", "waf503", "captcha", "redirectloop"]


@pytest.fixture(scope="module")
def faults():
    server = FaultServer().start()
    yield server
    server.close()


def site_list(tmp_path, server, names=FAULTS):
    # Each fault is a site of its own, as on the internet: the one that asks for an hour's pause is on another
    # host name, since a pause is kept for the whole host that asked for it (so its neighbours are not asked)
    def base(f):
        return server.base.replace("127.0.0.1", "localhost") if f == "ratelimited" else server.base
    sites = [{"name": f, "uri_check": f"{base(f)}/{f}/{{account}}", "e_code": 200, "e_string": 'class="profile"',
              "m_code": 404, "m_string": "Not Found"} for f in names]
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"sites": sites}))
    return path


def sweep(tmp_path, server, handle, **http):
    config = HttpConfig(timeout=1.5, backoff=0.05, max_wait=2.0, deadline=20, reuse=None, **http)
    settings = ScanSettings(sites_file=str(site_list(tmp_path, server)), only_list=True, depth=0, allow_private=True)
    started = time.monotonic()
    accounts = asyncio.run(Scanner(settings, http=config).collect(Target(handle)))
    return {a.network: a for a in accounts}, time.monotonic() - started


def test_a_straggling_site_checks_its_canary_alongside_so_a_found_handle_does_not_wait_twice(tmp_path, faults):
    # Nine sites answer at once; the tenth holds the handle's answer until its canary request arrives. Once
    # nine in ten have answered, the straggler's canary must go out while the handle is still waiting.
    sites = [{"name": f"fast{i}", "uri_check": f"{faults.base}/real/{{account}}", "e_code": 200, "e_string": 'class="profile"',
              "m_code": 404, "m_string": "Not Found"} for i in range(9)]
    sites.append({"name": "slowsite", "uri_check": f"{faults.base}/waitcanary/{{account}}", "e_code": 200,
                  "e_string": 'class="profile"', "m_code": 404, "m_string": "Not Found"})
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"sites": sites}))
    scanner = Scanner(ScanSettings(sites_file=str(path), only_list=True, depth=0, allow_private=True), http=HttpConfig(timeout=8, reuse=None))
    got = {a.network: a for a in asyncio.run(scanner.collect(Target("realuser")))}
    assert faults.canary_first is True
    assert got["slowsite"].status == "found"
    assert "a random never-registered name was not found (canary)" in got["slowsite"].evidence
    assert all(got[f"fast{i}"].status == "found" for i in range(9))


def test_only_genuine_accounts_are_found_and_every_fault_is_unknown_with_a_reason(tmp_path, faults):
    got, elapsed = sweep(tmp_path, faults, "realuser")
    found = sorted(n for n, a in got.items() if a.status == "found")
    assert found == ["ratelimitedonce", "real"]
    reasons = {n: a.reason for n, a in got.items()}
    assert "canary" in reasons["everyone"]
    assert reasons["slow"] == "timeout" and reasons["drip"] == "timeout"
    assert reasons["ratelimited"].startswith("rate limited (429")
    assert reasons["error503"] == "server error (503)"
    assert reasons["reset"] == "connection reset"
    assert reasons["big"] == "response too large"
    assert reasons["loginredirect"].startswith("login wall")
    assert reasons["waf200"].startswith("WAF") and reasons["waf403"].startswith("WAF") and reasons["waf503"].startswith("WAF")
    assert reasons["captcha"] == "captcha page"
    assert reasons["redirectloop"].startswith("detection broken: a redirect (HTTP 302)")  # never followed
    assert all(got[n].status == "unknown" for n in got if n not in found)
    assert elapsed < 12  # nothing hangs: the 5 s stall and the drip are cut at the 1.5 s request timeout


def test_found_carries_confidence_and_evidence(tmp_path, faults):
    got, _ = sweep(tmp_path, faults, "realuser")
    real = got["real"]
    assert 0.5 < real.confidence <= 1.0
    assert any("canary" in e for e in real.evidence) and any("realuser" in e for e in real.evidence)
    assert real.profile["og:title"] == "realuser"


def test_absent_name_is_not_found_where_the_site_says_so(tmp_path, faults):
    got, _ = sweep(tmp_path, faults, "nobodyhere")
    assert got["real"].status == "not_found" and got["ratelimitedonce"].status == "not_found"
    assert not any(a.status == "found" for a in got.values())


def test_retry_after_is_honoured_before_retrying(tmp_path, faults):
    before = faults.hits.get("rl:waiter", 0)
    config = HttpConfig(timeout=2, backoff=0.05, reuse=None)
    settings = ScanSettings(sites_file=str(site_list(tmp_path, faults, ["ratelimited_once"])), only_list=True, depth=0, allow_private=True)
    started = time.monotonic()
    asyncio.run(Scanner(settings, http=config).collect(Target("waiter")))
    assert faults.hits["rl:waiter"] - before >= 2
    assert time.monotonic() - started >= 1.0  # Retry-After: 1


def test_scan_deadline_turns_slow_checks_into_unknown(tmp_path, faults):
    config = HttpConfig(timeout=30, deadline=1.0, reuse=None)
    settings = ScanSettings(sites_file=str(site_list(tmp_path, faults, ["slow", "real"])), only_list=True, depth=0, allow_private=True)
    started = time.monotonic()
    got = {a.network: a for a in asyncio.run(Scanner(settings, http=config).collect(Target("realuser")))}
    assert time.monotonic() - started < 4
    assert got["slow"].status == "unknown" and got["real"].status == "found"


def test_collectors_read_malformed_and_hostile_bodies_as_unknown(faults):
    from collectors import REGISTRY
    from collectors.http import Http

    async def go():
        async with Http(HttpConfig(allowed=allowance([faults.base]), timeout=1.5, retries=0, reuse=None)) as http:
            keys = [(f, n) for f in ("malformed", "waf200", "error503", "big", "slow") for n in REGISTRY]
            got = await asyncio.gather(*(REGISTRY[n](f"{faults.base}/{f}").collect("realuser", http) for f, n in keys))
            return dict(zip(keys, got))

    for (fault, network), account in asyncio.run(go()).items():
        assert account.status != "found", (fault, network, account.reason)
        if fault != "waf200":
            assert account.status == "unknown", (fault, network, account.reason)
        assert account.reason


def test_cli_only_list_sweep_against_fault_server(tmp_path, faults):
    path = site_list(tmp_path, faults, ["real", "everyone", "waf403", "error503"])
    result = run_cli("scan", "realuser", "--only-list", "--sites", str(path), "--allow-private", "--json",
                     "--timeout", "2", "--depth", "0")
    assert result.returncode == 0, result.stderr
    statuses = {a["network"]: a["status"] for a in json.loads(result.stdout)["accounts"]}
    assert statuses == {"real": "found", "everyone": "unknown", "waf403": "unknown", "error503": "unknown"}


@pytest.mark.parametrize("limit", [1, 4])
def test_per_host_limit_is_respected(faults, limit):
    from collectors.http import Http

    async def go():
        config = HttpConfig(allowed=allowance([faults.base]), reuse=None, retries=0, host_limits={"127.0.0.1": limit})
        async with Http(config) as http:
            await asyncio.gather(*(http.get(f"{faults.base}/inflight/u{i}") for i in range(8)))

    faults.peak = 0
    asyncio.run(go())
    assert faults.peak == limit  # one at a time where a network asks for it (Lichess, Chess.com)


def test_a_pause_asked_for_by_a_network_delays_the_next_call(faults):
    from collectors.http import Http

    async def go():
        async with Http(HttpConfig(allowed=allowance([faults.base]), reuse=None, retries=0)) as http:
            http.cool_down("127.0.0.1", 1.0)
            started = time.monotonic()
            await http.get(f"{faults.base}/real/realuser")
            return time.monotonic() - started

    assert asyncio.run(go()) >= 0.9


def test_stored_answers_are_reused_and_errors_are_never_stored(faults):
    from collectors.http import Http
    from footprint.store import Store

    async def go(store):
        async with Http(HttpConfig(allowed=allowance([faults.base]), retries=0), store=store, target="realuser") as http:
            first = await http.get(f"{faults.base}/real/realuser")
            second = await http.get(f"{faults.base}/real/realuser")
            for _ in range(2):
                await http.get(f"{faults.base}/error503/realuser")
            return first, second, http.stats

    with Store() as store:
        before = dict(faults.hits)
        first, second, stats = asyncio.run(go(store))
        assert first.text == second.text and stats["from_store"] == 1
        assert faults.hits["real"] - before.get("real", 0) == 1
        assert faults.hits["error503"] - before.get("error503", 0) == 2  # a 503 is asked again, not replayed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs all of 127/8 on loopback, as Linux has")
@pytest.mark.parametrize("hard", [None, 256], ids=["limit-can-be-raised", "limit-is-fixed"])
def test_a_big_sweep_survives_a_small_open_files_limit(tmp_path, hard):
    # macOS starts processes with room for 256 open files; a sweep leaves a connection open at every site, so
    # 300 sites would run out ("Too many open files") and report sites it never reached as unknown. Where the
    # limit can be raised it is; where it cannot, idle connections are closed to make room.
    import resource

    addresses = [f"127.0.{1 + i // 200}.{1 + i % 200}" for i in range(300)]
    ready, port = threading.Event(), []

    async def answer(reader, writer):
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nNot Found")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    def serve():
        async def main():
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port.append(probe.getsockname()[1])
            await asyncio.start_server(answer, host=addresses, port=port[0], reuse_address=True, backlog=512)
            ready.set()
            await asyncio.Event().wait()
        asyncio.run(main())

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(10)
    sites = [{"name": f"site{i}", "uri_check": f"http://{a}:{port[0]}/{{account}}", "e_code": 200, "e_string": "x",
              "m_code": 404, "m_string": "Not Found"} for i, a in enumerate(addresses)]
    (tmp_path / "sites.json").write_text(json.dumps({"sites": sites}))
    code = ("import asyncio, json, sys; from collectors.http import HttpConfig; from footprint.model import Target; "
            "from footprint.scanner import Scanner; from footprint.settings import ScanSettings; "
            "s = Scanner(ScanSettings(sites_file=sys.argv[1], only_list=True, depth=0, allow_private=True), http=HttpConfig(reuse=None, retries=0)); "
            "print(json.dumps([[a.status, a.reason] for a in asyncio.run(s.collect(Target('someone')))]))")

    def small_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard or resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "sites.json")], capture_output=True, text=True,
                          cwd=ROOT, preexec_fn=small_limit, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
    results = json.loads(proc.stdout)
    assert len(results) == 300
    assert [r for r in results if r[0] != "not_found"] == []
