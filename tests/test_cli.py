"""End to end through the real command, as a user would run it."""
import json

import pytest

from footprint.demo import personas
from tests.conftest import run_cli

SEVERE = 4


def demo_json(persona: str) -> dict:
    result = run_cli("demo", persona, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # stdout holds the JSON and nothing else


def fragment(report: dict, kind: str) -> list[dict]:
    return [f for f in report["fragments"] if f["kind"] == kind]


def test_student_persona_shows_school_birthday_and_pet_with_evidence():
    report = demo_json("jess")
    assert report["schema"] == "footprint/report@3"
    school, = fragment(report, "school")
    birthday, = fragment(report, "birthday")
    pet, = fragment(report, "pet_name")
    assert school["value"] == "Oakfield High" and birthday["normalized"] == "--03-14" and pet["value"] == "Biscuit"
    found = {a["id"] for a in report["accounts"] if a["status"] == "found"}
    assert {"github:jessmcr2011", "keybase:jessmcr2011"} <= found
    for f in (school, birthday, pet):
        for e in f["evidence"]:
            assert e["account"] in found
            assert e["source"].startswith(("field:", "post:"))
            assert e["text"] == f["value"]
    recovery = next(c for c in report["capabilities"] if c["id"] == "account-recovery")
    assert recovery["satisfied"] and any(fid.startswith("pet_name=") for fid in recovery["fragments"])
    assert report["fix_plan"] and report["fix_plan"][0]["where"]


def test_careful_persona_unlocks_no_severe_capability():
    report = demo_json("sol")
    assert not [c["id"] for c in report["capabilities"] if c["satisfied"] and c["severity"] >= SEVERE]
    assert report["score"] < demo_json("jess")["score"]


@pytest.mark.parametrize("persona", sorted(personas()))
def test_every_persona_reports_accounts_and_a_score(persona):
    report = demo_json(persona)
    assert {"target", "accounts", "fragments", "capabilities", "score", "fix_plan"} <= report.keys()
    assert any(a["status"] == "found" for a in report["accounts"])
    assert all(a["status"] in {"found", "not_found", "unknown"} and a["reason"] for a in report["accounts"])
    assert 0 <= report["score"] <= 100


def test_demo_terminal_report_names_the_risks():
    result = run_cli("demo", "jess")
    assert result.returncode == 0
    assert "Oakfield High" in result.stdout and "UNLOCKED" in result.stdout and "Fix these first" in result.stdout


def test_demo_list_and_unknown_persona():
    listed = run_cli("demo", "--list")
    assert listed.returncode == 0 and all(p in listed.stdout for p in personas())
    bad = run_cli("demo", "nobody")
    assert bad.returncode == 2
    assert "jess" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("handle", ["", "has space", "a/b", "..", "what?", "x#y", "je@ss@x.org", "ctl\x01x", "y" * 101])
def test_bad_handle_is_one_line_and_exit_2(handle, fake_api):
    result = run_cli("scan", handle, *fake_api.endpoint_args(), "--allow-private")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "letters, digits" in result.stderr
    assert fake_api.hits == []  # no request was made


def test_help_and_module_entry_point():
    for args in (["--help"], ["scan", "--help"], ["demo", "--help"]):
        result = run_cli(*args)
        assert result.returncode == 0 and "Usage" in result.stdout


def test_json_to_file(tmp_path):
    out = tmp_path / "report.json"
    result = run_cli("demo", "dan", "--json", "--output", str(out))
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text())["target"]["handle"] == "dwhitfield"
