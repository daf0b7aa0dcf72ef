"""The networks as they answer a logged-out caller today (issue 19).

Each test runs a collector or a site-list rule against a real HTTP server on 127.0.0.1 that answers as the
network's own documentation or server source says it does (cited at each fixture). The people are fictional.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from collectors import REGISTRY
from collectors.http import Http, HttpConfig, allowance
from footprint import networks
from footprint.model import Account
from tests.test_sitelist import check

Answer = tuple[int, str, dict[str, str]]  # status, body, headers


class Loopback:
    """A real server on 127.0.0.1: `answer(path, query, headers)` says what goes back."""

    def __init__(self, answer: Callable[[str, dict[str, str], dict[str, str]], Answer]) -> None:
        self.hits: list[tuple[str, dict[str, str], dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query, headers = dict(parse_qsl(parts.query)), dict(self.headers)
                server.hits.append((parts.path, query, headers))
                status, body, extra = answer(parts.path, query, headers)
                data = body.encode()
                self.send_response(status)
                extra = {"Content-Type": "application/json", **extra}
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    servers: list[Loopback] = []

    def start(answer) -> Loopback:
        servers.append(Loopback(answer))
        return servers[-1]
    yield start
    for s in servers:
        s.close()


def run(server: Loopback, network: str, handle: str, **config) -> Account:
    async def go() -> Account:
        settings = {"allowed": allowance([server.base]), "retries": 0, "reuse": None, "timeout": 5, "deadline": 20, **config}
        async with Http(HttpConfig(**settings)) as http:
            return await REGISTRY[network](server.base).collect(handle, http)
    return asyncio.run(go())


def js(body, status: int = 200, **headers: str) -> Answer:
    return status, json.dumps(body), headers


# --- Stack Exchange ---------------------------------------------------------------------------------------------

def stack_exchange(users: list[dict]):
    """/2.3/users as api.stackexchange.com/docs/users says: `inname` is a substring filter, `sort` orders by a field
    and `min`/`max` bound that field; `has_more` says another page exists (docs/wrapper)."""
    def answer(path, q, headers):
        got = [u for u in users if q.get("inname", "").casefold() in u["display_name"].casefold()]
        if q.get("sort") == "name":
            got.sort(key=lambda u: u["display_name"].casefold())
            lo, hi = q.get("min"), q.get("max")
            got = [u for u in got if (lo is None or u["display_name"].casefold() >= lo.casefold())
                   and (hi is None or u["display_name"].casefold() <= hi.casefold())]
        else:
            got.sort(key=lambda u: -u["reputation"])
        size = int(q.get("pagesize", 30))
        return js({"items": got[:size], "has_more": len(got) > size, "quota_max": 300, "quota_remaining": 299})
    return answer


def test_stack_exchange_finds_an_exact_name_outside_the_top_reputations(serve):
    users = [{"display_name": f"Kevin {i}", "reputation": 10_000 - i, "user_id": i, "link": f"https://stackoverflow.com/users/{i}"}
             for i in range(40)]
    users.append({"display_name": "kevin", "reputation": 3, "user_id": 99, "link": "https://stackoverflow.com/users/99/kevin"})
    server = serve(stack_exchange(users))
    account = run(server, "stackexchange", "kevin")
    assert account.status == "found" and account.url == "https://stackoverflow.com/users/99/kevin"
    _, query, _ = server.hits[0]
    assert (query["sort"], query["min"], query["max"]) == ("name", "kevin", "kevin")


def test_stack_exchange_says_unknown_when_there_are_more_names_than_it_read(serve):
    # a server that ignores the bound (or a collation that lets "Kevin M" in): more pages, none exact
    users = [{"display_name": f"kevin{i:03}", "reputation": 1, "user_id": i} for i in range(150)]
    server = serve(lambda p, q, h: js({"items": users[:100], "has_more": True}))
    account = run(server, "stackexchange", "kevin")
    assert account.status == "unknown" and "too many users" in account.reason
    server2 = serve(lambda p, q, h: js({"items": users[:3], "has_more": False}))
    assert run(server2, "stackexchange", "kevin").status == "not_found"


def test_stack_exchange_backoff_is_waited_out_whole_never_cut_short(serve):
    # api.stackexchange.com/docs/throttle: "an application must wait that number of seconds before calling that
    # method again"; a scan does not sit out 30 s, so the next name is unknown rather than asked early
    server = serve(lambda p, q, h: js({"items": [], "has_more": False, "backoff": 30}))

    async def go():
        config = HttpConfig(allowed=allowance([server.base]), retries=0, reuse=None, timeout=5, deadline=20)
        async with Http(config) as http:
            collector = REGISTRY["stackexchange"](server.base)
            return await collector.collect("quietfox", http), await collector.collect("otherfox", http)
    first, second = asyncio.run(go())
    assert first.status == "not_found" and len(server.hits) == 1
    assert second.status == "unknown" and second.reason.startswith("rate limited")


# --- Lobsters ---------------------------------------------------------------------------------------------------

# lobsters/lobsters app/models/user.rb as_json: `about` is Markdowner.to_html(about); mastodon_username is the name
# on the server only (mastodon_instance is not exported); twitter_username was removed in February 2024.
LOBSTERS_JSON = {"username": "quietfox", "created_at": "2019-04-02T10:11:12.000-05:00", "is_admin": False, "karma": 12,
                 "about": "<p>Parsers &amp; <em>compilers</em>. <a href=\"https://quietfox.example.org\" rel=\"ugc\">site</a></p>",
                 "homepage": "https://quietfox.example.org", "avatar_url": "/avatars/quietfox-100.png",
                 "invited_by_user": "someone", "mastodon_username": "quietfox", "twitter_username": "quietfox_x"}
# app/views/users/show.html.erb: the whole Mastodon address, with rel="me ugc", when both are set
LOBSTERS_PAGE = ('<html><body><dl><dt>Mastodon</dt><dd><a href="https://fosstodon.org/@quietfox"\n rel="me ugc">'
                 '@quietfox@fosstodon.org</a></dd></dl></body></html>')


def lobsters(page: str | None):
    def answer(path, q, h):
        if path == "/~quietfox.json":
            return js(LOBSTERS_JSON)
        if path == "/~quietfox" and page is not None:
            return 200, page, {"Content-Type": "text/html; charset=utf-8"}
        return 404, "<html>not found</html>", {"Content-Type": "text/html"}
    return answer


def test_lobsters_about_is_plain_text_and_mastodon_comes_from_the_page_with_its_server(serve):
    account = run(serve(lobsters(LOBSTERS_PAGE)), "lobsters", "quietfox")
    assert account.status == "found"
    bio = next(d.text for d in account.documents if d.field == "about")
    assert "<" not in bio and "&amp;" not in bio and "Parsers & compilers" in bio
    assert ("url", "https://fosstodon.org/@quietfox", "profile page (rel=me)") in account.links
    assert not any(v.startswith(("mastodon:", "x:")) for _, v, _ in account.links)  # no bare name, no Twitter


def test_lobsters_mastodon_name_without_a_server_is_never_a_pivot(serve):
    account = run(serve(lobsters(None)), "lobsters", "quietfox")
    assert account.status == "found" and account.profile["mastodon_username"] == "quietfox"
    assert not any("quietfox" in v and "fosstodon" in v or v.startswith("mastodon:") for _, v, _ in account.links)


# --- Site-list rules: TikTok, Snapchat, Pinterest -------------------------------------------------------------

def own_rule(network: str, server: Loopback) -> dict:
    """The network's own site entry, pointed at the loopback server (its path and query kept)."""
    site = networks.thaw(networks.get(network).site)
    parts = urlsplit(site["uri_check"].replace("{account}", "ACCOUNT"))
    site["uri_check"] = (server.base + parts.path + ("?" + parts.query if parts.query else "")).replace("ACCOUNT", "{account}")
    site.pop("uri_pretty", None)
    site["name"] = network
    return site


def test_tiktok_cannot_embed_is_unknown_in_words_a_teenager_understands(serve, tmp_path):
    # developers.tiktok.com/doc/embed-creator-profiles: "Private accounts and underage accounts cannot be embedded";
    # oEmbed then answers 400 {"code":400,"message":"Something went wrong"} (WhatsMyName PR 666), as for nobody at all
    def answer(path, q, h):
        if q.get("url") == "https://www.tiktok.com/@publicgran":
            return js({"version": "1.0", "type": "video", "author_url": "https://www.tiktok.com/@publicgran",
                       "author_name": "Gran", "provider_name": "TikTok"})
        return 400, '{"code":400,"message":"Something went wrong"}', {}
    server = serve(answer)
    rule = own_rule("tiktok", server)
    rule["uri_check"] = server.base + "/oembed?url=https://www.tiktok.com/@{account}"
    private = check(tmp_path, [rule], "jess_private")["tiktok"]
    assert private.status == "unknown" and private.reason.startswith("TikTok won't say")
    public = check(tmp_path, [rule], "publicgran")["tiktok"]
    assert public.status == "found" and "a random never-registered name was not found (canary)" in public.evidence


def test_snapchat_and_pinterest_missing_accounts_read_as_whatsmyname_says(serve, tmp_path):
    # WhatsMyName wmn-data.json (2026-08): Snapchat answers a missing name 200 with NOT_FOUND in the page;
    # Pinterest answers it with a 301 to the home page
    def answer(path, q, h):
        if path == "/@djkhaled305":
            return 200, "<title>DJ Khaled</title> DJ Khaled (@djkhaled305) is on Snapchat!", {"Content-Type": "text/html"}
        if path.startswith("/@"):
            return 200, '<script>{"statusCode":"NOT_FOUND"}</script>', {"Content-Type": "text/html"}
        if path == "/frickcollection/":
            return 200, "<title>The Frick (frickcollection) - Profile | Pinterest</title>", {"Content-Type": "text/html"}
        return 301, '<h1 id="home-main-title">Get your next idea</h1>', {"Location": "/", "Content-Type": "text/html"}
    server = serve(answer)
    rules = [own_rule("snapchat", server), own_rule("pinterest", server)]
    missing = check(tmp_path, rules, "nobodyhere")
    assert (missing["snapchat"].status, missing["pinterest"].status) == ("not_found", "not_found")
    assert check(tmp_path, rules[:1], "djkhaled305")["snapchat"].status == "found"
    assert check(tmp_path, rules[1:], "frickcollection")["pinterest"].status == "found"


# --- Networks that refuse plain clients: Duolingo, Medium -----------------------------------------------------

def test_duolingo_refusing_logged_out_callers_is_unknown_with_that_reason(serve):
    # centrumek/duolingo-readme-stats issue 11 (2026-05): "requests without an Authentication header receive a 401"
    account = run(serve(lambda p, q, h: (401, "", {})), "duolingo", "jessmcr2011")
    assert account.status == "unknown" and "Duolingo shows profiles only to members" in account.reason


def test_medium_behind_cloudflare_says_so_and_another_403_is_said_as_it_is(serve):
    # Cloudflare's challenge (WhatWaf issue 1188; Tiendil/feeds.fun issue 31): 403, Server: cloudflare, "Just a moment..."
    challenge = (403, "<html><title>Just a moment...</title></html>",
                 {"Server": "cloudflare", "cf-mitigated": "challenge", "Content-Type": "text/html"})
    account = run(serve(lambda p, q, h: challenge), "medium", "amaraokafor")
    assert account.status == "unknown" and "Cloudflare" in account.reason
    plain = run(serve(lambda p, q, h: (403, "<html>Forbidden</html>", {"Content-Type": "text/html"})), "medium", "amaraokafor")
    assert plain.status == "unknown" and "Cloudflare" not in plain.reason


# --- Telegram -----------------------------------------------------------------------------------------------------

def test_telegram_placeholder_is_not_a_bio(serve):
    # what t.me shows for a user who wrote no bio (the sentence independent checkers compare against)
    page = ('<html><head><meta property="og:title" content="Quiet Fox"><meta property="og:description" '
            'content="You can contact @quietfox right away."></head><body><div class="tgme_page_title">Quiet Fox</div></body></html>')
    account = run(serve(lambda p, q, h: (200, page, {"Content-Type": "text/html"})), "telegram", "quietfox")
    assert account.status == "found" and account.profile["bio"] is None
    assert [d.source for d in account.documents] == ["field:name"]


# --- Keybase ------------------------------------------------------------------------------------------------------

def keybase(status: dict, them=None):
    return lambda p, q, h: js({"status": status, "them": them if them is not None else [None]})


@pytest.mark.parametrize("status,expected", [
    ({"code": 218, "name": "GENERIC", "desc": "internal error"}, "unknown"),   # SCGeneric: says nothing of the name
    ({"code": 602, "name": "RATE_LIMIT"}, "unknown"),
    ({"code": 205, "name": "NOT_FOUND"}, "not_found"),
    ({"code": 0, "name": "OK"}, "not_found"),  # them: [null]
])
def test_keybase_tells_errors_from_no_such_user(serve, status, expected):
    # keybase/client protocol/avdl/keybase1/constants.avdl: the status codes of a 200 answer
    account = run(serve(keybase(status)), "keybase", "quietfox")
    assert account.status == expected, account.reason


def test_keybase_counts_only_proofs_in_a_good_state(serve):
    # ProofState (keybase1/prove_common.avdl): OK 1, TEMP_FAILURE 2, REVOKED 7
    proofs = [{"proof_type": "github", "nametag": "quietfox", "state": 1},
              {"proof_type": "twitter", "nametag": "quietfox_x", "state": 7},
              {"proof_type": "reddit", "nametag": "quietfox_r", "state": 2}]
    them = [{"basics": {"username": "quietfox", "ctime": 1420070400}, "profile": {"full_name": "Quiet Fox"},
             "proofs_summary": {"all": proofs}}]
    account = run(serve(keybase({"code": 0, "name": "OK"}, them)), "keybase", "quietfox")
    assert account.status == "found" and [p["proof_type"] for p in account.profile["proofs"]] == ["github"]
    assert account.profile["proofs_not_good"] == 2
    assert [v for _, v, _ in account.links] == ["github:quietfox"]


# --- Hacker News --------------------------------------------------------------------------------------------------

def test_hacker_news_names_are_case_sensitive(serve):
    # HackerNews/API README: "Users are identified by case-sensitive ids"; an unknown id is 200 null
    def answer(path, q, h):
        if path == "/v0/user/quietfox.json":
            return js({"id": "quietfox", "created": 1600000000, "karma": 5, "about": "parsers"})
        return js(None)
    server = serve(answer)
    exact = run(server, "hackernews", "quietfox")
    assert exact.status == "found" and exact.confidence == 1.0
    other = run(server, "hackernews", "QuietFox")
    assert other.status == "found" and other.confidence == 0.5 and "case-sensitive" in other.reason
    assert [p for p, _, _ in server.hits][-2:] == ["/v0/user/QuietFox.json", "/v0/user/quietfox.json"]
    nobody = run(server, "hackernews", "nobody0x")
    assert nobody.status == "not_found" and "never posted" in nobody.reason


# --- Rate limits ---------------------------------------------------------------------------------------------------

def test_an_exhausted_github_limit_says_so_with_the_fix(serve, monkeypatch):
    # docs.github.com "Rate limits for the REST API": 403 or 429 with x-ratelimit-remaining 0, reset in epoch seconds
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    reset = str(int(time.time()) + 1800)
    server = serve(lambda p, q, h: js({"message": "API rate limit exceeded"}, 403, **{
        "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))
    account = run(server, "github", "quietfox")
    assert account.status == "unknown" and "hourly limit is used up" in account.reason and "GITHUB_TOKEN" in account.reason
    assert "blocked" not in account.reason


def test_lichess_gets_its_full_minute_after_a_429(serve):
    # lichess-org/api lichess-api.yaml, "Rate limiting": "please wait a full minute before resuming API usage"
    calls = []

    def answer(path, q, h):
        calls.append(path)
        return js({"error": "Too many requests"}, 429, **{"Retry-After": "2"})
    server = serve(answer)

    async def go():
        config = HttpConfig(allowed=allowance([server.base]), retries=2, reuse=None, timeout=5, deadline=20,
                            host_pauses={"127.0.0.1": 60.0})
        async with Http(config) as http:
            first = await REGISTRY["lichess"](server.base).collect("quietfox", http)
            second = await REGISTRY["lichess"](server.base).collect("otherfox", http)
            return first, second
    first, second = asyncio.run(go())
    assert len(calls) == 1  # no retry after two seconds, and the next name waits for the minute too
    assert first.status == second.status == "unknown"
    assert "a minute" in second.reason


# --- dev.to, Reddit ---------------------------------------------------------------------------------------------

def test_devto_asks_for_the_v1_api(serve):
    # developers.forem.com/api: "The accept header must be set to application/vnd.forem.api-v1+json"
    def answer(path, q, h):
        if h.get("Accept") != "application/vnd.forem.api-v1+json":
            return js({"username": "quietfox"}, 200, Warning="299 - This endpoint will require the Accept header")
        if path == "/api/users/by_username":
            return js({"username": "quietfox", "name": "Quiet Fox", "summary": "parsers"})
        return js([])
    server = serve(answer)
    account = run(server, "devto", "quietfox")
    assert account.status == "found" and account.profile.get("name") == "Quiet Fox"
    assert all(h.get("Accept") == "application/vnd.forem.api-v1+json" for _, _, h in server.hits)


def test_reddit_user_agent_and_raw_json(serve, monkeypatch):
    # reddit-archive/reddit wiki/API: "<platform>:<app ID>:<version string> (by /u/<reddit username>)";
    # reddit.com/dev/api: without raw_json=1, <, > and & arrive as &lt;, &gt; and &amp;
    monkeypatch.setenv("REDDIT_TOKEN", "tok")
    monkeypatch.setenv("REDDIT_USERNAME", "footprint_dev")

    def answer(path, q, h):
        text = "Tea & cake <3" if q.get("raw_json") == "1" else "Tea &amp; cake &lt;3"
        return js({"kind": "t2", "data": {"name": "quietfox", "created_utc": 1696156800.0,
                                          "subreddit": {"public_description": text}}})
    server = serve(answer)
    account = run(server, "reddit", "quietfox")
    assert account.status == "found" and [d.text for d in account.documents] == ["Tea & cake <3"]
    agent = server.hits[0][2]["User-Agent"]
    assert agent.startswith("python:footprint:") and agent.endswith("(by /u/footprint_dev)")
    monkeypatch.delenv("REDDIT_USERNAME")
    assert "REDDIT_USERNAME" in run(server, "reddit", "quietfox").reason


@pytest.mark.parametrize("headers,low,high", [
    ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "ISO+300"}, 290, 300),   # Mastodon: an ISO 8601 time
    ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "EPOCH+600"}, 590, 600),  # GitHub: UTC epoch seconds
    ({"X-Ratelimit-Remaining": "0.0", "X-Ratelimit-Reset": "42"}, 42, 42),          # Reddit: a float, seconds from now
    ({"Retry-After": "1.5"}, 1.5, 1.5),                                              # seconds to wait
])
def test_rate_limit_headers_in_every_documented_form(headers, low, high):
    import httpx

    from collectors.http import retry_after
    now = time.time()
    fill = {"ISO+300": (datetime.now(UTC) + timedelta(seconds=300)).isoformat(), "EPOCH+600": str(int(now) + 600)}
    response = httpx.Response(429, headers={k: fill.get(v, v) for k, v in headers.items()})
    assert low <= retry_after(response) <= high


# --- Site lists that check themselves ---------------------------------------------------------------------------

def self_checking_sites(serve):
    """Three sites as a loopback list: one whose rule works, one whose page changed (its known account no longer
    matches), one that answers every name with a profile, and one that refuses everybody."""
    def answer(path, q, h):
        site, _, name = path.strip("/").partition("/")
        page = {"Content-Type": "text/html"}
        if site == "works":
            return (200, f'<div class="profile">{name}</div>', page) if name == "known_one" else (404, "Not Found", page)
        if site == "changed":
            return (200, f'<div class="new-layout">{name}</div>', page) if name == "known_one" else (404, "Not Found", page)
        if site == "everyone":
            return 200, f'<div class="profile">{name}</div>', page
        return 403, "<html><title>Access denied</title></html>", page
    server = serve(answer)
    sites = [{"name": n, "uri_check": f"{server.base}/{n}/{{account}}", "e_code": 200, "e_string": 'class="profile"',
              "m_code": 404, "m_string": "Not Found", "known": ["known_one"]}
             for n in ("works", "changed", "everyone", "refuses")]
    return server, sites


def test_sites_check_records_which_rules_work_and_scans_stop_trusting_broken_ones(serve, tmp_path):
    from tests.conftest import run_cli
    from tests.test_sitelist import write_sites
    server, sites = self_checking_sites(serve)
    path = write_sites(tmp_path, sites)
    result = run_cli("sites", "check", "--sites", str(path), "--allow-private", "--json", "--timeout", "3")
    assert result.returncode == 0, result.stderr
    got = {r["network"]: r for r in json.loads(result.stdout)}
    assert {n: r["state"] for n, r in got.items()} == {
        "works": "works", "changed": "broken", "everyone": "broken", "refuses": "inconclusive"}
    assert "finds everyone" in got["everyone"]["why"] and "known account 'known_one'" in got["changed"]["why"]
    today = datetime.now(UTC).date().isoformat()
    assert all(r["checked"] == today for r in got.values())

    listed = run_cli("--no-color", "sites", "list", "--sites", str(path)).stdout
    assert f"works, checked {today}" in listed and f"broken, checked {today}" in listed

    before = len(server.hits)
    scanned = check(tmp_path, sites, "known_one")
    assert scanned["works"].status == "found" and "a random never-registered name was not found (canary)" in scanned["works"].evidence
    for broken in ("changed", "everyone"):
        assert scanned[broken].status == "unknown" and scanned[broken].reason == f"detection broken, checked {today}"
    assert not any(p.startswith(("/changed/", "/everyone/")) for p, _, _ in server.hits[before:])  # not even asked

    sites[1]["e_string"] = 'class="new-layout"'  # the rule is mended: the old verdict no longer applies to it
    mended = check(tmp_path, sites, "known_one")["changed"]
    assert mended.status == "found" and "a random never-registered name was not found (canary)" in mended.evidence


def test_sites_list_says_which_networks_refuse_every_logged_out_program():
    from tests.conftest import run_cli
    listed = {line.split()[0]: line for line in run_cli("--no-color", "sites", "list").stdout.splitlines() if line.strip()}
    assert "always unknown" in listed["duolingo"] and "Duolingo shows profiles only to members" in listed["duolingo"]
    assert "Cloudflare" in listed["medium"] and "always unknown" not in listed["github"]
    assert "not checked yet" in listed["tiktok"]


# --- The demo network answers like the real one ----------------------------------------------------------------

def test_the_demo_shows_only_what_a_logged_out_caller_gets():
    from tests.conftest import run_cli
    amara = run_cli("demo", "amara", "--json")
    report = json.loads(amara.stdout)
    accounts = {a["network"]: a for a in report["accounts"]}
    gitlab = accounts["gitlab"]
    assert gitlab["status"] == "found" and gitlab["needs"] == "GITLAB_TOKEN"
    assert not {"bio", "job_title", "organization", "location"} & set(gitlab["profile"])  # only the list entry
    assert report["coverage"]["limited"] == [{"network": "gitlab", "needs": "GITLAB_TOKEN", "unseen": gitlab["unseen"]}]
    from footprint.model import Report
    from reports import html_report, view
    page = html_report.render(Report.from_dict(report))
    assert "Not visible without a token: GitLab&#39;s bio" in page or "Not visible without a token: GitLab's bio" in page
    assert view.build(Report.from_dict(report))["coverage"]["unseen"].startswith("Not visible without a token")
    said = " ".join(run_cli("--no-color", "demo", "amara").stdout.split())
    assert "Not visible without a token: GitLab's bio, location, job title" in said and "set GITLAB_TOKEN" in said

    jess = {a["network"]: a for a in json.loads(run_cli("demo", "jess", "--json").stdout)["accounts"]}
    # Jess is 15: TikTok embeds no under-18 account, and Duolingo answers no logged-out program
    assert jess["tiktok"]["status"] == "unknown" and jess["tiktok"]["reason"].startswith("TikTok won't say")
    assert jess["duolingo"]["status"] == "unknown" and "login required" in jess["duolingo"]["reason"]


# --- The community list without a ritual ------------------------------------------------------------------------

def test_a_scan_fetches_the_community_list_once_and_never_when_told_not_to(serve):
    import os

    from footprint.scanner import Scanner
    from footprint.settings import ScanSettings
    from footprint.model import Target
    from collectors.sitelist import community_path, load_checks
    from footprint import paths
    # the list as WhatsMyName publishes it (wmn-data.json: license, authors, sites), one fictional site
    wmn = {"license": ["CC BY-SA 4.0"], "authors": ["WebBreacher"], "categories": ["social"],
           "sites": [{"name": "Loopback Club", "uri_check": "https://club.example/{account}", "e_code": 200,
                      "e_string": "profile", "m_code": 404, "m_string": "none", "known": ["a", "b"], "cat": "social"}]}

    def answer(path, q, h):
        if path == "/wmn-data.json":
            return js(wmn)
        return js({"message": "Not Found"}, 404)
    server = serve(answer)
    base = {"endpoints": {"github": server.base, "community": server.base + "/wmn-data.json"},
            "allow_private": True, "networks": ("github",), "deadline": 20}

    def scan(**extra) -> Scanner:
        scanner = Scanner(ScanSettings.of(**{**base, **extra}))
        asyncio.run(scanner.scan(Target("nobody0x")))
        return scanner

    def fetches() -> int:
        return sum(p == "/wmn-data.json" for p, _, _ in server.hits)

    scan(update_sites=False)
    assert fetches() == 0 and not community_path().exists()
    first = scan()
    assert fetches() == 1 and community_path().exists() and oct(community_path().stat().st_mode)[-3:] == "600"
    assert any("Stored the community site list (1 sites)" in n and "CC BY-SA 4.0" in n for n in first.notices)
    assert "loopbackclub" in {c.network for c in load_checks()}
    scan()
    assert fetches() == 1  # fresh: not again
    week_old = time.time() - 8 * 86400
    os.utime(community_path(), (week_old, week_old))
    scan()
    assert fetches() == 1  # tried today already
    os.utime(paths.community_attempt(), (week_old, week_old))
    again = scan()
    assert fetches() == 2 and not again.notices  # the licence is shown the first time it is stored only
    os.utime(community_path(), (week_old, week_old))
    os.utime(paths.community_attempt(), (week_old, week_old))
    scan(endpoints={"github": server.base})  # pointed at a test server without a community endpoint: never
    scan(offline=False, update_sites=True, endpoints=base["endpoints"], demo=True)  # the demo never fetches
    assert fetches() == 2
