"""Lichess: /api/user/{u} (real name, location, flag, bio, links, last seen). One request at a time, as Lichess asks."""
from __future__ import annotations

from collectors.base import Collector, field_documents, from_unix
from footprint.model import Account

PROFILE_FIELDS = {"realName": "name", "location": "location", "bio": "bio", "flag": "country", "links": "links"}


class Lichess(Collector):
    network = "lichess"
    default_base = "https://lichess.org"
    profile_template = "https://lichess.org/@/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/api/user/{handle}")
        if (early := self.unless_ok(handle, resp)) is not None:
            return early
        user = resp.json()
        if user.get("closed") or user.get("disabled"):
            return self.account(user.get("username", handle), "not_found", "account closed")
        profile = dict(user.get("profile") or {})
        if not profile.get("realName") and (profile.get("firstName") or profile.get("lastName")):
            profile["realName"] = " ".join(p for p in (profile.get("firstName"), profile.get("lastName")) if p)
        account = self.account(user["username"], "found", "profile returned by the API")
        account.profile = {**{k: profile.get(k) for k in PROFILE_FIELDS if profile.get(k)},
                           "created": from_unix(user.get("createdAt"), millis=True), "seen": from_unix(user.get("seenAt"), millis=True)}
        account.documents = field_documents(account.id, profile, PROFILE_FIELDS, account.url)
        for line in str(profile.get("links") or "").split():
            if "." in line:
                account.links.append(("url", line if "://" in line else f"https://{line}", "profile.links"))
        account.last_active = account.profile["seen"]
        return account
