"""Bluesky: the public AppView's getProfile and the author feed (no login; a bare name means name.bsky.social)."""
from __future__ import annotations

from collectors.base import Collector, field_documents, latest, text_documents
from footprint.model import Account

PROFILE_FIELDS = {"displayName": "name", "description": "bio", "pronouns": "pronouns", "website": "website"}
RECENT = 20


def full_handle(handle: str) -> str:
    return handle.lower() if "." in handle else f"{handle.lower()}.bsky.social"


class Bluesky(Collector):
    network = "bluesky"
    default_base = "https://public.api.bsky.app"
    profile_template = "https://bsky.app/profile/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        actor = full_handle(handle)
        resp = await http.get(f"{self.base}/xrpc/app.bsky.actor.getProfile", params={"actor": actor})
        if resp.status_code == 400 and "not found" in resp.text.lower():
            return self.account(actor, "not_found", "profile not found (400)")
        if resp.status_code != 200:
            return self.unknown_for(actor, resp)
        data = resp.json()
        account = self.account(data["handle"], "found", "profile returned by the public API")
        account.profile = {k: data.get(k) for k in (*PROFILE_FIELDS, "did", "createdAt", "postsCount", "followersCount") if data.get(k) is not None}
        account.documents = field_documents(account.id, data, PROFILE_FIELDS, account.url)
        if data.get("website"):
            account.links.append(("url", data["website"], "website"))
        feed = await http.get(f"{self.base}/xrpc/app.bsky.feed.getAuthorFeed", params={"actor": data["handle"], "limit": str(RECENT)})
        if feed.status_code == 200:
            for item in (feed.json().get("feed") or []):
                post = (item or {}).get("post") or {}
                record = post.get("record") or {}
                if (post.get("author") or {}).get("did", data.get("did")) != data.get("did"):
                    continue  # a repost of someone else's words
                rkey = str(post.get("uri", "")).rsplit("/", 1)[-1]
                url = f"https://bsky.app/profile/{data['handle']}/post/{rkey}"
                text_documents(account, [(f"post:{rkey}", record.get("text", ""), url, record.get("createdAt"))])
                account.last_active = latest(account.last_active, record.get("createdAt"))
        return account
