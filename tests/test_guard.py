import asyncio

import httpx
import pytest

from collectors.guard import GuardedTransport, PrivateAddressError, is_public


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
                                     "224.0.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1"])
def test_private_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["140.82.112.6", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses(address):
    assert is_public(address)


class Recorder(httpx.AsyncBaseTransport):
    def __init__(self):
        self.seen = []

    async def handle_async_request(self, request):
        self.seen.append(str(request.url))
        return httpx.Response(200, json={})


# Names are checked where connections open (tests/test_connect.py); these need no lookup, so they are
# refused before any request, through a proxy too.
@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/x", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
                                 "http://localhost:9/", "http://printer.local/", "http://10.0.0.1/"])
def test_guard_refuses_private_literals_and_local_names_before_any_request(url):
    inner = Recorder()

    async def go():
        async with httpx.AsyncClient(transport=GuardedTransport(inner)) as client:
            await client.get(url)

    with pytest.raises(PrivateAddressError):
        asyncio.run(go())
    assert inner.seen == []


def test_guard_allows_private_when_asked():
    inner = Recorder()

    async def go():
        async with httpx.AsyncClient(transport=GuardedTransport(inner, allow_private=True)) as client:
            return await client.get("http://127.0.0.1:1/x")

    assert asyncio.run(go()).status_code == 200 and inner.seen
