"""The shared word lists (rules/lexicons.json) and the two things rules do with them: turn a {{name}} in a
pattern into an alternation, and decide whether a word after a cue can be a name even in lower case."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

RULES_DIR = Path(__file__).parent / "rules"
LEXICONS: dict[str, list[str]] = {
    k: v
    for k, v in json.loads((RULES_DIR / "lexicons.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# A name as people type it: any letters (accents too), maybe hyphenated or with an apostrophe.
# A possessive ("my sister evie's idea") ends the name but does not stop it being one.
NAME_WORD = r"(?:O['’]|Mc|Mac)?[^\W\d_]{2,}(?:-[^\W\d_]+|['’](?!s\b)[^\W\d_]+)?(?!\w)"
# Several names in one breath: "rolo, pip & bear", "Ramesh & Sunita Gupta" (a capitalised surname may follow).
_AGE = r"(?:\s*\(\d{1,2}\))?"  # "mom to Brody (7) & Kinsley (4)"
NAMES = (
    rf"{NAME_WORD}(?:\s+[A-Z][^\W\d_]+)?{_AGE}(?:\s*(?:,|&|\+|/|\band\b|\bplus\b|\bn\b)\s*"
    rf"(?:(?i:little|lil|wee|baby|big)\s+)?{NAME_WORD}(?:\s+[A-Z][^\W\d_]+)?{_AGE}){{0,7}}"
)
# A full stop inside a name ("Node.js", "B.Sc") but not the one that ends the sentence.
_ORG_WORD = r"(?:[A-Z](?:[\w&'’-]|\.(?=\w))*|[A-Z]{2,}[\w-]*)"
ORG = rf"{_ORG_WORD}(?:\s+(?:of\s+|&\s+|de\s+|for\s+)?{_ORG_WORD}){{0,3}}"
# Both start at the start of a word only: trying them inside words is where a long pattern spends its time.
PLACE = r"(?<![\w'’-])(?:[^\W\d_][^\W\d_'’.]*(?:(?:\s|-|\s-\s)[^\W\d_][^\W\d_'’.]*){0,2})"
# Spaces and emoji between a cue and its names ("Grandma of 5 💕 Sophie"), but not an emoji that is a cue of
# its own ("Grandad of 5 ⚽ Season ticket"): rules/cues.json.
_CUE_EMOJI = sorted(json.loads((RULES_DIR / "cues.json").read_text(encoding="utf-8"))["emoji"], key=len, reverse=True)
EMOJI_RUN = (
    r"(?:\s|(?!"
    + "|".join(re.escape(e) for e in _CUE_EMOJI)
    + r")[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764\uFE0F\u200D])*"
)


_PLACE_ALIASES = json.loads((RULES_DIR / "place_aliases.json").read_text(encoding="utf-8"))
DEMONYMS: list[str] = sorted(_PLACE_ALIASES["demonyms"], key=len, reverse=True)
DEMONYM = r"(?<![\w'’-])(?i:" + "|".join(DEMONYMS).replace(" ", r"\s+") + r")(?![\w'’-])"


_LITERAL = re.compile(r"[\w '’&/.!-]+")


def _trie(words: list[str]) -> str:
    """One pattern for many literal words, factored by shared prefixes ("dog|doggo|doggy" becomes
    "dog(?:go|gy)?"): Python's regex engine tries alternatives one by one, so a trie is much faster."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(tree)


@cache
def alternation(name: str) -> str:
    """An alternation over a lexicon, longest entries first where it matters. Plain words are folded into
    a prefix trie; entries with regular-expression syntax are kept as they are."""
    literal = [w for w in LEXICONS[name] if _LITERAL.fullmatch(w) and "\\" not in w]
    patterns = sorted((w for w in LEXICONS[name] if w not in literal), key=len, reverse=True)
    # "ss ?[1-3]": an optional space stays optional ("SS2", "ss 2"); other spaces are any run of spaces.
    parts = [w.replace(" ?", r"\s?").replace(" ", r"\s+") for w in patterns]
    if literal:
        parts.append(_trie(sorted(set(literal))))
    return "(?:" + "|".join(parts) + ")"


def _composite(name: str) -> str | None:
    if name == "name":
        return NAME_WORD
    if name == "names":
        return NAMES
    if name == "org":  # an organisation as written: capitalised words or an abbreviation ("UNILAG", "IIT-D")
        return ORG
    if name == "place":  # one to three words of any case; the gazetteer decides which of them is the place
        return PLACE
    if name == "emoji":
        return EMOJI_RUN
    if name == "demonym":  # "Brummie", "Montrealer": rules/place_aliases.json, where each maps to its place
        return DEMONYM
    if name == "job_title":  # "Senior Data Analyst", "apprentice mechanic", "design eng"
        return (
            rf"(?<![\w'’])(?:{alternation('job_seniority')}\s+)?(?:{alternation('job_domain')}\s+){{0,2}}"
            rf"{alternation('job_head')}"
        )
    return None


def expand(pattern: str) -> str:
    """Replace every {{lexicon}} in a rule's pattern; {{name}} is a name-shaped word, {{job_title}} a job."""
    return _PLACEHOLDER.sub(lambda m: _composite(m.group(1)) or alternation(m.group(1)), pattern)


# Words that are never the name after a cue: function words, verbs, and the cue words themselves ("our grandson
# Nana Pat" is a signature, not a grandson called Nana).
NOT_A_NAME = (
    frozenset(w.casefold() for w in LEXICONS["not_a_name"])
    | frozenset(STOP_WORDS)
    | frozenset(
        w.casefold()
        for key in ("relative", "relative_plural", "partner_word", "pet_animal", "pet_plural")
        for w in LEXICONS[key]
        if w.isalpha()
    )
)


def can_be_name(word: str) -> bool:
    """A word after a cue such as "my dog" may be the name, whatever its case, unless it is a word that
    carries the sentence on ("my dog is", "my mum just") rather than naming anyone."""
    folded = word.casefold().strip("'’")
    head = re.split(r"['’]", folded)[0]  # "she's", "that's": a contraction, not a name
    return len(folded) >= 2 and folded not in NOT_A_NAME and head not in NOT_A_NAME and not folded.isdigit()


def looks_like_verb(word: str, allow_plural: bool = False) -> bool:
    """Lower-case "cooked", "loves", "walking" after "my dad": more likely the sentence going on than a name
    (a real name with these endings is caught by the first-name list first). Pets are often "waffles"."""
    endings = ("ed", "ing", "ly") if allow_plural else ("ed", "ing", "ly", "s")
    return word[:1].islower() and word.casefold().endswith(endings)


_AGE_AFTER = re.compile(r"\s*\(\s*\d{1,2}\s*\)\s*$")
LIST_SPLIT = re.compile(r"\s*(?:,|&|\+|/|\band\b|\bplus\b|\bn\b)\s*", re.IGNORECASE)


# Organisations keep their ampersands ("Turner & Townsend"): only commas and "and" part them.
ORG_LIST_SPLIT = re.compile(r"\s*(?:,|\band\b)\s*", re.IGNORECASE)


def list_items(text: str, offset: int = 0, splitter: re.Pattern[str] = LIST_SPLIT) -> list[tuple[int, int]]:
    """Character spans of the items of "rolo, pip & bear" (several values said in one breath)."""
    spans, pos = [], 0
    for m in list(splitter.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        item = _AGE_AFTER.sub("", text[pos:end])  # "Brody (7) & Kinsley (4)": a child's age after the name
        stripped = item.strip(" .!?:;\"'()")
        if stripped:
            start = pos + item.index(stripped)
            spans.append((offset + start, offset + start + len(stripped)))
        if m:
            pos = m.end()
    return spans
