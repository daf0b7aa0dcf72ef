"""Gravatar v3: a profile by email hash (SHA-256) or profile slug; whenever an email is known or found."""

from __future__ import annotations

import hashlib
import os
import re

from collectors.base import Collector
from footprint.handles import InvalidHandle, valid_host
from footprint.model import Account

HASH_OR_SLUG = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9.-]{1,253})")


def profile_key(handle: str) -> str:
    """An email becomes its SHA-256 hash (Gravatar never needs the address itself); a slug stays as it is."""
    if "@" in handle:
        return hashlib.sha256(handle.strip().lower().encode()).hexdigest()
    return handle


class Gravatar(Collector):
    """A module, not an engine entry: the lookup key is derived from the handle (an email never leaves this
    computer, only its hash) and the account's name comes from the answer."""

    network = "gravatar"

    def check_handle(self, handle: str) -> None:
        """An email address (only its hash is sent) or a profile slug."""
        if "@" in handle:
            m = _EMAIL.fullmatch(handle.strip())
            if m is None or not valid_host(m.group(1)):
                raise InvalidHandle(f"{handle!r} is not an email address")
            return
        self.segment(handle)

    def headers(self) -> dict[str, str]:
        key = os.environ.get("GRAVATAR_API_KEY")
        return {"Authorization": f"Bearer {key}"} if key else {}

    async def fetch(self, handle: str, http) -> Account:
        key = profile_key(handle)
        resp = await http.get(f"{self.base}/v3/profiles/{self.segment(key, HASH_OR_SLUG)}", headers=self.headers())
        if (early := self.unless_ok(handle, resp, "no Gravatar profile (404)")) is not None:
            return early
        data = resp.json()
        slug = str(data.get("profile_url", "")).rstrip("/").rsplit("/", 1)[-1] or handle
        account = self.account(
            slug, "found", "profile returned by the API" + (" for the email's hash" if "@" in handle else "")
        )
        account.url = data.get("profile_url") or account.url
        account.profile = {k: data.get(k) for k in (*self.info.fields, "hash", "avatar_url") if data.get(k)}
        account.documents = self.field_documents(account, data)
        for v in data.get("verified_accounts") or []:
            if isinstance(v, dict) and v.get("url"):
                account.links.append(("url", v["url"], f"verified_accounts:{v.get('service_type', 'web')}"))
        return account
