from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.risk import assess, fix_plan, load_model, score
from footprint.model import Evidence, Fragment

KINDS = sorted({k for cap in load_model()[0] for g in cap.requires for k in g} | {"age", "address"})


def frag(kind, value="x"):
    return Fragment(kind, value, value, [Evidence(account="github:someone", source="field:bio", text=value)])


def states(fragments):
    return {r.capability.id: r.state for r in assess(fragments)}


def test_bank_check_needs_name_dob_and_postcode():
    assert states([frag("full_name"), frag("date_of_birth")])["bank-security-check"] == "near_miss"
    assert states([frag("full_name"), frag("date_of_birth"), frag("postcode")])["bank-security-check"] == "satisfied"
    assert states([frag("full_name")])["bank-security-check"] == "out_of_reach"


def test_birthday_and_birth_year_add_up_to_a_date_of_birth():
    assert states([frag("full_name"), frag("birthday"), frag("birth_year"), frag("postcode")])["bank-security-check"] == "satisfied"


def test_near_miss_names_the_missing_kind():
    r = next(r for r in assess([frag("full_name"), frag("date_of_birth")]) if r.capability.id == "bank-security-check")
    assert r.missing == [["postcode", "address"]]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(KINDS), unique=True), st.sampled_from(KINDS))
def test_score_is_monotone(kinds, extra):
    base = [frag(k, k) for k in kinds]
    assert score(assess(base + [frag(extra, extra + "2")])) >= score(assess(base))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(KINDS), unique=True, min_size=1))
def test_fix_plan_breaks_what_it_claims(kinds):
    fragments = [frag(k, k) for k in kinds]
    plan = fix_plan(fragments)
    removed = {s.fragment for s in plan}
    after = {r.capability.id for r in assess([f for f in fragments if f.id not in removed]) if r.satisfied}
    for step in plan:
        assert not set(step.breaks) & after
    if plan:
        assert plan[-1].score_after == score(assess([f for f in fragments if f.id not in removed]))
