"""From accounts to a complete Report: extraction -> linking -> the person's own accounts -> bits of identity
-> capabilities and score -> fix plan -> story -> professional review. The one place the analysis runs;
the views only show what it decided."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from analysis import coverage, identity, passwords, professional, story
from analysis.account_facts import account_facts
from analysis.extract import extract, free_texts
from analysis.fixplan import fix_plan
from analysis.linking import link_accounts, own_accounts, split_fragments
from analysis.nlp import describe, get_nlp
from analysis.photos import photo_fragments
from analysis.risk import assess, score
from footprint.model import Account, Document, Link, Report, Review, Target

# spaCy pipelines are not safe to share across threads, and the web app analyses in worker threads.
_NLP_LOCK = threading.Lock()

ReviewKind = Literal["full", "own-data"]


def analyse(
    target: Target,
    accounts: Iterable[Account],
    *,
    known_links: Iterable[Link] = (),
    expected_name: str | None = None,
    review: ReviewKind = "full",
    reflected: Iterable[Document] = (),
    today: date | None = None,
    extra: dict[str, Any] | None = None,
    demo: bool = False,
    demo_password: str | None = None,
) -> Report:
    """`known_links` are same-person links known without inference (a person's own data downloads);
    `review="own-data"` runs only the checks that make sense on a data download (content, who can see it),
    with `reflected` the posts they liked or shared. `demo`: the accounts came from the demo network, so the
    report may show what a stranger would guess first, and which guess is the persona's `demo_password`."""
    accounts = list(accounts)
    # Only free text goes through spaCy: with none (an existence-only sweep), no pipeline is built or named.
    nlp = get_nlp() if free_texts(accounts) else None
    with _NLP_LOCK:
        fragments = extract(accounts, nlp)
    links = link_accounts(target.handle, accounts, fragments) + list(known_links)
    own_ids = own_accounts(accounts, links)
    own, other = split_fragments(fragments, set(own_ids))
    own += account_facts(accounts, set(own_ids), links) + photo_fragments(accounts, set(own_ids))
    ident = identity.measure(own)
    results = assess(own, ident.bits)
    report = Report(
        target=target,
        accounts=tuple(accounts),
        fragments=tuple(own),
        unlinked_fragments=tuple(other),
        links=tuple(links),
        own_accounts=tuple(own_ids),
        capabilities=tuple(results),
        score=score(results, ident.bits),
        fix_plan=tuple(fix_plan(own)),
        identity=ident,
        coverage=coverage.measure(accounts),
        pipeline=describe(nlp) if nlp is not None else "",
        extra=dict(extra or {}),
        demo=demo,
        # Never for a real person: a list of their likely passwords is not something to print.
        guesses=tuple(passwords.mark_hit(passwords.first_guesses(own, target.handle), demo_password)) if demo else (),
    )
    report = replace(report, story=story.steps(report))
    if review == "own-data":
        mine = professional.own_accounts(report)
        checks = (
            professional.content_check(mine, list(reflected)),
            professional.visibility(mine, list_unchecked=False),
        )
        return replace(report, review=Review(target.handle, checks, professional.incomplete(report)))
    return replace(report, review=professional.review(report, today=today, expected_name=expected_name))
