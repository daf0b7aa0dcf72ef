"""The terminal report: colour only when wanted, a short fix list, stdout clean for --json."""
import json
import re

from tests.conftest import run_cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_colour_when_forced_and_none_with_no_color_flag_or_env():
    coloured = run_cli_without_no_color("demo", "jess")
    assert coloured.returncode == 0 and ANSI.search(coloured.stdout)
    flagged = run_cli_without_no_color("--no-color", "demo", "jess")
    assert flagged.returncode == 0 and not ANSI.search(flagged.stdout)
    env = run_cli("demo", "jess", env={"FORCE_COLOR": "1"})  # run_cli sets NO_COLOR=1
    assert env.returncode == 0 and not ANSI.search(env.stdout)


def run_cli_without_no_color(*args):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"FORCE_COLOR": "1", "COLUMNS": "200"})
    return subprocess.run([sys.executable, "-m", "footprint", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def test_fix_list_is_short_and_points_to_the_rest():
    out = run_cli("demo", "jess").stdout
    steps = re.findall(r"^\d+\. Remove your", out, flags=re.M)
    assert len(steps) == 3
    assert re.search(r"and \d+ more steps?: see the full plan with --html FILE or --json", out)


def test_json_keeps_stdout_clean_even_with_html(tmp_path):
    result = run_cli("demo", "jess", "--json", "--html", str(tmp_path / "r.html"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["schema"] == "footprint/report@3"
    assert (tmp_path / "r.html").exists()


def test_accounts_not_found_are_one_line_and_the_identity_line_is_plain_words():
    careful = run_cli("demo", "sol")
    assert careful.returncode == 0
    account_rows = [line for line in careful.stdout.splitlines() if "│ not_found" in line]
    assert account_rows == []  # no table row per network where nothing was found
    assert re.search(r"Not found on \d+ networks: Keybase, ", careful.stdout)
    assert "nothing here narrows you down yet" in careful.stdout
    oversharer = run_cli("demo", "jess")
    assert "enough to pick you out of everyone in the UK" in oversharer.stdout
    assert "1 in 2,1" not in oversharer.stdout  # no number bigger than the country's population


def test_every_command_honours_no_color():
    for args in (("--no-color", "review", "amaraokafor", "--demo"), ("--no-color", "demo", "dan")):
        result = run_cli_without_no_color(*args)
        assert result.returncode == 0, result.stderr
        assert not ANSI.search(result.stdout) and not ANSI.search(result.stderr), args


def test_redact_masks_every_value_in_the_terminal():
    shown = run_cli("demo", "jess", "--redact")
    assert shown.returncode == 0
    for secret in ("Biscuit", "biscuit", "Oakfield", "Hughes", "jessmcr2011", "--03-14"):
        assert secret not in shown.stdout, secret
    assert "B******" in shown.stdout  # the kind of fact stays readable, its value does not
    review = run_cli("review", "jessmcr2011", "--demo", "--redact")
    assert review.returncode == 0 and "Biscuit" not in review.stdout and "Oakfield" not in review.stdout


def test_every_command_that_scans_takes_the_same_network_options():
    for command in ("scan", "review", "batch", "serve"):
        help_text = run_cli(command, "--help").stdout
        for option in ("--proxy", "--endpoint", "--allow-private", "--timeout", "--deadline", "--site", "--offline",
                       "--fresh", "--depth", "--sites", "--only-list"):
            assert option in help_text, (command, option)
