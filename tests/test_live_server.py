"""The live view's server, driven over real HTTP on 127.0.0.1: what it streams, what it refuses, what it sends."""
import json
import re
import subprocess
import sys

import httpx
import pytest

from footprint.demo import personas
from footprint.web.app import create_app
from tests.conftest import ROOT
from tests.live_helpers import LiveServer, hostile_persona, persona_report


@pytest.fixture(scope="module")
def server():
    people = {**personas(), "hostile": hostile_persona()}
    with LiveServer(create_app(pace=0, personas=people)) as live:
        yield live


def start(server, **body) -> str:
    r = httpx.post(server.url + "/api/scans", json=body)
    assert r.status_code == 200, r.text
    return r.json()["id"]


def events(server, scan_id: str, reveal: bool = False) -> list[tuple[str, dict]]:
    out = []
    params = {"reveal": "1"} if reveal else {}
    with httpx.stream("GET", f"{server.url}/api/scans/{scan_id}/events", params=params, timeout=30) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        for block in r.read().decode().split("\n\n"):
            m = re.match(r"event: (\w+)\ndata: (.*)", block, flags=re.S)
            if m:
                out.append((m.group(1), json.loads(m.group(2))))
    return out


def merged(updates: list[dict]) -> dict:
    """The deltas folded together as the page folds them."""
    final: dict = {}
    for u in updates:
        for key, order in u["order"].items():
            known = {x["id"]: x for x in final.get(key, [])}
            known.update({x["id"]: x for x in u["changed"][key]})
            final[key] = [known[i] for i in order]
    return final


def test_page_and_assets_carry_a_strict_csp_and_load_nothing_from_elsewhere(server):
    r = httpx.get(server.url + "/")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"
    srcs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert srcs and all(s.startswith("/static/") or s == "data:," for s in srcs)
    for s in srcs:
        if s.startswith("/static/"):
            asset = httpx.get(server.url + s)
            assert asset.status_code == 200
            assert not re.findall(r"https?://(?!www\.w3\.org/2000/svg\b)|url\(|@import", asset.text), s
    assert httpx.get(server.url + "/static/../live.py").status_code == 404


def test_stream_builds_up_and_values_stay_masked(server):
    stream = events(server, start(server, persona="jess"))
    kinds = [e for e, _ in stream]
    assert kinds[0] == "hello" and kinds[-1] == "done" and kinds.count("update") >= 1
    updates = [d for e, d in stream if e == "update"]
    assert updates[0]["reset"] is True and all(not u["reset"] for u in updates[1:])
    text = json.dumps(stream)
    for value in ("Jess Hughes", "Oakfield", "Biscuit", "jessmcr2011", "Stockport", "Kieran"):
        assert value not in text, value
    final = merged(updates)
    assert {f["kind"] for f in final["fragments"]} >= {"full_name", "school", "pet_name", "birthday"}
    values = {f["kind"]: f["value"] for f in final["fragments"]}
    assert values["full_name"] == "J*** H*****" and values["birth_year"] == "****" and values["pet_name"] == "B******"
    assert any(c["state"] == "satisfied" for c in final["capabilities"])
    assert updates[-1]["score"] == persona_report(personas()["jess"]).score


def test_revealed_stream_has_the_values(server):
    text = json.dumps(events(server, start(server, persona="jess"), reveal=True))
    assert "Jess Hughes" in text and "Oakfield High" in text


def test_story_tips_each_capability_at_one_fragment(server):
    stream = events(server, start(server, persona="jess"))
    story = [d for e, d in stream if e == "update"][-1]["story"]
    assert story[0]["type"] == "account"
    final = merged([d for e, d in stream if e == "update"])
    links = {x["id"]: x for x in final["links"]}
    seen = {"target"}
    for s in story:  # a link is told once both its accounts are on screen, and only the target's accounts appear
        if s["type"] == "account":
            seen.add(s["id"])
            assert next(a for a in final["accounts"] if a["id"] == s["id"])["linked"]
        if s["type"] == "link":
            assert {links[s["id"]]["a"], links[s["id"]]["b"]} <= seen
    lit = [c for s in story for c in s["lit"]]
    assert len(lit) == len(set(lit)) >= 3
    assert all(s["type"] == "fragment" for s in story if s["lit"])
    scores = [s["score"] for s in story]
    report = persona_report(personas()["jess"])
    assert scores == sorted(scores) and scores[-1] == report.score
    # the story ends on what it all adds up to: the score and the one fix that helps most
    last = story[-1]
    assert last["type"] == "summary" and [s["type"] for s in story].count("summary") == 1
    assert f"{report.score} out of 100" in last["text"] and str(report.fix_plan[0].score_after) in last["text"]
    assert all(s["title"] for s in story)  # every step has its caption, built where a test can read it


def test_bad_requests_get_one_line_answers(server):
    assert httpx.post(server.url + "/api/scans", content="persona=jess",
                      headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 415
    r = httpx.post(server.url + "/api/scans", json={"persona": "nobody"})
    assert r.status_code == 400 and r.json()["error"] == "unknown persona"
    r = httpx.post(server.url + "/api/scans", json={"handle": "has spaces/and slashes"})
    assert r.status_code == 400 and r.json()["error"]
    assert httpx.get(server.url + "/api/scans/nope/events").status_code == 404


def test_foreign_host_header_is_refused_on_loopback(server):
    # DNS rebinding: evil.example resolving to 127.0.0.1 must not reach the API.
    r = httpx.get(server.url + "/", headers={"host": "evil.example"})
    assert r.status_code == 421


def test_token_is_required_when_asked_for():
    with LiveServer(create_app(token="s3cret-token", loopback=False, pace=0)) as live:
        assert httpx.get(live.url + "/").status_code == 403
        assert httpx.get(live.url + "/static/live.js").status_code == 403
        assert httpx.get(live.url + "/?token=wrong").status_code == 403
        page = httpx.get(live.url + "/?token=s3cret-token")
        assert page.status_code == 200 and "/static/live.js?token=s3cret-token" in page.text
        assert httpx.post(live.url + "/api/scans", json={"persona": "jess"}).status_code == 403
        assert httpx.post(live.url + "/api/scans?token=s3cret-token", json={"persona": "jess"}).status_code == 200


def test_serve_on_all_interfaces_prints_a_token_url_and_refuses_without_it():
    proc = subprocess.Popen([sys.executable, "-m", "footprint", "serve", "--host", "0.0.0.0", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        m = re.match(r"footprint live view: http://0\.0\.0\.0:(\d+)/\?token=([\w-]{20,})$", line.strip())
        assert m, line
        port, token = m.groups()
        base = f"http://127.0.0.1:{port}/"
        assert httpx.get(base).status_code == 403
        assert httpx.get(base, params={"token": token}).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_bad_host_in_one_line():
    result = subprocess.run([sys.executable, "-m", "footprint", "serve", "--host", "not an ip"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_typed_handle_runs_the_real_collectors_and_keeps_nothing_on_disk(fake_api, tmp_path, monkeypatch):
    from footprint.settings import ScanSettings

    monkeypatch.setenv("FOOTPRINT_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    endpoints = {n: f"http://127.0.0.1:{fake_api.port}/{n}" for n in ("github", "keybase", "hackernews")}
    settings = ScanSettings(endpoints=endpoints, networks=("github", "keybase", "hackernews"), allow_private=True, timeout=5)
    with LiveServer(create_app(pace=0, settings=settings)) as live:
        stream = events(live, start(live, handle="jessmcr2011"))
    assert stream[-1] == ("done", {"error": None})
    final = merged([d for e, d in stream if e == "update"])
    assert {a["network"] for a in final["accounts"] if a["status"] == "found"} == {"github", "keybase"}
    assert any(h.startswith("/github/users/jessmcr2011") for h in fake_api.hits)
    assert list(tmp_path.iterdir()) == []  # no store, no cache, no report: the live view keeps it all in memory
