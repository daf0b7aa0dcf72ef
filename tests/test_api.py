"""footprint as a library: `footprint.scan`, `scan_async` and a Report that survives its own JSON."""
import asyncio
import json

import pytest

import footprint
from footprint.demo import personas
from footprint.model import Report
from footprint.settings import SettingsError
from tests.conftest import run_cli


def test_scan_on_the_demo_network_returns_a_complete_report():
    report = footprint.scan("jessmcr2011", demo=True)
    assert isinstance(report, footprint.Report) and report.score == 89
    assert "github:jessmcr2011" in report.own_accounts
    assert report.identity is not None and report.identity.bits > report.identity.population_bits
    assert report.review is not None and report.review.checks
    assert report.story and report.story[-1].score == report.score
    with pytest.raises(AttributeError):
        report.score = 0  # type: ignore[misc]  (a Report is frozen)


@pytest.mark.parametrize("persona", sorted(personas()))
def test_a_report_reads_back_from_exactly_what_json_writes(persona):
    result = run_cli("demo", persona, "--json")
    data = json.loads(result.stdout)
    again = Report.from_dict(data)
    assert again.to_dict() == data
    assert again.score == data["score"] and [f.id for f in again.fragments] == [f["id"] for f in data["fragments"]]


def test_scan_async_runs_inside_a_running_loop():
    async def inside() -> Report:
        return await footprint.scan_async("quietfox", demo=True)

    assert asyncio.run(inside()).target.handle == "quietfox"


def test_unknown_settings_and_bad_handles_are_errors_not_ignored():
    with pytest.raises(SettingsError, match="unknown setting 'timout'"):
        footprint.scan("quietfox", demo=True, timout=5)
    from footprint.handles import InvalidHandle

    with pytest.raises(InvalidHandle):
        footprint.scan("not a handle", demo=True)


def test_the_package_says_what_it_exports_and_is_typed():
    assert set(footprint.__all__) >= {"scan", "scan_async", "Report"}
    from pathlib import Path

    assert (Path(footprint.__file__).parent / "py.typed").exists()
