"""Decompression bombs, and a real server on 127.0.0.1 that serves them as profile pages.

Paths are /{bomb}/{name}; /real/realuser is a genuine profile, so a scan that meets the bombs still has
something to find. Shared by tests/test_hardening.py and benchmarks/bench_bombs.py.
"""
from __future__ import annotations

import threading
import zlib
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UNPACKED = 1 << 29  # each bomb unpacks to 512 MiB of zeros: far past the 2 MB cap and the 300 MB a scan may use
_MB = b"\0" * (1 << 20)


def _pack(chunks, wbits: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(z.compress(c) for c in chunks) + z.flush()


@lru_cache(maxsize=1)
def _deflated_zeros() -> tuple[bytes, bytes]:
    """(gzip, zlib-wrapped deflate) of UNPACKED zeros, each about half a megabyte."""
    return _pack((_MB for _ in range(UNPACKED >> 20)), 31), _pack((_MB for _ in range(UNPACKED >> 20)), 15)


@lru_cache(maxsize=1)
def bombs() -> dict[str, tuple[str, bytes]]:
    """name -> (Content-Encoding, body)."""
    gz, deflated = _deflated_zeros()
    triple = _pack([_pack([gz], 31)], 31)  # gzip, gzip, gzip: a few hundred bytes
    return {"gzip3": ("gzip, gzip, gzip", triple), "gzip": ("gzip", gz), "deflate": ("deflate", deflated),
            "br": ("br", _brotli_zeros())}


def _brotli_zeros() -> bytes:
    import brotli  # the test extra installs it (footprint reads br only with a decoder it can stop)

    c = brotli.Compressor(quality=5)
    return b"".join(c.process(_MB) for _ in range(UNPACKED >> 20)) + c.finish()


PROFILE = '<html><head><title>{name}</title></head><body><h1 class="profile">@{name}</h1></body></html>'


class BombServer:
    def __init__(self) -> None:
        self.hits: list[str] = []
        served = bombs()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                server.hits.append(self.path)
                kind, _, name = self.path.strip("/").partition("/")
                if kind == "real":
                    body = PROFILE.format(name=name).encode() if name == "realuser" else b"Not Found"
                    return self.reply(200 if name == "realuser" else 404, body, "")
                encoding, body = served.get(kind, ("", b"Not Found"))
                self.reply(200 if kind in served else 404, body, encoding)

            def reply(self, status: int, body: bytes, encoding: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/html")
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass  # the client hung up at its cap

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def sites(self) -> list[dict]:
        """A site list (WhatsMyName format) with one site per bomb and one genuine profile."""
        return [{"name": kind, "uri_check": f"{self.base}/{kind}/{{account}}", "e_code": 200,
                 "e_string": 'class="profile"', "m_code": 404, "m_string": "Not Found"}
                for kind in ("real", *bombs())]

    def __enter__(self) -> BombServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
