"""`footprint password`: what a password is built from, with evidence, on this computer only. The password
is in no output (terminal, JSON, errors), not in the store, and with --pwned only five characters of its
SHA-1 reach the (local) server, with the Add-Padding header."""
import hashlib
import json
import os
import pty
import select
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT

SECRET = "B1scu1t1403!"  # jess's dog and birthday in disguise (fictional)


def run_with_password(*args, password=SECRET, env=None):
    import subprocess
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    full_env.pop("FOOTPRINT_DEBUG", None)
    data = password if isinstance(password, bytes) else password.encode() + b"\n"
    return subprocess.run([sys.executable, "-m", "footprint", "password", *args], input=data, capture_output=True,
                          timeout=120, env=full_env, cwd=ROOT)


def assert_nowhere(secret: str, *texts: str) -> None:
    for text in texts:
        low = text.casefold()
        assert secret.casefold() not in low and secret[::-1].casefold() not in low
        assert hashlib.sha1(secret.encode()).hexdigest() not in low


def test_demo_persona_password_is_built_from_her_dog_and_birthday_with_evidence():
    result = run_with_password("jess", "--demo", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= {"contains", "guesses_log10", "verdict", "pwned"} and out["pwned"] is None
    kinds = {c["kind"]: c for c in out["contains"]}
    assert set(kinds) == {"pet_name", "birthday"}
    assert kinds["pet_name"]["fragment"] == "Biscuit" and "symbols" in kinds["pet_name"]["disguised_by"]
    assert kinds["pet_name"]["evidence"][0] == {"account": "github:jessmcr2011", "source": "field:bio",
                                                "url": "https://github.com/jessmcr2011"}
    assert kinds["birthday"]["evidence"][0]["account"] == "keybase:jessmcr2011"
    assert out["guesses_log10"] < 8 and "guess" in out["verdict"]
    assert_nowhere(SECRET, result.stdout.decode(), result.stderr.decode())


def test_terminal_says_it_in_plain_words_and_never_shows_the_password():
    result = run_with_password("jess", "--demo")
    text = result.stdout.decode()
    assert result.returncode == 0
    assert "your pet's name “Biscuit” (github bio" in text and "your birthday “14th March” (keybase bio)" in text
    assert "passphrase" in text and "password manager" in text and "two-factor" in text
    assert_nowhere(SECRET, text, result.stderr.decode())


def test_a_passphrase_of_unrelated_words_is_strong_and_contains_nothing():
    out = json.loads(run_with_password("jess", "--demo", "--json", password="lantern pebble orbit tundra").stdout)
    assert out["contains"] == [] and out["guesses_log10"] > 12 and out["strength"] == "strong"


def test_reversed_and_a_short_year_are_seen_through():
    out = json.loads(run_with_password("jess", "--demo", "--json", password="tiucsib11").stdout)
    assert {c["kind"] for c in out["contains"]} == {"pet_name", "birth_year"}
    assert "reversed" in next(c for c in out["contains"] if c["kind"] == "pet_name")["disguised_by"]


def test_no_handle_judges_the_password_alone():
    out = json.loads(run_with_password("--json", password="password").stdout)
    assert out["contains"] == [] and out["guesses_log10"] < 2 and out["strength"] == "very weak"


@pytest.mark.parametrize("data, words", [(b"\n", "no password given"), (b"x" * 2000 + b"\n", "longer than 1024 bytes"),
                                         (b"\xff\xfe\n", "not UTF-8")])
def test_bad_input_is_one_line_and_exit_2(data, words):
    result = run_with_password("jess", "--demo", password=data)
    assert result.returncode == 2 and words in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_bad_handle_and_pwned_on_the_demo_are_refused_before_any_password_is_read():
    bad = run_with_password("no spaces/allowed")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr.decode()
    demo = run_with_password("jess", "--demo", "--pwned")
    assert demo.returncode == 2 and "demo" in demo.stderr.decode()
    unknown = run_with_password("nobody", "--demo")
    assert unknown.returncode == 2 and "persona" in unknown.stderr.decode()


def test_from_a_terminal_the_password_is_not_echoed():
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command, on a terminal of its own
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
        os.chdir(ROOT)
        os.execvpe(sys.executable, [sys.executable, "-m", "footprint", "password", "jess", "--demo"], env)
    seen, sent, deadline = b"", False, time.monotonic() + 90
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not sent and b"not shown" in seen:
            os.write(fd, SECRET.encode() + b"\n")
            sent = True
    os.waitpid(pid, 0)
    text = seen.decode(errors="replace")
    assert sent and "pet's name" in text
    assert_nowhere(SECRET, text)


def test_a_fresh_scan_is_used_and_the_password_is_not_in_the_store(fake_api, footprint_home):
    result = run_with_password("jessmcr2011", *fake_api.endpoint_args(), "--allow-private", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert {c["kind"] for c in out["contains"]} == {"pet_name", "birthday"} and "scanned just now" in out["compared_with"]
    stored = b"".join(p.read_bytes() for p in Path(footprint_home).rglob("*") if p.is_file())
    assert b"Oakfield" in stored  # the scan was stored...
    assert_nowhere(SECRET, stored.decode("latin-1"))  # ...and the password was not
    hits = len(fake_api.hits)
    # the same servers again: the stored scan of that source answers, and nothing is asked of them
    again = run_with_password("jessmcr2011", *fake_api.endpoint_args(), "--allow-private", "--json")
    assert "your last scan" in json.loads(again.stdout)["compared_with"] and len(fake_api.hits) == hits
    # a stored scan from test servers never answers for the real networks (provenance)
    real = run_with_password("jessmcr2011", "--json", "--offline")
    assert real.returncode == 1 and b"nothing stored" in real.stderr


class RangeServer:
    """A Pwned Passwords range endpoint on 127.0.0.1 that remembers every request it saw, raw."""

    def __init__(self, listed: str | None = None, count: int = 42) -> None:
        self.requests: list[tuple[str, dict]] = []
        digest = hashlib.sha1(listed.encode()).hexdigest().upper() if listed else None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append((self.path, dict(self.headers)))
                lines = ["0018A45C4D1DEF81644B54AB7F969B88D65:3", "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0"]
                if digest and self.path == f"/range/{digest[:5]}":
                    lines.append(f"{digest[5:]}:{count}")
                body = "\r\n".join(lines).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_pwned_sends_only_the_five_character_prefix_with_padding(footprint_home):
    server = RangeServer(listed=SECRET, count=42)
    try:
        result = run_with_password("--pwned", "--json", "--endpoint", f"pwned={server.url}", "--allow-private")
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pwned"] == 42
    digest = hashlib.sha1(SECRET.encode()).hexdigest().upper()
    assert len(server.requests) == 1
    path, headers = server.requests[0]
    assert path == f"/range/{digest[:5]}" and {k.lower(): v for k, v in headers.items()}["add-padding"] == "true"
    sent = path + json.dumps(headers)
    assert digest[5:].casefold() not in sent.casefold() and SECRET not in sent
    stored = b"".join(p.read_bytes() for p in Path(footprint_home).rglob("*") if p.is_file())
    assert digest[:5].encode() not in stored.upper()  # not even the prefix is kept


def test_pwned_not_listed_and_never_asked_by_default():
    server = RangeServer(listed=None)
    try:
        listed = run_with_password("--pwned", "--endpoint", f"pwned={server.url}", "--allow-private")
        quiet = run_with_password("--json", "--endpoint", f"pwned={server.url}", "--allow-private")
    finally:
        server.close()
    assert "not in the Pwned Passwords list" in listed.stdout.decode()
    assert len(server.requests) == 1 and json.loads(quiet.stdout)["pwned"] is None  # the second run asked nothing


def test_pwned_goes_through_the_guard():
    server = RangeServer(listed=SECRET)
    try:
        result = run_with_password("--pwned", "--endpoint", f"pwned={server.url}")  # no --allow-private
    finally:
        server.close()
    assert result.returncode == 0 and server.requests == []
    assert "could not ask Pwned Passwords" in result.stdout.decode() and "refused" in result.stdout.decode()
