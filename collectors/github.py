"""GitHub: GET /users/{u} and /users/{u}/social_accounts (REST API, no login; 60 requests/hour per IP)."""

from __future__ import annotations

import asyncio
import os
import time

from collectors.base import Collector, latest
from collectors.http import HostPaused, HttpLike, exhausted, retry_after
from footprint.model import Account, Document


class GitHub(Collector):
    network = "github"

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        token = os.environ.get("GITHUB_TOKEN")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def fetch(self, handle: str, http: HttpLike) -> Account:
        # Every request is {base}/users/{one segment}/...: the only shape the token is ever sent to.
        user = f"{self.base}/users/{self.segment(handle)}"
        try:
            user_resp, social_resp, repos_resp, events_resp = await asyncio.gather(
                http.get(user, headers=self.headers()),
                http.get(f"{user}/social_accounts", headers=self.headers()),
                http.get(
                    f"{user}/repos",
                    params={"type": "owner", "sort": "pushed", "per_page": "10"},
                    headers=self.headers(),
                ),
                http.get(f"{user}/events/public", params={"per_page": "30"}, headers=self.headers()),
            )
        except HostPaused as paused:  # an earlier answer used up the hour's allowance: not asked again before it resets
            return self.account(handle, "unknown", self.used_up(paused.seconds))
        if user_resp.status_code in (403, 429) and exhausted(user_resp):
            return self.account(handle, "unknown", self.used_up(retry_after(user_resp)))
        if (early := self.unless_ok(handle, user_resp)) is not None:
            return early
        user = user_resp.json()
        if not isinstance(user, dict) or not isinstance(user.get("login"), str):
            return self.account(handle, "unknown", "malformed response")
        login = user["login"]
        account = self.account(login, "found", "profile returned by the API")
        account.url = user.get("html_url") or account.url
        account.profile = {
            k: user.get(k)
            for k in (
                *self.info.fields,
                "avatar_url",
                "created_at",
                "updated_at",
                "public_repos",
                "followers",
                "hireable",
            )
        }
        account.last_active = user.get("updated_at")
        account.documents = self.field_documents(account, user)
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
        self.add_activity(account, repos_resp, events_resp)
        return account

    def used_up(self, seconds: float | None) -> str:
        """The hour's allowance is spent: when it comes back, and (without a token) what lifts it."""
        until = f" (until {time.strftime('%H:%M', time.localtime(time.time() + seconds))})" if seconds else ""
        key = "used_up_with_token" if os.environ.get("GITHUB_TOKEN") else "used_up"
        return str(self.info.options[key]).format(until=until)

    @staticmethod
    def add_activity(account: Account, repos_resp, events_resp) -> None:
        """Last activity is the newest public event or push; repo homepages are links like the blog."""
        stamps = [account.last_active]
        if repos_resp.status_code == 200 and isinstance(repos_resp.json(), list):
            repos = [r for r in repos_resp.json() if isinstance(r, dict)]
            account.profile["repos"] = [
                {"name": r.get("name"), "language": r.get("language"), "pushed_at": r.get("pushed_at")} for r in repos
            ]
            stamps += [r.get("pushed_at") for r in repos]
            for r in repos:
                if r.get("homepage"):
                    account.links.append(("url", r["homepage"], f"repos:{r.get('name')}:homepage"))
                if r.get("description"):
                    account.documents.append(
                        Document(
                            account=account.id,
                            source=f"repo:{r.get('name')}",
                            field="description",
                            text=str(r["description"]),
                            url=r.get("html_url"),
                            timestamp=r.get("pushed_at"),
                        )
                    )
        if events_resp.status_code == 200 and isinstance(events_resp.json(), list):
            events = [e for e in events_resp.json() if isinstance(e, dict)]
            stamps += [e.get("created_at") for e in events]
            account.profile["recent_events"] = len(events)
        account.last_active = latest(*[s for s in stamps if isinstance(s, str)])
