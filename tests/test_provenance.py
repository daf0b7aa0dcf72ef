"""Where every stored answer came from: demo answers never answer a real scan, --offline, review or batch,
and real ones never answer the demo."""
import asyncio
import sqlite3

from footprint.batch import read_rows, run_batch
from footprint.demo import DemoTransport
from footprint.model import Account
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
from footprint.store import Store
from tests.conftest import run_cli


def test_a_demo_review_never_answers_a_real_offline_review():
    demo = run_cli("review", "somerealkid07", "--demo")
    assert demo.returncode == 0, demo.stderr
    offline = run_cli("review", "somerealkid07", "--offline")
    assert offline.returncode == 1, offline.stdout
    assert "nothing stored for somerealkid07 from the real networks" in offline.stderr
    assert len(offline.stderr.strip().splitlines()) == 1 and "PASS" not in offline.stdout
    again = run_cli("review", "somerealkid07", "--demo", "--offline")  # the demo's own record still replays
    assert again.returncode == 0, again.stderr


def test_a_real_batch_never_resumes_from_a_demo_batch(tmp_path):
    rows = read_rows(_write(tmp_path, "amaraokafor\nquietfox\n"))
    with Store(tmp_path / "store.db") as store:
        done = asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(), store=store, transport=DemoTransport())))
        assert [o.status for o in done] == ["done", "done"]
        real = asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(offline=True), store=store)))
        assert [o.status for o in real] == ["error", "error"]  # nothing real is stored: nothing to resume or replay
        assert all("nothing stored" in o.detail for o in real)
        again = asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(demo=True), store=store)))
        assert [o.status for o in again] == ["resumed", "resumed"]


def test_each_source_reads_only_its_own_rows(tmp_path):
    with Store(tmp_path / "s.db") as store:
        demo, real = store.of("demo"), store.of("real")
        endpoints = store.of("endpoints:github=http://127.0.0.1:9")
        demo.save_response("GET https://api.github.com/users/jess", "jess", "jess", 200, {}, b"demo")
        demo.save_account("jess", Account("github", "jess", "https://github.com/jess", "found"))
        demo.save_report("jess", {"score": 80})
        assert demo.response("GET https://api.github.com/users/jess").body == b"demo"
        for other in (real, endpoints):
            assert other.response("GET https://api.github.com/users/jess") is None
            assert other.accounts("jess") == [] and other.report("jess") is None and not other.holds("jess")
        assert demo.holds("jess") and demo.accounts("jess")[0].status == "found"
        real.save_response("GET https://api.github.com/users/jess", "jess", "jess", 404, {}, b"real")
        assert demo.response("GET https://api.github.com/users/jess").body == b"demo"  # neither replaces the other
        assert store.forget("jess")["responses"] == 2  # forget leaves nothing, whatever its source


def test_a_store_of_unknown_origin_is_emptied(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE reports (target TEXT PRIMARY KEY, report TEXT NOT NULL, saved_at REAL NOT NULL);"
                     "INSERT INTO reports VALUES ('jess', '{\"score\": 0}', 0);")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.report("jess") is None and store.of("demo").report("jess") is None


def test_the_scanner_records_where_its_answers_came_from():
    assert Scanner(ScanSettings(demo=True)).source == "demo"
    assert Scanner(ScanSettings(), transport=DemoTransport()).source == "demo"
    assert Scanner(ScanSettings()).source == "real"
    named = Scanner(ScanSettings(endpoints={"github": "http://127.0.0.1:1/"}, networks=("github",)))
    assert named.source == "endpoints:github=http://127.0.0.1:1/"


def _write(tmp_path, text):
    path = tmp_path / "cohort.csv"
    path.write_text(text, encoding="utf-8")
    return path
