"""Read the body here, inside the stack, and stop at the size cap: bytes are counted before they are decoded.

Every collector wants the whole body, so it is read once, low down: the time limit above then covers the
body too, a connection reset halfway through the body reaches the retry layer, the host slot is held
until the last byte, and the replay layer only ever stores a body that fitted under the cap.

A compressed body is a promise of more bytes: 269 bytes of `gzip, gzip, gzip` unpack to gigabytes. So the
raw bytes are read as they came (httpx would decode each chunk in one unlimited call, stacked encodings
included), counted against the cap, and decoded a step at a time, each encoding's output under the same cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, Protocol

import httpx

from collectors.transport.errors import ResponseTooLarge

# The body handed up is decoded, so the headers that describe the encoded one no longer apply.
_DECODED = frozenset({"content-encoding", "content-length", "transfer-encoding"})
STEP = 64 * 1024  # the most one decoding step produces: what the decoders hold at any moment
MOST_ENCODINGS = 3  # gzip of gzip has no honest use; more layers are refused, not unpacked
# Compressions footprint does not decode under the cap (br without a brotli that can be told to stop): refused,
# since their bytes read as a page would be garbage that might look like "not found".
_COMPRESSED = frozenset({"br", "zstd", "compress", "x-compress"})

try:  # brotli only where the installed module can be told to stop (its output limit came in brotli 1.2)
    import brotli as _brotli

    _BOUNDED_BROTLI = hasattr(_brotli.Decompressor(), "can_accept_more_data")
    _BROKEN: tuple[type[Exception], ...] = (zlib.error, _brotli.error)
except ImportError:  # brotli is not a dependency
    _brotli = None
    _BOUNDED_BROTLI = False
    _BROKEN = (zlib.error,)

# What footprint asks for: only encodings it can decode under the cap.
ACCEPT_ENCODING = "gzip, deflate" + (", br" if _BOUNDED_BROTLI else "")


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...
    def flush(self) -> Iterator[bytes]: ...


class _Inflate:
    """gzip or deflate (zlib-wrapped as the RFC says, or raw as some servers send it), STEP bytes at a time."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._z: Any = zlib.decompressobj(zlib.MAX_WBITS | 16) if gzip else None
        self._head = b""

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:  # deflate: the first two bytes say whether a zlib header is there
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        if self._z.eof:
            return  # anything after the end of the stream is not part of the body
        while True:
            out = self._z.decompress(data, STEP)
            if out:
                yield out
            data = self._z.unconsumed_tail
            # a full step may leave output pending inside zlib even with no input left: ask again
            if self._z.eof or (not data and len(out) < STEP):
                return

    def flush(self) -> Iterator[bytes]:
        if self._z is None and self._head:
            raise zlib.error("a deflate body of one byte")
        if self._z is not None and not self._z.eof:
            yield from self.feed(b"")


class _Brotli:
    def __init__(self) -> None:
        assert _brotli is not None
        self._d = _brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._d.process(data, output_buffer_limit=STEP)
        if out:
            yield out
        while not self._d.can_accept_more_data():  # output is waiting: it must be taken before more input
            out = self._d.process(b"", output_buffer_limit=STEP)
            if not out:
                return
            yield out

    def flush(self) -> Iterator[bytes]:
        while not self._d.is_finished():  # what the last input left inside the decoder
            out = self._d.process(b"", output_buffer_limit=STEP)
            if not out:
                return
            yield out


class _Capped:
    """One decoding step of a stack, its total output held under the cap."""

    def __init__(self, decoder: _Decoder, max_bytes: int, request: httpx.Request) -> None:
        self._decoder, self._max, self._request = decoder, max_bytes, request
        self._size = 0

    def _count(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self._size += len(piece)
            if self._size > self._max:
                raise ResponseTooLarge(f"response larger than {self._max} bytes once decoded", self._request)
            yield piece

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._count(self._decoder.feed(data))

    def flush(self) -> Iterator[bytes]:
        return self._count(self._decoder.flush())


def _decoders(response: httpx.Response, max_bytes: int, request: httpx.Request) -> list[_Capped]:
    """The steps that undo Content-Encoding, last applied first; DecodingError for one that cannot be undone."""
    names = [n.strip().lower() for v in response.headers.get_list("content-encoding") for n in v.split(",")]
    names = [n for n in names if n and n != "identity"]
    if len(names) > MOST_ENCODINGS:
        raise httpx.DecodingError(f"{len(names)} content encodings stacked", request=request)
    steps: list[_Capped] = []
    for name in reversed(names):
        decoder: _Decoder
        if name in ("gzip", "x-gzip", "deflate"):
            decoder = _Inflate(gzip=name != "deflate")
        elif name == "br" and _BOUNDED_BROTLI:
            decoder = _Brotli()
        elif name in _COMPRESSED:
            raise httpx.DecodingError(f"content encoding {name!r} is not one footprint reads", request=request)
        else:
            continue  # a token that names no compression ("utf-8", sent by some servers): the bytes are the body
        steps.append(_Capped(decoder, max_bytes, request))
    return steps


def _through(steps: list[_Capped], data: bytes) -> Iterator[bytes]:
    """`data` decoded by every step in turn, lazily: no step runs further ahead than one STEP of output."""
    if not steps:
        yield data
        return
    for piece in steps[0].feed(data):
        yield from _through(steps[1:], piece)


def _finish(steps: list[_Capped]) -> Iterator[bytes]:
    for i, step in enumerate(steps):
        for piece in step.flush():
            yield from _through(steps[i + 1 :], piece)


def _read(response: httpx.Response, chunks: list[bytes], request: httpx.Request) -> httpx.Response:
    """The response again, its body whole and decoded."""
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DECODED]
    return httpx.Response(response.status_code, headers=headers, content=b"".join(chunks), request=request)


class SizeCapTransport(httpx.AsyncBaseTransport):
    """Returns responses whose body is already read (and decoded), or raises ResponseTooLarge."""

    def __init__(self, inner: httpx.AsyncBaseTransport, max_bytes: int) -> None:
        self._inner = inner
        self._max = max_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        chunks: list[bytes] = []
        raw = 0
        try:
            if response.is_stream_consumed:  # made in memory (the demo network, a test's stand-in): read and decoded
                if len(response.content) > self._max:
                    raise ResponseTooLarge(f"response larger than {self._max} bytes", request)
                chunks.append(response.content)
                return _read(response, chunks, request)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self._max and request.method != "HEAD":
                raise ResponseTooLarge(f"response of {declared} bytes, above {self._max}", request)
            steps = _decoders(response, self._max, request)
            try:
                async for chunk in response.aiter_raw():
                    raw += len(chunk)
                    if raw > self._max:
                        raise ResponseTooLarge(f"response larger than {self._max} bytes", request)
                    chunks.extend(_through(steps, chunk))
                chunks.extend(_finish(steps))
            except _BROKEN as exc:
                raise httpx.DecodingError(f"broken compressed body: {exc}", request=request) from None
        finally:
            await response.aclose()  # at once, not when collected: the connection goes back to its pool or is dropped
        return _read(response, chunks, request)

    async def aclose(self) -> None:
        await self._inner.aclose()
