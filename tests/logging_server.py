"""A real HTTP server on 127.0.0.1 that answers what a test tells it to and writes down every request it gets
(its raw path, as sent, and its headers): the hostile site, the API a pivot lands on, the proxy that must
never be asked."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Seen:
    method: str
    path: str  # as the request line carried it: a proxy sees the whole URL here
    headers: dict[str, str]


class LoggingServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[dict[str, str], tuple[int, bytes, dict[str, str]]]]] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self) -> None:
                server.seen.append(Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                parts = urlsplit(self.path)
                path = parts.path if self.path.startswith("/") else self.path
                query = dict(parse_qsl(parts.query))
                status, body, headers = next(
                    (answer for when, answer in server.routes.get(path, []) if when.items() <= query.items()),
                    (404, b'{"message": "Not Found"}', {}))
                self.send_response(status)
                self.send_header("Content-Type", headers.get("Content-Type", "application/json"))
                for k, v in headers.items():
                    if k != "Content-Type":
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = do_CONNECT = answer  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def route(self, path: str, body: object = None, status: int = 200, when: dict[str, str] | None = None,
              **headers: str) -> None:
        """Answer `path` (whose query holds everything in `when`, if given) with `body`; the first match wins."""
        data = body if isinstance(body, bytes) else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        answer = (status, data, {k.replace("_", "-"): v for k, v in headers.items()})
        self.routes.setdefault(path, []).append((when or {}, answer))

    def redirect(self, path: str, location: str) -> None:
        self.route(path, b"", 302, Location=location)

    @property
    def paths(self) -> list[str]:
        return [s.path for s in self.seen]

    def __enter__(self) -> LoggingServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
