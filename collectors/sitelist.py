"""Existence checks from a site list in the WhatsMyName format, built not to cry wolf.

A site says `found` only when every control agrees:
- the WhatsMyName rule: the status code AND the string both match `e_code`/`e_string`;
- the page is not a WAF, captcha or login page, and the answer is not a redirect to a login path;
- the handle appears in the page or the redirect's target (where the site's format allows;
  `handle_in_page: false` opts out);
- a canary, a random name of the handle's own shape checked once the handle looks found, is NOT found
  (else the site is untrusted this run: it "finds" everyone). The slowest tenth of sites get their canary
  checked alongside the handle instead (see `Sweep`), so a found handle on a slow site does not wait twice.
Everything else is `not_found` (the `m_code`/`m_string` rule) or `unknown` with the reason.

The rules describe the FIRST answer, as WhatsMyName's own checker reads them (it never follows redirects):
71 sites of the community list answer a missing account with a 30x, so redirects are never followed here.
Sites in WhatsMyName's "xx NSFW xx" category (or with `"nsfw": true` in our own list) are left out unless
the scan asks for them (--nsfw): footprint is shown to classrooms.

Our own list is the catalogue's `site` entries (footprint/networks), each a WhatsMyName entry; a list from
elsewhere (the community list, --sites FILE) is a WhatsMyName file and is read as one.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx

from collectors.http import describe_error, describe_status
from footprint import networks, paths
from footprint.files import private_dir, write_private
from footprint.handles import InvalidHandle, url_segment
from footprint.model import Account, Document, Status

DATA = Path(__file__).parent / "data"
COMMUNITY_URL = "https://raw.githubusercontent.com/WebBreacher/WhatsMyName/main/wmn-data.json"
COMMUNITY_MAX_BYTES = 20_000_000  # the list is about a megabyte: room to grow, not room for a flood
COMMUNITY_STALE = 7 * 86400.0  # a scan fetches the list when it is older than a week...
COMMUNITY_RETRY = 86400.0  # ...and tries at most once a day


class SiteListError(ValueError):
    """A site list that cannot be read or is not in the WhatsMyName format."""


@lru_cache(maxsize=1)
def markers() -> dict[str, Any]:
    raw = json.loads((DATA / "markers.json").read_text(encoding="utf-8"))
    return {k: [m.lower() for m in v] if isinstance(v, list) else v for k, v in raw.items() if not k.startswith("_")}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower()) or "site"


def community_path() -> Path:
    return paths.community_list()


def community_due(now: float | None = None) -> bool:
    """The community list is missing or older than a week, and no scan tried to fetch it today."""
    now = time.time() if now is None else now
    for path, age in ((community_path(), COMMUNITY_STALE), (paths.community_attempt(), COMMUNITY_RETRY)):
        try:
            if now - path.stat().st_mtime < age:
                return False
        except OSError:
            pass
    return True


async def fetch_community(http: Any, url: str = COMMUNITY_URL) -> dict[str, Any]:
    """Downloads the community list into footprint's home (owner-only); the one there is replaced only by a
    download that reads as a site list. `http` is the scan's stack: the guard, the size cap, the time limit."""
    stamp = paths.community_attempt()
    private_dir(stamp.parent)
    write_private(stamp, str(time.time()))
    resp = await http.get(url)
    if resp.status_code != 200:
        raise SiteListError(f"could not download the site list: HTTP {resp.status_code} from {url}")
    target = community_path()
    tmp = target.with_name(target.name + ".part")
    write_private(tmp, resp.content)
    try:
        raw = read_list(tmp)
    except SiteListError:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(target)
    return raw


def credit(raw: dict[str, Any]) -> str:
    """The list's licence and authors, as it must be shown when it is stored."""
    licence = ", ".join(map(str, raw.get("license") or ["CC BY-SA 4.0"]))
    authors = ", ".join(map(str, raw.get("authors") or ["WhatsMyName contributors"]))
    return f"WhatsMyName (https://github.com/WebBreacher/WhatsMyName), licence: {licence}. Authors: {authors}"


def read_list(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SiteListError(f"cannot read site list {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SiteListError(f"site list {path} is not valid JSON: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("sites"), list):
        raise SiteListError(f"site list {path} is not in the WhatsMyName format (no 'sites' list)")
    for i, site in enumerate(raw["sites"]):
        # the schema: uri_check "requires '{account}' placeholder unless post_body is used"
        where = str(site.get("uri_check", "")) + str(site.get("post_body", "")) if isinstance(site, dict) else ""
        if not isinstance(site, dict) or "{account}" not in where or "name" not in site:
            raise SiteListError(
                f"site list {path}: entry {i} needs 'name' and {{account}} in its 'uri_check' or 'post_body'"
            )
        if not str(site["uri_check"]).startswith(("http://", "https://")):
            raise SiteListError(f"site list {path}: entry {i} ({site['name']}) uri_check must be http(s)")
    return raw


def own_sites() -> list[dict[str, Any]]:
    """Our own site list: the `site` entry of every network in the catalogue that has one, in scan order."""
    return [networks.thaw(n.site) for n in networks.all() if n.site is not None]


NSFW_CATEGORY = "xx NSFW xx"


def is_nsfw(site: dict[str, Any]) -> bool:
    return site.get("cat") == NSFW_CATEGORY or site.get("nsfw") is True


def load_checks(
    sites_file: str | Path | None = None, endpoints: dict[str, str] | None = None, nsfw: bool = True
) -> list[SiteCheck]:
    """Checks from --sites FILE, else our own list plus the community list if `footprint sites update` fetched it.
    `nsfw=False` leaves out adult sites (what a scan does unless --nsfw)."""
    lists: list[tuple[list[dict[str, Any]], str]] = []
    if sites_file:
        lists.append((read_list(Path(sites_file))["sites"], Path(sites_file).name))
    else:
        lists.append((own_sites(), "own"))
        if community_path().exists():
            lists.append((read_list(community_path())["sites"], community_path().name))
    checks: dict[str, SiteCheck] = {}
    sweep = Sweep()
    health = read_health()
    for sites, source in lists:
        for site in sites:
            if site.get("valid") is False or (not nsfw and is_nsfw(site)):
                continue
            check = SiteCheck(site, source, sweep)
            record = health.get(check.network)
            if record is not None and record.get("rule") == rule_key(site):  # a changed rule is not yet judged
                check.health = record
            checks.setdefault(check.network, check)
    return list(checks.values())


def rule_key(site: dict[str, Any]) -> str:
    """What a rule asks and expects, in 16 hex digits: a health record holds only for the rule it checked."""
    parts = [str(site.get(k, "")) for k in ("uri_check", "post_body", "e_code", "e_string", "m_code", "m_string")]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


def read_health() -> dict[str, dict[str, str]]:
    """What `footprint sites check` last found, by network: {state, why, checked, rule}. Unreadable is none."""
    try:
        raw = json.loads(paths.site_health().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in raw.items() if isinstance(v, dict)}


def save_health(results: list[dict[str, str]]) -> Path:
    """Adds these results to the health file (owner-only), keeping what other lists' checks recorded."""
    health = read_health()
    for r in results:
        health[r["network"]] = {k: r[k] for k in ("state", "why", "checked", "rule")}
    target = paths.site_health()
    private_dir(target.parent)
    write_private(target, json.dumps(health, indent=1, sort_keys=True) + "\n")
    return target


def _misses(verdict: Verdict) -> bool:
    """The rule itself failed for this answer (not the site refusing, which says nothing about the rule)."""
    return verdict.status == "not_found" or verdict.reason.startswith(("detection broken", "found markers"))


def canary_for(handle: str) -> str:
    """A random name of the handle's own shape: the same length, a letter where it has a letter (in the same
    case), a digit where it has a digit, and its separators where they are. A site that treats names of one
    fixed shape or length specially then treats the canary as it treats the handle. Drawn fresh each time."""
    pick = secrets.SystemRandom()
    while True:
        out = []
        for ch in handle:
            if ch.isdigit():
                out.append(pick.choice("0123456789"))
            elif ch.isalpha():
                letter = pick.choice("abcdefghijklmnopqrstuvwxyz")
                out.append(letter.upper() if ch.isupper() else letter)
            else:
                out.append(ch)  # '_', '-', '.': separators are part of the shape
        canary = "".join(out)
        if canary.casefold() != handle.casefold() or not any(c.isalnum() for c in handle):
            return canary


class Sweep:
    """The site checks of one scan, so the stragglers among them can be told apart.

    A found handle needs its canary checked too, and checking it only then keeps requests down (most
    handles are not found) but makes a slow site answer twice as late. So once nine sites in ten have
    answered, every site still waiting starts its canary alongside: at most a tenth more requests, and
    the slowest sites, which decide how long a sweep takes, stop waiting twice.
    """

    SHARE = 0.9

    def __init__(self) -> None:
        self.started = 0
        self.answered = 0
        self.waiting: dict[tuple[SiteCheck, str], tuple[int, Any]] = {}

    def begin(self, check: SiteCheck, handle: str, http: Any) -> None:
        self.started += 1
        count = self.waiting.get((check, handle), (0, http))[0]
        self.waiting[(check, handle)] = (count + 1, http)

    def end(self, check: SiteCheck, handle: str) -> None:
        self.answered += 1
        count, http = self.waiting.pop((check, handle), (1, None))
        if count > 1:
            self.waiting[(check, handle)] = (count - 1, http)
        if self.waiting and self.answered >= self.SHARE * self.started:
            for (straggler, its_handle), (_, its_http) in self.waiting.items():
                straggler.start_canary(its_handle, its_http)


@dataclass
class Verdict:
    status: Status
    reason: str
    evidence: list[str] = field(default_factory=list)
    confidence: float = 1.0
    response: httpx.Response | None = None
    rule: str = ""  # which rule of the entry the answer matched: "found", "missing", or none


class SiteCheck:
    """One site-list entry. Has the same shape as a Collector: `network` and `collect(handle, http)`."""

    def __init__(self, site: dict[str, Any], source: str = "own", sweep: Sweep | None = None) -> None:
        self.site = site
        self.sweep = sweep or Sweep()
        self.name = str(site["name"])
        self.network = slug(self.name)
        self.source = source
        self.method = "site list" if source == "own" else f"site list ({source})"
        self.nsfw = is_nsfw(site)
        # one canary per handle asked about (a batch asks many): each of the handle's shape, drawn for this site
        self._canaries: dict[str, asyncio.Task] = {}
        self.health: dict[str, str] | None = None  # the last `sites check` of this very rule, if any

    def describe(self) -> dict[str, Any]:
        s = self.site
        return {
            "network": self.network,
            "name": self.name,
            "method": self.method,
            "url": s["uri_check"],
            "found_when": f"HTTP {s.get('e_code')} and page contains {s.get('e_string', '')!r}",
            "missing_when": f"HTTP {s.get('m_code')} and page contains {s.get('m_string', '')!r}"
            + (f" (unknown: {s['m_unknown']})" if s.get("m_unknown") else ""),
            "category": s.get("cat", ""),
            "nsfw": self.nsfw,
            "protection": s.get("protection", []),
        }

    def url(self, handle: str, template: str | None = None) -> str:
        for bad in str(self.site.get("strip_bad_char", "")):  # WhatsMyName: characters the site drops from names
            handle = handle.replace(bad, "")
        return (template or self.site["uri_check"]).replace("{account}", url_segment(self.network, handle))

    async def collect(self, handle: str, http: Any) -> Account:
        try:
            pretty = self.url(handle, self.site.get("uri_pretty") or self.site["uri_check"])
        except InvalidHandle as exc:
            return Account(network=self.network, handle=handle, url="", status="unknown", reason=f"not checked: {exc}")
        account = Account(network=self.network, handle=handle, url=pretty, status="unknown")
        if self.health is not None and self.health.get("state") == "broken":
            # its rule failed on the site's own known accounts: whatever it says now is not to be trusted
            account.reason = f"detection broken, checked {self.health.get('checked', '?')}"
            account.evidence.append(f"footprint sites check: {self.health.get('why', '')}"[:300])
            return account
        self.sweep.begin(self, handle, http)
        try:
            try:
                verdict = await self.verdict(handle, http)
            finally:
                self.sweep.end(self, handle)
            canary: Verdict | None = None
            if verdict.status == "found":
                # Only a "found" needs the canary (once per site per handle): half the requests of checking
                # it alongside every handle, and kinder to the sites.
                canary = await asyncio.shield(self.start_canary(handle, http))
        except asyncio.CancelledError:
            if handle in self._canaries:
                self._canaries[handle].cancel()
            raise
        except Exception as exc:  # a site list is data from elsewhere: nothing it does may crash a scan
            account.reason = describe_error(exc)
            return account
        account.status, account.reason, account.evidence = verdict.status, verdict.reason, verdict.evidence
        account.confidence = verdict.confidence
        account.profile["checked_by"] = self.method
        if canary is not None and canary.status == "found":
            account.status = "unknown"
            account.reason = "detection broken: the site also 'finds' a random name of the same shape (canary)"
            account.evidence.append("canary was found too, so this site is not trusted this run")
        elif canary is not None:
            # the missing rule matched, even where it is ambiguous for a real name (TikTok's 400): for a name
            # nobody registered it is the answer a working rule gives
            clear = canary.status == "not_found" or canary.rule == "missing"
            account.evidence.append(
                "a random never-registered name was not found (canary)"
                if clear
                else f"canary inconclusive ({canary.reason})"
            )
            if not clear:
                account.confidence = round(account.confidence * 0.8, 2)
            if verdict.response is not None:
                self._take_og(account, verdict.response)
        return account

    async def self_check(self, http: Any) -> dict[str, str]:
        """Whether this rule still works: its `known` accounts are found and a random name is not (what
        Sherlock's and Maigret's own runs test), as {network, name, state, why, checked, rule}. `state` is
        works, broken, or inconclusive when the site would not say (blocked, offline, rate limited)."""
        known = [str(k) for k in self.site.get("known") or [] if isinstance(k, (str, int))][:2]

        def result(state: str, why: str) -> dict[str, str]:
            today = datetime.now(UTC).date().isoformat()
            return {"network": self.network, "name": self.name, "state": state, "why": why[:300],
                    "checked": today, "rule": rule_key(self.site)}  # fmt: skip

        if not known:
            return result("inconclusive", "the entry names no known account to test it with")
        asked = await asyncio.gather(
            *(self.verdict(k, http) for k in known), self.verdict(canary_for(known[0]), http), return_exceptions=True
        )
        answers = [a if isinstance(a, Verdict) else Verdict("unknown", describe_error(a)) for a in asked]
        *on_known, canary = answers
        if canary.status == "found":
            return result("broken", "a random name is 'found' too: the rule finds everyone")
        hits = [k for k, v in zip(known, on_known, strict=True) if v.status == "found"]
        misses = [(k, v) for k, v in zip(known, on_known, strict=True) if _misses(v)]
        if hits and (canary.status == "not_found" or canary.rule == "missing"):
            return result("works", f"{hits[0]!r} found, a random name not found")
        if not hits and misses:
            k, v = misses[0]
            return result("broken", f"the known account {k!r} was not found ({v.reason})")
        if hits and _misses(canary):
            return result("broken", f"a random name matched neither rule ({canary.reason})")
        why = next((v.reason for v in answers if v.status == "unknown"), "no clear answer")
        return result("inconclusive", f"the site would not say: {why}")

    def start_canary(self, handle: str, http: Any) -> asyncio.Task:
        task = self._canaries.get(handle)
        if task is None:
            task = self._canaries[handle] = asyncio.ensure_future(self.verdict(canary_for(handle), http))
            # a canary started for a straggler whose handle is then not found is never awaited
            task.add_done_callback(lambda done: done.cancelled() or done.exception())
        return task

    async def verdict(self, handle: str, http: Any) -> Verdict:
        s = self.site
        url = self.url(handle)
        headers = {str(k): str(v) for k, v in (s.get("headers") or {}).items()}
        try:
            # never follow redirects: e_code and m_code describe the first answer, as in WhatsMyName's checker
            if s.get("post_body"):
                resp = await http.get(
                    url,
                    headers=headers,
                    method="POST",
                    content=self.url(handle, s["post_body"]).encode(),
                    follow_redirects=False,
                )
            else:
                resp = await http.get(url, headers=headers, follow_redirects=False)
        except httpx.HTTPError as exc:
            return Verdict("unknown", describe_error(exc))
        body = resp.text
        low = body.lower()
        code = resp.status_code
        location = resp.headers.get("location", "") if resp.is_redirect else ""
        blocked = self._blocked(resp, low, location)
        if blocked:
            return Verdict("unknown", blocked, response=resp)
        e_code, e_string = s.get("e_code"), str(s.get("e_string", "")).replace("{account}", handle)
        m_code, m_string = s.get("m_code"), str(s.get("m_string", "")).replace("{account}", handle)
        if code == e_code and e_string in body:
            evidence = [f"HTTP {code}, as the site answers for an existing account"]
            if e_string:
                evidence.append(f"page contains {e_string!r}")
            if location:
                evidence.append(f"redirects to {location[:200]!r}")
            if s.get("handle_in_page", True):
                seen = (low, str(resp.url).lower(), location.lower())
                if not any(handle.lower() in where for where in seen):
                    return Verdict(
                        "unknown", "found markers but the handle is not on the page", evidence, response=resp
                    )
                evidence.append(f"page mentions {handle!r}" if handle.lower() in low else f"address has {handle!r}")
            confidence = 0.9 if e_string else 0.7
            if s.get("protection"):
                confidence -= 0.1
            return Verdict(
                "found", "site-list rule matched: status and text", evidence, round(confidence, 2), resp, "found"
            )
        if code == m_code and m_string in body:
            if s.get("m_unknown"):  # the site gives this answer for accounts it will not show too (TikTok)
                return Verdict("unknown", str(s["m_unknown"]), response=resp, rule="missing")
            return Verdict(
                "not_found",
                f"site-list rule for a missing account matched (HTTP {code})",
                response=resp,
                rule="missing",
            )
        if code == 429 or code in (401, 403, 999) or code >= 500:
            return Verdict("unknown", describe_status(resp), response=resp)
        if location:
            return Verdict(
                "unknown",
                f"detection broken: a redirect (HTTP {code}) matched neither the found nor the missing rule",
                [f"redirects to {location[:200]!r}"],
                response=resp,
            )
        return Verdict(
            "unknown", f"detection broken: HTTP {code} matched neither the found nor the missing rule", response=resp
        )

    @staticmethod
    def _blocked(resp: httpx.Response, low: str, location: str = "") -> str:
        m = markers()
        for name, value in m["waf_headers"].items():
            got = resp.headers.get(name)
            if got is not None and (not value or value in got.lower()):
                return f"WAF or captcha page (header {name})"
        if location:  # redirects are not followed: where one points is all there is to read
            try:
                path = resp.url.join(location).path.lower()
            except (httpx.InvalidURL, ValueError):
                path = ""
            if any(path.startswith(p) for p in m["login_paths"]):
                return "login wall (redirected to a login page)"
        head = low[:200_000]
        if any(marker in head for marker in m["waf"]):
            return "WAF page (the site's firewall answered, not the site)"
        if any(marker in head for marker in m["captcha"]):
            return "captcha page"
        if any(marker in head for marker in m["login"]):
            return "login wall"
        return ""

    def _take_og(self, account: Account, resp: httpx.Response) -> None:
        """Logged-out visitors see og: meta tags on many networks; keep title and description as profile text."""
        if "html" not in resp.headers.get("content-type", ""):
            return
        for prop, content in _OG.findall(resp.text[:300_000]):
            text = html.unescape(content).strip()
            if not text or prop not in ("title", "description"):
                continue
            account.profile[f"og:{prop}"] = text
            source = "name" if prop == "title" else "bio"
            account.documents.append(
                Document(account=account.id, source=f"field:{source}", field=f"og:{prop}", text=text, url=account.url)
            )


_OG = re.compile(r'<meta[^>]+property=["\']og:([a-z_:]+)["\'][^>]*content=["\']([^"\']*)["\']', re.I)
