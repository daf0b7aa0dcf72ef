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

from footprint.model import Identity, Report, StoryStep
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


def _account_id(raw: str) -> str:
    return TARGET if raw == TARGET else node_id("a", raw)


def identity_view(identity: Identity | None, fragment_ids: dict[str, str]) -> dict[str, Any] | None:
    """The bits-of-identity meter."""
    if identity is None:
        return None
    per = {fragment_ids[b.fragment]: round(float(b.bits), 1) for b in identity.fragments if b.fragment in fragment_ids}
    return {
        "bits": round(float(identity.bits), 1),
        "population_bits": round(float(identity.population_bits), 1),
        "one_in": identity.one_in,
        "p_unique": identity.p_unique,
        "fragments": per,
    }


def story(report: Report, fragment_ids: dict[str, str]) -> list[dict[str, Any]]:
    """The analysis's reveal order (analysis/story.py), with the page's opaque ids."""
    def ref(step: StoryStep) -> str:
        if step.kind == "account":
            return _account_id(step.ref)
        if step.kind == "link":
            return node_id("l", step.ref)
        return fragment_ids[step.ref]

    return [{"type": s.kind, "id": ref(s), "lit": list(s.lit), "score": s.score,
             **({"bits": s.bits} if s.kind == "fragment" else {})} for s in report.story]


def build(report: Report, redact: bool = False) -> dict[str, Any]:
    show = (lambda kind, v: mask(kind, v)) if redact else (lambda kind, v: v or "")
    fragment_ids = {f.id: node_id("f", f.id) for f in report.fragments}

    accounts = []
    for a in report.accounts:
        accounts.append({
            "id": _account_id(a.id), "network": a.network, "handle": show("handle", a.handle),
            "url": None if redact else safe_url(a.url), "status": a.status, "reason": a.reason if not redact else "",
        })
    own_accounts = set(report.own_accounts)
    for acc, a in zip(accounts, report.accounts, strict=True):
        acc["linked"] = a.id in own_accounts

    links = [{
        "id": node_id("l", f"{link.a}|{link.b}"), "a": _account_id(link.a), "b": _account_id(link.b),
        "reason": LINK_REASONS.get(link.reason, kind_label(link.reason).replace("-", " ")),
        "evidence": "" if redact else link.evidence, "confidence": link.confidence,
    } for link in report.links]

    fragments = []
    for f in report.fragments:
        if f.is_bare_handle:
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

    identity = identity_view(report.identity, fragment_ids)
    for shown in fragments:
        if identity and shown["id"] in identity["fragments"]:
            shown["bits"] = identity["fragments"][shown["id"]]

    capabilities = [{
        "id": c.capability.id, "title": c.capability.title, "explanation": c.capability.explanation,
        "severity": c.capability.severity, "state": c.state, "state_label": STATE_WORDS.get(c.state, c.state),
        "fragments": [fragment_ids[x] for x in c.fragments if fragment_ids.get(x) in shown_fragments],
        "missing": [" or ".join(kind_label(k) for k in group) for group in c.missing],
        "sources": list(c.capability.sources),
        "requires": c.capability.requires_text.replace("_", " ").replace(">=", "at least"),
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
