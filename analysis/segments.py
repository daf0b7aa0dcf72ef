"""A bio is a list of segments, not a sentence: "maisie 🌸 | 15 | leeds\\n🏫 oakridge academy".

Segments are split at the separators people put between them (| • · / ✦ ♡ ~ line breaks, " - ", sentence
ends). Each keeps its character offsets in the text, so whatever is found in one points at the exact words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Emoji and the characters that join or vary them: decoration around the words of a bio or a name.
EMOJI = r"\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764\uFE0F\u200D\U0001F1E6-\U0001F1FF\U000E0000-\U000E007F"
# A full stop ends a segment only after a word (not "St. Agnes", "b. 1951" or "2.5"): see _ABBREVIATION.
SEPARATOR = re.compile(
    r"\s*(?:[|•·✦♡♥~\n\r;]+|//+|\s/\s|\s[-–—]+\s|(?<=[^\W\d_]{2})[.!?]+(?=\s|$)|(?<=\d)[.!?]+(?=\s+[A-Z])|[!?]+)\s*"
)
_ABBREVIATION = re.compile(r"(?i)(?:^|\s)(?:st|mt|dr|mr|mrs|ms|no|co|jr|sr|ft|rd|ave|b|est|vs|inc|ltd|prof)$")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str


def segments(text: str) -> list[Segment]:
    """The non-empty segments of `text`, in order, with their offsets."""
    out: list[Segment] = []
    pos = 0
    for m in SEPARATOR.finditer(text):
        if m.group(0).strip() in (".", "!", "?") and _ABBREVIATION.search(text[: m.start()]):
            continue
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Segment], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Segment(start, end, text[start:end]))


def is_bio(text: str) -> bool:
    """Two or more separated segments: the text reads as a bio, where a word standing alone is a field."""
    return len(segments(text)) >= 2
