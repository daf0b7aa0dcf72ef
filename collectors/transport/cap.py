"""Read the body here, inside the stack, and stop at the size cap.

Every collector wants the whole body, so it is read once, low down: the time limit above then covers the
body too, a connection reset halfway through the body reaches the retry layer, the host slot is held
until the last byte, and the replay layer only ever stores a body that fitted under the cap.
"""

from __future__ import annotations

import httpx

from collectors.transport.errors import ResponseTooLarge

# The body handed up is decoded, so the headers that describe the encoded one no longer apply.
_DECODED = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class SizeCapTransport(httpx.AsyncBaseTransport):
    """Returns responses whose body is already read (and decoded), or raises ResponseTooLarge."""

    def __init__(self, inner: httpx.AsyncBaseTransport, max_bytes: int) -> None:
        self._inner = inner
        self._max = max_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        chunks: list[bytes] = []
        size = 0
        try:
            # Decoded bytes are counted: what a parser would have to hold. (Compressed bytes are not capped
            # before decoding; see the hardening issue.)
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self._max:
                    raise ResponseTooLarge(f"response larger than {self._max} bytes", request)
                chunks.append(chunk)
        finally:
            await response.aclose()  # at once, not when collected: the connection goes back to its pool or is dropped
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DECODED]
        return httpx.Response(response.status_code, headers=headers, content=b"".join(chunks), request=request)

    async def aclose(self) -> None:
        await self._inner.aclose()
