"""GitHub: GET /users/{u} and /users/{u}/social_accounts (REST API, no login; 60 requests/hour per IP)."""
from __future__ import annotations

import asyncio
import os

from collectors.base import Collector, field_documents
from collectors.http import Http
from footprint.model import Account

PROFILE_FIELDS = {
    "name": "name",
    "company": "company",
    "blog": "blog",
    "location": "location",
    "email": "email",
    "bio": "bio",
    "twitter_username": "twitter_username",
}


class GitHub(Collector):
    network = "github"
    default_base = "https://api.github.com"
    profile_template = "https://github.com/{handle}"

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        token = os.environ.get("GITHUB_TOKEN")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def fetch(self, handle: str, http: Http) -> Account:
        user_resp, social_resp = await asyncio.gather(
            http.get(f"{self.base}/users/{handle}", headers=self.headers()),
            http.get(f"{self.base}/users/{handle}/social_accounts", headers=self.headers()),
        )
        if user_resp.status_code == 404:
            return self.account(handle, "not_found", "no such user (404)")
        if user_resp.status_code != 200:
            return self.unknown_for(handle, user_resp)
        user = user_resp.json()
        if not isinstance(user, dict) or "login" not in user:
            return self.account(handle, "unknown", "malformed response")
        login = user["login"]
        account = self.account(login, "found", "profile returned by the API")
        account.url = user.get("html_url") or account.url
        account.profile = {k: user.get(k) for k in (*PROFILE_FIELDS, "avatar_url", "created_at", "updated_at", "public_repos", "followers", "hireable")}
        account.last_active = user.get("updated_at")
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        if user.get("twitter_username"):
            account.links.append(("handle", f"x:{user['twitter_username']}", "twitter_username"))
        if user.get("blog"):
            account.links.append(("url", user["blog"], "blog"))
        if user.get("email"):
            account.links.append(("email", user["email"], "email"))
        if social_resp.status_code == 200 and isinstance(social_resp.json(), list):
            for item in social_resp.json():
                if isinstance(item, dict) and item.get("url"):
                    account.links.append(("url", item["url"], f"social_accounts:{item.get('provider', 'generic')}"))
        return account
