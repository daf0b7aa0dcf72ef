from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from footprint.demo import personas

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command, in a child process, as a user would run it."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    full_env.pop("FOOTPRINT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "footprint", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=ROOT)


class FakeAPIServer:
    """A real HTTP server on 127.0.0.1 that answers like the networks' APIs, from the demo personas' recordings."""

    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[dict, dict]]] = {}
        self.hits: list[str] = []
        for persona in personas().values():
            for url, spec in persona.responses.items():
                parts = urlsplit(url)
                self.routes.setdefault(parts.netloc + parts.path, []).append((dict(parse_qsl(parts.query)), spec))
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.hits.append(self.path)
                network, _, rest = self.path.lstrip("/").partition("/")
                parts = urlsplit("/" + rest)
                query = dict(parse_qsl(parts.query))
                host = {"github": "api.github.com", "keybase": "keybase.io", "hackernews": "hacker-news.firebaseio.com"}[network]
                for wanted, spec in server.routes.get(host + parts.path, []):
                    if all(query.get(k) == v for k, v in wanted.items()):
                        return self.reply(spec.get("status", 200), json.dumps(spec["json"]))
                not_found = {"api.github.com": (404, '{"message": "Not Found"}'),
                             "keybase.io": (200, '{"status": {"code": 0}, "them": [null]}'),
                             "hacker-news.firebaseio.com": (200, "null")}[host]
                self.reply(*not_found)

            def reply(self, status: int, body: str) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def endpoint_args(self) -> list[str]:
        args = []
        for network in ("github", "keybase", "hackernews"):
            args += ["--endpoint", f"{network}=http://127.0.0.1:{self.port}/{network}"]
        return args + SITE_ARGS


# Scans in tests name their networks, so no other collector or site-list check reaches for the internet.
SITE_ARGS = ["--site", "github", "--site", "keybase", "--site", "hackernews"]


@pytest.fixture
def fake_api():
    server = FakeAPIServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def pytest_configure(config) -> None:
    """Before any fixture runs (session-wide ones too), every footprint folder points into a temporary one:
    derived tables (the gazetteers) are built once per session there, and nothing reaches the user's folders."""
    import tempfile

    session = Path(tempfile.mkdtemp(prefix="footprint-tests-"))
    for name, sub in (("FOOTPRINT_HOME", "home"), ("FOOTPRINT_CACHE", "cache"), ("XDG_CACHE_HOME", "xdg-cache")):
        os.environ[name] = str(session / sub)


@pytest.fixture(scope="session")
def footprint_cache():
    return Path(os.environ["FOOTPRINT_CACHE"])


@pytest.fixture(autouse=True)
def footprint_home(tmp_path_factory, footprint_cache, monkeypatch):
    """Every test gets its own home and the session's cache; nothing touches the user's real folders.
    HOME and XDG_CACHE_HOME point into the test's own folder too, so a path that bypassed
    footprint/paths.py would land there rather than in the user's cache."""
    path = tmp_path_factory.mktemp("footprint-home")
    monkeypatch.setenv("FOOTPRINT_HOME", str(path))
    monkeypatch.setenv("FOOTPRINT_CACHE", str(footprint_cache))
    monkeypatch.setenv("XDG_CACHE_HOME", str(path / "xdg-cache"))
    return path
