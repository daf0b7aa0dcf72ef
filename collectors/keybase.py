"""Keybase: user lookup with proofs, the cryptographically linked accounts of a person."""

from __future__ import annotations

import asyncio

from collectors.base import Collector
from collectors.http import HttpLike
from footprint.model import Account


class Keybase(Collector):
    network = "keybase"

    async def fetch(self, handle: str, http: HttpLike) -> Account:
        user, early = await self._lookup({"usernames": handle}, handle, http)
        reason = "profile returned by the API"
        if user is None and early is not None and early.status == "not_found":
            # No Keybase user by that name, but one may have proved an account with it elsewhere: a signed,
            # public statement that this person owns github.com/{handle} or x.com/{handle}.
            # the proofs Keybase users made most (options.reverse_lookups); each is one more request
            reverse = self.info.options["reverse_lookups"]
            answers = await asyncio.gather(*(self._lookup({service: handle}, handle, http) for service in reverse))
            for service, (found, _) in zip(reverse, answers, strict=True):
                if found is not None:
                    user, reason = found, f"Keybase user with a signed proof of the {service} account {handle!r}"
                    break
        if user is None:
            return early  # type: ignore[return-value]
        name = (user.get("basics") or {}).get("username") or handle
        profile = user.get("profile") or {}
        account = self.account(name, "found", reason)
        proofs = (user.get("proofs_summary") or {}).get("all") or []
        account.profile = {**{k: profile.get(k) for k in self.info.fields}, "proofs": proofs}
        ctime = (user.get("basics") or {}).get("ctime")
        account.documents = self.field_documents(account, profile)
        if ctime:
            account.profile["created"] = ctime
        for proof in proofs:
            if proof.get("proof_type") and proof.get("nametag"):
                ptype = proof["proof_type"]
                if ptype in ("dns", "generic_web_site"):
                    account.links.append(("url", proof.get("service_url") or proof["nametag"], f"proof:{ptype}"))
                else:
                    account.links.append(("handle", f"{ptype}:{proof['nametag']}", f"proof:{ptype}"))
        return account

    async def _lookup(self, by: dict[str, str], handle: str, http: HttpLike) -> tuple[dict | None, Account | None]:
        """(the user, None) when Keybase knows one; else (None, the account to report: not_found or unknown)."""
        resp = await http.get(
            f"{self.base}/_/api/1.0/user/lookup.json", params={**by, "fields": "basics,profile,proofs_summary"}
        )
        if resp.status_code != 200:
            return None, self.unknown_for(handle, resp)
        body = resp.json()
        status = body.get("status", {}) if isinstance(body, dict) else {}
        if status.get("code") not in (0, None):
            # Keybase answers an invalid or unknown name with a non-zero status code in a 200.
            return None, self.account(
                handle, "not_found", f"keybase status {status.get('code')}: {status.get('name', '')}".strip()
            )
        user = (body.get("them") or [None])[0]
        if not user:
            return None, self.account(handle, "not_found", "no such user (them: [null])")
        return user, None
