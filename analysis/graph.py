"""The exposure graph of a Report: target -> accounts -> fragments -> capabilities, as a networkx DiGraph.

Edges: "same_person" (account -> account, and target -> account, with reason, evidence and confidence),
"disclosed_in" (account -> fragment, with the field or post and the words), "enables" (fragment ->
capability, with the requirement group it meets). `graph_text` exports it as GraphML or GEXF for Gephi.
Built from the Report alone: the analysis has already decided everything the graph shows.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from analysis.linking import TARGET
from analysis.risk import kinds_provided, load_model
from footprint.model import Fragment, Report


def exposure_graph(report: Report) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node(TARGET, type="target", label=report.target.handle)
    for a in report.accounts:
        if a.status == "found":
            g.add_node(a.id, type="account", label=a.id, network=a.network, url=a.url)
    for link in report.links:
        if link.a in g and link.b in g:
            g.add_edge(
                link.a,
                link.b,
                type="same_person",
                reason=link.reason,
                evidence=link.evidence,
                confidence=link.confidence,
            )
    own = set(report.own_accounts)
    bits = {b.fragment: b for b in report.identity.fragments} if report.identity else {}
    for f in (*report.fragments, *report.unlinked_fragments):
        node = f"fragment:{f.id}"
        if node not in g:
            g.add_node(node, type="fragment", kind=f.kind, label=f.value, about_target=False)
        for e in f.evidence:
            if e.account in g and not g.has_edge(e.account, node):
                g.add_edge(
                    e.account,
                    node,
                    type="disclosed_in",
                    source=e.source,
                    text=e.text,
                    url=e.url or "",
                    confidence=e.confidence,
                )
            if e.account in own:
                g.nodes[node]["about_target"] = True
        if f.id in bits:
            g.nodes[node]["bits"] = bits[f.id].bits
            g.nodes[node]["bits_counted"] = bits[f.id].counted
    if report.identity:
        g.nodes[TARGET]["bits"] = report.identity.bits
        g.nodes[TARGET]["p_unique"] = round(report.identity.p_unique, 3)
    _, implies, _ = load_model()
    for r in report.capabilities:
        node = f"capability:{r.capability.id}"
        g.add_node(
            node,
            type="capability",
            label=r.capability.title,
            state=r.state,
            severity=r.capability.severity,
            missing="; ".join(" or ".join(m) for m in r.missing),
        )
        for fid in r.fragments:
            fnode = f"fragment:{fid}"
            if fnode in g:
                kinds = kinds_provided(Fragment(g.nodes[fnode]["kind"], "", ""), implies)
                groups = [" or ".join(grp) for grp in r.capability.requires if kinds & set(grp)]
                g.add_edge(fnode, node, type="enables", group=groups[0] if groups else "bits of identity")
    return g


FORMATS = {".graphml": nx.generate_graphml, ".gexf": nx.generate_gexf}


def graph_text(g: nx.DiGraph, suffix: str) -> str:
    """GraphML or GEXF by the file's extension. Both take only plain values, so None becomes ''."""
    generate = FORMATS.get(suffix.casefold())
    if generate is None:
        raise ValueError(f"--graph wants a .graphml or .gexf file, not {suffix!r}")
    clean = nx.DiGraph()
    for node, data in g.nodes(data=True):
        clean.add_node(node, **_plain(data))
    for u, v, data in g.edges(data=True):
        # GEXF keeps an edge's "type" for directed/undirected, so the kind of edge travels as "relation".
        attrs = _plain(data)
        attrs["relation"] = attrs.pop("type", "")
        clean.add_edge(u, v, **attrs)
    return "\n".join(generate(clean)) + "\n"


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v if isinstance(v, (str, int, float, bool)) else str(v)) for k, v in data.items()}
