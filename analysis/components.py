"""spaCy components of our own, registered as factories so a pipeline is configuration, not code.

Every component adds spans to doc.spans["fragments"], labelled with the fragment kind, and records on the
span the rule that found it, a confidence, the exact characters matched and a normalised value.

- `footprint.tokenizer.v1`: spaCy's English tokenizer, taught bios: #hashtags and @handles stay whole,
  pipes, bullets and emoji split off words.
- `footprint_context`: context rules from `rules/context.jsonl` (a regular expression whose named groups
  are fragment kinds, words that mean "someone else", whether the rule is about the account holder).
- `footprint_places`: keeps a place only if the GeoNames gazetteer (or a trained NER) knows it and it is
  not part of a team name; finds places standing alone in a bio ("jess | 15 | mcr").
- `footprint_names`: first and full names from self-introductions, checked against a first-name list.
- `footprint_phones`: phone numbers with phonenumbers.
- `footprint_ner_merge`: a trained pipeline's PERSON/GPE/ORG/DATE entities, used only where a context
  cue from `rules/ner_cues.jsonl` says they are about the account holder. Rules win overlaps.
- `footprint_resolve`: one span per stretch of text (rules over NER, then confidence, then length).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers
import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from analysis import gazetteer, patterns
from analysis.lexicons import (
    DEMONYMS,
    LEXICONS,
    LIST_SPLIT,
    ORG_LIST_SPLIT,
    can_be_name,
    expand,
    list_items,
    looks_like_verb,
)
from analysis.normalize import normalise
from analysis.segments import EMOJI, segments

RULES_DIR = Path(__file__).parent / "rules"
SPAN_KEY = "fragments"
TRAILING_PUNCTUATION = ".,!?;:'\")"

for _name, _default in (("rule", ""), ("confidence", 1.0), ("value", None), ("normalized", None), ("source", "rule")):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

# Capitalised words the name-shaped rules must never take as a name (rules/names.json).
NAMES_DATA = json.loads((RULES_DIR / "names.json").read_text(encoding="utf-8"))
NOT_A_NAME = set(NAMES_DATA["not_a_name"])

# Where one statement in a bio or post ends: sentence ends, pipes, bullets, new lines, emoji.
CLAUSE_BREAK = patterns.compile(r"[.!?|\n•·;/]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")


TRAILING_SYMBOL = patterns.compile(rf"[{EMOJI}]")


# --- tokenizer -----------------------------------------------------------------------------------------


@spacy.registry.tokenizers("footprint.tokenizer.v1")
def create_tokenizer():
    def make(nlp: Language):
        defaults = nlp.Defaults
        # Bios glue things together: "jess|15|mcr", "dogs•coffee", "Leeds🐝".
        infixes = list(defaults.infixes or []) + [r"[|•·~]", rf"[{EMOJI}]"]
        # A hashtag or a handle is one thing, not a symbol and a word.
        default_match = defaults.token_match
        handle = patterns.compile(r"^[#@][A-Za-z0-9_][A-Za-z0-9_.]*[A-Za-z0-9_]$|^[#@][A-Za-z0-9_]$").match

        def token_match(text: str):
            return handle(text) or (default_match(text) if default_match else None)

        # spaCy's own tokenizer (spacy.Tokenizer.v1) with these two changes, made in one go: each change to
        # a built tokenizer reloads its thousands of special cases (a fifth of the pipeline's build time).
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            suffix_search=compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=token_match,
            url_match=defaults.url_match,
        )

    return make


# --- helpers -------------------------------------------------------------------------------------------

WORD_CHARS = patterns.compile(r"[^\W_]+")


def doc_text(doc: Doc) -> str:
    """doc.text, read once: spaCy joins the tokens again on every access, and the rules read it often."""
    key = "footprint.text"
    text = doc.user_data.get(key)
    if text is None:
        text = doc.user_data[key] = doc.text
    return text


def doc_words(doc: Doc) -> set[str]:
    """The text's words, case-folded, once per doc: rules look here before running a long pattern."""
    key = "footprint.words"
    words = doc.user_data.get(key)
    if words is None:
        words = doc.user_data[key] = set(WORD_CHARS.findall(doc_text(doc).casefold()))
    return words


def add_span(
    doc: Doc,
    start: int,
    end: int,
    kind: str,
    rule: str,
    confidence: float,
    source: str = "rule",
    normalized: str | None = None,
) -> Span | None:
    """Record a fragment on the doc, keeping the exact characters even when the span snaps to tokens."""
    text = doc_text(doc)
    while end > start and (
        text[end - 1] in TRAILING_PUNCTUATION or text[end - 1].isspace() or TRAILING_SYMBOL.match(text[end - 1])
    ):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    if end <= start:
        return None
    span = doc.char_span(start, end, label=kind, alignment_mode="expand")
    if span is None:
        return None
    # spaCy keeps a span's extension values by its characters, so two spans on the same words would share
    # one rule and confidence: of two kinds on exactly these words, the surer one stays. The set of
    # characters already used saves looking through the group for most spans.
    chars = (span.start_char, span.end_char)
    used = _used_chars(doc)
    if chars in used:
        group = doc.spans.get(SPAN_KEY, [])
        same = [s for s in group if (s.start_char, s.end_char) == chars]
        if same:
            if all(s.label_ == kind for s in same) or max(s._.confidence for s in same) >= confidence:
                return None if any(s.label_ != kind for s in same) else same[0]
            doc.spans[SPAN_KEY] = [s for s in group if s not in same]
    used.add(chars)
    value = text[start:end]
    span._.rule = rule
    span._.confidence = confidence
    span._.value = value
    span._.source = source
    span._.normalized = normalized if normalized is not None else normalise(kind, value)
    doc.spans.setdefault(SPAN_KEY, [])
    doc.spans[SPAN_KEY].append(span)
    return span


def _used_chars(doc: Doc) -> set[tuple[int, int]]:
    return doc.user_data.setdefault("footprint.chars", set())


def clause_before(text: str, start: int) -> str:
    """The words of the same statement before `start` (back to the last full stop, pipe, emoji...)."""
    head = text[max(0, start - 80) : start]
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(head)]
    return head[breaks[-1] :] if breaks else head


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- context rules -------------------------------------------------------------------------------------

ATTRIBUTION = json.loads((RULES_DIR / "attribution.json").read_text(encoding="utf-8"))
SOMEONE_ELSE = patterns.compile(ATTRIBUTION["someone_else_before"])
OWN_PRONOUNS = patterns.compile(ATTRIBUTION["own_pronouns"])


NOT_OWN_PHONE = patterns.compile(ATTRIBUTION["not_own_phone_before"])
# "Davido was born in Atlanta but grew up in Lagos", "fun fact Jalen Hurts grew up in ...": a statement whose
# subject is a named person (two capitalised words, or a known first name) is about them, not the holder.
THIRD_PERSON_SUBJECT = patterns.compile(ATTRIBUTION["third_person_subject"])


def about_someone_else(doc: Doc, start: int) -> bool:
    """True when the statement a match sits in is about another person: "Ellie's dog", "he was born in",
    "my sister just got a job as", or a public figure our EntityRuler knows ("Harry Styles was born in")."""
    text = doc_text(doc)
    lo = max(0, start - 80)
    head = OWN_PRONOUNS.sub(lambda m: " " * len(m.group(0)), text[lo:start])
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(head)]
    clause_start = lo + (breaks[-1] if breaks else 0)
    if SOMEONE_ELSE.search(head[clause_start - lo :]):
        return True
    subject = THIRD_PERSON_SUBJECT.match(text, clause_start)
    if subject and subject.end() <= start:
        first_word = clause_start + len(text[clause_start:]) - len(text[clause_start:].lstrip())
        # "Manchester United is my life": a team or a brand the ruler knows is not a person.
        if not any(s == first_word and label in ("TEAM", "ORG_NOT_PLACE") for s, _, label in entities(doc)):
            return True
    return any(label == "PERSON_PUBLIC" and clause_start <= s < start for s, _, label in entities(doc))


def entities(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, label) of the doc's entities, read once: doc.ents builds new Span objects on every access."""
    key = "footprint.ents"
    if key not in doc.user_data:
        doc.user_data[key] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return doc.user_data[key]


@dataclass
class ContextRule:
    id: str
    source: str  # the pattern as written, {{lexicons}} and all; compiled on first use (see `pattern`)
    confidence: float
    reject_before: re.Pattern[str] | None
    reject_after: re.Pattern[str] | None
    about_holder: bool
    first_name: bool  # the value must start with a known first name (partners, relatives)
    lower_first_name: bool  # a value in lower case must be a known first name (it may be any word)
    # Words of which the text must hold at least one from each group before the pattern is tried: a
    # cheap set lookup saves running a long pattern over texts that cannot match it.
    requires: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = ()
    _compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        # Compiling every pattern at start-up is most of a cold `footprint text`; most texts wake few rules.
        if self._compiled is None:
            self._compiled = patterns.compile(expand(self.source))
        return self._compiled


def _requirement(group: list[str]) -> frozenset[str]:
    """A group of required words; "@lexicon" stands for the last word of each of its entries."""
    words: set[str] = set()
    for item in group:
        if item == "@demonym":
            words.update(w.split()[-1] for w in DEMONYMS)
        elif item.startswith("@") and len(item) > 1:
            for entry in LEXICONS[item[1:]]:
                last = WORD_CHARS.findall(entry.casefold())
                if last and last[-1].isalpha():
                    words.add(last[-1])
        else:
            words.add(item.casefold())
    return frozenset(words)


def _met(rule: ContextRule, words: set[str], text: str) -> bool:
    for group, symbols in rule.requires:
        if group.isdisjoint(words) and not any(w in text for w in symbols):
            return False
    return True


def load_rules(path: Path) -> list[ContextRule]:
    rules = []
    for raw in load_jsonl(path):
        rules.append(
            ContextRule(
                id=raw["id"],
                source=raw["pattern"],
                confidence=float(raw.get("confidence", 0.8)),
                reject_before=patterns.compile(expand(raw["reject_before"])) if raw.get("reject_before") else None,
                reject_after=patterns.compile(expand(raw["reject_after"])) if raw.get("reject_after") else None,
                # "holder": the rule's words do not themselves say whose fact it is, so check the statement.
                about_holder=raw.get("subject", "holder") == "holder",
                first_name=bool(raw.get("first_name")),
                lower_first_name=bool(raw.get("lower_first_name")),
                requires=tuple(
                    (group, tuple(w for w in group if not w.isalnum()))
                    for group in (_requirement(g) for g in raw.get("requires", []))
                ),
            )
        )
    return rules


NAME_KINDS = {"pet_name", "family_member", "partner_name"}
LEADING_ADJECTIVE = patterns.compile(r"(?i:little|lil|wee|baby|big)\s+(?=\S)")
NOT_UNIVERSITY = {w.casefold() for w in LEXICONS["not_university"] + LEXICONS["subject"]}
SCHOOL_WORD = patterns.compile(
    r"(?i)\b(?:prep|elementary|high|academy|primary|secondary|grammar|sixth form|middle|convent)\b"
)


def trim_leading(text: str, start: int, end: int, words: set[str]) -> int | None:
    """Move `start` past leading words of `words` ("Recent Law Rutgers" -> "Rutgers"); None if nothing is left."""
    while start < end:
        m = re.match(r"[\w'’.-]+", text[start:end])
        if not m or m.group(0).casefold().strip(".") not in words:
            return start
        start += m.end()
        while start < end and text[start].isspace():
            start += 1
    return None


class ContextRules:
    def __init__(self, rules: list[ContextRule]) -> None:
        self.rules = rules
        # Which rules a word can wake: a text is tried only against rules with no requirement and the rules
        # whose first requirement it meets (then all of it is checked).
        self.always = [i for i, r in enumerate(rules) if not r.requires]
        self.by_word: dict[str, list[int]] = {}
        self.by_symbol: list[tuple[str, int]] = []
        for i, rule in enumerate(rules):
            if rule.requires:
                group, symbols = rule.requires[0]
                for word in group:
                    if word.isalnum():
                        self.by_word.setdefault(word, []).append(i)
                self.by_symbol += [(symbol, i) for symbol in symbols]

    def _candidates(self, words: set[str], text: str) -> list[ContextRule]:
        chosen = set(self.always)
        for word in words:
            chosen.update(self.by_word.get(word, ()))
        chosen.update(i for symbol, i in self.by_symbol if i not in chosen and symbol in text)
        return [
            self.rules[i] for i in sorted(chosen) if len(self.rules[i].requires) < 2 or _met(self.rules[i], words, text)
        ]

    @staticmethod
    def _name_ok(rule: ContextRule, kind: str, value: str) -> bool:
        first = value.split()[0] if value.split() else ""
        # "Ruby-Mae", "Ellie-Mae": a double-barrelled first name is known by its first half.
        if rule.first_name and not (gazetteer.is_first_name(first) or gazetteer.is_first_name(first.split("-")[0])):
            return False
        if kind in NAME_KINDS:
            # "Will" and "May" are names when written as names; "will" and "may" after "my dad" are not.
            if not all(can_be_name(w) or (w[:1].isupper() and gazetteer.is_first_name(w)) for w in value.split()):
                return False
            if looks_like_verb(first, allow_plural=kind == "pet_name") and not gazetteer.is_first_name(first):
                return False
            if rule.lower_first_name and first[:1].islower() and not gazetteer.is_first_name(first):
                return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        hits: list[tuple[int, int, str, str, float]] = []
        words = doc_words(doc)
        for rule in self._candidates(words, text):
            for match in rule.pattern.finditer(text):
                if rule.reject_before and rule.reject_before.search(text[max(0, match.start() - 40) : match.start()]):
                    continue
                if rule.reject_after and rule.reject_after.match(text, match.end()):
                    continue
                for group, value in match.groupdict().items():
                    # "pet_name__2": a second value of the same kind in one match ("Biscuit and Rolo");
                    # "pet_name__list": several ("rolo, pip & bear"), each its own fragment.
                    kind = group.split("__")[0]
                    if value is None or value.strip() in NOT_A_NAME or not kind:
                        continue
                    start, end = match.span(group)
                    splitter = ORG_LIST_SPLIT if kind in ("employer", "university", "school") else LIST_SPLIT
                    items = list_items(value, start, splitter) if group.endswith("__list") else [(start, end)]
                    if kind in NAME_KINDS:  # "Harper, Mason and little Bella-Rose"
                        items = [(m.end() if (m := LEADING_ADJECTIVE.match(text, a, b)) else a, b) for a, b in items]
                    if len(items) > 1 and text[items[0][0]].isupper():
                        # "our Jack Russell Mo and far too many pasties": a list written in capitals ends
                        # where the capitals do.
                        cut = next((i for i, (a, _) in enumerate(items) if not text[a].isupper()), len(items))
                        items = items[:cut]
                    for item_start, item_end in items:
                        if kind == "university":
                            trimmed = trim_leading(text, item_start, item_end, NOT_UNIVERSITY)
                            if trimmed is None or SCHOOL_WORD.search(text[trimmed:item_end]):
                                continue  # "Final-year CS" is a course; "kingsbridge prep" a school
                            item_start = trimmed
                        item = text[item_start:item_end]
                        if rule.about_holder and about_someone_else(doc, item_start):
                            continue
                        if not self._name_ok(rule, kind, item):
                            continue
                        if kind == "employer" and gazetteer.find_place(item) and not re.search(r"\s", item.strip()):
                            continue  # "retired teacher, Lancaster": a one-word place after a job is where, not who
                        hits.append((item_start, item_end, kind, rule.id, rule.confidence))
        # Two rules often see the same words; keep the longest sighting of each kind.
        for start, end, kind, rule_id, conf in hits:
            inside = any(k == kind and s <= start and end <= e and (s, e) != (start, end) for s, e, k, _, _ in hits)
            if not inside:
                add_span(doc, start, end, kind, rule_id, conf)
        return doc


@Language.factory("footprint_context", default_config={"rules_file": "context.jsonl"})
def make_context_rules(nlp: Language, name: str, rules_file: str) -> ContextRules:
    return ContextRules(load_rules(RULES_DIR / rules_file))


# --- places --------------------------------------------------------------------------------------------

PLACE_KINDS = ("location", "hometown")
NOT_PLACE_LABELS = {"TEAM", "ORG_NOT_PLACE", "PERSON_PUBLIC"}
GPE_LABELS = {"GPE", "LOC"}
# A place on its own in a bio: between separators, maybe with a pin or a flag.
SEPARATOR = rf"[|•·\n,./;]|\s[-–—]\s|[!?]\s|[{EMOJI}]"
# A trailing country, US or Australian state, "city", or a Dublin district number stays with the place.
_PLACE_TAIL = (
    r"(?:,?\s*(?:UK|England|Scotland|Wales|GB|Northern Ireland|AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|"
    r"LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|"
    r"NSW|VIC|QLD|TAS|ACT|NT)\b|\s+(?:city|town)\b)?"
)
BIO_SEGMENT = patterns.compile(
    rf"(?:^|{SEPARATOR}|📍)[ \t{EMOJI}]*(?:📍\s*)?(?P<place>[^\W\d_](?:[^\W\d_]|['’ -]){{1,30}}?(?:\s\d{{1,2}}[wW]?)?)"
    rf"{_PLACE_TAIL}[ \t{EMOJI}]*(?=$|{SEPARATOR}|[.!?]$)"
)
PIN = patterns.compile(r"📍\s*(?P<place>[A-Z][A-Za-z'-]+(?:[ -][A-Z][A-Za-z'-]+){0,2})")


class Places:
    """Turns place-shaped candidates into places the gazetteer knows, with a canonical name and country."""

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPAN_KEY, []))
        blocked = [(s, e) for s, e, label in entities(doc) if label in NOT_PLACE_LABELS]
        ner_places = {(s, e) for s, e, label in entities(doc) if label in GPE_LABELS}
        kept = []
        dropped: set[tuple[int, int, str]] = set()
        for span in spans:
            if span.label_ not in PLACE_KINDS:
                kept.append(span)
                continue
            if (span.start_char, span.end_char, span.label_) in dropped:
                continue
            start = span.start_char + span.text.find(span._.value)
            end = start + len(span._.value)
            if any(s < end and start < e for s, e in blocked):
                continue
            found = best_place(doc_text(doc), start, end)
            if found is None and (demonym := gazetteer.demonym_place(span._.value)) is not None:
                found = (start, end, demonym)  # "Brummie in London": who they are says where they are from
            if found is not None:
                s, e, place = found
                if (s, e) != (start, end):
                    twin = [k for k in spans if (k.start_char, k.end_char) == (s, e)]
                    if twin and max(k._.confidence for k in twin) >= span._.confidence:
                        continue  # another rule read exactly these words, and was surer
                    kept = [k for k in kept if k not in twin]
                    dropped.update((k.start_char, k.end_char, k.label_) for k in twin)
                    span = _respan(doc, span, s, e)
                    if span is None:
                        continue
                span._.normalized = place.canonical
                kept.append(span)
            elif any(s <= start and end <= e for s, e in ner_places):
                kept.append(span)  # a trained NER's GPE the gazetteer lacks
        doc.spans[SPAN_KEY] = kept
        self._standalone(doc, blocked)
        # Decided once every place is known: a place standing alone in a bio can say where someone lives now.
        doc.spans[SPAN_KEY] = _region_is_not_a_move(
            _from_is_hometown(
                [
                    s
                    for s in doc.spans[SPAN_KEY]
                    if s.label_ not in PLACE_KINDS or not STREET_AFTER.match(doc_text(doc), s.end_char)
                ]
            )
        )
        return doc

    @staticmethod
    def _places(doc: Doc) -> list[tuple[int, int, str]]:
        return [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(SPAN_KEY, [])]

    @staticmethod
    def _resolve(value: str):
        place = gazetteer.find_place(value)
        if place is None and " " in value:
            # "Leeds Uni" or "Manchester tonight": the gazetteer word is the first one.
            place = gazetteer.find_place(value.split()[0])
        return place

    def _standalone(self, doc: Doc, blocked) -> None:
        text = doc_text(doc)
        taken = {(s.start_char, s.end_char) for s in doc.spans.get(SPAN_KEY, [])}
        for pattern, rule, conf in ((BIO_SEGMENT, "place-bio-segment", 0.75), (PIN, "place-pin", 0.85)):
            for m in pattern.finditer(text):
                start, end = m.span("place")
                value = m.group("place").strip()
                if not value or any(s < end and start < e for s, e in blocked):
                    continue
                # A bio segment that is a word ("reading", "bath") is a hobby; places there are capitalised,
                # unless they are slang aliases people write in lower case (mcr, ldn).
                place = gazetteer.find_place(value)
                if (
                    place is None
                    or _after_other_cue(text, start)
                    or _in_link(text, start)
                    or about_someone_else(doc, start)
                ):
                    continue  # a county on its own is too vague to say where someone lives
                # In a bio of several fields a smaller town may stand in lower case ("kilkenny"); a first field
                # that is also a first name is the name ("kai ✦ 13 ✦ sunderland").
                floor = LOWER_CASE_FLOOR_IN_BIO if len(segments(text)) >= 3 else LOWER_CASE_FLOOR
                if (
                    value[0].islower()
                    and value.casefold() not in ALIASES
                    and (place.population < floor or value.casefold() in EVERYDAY_WORDS)
                ):
                    continue
                if start <= 1 and gazetteer.is_first_name(value):
                    continue
                if re.search(r",\s*(?:co\.?\s+)?$", text[max(0, start - 6) : start]) and any(
                    k in PLACE_KINDS and 0 <= start - e <= 6 for s, e, k in self._places(doc)
                ):
                    continue  # "Ikeja, Lagos", "Castlebar, Co. Mayo": the second name says where the first is
                if not any(s <= start and end <= e for s, e in taken):
                    add_span(
                        doc,
                        start,
                        start + len(m.group("place").rstrip()),
                        "location",
                        rule,
                        conf,
                        normalized=place.canonical,
                    )
                    taken.add((start, end))


@lru_cache(maxsize=1)
def emoji_cues() -> dict[str, str]:
    """Emoji that say what follows them (rules/cues.json, read by the bio reader too): emoji -> kind."""
    return dict(json.loads((RULES_DIR / "cues.json").read_text(encoding="utf-8"))["emoji"])


def _after_other_cue(text: str, start: int) -> bool:
    """ "🐕 Cumbria", "🏫 fairfield": an emoji cue of another kind says the word is not where they live."""
    head = text[max(0, start - 4) : start].rstrip(" \ufe0f\u200d")
    return bool(head) and emoji_cues().get(head[-1], "location") != "location"


def _in_link(text: str, start: int) -> bool:
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    token = text[token_start : text.find(" ", start) if " " in text[start:] else len(text)]
    return "://" in token or token.startswith("www.")


def best_place(text: str, start: int, end: int):
    """The place in text[start:end], trimmed to the words the gazetteer knows: "proud leeds" -> "leeds",
    "Leeds Uni" -> "Leeds". The longest run of words wins, then the first ("moved from Shanghai to London"
    is about Shanghai). Returns (start, end, Place) or None."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\s,]+", text[start:end])]
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            s, e = words[i][0], words[i + size - 1][1]
            value = text[s:e].strip(".'’-")
            if value.casefold() in NOT_PLACE_WORDS or value.casefold() in STOP_WORDS or len(value) < 2:
                continue
            place = gazetteer.find_place(value)
            if place is not None:
                return s, s + len(text[s:e].rstrip(".'’-")), place
    return None


def _respan(doc: Doc, span: Span, start: int, end: int) -> Span | None:
    new = doc.char_span(start, end, label=span.label_, alignment_mode="expand")
    if new is None:
        return None
    new._.rule, new._.confidence, new._.source = span._.rule, span._.confidence, span._.source
    new._.value = doc_text(doc)[start:end]
    _used_chars(doc).add((new.start_char, new.end_char))
    return new


# Rules whose place is where someone lives unless the text says where they live now (then it is their
# home town): "from X", "X lad" ("Proud Ibadan boy | Lagos based").
# "from Surrey St": a place name followed by a street word is the street.
STREET_AFTER = patterns.compile(
    r"\s+(?:St|Rd|Road|Street|Ave|Avenue|Lane|Ln|Close|Drive|Dr|Way|Crescent|Terrace|Grove)\b\.?"
)

FROM_RULES = ("location-from", "location-bio-from", "location-lass")


def _region_is_not_a_move(spans: list[Span]) -> list[Span]:
    """ "Yorkshire lass living in Harrogate": a county or state before the town someone lives in says who
    they are, not that they moved; only a town there is a home town."""
    return [
        s
        for s in spans
        if not (s._.rule == "moves-x-person-in-y" and s.label_ == "hometown" and gazetteer.is_region(s._.value))
    ]


def _from_is_hometown(spans: list[Span]) -> list[Span]:
    """ "from X" says where someone lives, unless the text also says where they live now: then X is where
    they are from ("from Kochi, working out of Bengaluru"; "Lives in Ashford · From Margate")."""
    now = {s._.normalized for s in spans if s.label_ == "location" and s._.rule not in FROM_RULES}
    home = {s._.normalized for s in spans if s.label_ == "hometown"}
    for span in spans:
        if (
            span.label_ == "location"
            and span._.rule in FROM_RULES
            and (now - {span._.normalized} or span._.normalized in home)
        ):
            span.label_ = "hometown"  # "from Porto originally": another rule read the same place as a home town
    return spans


_PLACE_DATA = json.loads((RULES_DIR / "place_aliases.json").read_text(encoding="utf-8"))
ALIASES = {k.casefold() for k in _PLACE_DATA["aliases"]}
EVERYDAY_WORDS = set(_PLACE_DATA["everyday_words"])
LOWER_CASE_FLOOR = 50_000
LOWER_CASE_FLOOR_IN_BIO = 10_000
# Words a multi-word place capture may start or end with that the gazetteer happens to know as places.
NOT_PLACE_WORDS = {
    "the",
    "a",
    "now",
    "originally",
    "proud",
    "born",
    "based",
    "home",
    "here",
    "there",
    "and",
    "from",
    "in",
    "to",
    "me",
    "my",
    "our",
    "new",
    "old",
    "lad",
    "lass",
    "girl",
    "boy",
    "living",
    "moved",
    "i",
    "im",
    "we",
    "us",
    "so",
    "still",
    "just",
    "city",
    "town",
    "rock",
    "hope",
    "college",
    "school",
    "best",  # "best boy", "good girl": words before "boy"/"girl" that GeoNames also has as towns
    "good",
    "big",
    "little",
    "golden",
    "country",
    "farm",
    "island",
    "uni",
    "university",
}


@Language.factory("footprint_places")
def make_places(nlp: Language, name: str) -> Places:
    return Places()


# --- names ---------------------------------------------------------------------------------------------

# A capital, then small letters of any alphabet ("Siobhán", "Zoë").
_SMALL = r"(?:(?![A-Z])[^\W\d_])"
NAME_WORD = rf"[A-Z]{_SMALL}+(?:[-'][A-Z]?{_SMALL}+)?"
SELF_INTRO = patterns.compile(
    rf"(?i:\b(?:my name(?:'s| is)|name'?s|name:|i'?m|i am|hi,? i'?m|hello,? i'?m|hey,? i'?m|call me|it'?s)\s+)"
    rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})"
)
BIO_START = patterns.compile(
    rf"^\s*(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})(?:\s+x+|\s+here)?\s*(?:[,|•·/\n({EMOJI}]|\s[-–—]\s)"
)
# A full name heading a bio, in any alphabet and after a title: "Dr. Meera Pillai |", "Sinéad Ní Bhriain |".
ANY_NAME_WORD = r"[^\W\d_a-z][^\W\d_]+(?:[-'’][^\W\d_]+)?"
BIO_START_FULL = patterns.compile(
    rf"^\s*(?:(?:Dr|Mrs|Mr|Ms|Miss|Prof|Rev|Smt|Shri|Sri)\.?\s+)?(?P<name>{ANY_NAME_WORD}(?:\s+{ANY_NAME_WORD}){{1,2}})"
    rf"\s*(?:[,|•·\n({EMOJI}]|\s[-–—]\s)"
)
LOWER_BIO_START = patterns.compile(rf"^\s*(?P<name>[a-z]{{3,12}})(?:\s+x+)?\s*(?:[|•·,]|[{EMOJI}])")


class Names:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        blocked = [(s, e) for s, e, label in entities(doc) if label in NOT_PLACE_LABELS]
        self._full_name_heading(doc, text, blocked)
        for pattern, rule, conf in (
            (SELF_INTRO, "name-self-intro", 0.85),
            (BIO_START, "name-bio-start", 0.75),
            (LOWER_BIO_START, "name-bio-start-lower", 0.65),
        ):
            for m in pattern.finditer(text):
                words = m.group("name").split()
                # Trailing words that are not name-like ("Jess Taylor Data" from a headline) are cut.
                while len(words) > 1 and words[-1].casefold() in NOT_SURNAME:
                    words.pop()
                first = words[0]
                if first in NOT_A_NAME or not gazetteer.is_first_name(first) or first.casefold() in NOT_FIRST_NAME:
                    continue
                if pattern is SELF_INTRO and len(words) == 1 and first.casefold() in NOT_FIRST_NAME:
                    continue
                start = m.start("name")
                if any(s < m.end("name") and start < e for s, e in blocked):
                    continue  # "Taylor Swift | 15": a public figure, not the holder
                end = start + len(" ".join(words)) if text[start:].startswith(" ".join(words)) else m.end("name")
                kind = "full_name" if len(words) >= 2 else "first_name"
                add_span(doc, start, end, kind, rule, conf)
        return doc

    @staticmethod
    def _full_name_heading(doc: Doc, text: str, blocked) -> None:
        """Two or three capitalised words heading a bio are a name even when the first-name list lacks
        them ("Chinedu Eze —"), unless one of them is a job, a place or a word the name rules refuse."""
        m = BIO_START_FULL.match(text)
        if m is None:
            return
        words = m.group("name").split()
        if any(
            w.isupper()
            or w in NOT_A_NAME
            or w.casefold() in NOT_SURNAME
            or w.casefold() in NOT_FIRST_NAME
            or JOB_WORD.fullmatch(w)
            for w in words
        ):
            return
        if gazetteer.find_place(words[0]) and not gazetteer.is_first_name(words[0]):
            return  # "Sheffield Wednesday (sadly)"
        start, end = m.span("name")
        if not any(s < end and start < e for s, e in blocked):
            add_span(doc, start, end, "full_name", "name-bio-heading", 0.7)


NOT_FIRST_NAME = {w.casefold() for w in NAMES_DATA["not_first_names"]}
JOB_WORD = patterns.compile(expand(r"(?i){{job_title}}|(?i:{{job_domain}})"))
NOT_SURNAME = {w.casefold() for w in NAMES_DATA["not_surnames"]}


@Language.factory("footprint_names")
def make_names(nlp: Language, name: str) -> Names:
    return Names()


# --- phones --------------------------------------------------------------------------------------------

MIN_PHONE_DIGITS = 10


class PhoneFinder:
    # POSSIBLE, not VALID: libphonenumber calls Ofcom's drama ranges (07700 900xxx) invalid, and people
    # quoting fictional or new ranges still expose the pattern; the digit floor keeps out years and counts.
    def __init__(self, regions: list[str]) -> None:
        self.regions = regions

    def __call__(self, doc: Doc) -> Doc:
        if sum(c.isdigit() for c in doc_text(doc)) < MIN_PHONE_DIGITS:
            return doc  # most texts: no need to ask phonenumbers at all
        seen: list[tuple[int, int]] = []
        for region in self.regions:
            for match in phonenumbers.PhoneNumberMatcher(
                doc_text(doc), region, leniency=phonenumbers.Leniency.POSSIBLE
            ):
                digits = sum(c.isdigit() for c in match.raw_string)
                if digits < MIN_PHONE_DIGITS or any(s < match.end and match.start < e for s, e in seen):
                    continue
                if NOT_OWN_PHONE.search(doc_text(doc)[max(0, match.start - 60) : match.start]):
                    continue  # "call our support line on ...": not the holder's number
                seen.append((match.start, match.end))
                add_span(doc, match.start, match.end, "phone", f"phonenumbers:{region}", 0.9)
        return doc


@Language.factory("footprint_phones", default_config={"regions": ["GB", "US"]})
def make_phone_finder(nlp: Language, name: str, regions: list[str]) -> PhoneFinder:
    return PhoneFinder(regions)


# --- trained NER merge ---------------------------------------------------------------------------------


class NerMerge:
    """A trained pipeline's entities become fragments only where a cue says they are the holder's."""

    def __init__(self, cues: list[dict]) -> None:
        self.cues = [
            (c["label"], c["kind"], patterns.compile(c["before"]), float(c.get("confidence", 0.7))) for c in cues
        ]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # Rules win: an entity on words a rule has already read adds nothing (and a span on the same
        # characters would share the rule span's extension values).
        taken = [(s.start_char, s.end_char) for s in doc.spans.get(SPAN_KEY, [])]
        for ent in doc.ents:
            if ent.label_ in NOT_PLACE_LABELS or ent.ent_id_:
                continue  # our own EntityRuler's entities are handled by the rules
            if any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            for label, kind, before, conf in self.cues:
                if ent.label_ != label or not before.search(text[max(0, ent.start_char - 40) : ent.start_char]):
                    continue
                if about_someone_else(doc, ent.start_char):
                    continue
                span = add_span(doc, ent.start_char, ent.end_char, kind, f"ner:{label}", conf, source="ner")
                if span is not None and kind in PLACE_KINDS:
                    place = Places._resolve(span._.value)
                    if place is not None:
                        span._.normalized = place.canonical
                break
        return doc


@Language.factory("footprint_ner_merge", default_config={"cues_file": "ner_cues.jsonl"})
def make_ner_merge(nlp: Language, name: str, cues_file: str) -> NerMerge:
    return NerMerge(load_jsonl(RULES_DIR / cues_file))


# --- resolve overlaps ----------------------------------------------------------------------------------

SECOND_SAYINGS = {"birthday-holiday-baby"}
WISHING_SOMEONE_ELSE = patterns.compile(
    r"(?i)\b(?:happy|hbd|wishing|wish)\s+(?:\d+(?:st|nd|rd|th)\s+)?(?:b-?day|birthday|bday)?\s*"
    r"(?:to|2)\s+(?!me\b|myself\b|meee*\b)"
)
# A quotation of four words or more ("…" or '…', not an apostrophe inside a word).
QUOTED = patterns.compile(
    r"(?:^|(?<=[\s:(]))(?:'(?=\S)(?:[^'\n]|(?<=\w)'(?=\w))+?(?<=\S)'|\"[^\"\n]+\"|“[^”\n]+”|‘[^’\n]+’)(?=[\s.,!?;:)]|$)"
)


class Resolve:
    """Where spans of different kinds claim the same words, one wins: rules over NER, then confidence,
    then the longer span. Spans of the same kind and value are left for the fragment merge."""

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPAN_KEY, []))
        quoted = [(m.start(), m.end()) for m in QUOTED.finditer(doc_text(doc)) if len(m.group(0).split()) >= 4]
        # "Cover letter energy: 'Dear Hiring Manager, I am writing to apply…'": words in quotes are someone's
        # speech, quoted or imagined, not facts about the holder.
        spans = [s for s in spans if not any(a <= s.start_char and s.end_char <= b for a, b in quoted)]
        if WISHING_SOMEONE_ELSE.search(doc_text(doc)):
            # "Happy birthday to Taylor Swift 🎂 Dec 13", "happy bday to my bestie Kayla!!! … Nov 2nd gang": a
            # post wishing someone else a happy birthday gives their date and age, not the holder's.
            spans = [s for s in spans if s.label_ not in ("birthday", "date_of_birth", "age")]
        if len(spans) < 2:
            doc.spans[SPAN_KEY] = spans
            return doc
        if any(s.label_ in ("birthday", "date_of_birth") and s._.rule not in SECOND_SAYINGS for s in spans):
            # "Born 14 February 1976, a proper Valentine's baby": the same birthday said again, less exactly.
            spans = [s for s in spans if s._.rule not in SECOND_SAYINGS]
        order = sorted(spans, key=lambda s: (s._.source != "rule", -s._.confidence, -(s.end_char - s.start_char)))
        kept: list[Span] = []
        for span in order:
            if not any(self._clash(k, span) for k in kept):
                kept.append(span)
        doc.spans[SPAN_KEY] = sorted(kept, key=lambda s: s.start_char)
        return doc

    @staticmethod
    def _clash(a: Span, b: Span) -> bool:
        if not (a.start_char < b.end_char and b.start_char < a.end_char):
            return False
        # A routine or a trip is a phrase that may hold a place or a name of its own kind.
        phrase = {"routine", "travel"}
        if (a.label_ in phrase) != (b.label_ in phrase):
            return False
        return True


@Language.factory("footprint_resolve")
def make_resolve(nlp: Language, name: str) -> Resolve:
    return Resolve()
