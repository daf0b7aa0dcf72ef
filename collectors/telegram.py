"""Telegram: the public t.me/{u} page's meta tags (name, bio). A missing user gets a page without a title block."""

from __future__ import annotations

import html
import re

from collectors.base import Collector, text_documents
from footprint.model import Account

_META = re.compile(r'<meta[^>]+property="og:(title|description)"[^>]*content="([^"]*)"', re.I)
# What t.me shows for a user who wrote no bio, in both wordings checkers meet: "If you have Telegram, you can
# contact @x right away." and "You can contact @x right away." It is Telegram's sentence, not the person's.
_NO_BIO = re.compile(r"(?:if you have telegram, )?you can contact @[\w.]+ right away\.?", re.I)


def bio_of(description: str) -> str:
    """The person's bio, or '' where the page only carries Telegram's own placeholder."""
    text = " ".join(description.split())
    return "" if _NO_BIO.fullmatch(text) else text


class Telegram(Collector):
    network = "telegram"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/{self.segment(handle)}")
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        page = resp.text
        if "tgme_page" not in page:
            return self.account(handle, "unknown", "not a Telegram page (blocked or changed)")
        if "tgme_page_title" not in page:
            return self.account(handle, "not_found", "no public page (no title block)")
        meta = {k.lower(): html.unescape(v).strip() for k, v in _META.findall(page)}
        bio = bio_of(meta.get("description", ""))
        account = self.account(handle, "found", "public page with a title block")
        account.profile = {"name": meta.get("title"), "bio": bio or None}
        if "subscribers" in page or "members" in page:
            account.profile["kind"] = "channel or group"
        text_documents(
            account,
            [("field:name", meta.get("title", ""), account.url, None), ("field:bio", bio, account.url, None)],
        )
        return account
