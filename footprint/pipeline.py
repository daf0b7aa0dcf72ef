"""The one flow: target -> collectors -> documents -> extraction -> linking -> graph -> risk -> report."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import networkx as nx

import collectors
from analysis import graph as exposure
from analysis.extract import extract
from analysis.linking import link_accounts
from analysis.nlp import describe, get_nlp
from analysis.risk import assess, fix_plan, score
from collectors.http import Http, HttpConfig
from footprint.model import Account, Report, Target


@dataclass
class ScanOptions:
    endpoints: dict[str, str] = field(default_factory=dict)
    networks: list[str] | None = None
    http: HttpConfig = field(default_factory=HttpConfig)


OnAccount = Callable[[Account], None]


async def collect(
    target: Target,
    options: ScanOptions,
    transport: httpx.AsyncBaseTransport | None = None,
    on_account: OnAccount | None = None,
) -> list[Account]:
    """Runs every collector concurrently; `on_account` hears about each result the moment it arrives."""
    chosen = collectors.build(options.endpoints, options.networks)
    accounts: list[Account] = []
    async with Http(options.http, transport=transport) as http:
        for next_done in asyncio.as_completed([c.collect(target.handle, http) for c in chosen]):
            account = await next_done
            accounts.append(account)
            if on_account is not None:
                on_account(account)
    order = {c.network: i for i, c in enumerate(chosen)}
    return sorted(accounts, key=lambda a: order[a.network])


def analyse(target: Target, accounts: list[Account]) -> tuple[Report, nx.DiGraph]:
    nlp = get_nlp()
    fragments = extract(accounts, nlp)
    links = link_accounts(target.handle, accounts)
    g = exposure.build_graph(target.handle, accounts, fragments, links)
    own, other = exposure.split_fragments(g, fragments)
    results = assess(own)
    exposure.add_capabilities(g, results)
    report = Report(
        target=target,
        accounts=accounts,
        fragments=own,
        unlinked_fragments=other,
        links=links,
        capabilities=results,
        score=score(results),
        fix_plan=fix_plan(own),
        pipeline=describe(nlp),
    )
    return report, g


def run(target: Target, options: ScanOptions, transport: httpx.AsyncBaseTransport | None = None) -> tuple[Report, nx.DiGraph]:
    accounts = asyncio.run(collect(target, options, transport))
    return analyse(target, accounts)
