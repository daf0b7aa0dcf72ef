"""What the views say, read from reports/data/wording.json: one place for the words, so they can be measured
(tests/test_readability.py) and changed without touching a renderer. A template is ours; the values filled in
may be a stranger's, and are never read as a template themselves."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from footprint import networks


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "data" / "wording.json").read_text(encoding="utf-8"))


def say(key: str, **values: Any) -> str:
    """The sentence at 'section.name', filled in."""
    section, _, name = key.partition(".")
    return table()[section][name].format(**values)


def linked_count(value: str) -> int:
    """How many accounts a linked_accounts fragment ties together (its value lists their ids, comma-separated)."""
    return len(value.split(", "))


def plural(n: int, word: str) -> str:
    """'1 network', '3 networks', '1 piece', '2 pieces'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def join(words: list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def network_title(name: str) -> str:
    """'GitHub' for 'github'; a name the catalogue does not know stays as it is."""
    return networks.lookup(name).title


def kind_label(kind: str) -> str:
    """'pet name' for 'pet_name', 'phone number' for 'phone'."""
    return table()["kinds"].get(kind, kind.replace("_", " "))


def source_label(source: str) -> str:
    """A field or post as a person calls it: 'field:avatar_url' -> 'profile picture', 'post:3lb…' -> 'a post'."""
    names = table()["sources"]
    head, _, rest = source.partition(":")
    if head == "field":
        field = rest.split(":", 1)[0]
        return names.get(field, field.replace("_", " "))
    if head == "repo" and rest:  # which repository: the evidence names the post it is in
        return names["repo"].format(name=rest)
    return names.get(head, head.replace("_", " ").replace("-", " "))


def link_reason(reason: str) -> str:
    return table()["links"]["reasons"].get(reason, reason.replace("-", " "))


def link_pairs(reason: str, pairs: list[tuple[str, str]]) -> str:
    """Pairs of networks tied for one reason, in a clause: 'GitHub links to TikTok', '6 pairs share a name and place'."""
    links = table()["links"]
    if len(pairs) > 2:
        return links["pairs"].format(n=len(pairs), reason=link_reason(reason))
    one = links["pair"].get(reason, links["pair"]["_other"])
    return join([one.format(a=a, b=b, reason=link_reason(reason)) for a, b in pairs])


def needs(groups: list[list[str]] | tuple[tuple[str, ...], ...]) -> str:
    """Requirement groups in words, with brackets wherever 'or' sits inside 'and':
    [[postcode, address]] -> 'postcode or address'; [[phone], [postcode, address]] -> 'phone and (postcode or address)'."""
    parts = [join([kind_label(k) for k in g], "or") for g in groups]
    if len(parts) > 1:
        parts = [f"({p})" if len(g) > 1 else p for p, g in zip(parts, groups, strict=True)]
    return " and ".join(parts)
