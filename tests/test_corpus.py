"""Extraction measured on labelled fictional texts (tests/corpus/README.md says how they were written).

labelled.jsonl is the development set the rules were tuned on; heldout.jsonl was written afterwards and
first scored with the rules frozen (then used for general fixes); final.jsonl was written last and scored
once, untouched. The floors below sit a little under the measured figures so that a rule change that
loses real ground fails here. Run `python -m analysis.evaluate` for the full table.
"""
from collections import Counter
from pathlib import Path

import pytest

from analysis.evaluate import Scores, load_corpus, score
from analysis.extract import extract_texts
from analysis.nlp import build

CORPUS = Path(__file__).parent / "corpus"
KINDS = {
    "full_name", "first_name", "age", "birthday", "date_of_birth", "birth_year", "location", "hometown", "address",
    "postcode", "school", "school_year", "university", "employer", "job_title", "email", "phone", "pet_name",
    "family_member", "partner_name", "pronouns", "relationship_status", "vehicle", "favourite", "routine",
    "travel", "handle", "url",
}
# Measured with the blank pipeline. labelled: P 0.980 R 0.987 (tuned on it). heldout: P 0.952 R 0.794 when
# first scored, P 0.968 R 0.960 after general fixes it prompted. final: P 0.949 R 0.870, scored once,
# never tuned on. All three: P 0.972 R 0.957 over 538 labels.
FLOORS = {"labelled.jsonl": (0.97, 0.97), "heldout.jsonl": (0.97, 0.98), "final.jsonl": (0.94, 0.90)}
# Written blind from tests/corpus/GUIDE.md by writers who never saw the rules (issue 12), then used as
# development sets. First scores: independent P 0.851 R 0.434; dev_uk P 0.833 R 0.581 and dev_world
# P 0.869 R 0.610 on arrival; dev_mixed P 0.921 R 0.748 and dev_platforms P 0.885 R 0.724 on arrival in
# round 2 (dev_platforms was kept out of tuning in round 2: only its figures were read). Floors a little
# under what the rules score now.
BLIND_FLOORS = {
    "independent.jsonl": (0.95, 0.90),
    "dev_uk.jsonl": (0.93, 0.80),
    "dev_world.jsonl": (0.93, 0.84),
    "dev_mixed.jsonl": (0.94, 0.88),
    "dev_platforms.jsonl": (0.89, 0.76),
}
BLIND_KIND_FLOORS = {  # over the five blind sets, kinds with 20+ labels: (precision, recall)
    "age": (0.92, 0.87), "birthday": (0.95, 0.92), "employer": (0.94, 0.81), "family_member": (0.97, 0.88),
    "first_name": (0.96, 0.86), "full_name": (0.90, 0.87), "handle": (0.97, 0.85), "hometown": (0.95, 0.90),
    "job_title": (0.96, 0.82), "location": (0.90, 0.85), "pet_name": (0.95, 0.90), "postcode": (0.95, 0.91),
    "pronouns": (0.97, 0.97), "school": (0.93, 0.89), "school_year": (0.90, 0.80), "university": (0.83, 0.67),
    "vehicle": (0.90, 0.69), "partner_name": (0.96, 0.80), "relationship_status": (0.93, 0.79),
    "routine": (0.80, 0.67), "travel": (0.84, 0.49), "favourite": (0.75, 0.60),
}
KIND_FLOORS = {  # kinds with 10+ labels across the three sets: (precision, recall)
    "age": (0.97, 0.97), "employer": (0.97, 0.94), "family_member": (0.97, 0.97), "favourite": (0.92, 0.87),
    "first_name": (0.88, 0.95), "handle": (0.97, 0.97), "hometown": (0.97, 0.97), "job_title": (0.95, 0.93),
    "location": (0.97, 0.95), "partner_name": (0.97, 0.97), "pet_name": (0.93, 0.93), "pronouns": (0.97, 0.97),
    "routine": (0.97, 0.93), "school_year": (0.80, 0.80), "travel": (0.97, 0.97), "university": (0.78, 0.97),
    "url": (0.97, 0.97),
}


def _measure(names):
    nlp = build(trained=False)
    out = {}
    for name in names:
        records = load_corpus(CORPUS / name)
        out[name] = (records, score(records, extract_texts([r["text"] for r in records], nlp)))
    return out


@pytest.fixture(scope="module")
def measured():
    return _measure(FLOORS)


@pytest.fixture(scope="module")
def measured_blind():
    return _measure(BLIND_FLOORS)


def _combined(measured) -> Scores:
    combined = Scores()
    for _, s in measured.values():
        combined.tp.update(s.tp)
        combined.fp.update(s.fp)
        combined.fn.update(s.fn)
    return combined


def test_the_blind_sets_are_honestly_shaped():
    for name in BLIND_FLOORS:
        records = load_corpus(CORPUS / name)
        assert len(records) >= 250 and sum(r["hard_negative"] for r in records) >= 0.3 * len(records)
        assert len({r["id"] for r in records}) == len(records)
        for r in records:
            assert not (r["hard_negative"] and r["labels"]), r["id"]
            for label in r["labels"]:
                assert label["kind"] in KINDS and r["text"][label["start"]:label["end"]] == label["text"], (r["id"], label)


@pytest.mark.parametrize("name", BLIND_FLOORS)
def test_blind_sets_stay_above_their_floors(measured_blind, name):
    _, scores = measured_blind[name]
    p_floor, r_floor = BLIND_FLOORS[name]
    assert scores.precision() >= p_floor and scores.recall() >= r_floor, "\n" + scores.table()


def test_blind_per_kind_floors(measured_blind):
    combined = _combined(measured_blind)
    below = [f"{k}: P {combined.precision(k):.3f} R {combined.recall(k):.3f} (floors {p}, {r})"
             for k, (p, r) in BLIND_KIND_FLOORS.items()
             if combined.precision(k) < p or combined.recall(k) < r]
    assert not below, "\n".join(below) + "\n" + combined.table()


def test_the_corpus_is_big_varied_and_honestly_shaped():
    dev, held, final = (load_corpus(CORPUS / name) for name in FLOORS)
    assert len(dev) >= 200 and len(held) >= 100 and len(final) >= 80
    for records in (dev, held, final):
        assert sum(r["hard_negative"] for r in records) >= 0.25 * len(records)
        assert {"teen", "jobseeker", "developer", "adult"} <= {r["group"] for r in records}
        assert len({r["id"] for r in records}) == len(records)
        for r in records:
            assert not (r["hard_negative"] and r["labels"]), r["id"]
            for label in r["labels"]:
                assert label["kind"] in KINDS, (r["id"], label)
                assert r["text"][label["start"]:label["end"]] == label["text"], (r["id"], label)
    assert {label["kind"] for r in dev + held + final for label in r["labels"]} == KINDS  # every kind is measured


@pytest.mark.parametrize("name", FLOORS)
def test_micro_precision_and_recall_stay_above_the_floors(measured, name):
    _, scores = measured[name]
    p_floor, r_floor = FLOORS[name]
    assert scores.precision() >= p_floor and scores.recall() >= r_floor, "\n" + scores.table()


def test_per_kind_floors(measured):
    combined = Scores()
    for _, s in measured.values():
        combined.tp.update(s.tp)
        combined.fp.update(s.fp)
        combined.fn.update(s.fn)
    below = [f"{k}: P {combined.precision(k):.3f} R {combined.recall(k):.3f} (floors {p}, {r})"
             for k, (p, r) in KIND_FLOORS.items()
             if combined.precision(k) < p or combined.recall(k) < r]
    assert not below, "\n".join(below) + "\n" + combined.table()
    assert combined.precision() >= 0.95 and combined.recall() >= 0.93


def test_hard_negatives_mostly_stay_silent(measured):
    # Texts about celebrities, friends' birthdays, other people's dogs, Reading the verb, Man United the team.
    silent = Counter()
    for records, scores in measured.values():
        noisy = {e[0] for e in scores.errors if e[1] == "FP"}
        for r in records:
            if r["hard_negative"]:
                silent[r["id"] not in noisy] += 1
    assert silent[True] / (silent[True] + silent[False]) >= 0.90, silent


def test_normalised_values_are_right(measured):
    ok = sum(s.normalised_ok for _, s in measured.values())
    checked = sum(s.normalised_checked for _, s in measured.values())
    assert checked >= 90 and ok / checked >= 0.95
