"""One engine for the networks that are only "GET a document, read its fields": their `api` entry in the
catalogue (footprint/networks/NAME.json) says how to ask and how to read the answer, in the spirit of the
WhatsMyName format. A network that needs real logic has a module of its own instead.

How an answer is decided, in order:
1. a status in `not_found_status` (default [404]) is `not_found`; any other status but 200 is `unknown`;
2. the body is parsed as JSON, or as XML with `"format": "xml"` (the root's leaf children become the record,
   the root's tag is `_root`); a body that does not parse is `unknown` (malformed), and so is a web page
   where XML was expected;
3. `record` walks into the body ("users.0"); meeting one of `missing_values` on the way (an empty list, a
   null) is `not_found`; meeting anything else that is not there is malformed;
4. the first of `not_found_when` whose condition holds is `not_found` with its reason;
5. `require` must hold, else the answer is malformed (`unknown`): a body shaped unlike the network's is
   never taken as a found account;
6. otherwise the account is `found`: `detail` may fetch a fuller record (only with the token `detail_needs`
   names, where the network shows it to signed-in callers only: without it the account says what was not
   visible, `unseen`, and which token would show it), then fields become the profile and Documents, `links`
   the handles, websites and emails it points at, and `last_active` the latest sign of life; `page_links`
   may read the links a profile's web page marks rel="me"; `posts` may fetch recent posts.

A condition is {field: test}, every test holding: a plain value (equal), {"present": true} (shown: not
missing, null or ""), {"present": false}, or {"not": value} (shown and different).
"""

from __future__ import annotations

import html
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import httpx

from collectors.base import Collector, field_documents, from_unix, html_text, latest, text_documents
from collectors.http import HttpLike
from footprint.handles import RECORD_VALUE, InvalidHandle
from footprint.model import Account
from footprint.networks import thaw

_MISSING = object()


@lru_cache(maxsize=1)
def default_reasons() -> dict[str, str]:
    """The engine's own wording, where a network's entry does not give its own."""
    raw = json.loads((Path(__file__).parent / "data" / "engine.json").read_text(encoding="utf-8"))
    return dict(raw["reasons"])


class Malformed(ValueError):
    """The answer is not shaped like the network's documents: Collector.collect makes it `unknown`, with
    collectors/http.py's wording for a malformed response."""


class NotFound(Exception):
    """The answer says there is no such account; `record` is what it said it with, when there is one."""

    def __init__(self, reason: str, record: Mapping[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.record = record or {}


# --- reading a record --------------------------------------------------------------------------------


def dig(value: Any, path: str, missing: tuple[Any, ...] = ()) -> Any:
    """The value at a dotted path ("users.0", "streakData.currentStreak.endDate"); `*` maps over a list
    ("courses.*.title" is every course's title that is shown). A step that meets one of `missing` raises
    NotFound; a step that cannot be taken gives _MISSING."""
    for i, step in enumerate(path.split(".") if path else []):
        if any(value == m and type(value) is type(m) for m in missing):
            raise NotFound("empty")
        if step == "*":
            rest = ".".join(path.split(".")[i + 1 :])
            items = value if isinstance(value, (list, tuple)) else []
            return [v for v in (dig(item, rest) for item in items) if v not in (_MISSING, None, "")]
        if isinstance(value, Mapping):
            value = value.get(step, _MISSING)
        elif isinstance(value, (list, tuple)) and step.isdigit():
            value = value[int(step)] if int(step) < len(value) else _MISSING
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    if any(value == m and type(value) is type(m) for m in missing):
        raise NotFound("empty")
    return value


def shown(value: Any) -> bool:
    return value is not _MISSING and value is not None and value != ""


def holds(condition: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    for field, test in condition.items():
        value = dig(record, field)
        if isinstance(test, Mapping) and "present" in test:
            ok = shown(value) is bool(test["present"])
        elif isinstance(test, Mapping) and "not" in test:
            ok = shown(value) and value != test["not"]
        else:
            ok = value is not _MISSING and value == test and type(value) is type(test)
        if not ok:
            return False
    return True


def _xml_record(response: httpx.Response) -> dict[str, Any]:
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError:
        raise Malformed from None
    return {"_root": root.tag, **{child.tag: (child.text or "").strip() for child in root if len(child) == 0}}


def _last_segment(value: Any) -> str | None:
    return str(value).rstrip("/").rsplit("/", 1)[-1] or None


TRANSFORMS = {"html_text": html_text, "last_segment": _last_segment}


def convert(value: Any, how: str | None) -> Any:
    """A value as the profile keeps it: `unix`/`unix_ms` seconds become ISO times, `iso` is normalised to UTC
    notation, `date` (YYYY-MM-DD) becomes midnight UTC; no conversion keeps it as the network gave it."""
    if value is _MISSING:
        return None
    if how == "unix":
        return from_unix(value)
    if how == "unix_ms":
        return from_unix(value, millis=True)
    if how == "iso":
        return latest(value if isinstance(value, str) else None)
    if how == "date":
        return f"{value}T00:00:00+00:00" if isinstance(value, str) and value else None
    return value


# --- the collector -----------------------------------------------------------------------------------


class EngineCollector(Collector):
    """A collector whose whole behaviour is its network's `api` entry."""

    @property
    def spec(self) -> Mapping[str, Any]:
        assert self.info.api is not None, f"{self.network} has no api entry"
        return self.info.api

    def reason(self, key: str, **values: Any) -> str:
        text = (self.spec.get("reasons") or {}).get(key) or default_reasons()[key]
        return text.format_map(values)

    def headers(self) -> dict[str, str]:
        out = {str(k): str(v) for k, v in (self.spec.get("headers") or {}).items()}
        for header, variable in (self.spec.get("headers_env") or {}).items():
            if os.environ.get(variable):
                out[header] = os.environ[variable]
        return out

    def _format(self, template: str, values: Mapping[str, str]) -> str:
        try:
            return template.format_map({**values, "base": self.base})  # the record never moves the request elsewhere
        except (KeyError, IndexError, ValueError):
            raise Malformed from None

    def _in_path(self, name: str, value: str) -> str:
        """The handle, or a record value (an id), as one path segment (footprint.handles.url_segment)."""
        try:
            return self.segment(value, None if name == "handle" else RECORD_VALUE)
        except InvalidHandle:
            raise Malformed from None

    async def _get(self, http: HttpLike, request: Mapping[str, Any] | str, values: Mapping[str, str]) -> httpx.Response:
        """GET the request's URL template with `values` in the path (one segment each) and the query (httpx
        encodes it). Every template starts at {base}: the network's token goes nowhere else."""
        if isinstance(request, str):
            request = {"url": request}
        url = self._format(request["url"], {k: self._in_path(k, v) for k, v in values.items() if k != "base"})
        if not url.startswith(self.base + "/"):
            raise Malformed
        params = {k: self._format(v, values) for k, v in (request.get("params") or {}).items()}
        return await http.get(url, params=params or None, headers=self.headers())

    async def fetch(self, handle: str, http: HttpLike) -> Account:
        spec = self.spec
        asked = handle.lower() if spec.get("lowercase") else handle
        response = await self._get(http, spec, {"handle": asked})
        if response.status_code in spec.get("not_found_status", [404]):
            return self.account(handle, "not_found", self.reason("not_found", status=response.status_code))
        if response.status_code != 200:
            return self.unknown_for(handle, response)
        xml = spec.get("format") == "xml"
        if xml and "<!doctype html" in response.text[:200].lower():
            return self.account(handle, "unknown", self.reason("web_page", format="XML"))
        body = _xml_record(response) if xml else response.json()
        try:
            record = self.record(body)
        except NotFound as missing:
            key = spec.get("handle")
            name = str(missing.record[key]) if key and shown(missing.record.get(key, _MISSING)) else handle
            return self.account(
                name, "not_found", self.reason("empty") if missing.reason == "empty" else missing.reason
            )
        limited: Mapping[str, Any] | None = None
        if (detail := spec.get("detail")) is not None:
            limited = spec.get("detail_needs")
            if limited is None or os.environ.get(limited["env"]):
                fuller = await self.fuller(http, detail, record)
                limited, record = (None, fuller) if fuller is not None else (limited, record)
        account = await self.build(handle, self.normalised(record), http)
        if limited is not None:  # the network showed a signed-out caller less: the report says what, not silently
            account.reason = self.reason("limited")
            account.needs, account.unseen = str(limited["env"]), str(limited["unseen"])
        return account

    def record(self, body: Any) -> Mapping[str, Any]:
        """The user record in the body, after the rules that decide not_found and malformed."""
        spec = self.spec
        record = dig(body, spec.get("record", ""), tuple(thaw(m) for m in spec.get("missing_values", ())))
        if not isinstance(record, Mapping):
            raise Malformed
        for rule in spec.get("not_found_when", ()):
            if holds(rule["when"], record):
                raise NotFound(
                    rule["reason"].format_map({k: v for k, v in record.items() if isinstance(v, str)}), record
                )
        if not holds(spec.get("require", {}), record):
            raise Malformed
        return record

    async def fuller(self, http: HttpLike, detail: Any, record: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The detail record when the network gives it, else None (GitLab shows only the list entry to a
        caller who is not signed in, and none but the person to one who is, for a private profile)."""
        values = {
            k: str(v)
            for k, v in record.items()
            if isinstance(v, (str, int)) and not isinstance(v, bool) and k in _names(detail)
        }
        response = await self._get(http, detail, values)
        if response.status_code == 200 and isinstance(fuller := response.json(), Mapping):
            return fuller
        return None

    def normalised(self, record: Mapping[str, Any]) -> dict[str, Any]:
        spec = self.spec
        out = dict(record)
        for sub in spec.get("merge", ()):  # Lichess keeps the profile fields in a record of their own
            if isinstance(out.get(sub), Mapping):
                out.update(out[sub])
        for field, parts in (spec.get("fallback") or {}).items():
            if not shown(out.get(field, _MISSING)):
                joined = " ".join(str(out[p]) for p in parts if shown(out.get(p, _MISSING)))
                if joined:
                    out[field] = joined
        for field, name in (spec.get("transform") or {}).items():
            if field in out:
                out[field] = TRANSFORMS[name](out[field])
        for field, pattern in (spec.get("ignore") or {}).items():
            if isinstance(out.get(field), str) and re.search(pattern, out[field]):
                del out[field]  # a placeholder, not what the person wrote (Forgejo's no-reply address)
        return out

    async def build(self, handle: str, record: dict[str, Any], http: HttpLike) -> Account:
        spec = self.spec
        key = spec.get("handle")
        name = str(record[key]) if key and shown(record.get(key, _MISSING)) else handle
        account = self.account(name, "found", self.reason("found"))
        page = spec.get("page")
        if page and shown(record.get(page, _MISSING)):
            account.url = str(record[page])
        account.profile = self.profile(record)
        account.documents = field_documents(account.id, record, self.info.labelled_fields, account.url)
        account.links = [link for rule in spec.get("links", ()) for link in self.links(rule, record)]
        if (last := spec.get("last_active")) is not None:
            account.last_active = convert(dig(record, last["field"]), last.get("as"))
        if (page := spec.get("page_links")) is not None and holds(page.get("when") or {}, record):
            await self.page_links(account, page, http)
        if (posts := spec.get("posts")) is not None:
            await self.posts(account, posts, http)
        return account

    async def page_links(self, account: Account, spec: Mapping[str, Any], http: HttpLike) -> None:
        """The links the profile's own web page marks rel="me" (the person's accounts elsewhere), where the
        JSON leaves out what makes one whole (Lobsters gives a Mastodon name but not its server)."""
        try:
            response = await self._get(http, spec, {"handle": account.handle})
        except Malformed:
            return
        if response.status_code != 200 or "html" not in response.headers.get("content-type", ""):
            return
        have = {value for _, value, _ in account.links}
        for tag in _ANCHOR.findall(response.text[:500_000]):
            attrs = {k.lower(): html.unescape(v) for k, v in _ATTR.findall(tag)}
            href = attrs.get("href", "")
            if "me" in attrs.get("rel", "").lower().split() and href.startswith("https://") and href not in have:
                have.add(href)
                account.links.append(("url", href, "profile page (rel=me)"))

    def profile(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """What the account shows: its mapped and kept fields (when shown), facts (always, converted), other
        people's profiles it names, and a note when a rule says one is due."""
        spec = self.spec
        out = {k: record[k] for k in (*self.info.fields, *spec.get("keep", ())) if record.get(k)}
        for fact, how in (spec.get("facts") or {}).items():
            out[fact] = convert(dig(record, how["field"]), how.get("as"))
        for fact, field in (spec.get("profile_of") or {}).items():
            if shown(record.get(field, _MISSING)):
                out[fact] = self.profile_url(str(record[field]))
        for rule in spec.get("notes", ()):
            if holds(rule["when"], record):
                out["note"] = rule["note"]
        return out

    @staticmethod
    def links(rule: Mapping[str, Any], record: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        """(kind, value, source) for one link rule: a handle on another network, a website, an email, or a
        whitespace-separated list of websites."""
        value = record.get(rule["field"])
        if not value:
            return []
        text, kind, source = str(value), rule["kind"], rule.get("source", rule["field"])
        if kind == "handle_or_url":
            kind = "url" if text.startswith("http") else "handle"
        if kind == "handle":
            return [("handle", f"{rule['network']}:{text}", source)]
        if kind == "urls":
            return [("url", w if "://" in w else f"https://{w}", source) for w in text.split() if "." in w]
        return [(kind, text, source)]

    async def posts(self, account: Account, spec: Mapping[str, Any], http: HttpLike) -> None:
        try:
            response = await self._get(http, spec, {"handle": account.handle})
        except Malformed:  # the answer named the account oddly: its posts cannot be asked for, the profile stands
            return
        items = response.json() if response.status_code == 200 else None
        if not isinstance(items, list):
            return
        for item in items:
            if isinstance(item, dict):
                text = spec.get("join", " ").join(str(item[t]) for t in spec["text"] if item.get(t))
                when = item.get(spec["time"])
                text_documents(account, [(f"post:{item.get(spec['id'])}", text, item.get(spec["link"]), when)])
                account.last_active = latest(account.last_active, when)


_ANCHOR = re.compile(r"<a\s([^>]{0,2000})>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*["']([^"']*)["']""")


def _names(request: Any) -> set[str]:
    """The record fields a request's templates use ({id} in ".../users/{id}")."""
    templates = [request] if isinstance(request, str) else [request["url"], *(request.get("params") or {}).values()]
    return {name for t in templates for name in re.findall(r"{(\w+)", t)}


@cache
def engine_collector(network: str) -> type[EngineCollector]:
    """The collector class for a network the engine runs (one class per network, as REGISTRY expects)."""
    return type(f"Engine[{network}]", (EngineCollector,), {"network": network, "__module__": __name__})
