"""Chess.com Published-Data API: /pub/player/{u} (name, location, country, joined, last online)."""
from __future__ import annotations

from collectors.base import Collector, field_documents, from_unix
from footprint.model import Account

PROFILE_FIELDS = {"name": "name", "location": "location"}


class ChessCom(Collector):
    network = "chesscom"
    default_base = "https://api.chess.com"
    profile_template = "https://www.chess.com/member/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/pub/player/{handle.lower()}")
        if resp.status_code in (404, 410):
            return self.account(handle, "not_found", f"no such player ({resp.status_code})")
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        user = resp.json()
        account = self.account(user["username"], "found", "profile returned by the API")
        account.url = user.get("url") or account.url
        country = str(user.get("country", "")).rstrip("/").rsplit("/", 1)[-1]
        account.profile = {**{k: user.get(k) for k in PROFILE_FIELDS if user.get(k)}, "country": country or None,
                           "joined": from_unix(user.get("joined")), "last_online": from_unix(user.get("last_online")),
                           "status": user.get("status")}
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        if country:
            account.documents += field_documents(account.id, {"country": country}, {"country": "country"}, account.url)
        if user.get("twitch_url"):
            account.links.append(("url", user["twitch_url"], "twitch_url"))
        account.last_active = account.profile["last_online"]
        return account
