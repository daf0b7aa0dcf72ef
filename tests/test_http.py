"""The layers put together (collectors/http.py): their order, and the client collectors are handed."""
import asyncio

import httpx
import pytest

from collectors.http import BoundHttp, Http, HttpConfig, HttpLike, PrivateAddressError
from tests.transport_fakes import Answers, FakeCache


def test_a_redirect_to_a_private_address_is_refused_through_the_whole_stack():
    network = Answers(httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data"}))
    cache = FakeCache()

    async def go():
        async with Http(HttpConfig(retries=0), transport=network, cache=cache) as http:
            await http.get("https://public.example/u/x")

    with pytest.raises(PrivateAddressError):
        asyncio.run(go())
    assert [str(r.url) for r in network.seen] == ["https://public.example/u/x"]
    # the guard is outermost: the refused hop was not even looked up in the store
    assert [key for key, _ in cache.asked] == ["GET https://public.example/u/x"]


def test_a_replayed_answer_spends_no_request_and_a_retried_one_is_recorded_once_settled():
    network = Answers(httpx.Response(503), httpx.Response(200, text="fine"))
    cache = FakeCache()

    async def go():
        config = HttpConfig(retries=2, backoff=0.01)
        async with Http(config, transport=network, cache=cache, target="someone") as http:
            first = await http.bind("someone").get("https://site.example/u/someone")
            second = await http.get("https://site.example/u/someone")
            return first, second, http.stats

    first, second, stats = asyncio.run(go())
    assert first.text == second.text == "fine"
    assert stats == {"requests": 2, "retries": 1, "from_store": 1}
    assert [s.status for s in cache.saved.values()] == [200]


def test_the_old_store_keyword_still_works_and_offline_never_reaches_the_network():
    network = Answers(httpx.Response(200))

    async def go(**kwargs):
        async with Http(HttpConfig(offline=True), transport=network, **kwargs) as http:
            return await http.get("https://site.example/u/x")

    for kwargs in ({"store": FakeCache()}, {"cache": FakeCache()}, {}):
        with pytest.raises(httpx.TransportError, match="offline"):
            asyncio.run(go(**kwargs))
    assert network.seen == []


def test_a_bound_client_is_an_httplike_that_passes_its_handle_on():
    cache = FakeCache()

    async def go():
        async with Http(HttpConfig(), transport=Answers(httpx.Response(200)), cache=cache, target="jess") as http:
            clients: list[HttpLike] = [http, http.bind("jess_m"), http.bind("a").bind("jess_b")]
            for i, client in enumerate(clients):
                await client.get(f"https://site.example/{i}")
            assert isinstance(clients[2], BoundHttp) and clients[2].http is http

    asyncio.run(go())
    assert sorted(cache.who.values()) == [("jess", "jess"), ("jess", "jess_b"), ("jess", "jess_m")]
