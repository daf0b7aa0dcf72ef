"""Keybase: user lookup with proofs, the cryptographically linked accounts of a person."""

from __future__ import annotations

import asyncio

from collectors.base import Collector
from collectors.http import HttpLike
from footprint.model import Account, Status


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
                if found is not None and self.proves(found, service, handle):
                    user, reason = found, f"Keybase user with a signed proof of the {service} account {handle!r}"
                    break
        if user is None:
            return early  # type: ignore[return-value]
        name = (user.get("basics") or {}).get("username") or handle
        profile = user.get("profile") or {}
        account = self.account(name, "found", reason)
        claimed = [p for p in (user.get("proofs_summary") or {}).get("all") or [] if isinstance(p, dict)]
        # only a proof Keybase checked and still holds good links two accounts; a revoked or failing one does not
        proofs = [p for p in claimed if p.get("state") == self.info.options["proof_ok"]]
        account.profile = {**{k: profile.get(k) for k in self.info.fields}, "proofs": proofs}
        if len(claimed) > len(proofs):
            account.profile["proofs_not_good"] = len(claimed) - len(proofs)
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

    def proves(self, user: dict, service: str, handle: str) -> bool:
        """Whether the user holds a good proof of `handle` on `service` (what a reverse lookup is taken on)."""
        proofs = (user.get("proofs_summary") or {}).get("all") or []
        return any(
            isinstance(p, dict)
            and p.get("proof_type") == service
            and str(p.get("nametag", "")).casefold() == handle.casefold()
            and p.get("state") == self.info.options["proof_ok"]
            for p in proofs
        )

    async def _lookup(self, by: dict[str, str], handle: str, http: HttpLike) -> tuple[dict | None, Account | None]:
        """(the user, None) when Keybase knows one; else (None, the account to report: not_found or unknown)."""
        resp = await http.get(
            f"{self.base}/_/api/1.0/user/lookup.json", params={**by, "fields": "basics,profile,proofs_summary"}
        )
        if resp.status_code != 200:
            return None, self.unknown_for(handle, resp)
        body = resp.json()
        status = body.get("status", {}) if isinstance(body, dict) else {}
        code = status.get("code") if isinstance(status, dict) else None
        if code not in (0, None):
            # Keybase answers in a 200 with a status code of its own: some say there is no such user, the
            # rest (throttling, a server error) say nothing about the account
            known = self.info.options["status"].get(str(code))
            said: Status = "not_found" if known and known[0] == "not_found" else "unknown"
            why = known[1] if known else f"Keybase could not answer (status {code})"
            name = str(status.get("name") or "")[:40]
            return None, self.account(handle, said, f"{why} (keybase status {code}{' ' + name if name else ''})")
        user = (body.get("them") or [None])[0]
        if not user:
            return None, self.account(handle, "not_found", "no such user (them: [null])")
        return user, None
