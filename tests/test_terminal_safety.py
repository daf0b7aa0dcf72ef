"""Strangers' text never drives the terminal: escape sequences in a repository name, a bio, a student's name in
a cohort file, a site list or pasted text are shown, not acted on (reports/plain.py), with colour on."""
import json
import os
import re
import subprocess
import sys

from tests.conftest import ROOT
from tests.logging_server import LoggingServer

CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;owned\x07"
LINK = "\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours, the only escape sequence footprint may print


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FOOTPRINT_DEBUG")}
    env.update({"FORCE_COLOR": "1", "COLUMNS": "200"})
    return subprocess.run([sys.executable, "-m", "footprint", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def assert_inert(text: str) -> None:
    left = SGR.sub("", text)
    assert "\x1b" not in left and "\x07" not in left and "\x9b" not in left, repr(left[:400])


def test_escape_sequences_in_a_profile_and_its_repositories_are_shown_not_run():
    with LoggingServer() as api:
        api.route("/users/termjack", {
            "login": "termjack", "id": 9, "type": "User", "html_url": f"https://github.com/termjack{CLEAR}",
            "name": f"Terry Jack{TITLE}", "location": f"Leeds{CLEAR}", "bio": f"born 1 April 2009 {LINK} [link=https://evil.example]x[/link]"})
        api.route("/users/termjack/repos", [{
            "name": f"pets{TITLE}{CLEAR}", "html_url": "https://github.com/termjack/pets", "pushed_at": "2026-01-01T00:00:00Z",
            "description": f"my dog is called Biscuit {LINK}", "homepage": ""}])
        args = ["--endpoint", f"github={api.base}", "--site", "github", "--allow-private", "--depth", "0", "--no-progress"]
        scanned = run("scan", "termjack", *args)
        reviewed = run("review", "termjack", *args)
    for result in (scanned, reviewed):
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout)
        assert_inert(result.stderr)
    assert "Terry Jack" in scanned.stdout and "\\x1b" in scanned.stdout  # shown, visibly
    assert "pets" in scanned.stdout  # the repository is named where its words are evidence


def test_pasted_text_a_cohort_file_and_a_site_list_cannot_drive_the_terminal(tmp_path):
    pasted = run("text", "-", stdin=f"I'm Jess Hughes{TITLE}, born 1 April 2009, I live in Leeds {LINK}")
    assert pasted.returncode == 0, pasted.stderr
    assert_inert(pasted.stdout)
    assert "Jess Hughes" in pasted.stdout

    cohort = tmp_path / "cohort.csv"
    cohort.write_text(f"handle,name\njessmcr2011,Jess{LINK}\ndwhitfield,[link=https://evil.example]Dan[/link]{CLEAR}\n")
    batch = run("batch", str(cohort), "--demo", "--out", str(tmp_path / "out"))
    assert batch.returncode == 0, batch.stderr
    assert_inert(batch.stdout)
    assert_inert(batch.stderr)
    assert "[link=https://evil" in batch.stdout  # rich markup in a name is printed as it is, not made a link

    sites = tmp_path / "sites.json"
    sites.write_text(json.dumps({"sites": [{"name": f"evil{TITLE}", "uri_check": f"https://evil.example/{{account}}{CLEAR}",
                                            "e_code": 200, "e_string": "x", "m_code": 404, "m_string": "y"}]}))
    listed = run("sites", "list", "--sites", str(sites))
    assert listed.returncode == 0, listed.stderr
    assert_inert(listed.stdout)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"sites": [{"name": f"x{CLEAR}", "uri_check": "ftp://{account}"}]}))
    failed = run("scan", "someone", "--sites", str(broken), "--only-list")
    assert failed.returncode == 2
    assert_inert(failed.stderr)
