"""Normalised values, so the same fact seen twice becomes one fragment with two pieces of evidence."""

from __future__ import annotations

import re

import phonenumbers

MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3})[a-z]*")
_MONTH_DAY = re.compile(r"([A-Za-z]{3})[a-z]*\s+(\d{1,2})(?:st|nd|rd|th)?")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})")
_NUMERIC_DM = re.compile(r"(\d{1,2})[/.](\d{1,2})")
_YEAR = re.compile(r"((?:19|20)\d{2})")
_SPACE = re.compile(r"\s+")


def _day_month(value: str) -> tuple[int, int] | None:
    for pattern, order in ((_DAY_MONTH, (0, 1)), (_MONTH_DAY, (1, 0))):
        m = pattern.search(value)
        if m:
            day, month = m.group(order[0] + 1), m.group(order[1] + 1)
            if month.lower()[:3] in MONTHS and 1 <= int(day) <= 31:
                return int(day), MONTHS[month.lower()[:3]]
    return None


def normalise(kind: str, value: str) -> str:
    value = _SPACE.sub(" ", value).strip()
    if kind == "birthday":
        m = _NUMERIC_DM.fullmatch(value)
        if m and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:  # UK order: day/month
            return f"--{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        dm = _day_month(value)
        return f"--{dm[1]:02d}-{dm[0]:02d}" if dm else value.casefold()
    if kind == "date_of_birth":
        m = _NUMERIC.search(value)
        if m:  # UK order: day/month/year
            return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        dm, year = _day_month(value), _YEAR.search(value)
        if dm and year:
            return f"{year.group(1)}-{dm[1]:02d}-{dm[0]:02d}"
        return value.casefold()
    if kind == "phone":
        try:
            return phonenumbers.format_number(phonenumbers.parse(value, "GB"), phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return re.sub(r"[^\d+]", "", value)
    if kind == "postcode":
        return value.upper().replace(" ", "")
    if kind == "email":
        return value.casefold()
    if kind == "url":
        return re.sub(r"^https?://(www\.)?", "", value.casefold()).rstrip("/")
    if kind == "school_year":
        m = re.fullmatch(r"(?i)(?:year|yr|y)\s?(\d{1,2})", value)
        if m:
            return f"year {int(m.group(1))}"
        m = re.search(r"(?:(?:19|20)(\d{2})|'(\d{2})|^(\d{2})$)", value)
        if m:
            return "20" + next(g for g in m.groups() if g) if not m.group(0).startswith("19") else m.group(0)
        return value.casefold()
    if kind in ("birth_year",):
        m = re.search(r"(?:19|20)\d{2}", value)
        if m:
            return m.group(0)
        m = re.search(r"'(\d{2})", value)
        return ("20" if int(m.group(1)) < 30 else "19") + m.group(1) if m else value
    if kind == "age":
        m = re.search(r"\d+", value)
        return m.group(0) if m else value
    if kind in ("location", "hometown"):
        return canonical_place(value) or value.casefold()
    if kind == "handle":
        return value.lstrip("@").casefold()
    if kind == "pronouns":
        return re.sub(r"\s*/\s*", "/", value.casefold())
    return value.casefold()


def canonical_place(value: str) -> str | None:
    """'Manchester, UK', 'mcr', 'MANCHESTER' -> 'Manchester, GB' (GeoNames name, ISO country)."""
    from analysis.gazetteer import find_place  # loads the gazetteer on first use only

    for candidate in (value, value.split(",")[0], value.split("/")[0]):
        place = find_place(candidate.strip(" .!"))
        if place is not None:
            return place.canonical
    return None
