"""Record at home, replay at the venue: the store through the real command. Also forget, sites and pivots."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from collectors.pivots import pivots_from
from footprint.model import Account, Document
from footprint.store import Store
from tests.conftest import ROOT, run_cli
from tests.faults import FaultServer


def statuses(stdout: str) -> dict:
    return {a["id"]: a["status"] for a in json.loads(stdout)["accounts"]}


def test_scan_is_recorded_replays_offline_and_forget_removes_it(fake_api):
    args = ["scan", "dwhitfield", *fake_api.endpoint_args(), "--allow-private", "--json"]
    online = run_cli(*args)
    assert online.returncode == 0, online.stderr
    fake_api.httpd.shutdown()
    fake_api.httpd.server_close()
    replay = run_cli(*args, "--offline")
    assert replay.returncode == 0, replay.stderr
    assert statuses(replay.stdout) == statuses(online.stdout)
    assert json.loads(replay.stdout)["fragments"] == json.loads(online.stdout)["fragments"]

    forgot = run_cli("forget", "dwhitfield")
    assert forgot.returncode == 0
    assert "Forgot dwhitfield: removed" in forgot.stdout and "responses" in forgot.stdout and "results" in forgot.stdout
    gone = run_cli(*args, "--offline")
    assert gone.returncode == 1 and "offline: nothing stored for dwhitfield" in gone.stderr
    assert len(gone.stderr.strip().splitlines()) == 1
    assert run_cli("forget", "dwhitfield").returncode == 0
    assert run_cli("forget", "dwhitfield").stdout.startswith("Nothing stored about dwhitfield")


def test_interrupted_scan_keeps_what_it_found(tmp_path):
    server = FaultServer().start()
    try:
        sites = tmp_path / "sites.json"
        sites.write_text(json.dumps({"sites": [
            {"name": n, "uri_check": f"{server.base}/{f}/{{account}}", "e_code": 200, "e_string": 'class="profile"', "m_code": 404, "m_string": "Not Found"}
            for n, f in (("fast", "real"), ("stuck", "slow"))]}))
        env = {**os.environ, "NO_COLOR": "1"}
        proc = subprocess.Popen([sys.executable, "-m", "footprint", "scan", "realuser", "--only-list", "--sites", str(sites),
                                 "--allow-private", "--timeout", "30", "--depth", "0"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with Store() as store:
            for _ in range(100):
                if store.accounts("realuser"):
                    break
                time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=20)
        assert proc.returncode == 130
        assert "stopped. 1 result kept in the store" in stderr and "Traceback" not in stderr
        with Store() as store:
            kept = store.accounts("realuser")
        assert [(a.network, a.status) for a in kept] == [("fast", "found")]
        # what was kept replays offline, with the server gone
        server.close()
        replay = run_cli("scan", "realuser", "--only-list", "--sites", str(sites), "--allow-private", "--depth", "0",
                         "--offline", "--json")
        assert replay.returncode == 0, replay.stderr
        assert statuses(replay.stdout) == {"fast:realuser": "found", "stuck:realuser": "unknown"}
    finally:
        server.close()


def test_sites_list_shows_each_network_and_its_method():
    result = run_cli("sites", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = {r["network"]: r for r in json.loads(result.stdout)}
    assert rows["github"]["method"] == "api" and rows["tiktok"]["method"] == "site list"
    assert "found_when" in rows["instagram"]


def test_sites_update_downloads_the_community_list_with_its_licence(tmp_path, footprint_home):
    body = json.dumps({"license": ["CC BY-SA 4.0"], "authors": ["WebBreacher", "C3n7ral051nt4g3ncy"],
                       "sites": [{"name": "ExampleForum", "uri_check": "https://forum.example.org/u/{account}", "e_code": 200,
                                  "e_string": "profile", "m_code": 404, "m_string": "", "known": ["admin"], "cat": "social"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/wmn-data.json"
        refused = run_cli("sites", "update", "--url", url)  # a local address only when the user says so
        result = run_cli("sites", "update", "--url", url, "--allow-private")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert refused.returncode == 1 and "refused: 127.0.0.1 is a private address" in refused.stderr
    assert result.returncode == 0, result.stderr
    assert "CC BY-SA 4.0" in result.stdout and "WebBreacher" in result.stdout
    assert (footprint_home / "wmn-data.json").exists()
    listed = {r["network"]: r for r in json.loads(run_cli("sites", "list", "--json").stdout)}
    assert listed["exampleforum"]["method"] == "site list (wmn-data.json)"
    assert not list(ROOT.glob("**/wmn-data.json"))  # the community list is never part of the repository


def test_bad_site_list_and_bad_proxy_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"sites": [{"name": "x", "uri_check": "https://example.org/"}]}')
    result = run_cli("scan", "someone", "--sites", str(bad), "--only-list")
    assert result.returncode == 2 and "{account}" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("scan", "someone", "--proxy", "ftp://nowhere")
    assert result.returncode == 2 and "proxy" in result.stderr


def test_pivots_never_point_at_private_addresses():
    a = Account("github", "someone", "https://github.com/someone", "found")
    a.links += [("url", "http://127.0.0.1/@admin", "blog"), ("url", "https://10.1.2.3/@bob", "blog"),
                ("url", "https://intranet.local/@eve", "blog"), ("handle", "mastodon:eve@localhost", "bio"),
                ("url", "https://hachyderm.io/@someone", "social_accounts:mastodon"), ("url", "https://www.tiktok.com/@someone_tt", "social")]
    a.documents.append(Document(a.id, "field:bio", "talk to me at @bob@192.168.1.10 or @carol@fosstodon.org, or carol@example.org"))
    got = {(p.network, p.handle) for p in pivots_from(a, {"mastodon", "tiktok", "gravatar"})}
    assert got == {("mastodon", "someone@hachyderm.io"), ("tiktok", "someone_tt"), ("mastodon", "carol@fosstodon.org"),
                   ("gravatar", "carol@example.org")}


def test_demo_pivots_keep_the_link_as_evidence():
    result = run_cli("demo", "dan", "--json")
    accounts = {a["id"]: a for a in json.loads(result.stdout)["accounts"]}
    mastodon = accounts["mastodon:dwhitfield@hachyderm.io"]
    # GitHub's social account and the rel=me link on Dan's Lobsters page both lead there; either is evidence
    assert mastodon["status"] == "found" and mastodon["via"] in (
        "github:dwhitfield social_accounts:mastodon https://hachyderm.io/@dwhitfield",
        "lobsters:dwhitfield profile page (rel=me) https://hachyderm.io/@dwhitfield")
    assert accounts["gravatar:danwhitfield"]["via"].startswith("hackernews:dwhitfield field:about")
