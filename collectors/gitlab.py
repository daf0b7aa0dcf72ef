"""GitLab.com: /api/v4/users?username= gives the id, /api/v4/users/{id} the public profile (job, organisation, pronouns, links)."""
from __future__ import annotations

import os

from collectors.base import Collector, field_documents
from footprint.model import Account

PROFILE_FIELDS = {"name": "name", "bio": "bio", "location": "location", "organization": "organization",
                  "job_title": "job_title", "pronouns": "pronouns", "public_email": "email", "website_url": "website",
                  "work_information": "work_information"}
LINKED = {"twitter": "x", "linkedin": "linkedin", "discord": "discord", "github": "github", "bluesky": "bluesky",
          "mastodon": "mastodon"}


class GitLab(Collector):
    network = "gitlab"
    default_base = "https://gitlab.com"
    profile_template = "https://gitlab.com/{handle}"

    def headers(self) -> dict[str, str]:
        token = os.environ.get("GITLAB_TOKEN")
        return {"PRIVATE-TOKEN": token} if token else {}

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/api/v4/users", params={"username": handle}, headers=self.headers())
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        matches = resp.json()
        if matches == []:
            return self.account(handle, "not_found", "no such user (empty list)")
        basic = matches[0]
        detail = await http.get(f"{self.base}/api/v4/users/{int(basic['id'])}", headers=self.headers())
        user = detail.json() if detail.status_code == 200 else basic
        account = self.account(user.get("username") or handle, "found", "profile returned by the API")
        account.url = user.get("web_url") or account.url
        account.profile = {k: user.get(k) for k in (*PROFILE_FIELDS, "created_at", "local_time", "state", *LINKED) if user.get(k)}
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        for field, network in LINKED.items():
            if user.get(field):
                value = str(user[field])
                kind, val = ("url", value) if value.startswith("http") else ("handle", f"{network}:{value}")
                account.links.append((kind, val, field))
        if user.get("website_url"):
            account.links.append(("url", user["website_url"], "website_url"))
        if user.get("public_email"):
            account.links.append(("email", user["public_email"], "public_email"))
        account.last_active = user.get("last_activity_on")
        if user.get("state") == "blocked":
            account.profile["note"] = "account blocked by GitLab"
        return account
