"""Codeberg, and any Gitea or Forgejo host (point it there with --endpoint codeberg=https://host): /api/v1/users/{u}."""
from __future__ import annotations

from collectors.base import Collector, field_documents, latest
from footprint.model import Account

PROFILE_FIELDS = {"full_name": "name", "location": "location", "website": "website", "description": "bio", "email": "email"}


class Codeberg(Collector):
    network = "codeberg"
    default_base = "https://codeberg.org"
    profile_template = "https://codeberg.org/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/api/v1/users/{handle}")
        if (early := self.unless_ok(handle, resp)) is not None:
            return early
        user = resp.json()
        login = user["login"]
        account = self.account(login, "found", "profile returned by the API")
        if "noreply" in str(user.get("email", "")):
            user = {**user, "email": ""}  # Forgejo shows a placeholder unless the address was made public
        account.profile = {k: user.get(k) for k in (*PROFILE_FIELDS, "created", "last_login", "followers_count") if user.get(k)}
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        if user.get("website"):
            account.links.append(("url", user["website"], "website"))
        if user.get("email"):
            account.links.append(("email", user["email"], "email"))
        last = user.get("last_login")
        account.last_active = latest(last if last and not last.startswith("0001") else None)
        return account
