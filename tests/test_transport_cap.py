"""The size cap on its own: the body is read here, and reading stops at the cap."""
import asyncio
import gzip

import httpx
import pytest

from collectors.transport.cap import SizeCapTransport
from collectors.transport.errors import ResponseTooLarge
from tests.transport_fakes import Answers, Chunks, request


def through(max_bytes, response):
    layer = SizeCapTransport(Answers(lambda req: response), max_bytes)
    return asyncio.run(layer.handle_async_request(request()))


def test_reading_stops_at_the_cap_and_the_connection_is_let_go():
    body = Chunks(100, count=50)  # five times the cap
    with pytest.raises(ResponseTooLarge):
        through(1000, httpx.Response(200, stream=body))
    assert body.sent == 11 and body.closed  # the chunk that crossed the cap, and not one more


def test_a_body_under_the_cap_comes_up_read_and_whole():
    body = Chunks(100, count=10)
    response = through(1000, httpx.Response(200, headers={"Content-Length": "1000"}, stream=body))
    assert response.content == b"x" * 1000 and body.closed
    assert response.is_stream_consumed and response.headers["content-length"] == "1000"


def test_the_cap_counts_decoded_bytes_and_the_body_comes_up_decoded():
    packed = gzip.compress(b"a" * 5000)
    assert len(packed) < 1000
    gzipped = {"Content-Encoding": "gzip", "Content-Length": str(len(packed))}
    with pytest.raises(ResponseTooLarge):
        through(1000, httpx.Response(200, headers=gzipped, stream=Chunks(data=packed)))
    response = through(10_000, httpx.Response(200, headers=gzipped, stream=Chunks(data=packed)))
    assert response.content == b"a" * 5000 and "content-encoding" not in response.headers
    assert response.headers["content-length"] == "5000"
