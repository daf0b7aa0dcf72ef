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

from footprint.model import Fragment, Identity, Report, StoryStep
from reports import captions, wording
from reports.redact import mask, mask_source
from reports.wording import kind_label, say

TARGET = "target"
# One key per process: ids stay stable across the snapshots of a live scan, and mean nothing outside it.
_KEY = secrets.token_bytes(16)

STATE_WORDS = {"satisfied": "unlocked", "near_miss": "one piece away", "out_of_reach": "locked"}


def node_id(prefix: str, raw: str) -> str:
    return prefix + hmac.new(_KEY, raw.encode(), hashlib.sha256).hexdigest()[:10]


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


def story(report: Report, fragment_ids: dict[str, str], show: _Shown | None = None) -> list[dict[str, Any]]:
    """The analysis's reveal order (analysis/story.py), with the page's opaque ids and each step's caption."""

    def ref(step: StoryStep) -> str:
        if step.kind == "guesses":
            return "guesses"
        if step.kind == "account":
            return _account_id(step.ref)
        if step.kind == "link":
            return node_id("l", step.ref)
        if step.kind == "summary":
            return "summary"
        return fragment_ids[step.ref]

    said = captions.captions(report, (show or _Shown(True)).value)
    return [
        {
            "type": s.kind,
            "id": ref(s),
            "lit": list(s.lit),
            "score": s.score,
            **({"bits": s.bits} if s.kind in ("fragment", "summary") else {}),
            **caption,
        }
        for s, caption in zip(report.story, said, strict=True)
    ]


class _Shown:
    """Values as this view shows them: as they are, or masked (reports/redact.py) for the big screen."""

    def __init__(self, redact: bool) -> None:
        self.redact = redact

    def value(self, kind: str, value: str | None) -> str:
        return mask(kind, value) if self.redact else value or ""

    def source(self, source: str) -> str:
        return mask_source(source) if self.redact else source

    def url(self, url: str | None) -> str | None:
        return None if self.redact else safe_url(url)


def _accounts(report: Report, show: _Shown) -> list[dict[str, Any]]:
    own = set(report.own_accounts)
    return [
        {
            "id": _account_id(a.id),
            "network": a.network,
            "title": wording.network_title(a.network),
            "handle": show.value("handle", a.handle),
            "url": show.url(a.url),
            "status": a.status,
            "reason": "" if show.redact else a.reason,
            "linked": a.id in own,
        }
        for a in report.accounts
    ]


def _links(report: Report, show: _Shown) -> list[dict[str, Any]]:
    return [
        {
            "id": node_id("l", f"{link.a}|{link.b}"),
            "a": _account_id(link.a),
            "b": _account_id(link.b),
            "reason": wording.link_reason(link.reason),
            "evidence": "" if show.redact else link.evidence,
            "confidence": link.confidence,
        }
        for link in report.links
    ]


def _fragments(report: Report, show: _Shown, ids: dict[str, str], bits: dict[str, float]) -> list[dict[str, Any]]:
    return [
        {
            "id": ids[f.id],
            "kind": f.kind,
            "kind_label": kind_label(f.kind),
            # accounts tied together are shown by the lines between them; as a value, a count says it
            "value": linked_value(f) if f.kind == "linked_accounts" else show.value(f.kind, f.value),
            "confidence": f.confidence,
            "from_photo": any(e.source == "photo:exif" for e in f.evidence),  # a picture's GPS, not its words
            "accounts": [_account_id(x) for x in f.accounts],
            "evidence": [
                {
                    "account": _account_id(e.account),
                    "network": e.account.split(":", 1)[0],
                    "title": wording.network_title(e.account.split(":", 1)[0]),
                    "source": show.source(e.source),
                    "text": show.value(f.kind, e.text),
                    "url": show.url(e.url),
                }
                for e in f.evidence
            ],
            **({"bits": bits[ids[f.id]]} if ids[f.id] in bits else {}),
        }
        for f in report.fragments
        if not f.is_bare_handle
    ]


def telling(report: Report, fragment_ids: tuple[str, ...]) -> list[Fragment]:
    """The pieces behind a risk, the most telling first: those whose removal lowers the score most (the fix
    plan's order), then the rest; the handle someone typed in tells them nothing new, so it goes last."""
    by_id = {f.id: f for f in report.fragments}
    rank: dict[str, int] = {}
    for i, step in enumerate(report.fix_plan):
        for fid in (step.fragment, *(p.fragment for p in step.together)):
            rank.setdefault(fid, i)
    pieces = [by_id[i] for i in fragment_ids if i in by_id]
    return sorted(pieces, key=lambda f: (f.kind == "handle", rank.get(f.id, len(rank) + 1)))


def linked_value(f: Fragment) -> str:
    return wording.plural(len(set(f.normalized.split("|"))), "account")


def _capabilities(report: Report, ids: dict[str, str], shown: set[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.capability.id,
            "title": c.capability.title,
            "explanation": c.capability.explanation,
            "severity": c.capability.severity,
            "state": c.state,
            "state_label": STATE_WORDS.get(c.state, c.state),
            "fragments": [ids[x.id] for x in telling(report, c.fragments) if ids.get(x.id) in shown],
            "missing": [" or ".join(kind_label(k) for k in group) for group in c.missing],
            "needs": wording.needs(c.missing),
            "sources": list(c.capability.sources),
            "requires": wording.needs(c.capability.requires)
            if c.capability.requires
            else c.capability.requires_text.replace("_", " ").replace(">=", "at least"),
        }
        for c in report.capabilities
    ]


def _fix_plan(report: Report, show: _Shown, ids: dict[str, str]) -> list[dict[str, Any]]:
    titles = {c.capability.id: c.capability.title for c in report.capabilities}
    return [
        {
            "action": s.action,
            "fragment": ids.get(s.fragment),
            "kind_label": kind_label(s.kind),
            "value": show.value(s.kind, s.value),
            "breaks": [titles.get(b, b) for b in s.breaks],
            "advice": list(s.advice),
            "score_after": s.score_after,
            "where": [
                {
                    "network": e.account.split(":", 1)[0],
                    "title": wording.network_title(e.account.split(":", 1)[0]),
                    "source": show.source(e.source),
                    "url": show.url(e.url),
                }
                for e in [*s.where, *(e for p in s.together for e in p.where)]
            ],
            "together": [{"kind_label": kind_label(p.kind), "value": show.value(p.kind, p.value)} for p in s.together],
            "keep": list(s.keep),
        }
        for s in report.fix_plan
    ]


def _guesses(report: Report, show: _Shown) -> list[dict[str, Any]]:
    """What a stranger would try first: demo personas only, each person's piece masked like any value."""
    if not report.demo:
        return []
    return [
        {
            "text": "".join(show.value(kind, text) if kind else text for kind, text, _ in g.parts),
            "recipe": g.recipe,
            "hit": g.hit,
        }
        for g in report.guesses
    ]


def build(report: Report, redact: bool = False, live: bool = False) -> dict[str, Any]:
    """`live`: the live page's own words come too (it says what a scan is doing as it runs)."""
    show = _Shown(redact)
    ids = {f.id: node_id("f", f.id) for f in report.fragments}
    identity = identity_view(report.identity, ids)
    fragments = _fragments(report, show, ids, identity["fragments"] if identity else {})
    return {
        "target": show.value("handle", report.target.handle),
        "redacted": redact,
        "score": report.score,
        "identity": identity,
        "accounts": _accounts(report, show),
        "links": _links(report, show),
        "fragments": fragments,
        "unlinked_fragments": len(report.unlinked_fragments),
        "capabilities": _capabilities(report, ids, {x["id"] for x in fragments}),
        "fix_plan": _fix_plan(report, show, ids),
        "story": story(report, ids, show),
        "opening": captions.opening(report, show.value("handle", report.target.handle)),
        "coverage": coverage_view(report),
        "guesses": _guesses(report, show),
        "wording": {
            "score": say("score.explain"),
            "score_short": say("score.short"),
            "identity": wording.table()["identity"],
            "picture": wording.table()["picture"],
            **(live_words(report) if live else {}),
        },
    }


def live_words(report: Report) -> dict[str, str]:
    """The live page's sentences. With too little checked, the reassuring ones are not even sent."""
    words = dict(wording.table()["live"])
    if report.coverage is not None and not report.coverage.enough:
        words = {k: v for k, v in words.items() if not k.startswith("done_clean")}
    return words


def coverage_view(report: Report) -> dict[str, Any] | None:
    """How much was checked, and the sentence every view shows instead of reassurance when it is not enough."""
    if report.coverage is None:
        return None
    cov = report.coverage
    return {**cov.to_dict(), "shortfall": cov.shortfall(), "unseen": cov.unseen()}
