"""dev.to (Forem): the user by username and their latest articles."""
from __future__ import annotations

from collectors.base import Collector, field_documents, latest, text_documents
from footprint.model import Account

PROFILE_FIELDS = {"name": "name", "summary": "bio", "location": "location", "website_url": "website"}


class DevTo(Collector):
    network = "devto"
    default_base = "https://dev.to"
    profile_template = "https://dev.to/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/api/users/by_username", params={"url": handle})
        if (early := self.unless_ok(handle, resp)) is not None:
            return early
        user = resp.json()
        account = self.account(user["username"], "found", "profile returned by the API")
        account.profile = {k: user.get(k) for k in (*PROFILE_FIELDS, "joined_at", "twitter_username", "github_username") if user.get(k)}
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        if user.get("twitter_username"):
            account.links.append(("handle", f"x:{user['twitter_username']}", "twitter_username"))
        if user.get("github_username"):
            account.links.append(("handle", f"github:{user['github_username']}", "github_username"))
        if user.get("website_url"):
            account.links.append(("url", user["website_url"], "website_url"))
        articles = await http.get(f"{self.base}/api/articles", params={"username": user["username"], "per_page": "10"})
        if articles.status_code == 200 and isinstance(articles.json(), list):
            for a in articles.json():
                if isinstance(a, dict):
                    text = ". ".join(t for t in (a.get("title"), a.get("description")) if t)
                    text_documents(account, [(f"post:{a.get('id')}", text, a.get("url"), a.get("published_at"))])
                    account.last_active = latest(account.last_active, a.get("published_at"))
        return account
