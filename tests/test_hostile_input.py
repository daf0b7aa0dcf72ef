"""Hostile text: strangers write the profiles, the proofs and the answers footprint reads. Nothing they write
ends a scan, adds a path segment, a query or a fragment to a request, or takes a token anywhere it does not
belong. Every server here is real and on 127.0.0.1 and writes down what it was asked."""
import asyncio
import json
import re
import socket

import pytest

from collectors import REGISTRY
from collectors.http import Http, HttpConfig, allowance
from collectors.sitelist import SiteCheck
from footprint.model import Target
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
from footprint.store import Store
from tests.conftest import run_cli
from tests.logging_server import LoggingServer

HOSTILE_BIO = ("talk to me at @x@999.1.1.1 or @y@0x7f.1 or @z@[::1] or @w@a.99999; my site https://[2606:4700::1]/@bob "
               "and http://[::1 and http://[zz]/x")


def github_user(login: str, **fields) -> dict:
    return {"login": login, "id": 7, "html_url": f"https://github.com/{login}", "type": "User", **fields}


def endpoints(server: LoggingServer) -> list[str]:
    return ["--endpoint", f"github={server.base}/gh", "--endpoint", f"mastodon={server.base}/md/{{instance}}",
            "--endpoint", f"gravatar={server.base}/gr", "--endpoint", f"keybase={server.base}/kb",
            "--site", "github", "--site", "mastodon", "--site", "gravatar", "--site", "keybase", "--allow-private"]


def test_a_hostile_profile_ends_nothing_and_its_stored_answer_replays_without_a_crash(monkeypatch):
    # A bio mentioning @x@999.1.1.1 and links with bracketed IPv6 hosts used to end the scan with "internal
    # error", and the stored answer made every re-scan (and --offline for 14 days) crash again. Mastodon is
    # asked as on the internet, the instance in the host (https://{instance}); every name the system resolver
    # is asked for answers 127.0.0.1, so no lookup or connection leaves this computer (the guard refuses it).
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))])
    with LoggingServer() as api:
        api.route("/gh/users/evilbio", github_user("evilbio", name="Eve Ill", bio=HOSTILE_BIO,
                                                   blog="https://[2606:4700::1]/@bob"))
        api.route("/gh/users/evilbio/social_accounts", [
            {"provider": "generic", "url": "https://[::1"}, {"provider": "mastodon", "url": "https://[fe80::1%25en0]/@eve"},
            {"provider": "generic", "url": "http://[zz]/x"}, {"provider": "mastodon", "url": "https://2606:4700::1/@eve"},
            {"provider": "mastodon", "url": "https://[2606:4700::1]:443/@eve"}])
        settings = dict(endpoints={"github": f"{api.base}/gh", "gravatar": f"{api.base}/gr",
                                   "mastodon": f"http://{{instance}}:{api.port}"},
                        networks=("github", "mastodon", "gravatar"), allow_private=True, timeout=3, retries=0)
        with Store() as store:
            live = asyncio.run(Scanner(ScanSettings(**settings), store=store).scan(Target("evilbio")))
            replayed = asyncio.run(Scanner(ScanSettings(**settings, offline=True), store=store).scan(Target("evilbio")))
    for report in (live, replayed):
        accounts = {a.id: a for a in report.accounts}
        assert accounts["github:evilbio"].status == "found"
        assert all(a.status == "unknown" and a.reason for a in report.accounts if a.via)  # no hostile host is found
    assert not any("999.1.1.1" in p or "0x7f" in p for p in api.paths)


@pytest.mark.parametrize("handle", ["jess@999.1.1.1", "jess@0x7f.1", "jess@1.2.3.4", "jess@127.1",
                                    "jess@" + "a" * 64 + ".example", "jess@a.99999", "jess@-bad-.example"])
def test_the_handle_validator_refuses_what_no_collector_can_use(handle):
    result = run_cli("scan", handle)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a valid handle" in lines[0] and "Traceback" not in result.stderr


TOKEN_OWNER = github_user("tokenowner", name="TOKEN OWNER", email="owner-private@example.com", bio="the token's own profile")
SHAPE = re.compile(r"^/gh/users/[A-Za-z0-9][A-Za-z0-9_.-]*(/social_accounts|/repos|/events/public)?(\?[^#/]*)?$")


def test_a_hostile_keybase_proof_adds_no_path_segment_or_query_and_never_fetches_the_token_owner():
    # A proof naming ../../escape?injected=1 made the GitHub collector request /escape?injected=1; with
    # GITHUB_TOKEN set, a proof naming ../user fetched the token owner's private profile into the report.
    proofs = [{"proof_type": "github", "nametag": name, "state": 1} for name in
              ("../../escape?injected=1", "../user", "..%2fuser", "friend#frag", "friend/../../user", "friend")]
    with LoggingServer() as api:
        api.route("/kb/_/api/1.0/user/lookup.json", {"status": {"code": 0, "name": "OK"}, "them": [
            {"basics": {"username": "proofer"}, "profile": {"full_name": "Pat Roofer"}, "proofs_summary": {"all": proofs}}]})
        api.route("/gh/user", TOKEN_OWNER)
        api.route("/gh/escape", TOKEN_OWNER)
        api.route("/gh/users/friend", github_user("friend", name="A Friend"))
        result = run_cli("scan", "proofer", *endpoints(api), "--json", "--no-progress",
                         env={"GITHUB_TOKEN": "ghp_sekrit_token_value"})
    assert result.returncode == 0, result.stderr
    assert "TOKEN OWNER" not in result.stdout and "owner-private" not in result.stdout
    github = [s for s in api.seen if s.path.startswith("/gh/")]
    assert github and all(SHAPE.match(s.path) for s in github), [s.path for s in github]
    assert not any("escape" in s.path or "injected" in s.path for s in api.seen)
    assert all(SHAPE.match(s.path) for s in api.seen if "authorization" in s.headers)
    accounts = {a["id"]: a for a in json.loads(result.stdout)["accounts"]}
    assert accounts["github:friend"]["status"] == "found"  # an honest proof is still followed
    hostile = [a for i, a in accounts.items() if i.startswith("github:") and i not in ("github:friend", "github:proofer")]
    assert len(hostile) == 5 and all(a["status"] == "unknown" and "not checked" in a["reason"] for a in hostile)


HOSTILE_HANDLES = ["../escape", "..", ".", "a/b", "a?x=1", "a#frag", "a%2fb", "a%2Fb", "j\u0435ss", "ｊｅｓｓ",
                   "jess\u202e", "a b", "a\nb", "-a", "a@evil.example/path?x", "a@127.0.0.1", "a@999.1.1.1", ""]


def test_every_collector_and_site_check_turns_hostile_handles_into_no_request_at_all(monkeypatch):
    # The one function that puts a handle into a URL (footprint.handles.url_segment) refuses these for every
    # network; a handle that is refused is `unknown` with the reason and nothing is asked.
    for variable in ("GITHUB_TOKEN", "GITLAB_TOKEN", "REDDIT_TOKEN", "REDDIT_USERNAME", "GRAVATAR_API_KEY",
                     "STACKEXCHANGE_KEY"):
        monkeypatch.setenv(variable, "sekrit")
    with LoggingServer() as api:
        def collectors():
            for name, cls in REGISTRY.items():
                yield name, cls(f"{api.base}/{name}" + ("/{instance}" if name == "mastodon" else ""))
            yield "site", SiteCheck({"name": "site", "uri_check": f"{api.base}/site/{{account}}", "e_code": 200,
                                     "e_string": "x", "m_code": 404, "m_string": "Not Found"})

        async def walk(handles):
            async with Http(HttpConfig(allowed=allowance([api.base]), retries=0, reuse=None, timeout=3)) as http:
                return [(name, h, await c.collect(h, http)) for name, c in collectors() for h in handles]

        refused = asyncio.run(walk(HOSTILE_HANDLES))
        assert api.seen == [], [s.path for s in api.seen]
        honest = asyncio.run(walk(["okname"]))
    for name, handle, account in refused:
        assert account.status == "unknown" and account.reason, (name, handle, account.reason)
    asked = {s.path.split("/")[1] for s in api.seen}
    assert asked == set(REGISTRY) | {"site"}  # the control: with an ordinary name, every one of them does ask
    assert all("okname" in s.path for s in api.seen if s.path.split("/")[1] in ("github", "hackernews", "site"))
    assert not any(re.search(r"\.\.|%2f|#|escape", s.path, re.I) for s in api.seen)
