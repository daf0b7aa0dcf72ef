"""The one place a stranger's string is made safe for a terminal.

A profile field, a repository name or a site list's entry can hold escape sequences: clear the screen, set
the window title, plant an OSC 8 hyperlink that shows one address and opens another, or move the cursor to
overwrite what footprint printed. rich passes ESC through, so everything footprint prints from outside
(reports, the review and cohort tables, `text`, `sites list`, every message line) goes through `plain` first:
control and format characters become a visible escape (\\x1b, \\u202e), line breaks and tabs a space.
A table cell or title is handed to rich as `as_text(...)`, never as a str: rich reads a str as markup, and
its markup can make links too.
"""

from __future__ import annotations

import re

from rich.text import Text

# Every character a terminal could act on rather than print: C0 and C1 controls, DEL, and the invisible
# format characters (bidirectional overrides, zero-width joiners) that make text read other than it is.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_BREAKS = re.compile(r"[\t\n\r]+")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(value: object, limit: int | None = None, keep_lines: bool = False) -> str:
    """`value` as text a terminal only prints, cut to `limit` characters (with …) when given. `keep_lines`
    keeps line breaks, for footprint's own multi-line messages that quote a stranger."""
    text = str(value)
    if not keep_lines:
        text = _BREAKS.sub(" ", text)
    text = _UNSAFE.sub(_visible, text.replace("\r", " ") if keep_lines else text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def as_text(value: object, limit: int | None = None, style: str = "") -> Text:
    """`plain(value)` as a rich Text: what a table cell or a title from outside must be (never markup)."""
    return Text(plain(value, limit), style)
