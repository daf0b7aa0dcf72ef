"""The exposure graph: target -> accounts -> fragments -> capabilities, as a networkx DiGraph."""
from __future__ import annotations

from dataclasses import replace

import networkx as nx

from analysis.linking import LINK_THRESHOLD, TARGET
from footprint.model import Account, CapabilityResult, Fragment, Link


def build_graph(handle: str, accounts: list[Account], fragments: list[Fragment], links: list[Link]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node(TARGET, type="target", label=handle)
    for a in accounts:
        if a.status == "found":
            g.add_node(a.id, type="account", label=a.id, network=a.network, url=a.url)
    for link in links:
        if link.a in g and link.b in g:
            g.add_edge(link.a, link.b, type="same_person", reason=link.reason, evidence=link.evidence,
                       confidence=link.confidence)
    for f in fragments:
        node = f"fragment:{f.id}"
        g.add_node(node, type="fragment", kind=f.kind, label=f.value)
        for e in f.evidence:
            if e.account in g:
                g.add_edge(e.account, node, type="disclosed_in", source=e.source, text=e.text)
    return g


def target_accounts(g: nx.DiGraph) -> set[str]:
    """Accounts joined to the target by same-person links strong enough to trust."""
    trusted = nx.Graph()
    trusted.add_node(TARGET)
    trusted.add_edges_from(
        (u, v) for u, v, d in g.edges(data=True) if d["type"] == "same_person" and d["confidence"] >= LINK_THRESHOLD
    )
    return set(nx.node_connected_component(trusted, TARGET)) - {TARGET}


def split_fragments(g: nx.DiGraph, fragments: list[Fragment]) -> tuple[list[Fragment], list[Fragment]]:
    """Fragments about the target (seen on its accounts) and the rest, which never feed its capabilities."""
    own_accounts = target_accounts(g)
    own, other = [], []
    for f in fragments:
        mine = [e for e in f.evidence if e.account in own_accounts]
        theirs = [e for e in f.evidence if e.account not in own_accounts]
        if mine:
            own.append(replace(f, evidence=mine))
        if theirs:
            other.append(replace(f, evidence=theirs))
    return own, other


def add_capabilities(g: nx.DiGraph, results: list[CapabilityResult]) -> None:
    for r in results:
        node = f"capability:{r.capability.id}"
        g.add_node(node, type="capability", label=r.capability.title, state=r.state, severity=r.capability.severity)
        for fid in r.fragments:
            g.add_edge(f"fragment:{fid}", node, type="enables")
