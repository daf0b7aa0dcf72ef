"""Masking rules for the big screen: the one place that decides what a redacted value looks like.

Every view (live page, HTML report, terminal) masks through `mask`, so a rule changed here changes everywhere.
The kind of a fact stays visible ("full name", "postcode"); its value does not:
"Jess Hughes" -> "J*** H******", "M20 4RT" -> "M20 ***", "bob.smith@example.com" -> "b******@example.com".
"""

from __future__ import annotations

import re
from functools import lru_cache

from footprint import networks

STAR = "*"
# The outward code of a UK postcode names a district of ~10,000 homes; the inward code narrows it to a street.
_POSTCODE = re.compile(r"^\s*([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\s*$", re.IGNORECASE)
_EMAIL = re.compile(r"^\s*([^@\s]+)@([^@\s]+)\s*$")
_WORD = re.compile(r"[^\W_]+")
_NETWORK = re.compile(r"[a-z][a-z0-9_.-]{0,23}")


def mask_words(value: str) -> str:
    """Each word keeps its first letter; numbers vanish whole (a birth year's first digit says little, the rest a lot)."""

    def one(m: re.Match) -> str:
        word = m.group(0)
        if word[0].isdigit():
            return STAR * len(word)
        return word[0] + STAR * (len(word) - 1)

    return _WORD.sub(one, value)


# Mail domains shared by millions say nothing about the person; any other domain may be their own name.
SHARED_MAIL_DOMAINS = {
    "example.com",
    "example.net",
    "example.org",
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "live.co.uk",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
}


def mask_domain(domain: str) -> str:
    if domain.lower() in SHARED_MAIL_DOMAINS:
        return domain
    *labels, tld = domain.split(".")
    return ".".join([mask_words(x) for x in labels] + [tld]) if labels else mask_words(domain)


def mask_email(value: str) -> str:
    m = _EMAIL.match(value)
    if not m:
        return mask_words(value)
    # A fixed run of stars, so the length of the local part is not given away.
    return f"{m.group(1)[0]}{STAR * 6}@{mask_domain(m.group(2))}"


def mask_postcode(value: str) -> str:
    m = _POSTCODE.match(value)
    return f"{m.group(1).upper()} {STAR * 3}" if m else mask_words(value)


def mask_phone(value: str) -> str:
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= 2 else STAR)
        else:
            out.append(ch)
    return "".join(out)


def mask_url(value: str) -> str:
    scheme, sep, rest = value.partition("://")
    return f"{scheme}://{mask_words(rest)}" if sep and scheme.isalpha() else mask_words(value)


def mask_linked_accounts(value: str) -> str:
    # "github:jess, keybase:jess": which networks is the point, and stays; the handles do not.
    parts = []
    for item in value.split(","):
        network, sep, handle = item.strip().partition(":")
        if sep and _NETWORK.fullmatch(network):
            parts.append(f"{network}:{mask_words(handle)}")
        else:  # not "network:handle" (evidence prose, say): every word masked
            parts.append(mask_words(item.strip()))
    return ", ".join(parts)


RULES = {
    "linked_accounts": mask_linked_accounts,
    "photo": lambda value: "a photo",  # what matters is that one is public; a URL or caption could name them
    "email": mask_email,
    "postcode": mask_postcode,
    "phone": mask_phone,
    "url": mask_url,
    "website": mask_url,
}


def mask(kind: str, value: str | None) -> str:
    """The projector-safe form of VALUE, a fact of KIND."""
    if not value:
        return ""
    return RULES.get(kind, mask_words)(value)


def mask_text(value: str | None) -> str:
    """Free text (a bio, a post, the words that are evidence): every word masked."""
    return mask_words(value or "")


# Sources named by our own vocabulary ("field:bio", "link:name-and-place") say where, not what; a repository or
# post name ("repo:jess-hughes-portfolio") is the person's own words, and so is a field whose label the person
# chose (a Mastodon profile field: "field:Hughes family blog").
OUR_SOURCES = ("link", "proof", "url", "bio")
OWN_FIELD_NAMES = frozenset({"name", "bio", "avatar", "avatar_url", "picture", "image", "photo"})


@lru_cache(maxsize=1)
def field_names() -> frozenset[str]:
    """Every field name and label the catalogue gives: the names a `field:` source of ours can carry."""
    out = set(OWN_FIELD_NAMES)
    for network in networks.all():
        out |= {*network.fields, *network.labels.values(), *network.export_fields, *network.complete.values()}
        out |= {f"og:{p}" for p in ("title", "description")}
    return frozenset(out)


def mask_source(source: str | None) -> str:
    kind, sep, rest = (source or "").partition(":")
    if not sep or kind in OUR_SOURCES or (kind == "field" and rest in field_names()):
        return source or ""
    return f"{kind}:{mask_words(rest)}"
