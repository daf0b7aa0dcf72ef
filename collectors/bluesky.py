"""Bluesky: the public AppView's getProfile and the author feed (no login; a bare name means name.bsky.social),
and the handles the account had before, from the PLC directory's public audit log."""

from __future__ import annotations

from collectors.base import Collector, add_media, latest, text_documents
from footprint import networks
from footprint.model import Account, Document

RECENT = 20
PLC_DIRECTORY = "https://plc.directory"
DID_PLC = r"did:plc:[a-z0-9]{1,64}"


def full_handle(handle: str) -> str:
    return handle.lower() if "." in handle else handle.lower() + networks.get("bluesky").default_domain


def _images(embed: object) -> list[dict]:
    """The pictures of a post's embed view: an image embed, or the media half of a quote with media."""
    if not isinstance(embed, dict):
        return []
    media = embed.get("media")
    images = (media if isinstance(media, dict) else embed).get("images")
    return [i for i in images if isinstance(i, dict)] if isinstance(images, list) else []


class Bluesky(Collector):
    network = "bluesky"

    @property
    def directory(self) -> str:
        # --endpoint bluesky=URL points the AppView at URL and the PLC directory at URL/plc
        return PLC_DIRECTORY if self.base == self.default_base else f"{self.base}/plc"

    async def fetch(self, handle: str, http) -> Account:
        actor = full_handle(handle)
        resp = await http.get(f"{self.base}/xrpc/app.bsky.actor.getProfile", params={"actor": actor})
        if resp.status_code == 400 and "not found" in resp.text.lower():
            return self.account(actor, "not_found", "profile not found (400)")
        if resp.status_code != 200:
            return self.unknown_for(actor, resp)
        data = resp.json()
        account = self.account(data["handle"], "found", "profile returned by the public API")
        account.profile = {
            k: data.get(k)
            for k in (*self.info.fields, "did", "createdAt", "postsCount", "followersCount", "avatar", "banner")
            if data.get(k) is not None
        }
        account.documents = self.field_documents(account, data)
        if data.get("website"):
            account.links.append(("url", data["website"], "website"))
        if str(data.get("did", "")).startswith("did:plc:"):
            await self._previous_handles(account, data["did"], http)
        feed = await http.get(
            f"{self.base}/xrpc/app.bsky.feed.getAuthorFeed", params={"actor": data["handle"], "limit": str(RECENT)}
        )
        if feed.status_code == 200:
            for item in feed.json().get("feed") or []:
                post = (item or {}).get("post") or {}
                record = post.get("record") or {}
                if (post.get("author") or {}).get("did", data.get("did")) != data.get("did"):
                    continue  # a repost of someone else's words
                rkey = str(post.get("uri", "")).rsplit("/", 1)[-1]
                url = f"https://bsky.app/profile/{data['handle']}/post/{rkey}"
                text_documents(account, [(f"post:{rkey}", record.get("text", ""), url, record.get("createdAt"))])
                for image in _images(post.get("embed")):
                    add_media(account, f"post:{rkey}", image.get("fullsize"))
                account.last_active = latest(account.last_active, record.get("createdAt"))
        return account

    async def _previous_handles(self, account: Account, did: str, http) -> None:
        """Changing a Bluesky handle does not hide the old one: every change stays in the public audit log.
        Old handles are kept as evidence, never followed (someone else may hold the name now)."""
        url = f"{self.directory}/{self.segment(did, DID_PLC)}/log/audit"
        resp = await http.get(url)
        if resp.status_code != 200 or not isinstance(log := resp.json(), list):
            return
        history: list[tuple[str, str]] = []  # (handle, since)
        for entry in log:
            if not isinstance(entry, dict) or entry.get("nullified"):
                continue
            op = entry.get("operation") or {}
            names = [a[5:] for a in op.get("alsoKnownAs") or [] if isinstance(a, str) and a.startswith("at://")]
            handle = names[0] if names else op.get("handle")  # the first "create" operations named it directly
            if isinstance(handle, str) and handle and (not history or history[-1][0] != handle.lower()):
                history.append((handle.lower(), str(entry.get("createdAt", ""))))
        for (old, since), (_, until) in zip(history, history[1:], strict=False):
            if old == account.handle.lower():
                continue
            account.profile.setdefault("previous_handles", []).append({"handle": old, "from": since, "until": until})
            label = self.info.label("previousHandle")
            account.documents.append(
                Document(
                    account=account.id,
                    source=f"field:{label}",
                    field="previousHandle",
                    text=old,
                    url=url,
                    timestamp=until or None,
                )
            )
