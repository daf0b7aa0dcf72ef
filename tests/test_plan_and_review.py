"""The fix plan and the review speak with one voice, and the plan puts the biggest fix first."""
import re

import pytest

import footprint
from analysis.fixplan import Evaluator
from footprint import networks
from footprint.demo import personas
from tests.conftest import run_cli

# what the review asks a professional profile to show, as the kinds of fragment that show it
ASKED_FOR = {"name": {"full_name", "first_name"}, "full name": {"full_name", "first_name"}, "location": {"location"},
             "city": {"location"}, "link": {"url"}}


@pytest.fixture(scope="module")
def reports():
    return {p.id: footprint.scan(p.handle, demo=True) for p in personas().values()}


def professional(account: str) -> bool:
    return networks.lookup(account.split(":", 1)[0]).role == "professional"


def title(account: str) -> str:
    return networks.lookup(account.split(":", 1)[0]).title


@pytest.mark.parametrize("persona", ["jess", "amara", "dan", "sol"])
def test_the_plan_never_asks_to_remove_what_the_review_asks_for(reports, persona):
    report = reports[persona]
    removes = {}  # network title -> kinds the plan asks to remove there
    for step in report.fix_plan:
        for kind, where in [(step.kind, step.where), *((p.kind, p.where) for p in step.together)]:
            for e in where:
                removes.setdefault(title(e.account), set()).add(kind)
    for check in report.review.checks:
        for todo in check.todo:
            if m := re.match(r"Add your (.+) to (.+?)(\.|:|$)", todo):
                parts, network = [p.strip() for p in m.group(1).split(",")], m.group(2)
                for part in parts:
                    assert not ASKED_FOR.get(part, set()) & removes.get(network, set()), (todo, removes[network])
            if "on every work profile" in todo:  # the name on your CV
                pro = {n.title for n in networks.all() if n.role == "professional"}
                for network, kinds in removes.items():
                    assert network not in pro or not {"full_name", "first_name"} & kinds, (todo, network, kinds)


def test_the_job_seekers_name_stays_on_her_professional_profiles(reports):
    amara = reports["amara"]
    for step in amara.fix_plan:
        if step.kind in ("full_name", "first_name", "location", "url"):
            assert not any(professional(e.account) for e in step.where), step


def test_a_name_next_to_a_birthday_on_a_personal_account_is_taken_off_there_and_the_plan_says_why(reports):
    jess = reports["jess"]
    step = next(s for s in jess.fix_plan if s.kind == "full_name" and s.value == "Jess Hughes")
    assert step.keep == ("GitHub",) and not any(professional(e.account) for e in step.where)
    assert "Keep your full name on GitHub" in step.advice[0] and "birthday" in step.advice[0]
    assert {title(e.account) for e in step.where} >= {"Keybase"}


def _moves(report):
    return [[s.fragment, *(p.fragment for p in s.together)] for s in report.fix_plan if not s.keep]


@pytest.mark.parametrize("persona", ["jess", "amara", "dan", "sol"])
def test_each_step_is_the_biggest_fix_left_and_none_that_lowers_nothing_comes_first(reports, persona):
    report = reports[persona]
    ev = Evaluator(list(report.fragments))
    index = {f.id: i for i, f in enumerate(report.fragments)}
    moves = _moves(report)
    current, _ = ev.score()
    drops = []
    for k, move in enumerate(moves):
        def drop(m):
            for f in m:
                ev.remove(index[f])
            after, _ = ev.score()
            for f in m:
                ev.restore(index[f])
            return current - after

        mine = drop(move)
        assert all(mine >= drop(later) for later in moves[k + 1:]), (k, move)
        drops.append(mine)
        for f in move:
            ev.remove(index[f])
        current, _ = ev.score()
    zero = [i for i, d in enumerate(drops) if d == 0]
    assert not zero or all(d == 0 for d in drops[zero[0]:]), drops


def test_removing_the_pets_name_is_no_longer_buried(reports):
    jess = reports["jess"]
    top = jess.fix_plan[:3]
    assert any("pet_name" in [s.kind, *(p.kind for p in s.together)] for s in top)


def test_the_terminal_shows_the_three_biggest_fixes_and_how_many_more():
    result = run_cli("--no-color", "demo", "jess")
    out = " ".join(result.stdout.split())
    report = footprint.scan("jessmcr2011", demo=True)
    assert "Fix these first" in out
    removals = [s for s in report.fix_plan if s.action != "protect"]  # a protect step is shown apart, first
    for i, step in enumerate(removals[:3], 1):
        assert f"{i}. " in out and f"“{step.value}”" in out
    more = len(removals) - 3
    assert f"…and {more} more step" in out
