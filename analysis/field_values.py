"""A structured profile field is typed by what it holds, after `field_kind` says what it is for: a location
field holding "SK4 2AB" is a postcode, "Hebden Bridge, HX7 8AB" a place and a postcode, and a company
field "@acme-labs (summer intern)" an employer and a role."""

from __future__ import annotations

import re

from analysis import postcodes

# "@acme-labs (summer intern)", "Acme Labs (intern)": the organisation and, in brackets, the role.
ORG_AND_ROLE = re.compile(r"^\s*@?(?P<employer>[^()@]*?[^\s()@])\s*\((?P<job_title>[^()]{2,40})\)\s*$")


def typed_values(kind: str, text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each value in a field's text; the field's own kind when nothing says otherwise."""
    if kind in ("location", "hometown"):
        return _place_field(kind, text)
    if kind == "employer":
        m = ORG_AND_ROLE.match(text)
        if m:
            return [("employer", *m.span("employer")), ("job_title", *m.span("job_title"))]
        start = len(text) - len(text.lstrip(" @"))
        return [("employer", start, len(text.rstrip()))] if text.strip(" @") else []
    return [(kind, 0, len(text))]


def _place_field(kind: str, text: str) -> list[tuple[str, int, int]]:
    if postcodes.is_code(text):
        start = len(text) - len(text.lstrip())
        return [("postcode", start, len(text.rstrip()))]
    codes = sorted(set(postcodes.find_alone(text) + postcodes.find_after_state(text)))
    if not codes:
        return [(kind, 0, len(text))]
    out = [("postcode", s, e) for s, e in codes]
    place_end = codes[0][0]
    place = text[:place_end].rstrip(" ,-–")
    if place.strip():
        start = len(place) - len(place.lstrip())
        out.insert(0, (kind, start, len(place)))
    return out
