"""What a collector is: one network, one base URL that can be pointed elsewhere, one handle in, one Account out.
Where the network lives, its profile address and its field map come from the catalogue (footprint/networks)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any, ClassVar

import httpx

from collectors.http import HttpLike, describe_error, describe_status
from footprint import networks
from footprint.handles import InvalidHandle, url_segment
from footprint.model import Account, Document, Status


class Collector:
    network: ClassVar[str]

    def __init__(self, base_url: str | None = None) -> None:
        self.info = networks.get(self.network)
        self.base = (base_url or self.default_base).rstrip("/")

    @property
    def default_base(self) -> str:
        return self.info.base

    def profile_url(self, handle: str) -> str:
        """The page a person would visit."""
        return self.info.profile_url(handle)

    def field_documents(self, account: Account, record: dict[str, Any]) -> list[Document]:
        """The record's text fields that the catalogue maps, as Documents of `account`."""
        return field_documents(account.id, record, self.info.labelled_fields, account.url)

    def account(self, handle: str, status: Status, reason: str = "", **kw: Any) -> Account:
        return Account(
            network=self.network, handle=handle, url=self.profile_url(handle), status=status, reason=reason, **kw
        )

    def segment(self, value: str, pattern: str | None = None) -> str:
        """`value` as one URL path segment: a handle this network allows, or a value read from its answer that
        matches `pattern` (footprint.handles.url_segment, the one way either goes into a URL)."""
        return url_segment(self.network, value, pattern)

    def check_handle(self, handle: str) -> None:
        """Raise InvalidHandle unless this network could have an account by this name."""
        self.segment(handle)

    async def collect(self, handle: str, http: HttpLike) -> Account:
        """Never raises: a handle this network cannot have, network trouble, and anything unreadable in the
        answer become `unknown` with the reason, so one stranger's profile never ends a scan."""
        try:
            self.check_handle(handle)
        except InvalidHandle as exc:  # no profile address either: one built from it could point anywhere
            return Account(network=self.network, handle=handle, url="", status="unknown", reason=f"not checked: {exc}")
        try:
            return await self.fetch(handle, http.bind(handle) if hasattr(http, "bind") else http)
        except Exception as exc:
            # Malformed bodies (a WAF page where JSON was expected, a list where a dict was) are `unknown`, never found.
            return self.account(handle, "unknown", describe_error(exc))

    async def fetch(self, handle: str, http: HttpLike) -> Account:
        raise NotImplementedError

    def unknown_for(self, handle: str, response: httpx.Response) -> Account:
        """`unknown`, saying why: in the network's own words for this status where its file has them."""
        reason = self.info.status_reasons.get(str(response.status_code)) or describe_status(response)
        return self.account(handle, "unknown", reason)

    def unless_ok(self, handle: str, response: httpx.Response, missing: str = "no such user (404)") -> Account | None:
        """The answer to give early when a profile lookup did not return 200: a 404 means `not_found`; anything
        else (403, 429, 5xx, a login wall) says nothing about the account, so it is `unknown`."""
        if response.status_code == 404:
            return self.account(handle, "not_found", missing)
        if response.status_code != 200:
            return self.unknown_for(handle, response)
        return None


def field_documents(
    account_id: str, profile: dict[str, Any], fields: dict[str, str], url: str | None
) -> list[Document]:
    """Profile fields (network name -> our source name) that hold text, as Documents."""
    docs = []
    for network_field, source in fields.items():
        value = profile.get(network_field)
        if isinstance(value, str) and value.strip():
            docs.append(
                Document(account=account_id, source=f"field:{source}", field=network_field, text=value.strip(), url=url)
            )
    return docs


_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r'href=["\']([^"\']+)["\']', re.I)


def html_text(value: Any) -> str:
    """Profile HTML (Mastodon notes, HN about) as plain text; `<p>`/`<br>` become line breaks."""
    if not isinstance(value, str):
        return ""
    value = re.sub(r"<br\s*/?>|</p>\s*<p>|<p>", "\n", value, flags=re.I)
    return html.unescape(_TAG.sub("", value)).strip()


def hrefs(value: Any) -> list[str]:
    return [html.unescape(h) for h in _HREF.findall(value)] if isinstance(value, str) else []


def from_unix(ts: Any, millis: bool = False) -> str | None:
    if isinstance(ts, bool) or not isinstance(ts, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(ts / 1000 if millis else ts, tz=UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def latest(*stamps: str | None) -> str | None:
    """The most recent ISO timestamp of those given (they compare as text once normalised to UTC)."""

    def norm(s: str) -> str:
        return s.replace("Z", "+00:00")

    good = [norm(s) for s in stamps if isinstance(s, str) and s]
    return max(good) if good else None


def add_media(account: Account, source: str, url: Any) -> None:
    """A picture a post shows, for collectors/photos.py to read the EXIF of (kept in `profile["media"]`)."""
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        account.profile.setdefault("media", []).append({"source": source, "url": url})


def text_documents(account: Account, items: list[tuple[str, str, str | None, str | None]]) -> None:
    """(source, text, url, timestamp) tuples as Documents of `account`, skipping empty text."""
    for source, text, url, when in items:
        if isinstance(text, str) and text.strip():
            account.documents.append(
                Document(account=account.id, source=source, text=text.strip(), url=url, timestamp=when)
            )
