"""The email that unlocks everything: a public email address gets a first fix-plan step to lock it with
two-factor authentication (the provider's page for the common providers), and the account-recovery risk
says why."""
import json

from analysis.fixplan import fix_plan
from footprint.model import Evidence, Fragment
from tests.conftest import run_cli


def fragment(kind, value, account="github:someone", source="field:bio"):
    return Fragment(kind, value, value.casefold(), [Evidence(account, source, value, url="https://github.com/someone")])


def protect_step(plan):
    (step,) = [s for s in plan if s.action == "protect"]
    return step


def test_a_gmail_address_gets_a_two_factor_step_with_googles_page():
    frags = [fragment("email", "sam.lee@gmail.com", source="field:email"), fragment("pet_name", "Rolo"),
             fragment("handle", "someone")]
    plan = fix_plan(frags)
    step = protect_step(plan)
    assert step.kind == "email" and step.value == "sam.lee@gmail.com"
    assert "reset" in step.advice[0] and "two-factor" in step.advice[1]
    assert any("https://myaccount.google.com/security" in tip for tip in step.advice)
    assert step.where[0].source == "field:email" and step.breaks == ()
    # it lowers no score (nothing is hidden), so it comes after every step that does (biggest fix first)
    at = plan.index(step)
    assert all(s.score_after < (plan[i - 1].score_after if i else 100) for i, s in enumerate(plan[:at]))


def test_an_unknown_provider_gets_the_general_advice_and_no_email_no_step():
    plan = fix_plan([fragment("email", "kai@school.example.org"), fragment("handle", "someone")])
    assert not any("http" in tip for tip in protect_step(plan).advice)
    assert all(s.action == "remove" for s in fix_plan([fragment("pet_name", "Rolo"), fragment("handle", "someone")]))


def test_demo_reports_lock_the_recovery_email_and_explain_why():
    jess = json.loads(run_cli("demo", "jess", "--json").stdout)
    (step,) = [s for s in jess["fix_plan"] if s["action"] == "protect"]
    assert step["value"] == "jess.hughes2011@example.com"
    assert step["where"][0]["account"] == "github:jessmcr2011"
    recovery = next(c for c in jess["capabilities"] if c["id"] == "account-recovery")
    assert "email" in recovery["explanation"] and "reset" in recovery["explanation"]
    assert any("two-step verification" in s for s in recovery["sources"])
    sol = json.loads(run_cli("demo", "sol", "--json").stdout)
    assert all(s["action"] == "remove" for s in sol["fix_plan"])


def test_terminal_and_html_say_protect_not_remove(tmp_path):
    out = tmp_path / "jess.html"
    result = run_cli("demo", "jess", "--html", str(out))
    # shown first, apart from the removals: it protects every account that resets through it
    assert "Lock this first: your email" in result.stdout and "two-factor" in result.stdout
    assert result.stdout.index("Lock this first") < result.stdout.index("Fix these first")
    assert "Protect your email" in out.read_text() and "Remove your email" not in out.read_text()
