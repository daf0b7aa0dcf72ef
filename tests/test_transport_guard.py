import asyncio

import httpx
import pytest

from collectors.transport.errors import PrivateAddressError
from collectors.transport.guard import GuardedTransport, is_public


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


def test_guard_allows_private_where_the_user_named_the_host():
    inner = Recorder()

    async def go():
        async with httpx.AsyncClient(transport=GuardedTransport(inner, frozenset({("127.0.0.1", 1)}))) as client:
            return await client.get("http://127.0.0.1:1/x")

    assert asyncio.run(go()).status_code == 200 and inner.seen


class Redirects(httpx.AsyncBaseTransport):
    """Public sites that send each visitor on along `chain`, to an address inside a private network at the end."""

    def __init__(self, chain):
        self.chain = chain
        self.seen = []

    async def handle_async_request(self, request):
        url = str(request.url)
        self.seen.append(url)
        following = self.chain[self.chain.index(url) + 1]
        return httpx.Response(302, headers={"Location": following})


@pytest.mark.parametrize("private", ["http://10.0.0.1/admin", "http://[::1]:8080/", "http://metadata.internal/"])
def test_every_redirect_hop_is_checked_and_one_to_a_private_address_is_refused(private):
    chain = ["https://one.example/u/x", "https://two.example/go", "https://three.example/next", private]
    inner = Redirects(chain)

    async def go():
        async with httpx.AsyncClient(transport=GuardedTransport(inner), follow_redirects=True) as client:
            await client.get(chain[0])

    with pytest.raises(PrivateAddressError) as caught:
        asyncio.run(go())
    assert inner.seen == chain[:3]  # the public hops were asked, the private one never
    assert str(caught.value.request.url) == private
