"""Postal codes people put in bios, by country: UK (full or district), US ZIP after a state, Irish Eircode,
Indian PIN and Australian/South African four-digit codes after a place (rules/postcodes.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis import patterns

_DATA = json.loads((Path(__file__).parent / "rules" / "postcodes.json").read_text(encoding="utf-8"))
_UK_AREA = "(?:" + "|".join(sorted(_DATA["uk_areas"], key=len, reverse=True)) + ")"
_US_STATE = "(?:" + "|".join(_DATA["us_states"]) + ")"
_AU_STATE = "(?:" + "|".join(_DATA["au_states"]) + ")"
UK_FULL = rf"{_UK_AREA}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{{2}}"
UK_DISTRICT = rf"{_UK_AREA}\d[A-Z\d]?"
EIRCODE = rf"(?:{_DATA['eircode']})\s?[AC-FHKNPRTV-Y\d]{{4}}"
EIRCODE_ROUTING = rf"(?:{_DATA['eircode']})"  # "D08", "T12": the first half of an Eircode, a district
CANADA = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z](?:\s?\d[ABCEGHJ-NPRSTV-Z]\d)?"
# A code that is a postcode wherever it stands alone (the letters make it unmistakable).
ALONE = patterns.compile(rf"(?i)(?<![\w-])(?P<code>{UK_FULL}|{EIRCODE}|{UK_DISTRICT})(?![\w-])")
# A bare number is a postcode only where a state or place says so.
AFTER_STATE = patterns.compile(
    rf"(?<![\w-])(?:{_US_STATE}|{_AU_STATE}|(?i:{_AU_STATE}))[,\s]+(?P<code>\d{{5}}(?:-\d{{4}})?|\d{{4}})(?![\w-])"
)
# "omaha, ne 68104", "perth wa 6000": a state after a comma may be in lower case too.
AFTER_STATE_ANY_CASE = patterns.compile(
    rf"(?i)(?:,\s*|\s)(?:{_US_STATE}|{_AU_STATE})[,\s]+(?:\d{{5}}(?:-\d{{4}})?|\d{{4}})$"
)
NUMBER = patterns.compile(r"(?<![\w.,/£$€₹-])(?P<code>\d{6}|\d{5}(?:-\d{4})?|\d{4})(?![\w/-])(?![.,:]\d)")
# Irish and Canadian codes in running text (letters in capitals): "P31 gang", "Toronto M4C 1B5".
OTHER_IN_TEXT = patterns.compile(rf"(?<![\w@#/.-])(?P<code>{EIRCODE}|{CANADA}|{EIRCODE_ROUTING})(?![\w/-])")
CUE = patterns.compile(
    r"(?i)\b(?:" + "|".join(re.escape(w) for w in _DATA["cue_words"]) + r")\b\s*(?:code)?\s*(?:is|=)?\s*[:#-]?\s*$"
)


# In running text: a UK district with a two-letter area ("sk3", "LS8") or a one-letter area and two digits
# ("E17", "m20") is a postcode; "m8", "b4", "l8" are words, and "the M62" is a motorway.
DISTRICT_IN_TEXT = patterns.compile(
    rf"(?i)(?<![\w@#/.-])(?:(?<!the )|(?=\w+\s+(?:area|postcode|district)\b))(?P<code>{UK_FULL}|(?=[a-z]{{2}}\d|[a-z]\d\d){UK_DISTRICT})(?![\w/-])"
    r"(?!\s*(?i:motorway|junction|toll|j\d|southbound|northbound|eastbound|westbound))"
)
# A code in a bio field of its own: any country's shape, upper case where letters are involved.
SEGMENT_CODE = patterns.compile(
    rf"(?:{UK_FULL}|{EIRCODE}|{UK_DISTRICT}|{EIRCODE_ROUTING}|{CANADA}|\d{{4,6}})|(?i:{UK_FULL}|{UK_DISTRICT})"
)


def find_alone(text: str) -> list[tuple[int, int]]:
    """UK postcodes and districts and Eircodes anywhere in `text` (the caller says whether the place fits)."""
    return [m.span("code") for m in ALONE.finditer(text)]


def find_after_state(text: str) -> list[tuple[int, int]]:
    return [m.span("code") for m in AFTER_STATE.finditer(text)]


def is_code(value: str) -> bool:
    """The whole value is a postcode of some country (for a field or segment that holds nothing else)."""
    value = value.strip()
    return bool(ALONE.fullmatch(value) or NUMBER.fullmatch(value) and not re.fullmatch(r"(?:19|20)\d\d", value))
