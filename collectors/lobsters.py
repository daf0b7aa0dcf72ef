"""Lobsters: /~{u}.json (about, homepage, linked GitHub/X handles, who invited them)."""
from __future__ import annotations

from collectors.base import Collector, field_documents
from footprint.model import Account

PROFILE_FIELDS = {"about": "bio", "homepage": "website"}


class Lobsters(Collector):
    network = "lobsters"
    default_base = "https://lobste.rs"
    profile_template = "https://lobste.rs/~{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/~{handle}.json")
        if (early := self.unless_ok(handle, resp)) is not None:
            return early
        user = resp.json()
        account = self.account(user["username"], "found", "profile returned by the site's JSON")
        account.profile = {k: user.get(k) for k in (*PROFILE_FIELDS, "created_at", "karma", "invited_by_user",
                                                    "github_username", "twitter_username", "mastodon_username") if user.get(k)}
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        for field, network in (("github_username", "github"), ("twitter_username", "x"), ("mastodon_username", "mastodon")):
            if user.get(field):
                account.links.append(("handle", f"{network}:{user[field]}", field))
        if user.get("homepage"):
            account.links.append(("url", user["homepage"], "homepage"))
        if user.get("invited_by_user"):
            account.profile["invited_by"] = f"https://lobste.rs/~{user['invited_by_user']}"
        return account
