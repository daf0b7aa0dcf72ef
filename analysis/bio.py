"""`footprint_bio`: reads a bio as structure. Each segment (analysis/segments.py) may start with a cue that
says what it holds, an emoji ("🐶 biscuit & 🐱 mochi") or a label ("bday: 14/3", "Location: Hebden Bridge,
HX7 8AB"), from rules/cues.json; the value is then typed by what it holds (a location holding "SK4 2AB" is a
postcode, a birthday with a year a date of birth) and split when it is a list ("cats: smudge, tigger n oreo").
A segment with no cue is typed by its shape alone: a postcode, a school name, "y11 @ parkside",
"apprentice mechanic @ halfords". Names, places and schools are matched in any case.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from analysis import gazetteer, patterns, postcodes
from analysis.components import (
    EMOJI,
    SPAN_KEY,
    about_someone_else,
    add_span,
    best_place,
    doc_text,
    doc_words,
    entities,
)
from analysis.lexicons import LEXICONS, NOT_A_NAME, can_be_name, expand, list_items, looks_like_verb
from analysis.schools import SAINT as SAINT_SHAPE
from analysis.schools import find_school_names, is_school_name, school_owner
from analysis.segments import Segment, segments
from analysis.trips import VEHICLE as VEHICLE_NAME
from analysis.trips import trips, vehicles

RULES_DIR = Path(__file__).parent / "rules"
CUES = json.loads((RULES_DIR / "cues.json").read_text(encoding="utf-8"))
EMOJI_CUES: dict[str, str] = CUES["emoji"]
WEAK_EMOJI = frozenset(CUES["weak_emoji"])
# "Now: MBA candidate", "Currently: job hunting": labels that say when, not where, hold a place only if one is named.
VAGUE_PLACE_LABELS = frozenset(CUES["vague_place_labels"])
WENT_TO = patterns.compile(r"(?i)\b(?:went|goes|go|attended|attends|studied\s+at|was\s+at)\s+(?:to\s+)?$")
_EMOJI_CUE = patterns.compile(
    "|".join(re.escape(e) for e in sorted(EMOJI_CUES, key=len, reverse=True)) + r"[\uFE0F\u200D]*"
)
_LABELS = {k.lstrip("~"): v for k, v in CUES["labels"].items()}
# "kelpie: Bluey", "tortoise: Shelly": any animal the lexicon knows labels a pet's name.
_LABELS.update({w: "pet_name" for w in LEXICONS["pet_animal"] + LEXICONS["pet_plural"] if w not in _LABELS})
_LOOSE = {k.lstrip("~") for k in CUES["labels"] if k.startswith("~")}


def _label_alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


LABEL = patterns.compile(rf"(?i)^(?P<label>{_label_alternation(_LABELS)})\s*(?:[:=]|\s[-–]\s|-(?=\s))\s*")
LOOSE_LABEL = patterns.compile(rf"(?i)^(?P<label>{_label_alternation(_LOOSE)})\s+(?=\S)")
OTHER_EMOJI = patterns.compile(rf"[{EMOJI}]+")
PARENTHETICAL = patterns.compile(r"\s*\([^)]*\)?\s*$")
SCHOOL_SHAPE = patterns.compile(
    expand(
        r"(?i)^(?:(?:{{school_prefix}})\s+[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}"
        r"|(?:the\s+)?[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}\s+(?:{{school_suffix}}))$"
    )
)
YEAR_AT_SCHOOL = patterns.compile(
    expand(
        r"(?i)(?<![\w-])(?:{{year_group}}|{{year_group_loose}}|class of\s*'?\d{2,4})s?(?:\s+(?:student|pupil|girl|boy|here))?\s*(?:@|\bat\b|\bin\b)\s*"
        r"(?P<school>(?:the\s+)?[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,4})"
    )
)
JOB_AT = patterns.compile(r"^(?P<job>[^@]{2,40}?)\s*(?:@|\bat\b)\s*(?P<employer>[^@\s][^@]{0,40})$", re.IGNORECASE)
JOB_TITLE = patterns.compile(expand(r"(?i)^(?:ex[- ])?(?:{{job_title}})$"))
ROLE_WORD = patterns.compile(
    r"(?i)^(?:ml|ai|product|design|frontend|backend|infra|data|growth|eng|engineering|research|"
    r"marketing|sales|ops|devrel|security|platform|mobile|web|qa|hr|finance|legal|support|sre)$"
)
AT_HANDLE_ROLE = patterns.compile(r"@(?P<employer>[A-Za-z0-9][\w.-]*[A-Za-z0-9])\s*\((?P<job>[^)]{2,40})\)")
DATE_FULL = patterns.compile(
    r"(?i)\b\d{1,2}(?:st|nd|rd|th)?(?:[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\s+(?:of\s+)?[a-z]{3,9},?\s+\d{4})\b"
    r"|\b[a-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
)
DATE_DAY_MONTH = patterns.compile(
    r"(?i)\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}[/.]\d{1,2})(?![/.]?\d)"
)
YEAR = patterns.compile(r"^(?:19[3-9]\d|20[0-2]\d)$")
FAVOURITE_END = patterns.compile(
    r"(?i)\s+(?:till|til|\'?til|fan|fans|forever|4\s*life|for life|supporter|all the way|obsessed|"
    r"no matter what|ride or die|through and through|4eva|is life)\b.*$"
)
# A vehicle value names a make or model ("fiesta st", "ktm 125 duke"), not "dirt bikes".
VEHICLE = patterns.compile(expand(r"(?i)(?<![\w-])(?:{{vehicle_make}}|{{vehicle_model}})(?![\w-])"))
CODE_OWNED_AFTER = patterns.compile(
    r"(?i)\s*(?:represent|repping|gang|girls?|boys?|lads?|lass|massive|crew|area|born|raised|stand\s+up|ting|"
    r"till i die|4 life|forever|postcode)\b"
)
CODE_CUE_BEFORE = patterns.compile(
    r"(?i)\b(?:based in|based|live in|living in|lives in|from|moved to|new to|else in|we'?re in|"
    r"i'?m in|we'?re on|area|district|near|round|around|road|rd|street|st|avenue|ave|lane|ln|"
    r"close|drive|dr|way|crescent|grove|terrace|court|gardens)\.?,?\s*$"
)
NOT_A_CODE_AFTER = patterns.compile(
    r"(?i)\s*(?:km|kms|miles|mi|people|followers|views|likes|steps|calories|kcal|ft|feet|m\b|"
    r"metres|meters|yrs|years|rupees|rs|naira|rand|dollars|\$|%|k\b|lpa|cc)"
)
# Words the gazetteer holds as places that a trip phrase often ends on ("off to bed tomorrow").
TRIP_NOT_PLACE = {
    "bed",
    "work",
    "school",
    "uni",
    "home",
    "town",
    "the gym",
    "gym",
    "church",
    "college",
    "sleep",
    "the",
    "london road",
    "mine",
    "yours",
    "hers",
    "his",
    "theirs",
    "ours",
    "it",
    "you",
    "me",
    "there",
    "here",
    "reunion",
    "sun",
    "sea",
    "beach",
    "pool",
    "park",
    "party",
    "wedding",
    "gig",
    "match",
    "game",
    "class",
}
LETTER_DIGIT = patterns.compile(r"[A-Za-z]\d")
NUMBER_CODE = patterns.compile(r"\d{4,6}")
# "she/her · 14 · s3": a Scottish school year in lower case, not Sheffield's S3.
LOOSE_YEAR_GROUP = patterns.compile(r"[sp][1-7]")
FOUR_DIGITS = patterns.compile(r"\d{4}")
PLACE_BEFORE_CODE = patterns.compile(
    r"(?P<place>[A-Z][^\W\d_'’.-]*(?:\s[A-Z][^\W\d_'’.-]*){0,2})(?:,?\s+[A-Z]{2,3})?,?\s+$"
)
NOT_PLACE_BEFORE_CODE = {"zip", "postcode", "pincode", "pin", "eircode", "the", "in", "my", "our", "area"}
YOU_BEFORE = patterns.compile(r"(?i)\b(?:you|u|ur|your|if)\b[^.!?|\n]*$")  # "If you live in 90210": anyone's code
NAME_CONNECTOR = patterns.compile(r"(?i)\b(?:named|called|is called|name is|names are)\s+")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, other emoji, punctuation and a trailing '(ish)' from the value text[start:end]."""
    while True:
        before = (start, end)
        m = PARENTHETICAL.search(text, start, end)
        if m and m.start() > start:
            end = m.start()
        while start < end and (text[start].isspace() or text[start] in ":=-–,.!" or OTHER_EMOJI.match(text[start])):
            start += 1
        while end > start and (
            text[end - 1].isspace() or text[end - 1] in ":=-–,.!;" or OTHER_EMOJI.match(text[end - 1])
        ):
            end -= 1
        if (start, end) == before:
            return start, end


class BioFields:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        segs = segments(text)
        self.bio = len(segs) >= 2
        self.doc = doc
        self.taken = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(SPAN_KEY, [])]
        for i, seg in enumerate(segs):
            self._segment(seg)
            if i and self.bio and postcodes.SEGMENT_CODE.fullmatch(seg.text) and self._place_in(segs[i - 1]):
                self._emit("postcode", seg.start, seg.end, "bio-code-after-place", 0.8)  # "Sydney | 2000"
            elif (
                len(segs) >= 3
                and NUMBER_CODE.fullmatch(seg.text)
                and not YEAR.match(seg.text)
                and any(self._place_in(other) for other in segs if other is not seg)
            ):
                # "Pittsburgh born and bred | Steelers | 15213": a bare code in a bio that names its place.
                self._emit("postcode", seg.start, seg.end, "bio-code-in-placed-bio", 0.75)
            elif self.bio and (state_code := postcodes.AFTER_STATE.fullmatch(seg.text)):
                self._emit(
                    "postcode",
                    seg.start + state_code.start("code"),
                    seg.start + state_code.end("code"),
                    "bio-state-code",
                    0.8,
                )  # "| NSW 2026"
        self._years_at_school(text)
        for start, end, rule in find_school_names(text, doc_words(doc)):
            if WENT_TO.search(text, max(0, start - 20), start) and about_someone_else(doc, start):
                continue  # "Virat Kohli ... went to Vishal Bharti Public School"
            if not any(s <= start and end <= e for s, e, k in self.taken if k in ("school", "university", "employer")):
                self._emit("school", start, end, rule, 0.75)
        self._postcodes_in_text(text)
        self._place_before_codes(text)
        self._trips_and_vehicles(text, segs)
        self._whose_school(segs)
        return doc

    def _trips_and_vehicles(self, text: str, segs: list[Segment]) -> None:
        def clause_of(start: int, end: int) -> tuple[str, str]:
            seg = next((g for g in segs if g.start <= start < g.end), None)
            return (text[seg.start : start], text[end : seg.end]) if seg else (text[:start], text[end:])

        if not any(k == "travel" for _, _, k in self.taken):

            def is_place(value: str, population: int = 0) -> bool:
                place = gazetteer.find_place(value)
                return (
                    place is not None
                    and place.population >= population
                    and value.casefold() not in TRIP_NOT_PLACE
                    and value.casefold() not in STOP_WORDS
                )

            for start, end in trips(text, is_place):
                if not about_someone_else(self.doc, start):
                    self._emit("travel", start, end, "travel-place-time", 0.7)
                    break  # one trip a text: the phrases of one trip overlap
        for start, end in vehicles(text, clause_of, doc_words(self.doc)):
            if not any(s <= start and end <= e for s, e, k in self.taken if k == "vehicle"):
                if not about_someone_else(self.doc, start):
                    self._emit("vehicle", start, end, "vehicle-owned", 0.75)

    def _whose_school(self, segs: list[Segment]) -> None:
        """A school in a teacher's bio is where they work; one in a post about a child, or in the news, is
        not the holder's (and neither is the year group there)."""
        doc, text = self.doc, doc_text(self.doc)
        kept = []
        for span in doc.spans.get(SPAN_KEY, []):
            if span.label_ not in ("school", "school_year"):
                kept.append(span)
                continue
            seg = next((g for g in segs if g.start <= span.start_char < g.end), None)
            clause = text[seg.start : span.end_char] if seg else text[: span.end_char]
            # In a bio, whose school it is is said in its own field ("Oakfield High | my brother Kieran…").
            around = seg.text if seg and self.bio else text
            owner = school_owner(around, span.start_char, span.end_char, clause)
            if owner == "holder":
                kept.append(span)
            elif owner == "employer" and span.label_ == "school_year":
                continue  # the class a teacher teaches
            elif owner == "employer":
                start = span.start_char
                value, rule = span._.value, span._.rule
                key = (span.start_char, span.end_char, span.label_)
                doc.spans[SPAN_KEY] = [s for s in doc.spans[SPAN_KEY] if (s.start_char, s.end_char, s.label_) != key]
                new = add_span(doc, start, start + len(value), "employer", rule + "-staff", 0.8)
                if new is not None:
                    kept.append(new)
        doc.spans[SPAN_KEY] = kept

    def _place_in(self, seg: Segment) -> bool:
        return any(k in ("location", "hometown") and seg.start <= s and e <= seg.end for s, e, k in self.taken) or bool(
            best_place(doc_text(self.doc), seg.start, seg.end)
        )

    def _postcodes_in_text(self, text: str) -> None:
        """Postcodes said in passing: after a place ("Ashby LE65", "Hazel Grove (SK7)", "Pune 411045",
        "omaha, ne 68104"), after a cue ("based in SK4", "my zip is 30318"), or owned ("sk3 represent")."""
        candidates = []
        if LETTER_DIGIT.search(text):  # every lettered code has a letter right before a digit
            candidates += [(m.start("code"), m.end("code"), True) for m in postcodes.DISTRICT_IN_TEXT.finditer(text)]
            candidates += [(m.start("code"), m.end("code"), True) for m in postcodes.OTHER_IN_TEXT.finditer(text)]
        if FOUR_DIGITS.search(text):
            candidates += [(m.start("code"), m.end("code"), False) for m in postcodes.NUMBER.finditer(text)]
        for start, end, lettered in candidates:
            code = text[start:end]
            if any(s < end and start < e and k not in ("routine", "travel") for s, e, k in self.taken):
                continue
            if not lettered and (
                YEAR.match(code) and not postcodes.CUE.search(text[:start]) or NOT_A_CODE_AFTER.match(text, end)
            ):
                continue
            head = text[max(0, start - 40) : start]
            owned = lettered and (
                CODE_OWNED_AFTER.match(text, end)
                or CODE_CUE_BEFORE.search(head)
                or (head.endswith("(") and text[end : end + 1] == ")")
            )
            cued = postcodes.CUE.search(head) or CODE_CUE_BEFORE.search(head)
            if (
                owned
                or cued
                or self._place_before(start)
                or postcodes.AFTER_STATE_ANY_CASE.search(text[max(0, start - 12) : end])
            ):
                if not about_someone_else(self.doc, start) and not YOU_BEFORE.search(head):
                    self._emit("postcode", start, end, "postcode-in-text", 0.8)

    def _place_before_codes(self, text: str) -> None:
        """ "22 Kestrel Close, Ripon HG4 1QT", "Baner Road, Pune 411045": the town right before a postcode
        is where the code is, so where someone with that code lives."""
        for start, _, kind in list(self.taken):
            if kind != "postcode":
                continue
            m = PLACE_BEFORE_CODE.search(text, max(0, start - 40), start)
            if m is None:
                continue
            words = list(re.finditer(r"\S+", m.group("place")))
            if len(words) > 1 and re.fullmatch(r"[A-Z]{2,3}", words[-1].group(0)):
                words.pop()  # "Cary NC 27513": the state stays out of the town
            for i in range(len(words)):  # the longest run of words ending at the code that the gazetteer knows
                s = m.start("place") + words[i].start()
                e = m.start("place") + words[-1].end()
                if text[s:e].casefold() in NOT_PLACE_BEFORE_CODE:
                    continue
                if gazetteer.find_place(text[s:e]):
                    if not any(a < e and s < b for a, b, k in self.taken if k != "postcode") and not (
                        about_someone_else(self.doc, s)
                    ):
                        self._emit("location", s, e, "place-before-postcode", 0.75)
                    break

    def _place_before(self, start: int) -> bool:
        """A place the gazetteer knows ends right before `start` (a comma, bracket, dash or emoji between)."""
        text = doc_text(self.doc)
        head = text[max(0, start - 40) : start]
        m = re.search(rf"([^\W\d_][^\W\d_'’.-]*(?:\s[^\W\d_][^\W\d_'’.-]*){{0,2}})[\s,(–-]*(?:[{EMOJI}]+\s*)?$", head)
        if not m:
            return False
        words = m.group(1).split()
        return any(gazetteer.find_place(" ".join(words[i:])) for i in range(len(words)))

    # --- where the cues are -------------------------------------------------------------------------

    def _closes(self, kind: str, start: int, end: int) -> bool:
        """A rule already found a value of this kind in text[start:end], so an emoji cue after it is its tail."""
        return any(k == kind and start <= s and e <= end for s, e, k in self.taken)

    def _segment(self, seg: Segment) -> None:
        text = doc_text(self.doc)
        cues = [
            (m.start() + seg.start, m.end() + seg.start, EMOJI_CUES[m.group(0).rstrip("\ufe0f\u200d")])
            for m in _EMOJI_CUE.finditer(seg.text)
            if m.group(0).rstrip("\ufe0f\u200d") in EMOJI_CUES and not self._weak_cue_before_prose(m, seg)
        ]
        parts: list[tuple[str | None, int, int]] = []
        pos = seg.start
        pending: str | None = None
        for cue_start, cue_end, kind in cues:
            if cue_start > pos:
                before = (pending, pos, cue_start)
                if pending is None and self._closes(kind, pos, cue_start):
                    # "Meg and Fly 🐕 Cumbria", "Biscuit 🐶 + Rolo 🐱": the emoji closes the names a rule
                    # has already read before it; what follows it is not a pet.
                    parts.append(before)
                    pos = cue_end
                    continue
                parts.append(before)
                pending = kind
            elif pending is None:
                pending = kind  # "🐶🐶 rolo": a second cue in a row adds nothing
            pos = cue_end
        parts.append((pending, pos, seg.end))
        # A cue standing after a short value ("northside middle 🏫", "14.03 ♓", "Bruno 🐕") names that value.
        fixed: list[tuple[str | None, int, int]] = []
        for cue, start, end in parts:
            s, e = _strip(text, start, end)
            if s >= e and cue is not None and cue != "favourite" and fixed and fixed[-1][0] is None:
                # (not a team: "dylan 🏀", "luca ⚽" say what someone plays, not what they support)
                ps, pe = _strip(text, fixed[-1][1], fixed[-1][2])
                if len(text[ps:pe].split()) <= 3 and not self._closes(cue, ps, pe):
                    fixed[-1] = (cue, fixed[-1][1], fixed[-1][2])
                continue
            fixed.append((cue, start, end))
        for cue, start, end in fixed:
            handle_role = AT_HANDLE_ROLE.search(text, start, end)
            if handle_role:  # "prev @acme-labs (summer intern)": before the brackets are trimmed off
                self._emit(
                    "employer", handle_role.start("employer"), handle_role.end("employer"), "bio-handle-role", 0.8
                )
                self._emit("job_title", handle_role.start("job"), handle_role.end("job"), "bio-handle-role", 0.8)
                continue
            start, end = _strip(text, start, end)
            if start < end:
                self._part(cue, start, end, seg)

    @staticmethod
    def _weak_cue_before_prose(cue: re.Match[str], seg: Segment) -> bool:
        """ "📚 new chapter", "📚 boarding house life": a weak cue before lower-case words that are not a
        school's name (nor a year group, nor a label) decorates a sentence."""
        if cue.group(0).rstrip("\ufe0f\u200d") not in WEAK_EMOJI:
            return False
        after = seg.text[cue.end() :].strip()
        after = after[: m.start()] if (m := _EMOJI_CUE.search(after)) else after
        after = after.strip(" .,!")
        return (
            bool(after)
            and after.islower()
            and len(after.split()) > 1
            and not (
                is_school_name(after) or YEAR_AT_SCHOOL.search(after) or LABEL.match(after) or re.search(r"\d", after)
            )
        )

    def _part(self, kind: str | None, start: int, end: int, seg: Segment) -> None:
        text = doc_text(self.doc)
        value = text[start:end]
        label = LABEL.match(value)
        strict = label is not None
        if label is None and len(value.split()) <= 4:
            label = LOOSE_LABEL.match(value)
        label_word = ""
        if label is not None:
            label_word = re.sub(r"\s+", " ", label.group("label").casefold())
            kind = _LABELS[label_word]
            start, end = _strip(text, start + label.end(), end)
            if start >= end:
                return
        if kind is None:
            self._shape(start, end)
        elif kind in ("location", "hometown") and (not strict or label_word in VAGUE_PLACE_LABELS):
            # "now driving for DPD", "Now look at it": a label without its colon names a place only when the
            # gazetteer knows the words after it.
            self._typed(kind, start, end, cued_by_label=False)
        else:
            self._typed(kind, start, end, cued_by_label=label is not None)

    # --- a value whose kind a cue gave ----------------------------------------------------------------

    def _typed(self, kind: str, start: int, end: int, cued_by_label: bool) -> None:
        text = doc_text(self.doc)
        value = text[start:end]
        if kind in ("location", "hometown", "address"):
            self._place_field(kind, start, end, cued_by_label)
        elif kind in ("birthday", "date_of_birth"):
            self._date(start, end)
        elif kind == "school":
            if YEAR_AT_SCHOOL.search(value) or re.fullmatch(expand(r"(?i){{year_group}}"), value):
                return  # "🏫 year 12 @ northgate": the school after the year is found below
            if len(value.split()) <= 6:
                self._emit("school", start, end, "bio-cue-school", 0.8)
        elif kind in ("pet_name", "family_member", "partner_name"):
            if len(value.split()) <= 6:  # a list of names, not a sentence about them
                self._names(kind, start, end)
        elif kind == "favourite":
            m = FAVOURITE_END.search(value)
            e = start + (m.start() if m else len(value))
            if not cued_by_label and (not value[:1].isupper() or any(ch.isdigit() for ch in text[start:e])):
                return  # "🏉 absolute scenes", "🏉 42-7 get in": an emoji before a sentence, not a team
            if len(text[start:e].split()) <= 4:
                self._emit("favourite", start, e, "bio-cue-favourite", 0.75)
        elif kind == "vehicle":
            found = VEHICLE_NAME.search(value)
            if len(value.split()) <= 5 and found:  # "🛻 long live the civic": the model, not the sentence
                self._emit(
                    "vehicle", start + found.start("vehicle"), start + found.end("vehicle"), "bio-cue-vehicle", 0.8
                )
            elif len(value.split()) <= 3 and VEHICLE.search(value):
                year = re.match(r"(?:(?:19|20)\d\d\s+)?", value)  # always matches: the year is optional
                self._emit("vehicle", start + (year.end() if year else 0), end, "bio-cue-vehicle", 0.8)
        elif kind == "travel":
            # "✈️ ibiza 12-19 july": a trip names where; "✈️ 2 weeks of sun" after the trip was said does not.
            if (
                len(value.split()) <= 8
                and not any(k == "travel" for _, _, k in self.taken)
                and best_place(text, start, end)
            ):
                self._emit("travel", start, end, "bio-cue-travel", 0.75)
        elif kind == "employer":
            self._employer(start, end)
        elif kind == "job_title":
            if len(value.split()) <= 5:
                self._emit("job_title", start, end, "bio-cue-job", 0.75)
        elif kind == "full_name":
            words = value.split()
            if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and gazetteer.is_first_name(words[0]):
                self._emit("full_name" if len(words) > 1 else "first_name", start, end, "bio-cue-name", 0.85)
        elif kind == "handle" and cued_by_label:
            m = re.match(r"@?([A-Za-z0-9_][A-Za-z0-9_.]{1,29})", value)
            if m:
                s = start + m.start(1)
                self._emit("handle", s, s + len(m.group(1).rstrip(".")), "bio-cue-handle", 0.85)
        elif kind == "postcode":
            m = re.match(r"[A-Za-z0-9]{2,4}(?:\s?[A-Za-z0-9]{3,4})?", value)
            if m and (postcodes.is_code(m.group(0))):
                self._emit("postcode", start, start + m.end(), "bio-cue-postcode", 0.85)

    def _place_field(self, kind: str, start: int, end: int, cued_by_label: bool = True) -> None:
        """A location or address field: postcodes in it are postcodes, the rest is the place (or street)."""
        text = doc_text(self.doc)
        value = text[start:end]
        codes = [(start + s, start + e) for s, e in postcodes.find_alone(value) + postcodes.find_after_state(value)]
        numbers = [(start + m.start("code"), start + m.end("code")) for m in postcodes.NUMBER.finditer(value)]
        for s, e in codes + [n for n in numbers if not any(a < n[1] and n[0] < b for a, b in codes)]:
            if not YEAR.match(text[s:e]) or kind == "address":
                self._emit("postcode", s, e, "bio-field-postcode", 0.85)
                codes.append((s, e))
        pieces = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^,]+", value)]
        place_done = False
        for s, e in pieces:
            s, e = _strip(text, s, e)
            for cs, _ in codes:
                if s <= cs < e:
                    e = cs
            s, e = _strip(text, s, e)
            piece = text[s:e]
            if not piece or any(ch.isdigit() for ch in piece):
                if kind == "address" and piece and not place_done:
                    self._emit("address", s, e, "bio-field-address", 0.85)
                continue
            if kind == "address":
                if gazetteer.find_place(piece) and not place_done:
                    self._emit("location", s, e, "bio-field-address-place", 0.8)
                    place_done = True
                continue
            if place_done or len(piece.split()) > 4 or _hedged(piece):
                continue
            if not cued_by_label:
                # An emoji is a looser cue than "Location:": "🏡 goodbye Levenshulme" is not a place field,
                # so only the words the gazetteer knows are taken.
                found = best_place(text, s, e)
                if found is None:
                    continue
                s, e = found[0], found[1]
            self._emit(kind, s, e, f"bio-cue-{kind}", 0.8)
            place_done = True

    def _date(self, start: int, end: int) -> None:
        text = doc_text(self.doc)
        value = text[start:end]
        m = DATE_FULL.search(value)
        if m:
            self._emit("date_of_birth", start + m.start(), start + m.end(), "bio-cue-date", 0.85)
            return
        m = DATE_DAY_MONTH.search(value)
        if m:
            self._emit("birthday", start + m.start(), start + m.end(), "bio-cue-birthday", 0.85)
            return
        m = re.search(r"(?<!\d)(?:19[3-9]\d|20[0-2]\d)(?!\d)", value)
        if m and len(value.split()) <= 2:
            self._emit("birth_year", start + m.start(), start + m.end(), "bio-cue-birth-year", 0.8)

    def _names(self, kind: str, start: int, end: int) -> None:
        text = doc_text(self.doc)
        value = text[start:end]
        connector = None
        for connector in NAME_CONNECTOR.finditer(value):  # noqa: B007 - the last connector is the one wanted
            pass
        if connector is not None:
            start += connector.end()
        elif kind == "partner_name":
            m = re.search(r"(?i)\b(?:to|with|&|and)\s+", value)
            if m is None and len(value.split()) > 1:
                return
            if m:
                start += m.end()
        for s, e in list_items(text[start:end], start):
            # "Biscuit's human": the possessive is blanked so the name stays at its place.
            words = list(re.finditer(r"[^\W\d_][\w'’-]*", re.sub(r"['’]s\b", "  ", text[s:e])))
            # "my baby max", "Simba (dog)": the name is what is left after words that are not names.
            while words and not can_be_name(words[0].group(0)):
                words.pop(0)
            if not words or len(words) > 2 or not all(can_be_name(w.group(0)) for w in words):
                continue
            if len(words) == 2 and not words[1].group(0)[:1].isupper():
                words = words[:1]
            if looks_like_verb(words[0].group(0), allow_plural=True) and not gazetteer.is_first_name(words[0].group(0)):
                continue
            self._emit(kind, s + words[0].start(), s + words[-1].end(), f"bio-cue-{kind}", 0.8)

    def _employer(self, start: int, end: int) -> None:
        text = doc_text(self.doc)
        value = text[start:end]
        m = AT_HANDLE_ROLE.search(value)
        if m:
            self._emit("employer", start + m.start("employer"), start + m.end("employer"), "bio-field-employer", 0.85)
            self._emit("job_title", start + m.start("job"), start + m.end("job"), "bio-field-role", 0.8)
            return
        s = start + (1 if value.startswith("@") else 0)
        if len(value.split()) <= 5:
            self._emit("employer", s, end, "bio-field-employer", 0.85)

    # --- a segment with no cue: typed by its shape --------------------------------------------------

    def _shape(self, start: int, end: int) -> None:
        text = doc_text(self.doc)
        value = text[start:end]
        m = AT_HANDLE_ROLE.search(value)
        if m:
            self._emit("employer", start + m.start("employer"), start + m.end("employer"), "bio-handle-role", 0.8)
            self._emit("job_title", start + m.start("job"), start + m.end("job"), "bio-handle-role", 0.8)
            return
        if self.bio and any(s == start and e == end and label == "TEAM" for s, e, label in entities(self.doc)):
            self._emit("favourite", start, end, "bio-segment-team", 0.75)  # "| nufc |", "| Steelers |"
            return
        if (
            self.bio
            and (postcodes.ALONE.fullmatch(value) or postcodes.OTHER_IN_TEXT.fullmatch(value))
            and not LOOSE_YEAR_GROUP.fullmatch(value)
        ):
            self._emit("postcode", start, end, "bio-segment-postcode", 0.8)
            return
        if (
            self.bio
            and SCHOOL_SHAPE.match(value)
            and (is_school_name(value) or SAINT_SHAPE.match(value))
            and not about_someone_else(self.doc, start)
        ):
            self._emit("school", start, end, "bio-segment-school", 0.75)
            return
        if self.bio and len(value.split()) <= 4 and JOB_TITLE.match(value) and not about_someone_else(self.doc, start):
            s = start + (3 if value.casefold().startswith("ex") else 0)
            self._emit("job_title", s, end, "bio-segment-job", 0.75)  # "| Dental hygienist |", "· ex-teacher ·"
            return
        job = JOB_AT.match(value)
        if job and not YEAR_AT_SCHOOL.match(value):
            role = job.group("job").strip()
            employer_start = start + job.start("employer")
            employer_end = start + job.end("employer")
            employer_start, employer_end = _strip(text, employer_start, employer_end)
            if JOB_TITLE.match(role) or ROLE_WORD.match(role):
                if JOB_TITLE.match(role):
                    s = start + job.start("job")
                    if role.casefold().startswith("ex"):
                        s += 3
                    self._emit(
                        "job_title",
                        s,
                        s + len(role) - (3 if role.casefold().startswith("ex") else 0),
                        "bio-job-at",
                        0.75,
                    )
                words = text[employer_start:employer_end].split()
                if 1 <= len(words) <= 4:
                    self._emit("employer", employer_start, employer_end, "bio-job-at", 0.8)
            return
        self._place_with_code(start, end)

    def _place_with_code(self, start: int, end: int) -> None:
        """ "Wigan WN5", "Toowoomba QLD 4350", "Sacramento 95823": a place and its postcode in one segment."""
        text = doc_text(self.doc)
        value = text[start:end]
        m = re.fullmatch(
            r"(?P<place>[^\W\d_][^\W\d_'’ .-]*(?:[ -][^\W\d_][^\W\d_'’.-]*){0,3}?),?\s+(?P<code>\S+(?:\s\S{3})?)", value
        )
        if not m:
            return
        place, code = m.group("place"), m.group("code")
        is_code = bool(postcodes.ALONE.fullmatch(code) or (re.fullmatch(r"\d{4,6}", code) and not YEAR.match(code)))
        state = re.fullmatch(r"(?P<place>.+?)[, ]+(?P<state>[A-Za-z]{2,3})", place)
        known = gazetteer.find_place(place) or (state and gazetteer.find_place(state.group("place")))
        if is_code and known:
            self._emit("location", start + m.start("place"), start + m.end("place"), "bio-place-code", 0.8)
            self._emit("postcode", start + m.start("code"), start + m.end("code"), "bio-place-code", 0.85)

    def _years_at_school(self, text: str) -> None:
        """ "y11 @ parkside", "first day of yr 10 @ st brendans", "sixth form at cardinal newman"."""
        for m in YEAR_AT_SCHOOL.finditer(text):
            s, e = m.span("school")
            words = list(re.finditer(r"\S+", text[s:e]))
            keep = []
            for w in words:
                word = w.group(0).strip(".,!?)(")
                if (
                    not word
                    or OTHER_EMOJI.search(word)
                    or (
                        word.casefold() in NOT_A_NAME
                        and word.casefold() not in ("the", "of", "an", "st", "mount", "st.")
                    )
                ):
                    break
                keep.append(w)
            if not keep:
                continue
            e = s + keep[-1].end()
            if keep[0].group(0).casefold() == "the" and len(keep) == 1:
                continue
            if about_someone_else(self.doc, m.start()) or _relative_before(text, m.start()):
                continue
            self._emit("school", s, e, "school-after-year", 0.8)

    # --- output --------------------------------------------------------------------------------------

    def _emit(self, kind: str, start: int, end: int, rule: str, confidence: float) -> None:
        start, end = _strip(doc_text(self.doc), start, end)
        if start >= end:
            return
        if any(s <= start and end <= e and k == kind for s, e, k in self.taken):
            return  # a context rule has read these words as this kind already
        normalized = None
        if kind in ("location", "hometown"):
            place = gazetteer.find_place(doc_text(self.doc)[start:end]) or gazetteer.find_place(
                doc_text(self.doc)[start:end].split(",")[0]
            )
            normalized = place.canonical if place else None
        if add_span(self.doc, start, end, kind, rule, confidence, normalized=normalized) is not None:
            self.taken.append((start, end, kind))


_RELATIVE_BEFORE = patterns.compile(
    expand(
        r"(?i)\b(?:my|our|his|her|their)\s+(?:{{relative_adjective}}\s+){0,2}(?:{{relative}}|{{relative_plural}})\b[^.!?|\n]*$"
    )
)


def _relative_before(text: str, start: int) -> bool:
    """ "my little sister ruby starting year 7 at kingsmead": the school is the sister's."""
    return bool(_RELATIVE_BEFORE.search(text[max(0, start - 60) : start]))


def _hedged(piece: str) -> bool:
    return bool(re.match(r"(?i)(?:somewhere|everywhere|nowhere|the moon|earth|planet|online|the internet)\b", piece))


@Language.factory("footprint_bio")
def make_bio(nlp: Language, name: str) -> BioFields:
    return BioFields()
