"""Schools wherever they appear, in any case: a name ending in a school word ("mossbank high", "Brampton
Grange Comp"), a saint's name where the text is about school ("im in 9R at st brendans"), or a name after
"past pupil of", "old boy", "gonna miss"; and whose school it is: the holder's, a child's or sibling's
(dropped), the school someone works at (an employer), or a school in the news (dropped).
The word lists are in rules/lexicons.json (school_suffix, school_prefix, school_context, school_staff,
school_notice)."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from analysis import patterns
from analysis.lexicons import LEXICONS, alternation, expand

# What ends a school's name going back from its school word: function words and the chatter around them
# (not nouns such as "park" or "house", which school names are made of).
NOT_IN_NAME = frozenset(STOP_WORDS) | {
    "cert",  # "leaving cert": the exam, not a school
    "retired",  # "Retired school cook": a job
    "first-gen",  # "first-gen college student"
    "former",
    "lol",
    "omg",
    "ngl",
    "tbh",
    "miss",
    "missing",
    "love",
    "leaving",
    "left",
    "at",
    "went",
    "go",
    "goes",
    "gonna",
    "start",
    "started",
    "starting",
    "first",
    "day",
    "last",
    "new",
    "old",
    "my",
    "our",
    "u",
    "ur",
    "ya",
    "im",
    "i'm",
    "today",
    "pupil",
    "student",
    "teacher",
    "alumni",
    "class",
    "year",
    "grade",
    "since",
    "after",
    # what kind of school, not which: "big school", "med school", "co-op near school"
    "big",
    "near",
    "med",
    "law",
    "art",
    "drama",
    "dance",
    "driving",
    "sunday",
    "summer",
    "night",
    "boarding",
    "public",
    "private",
    "state",
    "local",
    "film",
    "music",
    "cooking",
    "language",
    "business",
    "nursery",
    "infant",
    "co-op",
    "straight",
    "sale",
    "cake",
    "primary",
    "secondary",
    "grammar",
    "jee",
    "neet",
    "coaching",
    "tuition",
    "flight",
    "cricket",
    "football",
}
# Words that may sit inside a school's name although they are on the stop list ("Coláiste an Chnoic").
GENERIC_SCHOOL = {"uni", "university", "college", "school", "skool", "sixth", "nursery", "work", "class"}
INSIDE_NAME = {"of", "an", "na", "de", "the", "and", "st", "st.", "saint", "our", "lady", "lady's", "no.", "no"}
WORD = patterns.compile(r"[^\W\d_][\w'’.-]*")
SUFFIX = patterns.compile(r"(?i)(?<![\w-])(?P<suffix>" + alternation("school_suffix") + r")(?![\w-])")
WEAK_SUFFIX = patterns.compile(r"(?i)^(?:" + alternation("school_suffix_weak") + r")$")
SAINT = patterns.compile(r"(?i)(?<![\w-])(?:st\.?|saint|mount|mt\.?)\s+[^\W\d_][\w’'-]+")
CONTEXT = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{school_context}})(?![\w-])"))
CLASS_YEAR_AFTER = patterns.compile(r"\s*(?:'\d{2}|’\d{2}|c/o\s*'?\d{2,4}|class of\s*'?\d{2,4}|(?:19|20)\d{2})\b")
NAMED_AFTER = patterns.compile(
    r"(?i)\b(?:past pupil of|old (?:boy|girl) of|went to|go to|goes to|gonna miss|miss everyone at|"
    r"since leaving|after leaving|left|leaving|alumni of|alumna of|alumnus of|pupil at|student at|"
    r"teacher at|teachers at|i ever had at|start at|starting at|started at|back at)\s+"
    r"(?P<name>(?:the\s+)?[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3})"
)
OWNED_AFTER = patterns.compile(
    r"(?i)\s+(?:old boy|old girl|alumni|alumnus|alumna|girls|boys|lot|massive|class of|reunion)\b"
)
STAFF = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{school_staff}})(?![\w-])"))
NOTICE = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{school_notice}})(?![\w-])"))
# "Our Ruby-Mae starts Reception", "Jake's first day": a name in capitals (not "our chemistry teacher").
CHILD = patterns.compile(
    expand(
        r"(?i)\b(?:my|our)\s+(?:{{relative_adjective}}\s+){0,2}(?:son|daughter|kids?|little one|little man|"
        r"little lady|baby|boy|girl|boys|girls|lad|lads|lass|kid|sis|sister|bro|brother|twins?|grandson|granddaughter|"
        r"grandkids|children|eldest|youngest|niece|nephew)\b|(?-i:^\s*[A-Z][a-z]+['’]s\s|\b(?:our|my)\s+[A-Z][a-z]+)"
    )
)
# "my"/"our" introduce a child as often as the holder, so they do not count.
FIRST_PERSON = patterns.compile(r"(?i)\b(?:i|i'm|im|i’m|me|us|we|we're|we’re|myself|mine)\b")
DEGREE = patterns.compile(
    r"(?i)\b(?:msc|msw|mba|ma|ba|bsc|llb|llm|phd|beng|meng|bcom|degree|grad|graduate|alum|uni|university|"
    r"undergrad|postgrad|masters|bachelor'?s?|trinity|law)\b"
)


def _name_before(text: str, first: int) -> int | None:
    """Where the school name whose school word starts at `first` begins: up to four name-like words back
    (a stop word ends the name, except those that sit inside names)."""
    pos, start = first, None
    for _ in range(4):
        m = re.search(r"([^\W\d_][\w'’.-]*)([ \t]+)$", text[max(0, pos - 40) : pos])
        if not m:
            break
        word = m.group(1).casefold()
        if word in NOT_IN_NAME and word not in INSIDE_NAME or (word.endswith(".") and word not in INSIDE_NAME):
            break  # "so proud of myself. sixth form": a full stop ends the sentence before the name
        if start is not None and text[start].isupper() and m.group(1)[0].islower() and word not in INSIDE_NAME:
            break  # "leaving Brampton Grange Comp": a name in capitals ends where the capitals do
        pos -= len(m.group(0))
        start = pos
    while start is not None and text[start:first].split()[0].casefold() in ("the", "of", "an", "and", "our"):
        rest = text[start:first].split(None, 1)
        start = first - len(rest[1]) if len(rest) > 1 else None
    return start


# A school name needs one of these words; most texts have none and skip the patterns.
TRIGGERS = frozenset(
    w for entry in LEXICONS["school_suffix"] for w in re.findall(r"[^\W_]+", entry.casefold())[-1:]
) | {
    "st",
    "saint",
    "mount",
    "mt",
    "pupil",
    "boy",
    "girl",
    "went",
    "go",
    "goes",
    "miss",
    "leaving",
    "left",
    "alumni",
    "alumna",
    "alumnus",
    "student",
    "teacher",
    "teachers",
    "had",
    "start",
    "starting",
    "started",
    "back",
}


def is_school_name(text: str) -> bool:
    """The whole of `text` is a school's name: name-like words, then a school word ("hollins park hs")."""
    m = None
    for m in SUFFIX.finditer(text):  # noqa: B007 - the last match is the one wanted
        pass
    if m is None or m.end() != len(text.rstrip()):
        return False
    start = _name_before(text, m.start())
    return start is not None and not text[:start].strip()


def find_school_names(text: str, words: set[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, rule) of school names in `text`, any case."""
    found: list[tuple[int, int, str]] = []
    if words is not None and TRIGGERS.isdisjoint(words):
        return found
    school_talk = bool(CONTEXT.search(text))
    for m in SUFFIX.finditer(text):
        start = _name_before(text, m.start())
        if start is None or re.fullmatch(r"[^\W\d_]+['’]s\s+", text[start : m.start()]):
            continue  # "Freya's school play": whose school, not its name
        weak = bool(WEAK_SUFFIX.match(m.group("suffix")))
        lower = text[start].islower()
        if weak and lower and not (school_talk or CLASS_YEAR_AFTER.match(text, m.end())):
            continue  # "sky high", "so middle": a weak school word in lower case needs school talk around it
        found.append((start, m.end(), "school-suffix"))
    for m in SAINT.finditer(text):
        if school_talk or OWNED_AFTER.match(text, m.end()):
            found.append((m.start(), m.end(), "school-saint"))
    for m in NAMED_AFTER.finditer(text):
        s, e = m.span("name")
        named: list[re.Match[str]] = []
        for w in WORD.finditer(text[s:e]):
            if w.group(0).casefold() in NOT_IN_NAME and w.group(0).casefold() not in INSIDE_NAME:
                break
            named.append(w)
        while named and named[-1].group(0).casefold() in INSIDE_NAME:
            named.pop()  # "go to the same school": "the" is not a name
        while named and named[0].group(0).casefold() in ("our", "my", "the", "their", "his", "her"):
            named.pop(0)  # "teacher at our school no cap": whose, not which
        if named and named[0].group(0).casefold() in GENERIC_SCHOOL:
            continue  # "go to uni", "back at school"
        if named and school_talk:
            found.append((s + named[0].start(), s + named[-1].end(), "school-named-after"))
    # One school said once: the longest reading of the same words.
    return [
        f
        for f in found
        if not any(o[0] <= f[0] and f[1] <= o[1] and o[:2] != f[:2] for o in found) and f not in found[: found.index(f)]
    ]


def school_owner(text: str, start: int, end: int, clause: str) -> str:
    """'holder', 'employer' (the school someone works at), or 'other' (a child's school, a news story).
    `clause` is the statement up to the end of the school's name."""
    if STAFF.search(clause) and not re.search(
        r"(?i)\b(?:my|our|the|best|only|fav(?:ou?rite)?|english|maths|french|"
        r"science|history|geography|art|pe)\s+\w*\s*teachers?\b|\b(?:mr|mrs|ms|miss|sir)\b",
        clause,
    ):
        return "employer"
    first_person = bool(FIRST_PERSON.search(clause))
    if CHILD.search(text) and not first_person:
        return "other"
    if NOTICE.search(text) and not first_person:
        return "other"
    if re.search(r"(?i)\bcollege\b", text[start:end]) and DEGREE.search(clause):
        return "other"  # "MSW at Boston College": a university
    return "holder"
