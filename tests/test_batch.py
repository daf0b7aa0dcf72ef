"""`footprint batch`: a cohort file in, one summary and one report per person out; bad rows skipped."""
import asyncio
import csv
import json

import httpx
import pytest

from footprint.batch import BatchFileError, read_rows, run_batch
from footprint.demo import DemoTransport
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
from footprint.store import Store
from tests.conftest import run_cli

COHORT = """handle,name,email
amaraokafor,Amara Okafor,amara.okafor@example.com
jessmcr2011,Jess Hughes,

# a comment line and a blank line are ignored
not a handle,Bad Row,
dwhitfield,Dan Whitfield,dan@example.net
quietfox,Sol,not-an-email
quietfox,Sol,sol@example.org,extra
quietfox,Sol,
amaraokafor,Amara again,
"""


def summary(out_dir) -> list[dict]:
    with (out_dir / "summary.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_cohort_with_malformed_rows_end_to_end(tmp_path):
    cohort = tmp_path / "year13.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    result = run_cli("batch", str(cohort), "--demo")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "year13-reports"
    rows = {r["line"]: r for r in summary(out)}
    assert rows["6"]["status"] == "bad row" and "not a valid handle" in rows["6"]["detail"]
    assert rows["8"]["status"] == "bad row" and "not an email" in rows["8"]["detail"]
    assert rows["9"]["status"] == "bad row" and "columns" in rows["9"]["detail"]
    assert rows["11"]["status"] == "bad row" and "line 2" in rows["11"]["detail"]  # the same handle twice
    for line in ("6", "8", "9", "11"):
        assert f"skipped line {line} of year13.csv" in result.stderr
    done = {r["handle"]: r for r in rows.values() if r["status"] == "done"}
    assert set(done) == {"amaraokafor", "jessmcr2011", "dwhitfield", "quietfox"}
    amara = done["amaraokafor"]
    assert amara["review"] == "fail" and amara["worst_capability"] and amara["report"] == "amaraokafor.json"
    report = json.loads((out / "amaraokafor.json").read_text())
    assert report["score"] == int(amara["score"]) and report["professional"]["result"] == "fail"
    # quietfox's accounts now count as one person's (a 34-bit handle), so its dormant HN account may fail
    # "up to date"; what stays true is that the careful persona scores below the job seeker.
    assert int(done["quietfox"]["score"]) < int(amara["score"])
    html = (out / "summary.html").read_text()
    assert 'href="amaraokafor.html"' in html and 'href="amaraokafor.json"' in html and "not a valid handle" in html
    person = (out / "amaraokafor.html").read_text()
    assert 'id="professional"' in person and "Work and personal kept apart" in person and "amz_afterdark" in person
    assert (out / "amaraokafor.html").stat().st_mode & 0o777 == 0o600
    assert "amaraokafor" in result.stdout and "bad row" in result.stdout


def test_batch_resumes_from_the_store(tmp_path):
    rows = read_rows(_write(tmp_path, "amaraokafor\nquietfox\n"))
    store = Store(tmp_path / "store.db")
    first = DemoTransport()
    outcomes = asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(), store=store, transport=first)))
    assert [o.status for o in outcomes] == ["done", "done"] and first.requests
    again = DemoTransport()
    outcomes = asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(), store=store, transport=again)))
    assert [o.status for o in outcomes] == ["resumed", "resumed"]
    assert again.requests == []  # nothing was asked of any network the second time
    assert outcomes[0].score is not None and outcomes[0].review == "fail"
    (tmp_path / "amaraokafor.html").unlink()  # a lost printable report is rebuilt from the store, still with no request
    asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(), store=store, transport=again)))
    assert again.requests == [] and "Up to date" in (tmp_path / "amaraokafor.html").read_text()
    fresh = DemoTransport()
    asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(), store=store, transport=fresh), fresh=True))
    assert fresh.requests
    store.close()


def test_concurrency_is_bounded(tmp_path, monkeypatch):
    active, peak = [0], [0]
    real_collect = Scanner.collect

    async def counted(*args, **kwargs):
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        try:
            await asyncio.sleep(0.02)  # hold the slot long enough for others to queue
            return await real_collect(*args, **kwargs)
        finally:
            active[0] -= 1

    monkeypatch.setattr(Scanner, "collect", counted)
    rows = read_rows(_write(tmp_path, "\n".join(f"student{i:02d}" for i in range(8))))
    store = Store(tmp_path / "store.db")
    outcomes = asyncio.run(run_batch(rows, tmp_path, Scanner(ScanSettings(), store=store, transport=DemoTransport()), concurrency=3))
    store.close()
    assert len(outcomes) == 8 and peak[0] == 3


class FailFor(httpx.AsyncBaseTransport):
    """The demo network, except that one handle's requests all fail to connect."""

    def __init__(self, handle: str) -> None:
        self.handle, self.demo = handle, DemoTransport()

    async def handle_async_request(self, request):
        if self.handle in str(request.url):
            raise httpx.ConnectError("connection refused", request=request)
        return await self.demo.handle_async_request(request)


def test_one_unreachable_person_does_not_stop_the_batch(tmp_path):
    rows = read_rows(_write(tmp_path, "amaraokafor\nquietfox\njessmcr2011\n"))
    store = Store(tmp_path / "store.db")
    scanner = Scanner(ScanSettings(networks=("github", "keybase", "hackernews")), store=store, transport=FailFor("quietfox"))
    outcomes = asyncio.run(run_batch(rows, tmp_path, scanner))
    store.close()
    assert [o.status for o in outcomes] == ["done", "error", "done"]
    assert "could not reach any network" in outcomes[1].detail


def test_spreadsheet_formulas_and_markup_are_neutralised(tmp_path):
    cohort = _write(tmp_path, 'handle,name\nquietfox,"=HYPERLINK(""http://evil.example"",""x"")"\njessmcr2011,<script>alert(1)</script>\n')
    result = run_cli("batch", str(cohort), "--demo", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    names = [r["name"] for r in summary(tmp_path / "out")]
    assert names[0].startswith("'=HYPERLINK")
    html = (tmp_path / "out" / "summary.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("content,message", [
    (b"", "no rows"), (b"\xff\xfe\x00h\x00a", "not UTF-8"), (b"# just a comment\n", "no rows"),
])
def test_unusable_file_is_one_line_exit_2(tmp_path, content, message):
    path = tmp_path / "cohort.csv"
    path.write_bytes(content)
    result = run_cli("batch", str(path), "--demo")
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    with pytest.raises(BatchFileError):
        read_rows(path)


def test_missing_file_is_one_line_exit_2(tmp_path):
    result = run_cli("batch", str(tmp_path / "nope.csv"), "--demo")
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_rows_without_a_header_are_handle_name_email(tmp_path):
    rows = read_rows(_write(tmp_path, "@amaraokafor, Amara Okafor ,amara.okafor@example.com\n"))
    assert (rows[0].handle, rows[0].name, rows[0].email, rows[0].problem) == ("amaraokafor", "Amara Okafor", "amara.okafor@example.com", "")


def _write(tmp_path, text: str):
    path = tmp_path / "cohort.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_names_the_columns_in_any_order(tmp_path):
    rows = read_rows(_write(tmp_path, "name,email,handle\nAmara Okafor,amara.okafor@example.com,amaraokafor\nSol,,quietfox\n"))
    assert [(r.line, r.handle, r.name, r.email, r.problem) for r in rows] == [
        (2, "amaraokafor", "Amara Okafor", "amara.okafor@example.com", ""), (3, "quietfox", "Sol", "", "")]


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_semicolon_tab_and_comma_files_are_all_read(tmp_path, sep):
    text = sep.join(["Name", "Handle"]) + "\n" + sep.join(["Okafor, Amara", "amaraokafor"]).replace("Okafor, Amara", '"Okafor, Amara"') + "\n"
    text += sep.join(["Dan Whitfield", "dwhitfield"]) + "\n"
    rows = read_rows(_write(tmp_path, text))
    assert [(r.handle, r.name, r.problem) for r in rows] == [("amaraokafor", "Okafor, Amara", ""), ("dwhitfield", "Dan Whitfield", "")]


def test_a_file_with_no_usable_row_is_one_line_exit_2(tmp_path):
    path = _write(tmp_path, "handle\nnot a handle\nalso not one\n")
    with pytest.raises(BatchFileError, match="no usable row"):
        read_rows(path)
    result = run_cli("batch", str(path), "--demo")
    assert result.returncode == 2 and "no usable row" in result.stderr and "line 2" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
