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
    after = run_cli_without_no_color("demo", "jess", "--no-color")  # where people type it, after the command
    assert after.returncode == 0 and not ANSI.search(after.stdout), after.stderr
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
    steps = re.findall(r"^\d+\. (?:Remove|Protect) your", out, flags=re.M)
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


# --- readable at 80 columns, piped (issue 16) ---------------------------------------------------------------------

INTERNAL = re.compile(r"\w=\S|\bfield:|\bpost:|\blink:|\b(?:github|keybase|bluesky|steam|lichess):\w"
                      r"|\b(?:birth_year|family_member|pet_name|school_year|linked_accounts|full_name|first_name)\b")


def piped(*args: str) -> str:
    result = run_cli("--no-color", *args, env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_report_shows_only_words_and_values_a_person_uses_at_80_columns():
    for persona in ("jess", "dan", "amara", "sol"):
        out = piped("demo", persona)
        words = re.sub(r"https?://\S+", "", out)  # a profile's address is a value a person uses, '?id=' and all
        assert not INTERNAL.search(words), (persona, INTERNAL.search(words).group(0))
        assert max(len(line) for line in out.splitlines()) <= 80, persona
    jess = run_cli("demo", "jess").stdout  # wide, so that no table cell breaks the phrase
    assert "bio on GitHub" in jess and "name on GitHub, Keybase, Lichess and Steam" in jess  # where, in words


def test_linked_accounts_are_a_few_lines_not_one_per_piece_of_evidence():
    out = piped("demo", "jess").splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith("Linked accounts:"))
    block = out[start:out.index("", start)]
    assert 2 <= len(block) <= 5, block
    assert "Keybase has a signed proof of GitHub" in " ".join(" ".join(block).split())


def test_linked_accounts_are_counted_in_words_not_quoted_as_a_value():
    out = " ".join(piped("demo", "dan").split())
    assert "linked accounts “" not in out  # "Remove your linked accounts “8 accounts”" read as nonsense
    assert "because of 8 linked accounts" in out
    assert re.search(r"\d\. Unlink your 8 accounts from each other \(score drops to \d+\)\.", out)


def test_because_of_names_the_most_telling_piece_first_and_requirements_have_brackets():
    out = " ".join(piped("demo", "jess").split())
    recovery = out[out.index("Get into your accounts with your secret answers"):]
    assert recovery.split("because of ", 1)[1].startswith("pet name “Biscuit”")  # not the handle typed in
    from reports.wording import needs
    assert needs([["phone"], ["postcode", "address"]]) == "phone number and (postcode or address)"
    assert needs([["pet_name", "school", "favourite"]]) == "pet name, school or favourite"
    assert "still needs postcode or address" in out


def test_a_fix_step_wraps_under_its_own_words_not_the_margin():
    for persona in ("jess", "dan"):
        out = piped("demo", persona).splitlines()
        plan = out[out.index("Fix these first (the biggest fix first)") + 1:]
        stray = [line for line in plan if line and not re.match(r"(\d+\. |   \S|…and \d+ more)", line)]
        assert stray == [], (persona, stray)


def test_the_review_wraps_each_point_under_its_own_words():
    out = piped("review", "amaraokafor", "--demo").splitlines()
    assert "3 fail, 3 warn, 1 pass" in out[2] and "0 with nothing" not in out[2]  # no count of nothing
    lead = ""
    for line in out:
        if re.match(r" {6}(- |Do: |Why: )", line):
            lead = " " * (6 + len(re.match(r" {6}(- |Do: |Why: )", line).group(1)))
        elif lead and line.strip():
            assert line.startswith(lead) and line[len(lead)] != " ", (lead, line)
        if not line.startswith(" " * 6):
            lead = ""


def test_counts_are_in_good_english():
    outs = [piped("demo", p) for p in ("jess", "sol", "dan")] + [piped("review", "quietfox", "--demo")]
    for out in outs:
        assert not re.search(r"\b1 (networks|pieces|steps|accounts|links|posts|handles|results|things)\b", out), out


def test_the_score_is_explained_the_first_time_it_is_shown():
    for args in (("demo", "jess"), ("review", "amaraokafor", "--demo")):
        out = " ".join(piped(*args).split())
        first = out.index("out of 100")
        assert out.index("It goes up with each risk that is unlocked") > first
        assert out.index("It goes up with each risk that is unlocked") - first < 400, args


def test_batch_table_at_80_columns_never_cuts_a_handle_short(tmp_path):
    cohort = tmp_path / "year11.csv"
    long_handle = "averyveryverylonghandle_2011"
    cohort.write_text(f"handle,name\njessmcr2011,Jess Hughes\n{long_handle},Someone With A Long Name\n", encoding="utf-8")
    result = run_cli("--no-color", "batch", str(cohort), "--demo", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    table = result.stdout[result.stdout.index("Cohort:"):result.stdout.index("Score:")]
    assert "…" not in table and max(len(line) for line in table.splitlines()) <= 80
    lines = table.splitlines()
    header = next(line for line in lines if " handle " in line)
    start, end = header.index("handle"), header.index("name")
    column = "".join(line[start:end].strip() for line in lines[lines.index(header) + 2:])
    assert "jessmcr2011" in column and long_handle in column  # folded onto the next line, whole
    assert "Score: the exposure score out of 100" in result.stdout  # what the score column means
