"""spaCy components of our own, registered as factories so a pipeline is configuration, not code.

`footprint_context` finds personal attributes with context rules read from `rules/context.jsonl`;
`footprint_phones` finds phone numbers with phonenumbers. Both add spans to doc.spans["fragments"],
labelled with the fragment kind, and record the rule and confidence on the span.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from spacy.language import Language
from spacy.tokens import Doc, Span

RULES_DIR = Path(__file__).parent / "rules"
SPAN_KEY = "fragments"
TRAILING_PUNCTUATION = ".,!?;:'\")"

if not Span.has_extension("rule"):
    Span.set_extension("rule", default="")
if not Span.has_extension("confidence"):
    Span.set_extension("confidence", default=1.0)

# Capitalised words the name-shaped rules must never take as a name.
NOT_A_NAME = {
    "The", "And", "But", "She", "He", "They", "Is", "Was", "Who", "Has", "Our", "His", "Her", "Its",
    "This", "That", "Not", "Just", "Now", "Will", "Always", "Never", "Love", "Loves", "Likes",
}


@dataclass
class ContextRule:
    id: str
    pattern: re.Pattern[str]
    confidence: float
    reject_before: re.Pattern[str] | None


def load_rules(path: Path) -> list[ContextRule]:
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        rules.append(
            ContextRule(
                id=raw["id"],
                pattern=re.compile(raw["pattern"]),
                confidence=float(raw.get("confidence", 0.8)),
                reject_before=re.compile(raw["reject_before"]) if raw.get("reject_before") else None,
            )
        )
    return rules


def add_span(doc: Doc, start: int, end: int, kind: str, rule: str, confidence: float) -> None:
    span = doc.char_span(start, end, label=kind, alignment_mode="expand")
    if span is None:
        return
    # A span "expanded" to token edges may hold more than the match; keep the exact characters as evidence.
    span._.rule = rule
    span._.confidence = confidence
    doc.spans.setdefault(SPAN_KEY, [])
    doc.spans[SPAN_KEY].append(span)


class ContextRules:
    def __init__(self, rules: list[ContextRule]) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        hits: list[tuple[int, int, str, str, float]] = []
        for rule in self.rules:
            for match in rule.pattern.finditer(text):
                if rule.reject_before and rule.reject_before.search(text[max(0, match.start() - 40) : match.start()]):
                    continue
                for kind, value in match.groupdict().items():
                    if value is None or value.strip() in NOT_A_NAME:
                        continue
                    start, end = match.span(kind)
                    while end > start and text[end - 1] in TRAILING_PUNCTUATION:
                        end -= 1
                    hits.append((start, end, kind, rule.id, rule.confidence))
        # Two rules often see the same words; keep the longest sighting of each kind.
        for start, end, kind, rule_id, conf in hits:
            inside = any(k == kind and s <= start and end <= e and (s, e) != (start, end) for s, e, k, _, _ in hits)
            if not inside:
                add_span(doc, start, end, kind, rule_id, conf)
        return doc


@Language.factory("footprint_context", default_config={"rules_file": "context.jsonl"})
def make_context_rules(nlp: Language, name: str, rules_file: str) -> ContextRules:
    return ContextRules(load_rules(RULES_DIR / rules_file))


MIN_PHONE_DIGITS = 10


class PhoneFinder:
    # POSSIBLE, not VALID: libphonenumber calls Ofcom's drama ranges (07700 900xxx) invalid, and people
    # quoting fictional or new ranges still expose the pattern; the digit floor keeps out years and counts.
    def __init__(self, regions: list[str]) -> None:
        self.regions = regions

    def __call__(self, doc: Doc) -> Doc:
        seen: set[tuple[int, int]] = set()
        for region in self.regions:
            for match in phonenumbers.PhoneNumberMatcher(doc.text, region, leniency=phonenumbers.Leniency.POSSIBLE):
                digits = sum(c.isdigit() for c in match.raw_string)
                if (match.start, match.end) not in seen and digits >= MIN_PHONE_DIGITS:
                    seen.add((match.start, match.end))
                    add_span(doc, match.start, match.end, "phone", f"phonenumbers:{region}", 0.9)
        return doc


@Language.factory("footprint_phones", default_config={"regions": ["GB", "US"]})
def make_phone_finder(nlp: Language, name: str, regions: list[str]) -> PhoneFinder:
    return PhoneFinder(regions)
