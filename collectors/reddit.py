"""Reddit: the Data API needs OAuth. With REDDIT_TOKEN set, read /user/{u}/about; without it, say so as `unknown`."""

from __future__ import annotations

import os

from collectors.base import Collector, from_unix, text_documents
from footprint.handles import InvalidHandle
from footprint.model import Account
from footprint.version import __version__


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
        owner = os.environ.get("REDDIT_USERNAME", "").strip().removeprefix("/u/").removeprefix("u/")
        if not owner or not self.allowed(owner):
            return self.account(
                handle,
                "unknown",
                "Reddit wants the name of your Reddit account too: set REDDIT_USERNAME",
                needs="REDDIT_USERNAME",
            )
        resp = await http.get(
            f"{self.base}/user/{self.segment(handle)}/about",
            # raw_json=1: otherwise Reddit writes <, > and & as &lt;, &gt; and &amp; in every text
            params={"raw_json": "1"},
            headers={"Authorization": f"Bearer {token}", "User-Agent": self.user_agent(owner)},
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

    def allowed(self, name: str) -> bool:
        try:
            self.check_handle(name)  # a name Reddit could have: nothing else goes into the header
        except InvalidHandle:
            return False
        return True

    @staticmethod
    def user_agent(owner: str) -> str:
        """Reddit's required form, <platform>:<app ID>:<version string> (by /u/<reddit username>)."""
        return f"python:footprint:{__version__} (by /u/{owner})"
