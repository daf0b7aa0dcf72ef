"""Understood at fourteen: every text a person reads is at Flesch-Kincaid grade 6 or below (tests/readability.py
gathers them: capability explanations, advice, review wording, fix-plan steps, story captions, what the views say,
error messages), from the data files and as the analysis and the views build them for every demo persona."""
from __future__ import annotations

import pytest

from tests import readability

pytest.importorskip("textstat", reason="textstat is not installed (pip install -e '.[test]')")

KINDS = ("capability explanations", "advice per kind", "advice per network", "review wording", "fix-plan steps",
         "story captions", "view wording", "error messages")


@pytest.fixture(scope="module")
def texts():
    return readability.texts()


def test_every_text_a_person_reads_is_at_grade_6_or_below(texts):
    hard = [(round(readability.grade(t), 1), kind, where, t) for kind, where, t in texts
            if readability.grade(t) > readability.GRADE_LIMIT]
    assert hard == [], "\n".join(f"{g} {kind} / {where}: {t}" for g, kind, where, t in sorted(hard, reverse=True))


def test_every_kind_of_text_is_measured(texts):
    counts = {kind: sum(k == kind for k, _, _ in texts) for kind in KINDS}
    assert all(n >= 10 for n in counts.values()), counts
    built = {where.split()[0] for kind, where, _ in texts if kind == "story captions" and " step " in where}
    assert built == {"jess", "amara", "dan", "sol"}  # the story of every persona, as the room sees it


def test_the_measure_tells_hard_from_easy():
    # The yardstick itself: the old advice it replaced is over the line, its replacement under it.
    assert readability.grade("Use different usernames for personal and professional accounts.") > 6
    assert readability.grade("Use one username for work and a different one for friends.") <= 6
    # an address is copied, not read: it counts as one word, and does not split the sentence at its dots
    assert readability.grade("Edit it at https://hub.docker.com/settings/general. Then save it.") <= 6
    assert readability.fill("Could not check {network}: {reason}") == "Could not check GitHub: the same name"


def test_a_sentence_that_is_not_enough_checked_reads_easily_too():
    from footprint.model import Coverage

    for cov in (Coverage(3, 1, 2, {"timeout": 2}, enough=False), Coverage(0, 0, 0, enough=False),
                Coverage(33, 20, 13, {"timeout": 7, "rate limited": 4, "blocked": 2}, enough=False)):
        assert readability.grade(cov.shortfall()) <= readability.GRADE_LIMIT, cov.shortfall()
