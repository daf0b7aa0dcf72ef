"""What counts as a handle. Checked before any request is made."""

from __future__ import annotations

import re

from footprint import networks

MAX_LENGTH = 100
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
_HOST = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_HANDLE = re.compile(rf"^{_NAME}(?:@{_HOST})?$")

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
    return handle


def chosen_name(network: str, handle: str) -> str:
    """The name a person picked, for comparing handles across networks: without a Mastodon @instance or the
    domain a network gives a bare name (the catalogue's default_domain: jess on Bluesky is jess.bsky.social).
    A custom domain (jess.example.org on Bluesky) stays whole: it is a different name."""
    name = handle.split("@", 1)[0].casefold()
    suffix = networks.lookup(network).default_domain
    return name[: -len(suffix)] if suffix and name.endswith(suffix) else name
