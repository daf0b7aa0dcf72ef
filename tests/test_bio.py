"""Focused tests for reading text nobody here wrote (issue 12): each mechanism on its own."""
import re

import pytest

from analysis.components import ContextRules, load_rules
from analysis.extract import extract, extract_text
from analysis.field_values import typed_values
from analysis.lexicons import LEXICONS, alternation, list_items
from analysis.segments import segments
from footprint.model import Account, Document


def found(text):
    return {(f.kind, f.value) for f in extract_text(text)}


def kinds_of(text, kind):
    return {f.value for f in extract_text(text) if f.kind == kind}


# --- bios as structure ---------------------------------------------------------------------------------

def test_a_bio_splits_into_segments_at_its_separators_and_keeps_offsets():
    text = "maisie 🌸 | 15 | leeds\n🏫 oakridge academy // she/her ✦ sophomore at st. agnes academy"
    parts = segments(text)
    assert [p.text for p in parts] == ["maisie 🌸", "15", "leeds", "🏫 oakridge academy", "she/her",
                                      "sophomore at st. agnes academy"]
    assert all(text[p.start:p.end] == p.text for p in parts)


def test_an_emoji_says_what_the_value_after_it_is():
    assert {("pet_name", "biscuit"), ("pet_name", "mochi")} <= found("🐶 biscuit & 🐱 mochi")
    assert ("school", "oakridge academy") in found("15 | 🏫 oakridge academy")
    assert ("birth_year", "2008") in found("🎂 2008 | 📍 ipswich")
    assert ("date_of_birth", "12/05/2008") in found("🎂 12/05/2008 | tipp")


def test_an_emoji_after_a_short_value_names_it_but_not_after_names_a_rule_read():
    assert ("school", "northside middle") in found("14 | northside middle 🏫 | ♍️ 9/4")
    assert ("birthday", "9/4") in found("14 | northside middle 🏫 | ♍️ 9/4")
    assert "Cumbria" not in kinds_of("Dog mum to Meg and Fly 🐕 Cumbria", "pet_name")


def test_a_label_field_is_typed_by_what_it_holds():
    assert {("location", "Hebden Bridge"), ("postcode", "HX7 8AB")} <= found("Location: Hebden Bridge, HX7 8AB")
    assert ("birthday", "14/3") in found("bday: 14/3 | y10")
    assert kinds_of("🐱 cats: smudge, tigger n oreo", "pet_name") == {"smudge", "tigger", "oreo"}
    assert ("handle", "wurzel_gummidge77") in found("PSN: wurzel_gummidge77 | Yeovil")


def test_a_segment_without_a_cue_is_typed_by_its_shape():
    assert ("postcode", "ne29") in found("brad | 17 | ne29")
    assert {("location", "Toowoomba QLD"), ("postcode", "4350")} <= found("Sparky | Toowoomba QLD 4350")
    assert {("job_title", "apprentice mechanic"), ("employer", "halfords")} <= found(
        "17 | apprentice mechanic @ halfords | ne29")


# --- any case, lists and pairs ----------------------------------------------------------------------

def test_names_after_a_cue_in_lower_case_and_in_lists():
    assert kinds_of("our 3 guinea pigs: peanut, waffle and dobby 🐹", "pet_name") == {"peanut", "waffle", "dobby"}
    assert kinds_of("happy bday to my little bro alfie 🥳", "family_member") == {"alfie"}
    assert kinds_of("Grandma of 5 💕 Sophie, Mason, Evie, Noah & Grace", "family_member") == {
        "Sophie", "Mason", "Evie", "Noah", "Grace"}
    assert kinds_of("Pets: Simba (dog), Nala (cat)", "pet_name") == {"Simba", "Nala"}


def test_words_that_carry_the_sentence_on_are_not_names():
    assert not kinds_of("my mum made dinner and my dad cooked", "family_member")
    assert not kinds_of("our rabbit escaped into next door's garden", "pet_name")
    assert not kinds_of("wish i had a dog called biscuit", "pet_name")


def test_list_items_are_split_at_commas_and_and():
    text = "rolo, pip & bear"
    assert [text[s:e] for s, e in list_items(text)] == ["rolo", "pip", "bear"]


def test_a_memorial_line_and_a_signature():
    assert "Margaret Evans" in kinds_of("5 years today since we lost Mum. Margaret Evans, 1940-2020.", "family_member")
    assert ("first_name", "Pat") in found("Our Jack has passed his test! So proud of our grandson 🚗 Nana Pat x")


# --- moves and origins --------------------------------------------------------------------------------

@pytest.mark.parametrize("text,hometown,location", [
    ("manc born, bristol based 🌊 | y12", "manc", "bristol"),
    ("Durban girl living in Cape Town 🌊 | Paramedic", "Durban", "Cape Town"),
    ("originally cardiff → now brum | 15", "cardiff", "brum"),
    ("moving day 📦 bye bye hull, hello sheffield", "hull", "sheffield"),
    ("Lagos-raised, Abuja-based | Petroleum Engineer", "Lagos", "Abuja"),
])
def test_where_someone_is_from_and_where_they_are_now(text, hometown, location):
    assert ("hometown", hometown) in found(text) and ("location", location) in found(text)


def test_from_is_a_home_town_when_the_text_says_where_they_live_now():
    assert ("hometown", "Kochi") in found("full stack dev | from Kochi, working out of Bengaluru")
    assert ("location", "Leeds") in found("jess | from Leeds")


def test_a_named_person_opening_the_statement_makes_it_theirs():
    assert not found("Davido was born in Atlanta but grew up in Lagos, some of una don't know this")
    assert not found("fun fact Jalen Hurts grew up in Channelview, Texas.")


# --- schools everywhere ---------------------------------------------------------------------------------

def test_schools_in_any_case_wherever_they_appear():
    assert ("school", "parkside") in found("twin of @ella | 15 | y11 @ parkside")
    assert ("school", "mossbank high") in found("miss everyone at mossbank high already")
    assert ("school", "st brendans") in found("first day of yr 10 @ st brendans 😭")
    assert ("school_year", "grade 10") in found("15 | grade 10 @ Ridgeview High 🏈")


def test_whose_school_it_is():
    assert not kinds_of("My daughter started at Oakfield High this week", "school")
    assert ("employer", "Castlebrook High") in found("Head of Geography @ Castlebrook High 🌍 | Bury")
    assert not kinds_of("Ofsted have rated Oakwood Primary 'Outstanding' – well done to all the staff", "school")


# --- jobs, employers, universities ----------------------------------------------------------------------

def test_employers_and_universities_by_their_cues():
    assert ("employer", "TCS") in found("full stack dev | 3+ yrs @ TCS")
    assert ("employer", "Telstra") in found("infra person. Telstra by day, homelab by night.")
    assert ("university", "Rutgers") in found("Data Engineer II @ Capital One | Rutgers alum")
    assert ("university", "Unilorin") in found("Medical Doctor | MBBS (Unilorin)")
    assert {("employer", "acme-labs"), ("job_title", "summer intern")} <= found("Backend engineer · prev @acme-labs (summer intern)")


def test_words_in_quotation_marks_are_someone_elses():
    assert not found("Every LinkedIn post: 'I'm humbled to announce I've joined Amazon as a...' okay Brad, we get it")
    assert ("employer", "Amazon") in found("I'm humbled to announce I've joined Amazon")


# --- postcodes beyond the UK, trips and vehicles --------------------------------------------------------

@pytest.mark.parametrize("text,code", [
    ("omg ur from stockport too?? sk3 represent 🙌", "sk3"),
    ("Hi all, we're new to Hazel Grove (SK7), just moved in", "SK7"),
    ("Friends asking for our new address: Baner Road, Pune 411045.", "411045"),
    ("ok so my zip is 30318 and ups STILL can't find my house", "30318"),
    ("Cork | nurse @ CUH | T12 | mam to Oisín", "T12"),
])
def test_postcodes_said_in_passing(text, code):
    assert ("postcode", code) in found(text)


@pytest.mark.parametrize("text", [
    "Bloody Ford. The Focus has broken down AGAIN on the M62",
    "If you live in 90210 your property taxes are probably more than my salary",
])
def test_motorways_and_other_peoples_codes_are_not_postcodes(text):
    assert not kinds_of(text, "postcode")


def test_trips_and_vehicles_said_in_passing():
    assert kinds_of("18 today!!! off to ibiza next week to celebrate ✈️", "travel") == {"off to ibiza next week"}
    assert kinds_of("Lanzarote next week 🌴", "travel") == {"Lanzarote next week"}
    assert not kinds_of("The conference is in Berlin next week, talk slides on my blog.", "travel")
    assert "clio" in kinds_of("17 and already crashed the clio 💀", "vehicle")
    assert not kinds_of("ngl the new corsa advert is kinda fire", "vehicle")


# --- structured fields and the machinery ----------------------------------------------------------------

def test_a_structured_field_is_typed_by_what_it_holds():
    assert typed_values("location", "SK4 2AB") == [("postcode", 0, 7)]
    account = Account(network="github", handle="dev", url="https://github.com/dev", status="found")
    account.documents.append(Document(account=account.id, source="location", text="Hebden Bridge, HX7 8AB", field="location"))
    account.documents.append(Document(account=account.id, source="company", text="@acme-labs (summer intern)", field="company"))
    kinds = {(f.kind, f.value) for f in extract([account])}
    assert {("location", "Hebden Bridge"), ("postcode", "HX7 8AB"), ("employer", "acme-labs"),
            ("job_title", "summer intern")} <= kinds


def test_a_lexicon_trie_matches_exactly_what_the_plain_alternation_does():
    words = LEXICONS["pet_animal"]
    plain = re.compile(r"(?i)\b(?:" + "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True)) + r")\b")
    trie = re.compile(r"(?i)\b" + alternation("pet_animal") + r"\b")
    text = "my Dog, a guinea pig, the golden retriever, two cats and a cockapoo; doggo! lab, labrador"
    assert [m.group(0) for m in plain.finditer(text)] == [m.group(0) for m in trie.finditer(text)]


def test_a_rule_whose_required_words_are_missing_is_not_tried(tmp_path):
    path = tmp_path / "rules.jsonl"
    path.write_text('{"id": "r", "pattern": "(?P<pet_name>[a-z]+) the cat", "requires": [["cat"]]}\n', encoding="utf-8")
    rules = ContextRules(load_rules(path))
    assert rules._candidates({"dog"}, "rex the dog") == []
    assert [r.id for r in rules._candidates({"cat", "the"}, "mog the cat")] == ["r"]


def test_a_full_name_heading_a_bio_in_any_alphabet_and_after_a_title():
    assert ("full_name", "Meera Pillai") in found("Dr. Meera Pillai | Paediatrician | Kochi")
    assert ("full_name", "Sinéad Ní Bhriain") in found("Sinéad Ní Bhriain | Múinteoir 🍎 | Tralee")
    assert not kinds_of("FINALLY PASSED 🚗💨 meet my little corsa", "full_name")
    assert not kinds_of("Sheffield Wednesday (sadly). Grew up in Hull", "full_name")


def test_ages_and_partners_said_the_way_people_say_them():
    assert ("age", "30") in found("Happy 30th to me 🎂 celebrating with my boyfriend Liam")
    assert ("age", "27") in found("Bought my first house at 27!! 🏠🔑")
    assert ("partner_name", "Seán") in found("Married my best friend Seán at St. Mary's Church on the 14th 💍")


def test_a_routine_is_the_time_and_place_not_the_rest_of_the_sentence():
    assert kinds_of("Dog walking every morning 7am round Lister Park with Bella 🐕 say hi", "routine") == {
        "every morning 7am round Lister Park"}
    assert not kinds_of("2 years without u today nanna pat 🕊️💔 miss u every day, ur garden still smells like u", "routine")


def test_a_segment_is_a_school_only_when_its_words_make_a_name():
    assert ("school", "hollins park hs") in found("ur fav gymnast | hollins park hs | 🎂 2/7")
    assert not kinds_of("Year 3 parents at Hollybank | Cake sale straight after school 🍰", "school") - {"Hollybank"}


def test_a_place_standing_alone_keeps_its_state_district_or_accent():
    assert ("location", "Sioux Falls") in found("Retired teacher 🍎 | Nana to 5 | Sioux Falls SD")
    assert ("location", "Dublin 8") in found("Dublin 8 | D08 | ex-barista @ 3fe")
    assert ("location", "Kraków") in found("iOS dev @ Revolut, Kraków 🇵🇱. Blog: kasia.example.net")
    assert ("location", "Hyderabad") in found("Chennai ponnu 💃 | working in Hyderabad")


def test_jobs_and_employers_in_bio_fields():
    assert ("job_title", "Joiner") in found("Joiner by trade, dad by choice 🪚 | Bolton born, Chorley based")
    assert ("employer", "Manchester Royal Infirmary") in found("Senior Staff Nurse – Critical Care | Manchester Royal Infirmary | Ex-British Army")
    assert {("employer", "Mace"), ("employer", "Turner & Townsend")} <= found(
        "Currently leading cost management at Galliford Try. Previously Mace and Turner & Townsend. Based in Warrington.")


def test_more_ways_of_naming_pets_relatives_and_birthdays():
    assert "Mochi" in kinds_of("just adopted a kitten from the shelter 😻 her name is Mochi and she bit me", "pet_name")
    assert kinds_of("Me, Gaz and the dogs Tilly & Bruno 🐾", "pet_name") == {"Tilly", "Bruno"}
    assert "Pancake" in kinds_of("Moved into our place 🏡 Rescue greyhound Pancake approves", "pet_name")
    assert "Nomsa" in kinds_of("Gogo Nomsa turns 80 today 🎉 she raised me in Umlazi", "family_member")
    assert ("birthday", "25th Sept") in found("It's my birthday tomorrow (25th Sept) and the Mrs has booked a table")
    assert not kinds_of("our Jack Russell Mo and far too many pasties", "family_member")


def test_a_post_wishing_someone_else_happy_birthday_gives_their_date_not_the_holders():
    assert not kinds_of("Happy birthday to Taylor Swift 🎂 Dec 13 is a national holiday in this house", "birthday")
    assert ("age", "16") in found("happy birthday to me!! 16 today")
