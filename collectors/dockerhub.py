"""Docker Hub: /v2/users/{u}/ (full name, location, company, joined)."""
from __future__ import annotations

from collectors.base import Collector, field_documents
from footprint.model import Account

PROFILE_FIELDS = {"full_name": "name", "location": "location", "company": "company", "profile_url": "website"}


class DockerHub(Collector):
    network = "dockerhub"
    default_base = "https://hub.docker.com"
    profile_template = "https://hub.docker.com/u/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/v2/users/{handle.lower()}/")
        if (early := self.unless_ok(handle, resp)) is not None:
            return early
        user = resp.json()
        account = self.account(user["username"], "found", "profile returned by the API")
        account.profile = {k: user.get(k) for k in (*PROFILE_FIELDS, "date_joined") if user.get(k)}
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        if user.get("profile_url"):
            account.links.append(("url", user["profile_url"], "profile_url"))
        return account
