"""Bits of identity: sourced figures, place-like facts not summed, and the README's worked check."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.identity import measure, population_bits, table, total_bits
from footprint.model import Fragment


def frag(kind, value):
    return Fragment(kind, value, value.casefold())


def test_population_bits_are_the_uk_figure():
    assert round(population_bits(), 2) == 26.05


def test_worked_check_postcode_district_dob_gender():
    ident = measure([frag("postcode", "SK4"), frag("date_of_birth", "2011-03-14"), frag("pronouns", "she/her")])
    assert round(ident.bits, 1) == 27.4
    assert round(ident.p_unique, 2) == 0.67
    assert ident.one_in > ident.population  # fewer than one other person is expected to match


def test_sourced_single_figures():
    assert total_bits([frag("birthday", "--03-14")]) == 8.51
    assert round(total_bits([frag("date_of_birth", "2011-03-14")]), 1) == 14.8
    assert round(total_bits([frag("birth_year", "2011")]), 1) == 6.3
    assert round(total_bits([frag("postcode", "SK4")]), 1) == 11.5
    assert round(total_bits([frag("postcode", "SK4 1AB")]), 1) == 20.7
    assert round(total_bits([frag("school", "Oakfield High")]), 1) == 16.1


def test_a_town_counts_by_its_population():
    london, stockport = total_bits([frag("location", "London")]), total_bits([frag("location", "Stockport")])
    assert 2.5 < london < 3.5  # about 9M people
    assert 8 < stockport < 10  # about 140k people


def test_common_names_carry_fewer_bits_than_rare_ones():
    assert total_bits([frag("full_name", "John Smith")]) < total_bits([frag("full_name", "Amara Okafor")])


def test_an_initial_is_worth_little():
    assert total_bits([frag("full_name", "Jess H")]) < total_bits([frag("full_name", "Jess Hughes")])
    assert total_bits([frag("full_name", "A. Okafor")]) < total_bits([frag("full_name", "Amara Okafor")])


def test_place_like_facts_count_the_most_specific_only():
    town, school, postcode = frag("location", "Stockport"), frag("school", "Oakfield High"), frag("postcode", "SK4 1AB")
    together = total_bits([town, school, postcode])
    assert together == max(total_bits([town]), total_bits([school]), total_bits([postcode]))
    ident = measure([town, school, postcode])
    counted = [b for b in ident.fragments if b.counted > 0]
    assert [b.kind for b in counted] == ["postcode"]


def test_redundant_facts_add_nothing():
    dob = frag("date_of_birth", "2011-03-14")
    assert total_bits([dob, frag("birthday", "--03-14"), frag("birth_year", "2011")]) == total_bits([dob])


def test_a_school_already_says_roughly_how_old_you_are():
    school = frag("school", "Oakfield High")
    with_year = total_bits([school, frag("birth_year", "2011")])
    assert round(with_year - total_bits([school]), 2) == round(math.log2(7), 2)


def test_contact_details_are_not_counted_as_bits():
    assert total_bits([frag("email", "a@example.com"), frag("phone", "+447700900123"), frag("handle", "x")]) == 0


def test_every_figure_names_its_source():
    for kind, spec in table()["kinds"].items():
        assert spec["source"] and spec["basis"], kind


KINDS = sorted(table()["kinds"]) + ["pet_name", "email"]
VALUES = {"postcode": ["SK4", "SK4 1", "SK4 1AB", "M1"], "location": ["Stockport", "London", "Nowhereville"],
          "hometown": ["Swindon", "Bradford"], "full_name": ["John Smith", "Amara Okafor"], "first_name": ["Jess", "Zebedee"]}


@st.composite
def fragments(draw):
    kinds = draw(st.lists(st.sampled_from(KINDS), max_size=8))
    return [frag(k, draw(st.sampled_from(VALUES.get(k, ["x"])))) for k in kinds]


@settings(max_examples=200, deadline=None)
@given(fragments(), fragments())
def test_bits_never_drop_when_more_is_shown(base, more):
    assert total_bits(base + more) >= total_bits(base) - 1e-9
    assert measure(base + more).bits == total_bits(base + more)
