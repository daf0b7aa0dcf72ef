"""Keybase: user lookup with proofs, the cryptographically linked accounts of a person."""
from __future__ import annotations

from collectors.base import Collector, field_documents
from collectors.http import Http
from footprint.model import Account

PROFILE_FIELDS = {"full_name": "name", "location": "location", "bio": "bio"}


class Keybase(Collector):
    network = "keybase"
    default_base = "https://keybase.io"
    profile_template = "https://keybase.io/{handle}"

    async def fetch(self, handle: str, http: Http) -> Account:
        resp = await http.get(
            f"{self.base}/_/api/1.0/user/lookup.json",
            params={"usernames": handle, "fields": "basics,profile,proofs_summary"},
        )
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        body = resp.json()
        status = body.get("status", {}) if isinstance(body, dict) else {}
        if status.get("code") not in (0, None):
            # Keybase answers an invalid or unknown name with a non-zero status code in a 200.
            return self.account(handle, "not_found", f"keybase status {status.get('code')}: {status.get('name', '')}".strip())
        them = body.get("them") or [None]
        user = them[0]
        if not user:
            return self.account(handle, "not_found", "no such user (them: [null])")
        name = (user.get("basics") or {}).get("username") or handle
        profile = user.get("profile") or {}
        account = self.account(name, "found", "profile returned by the API")
        proofs = (user.get("proofs_summary") or {}).get("all") or []
        account.profile = {**{k: profile.get(k) for k in PROFILE_FIELDS}, "proofs": proofs}
        ctime = (user.get("basics") or {}).get("ctime")
        account.documents = field_documents(account.id, profile, PROFILE_FIELDS, account.url)
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
