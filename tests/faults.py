"""A real HTTP server on 127.0.0.1 that misbehaves the way the internet does.

Paths are /{fault}/{name}. Only `real` (for the name `realuser`) and `ratelimited_once` are genuine accounts.
"""
from __future__ import annotations

import re
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROFILE = '<html><head><title>{name} profile</title><meta property="og:title" content="{name}"></head><body><h1 class="profile">@{name}</h1></body></html>'
WAF = '<html><head><title>Just a moment...</title></head><body class="profile">@{name} <div id="cf-chl-widget"></div></body></html>'


class FaultServer:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        self.inflight = self.peak = 0
        self.stop = threading.Event()
        self.canary_seen = threading.Event()
        self.canary_first: bool | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                parts = self.path.split("?")[0].strip("/").split("/")
                fault, name = parts[0], (parts[1] if len(parts) > 1 else "")
                server.hits[fault] = server.hits.get(fault, 0) + 1
                getattr(self, "f_" + fault, self.f_missing)(name)

            def send(self, status: int, body: str | bytes, ctype: str = "text/html", headers: dict | None = None) -> None:
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def f_missing(self, name: str) -> None:
                self.send(404, "no such page")

            def f_real(self, name: str) -> None:
                if name == "realuser":
                    self.send(200, PROFILE.format(name=name))
                else:
                    self.send(404, "Not Found")

            def f_everyone(self, name: str) -> None:  # a site that "finds" any name
                self.send(200, PROFILE.format(name=name))

            def f_slow(self, name: str) -> None:
                server.stop.wait(5)
                self.send(200, PROFILE.format(name=name))

            def f_waitcanary(self, name: str) -> None:  # holds the handle until this site's canary arrives (5 s at most)
                if name == "realuser":
                    server.canary_first = server.canary_seen.wait(5)
                    self.send(200, PROFILE.format(name=name))
                else:
                    server.canary_seen.set()
                    self.send(404, "Not Found")

            def f_drip(self, name: str) -> None:  # headers at once, then one byte a second, for ever
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(30):
                    if server.stop.wait(0.5):
                        return
                    try:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                    except OSError:
                        return

            def f_ratelimited_once(self, name: str) -> None:
                key = "rl:" + name
                server.hits[key] = server.hits.get(key, 0) + 1
                if server.hits[key] == 1:
                    self.send(429, "slow down", headers={"Retry-After": "1"})
                elif name == "realuser":
                    self.send(200, PROFILE.format(name=name))
                else:
                    self.send(404, "Not Found")

            def f_inflight(self, name: str) -> None:  # counts how many requests overlap
                with server.lock:
                    server.inflight += 1
                    server.peak = max(server.peak, server.inflight)
                server.stop.wait(0.1)
                with server.lock:
                    server.inflight -= 1
                self.send(404, "Not Found")

            def f_ratelimited(self, name: str) -> None:
                self.send(429, "slow down", headers={"Retry-After": "3600"})

            def f_error503(self, name: str) -> None:
                self.send(503, "<html>Service Unavailable</html>")

            def f_reset(self, name: str) -> None:
                # SO_LINGER 0 makes close() send a TCP RST instead of a clean FIN
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.rfile.close()
                self.wfile.close()
                self.connection.close()
                self.close_connection = True

            def f_big(self, name: str) -> None:
                self.send(200, (PROFILE.format(name=name) + " " * 100) * 40_000)

            def f_malformed(self, name: str) -> None:
                self.send(200, '{"login": "' + name + '", "unterminated', ctype="application/json")

            def f_loginredirect(self, name: str) -> None:
                self.send(302, "", headers={"Location": f"/accounts/login?next=/{name}"})

            def f_accounts(self, name: str) -> None:  # the login page: 200, and it even names the user
                self.send(200, PROFILE.format(name=self.path.split("next=/")[-1]))

            def f_waf200(self, name: str) -> None:
                self.send(200, WAF.format(name=name))

            def f_waf403(self, name: str) -> None:
                self.send(403, WAF.format(name=name), headers={"cf-mitigated": "challenge"})

            def f_waf503(self, name: str) -> None:
                self.send(503, WAF.format(name=name))

            def f_captcha(self, name: str) -> None:
                self.send(200, f'<div class="profile">@{name}</div><script src="https://www.google.com/recaptcha/api.js"></script><div class="g-recaptcha"></div>')

            def f_redirectloop(self, name: str) -> None:
                self.send(302, "", headers={"Location": f"/redirectloop/{name}"})

            def f_gonehome(self, name: str) -> None:  # a missing account is a 302 to the home page (71 WhatsMyName sites)
                if name == "realuser":
                    self.send(200, PROFILE.format(name=name))
                else:
                    self.send(302, "", headers={"Location": "/"})

            def f_athletes(self, name: str) -> None:  # an existing account answers with a redirect (Strava, osu!)
                if name == "realuser":
                    self.send(301, "", headers={"Location": f"/athletes/{name}"})
                else:
                    self.send(404, "Not Found")

            def f_shapecatch(self, name: str) -> None:  # a profile for every name but those of one fixed shape
                if re.fullmatch(r"qz[0-9a-f]{12}", name):
                    self.send(404, "Not Found")
                else:
                    self.send(200, PROFILE.format(name=name))

            def f_lengthcatch(self, name: str) -> None:  # a profile for every name but 14-character ones
                if len(name) == 14:
                    self.send(404, "Not Found")
                else:
                    self.send(200, PROFILE.format(name=name))

            def f_adult(self, name: str) -> None:
                self.send(404, "Not Found")

            def do_POST(self) -> None:  # noqa: N802  /lookup: {"username": NAME} in the body, as 22 WhatsMyName sites ask
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                server.hits["post"] = server.hits.get("post", 0) + 1
                if '"realuser"' in body:
                    self.send(200, '{"taken": true, "user": "realuser"}', ctype="application/json")
                else:
                    self.send(200, '{"taken": false}', ctype="application/json")

            def f_private(self, name: str) -> None:  # redirects a request to a private address
                self.send(302, "", headers={"Location": f"http://10.0.0.1/{name}"})

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # clients hang up on slow and oversized answers on purpose

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> "FaultServer":
        self.thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0.05)
