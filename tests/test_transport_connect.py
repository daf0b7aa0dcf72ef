"""Connections open the way collectors/transport/connect.py says: one lookup, every address checked, connect to a checked one.

The servers here are real (127.0.0.1); name lookups are answered by a stand-in for the operating system's
resolver, because a test cannot own a DNS name.
"""
import asyncio
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from collectors.http import Http, HttpConfig, allowance, describe_error
from collectors.transport.errors import PrivateAddressError


class Local:
    """A plain HTTP (or HTTPS) server on 127.0.0.1 that counts what reaches it."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.paths: list[str] = []
        seen = self.paths

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                seen.append(self.path)
                body = b"hello from inside"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128  # socketserver's 5 drops simultaneous connects (retried a second later)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local():
    server = Local()
    yield server
    server.close()


def fake_dns(monkeypatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Each lookup of a name takes the next answer in its list (the last one repeats); returns the lookups made."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host not in answers:
            return real(host, port, family, type, proto, flags)
        asked.append(host)
        round_ = answers[host][min(asked.count(host), len(answers[host])) - 1]
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in round_]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def fetch(url: str, **config) -> httpx.Response:
    async def go():
        async with Http(HttpConfig(reuse=None, retries=0, timeout=3, **config)) as http:
            return await http.get(url)
    return asyncio.run(go())


def test_a_name_that_resolves_to_a_private_address_is_refused_before_connecting(monkeypatch, local):
    fake_dns(monkeypatch, {"intranet.example": [["127.0.0.1"]]})
    with pytest.raises(PrivateAddressError) as caught:
        fetch(f"http://intranet.example:{local.port}/secret")
    assert "intranet.example resolves to private address 127.0.0.1" in str(caught.value)
    assert local.paths == []


def test_dns_rebinding_cannot_swap_the_checked_address_for_a_private_one(monkeypatch, local):
    # A hostile DNS server answers "public" to the first lookup and "127.0.0.1" to any later one. Checking one
    # answer and connecting by name (a second lookup) would reach the private server; here one lookup is made
    # and the connection goes to the address that was checked.
    asked = fake_dns(monkeypatch, {"rebind.example": [["198.18.0.1"], ["127.0.0.1"]]})
    # 198.18.0.1 is a benchmarking address ipaddress counts as private, so say it is public for this test
    monkeypatch.setattr("collectors.transport.guard.is_public", lambda address: address == "198.18.0.1")
    connected_to = []
    real_open = asyncio.open_connection

    async def open_connection(host, port, **kwargs):
        connected_to.append(host)
        if host == "198.18.0.1":
            raise ConnectionRefusedError(111, "Connection refused")
        return await real_open(host, port, **kwargs)

    monkeypatch.setattr(asyncio, "open_connection", open_connection)
    with pytest.raises(httpx.ConnectError):
        fetch(f"http://rebind.example:{local.port}/secret")
    assert asked == ["rebind.example"] and connected_to == ["198.18.0.1"]
    assert local.paths == []


def test_when_one_address_refuses_the_next_is_tried(monkeypatch, local):
    # Nothing listens on 127.0.0.2 at this port (Linux routes all of 127/8 to loopback): refused at once.
    fake_dns(monkeypatch, {"two.example": [["127.0.0.2", "127.0.0.1"]]})
    url = f"http://two.example:{local.port}/hello"
    response = fetch(url, allowed=allowance([url]))
    assert response.status_code == 200 and response.text == "hello from inside"
    assert local.paths == ["/hello"]


def test_a_name_that_does_not_resolve_says_dns_failure(monkeypatch):
    def nowhere(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", nowhere)
    with pytest.raises(httpx.ConnectError) as caught:
        fetch("https://no-such-site.example/u/someone")
    assert describe_error(caught.value).startswith("dns failure")


@pytest.fixture
def tls_server():
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = Local(tls=context)
    yield server, ca
    server.close()


def test_https_works_through_our_backend_with_the_users_own_ca(tls_server, tmp_path, monkeypatch):
    server, ca = tls_server
    bundle = tmp_path / "school-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    response = fetch(f"https://127.0.0.1:{server.port}/over-tls", allowed=frozenset({("127.0.0.1", server.port)}))
    assert response.status_code == 200 and response.text == "hello from inside"
    assert server.paths == ["/over-tls"]


def test_a_certificate_nobody_vouches_for_is_a_tls_error(tls_server, monkeypatch):
    server, _ = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(httpx.ConnectError) as caught:
        fetch(f"https://127.0.0.1:{server.port}/over-tls", allowed=frozenset({("127.0.0.1", server.port)}))
    assert describe_error(caught.value) == "tls error"
    assert server.paths == []


def test_through_a_proxy_every_request_goes_to_the_proxy_and_no_name_is_looked_up_here(monkeypatch, local):
    # A Tor user's lookups must not leak: the proxy resolves names (here it knows site.example as our local server).
    import http.client

    forwarded: list[str] = []

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            forwarded.append(self.path)
            upstream = http.client.HTTPConnection("127.0.0.1", local.port, timeout=5)
            upstream.request("GET", self.path.split("site.example", 1)[1])
            answer = upstream.getresponse()
            body = answer.read()
            self.send_response(answer.status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    asked = fake_dns(monkeypatch, {"site.example": [["127.0.0.1"]]})
    try:
        response = fetch("http://site.example/hello", proxy=f"http://127.0.0.1:{proxy.server_address[1]}")
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert response.status_code == 200 and response.text == "hello from inside"
    assert forwarded == ["http://site.example/hello"] and local.paths == ["/hello"]
    assert asked == []


def test_many_names_are_looked_up_at_once(monkeypatch, local):
    # The system resolver blocks; a sweep of hundreds of sites must not queue its lookups a handful at a time.
    lock, state = threading.Lock(), {"now": 0, "peak": 0}
    names = [f"site{i}.example" for i in range(40)]
    released = threading.Event()

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
            if state["now"] >= 16:
                released.set()
        released.wait(3)  # a slow resolver: each lookup takes until 16 are in flight (or 3 s)
        with lock:
            state["now"] -= 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    async def go():
        urls = [f"http://{n}:{local.port}/x" for n in names]
        async with Http(HttpConfig(reuse=None, retries=0, timeout=5, allowed=allowance(urls))) as http:
            return await asyncio.gather(*(http.get(u) for u in urls))

    assert all(r.status_code == 200 for r in asyncio.run(go()))
    assert state["peak"] >= 16
