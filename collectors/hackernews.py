"""Hacker News: the Firebase API's user record, its `about` text and the most recent items."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC, datetime

from collectors.base import Collector
from collectors.http import HttpLike
from footprint.model import Account, Document

RECENT_ITEMS = 10
_TAG = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    """HN stores `about` and comments as HTML; `<p>` separates paragraphs."""
    return html.unescape(_TAG.sub(" ", value.replace("<p>", "\n"))).strip()


def iso(ts: int | None) -> str | None:
    return datetime.fromtimestamp(ts, tz=UTC).isoformat() if isinstance(ts, (int, float)) else None


class HackerNews(Collector):
    network = "hackernews"

    async def fetch(self, handle: str, http: HttpLike) -> Account:
        # "Users are identified by case-sensitive ids" (HackerNews/API README): JessM and jessm are two
        # people. The spelling asked is tried first; a handle with capitals also in lower case, the way most
        # names are written, and a match there is said to be a different spelling.
        spellings = [handle, *([handle.lower()] if handle.lower() != handle else [])]
        user = None
        for spelling in spellings:
            resp = await http.get(f"{self.base}/v0/user/{self.segment(spelling)}.json")
            if resp.status_code != 200:
                return self.unknown_for(handle, resp)
            user = resp.json()
            if user is not None:  # HN answers an unknown user with `200 null`
                break
        if user is None:
            # "Only users that have public activity (comments or story submissions) on the site are available
            # through the API" (README): nobody by this exact name has posted
            return self.account(handle, "not_found", self.info.options["not_found"])
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            return self.account(handle, "unknown", "malformed response")
        account = self.account(user["id"], "found", "profile returned by the API")
        if user["id"] != handle:
            account.reason = (
                f"found as {user['id']!r}: Hacker News names are case-sensitive, so this may be someone else"
            )
            account.confidence = 0.5
        about = html_to_text(user.get("about") or "")
        account.profile = {"about": about, "karma": user.get("karma"), "created": iso(user.get("created"))}
        account.documents = self.field_documents(account, {"about": about})
        ids = [i for i in (user.get("submitted") or []) if isinstance(i, int) and not isinstance(i, bool)][
            :RECENT_ITEMS
        ]
        items = await asyncio.gather(*(http.get(f"{self.base}/v0/item/{i}.json") for i in ids), return_exceptions=True)
        for item_resp in items:
            if isinstance(item_resp, BaseException) or item_resp.status_code != 200:
                continue
            item = item_resp.json()
            if not isinstance(item, dict) or item.get("deleted") or item.get("by") != account.handle:
                continue
            text = html_to_text(item.get("text") or item.get("title") or "")
            if not text:
                continue
            when = iso(item.get("time"))
            kind = "comment" if item.get("type") == "comment" else "post"
            account.documents.append(
                Document(
                    account=account.id,
                    source=f"{kind}:{item['id']}",
                    text=text,
                    url=f"https://news.ycombinator.com/item?id={item['id']}",
                    timestamp=when,
                )
            )
            if when and (account.last_active is None or when > account.last_active):
                account.last_active = when
        return account
