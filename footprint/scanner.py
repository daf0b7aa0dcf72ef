"""The one workflow: target -> collectors -> accounts -> analysis -> Report.

Every command that scans (`scan`, `demo`, `review`, `batch`, `import`, `serve`) and the library API ask a
Scanner, built from one ScanSettings. It tells whoever listens what happens as it happens (events), saves
each answer to the store the moment it arrives (so Ctrl-C keeps them), and returns a complete Report.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

import collectors
from collectors import photos, sitelist
from collectors.http import Allowance, Http, HttpConfig, allowance, describe_error, network_reachable
from collectors.pivots import Pivot, pivots_from
from footprint import paths
from footprint.model import Account, Document, Link, Report, Target
from footprint.settings import ScanSettings, SettingsError


class NothingReachable(Exception):
    """No network answered at all: the scan says so instead of reporting every network `unknown`."""


class NothingStored(Exception):
    """--offline, and the store holds nothing of this scan's kind for the handle: one line, not forty `unknown`s."""


class ScanStore(Protocol):
    """What the scanner needs of the local store (footprint/store.py)."""

    source: str

    def of(self, source: str) -> ScanStore: ...
    def holds(self, target: str) -> bool: ...
    def accounts(self, target: str) -> list[Account]: ...
    def report(self, target: str, max_age: float | None = None) -> dict[str, Any] | None: ...
    def start_scan(self, target: str) -> int: ...
    def finish_scan(self, scan_id: int, summary: dict[str, Any]) -> None: ...
    def save_account(self, target: str, account: Account) -> None: ...
    def save_report(self, target: str, report: dict[str, Any]) -> None: ...
    def response(self, key: str, max_age: float | None = None) -> Any: ...
    def save_response(
        self, key: str, target: str, subject: str, status: int, headers: dict[str, str], body: bytes, ttl: float = ...
    ) -> None: ...


@dataclass(frozen=True)
class Planned:
    """How many checks the scan runs now (it grows as pivots are followed)."""

    total: int


@dataclass(frozen=True)
class Answered:
    account: Account


@dataclass(frozen=True)
class Pivoted:
    pivot: Pivot


Event = Planned | Answered | Pivoted
OnEvent = Callable[[Event], None]


class Check(Protocol):
    network: str

    async def collect(self, handle: str, http: Any) -> Account: ...


def http_config(settings: ScanSettings) -> HttpConfig:
    """The HTTP stack's settings; with --allow-private, private addresses only at the --endpoint hosts given."""
    return HttpConfig(
        allowed=allowance(settings.endpoints.values()) if settings.allow_private else frozenset(),
        timeout=settings.timeout,
        deadline=settings.deadline,
        proxy=settings.proxy,
        offline=settings.offline,
        retries=settings.retries,
        reuse=None if settings.fresh else HttpConfig.reuse,
    )


def plan(settings: ScanSettings) -> tuple[list[Any], dict[str, Any]]:
    """The checks this scan runs first, and every check a pivot may reach (by network name)."""
    endpoints = dict(settings.endpoints)
    unknown = [n for n in endpoints if n not in collectors.REGISTRY and n not in ("sites", "community")]
    if unknown:
        raise SettingsError(
            f"--endpoint names {unknown[0]!r}, a network footprint has no code for. "
            "`footprint sites list` shows those that take one: they say api"
        )
    available: dict[str, Any] = {}
    if not settings.only_list:
        pointed = {k: v for k, v in endpoints.items() if k not in ("sites", "community")}
        available.update({c.network: c for c in collectors.build(pointed)})
    if settings.use_sites or settings.only_list:
        try:
            checks = sitelist.load_checks(settings.sites_file, endpoints)
        except sitelist.SiteListError as exc:
            raise SettingsError(str(exc)) from None
        asked = set(settings.networks)
        for check in checks:
            if check.nsfw and not settings.nsfw:
                if check.network in asked:
                    raise SettingsError(f"{check.network} is an adult (NSFW) site: add --nsfw to check it")
                continue  # never requested, nor reached by a pivot
            available.setdefault(check.network, check)
    if settings.networks:
        missing = [n for n in settings.networks if n not in available]
        if missing:
            raise SettingsError(f"unknown network {missing[0]!r}; see `footprint sites list`")
        first = [available[n] for n in settings.networks]
        available = {c.network: c for c in first}  # --site narrows pivots too
    else:
        first = [c for c in available.values() if getattr(c, "in_sweep", True)]
    return first, available


def provenance(settings: ScanSettings, transport: httpx.AsyncBaseTransport | None) -> str:
    """Where this scan's answers come from, as the store records it: the demo network, endpoint overrides
    (named, so two sets of test servers never mix either), or the real networks."""
    if settings.demo:
        return "demo"
    if transport is not None:  # only then: the demo network's personas are not loaded for a real scan
        from footprint.demo import DemoTransport

        if isinstance(transport, DemoTransport):
            return "demo"
    if settings.endpoints:
        return "endpoints:" + ",".join(f"{k}={v}" for k, v in sorted(settings.endpoints.items()))
    return "real"


SOURCE_WORDS = {"demo": "the demo network", "real": "the real networks"}


def describe_source(source: str) -> str:
    return SOURCE_WORDS.get(source, "these endpoints (" + source.partition(":")[2] + ")")


def handle_for(check: Any, handle: str) -> str:
    """Mastodon takes `user@instance` and Gravatar an address (it asks by its hash); the rest take the name before the @."""
    return handle if check.network in ("mastodon", "gravatar") else handle.split("@", 1)[0]


def unreachable(accounts: list[Account], most: int = 4) -> str | None:
    """Why nothing could be reached, when no network answered at all (a scan with any answer has completed)."""
    if any(a.status != "unknown" for a in accounts):
        return None
    return "; ".join(sorted({a.reason for a in accounts})[:most])


class Scanner:
    """One configured way of scanning: reuse it for many targets (a batch, the web app)."""

    def __init__(
        self,
        settings: ScanSettings | None = None,
        *,
        store: ScanStore | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http: HttpConfig | None = None,
    ) -> None:
        """`transport` and `http` are seams for tests and benchmarks: another network, other retry timings."""
        self.settings = settings or ScanSettings()
        if transport is None and self.settings.demo:
            from footprint.demo import DemoTransport

            transport = DemoTransport()
        self.transport = transport
        self.source = provenance(self.settings, transport)
        # the store seen as this scan's source only: every read and write the scan (or a batch) makes
        self.store = store.of(self.source) if store is not None else None
        self.demo = self.source == "demo"  # only then may a report guess passwords (fictional ones)
        self.first, self.available = plan(self.settings)  # bad settings fail here, before any request
        config = http or http_config(self.settings)
        self.http = replace(config, allowed=config.allowed | self._allowed())
        self._reachable: str | None | bool = False  # not yet checked
        self.notices: list[str] = []  # what the user should be told besides the report (a site list stored)

    def _allowed(self) -> Allowance:
        """With --allow-private, the hosts where a private address is permitted: those of the URLs the user
        gave (--endpoint, their own --sites list; not ours, not the community's), and no others."""
        if not self.settings.allow_private:
            return frozenset()
        named = list(self.settings.endpoints.values())  # again: a caller may hand in an HttpConfig of its own
        if self.settings.sites_file:
            named += [c.site["uri_check"] for c in self.available.values() if isinstance(c, sitelist.SiteCheck)]
        return allowance(named)

    async def collect(self, target: Target, on_event: OnEvent | None = None) -> list[Account]:
        """Runs every check concurrently, then the pivots found (up to settings.depth hops)."""
        _freeze_imports()
        emit = on_event or (lambda event: None)
        if self.settings.offline and (self.store is None or not self.store.holds(target.handle)):
            raise NothingStored(
                f"offline: nothing stored for {target.handle} from {describe_source(self.source)}; "
                "scan it once without --offline first"
            )
        accounts: list[Account] = []
        seen: set[tuple[str, str]] = set()
        pending: dict[asyncio.Task[Account], int] = {}
        finished: asyncio.Queue[asyncio.Task[Account]] = asyncio.Queue()
        store = self.store
        building = False  # the analysis pipeline, started when the first free text arrives
        scan_id = store.start_scan(target.handle) if store is not None else None

        async with Http(self.http, transport=self.transport, cache=store, target=target.handle) as http:

            def start(check: Any, handle: str, depth: int, via: str = "") -> None:
                key = (check.network, handle.lower())
                if key in seen:
                    return
                seen.add(key)
                task = asyncio.ensure_future(_run(check, handle, http, via, self._image_host(check.network)))
                pending[task] = depth
                task.add_done_callback(finished.put_nowait)

            for check in self.first:
                start(check, handle_for(check, target.handle), 0)
            emit(Planned(len(seen)))
            try:
                while pending:
                    # a queue, not asyncio.wait(pending): that re-arms every pending task on each pass (quadratic in a sweep)
                    task = await finished.get()
                    depth = pending.pop(task)
                    account = task.result()
                    accounts.append(account)
                    if account.status == "found" and not building:
                        building = _prepare_pipeline(account)
                    if store is not None:
                        store.save_account(target.handle, account)
                    emit(Answered(account))
                    if account.status == "found" and depth < self.settings.depth:
                        before = len(seen)
                        for pivot in _pivots(account, set(self.available)):
                            emit(Pivoted(pivot))
                            start(self.available[pivot.network], pivot.handle, depth + 1, pivot.via)
                        if len(seen) != before:
                            emit(Planned(len(seen)))
            finally:
                for task in pending:
                    task.cancel()
                if store is not None and scan_id is not None:
                    store.finish_scan(
                        scan_id, {s: sum(a.status == s for a in accounts) for s in ("found", "not_found", "unknown")}
                    )
        order = {c.network: i for i, c in enumerate(self.available.values())}
        return sorted(accounts, key=lambda a: (bool(a.via), order.get(a.network, 999)))

    def _image_host(self, network: str) -> str | None:
        """A network pointed elsewhere with --endpoint (a test server) has its pictures fetched from there only."""
        endpoints = self.settings.endpoints
        endpoint = endpoints.get(network) or (endpoints.get("sites") if network not in collectors.REGISTRY else None)
        return (urlsplit(endpoint).hostname or "") if endpoint else None

    async def preflight(self) -> None:
        """Once per scanner, before a real scan: is any network reachable at all? (One clear line, not forty `unknown`s.)"""
        if self.transport is not None or self.settings.offline or self._reachable is not False:
            return
        urls = [u for u in (getattr(c, "base", None) or c.url("x") for c in self.first) if "{" not in u]
        self._reachable = await network_reachable(urls, self.http)
        if self._reachable:
            raise NothingReachable(self._reachable)
        if self._community_due():
            await self._update_community()

    def _community_due(self) -> bool:
        """A real, online scan of the built-in lists fetches the community list when it is missing or a week
        old (at most daily). Never with --no-update, a --sites list, a room (no files) or a scan pointed at
        --endpoint servers (tests, a lab) unless one of them is the community list's own."""
        s = self.settings
        if not s.update_sites or s.sites_file or not (s.use_sites or s.only_list) or not paths.may_write():
            return False
        if s.endpoints and "community" not in s.endpoints:
            return False
        return sitelist.community_due()

    async def _update_community(self) -> None:
        first = not sitelist.community_path().exists()
        config = replace(self.http, max_body=sitelist.COMMUNITY_MAX_BYTES, retries=1, reuse=None)
        try:
            async with Http(config) as http:
                raw = await sitelist.fetch_community(
                    http, self.settings.endpoints.get("community", sitelist.COMMUNITY_URL)
                )
        except Exception as exc:  # the scan goes on with the lists it has
            why = str(exc) if isinstance(exc, sitelist.SiteListError) else describe_error(exc)
            self.notices.append(f"could not update the community site list ({why}); using the lists already here")
            return
        if first:
            self.notices.append(f"Stored the community site list ({len(raw['sites'])} sites). {sitelist.credit(raw)}")
        self.first, self.available = plan(self.settings)

    async def scan(self, target: Target | str, on_event: OnEvent | None = None) -> Report:
        """Collects, analyses and (with a store) keeps the finished report."""
        target = Target(target) if isinstance(target, str) else target
        await self.preflight()
        accounts = await self.collect(target, on_event)
        if (reasons := unreachable(accounts)) is not None:
            raise NothingReachable(reasons)
        report = self.analyse(target, accounts)
        if self.store is not None:
            self.store.save_report(target.handle, report.to_dict())
        return report

    def analyse(self, target: Target, accounts: Iterable[Account], name: str | None = None) -> Report:
        """`name` is the name the person goes by, when it differs per person (a batch's rows)."""
        from analysis.report import analyse

        persona = None
        if self.demo:
            from footprint.demo import persona_for

            persona = persona_for(target.handle)
        return analyse(
            target,
            accounts,
            expected_name=name or self.settings.name,
            demo=self.demo,
            demo_password=persona.password if persona else None,
        )

    async def analyse_async(self, target: Target, accounts: Iterable[Account]) -> Report:
        """The analysis is CPU work: in a worker thread, so a server's event loop keeps answering."""
        return await asyncio.to_thread(self.analyse, target, list(accounts))


def analyse_own_data(
    target: Target, accounts: list[Account], reflected: list[Document], extra: dict[str, Any]
) -> Report:
    """A person's own data download: every account is theirs (they downloaded it), nothing is requested."""
    from analysis.linking import TARGET
    from analysis.report import analyse

    own = [Link(TARGET, a.id, "own-export", f"{a.id} comes from your own data download", 1.0) for a in accounts]
    return analyse(target, accounts, known_links=own, review="own-data", reflected=reflected, extra=extra)


def _pivots(account: Account, known: set[str]) -> list[Pivot]:
    try:
        return pivots_from(account, known)
    except Exception:  # pivots_from reads strangers' links; one it cannot read costs its pivots, not the scan
        return []


def _prepare_pipeline(account: Account) -> bool:
    """The analysis will read this account's free text: start building its pipeline now, in the background,
    while the other networks answer (a second of a short scan, otherwise spent waiting on it at the end)."""
    from analysis.extract import free_texts

    if not free_texts([account]):
        return False
    from analysis.nlp import prepare

    prepare()
    return True


@lru_cache(maxsize=1)
def _freeze_imports() -> None:
    """Once per process: the objects from imports are kept for good, so a full garbage collection in the
    middle of a sweep need not walk them all again (it cost a 500-site sweep 60 ms, a tenth of its CPU)."""
    gc.freeze()


async def _run(check: Any, handle: str, http: Http, via: str, image_host: str | None) -> Account:
    try:
        account = await check.collect(handle, http)
    except Exception as exc:  # checks never raise by design; if one does, it is that one check, not the scan
        account = Account(check.network, handle, "", "unknown", f"error: {type(exc).__name__}")
    if via:
        account.via = via
    await photos.read_photos(account, http, only_host=image_host)  # before anyone hears of the account
    return account
