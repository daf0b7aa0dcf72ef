"""The one flow: target -> collectors -> documents -> extraction -> linking -> graph -> risk -> report."""
from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import httpx
import networkx as nx

import collectors
from analysis import graph as exposure
from analysis import identity
from analysis.account_facts import account_facts
from analysis.extract import extract
from analysis.linking import link_accounts
from analysis.nlp import describe, get_nlp
from analysis.risk import assess, fix_plan, score
from collectors.http import Http, HttpConfig
from collectors.pivots import pivots_from
from footprint.model import Account, Link, Report, Target


@dataclass
class ScanOptions:
    endpoints: dict[str, str] = field(default_factory=dict)
    networks: list[str] | None = None  # --site: only these (collectors or site-list entries)
    http: HttpConfig = field(default_factory=HttpConfig)
    depth: int = 1  # how many hops of pivots to follow
    sites_file: str | None = None  # --sites FILE in the WhatsMyName format (default: ours + downloaded list)
    only_list: bool = False  # site-list checks alone, as the peer tools do
    use_sites: bool = True


OnAccount = Callable[[Account], None]
# A richer stream for live views: ("planned", total), ("account", Account), ("pivot", Pivot)
OnEvent = Callable[[str, Any], None]


def plan(options: ScanOptions) -> tuple[list, dict]:
    """The checks this scan runs first, and every check a pivot may reach (by network name)."""
    available: dict[str, Any] = {}
    if not options.only_list:
        available.update({c.network: c for c in collectors.build(options.endpoints)})
    if options.use_sites or options.only_list:
        from collectors import sitelist

        for check in sitelist.load_checks(options.sites_file, options.endpoints):
            available.setdefault(check.network, check)
    if options.networks:
        missing = [n for n in options.networks if n not in available]
        if missing:
            raise ValueError(f"unknown network {missing[0]!r}; see `footprint sites list`")
        first = [available[n] for n in options.networks]
        available = {c.network: c for c in first}  # --site narrows pivots too
    else:
        first = [c for c in available.values() if getattr(c, "in_sweep", True)]
    return first, available


def handle_for(check: Any, handle: str) -> str:
    """Mastodon takes `user@instance` and Gravatar an address (it asks by its hash); the rest take the name before the @."""
    return handle if check.network in ("mastodon", "gravatar") else handle.split("@", 1)[0]


async def collect(
    target: Target,
    options: ScanOptions,
    transport: httpx.AsyncBaseTransport | None = None,
    on_account: OnAccount | None = None,
    store: Any = None,
    on_event: OnEvent | None = None,
) -> list[Account]:
    """Runs every check concurrently, then the pivots found (up to options.depth hops).

    `on_account` hears about each result the moment it arrives; each result is also saved to `store`
    at once, so an interrupted scan keeps what it found.
    """
    _freeze_imports()
    first, available = plan(options)
    accounts: list[Account] = []
    seen: set[tuple[str, str]] = set()
    pending: dict[asyncio.Task, int] = {}
    finished: asyncio.Queue[asyncio.Task] = asyncio.Queue()
    scan_id = store.start_scan(target.handle) if store is not None else None

    def emit(kind: str, data: Any) -> None:
        if on_event is not None:
            on_event(kind, data)

    async with Http(options.http, transport=transport, store=store, target=target.handle) as http:
        def start(check: Any, handle: str, depth: int, via: str = "") -> None:
            key = (check.network, handle.lower())
            if key in seen:
                return
            seen.add(key)
            task = asyncio.ensure_future(_run(check, handle, http, via))
            pending[task] = depth
            task.add_done_callback(finished.put_nowait)

        for check in first:
            start(check, handle_for(check, target.handle), 0)
        emit("planned", len(seen))
        try:
            while pending:
                # a queue, not asyncio.wait(pending): that re-arms every pending task on each pass (quadratic in a sweep)
                task = await finished.get()
                depth = pending.pop(task)
                account = task.result()
                accounts.append(account)
                if store is not None:
                    store.save_account(target.handle, account)
                if on_account is not None:
                    on_account(account)
                emit("account", account)
                if account.status == "found" and depth < options.depth:
                    before = len(seen)
                    for pivot in pivots_from(account, set(available)):
                        emit("pivot", pivot)
                        start(available[pivot.network], pivot.handle, depth + 1, pivot.via)
                    if len(seen) != before:
                        emit("planned", len(seen))
        finally:
            for task in pending:
                task.cancel()
            if store is not None and scan_id is not None:
                store.finish_scan(scan_id, {s: sum(a.status == s for a in accounts) for s in ("found", "not_found", "unknown")})
    order = {c.network: i for i, c in enumerate(available.values())}
    return sorted(accounts, key=lambda a: (bool(a.via), order.get(a.network, 999)))


@lru_cache(maxsize=1)
def _freeze_imports() -> None:
    """Once per process: the objects from imports are kept for good, so a full garbage collection in the
    middle of a sweep need not walk them all again (it cost a 500-site sweep 60 ms, a tenth of its CPU)."""
    gc.freeze()


def unreachable(accounts: list[Account], most: int = 4) -> str | None:
    """Why nothing could be reached, when no network answered at all (a scan with any answer has completed)."""
    if any(a.status != "unknown" for a in accounts):
        return None
    return "; ".join(sorted({a.reason for a in accounts})[:most])


async def _run(check: Any, handle: str, http: Http, via: str) -> Account:
    account = await check.collect(handle, http)
    if via:
        account.via = via
    return account


def analyse(target: Target, accounts: list[Account], known_links: list[Link] | None = None) -> tuple[Report, nx.DiGraph]:
    """`known_links` are same-person links known without inference (a person's own data downloads)."""
    nlp = get_nlp()
    fragments = extract(accounts, nlp)
    links = link_accounts(target.handle, accounts, fragments) + list(known_links or [])
    g = exposure.build_graph(target.handle, accounts, fragments, links)
    own, other = exposure.split_fragments(g, fragments)
    own += account_facts(accounts, exposure.target_accounts(g), links)
    exposure.add_fragments(g, own)
    ident = identity.measure(own)
    results = assess(own, ident.bits)
    exposure.add_capabilities(g, results, ident)
    report = Report(
        target=target,
        accounts=accounts,
        fragments=own,
        unlinked_fragments=other,
        links=links,
        capabilities=results,
        score=score(results, ident.bits),
        fix_plan=fix_plan(own),
        pipeline=describe(nlp),
        identity=ident.to_dict(),
    )
    return report, g


def run(target: Target, options: ScanOptions, transport: httpx.AsyncBaseTransport | None = None,
        store: Any = None, on_event: OnEvent | None = None) -> tuple[Report, nx.DiGraph]:
    accounts = asyncio.run(collect(target, options, transport, store=store, on_event=on_event))
    return analyse(target, accounts)
