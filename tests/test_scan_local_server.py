"""`footprint scan` against a real HTTP server on 127.0.0.1 that answers like GitHub, Keybase and Hacker News."""
import json
import socket

from tests.conftest import SITE_ARGS, run_cli


def test_scan_against_local_api_server(fake_api):
    result = run_cli("scan", "dwhitfield", *fake_api.endpoint_args(), "--allow-private", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {a["network"]: a["status"] for a in report["accounts"]} == {"github": "found", "keybase": "found", "hackernews": "found"}
    assert any(f["kind"] == "travel" and "Lisbon" in f["value"] for f in report["fragments"])
    assert any(path.startswith("/hackernews/v0/item/") for path in fake_api.hits)


def test_scan_reports_not_found_per_network(fake_api):
    result = run_cli("scan", "quietfox", *fake_api.endpoint_args(), "--allow-private", "--json")
    assert result.returncode == 0
    statuses = {a["network"]: a["status"] for a in json.loads(result.stdout)["accounts"]}
    assert statuses == {"github": "found", "keybase": "not_found", "hackernews": "found"}


def test_loopback_endpoint_refused_without_allow_private(fake_api):
    result = run_cli("scan", "dwhitfield", *fake_api.endpoint_args())
    assert result.returncode == 1
    assert "refused" in result.stderr and "Traceback" not in result.stderr
    assert fake_api.hits == []


def test_unreachable_networks_exit_nonzero_with_one_line():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = []
    for network in ("github", "keybase", "hackernews"):
        args += ["--endpoint", f"{network}=http://127.0.0.1:{port}"]
    result = run_cli("scan", "dwhitfield", *args, *SITE_ARGS, "--allow-private", "--timeout", "2")
    assert result.returncode == 1
    assert "could not reach any network" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_endpoints_from_environment(fake_api):
    pairs = [a for a in fake_api.endpoint_args() if "=" in a]
    result = run_cli("scan", "jessmcr2011", "--allow-private", "--json", *SITE_ARGS, env={"FOOTPRINT_ENDPOINTS": ",".join(pairs)})
    assert result.returncode == 0, result.stderr
    assert any(f["kind"] == "pet_name" for f in json.loads(result.stdout)["fragments"])


def test_bad_endpoint_is_a_usage_error():
    result = run_cli("scan", "dwhitfield", "--endpoint", "github")
    assert result.returncode == 2 and "NETWORK=" in result.stderr
