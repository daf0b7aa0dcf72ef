"""Duolingo (undocumented, can break): /2017-06-30/users?username= (name, bio, streak, courses, join date)."""
from __future__ import annotations

from collectors.base import Collector, field_documents, from_unix
from footprint.model import Account

PROFILE_FIELDS = {"name": "name", "bio": "bio"}


class Duolingo(Collector):
    network = "duolingo"
    default_base = "https://www.duolingo.com"
    profile_template = "https://www.duolingo.com/profile/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/2017-06-30/users", params={"username": handle})
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        users = resp.json().get("users")
        if users == []:
            return self.account(handle, "not_found", "no such user (empty list)")
        user = users[0]
        account = self.account(user["username"], "found", "profile returned by the (undocumented) API")
        courses = [c.get("title") for c in user.get("courses") or [] if isinstance(c, dict) and c.get("title")]
        account.profile = {**{k: user.get(k) for k in PROFILE_FIELDS if user.get(k)}, "joined": from_unix(user.get("creationDate")),
                           "streak": user.get("streak"), "courses": courses, "total_xp": user.get("totalXp")}
        account.documents = field_documents(account.id, user, PROFILE_FIELDS, account.url)
        streak_end = ((user.get("streakData") or {}).get("currentStreak") or {}).get("endDate")
        if streak_end:
            account.last_active = f"{streak_end}T00:00:00+00:00"
        return account
