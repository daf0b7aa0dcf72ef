"""Mastodon and the fediverse: WebFinger for user@instance, then the account lookup and recent public posts.

A bare handle is tried on a configurable list of large instances (options.instances in the catalogue); a match
there may be a different person with the same name, so it gets a lower confidence.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from collectors.base import Collector, add_media, hrefs, html_text, latest, text_documents
from collectors.http import describe_error
from collectors.transport.guard import public_host
from footprint import networks
from footprint.handles import RECORD_VALUE, InvalidHandle, valid_host
from footprint.model import Account, Document

INSTANCES: tuple[str, ...] = networks.get("mastodon").options["instances"]
RECENT = 20


class Mastodon(Collector):
    network = "mastodon"

    def profile_url(self, handle: str) -> str:
        user, _, instance = handle.partition("@")
        return self.info.profile.format(instance=instance or INSTANCES[0], user=user)

    def check_handle(self, handle: str) -> None:
        """user, or user@instance with a server name as the instance (never an address or a path)."""
        user, at, instance = handle.partition("@")
        self.segment(user)
        if at and not valid_host(instance):
            raise InvalidHandle(f"{instance!r} is not a server name")

    def server(self, instance: str) -> str:
        return self.base.replace("{instance}", instance)

    async def fetch(self, handle: str, http) -> Account:
        if "@" in handle:
            return await self.on_instance(handle, http)
        results = await asyncio.gather(
            *(self.on_instance(f"{handle}@{i}", http) for i in INSTANCES), return_exceptions=True
        )
        accounts = [
            r if isinstance(r, Account) else self.account(handle, "unknown", describe_error(r)) for r in results
        ]
        found = [a for a in accounts if a.status == "found"]
        if found:
            best = found[0]
            best.confidence = 0.6
            best.evidence.append(
                f"bare handle: the same name exists on {len(found)} of {len(INSTANCES)} large instances; may be someone else"
            )
            return best
        unknown = [a for a in accounts if a.status == "unknown"]
        if unknown:  # "not found" needs every instance to say so
            return self.account(
                handle, "unknown", f"{len(unknown)} of {len(INSTANCES)} instances did not answer: {unknown[0].reason}"
            )
        return self.account(handle, "not_found", f"not on {', '.join(INSTANCES)}")

    async def on_instance(self, acct: str, http) -> Account:
        user, _, instance = acct.partition("@")
        if not valid_host(instance) or not public_host(instance):
            return self.account(acct, "unknown", f"refused: {instance} is not a public host")
        finger = await http.get(f"{self.server(instance)}/.well-known/webfinger", params={"resource": f"acct:{acct}"})
        if finger.status_code in (404, 410):
            return self.account(acct, "not_found", f"no such account on {instance} (webfinger {finger.status_code})")
        if finger.status_code != 200:
            return self.unknown_for(acct, finger)
        jrd = finger.json()
        subject = str(jrd.get("subject", "")).removeprefix("acct:")
        try:
            self.check_handle(subject)
        except InvalidHandle:
            subject = acct  # the answer names no account we could ask about: keep the one asked
        server = instance
        for link in jrd.get("links") or []:
            if isinstance(link, dict) and link.get("rel") == "self" and link.get("href"):
                server = urlsplit(link["href"]).hostname or instance  # the server may differ from the handle's domain
        if not valid_host(server) or not public_host(server):
            return self.account(acct, "unknown", f"refused: {server} is not a public host")
        resp = await http.get(f"{self.server(server)}/api/v1/accounts/lookup", params={"acct": subject.split("@")[0]})
        if (early := self.unless_ok(acct, resp, "no such account (lookup 404)")) is not None:
            return early
        data = resp.json()
        account = self.account(subject, "found", "account returned by WebFinger and the API")
        account.url = data.get("url") or account.url
        fields = [f for f in data.get("fields") or [] if isinstance(f, dict)]
        account.profile = {
            "display_name": data.get("display_name"),
            "note": html_text(data.get("note")),
            "created_at": data.get("created_at"),
            "last_status_at": data.get("last_status_at"),
            "statuses_count": data.get("statuses_count"),
            "bot": data.get("bot"),
            "avatar": data.get("avatar"),
            "header": data.get("header"),
            "fields": [
                {"name": f.get("name"), "value": html_text(f.get("value")), "verified": bool(f.get("verified_at"))}
                for f in fields
            ],
        }
        text_documents(
            account,
            [
                ("field:name", data.get("display_name") or "", account.url, None),
                ("field:bio", account.profile["note"], account.url, None),
            ],
        )
        for f in fields:
            value = html_text(f.get("value"))
            if value:
                account.documents.append(
                    Document(
                        account=account.id,
                        source=f"field:{f.get('name')}",
                        field=str(f.get("name")),
                        text=value,
                        url=account.url,
                    )
                )
            for href in hrefs(f.get("value")) or ([value] if value.startswith("http") else []):
                label = "verified" if f.get("verified_at") else "field"
                account.links.append(("url", href, f"fields:{label}:{f.get('name')}"))
        for href in hrefs(data.get("note")):
            account.links.append(("url", href, "note"))
        account.last_active = latest(data.get("last_status_at"))
        if data.get("id"):
            statuses = await http.get(
                f"{self.server(server)}/api/v1/accounts/{self.segment(str(data['id']), RECORD_VALUE)}/statuses",
                params={"limit": str(RECENT), "exclude_reblogs": "true"},
            )
            if statuses.status_code == 200 and isinstance(statuses.json(), list):
                for s in statuses.json():
                    if isinstance(s, dict):
                        text_documents(
                            account,
                            [(f"post:{s.get('id')}", html_text(s.get("content")), s.get("url"), s.get("created_at"))],
                        )
                        account.last_active = latest(account.last_active, s.get("created_at"))
                        for media in s.get("media_attachments") or []:
                            if isinstance(media, dict) and media.get("type") == "image":
                                add_media(account, f"post:{s.get('id')}", media.get("url"))
        return account
