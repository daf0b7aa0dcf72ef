"""The story's captions: one or two sentences per step, said the way a presenter would say them, from the
templates in reports/data/wording.json. Built here rather than in the page, so every caption a room can see is
one a test can read (tests/test_readability.py); values arrive already masked when the view is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from footprint.model import Link, Report, StoryStep
from reports.wording import join, kind_label, link_reason, network_title, plural, say

TARGET = "target"
SHORT_VALUE_WORDS = 3  # longer values stay in the picture, out of the caption


def _network(account_id: str) -> str:
    return network_title(account_id.split(":", 1)[0])


def _tie(report: Report, account: str, shown: set[str]) -> Link | None:
    """The strongest link from this account to one already on screen (or to the handle typed in)."""
    ties = [
        x for x in report.links if account in (x.a, x.b) and ({x.a, x.b} - {account}) <= shown and x.confidence >= 0.5
    ]
    return max(ties, key=lambda x: x.confidence, default=None)


def captions(report: Report, value: Callable[[str, str], str]) -> list[dict[str, Any]]:
    """One {title, text, unlock} per story step; `value(kind, value)` shows a value as the view does."""
    accounts = {a.id: a for a in report.accounts}
    fragments = {f.id: f for f in report.fragments}
    caps = {c.capability.id: c for c in report.capabilities}
    own = set(report.own_accounts)
    shown: set[str] = {TARGET}
    out: list[dict[str, Any]] = []
    for step in report.story:
        out.append(_caption(step, report, accounts, fragments, caps, own, shown, value))
        if step.kind == "account":
            shown.add(step.ref)
    return out


def opening(report: Report, handle: str) -> dict[str, Any]:
    """Before the first step: who this is, and what the score on the screen means."""
    return {
        "title": say("story.start_title", handle=handle),
        "text": say("story.start_text", score=say("score.explain")),
        "unlock": False,
    }


def _caption(
    step: StoryStep,
    report: Report,
    accounts: dict,
    fragments: dict,
    caps: dict,
    own: set[str],
    shown: set[str],
    value: Callable[[str, str], str],
) -> dict[str, Any]:
    if step.kind == "summary":
        return _summary(step, report)
    if step.kind == "guesses":
        hit = next((i for i, g in enumerate(report.guesses, 1) if g.hit), 0)
        if hit:
            return {
                "title": say("story.guesses_hit_title", n=hit),
                "text": say("story.guesses_hit_text"),
                "unlock": True,
            }
        return {"title": say("story.guesses_miss_title"), "text": say("story.guesses_miss_text"), "unlock": False}
    if step.kind == "account":
        account = accounts.get(step.ref)
        tie = _tie(report, step.ref, shown)
        if step.ref not in own:
            text = say("story.account_other")
        elif tie is not None:
            text = say("story.account_same", reason=link_reason(tie.reason))
        else:
            text = say("story.account_same_plain")
        network = network_title(account.network) if account else _network(step.ref)
        return {"title": say("story.account_title", network=network), "text": text, "unlock": False}
    if step.kind == "link":
        a, _, b = step.ref.partition("|")
        link = next((x for x in report.links if x.a == a and x.b == b), None)
        return {
            "title": say("story.link_title", a=_network(a), b=_network(b)),
            "text": say("story.link_text", reason=link_reason(link.reason)) if link else "",
            "unlock": False,
        }
    f = fragments.get(step.ref)
    if f is None:
        return {"title": "", "text": "", "unlock": False}
    label = kind_label(f.kind)
    if step.lit:
        unlocked = [caps[c] for c in step.lit if c in caps]
        titles = "; ".join(c.capability.title for c in unlocked)
        key = "story.unlock_title_plain" if f.kind in ("linked_accounts", "photo") else "story.unlock_title"
        return {
            "title": say(key, kind=label, titles=titles),
            "text": unlocked[0].capability.explanation if unlocked else "",
            "unlock": True,
        }
    if f.kind == "linked_accounts":
        n = len({e.account for e in f.evidence} | set(f.normalized.split("|")))
        return {"title": say("story.linked_title", n=n), "text": say("story.linked_text"), "unlock": False}
    networks = list(dict.fromkeys(_network(e.account) for e in f.evidence))
    verb = "shows" if len(networks) == 1 else "show"
    shown_value = value(f.kind, f.value)
    if any(e.source == "photo:exif" for e in f.evidence):  # a picture's GPS, not its words
        return {
            "title": say("story.photo_title", networks=join(networks), value=shown_value),
            "text": say("story.photo_text"),
            "unlock": False,
        }
    if f.kind == "email":  # probably the recovery email: the one that unlocks the rest
        return {
            "title": say("story.email_title", networks=join(networks), verb=verb, value=shown_value),
            "text": say("story.email_text"),
            "unlock": False,
        }
    # a long value, masked, is a row of stars: the caption names the kind and the picture shows the rest
    plain = f.kind == "photo" or len(shown_value.split()) > SHORT_VALUE_WORDS
    key = "story.fragment_title_plain" if plain else "story.fragment_title"
    return {
        "title": say(key, networks=join(networks), verb=verb, kind=label, value=shown_value),
        "text": say("story.fragment_text"),
        "unlock": False,
    }


def _summary(step: StoryStep, report: Report) -> dict[str, Any]:
    unlocked = [c for c in report.capabilities if c.satisfied]
    if unlocked:
        title = say("story.summary_title", things=plural(len(unlocked), "thing"))
    elif report.coverage is not None and not report.coverage.enough:
        title = say("story.summary_title_unsure")
    else:
        title = say("story.summary_title_none")
    text = [say("story.summary_score", score=step.score)]
    fix = next((s for s in report.fix_plan if s.fragment == step.ref), None) if step.ref else None
    if fix is not None:
        networks = join(
            list(dict.fromkeys(_network(e.account) for e in (*fix.where, *(e for p in fix.together for e in p.where))))
        )
        kinds = list(dict.fromkeys(kind_label(k) for k in (fix.kind, *(p.kind for p in fix.together))))
        text.append(say("story.summary_fix", kinds=join(kinds), networks=networks, after=fix.score_after))
    elif unlocked:
        text.append(say("story.summary_no_fix"))
    return {"title": title, "text": " ".join(text), "unlock": bool(unlocked)}
