"""The risk model: capabilities as AND of OR-groups, near misses, the score and the fix plan."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.fixplan import EXACT_LIMIT, fix_plan
from analysis.identity import total_bits
from analysis.risk import assess, load_model, score
from footprint.model import Evidence, Fragment

CAPS = load_model()[0]
KINDS = sorted({k for cap in CAPS for g in cap.requires for k in g} | {"age", "address", "pronouns", "birth_year"})


def frag(kind, value="x"):
    # a personal account: what a professional profile should show is kept there (tests/test_plan_and_review.py)
    return Fragment(kind, value, value, [Evidence(account="keybase:someone", source="field:bio", text=value)])


def removed_by(plan):
    return {s.fragment for s in plan if not s.keep} | {p.fragment for s in plan for p in s.together}


def states(fragments):
    return {r.capability.id: r.state for r in assess(fragments)}


def result(fragments, cap_id):
    return next(r for r in assess(fragments) if r.capability.id == cap_id)


def full_score(fragments):
    return score(assess(fragments), total_bits(fragments))


def test_every_capability_is_explained_and_sourced():
    ids = {c.id for c in CAPS}
    assert {"credit-fraud", "bank-security-check", "sim-swap", "account-recovery", "password-guessing", "spear-phishing",
            "impersonation", "locate-person", "burglary-timing", "singled-out"} <= ids
    for c in CAPS:
        assert c.title and 1 <= c.severity <= 5 and c.sources
        sentences = [s for s in c.explanation.replace("!", ".").split(". ") if s.strip()]
        assert len(sentences) == 2, c.id
        assert c.requires or c.requires_bits


def test_irani_is_cited_with_the_papers_own_attack_names():
    cited = [s for c in CAPS for s in c.sources if "Irani" in s and "2011" in s]
    assert cited and all("'physical identification'" in s or "'password recovery'" in s for s in cited)
    recovery = next(c for c in CAPS if c.id == "account-recovery")
    assert any("'password recovery'" in s for s in recovery.sources)


def test_bank_check_needs_name_dob_and_postcode():
    assert states([frag("full_name"), frag("date_of_birth")])["bank-security-check"] == "near_miss"
    assert states([frag("full_name"), frag("date_of_birth"), frag("postcode")])["bank-security-check"] == "satisfied"
    assert states([frag("full_name")])["bank-security-check"] == "out_of_reach"


def test_sim_swap_needs_the_phone_number():
    r = result([frag("full_name"), frag("date_of_birth")], "sim-swap")
    assert r.state == "near_miss" and r.missing == (("phone",),)
    assert states([frag("full_name"), frag("date_of_birth"), frag("phone")])["sim-swap"] == "satisfied"


def test_birthday_and_birth_year_add_up_to_a_date_of_birth():
    assert states([frag("full_name"), frag("birthday"), frag("birth_year"), frag("postcode")])["bank-security-check"] == "satisfied"


def test_near_miss_names_the_missing_kind_including_the_missing_half_of_a_date_of_birth():
    r = result([frag("full_name"), frag("date_of_birth")], "bank-security-check")
    assert r.missing == (("postcode", "address"),)
    r = result([frag("full_name"), frag("birthday"), frag("postcode")], "bank-security-check")
    assert r.state == "near_miss" and "birth_year" in r.missing[0]


def test_a_town_is_not_an_address_for_credit_fraud():
    assert states([frag("full_name"), frag("date_of_birth"), frag("location")])["credit-fraud"] == "near_miss"


def test_singled_out_follows_the_bits():
    # The README's worked check: district (11.5) + date of birth (14.8) + gender (1) = 27.4 bits > 26.05.
    worked = [frag("postcode", "sk4"), frag("date_of_birth", "2011-03-14"), frag("pronouns", "she/her")]
    assert states(worked)["singled-out"] == "satisfied"
    # A birthday and a district (20 bits) are one birth year short: a near miss.
    near = result([frag("postcode", "sk4"), frag("birthday", "--03-14")], "singled-out")
    assert near.state == "near_miss" and "birth_year" in near.missing[0]
    assert states([frag("pet_name", "biscuit")])["singled-out"] == "out_of_reach"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(KINDS), unique=True), st.sampled_from(KINDS))
def test_score_is_monotone(kinds, extra):
    base = [frag(k, k) for k in kinds]
    assert full_score(base + [frag(extra, extra + "2")]) >= full_score(base)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(KINDS), unique=True, min_size=1))
def test_fix_plan_breaks_what_it_claims(kinds):
    fragments = [frag(k, k) for k in kinds]
    plan = fix_plan(fragments)
    removed = removed_by(plan)
    remaining = [f for f in fragments if f.id not in removed]
    after = {r.capability.id for r in assess(remaining) if r.satisfied}
    for step in plan:
        assert not set(step.breaks) & after
        assert step.kind != "handle"  # never asks you to drop your handle
    if plan:
        assert plan[-1].score_after == full_score(remaining)
        scores = [s.score_after for s in plan]
        assert scores == sorted(scores, reverse=True)  # each step lowers the score or keeps it


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KINDS), unique=True, min_size=1))
def test_fix_plan_breaks_every_capability_it_can(kinds):
    fragments = [frag(k, k) for k in kinds]
    removed = removed_by(fix_plan(fragments))
    remaining = [f for f in fragments if f.id not in removed]
    _, implies, _ = load_model()
    for r in assess(remaining):
        if r.satisfied and not r.capability.requires_bits:
            # Still unlocked only if no group can lose all its providers: each one is held by the handle.
            assert all(any(f.kind == "handle" and ({f.kind, *implies.get(f.kind, [])} & set(g)) for f in remaining)
                       for g in r.capability.requires), r.capability.id


def test_fix_plan_on_a_known_case():
    # Name + DOB + full postcode unlock the bank check and credit fraud; pet + email unlock recovery and
    # guessing. The email and the name break all four; the postcode (20.7 bits) then ends 'singled-out'.
    fragments = [frag("full_name", "jo bloggs"), frag("date_of_birth", "2001-02-03"), frag("postcode", "ab1 2cd"),
                 frag("pet_name", "rex"), frag("email", "jo@example.com")]
    *plan, protect = fix_plan(fragments)
    assert protect.action == "protect" and protect.kind == "email"  # locking the email lowers no score: last
    assert {"bank-security-check", "credit-fraud", "account-recovery", "password-guessing", "singled-out"} <= {
        c for s in plan for c in s.breaks}
    assert len(plan) == 3 and "email" in {s.kind for s in plan}
    assert plan[0].score_after < full_score(fragments)
    assert all(s.where and s.advice for s in plan)


def _breaks_all(fragments, removed, unlocked_ids):
    left = {r.capability.id for r in assess([f for i, f in enumerate(fragments) if i not in removed]) if r.satisfied}
    return not (left & unlocked_ids)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from("ab")), unique=True, min_size=1, max_size=9))
def test_hitting_set_is_exact_when_small(items):
    """Against brute force: no smaller set of removable fragments breaks every breakable group capability."""
    from itertools import combinations

    from analysis.fixplan import Evaluator, hitting_set

    fragments = [frag(k, k + v) for k, v in items]
    ev = Evaluator(fragments)
    removable = [f.kind != "handle" for f in fragments]
    _, start = ev.score()
    chosen, options, _, exact = hitting_set(ev, removable, start)
    assert exact
    group_caps = {c.id for c in CAPS if not c.requires_bits}
    unlocked = {c for c, s in start.items() if s == "satisfied"} & group_caps
    pool = [i for i, ok in enumerate(removable) if ok]
    breakable = {c for c in unlocked if _breaks_all(fragments, set(pool), {c})}
    assert _breaks_all(fragments, chosen, breakable)
    smaller = any(_breaks_all(fragments, set(r), breakable) for n in range(len(chosen)) for r in combinations(pool, n))
    assert not smaller


def test_large_inputs_still_break_what_they_claim_exactly_and_greedily(monkeypatch):
    import analysis.fixplan as fp

    fragments = [frag(k, f"{k}{i}") for i in range(12) for k in KINDS]
    ev = fp.Evaluator(fragments)
    _, start = ev.score()
    removable = [f.kind != "handle" for f in fragments]
    exact_set, options, _, exact = fp.hitting_set(ev, removable, start)
    # The number of choices depends on the capability file, not on how many fragments there are.
    assert exact and math.prod(len(o) for o in options) <= EXACT_LIMIT
    monkeypatch.setattr(fp, "EXACT_LIMIT", 10)  # force the greedy path
    greedy_set, _, _, exact = fp.hitting_set(ev, removable, start)
    assert not exact and len(greedy_set) >= len(exact_set)
    plan = fp.fix_plan(fragments)
    assert plan
    removed = removed_by(plan)
    after = {r.capability.id for r in assess([f for f in fragments if f.id not in removed]) if r.satisfied}
    assert not {c for s in plan for c in s.breaks} & after
    assert not after - {c.id for c in CAPS if c.requires_bits}  # every group capability is broken


VALUES = {"postcode": ["sk4", "sk4 1ab"], "location": ["stockport", "london"], "full_name": ["jo bloggs", "john smith"],
          "school": ["oakfield high"], "birth_year": ["2011"], "date_of_birth": ["2011-03-14"], "birthday": ["--03-14"]}


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 1)), unique=True, min_size=1, max_size=12),
       st.lists(st.integers(0, 11), max_size=6))
def test_the_fix_plans_fast_evaluator_agrees_with_the_risk_model(items, removals):
    """The plan's 'score after' comes from an incremental evaluator; it must match assess() exactly."""
    from analysis.fixplan import Evaluator

    fragments = [frag(k, VALUES.get(k, [k, k + "2"])[v % len(VALUES.get(k, [k, k + "2"]))]) for k, v in items]
    fragments = list({f.id: f for f in fragments}.values())
    ev = Evaluator(fragments)
    gone = set()
    for r in removals:
        if r < len(fragments) and r not in gone:
            ev.remove(r)
            gone.add(r)
        remaining = [f for i, f in enumerate(fragments) if i not in gone]
        s, states = ev.score()
        assert states == {c.capability.id: c.state for c in assess(remaining)}
        assert s == full_score(remaining)
    for r in list(gone)[:2]:  # and after putting some back
        ev.restore(r)
        gone.discard(r)
        remaining = [f for i, f in enumerate(fragments) if i not in gone]
        assert ev.score()[0] == full_score(remaining)
