"""Reddit: the Data API needs OAuth. With REDDIT_TOKEN set, read /user/{u}/about; without it, say so as `unknown`."""

from __future__ import annotations

import os

from collectors.base import Collector, from_unix, text_documents
from collectors.http import USER_AGENT
from footprint.model import Account


class Reddit(Collector):
    network = "reddit"

    async def fetch(self, handle: str, http) -> Account:
        token = os.environ.get("REDDIT_TOKEN")
        if not token:
            return self.account(
                handle,
                "unknown",
                "Reddit needs an OAuth token for any lookup: set REDDIT_TOKEN to check",
                needs="REDDIT_TOKEN",
            )
        resp = await http.get(
            f"{self.base}/user/{self.segment(handle)}/about",
            headers={"Authorization": f"Bearer {token}", "User-Agent": f"python:footprint:0.1 ({USER_AGENT})"},
        )
        if (early := self.unless_ok(handle, resp)) is not None:
            return early
        data = resp.json().get("data") or {}
        if data.get("is_suspended"):
            return self.account(handle, "found", "account exists but is suspended")
        account = self.account(data.get("name", handle), "found", "profile returned by the API")
        bio = (data.get("subreddit") or {}).get("public_description") or ""
        account.profile = {
            "created": from_unix(data.get("created_utc")),
            "bio": bio,
            "karma": (data.get("link_karma") or 0) + (data.get("comment_karma") or 0),
        }
        text_documents(account, [("field:bio", bio, account.url, None)])
        return account
