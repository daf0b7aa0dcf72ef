"""What the browser views show, built once from a Report: a layered picture (person -> accounts -> fragments ->
capabilities), the story (findings in the order a room should see them), and the fix plan.

Values pass through reports.redact when `redact` is on, so a masked view never carries a real value to the page.
Node ids are opaque (a keyed hash), because fragment ids such as "full_name=jess hughes" are values themselves.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from analysis import risk
from analysis.linking import LINK_THRESHOLD
from footprint.model import Fragment, Report
from reports.redact import mask, mask_source

TARGET = "target"
# One key per process: ids stay stable across the snapshots of a live scan, and mean nothing outside it.
_KEY = secrets.token_bytes(16)

LINK_REASONS = {
    "same-handle": "same unusual handle",
    "proof": "signed proof",
    "profile-link": "one profile links to the other",
}
STATE_WORDS = {"satisfied": "unlocked", "near_miss": "one piece away", "out_of_reach": "locked"}


def node_id(prefix: str, raw: str) -> str:
    return prefix + hmac.new(_KEY, raw.encode(), hashlib.sha256).hexdigest()[:10]


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


def safe_url(url: str | None) -> str | None:
    """Only plain web links become clickable: a stranger's 'javascript:' or 'data:' URL stays text, or goes."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def target_accounts(report: Report) -> set[str]:
    """Accounts joined to the target by links strong enough to trust (the same rule the risk model uses)."""
    g = nx.Graph()
    g.add_node(TARGET)
    g.add_edges_from((x.a, x.b) for x in report.links if x.confidence >= LINK_THRESHOLD)
    return set(nx.node_connected_component(g, TARGET)) - {TARGET}


def _account_id(raw: str) -> str:
    return TARGET if raw == TARGET else node_id("a", raw)


def identity_view(identity: Any, fragment_ids: dict[str, str]) -> dict[str, Any] | None:
    """The bits-of-identity meter, when the risk model provides one (issue 5's `identity` section)."""
    if not isinstance(identity, dict) or not isinstance(identity.get("bits"), (int, float)):
        return None
    per = {}
    raw = identity.get("fragments")
    items = raw.items() if isinstance(raw, dict) else (
        ((x.get("id") or x.get("fragment"), x.get("bits")) for x in raw if isinstance(x, dict)) if isinstance(raw, list) else ())
    for fid, bits in items:
        if fid in fragment_ids and isinstance(bits, (int, float)):
            per[fragment_ids[fid]] = round(float(bits), 1)
    population = identity.get("population_bits")
    one_in = identity.get("one_in")
    p_unique = identity.get("p_unique")
    return {
        "bits": round(float(identity["bits"]), 1),
        "population_bits": round(float(population), 1) if isinstance(population, (int, float)) else None,
        "one_in": one_in if isinstance(one_in, (int, float)) else None,
        "p_unique": p_unique if isinstance(p_unique, (int, float)) else None,
        "fragments": per,
    }


def story(report: Report, fragment_ids: dict[str, str]) -> list[dict[str, Any]]:
    """Findings one at a time: each account, the links that tie it in, then each fragment it shows, with the
    capabilities that fragment tips over and the score after it. Re-assessed on every prefix, so a capability
    lights at the exact fragment that completes it."""
    steps: list[dict[str, Any]] = []
    found = _by_link_order(report)
    first_seen: dict[str, str] = {}
    for f in report.fragments:
        accounts = [e.account for e in f.evidence]
        first = next((a.id for a in found if a.id in accounts), None)
        if first is not None:
            first_seen[f.id] = first
    shown: set[str] = {TARGET}
    # The typed handle is known from the start: it feeds capabilities without being a finding of its own.
    revealed: list[Fragment] = [f for f in report.fragments if _is_bare_handle(f)]
    lit: set[str] = set()
    current = 0
    for a in found:
        steps.append({"type": "account", "id": _account_id(a.id), "lit": [], "score": current})
        shown.add(a.id)
        for link in report.links:
            # A link to the target is told with its account; links between two accounts are steps of their own.
            if {link.a, link.b} <= shown and a.id in (link.a, link.b) and TARGET not in (link.a, link.b):
                steps.append({"type": "link", "id": node_id("l", f"{link.a}|{link.b}"), "lit": [], "score": current})
        for f in report.fragments:
            if first_seen.get(f.id) != a.id or _is_bare_handle(f):
                continue
            revealed.append(f)
            results = risk.assess(revealed)
            now = [r.capability.id for r in results if r.satisfied and r.capability.id not in lit]
            lit.update(now)
            current = max(current, risk.score(results))
            steps.append({"type": "fragment", "id": fragment_ids[f.id], "lit": now, "score": current,
                          "bits": _bits(revealed)})
    if steps:
        # The report's own score has the last word (it may weigh more than capabilities).
        steps[-1]["score"] = max(steps[-1]["score"], report.score)
    return steps


def _by_link_order(report: Report) -> list:
    """The target's accounts, each after an account (or the target) it is linked to: the chain a viewer can follow."""
    own = target_accounts(report)
    ranked = {a.id: i for i, a in enumerate(report.accounts)}
    g = nx.Graph()
    g.add_edges_from((x.a, x.b) for x in report.links if x.confidence >= LINK_THRESHOLD)
    order = [n for n in nx.bfs_tree(g, TARGET, sort_neighbors=lambda ns: sorted(ns, key=lambda n: ranked.get(n, 1e9)))
             if n in own] if TARGET in g else []
    by_id = {a.id: a for a in report.accounts if a.status == "found"}
    return [by_id[i] for i in order if i in by_id]


def _requires_text(data: dict[str, Any], cap_id: str) -> str:
    """What a capability takes, in words ("full name and (birthday or date of birth)"), when the report says."""
    for c in data.get("capabilities", []):
        if c.get("id") == cap_id and isinstance(c.get("requires"), str):
            return c["requires"].replace("_", " ").replace(">=", "at least")
    return ""


def _bits(fragments: list[Fragment]) -> float | None:
    """Bits of identity of the fragments revealed so far, when the risk model measures them."""
    try:
        from analysis import identity
        return round(float(identity.measure(fragments).bits), 1)
    except (ImportError, AttributeError, TypeError, ValueError):
        return None


def _is_bare_handle(f: Fragment) -> bool:
    # The handle the user typed is not news; only a handle found in text is.
    return f.kind == "handle" and all(e.rule == "account-found" or e.source == "url" for e in f.evidence)


def build(report: Report, redact: bool = False) -> dict[str, Any]:
    data = report.to_dict()
    show = (lambda kind, v: mask(kind, v)) if redact else (lambda kind, v: v or "")
    fragment_ids = {f.id: node_id("f", f.id) for f in report.fragments}

    accounts = []
    for a in report.accounts:
        accounts.append({
            "id": _account_id(a.id), "network": a.network, "handle": show("handle", a.handle),
            "url": None if redact else safe_url(a.url), "status": a.status, "reason": a.reason if not redact else "",
        })
    own_accounts = target_accounts(report)
    for acc, a in zip(accounts, report.accounts):
        acc["linked"] = a.id in own_accounts

    links = [{
        "id": node_id("l", f"{link.a}|{link.b}"), "a": _account_id(link.a), "b": _account_id(link.b),
        "reason": LINK_REASONS.get(link.reason, kind_label(link.reason).replace("-", " ")),
        "evidence": "" if redact else link.evidence, "confidence": link.confidence,
    } for link in report.links]

    fragments = []
    for f in report.fragments:
        if _is_bare_handle(f):
            continue
        fragments.append({
            "id": fragment_ids[f.id], "kind": f.kind, "kind_label": kind_label(f.kind),
            "value": show(f.kind, f.value), "confidence": f.confidence,
            "accounts": [_account_id(x) for x in f.accounts],
            "evidence": [{
                "account": _account_id(e.account), "network": e.account.split(":", 1)[0],
                "source": mask_source(e.source) if redact else e.source, "text": show(f.kind, e.text),
                "url": None if redact else safe_url(e.url),
            } for e in f.evidence],
        })
    shown_fragments = {x["id"] for x in fragments}

    identity = identity_view(data.get("identity"), fragment_ids)
    for f in fragments:
        if identity and f["id"] in identity["fragments"]:
            f["bits"] = identity["fragments"][f["id"]]

    capabilities = [{
        "id": c.capability.id, "title": c.capability.title, "explanation": c.capability.explanation,
        "severity": c.capability.severity, "state": c.state, "state_label": STATE_WORDS.get(c.state, c.state),
        "fragments": [fragment_ids[x] for x in c.fragments if fragment_ids.get(x) in shown_fragments],
        "missing": [" or ".join(kind_label(k) for k in group) for group in c.missing],
        "sources": list(c.capability.sources),
        "requires": _requires_text(data, c.capability.id),
    } for c in report.capabilities]

    fix_plan = [{
        "fragment": fragment_ids.get(s.fragment), "kind_label": kind_label(s.kind), "value": show(s.kind, s.value),
        "breaks": [next((c["title"] for c in capabilities if c["id"] == b), b) for b in s.breaks],
        "advice": list(s.advice), "score_after": s.score_after,
        "where": [{"network": e.account.split(":", 1)[0], "source": mask_source(e.source) if redact else e.source,
                   "url": None if redact else safe_url(e.url)} for e in s.where],
    } for s in report.fix_plan]

    return {
        "target": show("handle", report.target.handle),
        "redacted": redact,
        "score": report.score,
        "identity": identity,
        "accounts": accounts,
        "links": links,
        "fragments": fragments,
        "unlinked_fragments": len(report.unlinked_fragments),
        "capabilities": capabilities,
        "fix_plan": fix_plan,
        "story": story(report, fragment_ids),
    }
