"""What counts as a handle. Checked before any request is made."""

from __future__ import annotations

import re
from urllib.parse import quote

from footprint import networks

MAX_LENGTH = 100
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
_HOST = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_HANDLE = re.compile(rf"^{_NAME}(?:@{_HOST})?$")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TOP_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9-]*")  # no top-level domain is a number: 1.2.3.999 is no name
# What a value read from a network's answer (an id, a DID) may be when it goes into a URL path.
RECORD_VALUE = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}"

VALID_HANDLE_HELP = (
    "a handle is 1 to 100 letters, digits, '_', '-' or '.', like jess_mcr. "
    "For Mastodon, add @ and the server, like jess@mastodon.social"
)


class InvalidHandle(ValueError):
    pass


def normalise_handle(raw: str) -> str:
    """Return the handle to scan, or raise InvalidHandle with a one-line reason."""
    handle = raw.strip()
    if handle.startswith("@"):  # people type @name; a second leading @ is a fediverse address
        handle = handle[1:]
    if not handle:
        raise InvalidHandle(f"empty handle: {VALID_HANDLE_HELP}")
    if len(handle) > MAX_LENGTH:
        raise InvalidHandle(f"that handle is {len(handle)} characters long: {VALID_HANDLE_HELP}")
    if ".." in handle or not _HANDLE.match(handle):
        raise InvalidHandle(f"{handle!r} is not a valid handle: {VALID_HANDLE_HELP}")
    if "@" in handle and not valid_host(handle.split("@", 1)[1]):
        raise InvalidHandle(f"{handle!r} is not a valid handle: the part after @ is not a server name")
    return handle


def valid_host(host: str) -> bool:
    """A server name a handle may carry (jess@mastodon.social): at least two labels of letters, digits and
    hyphens, each at most 63 long and 253 in all, the last one not a number (so no IPv4 address, in any of
    the forms resolvers read, and nothing that only looks like one, such as 999.1.1.1)."""
    labels = host.split(".")
    return (
        len(host) <= 253
        and len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and bool(_TOP_LABEL.fullmatch(labels[-1]))
    )


def url_segment(network: str, value: str, pattern: str | None = None) -> str:
    """The one way a handle goes into a URL: it must be a name `network` allows (its catalogue handle_pattern;
    a value read from an answer, such as an id, is checked against `pattern` instead), and it is quoted whole
    as one path segment, so nothing in it can add a segment, a query or a fragment. InvalidHandle otherwise."""
    info = networks.lookup(network)
    if not re.fullmatch(pattern or info.handle_pattern, value, re.ASCII) or not value.strip("."):
        raise InvalidHandle(f"{value!r} is not a valid {info.title} name")
    return quote(value, safe=":@")


def chosen_name(network: str, handle: str) -> str:
    """The name a person picked, for comparing handles across networks: without a Mastodon @instance or the
    domain a network gives a bare name (the catalogue's default_domain: jess on Bluesky is jess.bsky.social).
    A custom domain (jess.example.org on Bluesky) stays whole: it is a different name."""
    name = handle.split("@", 1)[0].casefold()
    suffix = networks.lookup(network).default_domain
    return name[: -len(suffix)] if suffix and name.endswith(suffix) else name
