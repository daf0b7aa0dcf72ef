"""A verdict is earned: with too little checked, no view says or implies that the person is safe."""
import json

from analysis.coverage import measure
from footprint.model import Account, Report
from reports import html_report, view
from tests.conftest import run_cli

CLOSED = "http://127.0.0.1:9"  # nothing listens on the discard port: every request there fails to connect


def partial_args(fake_api):
    """github answers (the fake API); keybase and hackernews cannot be reached: 1 of 3 networks checked."""
    return ["--endpoint", f"github=http://127.0.0.1:{fake_api.port}/github", "--endpoint", f"keybase={CLOSED}/keybase",
            "--endpoint", f"hackernews={CLOSED}/hackernews", "--site", "github", "--site", "keybase",
            "--site", "hackernews", "--allow-private", "--timeout", "3", "--no-progress"]


def test_the_json_report_says_how_much_was_checked(fake_api):
    result = run_cli("scan", "nobodyatall", *partial_args(fake_api), "--json")
    assert result.returncode == 0, result.stderr
    cov = json.loads(result.stdout)["coverage"]
    assert cov == {"networks": 3, "answered": 1, "unknown": 2, "reasons": {"connection failed": 2}, "skipped": [],
                   "enough": False, "limited": []}


def test_the_terminal_never_reassures_when_most_networks_could_not_be_checked(fake_api):
    result = run_cli("--no-color", "scan", "nobodyatall", *partial_args(fake_api))
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Keep it that way" not in out
    assert "Only 1 of 3 networks could be checked; 2 could not: connection failed (2)" in out
    assert "not a sign that you are safe" in out and "only 1 of 3 networks could be checked" in out


def test_a_review_with_too_little_checked_is_incomplete_not_pass(fake_api):
    result = run_cli("review", "nobodyatall", *partial_args(fake_api), "--json")
    review = json.loads(result.stdout)["professional"]
    assert review["result"] == "incomplete" and "Only 1 of 3 networks could be checked" in review["incomplete"]
    text = run_cli("--no-color", "review", "nobodyatall", *partial_args(fake_api)).stdout
    assert "INCOMPLETE" in text and "PASS" not in text


def test_a_review_with_no_account_found_is_incomplete_and_each_empty_check_says_why():
    result = run_cli("review", "nobodyatall", "--demo", "--json")
    assert result.returncode == 0, result.stderr
    review = json.loads(result.stdout)["professional"]
    assert review["result"] == "incomplete" and "No account was found" in review["incomplete"]
    checks = {c["id"]: c for c in review["checks"]}
    assert all(c["result"] == "n/a" for c in checks.values()), {k: c["result"] for k, c in checks.items()}
    assert all(c["summary"] for c in checks.values())
    assert "No account was found" in checks["up-to-date"]["summary"]
    assert not any("used in the last year" in c["summary"] for c in checks.values())
    assert review["counts"]["pass"] == 0 and review["counts"]["n/a"] == 7


def test_every_account_active_is_only_said_of_accounts_that_show_a_date():
    from analysis.professional import up_to_date
    from datetime import date

    undated = [Account("keybase", "sol", "https://keybase.io/sol", "found")]
    assert up_to_date(undated, date(2026, 1, 1)).result == "n/a"


def test_a_token_the_user_did_not_give_is_skipped_not_counted():
    accounts = [Account("github", "x", "u", "not_found"), Account("reddit", "x", "u", "unknown", "needs a token", needs="REDDIT_TOKEN"),
                Account("keybase", "x", "u", "found"), Account("lichess", "x", "u", "unknown", "rate limited (429)")]
    cov = measure(accounts)
    assert (cov.networks, cov.answered, cov.unknown, cov.skipped, cov.reasons, cov.enough) == (
        3, 2, 1, ("reddit",), {"rate limited": 1}, False)
    accounts += [Account(n, "x", "u", "not_found") for n in ("a", "b")]
    assert measure(accounts).enough  # 1 unknown of 5 is within a quarter


def _partial_report(fake_api) -> Report:
    result = run_cli("scan", "nobodyatall", *partial_args(fake_api), "--json")
    return Report.from_dict(json.loads(result.stdout))


def test_the_html_report_and_the_live_view_model_say_what_could_not_be_checked(fake_api):
    report = _partial_report(fake_api)
    assert Report.from_dict(report.to_dict()) == report
    page = html_report.render(report)
    assert "Keep it that way" not in page and "No change is needed" not in page
    assert "Not everything could be checked" in page and "Only 1 of 3 networks could be checked" in page
    built = view.build(report)
    assert built["coverage"]["enough"] is False and "Only 1 of 3" in built["coverage"]["shortfall"]


class OnlyGitHub:
    """The demo network, except that every network but GitHub cannot be reached."""

    def __init__(self):
        from footprint.demo import DemoTransport

        self.demo = DemoTransport()

    async def handle_async_request(self, request):
        import httpx

        if request.url.host != "api.github.com":
            raise httpx.ConnectError("connection refused", request=request)
        return await self.demo.handle_async_request(request)

    async def aclose(self):
        pass


def test_the_cohort_summary_says_how_much_was_checked_per_person(tmp_path):
    import asyncio

    from footprint.batch import read_rows, run_batch, summary_rows
    from footprint.scanner import Scanner
    from footprint.settings import ScanSettings
    from reports import batch_html

    (tmp_path / "c.csv").write_text("nobodyatall\n")
    scanner = Scanner(ScanSettings(networks=("github", "keybase", "hackernews")), transport=OnlyGitHub())
    outcomes = asyncio.run(run_batch(read_rows(tmp_path / "c.csv"), tmp_path, scanner))
    row = summary_rows(outcomes)[0]
    assert row["review"] == "incomplete" and row["checked"] == "1 of 3"
    assert "Only 1 of 3 networks could be checked" in row["detail"]
    page = batch_html.render(summary_rows(outcomes), "cohort", "note")
    assert "INCOMPLETE" in page and "PASS" not in page and "Only 1 of 3 networks could be checked" in page
