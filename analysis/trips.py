"""Trips and vehicles said in passing, any case: a place with a time ("ibiza next week", "12 sleeps till
Lanzarote", "flying home to Perth on the 20th") and a make or model the holder owns ("crashed the clio",
"my truck is a 2006 Tacoma"). Word lists in rules/lexicons.json (trip_time, trip_verb, trip_before,
vehicle_make, vehicle_model, vehicle_owner_cue, vehicle_not_owner)."""

from __future__ import annotations

import re

from analysis import patterns
from analysis.lexicons import LEXICONS, expand

PLACE_WORDS = r"[^\W\d_][^\W\d_'’-]*(?:[ \t]+[^\W\d_][^\W\d_'’-]*){0,2}"
# Without a verb such as "off to", a trip needs a time still to come ("ibiza next week"), not a date.
RELATIVE_TIME = patterns.compile(r"(?i)^(?:tomorrow|tmrw|tmr|tonight|next|this|in\s+\d|for\s|over\s|till|until|all\s)")
TIME = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{trip_time}})(?![\w-])"))
# "off to tenerife from the 3rd to the 10th", "down to Kinsale this Saturday for the week", "ibiza next week"
TRIP = patterns.compile(
    expand(
        r"(?i)(?:(?<![\w-])(?P<verb>{{trip_verb}})\s+)?(?P<place>" + PLACE_WORDS + r")"
        r"(?:\s+(?:with|w/?)\s+(?:my|the|our)\s+\w+)?(?:\s+to\s+see\s+\w+)?[\s,]*(?:[\U0001F300-\U0001FAFF\u2600-\u27BF]\s*)*"
        r"(?P<time>(?:{{trip_time}})(?:[ \t]+(?:{{trip_time}}))?)(?![\w-])"
    )
)
THING_IS = patterns.compile(
    r"(?i)\b(?:the|their|his|her|its|our|my)\s+(?:\w+\s+){0,2}?\w+\s+(?:is|are|was|were|will be)\b[^.!?|\n]*$"
)
COUNTDOWN = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{trip_before}})\s+(?P<place>" + PLACE_WORDS + r")"))
VEHICLE = patterns.compile(
    expand(
        r"(?i)(?<![\w'-])(?P<vehicle>(?:(?:{{vehicle_make}})\s+)?(?:{{vehicle_model}})(?:\s+(?-i:[A-Z0-9][A-Za-z0-9-]*|\d+)|\s+(?:hybrid|ev|diesel|estate|quest|legacy|duke|vision\s+\d+)){0,2}"
        r"|(?:{{vehicle_make}})(?:\s+(?-i:[A-Z0-9][A-Za-z0-9-]*|\d+)|\s+(?:{{vehicle_model}})|\s+[a-z]+\s+\d+){1,2})(?![\w-])"
    )
)
OWNER = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{vehicle_owner_cue}})(?![\w-])"))
NOT_OWNER = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{vehicle_not_owner}})(?![\w-])"))
# Models that are also everyday words ("focus", "golf", "swift"): only as written with a capital, after a
# make, or in a field of their own.
AMBIGUOUS_MODEL = {
    "focus",
    "golf",
    "swift",
    "note",
    "leaf",
    "partner",
    "jazz",
    "fit",
    "ka",
    "up!",
    "500",
    "mini",
    "seat",
    "polo",
    "ranger",
    "discovery",
    "defender",
    "punto",
    "panda",
    "scenic",
    "caddy",
    "cooper",
    "108",
    "107",
    "208",
    "2008",
    "3008",
    "c1",
    "c3",
    "r1",
    "model 3",
    "model y",
    "duke",
    "vision",
    "civic",
    "accord",
    "legacy",
    "outback",
    "puma",
    "kuga",
    "transit",
    "jeep",
    "ram",
    "smart",
    "hero",
    "alto",
}


def trips(text: str, is_place) -> list[tuple[int, int]]:
    """Character spans of trips: a place the gazetteer knows (`is_place`) with its timing."""
    out = []
    # The timing is the rarer half: find it first, then read back from it for the place and the verb.
    matches: list[re.Match[str]] = []
    for t in TIME.finditer(text):
        m = TRIP.search(text, max(0, t.start() - 70), t.end())
        if m is not None and (not matches or m.start() >= matches[-1].end()):
            matches.append(m)
    for m in matches:
        place = _trim_place(m.group("place"), is_place)
        if place is None:
            continue
        if not m.group("verb") and not (
            RELATIVE_TIME.match(m.group("time")) and (place[:1].isupper() or is_place(place, 100_000))
        ):
            continue
        place_start = m.start("place") + m.group("place").rfind(place)
        if not m.group("verb") and THING_IS.search(text[max(0, place_start - 50) : place_start]):
            continue  # "The conference is in Berlin next week": the conference's date, not a trip
        start = m.start("verb") if m.group("verb") else place_start
        out.append((start, m.end("time")))
    for m in COUNTDOWN.finditer(text):
        place = _trim_place(m.group("place"), is_place, from_start=True)
        if place is not None:
            out.append((m.start(), m.start("place") + len(place)))
    return out


def _trim_place(words: str, is_place, from_start: bool = False) -> str | None:
    parts = words.split()
    for n in range(len(parts), 0, -1):
        candidate = " ".join(parts[:n]) if from_start else " ".join(parts[-n:])
        if is_place(candidate):
            return candidate
    return None


def _last_words(*lexicons: str) -> frozenset[str]:
    return frozenset(
        w for name in lexicons for entry in LEXICONS[name] for w in re.findall(r"[^\W_]+", entry.casefold())[:1]
    )


# A text holds a vehicle only if it holds one of these words; most texts do not, and skip the pattern.
VEHICLE_WORDS = _last_words("vehicle_make", "vehicle_model")


def vehicles(text: str, clause_of, words: set[str] | None = None) -> list[tuple[int, int]]:
    """Character spans of vehicles the holder owns: a make or model with a sign of owning it in its clause
    (`clause_of(start)` gives the clause text before and after) and no sign that it is someone else's or an ad."""
    out: list[tuple[int, int]] = []
    if words is not None and VEHICLE_WORDS.isdisjoint(words):
        return out
    for m in VEHICLE.finditer(text):
        value = m.group("vehicle")
        head, tail = clause_of(m.start(), m.end())
        if value.casefold() in AMBIGUOUS_MODEL and not (value[:1].isupper() or value[:1].isdigit()):
            if not re.search(r"(?i)\b(?:the|my|our|a)\s+(?:old|new|little|first)?\s*$", head):
                continue
        if NOT_OWNER.search(head[-40:]) or NOT_OWNER.search(tail[:30]):
            continue
        if not OWNER.search(head[-50:] + " " + tail[:40]) and not re.search(r"[🚗🚙🛻🏍🛵🚐🏎🚘]", head + tail):
            continue
        out.append(m.span("vehicle"))
    return out
