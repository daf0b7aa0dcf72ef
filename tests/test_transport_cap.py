"""The size cap on its own: the body is read here, and reading stops at the cap."""
import asyncio
import gzip
import zlib

import brotli
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


def pack(data: bytes, wbits: int) -> bytes:
    z = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return z.compress(data) + z.flush()


@pytest.mark.parametrize("encoding, body", [
    ("gzip", lambda d: pack(d, 31)),
    ("deflate", lambda d: pack(d, 15)),  # zlib-wrapped, as the RFC says
    ("deflate", lambda d: pack(d, -15)),  # raw deflate, as some servers send it
    ("deflate, gzip", lambda d: pack(pack(d, 15), 31)),
    ("br", lambda d: brotli.compress(d)),
    ("gzip, br", lambda d: brotli.compress(pack(d, 31))),
    ("utf-8", lambda d: d),  # a token that names no compression: the bytes are the body
])
def test_honest_compressed_bodies_come_up_whole_whichever_way_they_were_packed(encoding, body):
    text = b"".join(b"line %d of a profile page\n" % i for i in range(20_000))  # ~500 KB, a few chunks in
    packed = body(text)
    pieces = [packed[i:i + 7000] for i in range(0, len(packed), 7000)]

    class Pieces(httpx.AsyncByteStream):
        async def __aiter__(self):
            for piece in pieces:
                yield piece

    response = through(2_000_000, httpx.Response(200, headers={"Content-Encoding": encoding}, stream=Pieces()))
    assert response.content == text


def test_each_decoding_step_is_capped_and_odd_encodings_are_refused():
    with pytest.raises(ResponseTooLarge):  # 10 MB of zeros in under 20 KB: stopped at the cap, not unpacked
        through(1_000_000, httpx.Response(200, headers={"Content-Encoding": "gzip, gzip"},
                                          stream=Chunks(data=pack(pack(b"\0" * 10_000_000, 31), 31))))
    for encoding in ("zstd", "gzip, gzip, gzip, gzip"):
        with pytest.raises(httpx.DecodingError):
            through(1000, httpx.Response(200, headers={"Content-Encoding": encoding}, stream=Chunks(data=b"x")))
    with pytest.raises(httpx.DecodingError):  # a broken stream says so, rather than passing as a page
        through(1000, httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=Chunks(data=b"\x1f\x8bnot gzip")))
