"""The replay layer on its own, over a cache in a dict: what it answers, what it records, and offline."""
import asyncio

import httpx
import pytest

from collectors.transport.errors import OfflineMiss
from collectors.transport.replay import SUBJECT, ReplayTransport, request_key
from tests.transport_fakes import Answers, FakeCache, Stored, request

URL = "https://site.example/u/someone"


def ask(layer, *requests):
    async def go():
        return [await layer.handle_async_request(r) for r in requests]
    return asyncio.run(go())


def test_a_stored_answer_is_given_without_asking_the_network():
    cache = FakeCache()
    cache.saved[request_key(httpx.URL(URL))] = Stored(200, {"content-type": "application/json"}, b'{"login": "someone"}')
    inner = Answers(httpx.Response(500))
    layer = ReplayTransport(inner, cache, reuse=3600.0)
    [response] = ask(layer, request(URL))
    assert response.json() == {"login": "someone"} and response.headers["content-type"] == "application/json"
    assert inner.seen == [] and layer.hits == 1
    assert cache.asked == [(request_key(httpx.URL(URL)), 3600.0)]  # no older than `reuse`


@pytest.mark.parametrize("code", [200, 404, 410])
def test_answers_about_the_account_are_recorded_and_then_reused(code):
    cache = FakeCache()
    inner = Answers(httpx.Response(code, text="answer", headers={"Content-Type": "text/plain", "Set-Cookie": "x=1"}))
    layer = ReplayTransport(inner, cache, target="someone")
    first, second = ask(layer, request(URL), request(URL))
    assert first.text == second.text == "answer" and second.status_code == code
    assert len(inner.seen) == 1
    [stored] = cache.saved.values()
    assert stored.headers == {"content-type": "text/plain"}  # not the cookie


@pytest.mark.parametrize("code", [429, 500, 503])
def test_errors_and_rate_limits_are_never_recorded(code):
    cache = FakeCache()
    inner = Answers(httpx.Response(code))
    ask(ReplayTransport(inner, cache), request(URL), request(URL))
    assert cache.saved == {} and len(inner.seen) == 2


def test_offline_a_miss_raises_and_nothing_reaches_the_network():
    cache = FakeCache()
    inner = Answers(httpx.Response(200))
    layer = ReplayTransport(inner, cache, offline=True)
    with pytest.raises(OfflineMiss):
        ask(layer, request(URL))
    assert inner.seen == []
    cache.saved[request_key(httpx.URL(URL))] = Stored(200, {}, b"old but fine")
    [response] = ask(layer, request(URL))
    assert response.text == "old but fine" and cache.asked[-1][1] is None  # offline, any age will do


def test_without_reuse_nothing_is_looked_up_but_answers_are_still_recorded():
    cache = FakeCache()
    layer = ReplayTransport(Answers(httpx.Response(200)), cache, reuse=None)
    ask(layer, request(URL), request(URL))
    assert cache.asked == [] and len(cache.saved) == 1


def test_each_record_says_whose_handle_it_is_about():
    cache = FakeCache()
    layer = ReplayTransport(Answers(httpx.Response(200)), cache, target="jessmcr2011")
    ask(layer, request(URL, extensions={SUBJECT: "jess_m"}), request("https://other.example/"))
    assert sorted(cache.who.values()) == [("jessmcr2011", "jess_m"), ("jessmcr2011", "jessmcr2011")]


def test_the_key_ignores_query_order_and_tells_bodies_apart():
    assert request_key(httpx.URL("https://a.example/x?b=2&a=1")) == request_key(httpx.URL("https://A.example/x?a=1&b=2"))
    assert request_key(httpx.URL(URL), "POST", b"name=a") != request_key(httpx.URL(URL), "POST", b"name=b")
    cache = FakeCache()
    layer = ReplayTransport(Answers(lambda req: httpx.Response(200, content=req.content)), cache)
    ask(layer, request(URL, "POST", content=b"name=a"), request(URL, "POST", content=b"name=b"))
    assert sorted(s.body for s in cache.saved.values()) == [b"name=a", b"name=b"]


def test_a_redirect_is_recorded_hop_by_hop_and_replays_with_its_history():
    def site(req):
        if req.url.path == "/u/someone":
            return httpx.Response(302, headers={"Location": "/accounts/login"})
        return httpx.Response(200, text="please log in")

    cache = FakeCache()

    async def scan(offline):
        layer = ReplayTransport(Answers(site), cache, offline=offline)
        async with httpx.AsyncClient(transport=layer, follow_redirects=True) as client:
            return await client.get(URL)

    live = asyncio.run(scan(offline=False))
    replayed = asyncio.run(scan(offline=True))
    assert len(cache.saved) == 2
    assert replayed.text == live.text == "please log in"
    assert str(replayed.url) == str(live.url) == "https://site.example/accounts/login"
    assert [r.status_code for r in replayed.history] == [302]
