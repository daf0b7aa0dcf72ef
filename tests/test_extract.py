import pytest

from analysis.extract import extract_text


def kinds(text):
    return {(f.kind, f.normalized) for f in extract_text(text)}


@pytest.mark.parametrize("text,expected", [
    ("Year 11 @ Oakfield High | my dog Biscuit 🐶", {("school", "oakfield high"), ("school_year", "year 11"), ("pet_name", "biscuit")}),
    ("bday 14th March 🎂", {("birthday", "--03-14")}),
    ("14th March squad 🎉", {("birthday", "--03-14")}),
    ("DOB: 03/07/2008", {("date_of_birth", "2008-07-03")}),
    ("born in 2009 and proud", {("birth_year", "2009")}),
    ("Senior Data Analyst at Northwind. she/her", {("job_title", "senior data analyst"), ("employer", "northwind"), ("pronouns", "she/her")}),
    ("call me on 07700 900123", {("phone", "+447700900123")}),
    ("my mum Claire and my brother Kieran", {("family_member", "claire"), ("family_member", "kieran")}),
    ("off to Tenerife next week ✈️", {("travel", "off to tenerife next week")}),
])
def test_finds_attributes(text, expected):
    assert expected <= kinds(text)


@pytest.mark.parametrize("text,kind", [
    ("Happy birthday to Ellie, 3rd May forever", "birthday"),
    ("my friend's dog Rex is huge", "pet_name"),
    ("my dog is the best", "pet_name"),
])
def test_does_not_attribute_others_or_non_names(text, kind):
    assert kind not in {k for k, _ in kinds(text)}


def test_evidence_points_at_the_exact_words():
    text = "ok so my cat Miso hates Mondays"
    f, = [f for f in extract_text(text) if f.kind == "pet_name"]
    e, = f.evidence
    assert text[e.start:e.end] == "Miso" and e.rule == "pet-my-animal"
