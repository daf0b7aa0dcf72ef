"""Medium: the author's RSS feed (/feed/@{u}): the last ten posts with dates (how often and when they write)."""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET

import httpx

from collectors.base import Collector, html_text, latest, text_documents
from collectors.http import describe_status
from footprint.model import Account


def rfc822(value: str | None) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(value).isoformat() if value else None
    except (TypeError, ValueError):
        return None


def cloudflare(response: httpx.Response) -> bool:
    """Cloudflare answered for the site: its headers, or its challenge page ('Just a moment...')."""
    headers = response.headers
    if "cloudflare" in headers.get("server", "").lower() or "cf-mitigated" in headers or "cf-ray" in headers:
        return True
    head = response.text[:5000].lower()
    return "just a moment" in head or "attention required! | cloudflare" in head


class Medium(Collector):
    network = "medium"

    def unknown_for(self, handle: str, response: httpx.Response):
        """Medium's own words for a 403 only when it is Cloudflare's: another 403 is said as it is."""
        if response.status_code == 403 and not cloudflare(response):
            return self.account(handle, "unknown", describe_status(response))
        return super().unknown_for(handle, response)

    async def fetch(self, handle: str, http) -> Account:
        resp = await http.get(f"{self.base}/feed/@{self.segment(handle)}")
        if resp.status_code in (404, 410):
            return self.account(handle, "not_found", f"no such author ({resp.status_code})")
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        try:
            channel = ET.fromstring(resp.content).find("channel")
        except ET.ParseError:
            return self.account(handle, "unknown", "malformed response (not RSS)")
        if channel is None:
            return self.account(handle, "unknown", "malformed response (no channel)")
        account = self.account(handle, "found", "author feed returned")
        title = (channel.findtext("title") or "").strip()
        account.profile = {"feed_title": title, "last_build": rfc822(channel.findtext("lastBuildDate"))}
        for item in channel.findall("item")[:10]:
            when = rfc822(item.findtext("pubDate"))
            cats = ", ".join(c.text or "" for c in item.findall("category"))
            text = (item.findtext("title") or "").strip() + (f" ({cats})" if cats else "")
            text_documents(
                account,
                [
                    (
                        f"post:{item.findtext('guid') or item.findtext('link')}",
                        html_text(text),
                        item.findtext("link"),
                        when,
                    )
                ],
            )
            account.last_active = latest(account.last_active, when)
        return account
