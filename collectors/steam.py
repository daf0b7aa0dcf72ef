"""Steam Community: the profile's XML view (/id/{vanity}/?xml=1): display name, real name, location, summary, member since."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from collectors.base import Collector, field_documents, html_text
from footprint.model import Account

PROFILE_FIELDS = {"realname": "name", "location": "location", "summary": "bio", "steamID": "display_name"}


class Steam(Collector):
    network = "steam"
    default_base = "https://steamcommunity.com"
    profile_template = "https://steamcommunity.com/id/{handle}"

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/id/{handle}/", params={"xml": "1"})
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        if "<!doctype html" in resp.text[:200].lower():
            return self.account(handle, "unknown", "got a web page where XML was expected")
        try:
            root = ET.fromstring(resp.content)
        except ET.ParseError:
            return self.account(handle, "unknown", "malformed response")
        if root.tag == "response" and root.find("error") is not None:
            return self.account(handle, "not_found", "no such profile (Steam says: " + (root.findtext("error") or "").strip()[:60] + ")")
        if root.tag != "profile" or not root.findtext("steamID64"):
            return self.account(handle, "unknown", "malformed response")
        data = {child.tag: (child.text or "").strip() for child in root if len(child) == 0}
        data["summary"] = html_text(data.get("summary", ""))
        account = self.account(data.get("customURL") or handle, "found", "profile returned by the XML view")
        account.profile = {k: data.get(k) for k in (*PROFILE_FIELDS, "memberSince", "onlineState", "privacyState", "steamID64") if data.get(k)}
        account.documents = field_documents(account.id, data, PROFILE_FIELDS, account.url)
        if data.get("privacyState") and data["privacyState"] != "public":
            account.profile["note"] = "profile is not public; only the basics show"
        return account
