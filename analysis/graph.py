"""The exposure graph: target -> accounts -> fragments -> capabilities, as a networkx DiGraph.

Edges: "same_person" (account -> account, and target -> account, with reason, evidence and confidence),
"disclosed_in" (account -> fragment, with the field or post and the words), "enables" (fragment ->
capability, with the requirement group it meets). `write_graph` exports it as GraphML or GEXF.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx

from analysis.linking import LINK_THRESHOLD, TARGET
from analysis.risk import kinds_provided, load_model
from footprint.model import Account, CapabilityResult, Fragment, Link


def build_graph(handle: str, accounts: list[Account], fragments: list[Fragment], links: list[Link]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node(TARGET, type="target", label=handle)
    for a in accounts:
        if a.status == "found":
            g.add_node(a.id, type="account", label=a.id, network=a.network, url=a.url)
    g.graph["same_person"] = []
    for link in links:
        if link.a in g and link.b in g:
            g.add_edge(link.a, link.b, type="same_person", reason=link.reason, evidence=link.evidence,
                       confidence=link.confidence)
            g.graph["same_person"].append((link.a, link.b, link.confidence))
    add_fragments(g, fragments)
    return g


def add_fragments(g: nx.DiGraph, fragments: list[Fragment]) -> None:
    for f in fragments:
        node = f"fragment:{f.id}"
        if node not in g:
            g.add_node(node, type="fragment", kind=f.kind, label=f.value)
        for e in f.evidence:
            if e.account in g and not g.has_edge(e.account, node):
                g.add_edge(e.account, node, type="disclosed_in", source=e.source, text=e.text,
                           url=e.url or "", confidence=e.confidence)


def target_accounts(g: nx.DiGraph) -> set[str]:
    """Accounts joined to the target by same-person links strong enough to trust."""
    if "target_accounts" in g.graph:
        return set(g.graph["target_accounts"])
    trusted = nx.Graph()
    trusted.add_node(TARGET)
    edges = g.graph.get("same_person")  # kept by build_graph, so the many other edges need no scan
    if edges is None:
        edges = [(u, v, d["confidence"]) for u, v, d in g.edges(data=True) if d["type"] == "same_person"]
    trusted.add_edges_from((u, v) for u, v, conf in edges if conf >= LINK_THRESHOLD)
    own = set(nx.node_connected_component(trusted, TARGET)) - {TARGET}
    if "same_person" in g.graph:  # links are all in at build time, so the answer holds for this graph
        g.graph["target_accounts"] = frozenset(own)
    return own


def split_fragments(g: nx.DiGraph, fragments: list[Fragment]) -> tuple[list[Fragment], list[Fragment]]:
    """Fragments about the target (seen on its accounts) and the rest, which never feed its capabilities."""
    own_accounts = target_accounts(g)
    own, other = [], []
    for f in fragments:
        mine = [e for e in f.evidence if e.account in own_accounts]
        theirs = [e for e in f.evidence if e.account not in own_accounts]
        if not theirs:  # the common case: nothing to split
            own.append(f)
            continue
        if mine:
            own.append(replace(f, evidence=mine))
        if theirs:
            other.append(replace(f, evidence=theirs))
    return own, other


def add_capabilities(g: nx.DiGraph, results: list[CapabilityResult], ident=None) -> None:
    """Capability nodes with their state, "enables" edges from the fragments on each path, and each
    fragment's bits of identity and whether it counts for the target."""
    own = target_accounts(g)
    pred = g.pred
    for node, data in g.nodes(data=True):
        if data.get("type") == "fragment":
            data["about_target"] = not own.isdisjoint(pred[node])
    if ident is not None:
        g.nodes[TARGET]["bits"] = ident.bits
        g.nodes[TARGET]["p_unique"] = round(ident.p_unique, 3)
        for fb in ident.fragments:
            node = f"fragment:{fb.fragment}"
            if node in g:
                g.nodes[node]["bits"] = fb.bits
                g.nodes[node]["bits_counted"] = fb.counted
    _, implies, _ = load_model()
    groups_of: dict[tuple[str, str], str] = {}
    for r in results:
        node = f"capability:{r.capability.id}"
        g.add_node(node, type="capability", label=r.capability.title, state=r.state, severity=r.capability.severity,
                   missing="; ".join(" or ".join(m) for m in r.missing))
        edges = []
        for fid in r.fragments:
            fnode = f"fragment:{fid}"
            if fnode not in g:
                continue
            kind = g.nodes[fnode]["kind"]
            if (kind, r.capability.id) not in groups_of:
                kinds = kinds_provided(Fragment(kind, "", ""), implies)
                groups = [" or ".join(grp) for grp in r.capability.requires if kinds & set(grp)]
                groups_of[(kind, r.capability.id)] = groups[0] if groups else "bits of identity"
            edges.append((fnode, node, {"type": "enables", "group": groups_of[(kind, r.capability.id)]}))
        g.add_edges_from(edges)


FORMATS = {".graphml": nx.write_graphml, ".gexf": nx.write_gexf}


def write_graph(g: nx.DiGraph, path: Path) -> None:
    """GraphML or GEXF by the file's extension. Both take only plain values, so None becomes ''."""
    writer = FORMATS.get(path.suffix.casefold())
    if writer is None:
        raise ValueError(f"--graph wants a .graphml or .gexf file, not {path.name!r}")
    clean = nx.DiGraph()
    for node, data in g.nodes(data=True):
        clean.add_node(node, **_plain(data))
    for u, v, data in g.edges(data=True):
        # GEXF keeps an edge's "type" for directed/undirected, so the kind of edge travels as "relation".
        attrs = _plain(data)
        attrs["relation"] = attrs.pop("type", "")
        clean.add_edge(u, v, **attrs)
    writer(clean, str(path))


def _plain(data: dict) -> dict:
    return {k: ("" if v is None else v if isinstance(v, (str, int, float, bool)) else str(v)) for k, v in data.items()}
