"""Stack Exchange: a display-name search on Stack Overflow. It returns candidates, never a certain match.

`inname` matches any part of a display name ("kevin" finds "Kevin Montrose" too), so the search is bounded
to the name itself: sort=name with min and max both the name (the /users docs: min and max apply to the sort
field). Only an exact display name counts; when the answer says there are more (`has_more`) and none of
those read was exact, nobody can say there is none: `unknown`, never `not_found`.
"""

from __future__ import annotations

import os

from collectors.base import Collector, from_unix, html_text
from footprint.model import Account

PAGE = 100  # the most the API gives in one page


class StackExchange(Collector):
    network = "stackexchange"

    async def fetch(self, handle: str, http) -> Account:
        params = {
            "inname": handle,
            "site": "stackoverflow",
            "sort": "name",
            "order": "asc",
            "min": handle,
            "max": handle,
            "pagesize": str(PAGE),
        }
        if os.environ.get("STACKEXCHANGE_KEY"):
            params["key"] = os.environ["STACKEXCHANGE_KEY"]
        resp = await http.get(f"{self.base}/2.3/users", params=params)
        if resp.status_code != 200:
            return self.unknown_for(handle, resp)
        body = resp.json()
        if isinstance(body.get("backoff"), (int, float)) and hasattr(http, "cool_down"):
            # "an application must wait that number of seconds before calling that method again": honoured
            # whole (a later call in this scan is not made before then)
            http.cool_down(resp.url.host, float(body["backoff"]))
        items = [i for i in body.get("items") or [] if isinstance(i, dict)]
        exact = [i for i in items if html_text(i.get("display_name")).casefold() == handle.casefold()]
        if not exact and body.get("has_more") is True:
            return self.account(
                handle, "unknown", f"too many users with names like this to check ({len(items)} read, more not)"
            )
        if not exact:
            return self.account(
                handle, "not_found", f"no user with exactly this display name ({len(items)} with similar names)"
            )
        user = {**exact[0], "display_name": html_text(exact[0].get("display_name"))}
        more = "+" if body.get("has_more") is True else ""
        account = self.account(
            handle,
            "found",
            f"name search: {len(exact)}{more} user(s) with this display name; the same name is not proof it is the same person",
        )
        account.url = user.get("link") or account.url
        account.confidence = 0.4 if len(exact) == 1 and not more else 0.2
        account.evidence.append(f"display name equals {handle!r}; Stack Exchange names are not unique")
        account.profile = {k: user.get(k) for k in (*self.info.fields, "reputation", "account_id") if user.get(k)}
        account.profile["candidates"] = [i.get("link") for i in exact[:5]]
        account.profile["last_access"] = from_unix(user.get("last_access_date"))
        account.documents = self.field_documents(account, user)
        if user.get("website_url"):
            account.links.append(("url", user["website_url"], "website_url"))
        account.last_active = account.profile["last_access"]
        return account
