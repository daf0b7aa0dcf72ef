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


from analysis.extract import extract  # noqa: E402
from analysis.nlp import get_nlp  # noqa: E402
from footprint.model import Account, Document  # noqa: E402


def test_the_tokenizer_keeps_handles_and_hashtags_and_splits_bio_separators():
    words = [t.text for t in get_nlp().tokenizer("jess🦋|15|mcr #UTFR @jess.mcr she/her•Leeds")]
    assert {"@jess.mcr", "#UTFR", "|", "🦋", "•", "Leeds", "15", "mcr"} <= set(words)


@pytest.mark.parametrize("text", [
    "Reading for my english lit mock tonight",
    "bath bombs + face mask = perfect sunday",
    "Man United till I die",
    "Harry Styles was born in Redditch",
    "Taylor Swift's birthday is 13th December",
    "exams start 14th May and i havent revised",
    "my friend's dog Rex is huge",
    "Our company is based in Reading and we're hiring",
])
def test_no_place_or_date_or_pet_of_the_holder_in_these(text):
    assert not {k for k, _ in kinds(text)} & {"location", "hometown", "birthday", "pet_name", "date_of_birth"}


def test_places_are_canonical_with_their_country():
    assert ("location", "manchester, gb") in kinds("jess | 15 | mcr")
    assert ("location", "reading, gb") in kinds("Trainee Accountant | living in Reading")
    assert ("hometown", "kingston upon hull, gb") in kinds("born and raised in Hull")
    assert ("favourite", "man united") in kinds("Man United till I die")


def test_one_fact_on_two_networks_is_one_fragment_with_two_evidences():
    accounts = []
    for network, text in (("github", "Backend dev. Based in Leeds. call 07700 900123"),
                          ("keybase", "leeds | ring me on +44 7700 900123")):
        account = Account(network=network, handle="dan", url=f"https://{network}.example/dan", status="found")
        account.documents.append(Document(account=account.id, source="bio", text=text, field="bio"))
        accounts.append(account)
    fragments = {f.key: f for f in extract(accounts)}
    assert fragments[("location", "leeds, gb")].accounts == ["github:dan", "keybase:dan"]
    phone = fragments[("phone", "+447700900123")]
    assert phone.accounts == ["github:dan", "keybase:dan"]
    assert {e.text for e in phone.evidence} == {"07700 900123", "+44 7700 900123"}
