"""Every collector on found, not found and unknown.

Found/not-found answers come from the demo network (API-shaped JSON for the personas, each host's documented
"not found") or, for networks no persona uses, from response shapes in the networks' public docs below.
Unknown comes from a server that is down (503), blocking (403 HTML) or answering with a WAF page.
"""
import asyncio
import json

import httpx
import pytest

from collectors import REGISTRY
from collectors.http import Http, HttpConfig
from footprint.demo import DemoTransport

# Response shapes from public docs (see shared/reference/public-profile-apis.md), with fictional people.
DOC_SHAPED = {
    "codeberg": ("quietfox", {"https://codeberg.org/api/v1/users/quietfox": {"json": {
        "id": 4242, "login": "quietfox", "full_name": "", "email": "quietfox@noreply.codeberg.org", "avatar_url": "https://codeberg.org/avatars/x",
        "location": "", "website": "https://quietfox.example.org", "description": "parsers", "created": "2021-02-03T10:00:00Z",
        "last_login": "2026-10-01T10:00:00Z", "followers_count": 3, "following_count": 1}}}),
    "chesscom": ("jessmcr2011", {"https://api.chess.com/pub/player/jessmcr2011": {"json": {
        "player_id": 41, "@id": "https://api.chess.com/pub/player/jessmcr2011", "url": "https://www.chess.com/member/jessmcr2011",
        "name": "Jess Hughes", "username": "jessmcr2011", "followers": 7, "country": "https://api.chess.com/pub/country/GB",
        "location": "Stockport", "last_online": 1762900000, "joined": 1699999999, "status": "basic", "is_streamer": False}}}),
    "stackexchange": ("dwhitfield", {"https://api.stackexchange.com/2.3/users?inname=dwhitfield&site=stackoverflow&sort=name&order=asc&min=dwhitfield&max=dwhitfield&pagesize=100": {"json": {
        "items": [{"account_id": 99, "user_id": 101, "display_name": "dwhitfield", "location": "Bristol, UK", "website_url": "https://danwhitfield.example.net",
                   "link": "https://stackoverflow.com/users/101/dan-whitfield", "reputation": 5230, "creation_date": 1331200000, "last_access_date": 1763900000},
                  {"account_id": 98, "user_id": 102, "display_name": "dwhitfield2", "reputation": 3}],
        "has_more": False, "quota_max": 300, "quota_remaining": 290}}}),
    "dockerhub": ("dwhitfield", {"https://hub.docker.com/v2/users/dwhitfield/": {"json": {
        "id": "abc", "uuid": "abc", "username": "dwhitfield", "full_name": "Dan Whitfield", "location": "Bristol", "company": "Northwind Labs",
        "profile_url": "https://danwhitfield.example.net", "date_joined": "2016-01-01T00:00:00Z", "gravatar_url": "", "type": "User"}}}),
    "medium": ("amaraokafor", {"https://medium.com/feed/@amaraokafor": {"headers": {"Content-Type": "text/xml"}, "text":
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Stories by Amara O. on Medium</title>'
        '<link>https://medium.com/@amaraokafor</link><lastBuildDate>Mon, 03 Feb 2025 09:00:00 GMT</lastBuildDate>'
        '<item><title>Leeds bus delays, a year of data</title><link>https://medium.com/@amaraokafor/leeds-bus-1</link><guid>https://medium.com/p/1</guid>'
        '<category>data</category><pubDate>Mon, 03 Feb 2025 09:00:00 GMT</pubDate></item></channel></rss>'}}),
    "telegram": ("dwhitfield", {"https://t.me/dwhitfield": {"headers": {"Content-Type": "text/html"}, "text":
        '<html><head><meta property="og:title" content="Dan Whitfield"><meta property="og:description" content="Bristol. Postgres."></head>'
        '<body><div class="tgme_page"><div class="tgme_page_title"><span dir="auto">Dan Whitfield</span></div>'
        '<div class="tgme_page_extra">@dwhitfield</div></div></body></html>'}}),
    "gravatar": ("danwhitfield", {"https://api.gravatar.com/v3/profiles/danwhitfield": {"json": {
        "hash": "af32", "display_name": "Dan Whitfield", "profile_url": "https://gravatar.com/danwhitfield", "location": "Bristol, UK",
        "description": "Engineer", "job_title": "Senior Software Engineer", "company": "Northwind Labs", "verified_accounts": []}}}),
    "mastodon": ("dwhitfield@hachyderm.io", {}),
    # Duolingo refuses every logged-out caller since 2026 (the demo answers so); the shape its API had then
    "duolingo": ("jessmcr2011", {"https://www.duolingo.com/2017-06-30/users?username=jessmcr2011": {"json": {"users": [{
        "username": "jessmcr2011", "name": "Jess H", "bio": "learning Spanish", "creationDate": 1693526400, "streak": 212,
        "courses": [{"title": "Spanish", "learningLanguage": "es", "xp": 18420}]}]}}}),
    "reddit": ("amaraokafor", {"https://oauth.reddit.com/user/amaraokafor/about?raw_json=1": {"json": {"kind": "t2", "data": {
        "name": "amaraokafor", "created_utc": 1696156800.0, "link_karma": 12, "comment_karma": 80, "is_suspended": False,
        "subreddit": {"public_description": "Leeds grad. Data nerd."}}}}}),
}
FROM_PERSONAS = {"github": "jessmcr2011", "keybase": "dwhitfield", "hackernews": "amaraokafor", "gitlab": "amaraokafor",
                 "bluesky": "jessmcr2011", "devto": "dwhitfield", "lobsters": "dwhitfield", "lichess": "jessmcr2011",
                 "steam": "jessmcr2011"}
NOT_FOUND_HANDLE = {"mastodon": "nobody0x@mastodon.social", "stackexchange": "nobody0x"}
# Networks that refuse every logged-out program, so the demo cannot say "not found" for them: their documented
# answer for a name nobody has (Duolingo's empty list, Medium's 404 feed).
NOT_FOUND_ANSWER = {
    "reddit": httpx.Response(404, json={"message": "Not Found", "error": 404}),
    "duolingo": httpx.Response(200, json={"users": []}),
    "medium": httpx.Response(404, text="<html><title>Not Found</title></html>"),
}


class Recorded(httpx.AsyncBaseTransport):
    """Doc-shaped answers first, then the demo network."""

    def __init__(self, extra: dict) -> None:
        self.extra = {str(httpx.URL(u)): spec for u, spec in extra.items()}
        self.demo = DemoTransport()

    async def handle_async_request(self, request):
        spec = self.extra.get(str(request.url))
        if spec is None:
            return await self.demo.handle_async_request(request)
        body = json.dumps(spec["json"]).encode() if "json" in spec else spec["text"].encode()
        headers = spec.get("headers") or {"Content-Type": "application/json"}
        return httpx.Response(spec.get("status", 200), content=body, headers=headers, request=request)


def collect(network: str, handle: str, transport) -> object:
    async def go():
        async with Http(HttpConfig(retries=0, reuse=None, deadline=10), transport=transport) as http:
            return await REGISTRY[network]().collect(handle, http)
    return asyncio.run(go())


def test_every_collector_is_covered():
    assert set(REGISTRY) == set(DOC_SHAPED) | set(FROM_PERSONAS)


@pytest.mark.parametrize("network", sorted(REGISTRY))
def test_found(network, monkeypatch):
    monkeypatch.setenv("REDDIT_TOKEN", "test-token")
    monkeypatch.setenv("REDDIT_USERNAME", "footprint-dev")
    handle, extra = DOC_SHAPED.get(network) or (FROM_PERSONAS[network], {})
    account = collect(network, handle, Recorded(extra))
    assert account.status == "found", account.reason
    assert account.reason and account.url.startswith("https://")
    assert account.documents or account.profile, "a found account should carry what the network shows"
    for doc in account.documents:
        assert doc.account == account.id and doc.text.strip()


@pytest.mark.parametrize("network", sorted(REGISTRY))
def test_not_found(network, monkeypatch):
    monkeypatch.setenv("REDDIT_TOKEN", "test-token")
    monkeypatch.setenv("REDDIT_USERNAME", "footprint-dev")
    handle = NOT_FOUND_HANDLE.get(network, "nobody0x")

    answer = NOT_FOUND_ANSWER.get(network)
    transport = DemoTransport() if answer is None else httpx.MockTransport(lambda request: answer)
    account = collect(network, handle, transport)
    assert account.status == "not_found", account.reason


@pytest.mark.parametrize("network", sorted(REGISTRY))
@pytest.mark.parametrize("answer", [
    httpx.Response(503, text="<html>Service Unavailable</html>"),
    httpx.Response(403, text="<html><title>Access Denied</title></html>", headers={"Content-Type": "text/html"}),
    httpx.Response(429, text="slow down", headers={"Retry-After": "3600"}),
    httpx.Response(200, text="<html><title>Just a moment...</title><div id='cf-chl-widget'></div></html>", headers={"Content-Type": "text/html"}),
], ids=["503", "403", "429", "waf200"])
def test_unknown_when_the_network_will_not_say(network, answer, monkeypatch):
    monkeypatch.setenv("REDDIT_TOKEN", "test-token")
    monkeypatch.setenv("REDDIT_USERNAME", "footprint-dev")
    handle = DOC_SHAPED.get(network, (FROM_PERSONAS.get(network),))[0]
    account = collect(network, handle, httpx.MockTransport(lambda request: answer))
    assert account.status == "unknown", (account.status, account.reason)
    assert account.reason


def test_reddit_without_a_token_says_why(monkeypatch):
    monkeypatch.delenv("REDDIT_TOKEN", raising=False)
    account = collect("reddit", "amaraokafor", DemoTransport())
    assert account.status == "unknown" and "REDDIT_TOKEN" in account.reason


def test_stack_exchange_is_a_candidate_never_a_certain_match():
    handle, extra = DOC_SHAPED["stackexchange"]
    account = collect("stackexchange", handle, Recorded(extra))
    assert account.confidence <= 0.5 and "not proof" in account.reason


def test_bare_mastodon_handle_is_tried_on_the_large_instances():
    transport = DemoTransport()
    account = collect("mastodon", "dwhitfield", transport)
    assert account.status == "not_found"  # dan is on hachyderm.io, not on the large instances
    assert sum("/.well-known/webfinger" in u for u in transport.requests) >= 5


def test_mastodon_keeps_verified_fields_as_links():
    account = collect("mastodon", "dwhitfield@hachyderm.io", DemoTransport())
    verified = [l for l in account.links if l[2].startswith("fields:verified:")]
    assert ("url", "https://github.com/dwhitfield", "fields:verified:GitHub") in verified
    assert any(d.source.startswith("post:") and "Lisbon" in d.text for d in account.documents)


def test_gravatar_asks_by_hash_and_never_sends_the_email():
    transport = DemoTransport()
    account = collect("gravatar", "dan@danwhitfield.example.net", transport)
    assert account.status == "found"
    assert not any("danwhitfield.example.net" in u for u in transport.requests)


def test_bluesky_keeps_the_old_handles_from_the_public_audit_log_as_evidence_and_never_follows_them():
    did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    profile = {"did": did, "handle": "sol-now.bsky.social", "displayName": "Sol"}
    op = lambda aka, created, nullified=False: {"did": did, "cid": "bafy" + created[:4], "nullified": nullified, "createdAt": created,
                                                "operation": {"type": "plc_operation", "alsoKnownAs": [f"at://{aka}"]}}
    log = [{"did": did, "cid": "bafy0", "nullified": False, "createdAt": "2023-04-01T10:00:00.000Z",
            "operation": {"type": "create", "handle": "sol-firstname-lastname.bsky.social"}},
           op("sol-typo.bsky.social", "2023-05-01T10:00:00.000Z", nullified=True),  # undone: never public as a handle
           op("sol-2009.bsky.social", "2024-01-01T10:00:00.000Z"),
           op("sol-now.bsky.social", "2025-01-01T10:00:00.000Z")]
    transport = Recorded({
        "https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=sol-now.bsky.social": {"json": profile},
        "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=sol-now.bsky.social&limit=20": {"json": {"feed": []}},
        f"https://plc.directory/{did}/log/audit": {"json": log},
    })
    account = collect("bluesky", "sol-now.bsky.social", transport)
    assert [h["handle"] for h in account.profile["previous_handles"]] == ["sol-firstname-lastname.bsky.social", "sol-2009.bsky.social"]
    assert account.profile["previous_handles"][1]["until"] == "2025-01-01T10:00:00.000Z"
    old = [d for d in account.documents if d.source == "field:previous_handle"]
    assert [d.text for d in old] == ["sol-firstname-lastname.bsky.social", "sol-2009.bsky.social"]
    assert all(d.url == f"https://plc.directory/{did}/log/audit" for d in old)
    assert not any(kind == "handle" for kind, _, _ in account.links)  # someone else may hold an old name now


def test_jess_old_bluesky_handle_shows_up_as_a_fragment_with_its_evidence():
    from footprint.demo import personas
    from tests.live_helpers import persona_report

    report = persona_report(personas()["jess"])
    old = next(f for f in report.fragments if f.kind == "handle" and f.value == "jesshughes2011.bsky.social")
    assert old.evidence[0].source == "field:previous_handle" and "plc.directory" in old.evidence[0].url


def test_keybase_finds_the_user_who_proved_the_github_account_when_the_name_is_free_on_keybase():
    # Keybase's reverse lookup (lookup.json?github=...): the Keybase user is "sol_k", the GitHub account "quietfox".
    user = {"basics": {"username": "sol_k", "ctime": 1600000000}, "profile": {"full_name": "Sol K", "location": "", "bio": ""},
            "proofs_summary": {"all": [{"proof_type": "github", "nametag": "quietfox", "state": 1,
                                        "service_url": "https://github.com/quietfox", "proof_url": "https://gist.github.com/quietfox/1"}]}}
    fields = "&fields=basics%2Cprofile%2Cproofs_summary"
    transport = Recorded({
        f"https://keybase.io/_/api/1.0/user/lookup.json?usernames=quietfox{fields}": {"json": {"status": {"code": 0, "name": "OK"}, "them": [None]}},
        f"https://keybase.io/_/api/1.0/user/lookup.json?github=quietfox{fields}": {"json": {"status": {"code": 0, "name": "OK"}, "them": [user]}},
    })
    account = collect("keybase", "quietfox", transport)
    assert account.status == "found" and account.handle == "sol_k"
    assert account.reason == "Keybase user with a signed proof of the github account 'quietfox'"
    assert ("handle", "github:quietfox", "proof:github") in account.links
    assert collect("keybase", "nobody0x", DemoTransport()).status == "not_found"
