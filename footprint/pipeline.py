"""The one flow: target -> collectors -> documents -> extraction -> linking -> graph -> risk -> report."""
from __future__ import annotations

import asyncio
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


async def collect(target: Target, options: ScanOptions, transport: httpx.AsyncBaseTransport | None = None) -> list[Account]:
    chosen = collectors.build(options.endpoints, options.networks)
    async with Http(options.http, transport=transport) as http:
        return list(await asyncio.gather(*(c.collect(target.handle, http) for c in chosen)))


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
