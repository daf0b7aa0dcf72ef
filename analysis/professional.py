"""The professional-presence review: the checks careers advisers ask young people to make, run over a
report. Each check says pass, warn or fail, shows its evidence (which account, which field or post, which
words) and what to do. The words employers hold against you and the wording of each check live in
analysis/data/professional.json; whether a network is professional, what a logged-out visitor sees there
and where its settings are live in its catalogue entry (footprint/networks)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.extract import field_kind
from footprint import networks
from footprint.handles import chosen_name
from footprint.model import REVIEW_ORDER, Account, Check, Document, Finding, Report, Review, ReviewResult
from footprint.networks import Network

ORDER = REVIEW_ORDER
NEAR_VARIANT = 0.6  # similarity of two handles (letters and digits only) above which one is a variant of the other


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    import json

    return json.loads((Path(__file__).parent / "data" / "professional.json").read_text(encoding="utf-8"))


def say(key: str, **values: Any) -> str:
    """A sentence of the review, from professional.json's 'wording', filled in."""
    return load()["wording"][key].format(**values)


def piece(key: str, **values: Any) -> str:
    """A piece of one of those sentences (professional.json's wording 'parts')."""
    return load()["wording"]["parts"][key].format(**values)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _check(check_id: str, result: ReviewResult, summary: str, findings: list[Finding], todo: list[str]) -> Check:
    spec = load()["checks"][check_id]
    return Check(
        check_id,
        spec["title"],
        result,
        summary,
        spec["why"],
        load()["sources"][spec["source"]],
        tuple(findings),
        tuple(todo),
    )


def network_info(network: str) -> Network:
    return networks.lookup(network)


def is_professional(network: str) -> bool:
    return network_info(network).role == "professional"


def title(network: str) -> str:
    return network_info(network).title


def _to(network: str) -> str:
    """Where to go to change it, as a sentence of its own (' Go to URL.'), or nothing when the catalogue has no place."""
    settings = network_info(network).settings
    return say("go_to", settings=settings) if settings else ""


# --- which accounts are the person's -------------------------------------------------------------


def own_accounts(report: Report) -> list[Account]:
    """The accounts the analysis showed to be the person's (the ones the risk section counts)."""
    mine = set(report.own_accounts)
    return [a for a in report.accounts if a.id in mine]


@dataclass(frozen=True)
class Sighting:
    """A handle seen somewhere: on a found account, or in a link from one."""

    network: str
    handle: str
    where: str  # account id that shows it
    source: str  # "url" for the account itself, else the linking field
    url: str | None


def linked_handle(kind: str, value: str) -> tuple[str, str] | None:
    """(network, handle) a link points at, when it points at a network we know: a handle link, or the
    address of a profile or of a page under it (the catalogue's profile_urls)."""
    if kind == "handle" and ":" in value:
        network, _, handle = value.partition(":")
        return network, handle
    if kind != "url":
        return None
    return networks.profile_from_url(value, within=True)


def sightings(accounts: list[Account]) -> list[Sighting]:
    seen: dict[tuple[str, str], Sighting] = {}
    for a in accounts:
        seen.setdefault((a.network, a.handle.casefold()), Sighting(a.network, a.handle, a.id, "url", a.url))
    for a in accounts:
        for kind, value, source in a.links:
            hit = linked_handle(kind, value)
            if hit:
                seen.setdefault(
                    (hit[0], hit[1].casefold()),
                    Sighting(hit[0], hit[1], a.id, source, value if kind == "url" else None),
                )
    return list(seen.values())


def _letters(handle: str) -> str:
    return re.sub(r"[^a-z0-9]", "", handle.casefold())


def handle_relation(handle: str, canonical: str) -> str:
    """'same', 'variant' (near: amara-okafor-data for amaraokafor) or 'different'."""
    a, b = _letters(handle), _letters(canonical)
    if a == b:
        return "same"
    if (b and b in a) or (a and a in b) or SequenceMatcher(None, a, b).ratio() >= NEAR_VARIANT:
        return "variant"
    return "different"


def unprofessional_words(handle: str) -> list[str]:
    words = load()["handle_words"]["words"]
    segments = re.findall(r"[a-z]+|\d+", handle.casefold())
    return [w for w in words if any(s == w or (len(w) >= 4 and s.startswith(w)) for s in segments)]


def display_names(accounts: list[Account]) -> list[tuple[str, Account, str]]:
    out = []
    for a in accounts:
        for doc in a.documents:
            if doc.field is not None and field_kind(a.network, doc) == "name":
                out.append((doc.text, a, doc.source))
    return out


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"[^\W\d_]+", name.casefold()))


# --- the checks ---------------------------------------------------------------------------------


def _nothing(check_id: str, why: str, findings: list[Finding] | None = None, todo: list[str] | None = None) -> Check:
    """A check with nothing to look at says so: n/a with the reason, never a pass."""
    return _check(check_id, "n/a", why, findings or [], todo or [])


def digital_name(handle: str, accounts: list[Account], expected_name: str | None = None) -> Check:
    if not accounts:
        return _nothing("digital-name", say("no_names"))
    findings, todo = [], []
    seen = sightings(accounts)
    relations = {s: handle_relation(chosen_name(s.network, s.handle), handle) for s in seen}
    for s in seen:
        rel = relations[s]
        where = (
            piece("where_own", network=title(s.network))
            if s.source == "url"
            else piece("where_linked", profile=title(s.where.split(":", 1)[0]))
        )
        findings.append(
            Finding(
                say("f_handle", network=title(s.network), handle=s.handle, label=piece(f"handle_{rel}"), where=where),
                s.where,
                s.source,
                s.handle,
                s.url,
            )
        )
    odd = [s for s in seen if relations[s] != "same"]
    names = display_names(accounts)
    distinct = sorted({_name_key(n) for n, _, _ in names if _name_key(n)})
    for name, a, source in names:
        findings.append(Finding(say("f_name", network=title(a.network), name=name), a.id, source, name, a.url))
    unlike = []  # professional profiles not showing the name the person goes by (from the adviser's list)
    if expected_name and _name_key(expected_name):
        unlike = [
            (n, a, src)
            for n, a, src in names
            if is_professional(a.network) and _name_key(n) != _name_key(expected_name)
        ]
        for name, a, source in unlike:
            findings.append(
                Finding(
                    say("f_not_name", network=title(a.network), name=name, expected=expected_name),
                    a.id,
                    source,
                    name,
                    a.url,
                )
            )
        if unlike:
            todo.append(say("do_show_name", name=expected_name))
    rude = {(s.handle, w) for s in seen for w in unprofessional_words(s.handle)}
    for h, w in sorted(rude):
        findings.append(Finding(say("f_rude", handle=h, word=w), quote=h))
    if odd:
        todo.append(say("do_one_handle", handle=handle))
    if len(distinct) > 1:
        todo.append(say("do_one_name"))
    if rude:
        todo.append(say("do_plain_handle"))
    if not odd and len(distinct) <= 1 and not rude and not unlike:
        return _check("digital-name", "pass", say("one_handle", handle=handle), findings, todo)
    parts = []
    if odd:
        parts.append(
            say(
                "other_handles_one" if len(odd) == 1 else "other_handles",
                n=len(odd),
                where=_and([f"{s.handle} on {title(s.network)}" for s in odd]),
            )
        )
    if len(distinct) > 1:
        parts.append(say("other_names", n=len(distinct)))
    if rude:
        parts.append(say("rude_handle"))
    if unlike:
        parts.append(say("name_missing", name=expected_name))
    return _check("digital-name", "warn", " ".join(parts), findings, todo)


def apart(accounts: list[Account]) -> Check:
    pro = [a for a in accounts if is_professional(a.network)]
    if not pro:
        return _nothing("apart", say("no_work_profile_apart"))
    findings, todo = [], []
    fails = 0
    for a in pro:
        pointers: dict[
            tuple[str, str], list[tuple[str, str, str]]
        ] = {}  # (network, handle) -> [(field, value, handle)]
        for kind, value, source in a.links:
            hit = linked_handle(kind, value)
            if hit and not is_professional(hit[0]):
                pointers.setdefault((hit[0], hit[1].casefold()), []).append((source, value, hit[1]))
        for (network, _), where in pointers.items():
            fails += 1
            fields = ", ".join(f for f, _, _ in where)
            findings.append(
                Finding(
                    say("f_links_to", profile=title(a.network), network=title(network), handle=where[0][2]),
                    a.id,
                    fields,
                    where[0][1],
                    a.url,
                )
            )
            todo.append(say("do_unlink", network=title(network), profile=title(a.network), to=_to(a.network)))
    personal = [a for a in accounts if not is_professional(a.network)]
    names = display_names(accounts)
    shared = 0
    for name, a, _ in names:
        if not is_professional(a.network):
            continue
        for other, b, bsource in names:
            if b in personal and _name_key(other) == _name_key(name):
                shared += 1
                findings.append(
                    Finding(
                        say("f_same_name", network=title(b.network), profile=title(a.network), name=other),
                        b.id,
                        bsource,
                        other,
                        b.url,
                    )
                )
    if shared:
        todo.append(say("do_nickname"))
    if fails:
        return _check("apart", "fail", say("links_out_one" if fails == 1 else "links_out", n=fails), findings, todo)
    if shared:
        return _check("apart", "warn", say("same_name"), findings, todo)
    return _check("apart", "pass", say("apart_ok"), findings, todo)


def _parse(ts: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def up_to_date(accounts: list[Account], today: date) -> Check:
    if not accounts:
        return _nothing("up-to-date", say("no_dates"))
    limit = load()["dormant_days"]
    findings, todo, worst = [], [], "pass"
    quiet = 0
    for a in accounts:
        when = _parse(a.last_active) if a.last_active else None
        if when is None:
            findings.append(Finding(say("f_no_date", network=title(a.network)), a.id, "last_active", None, a.url))
            continue
        days = (today - when.date()).days
        dormant = days > limit
        role = "professional" if is_professional(a.network) else "personal"
        findings.append(
            Finding(
                say(
                    "f_last",
                    network=title(a.network),
                    role=piece(f"role_{role}"),
                    date=when.date().isoformat(),
                    days=days,
                    quiet=piece("quiet_mark") if dormant else "",
                ),
                a.id,
                "last_active",
                a.last_active,
                a.url,
            )
        )
        if dormant:
            quiet += 1
            worst = max(worst, "fail" if role == "professional" else "warn", key=ORDER.__getitem__)
            todo.append(
                say(
                    "do_refresh" if role == "professional" else "do_close",
                    network=title(a.network),
                    date=when.date().isoformat(),
                )
            )
    undated = sum(f.quote is None for f in findings)
    if undated == len(findings):
        return _nothing("up-to-date", say("no_account_dated"), findings)
    if quiet:
        summary = say("quiet_one" if quiet == 1 else "quiet_many", n=quiet)
    else:
        summary = say("all_recent") + (
            " " + say("undated_one" if undated == 1 else "undated_many", n=undated) if undated else ""
        )
    return _check("up-to-date", worst, summary, findings, todo)  # type: ignore[arg-type]


def visibility(accounts: list[Account], list_unchecked: bool = True) -> Check:
    if not accounts:
        return _nothing("visibility", say("nothing_to_see"))
    findings, todo = [], []
    open_personal: list[Account | Sighting] = []
    for a in accounts:
        info = network_info(a.network)
        private = a.profile.get("private_account")
        is_open = (not private) if isinstance(private, bool) else info.open
        role = "professional" if is_professional(a.network) else "personal"
        if isinstance(private, bool):  # the person's own download says so
            state = piece("state_private") if private else piece("state_public")
        else:
            state = piece("state_open") if is_open else piece("state_closed")
        findings.append(
            Finding(
                say("f_seen", network=title(a.network), role=piece(f"role_{role}"), state=state, sees=info.sees),
                a.id,
                "private_account" if isinstance(private, bool) else "network",
                None,
                a.url,
            )
        )
        if is_open and role == "personal":
            open_personal.append(a)
            todo.append(say("do_private", network=title(a.network), to=_to(a.network)))
    found = {(a.network, a.handle.casefold()) for a in accounts}
    for s in sightings(accounts):
        info = network_info(s.network)
        if (s.network, s.handle.casefold()) in found or is_professional(s.network) or not info.open:
            continue
        open_personal.append(s)
        findings.append(
            Finding(
                say(
                    "f_not_read",
                    network=title(s.network),
                    handle=s.handle,
                    profile=title(s.where.split(":", 1)[0]),
                    sees=info.sees,
                ),
                s.where,
                s.source,
                s.handle,
                s.url,
            )
        )
        todo.append(say("do_check_linked", network=title(s.network), handle=s.handle, settings=info.settings).strip())
    checked = {a.network for a in accounts}
    closed = [n.name for n in networks.all() if not n.open and n.name not in checked]
    if closed and list_unchecked:
        findings.append(Finding(say("f_unchecked", names=_and(sorted({title(n) for n in closed})))))
    if open_personal:
        return _check(
            "visibility",
            "warn",
            say(
                "open_accounts_one" if len(open_personal) == 1 else "open_accounts",
                n=len(open_personal),
                names=_and(list(dict.fromkeys(title(a.network) for a in open_personal))),
            ),
            findings,
            todo,
        )
    return _check("visibility", "pass", say("none_open"), findings, todo)


_STREETISH = re.compile(r"\d")


def full_name(value: str) -> bool:
    """A first and a last name, not initials ('A. Okafor', 'Amara O.') or a single word."""
    words = [w.strip(".") for w in value.split()]
    return len(words) >= 2 and sum(len(w) >= 2 and w.replace("-", "").replace("'", "").isalpha() for w in words) >= 2


def complete(accounts: list[Account]) -> Check:
    pro = [a for a in accounts if is_professional(a.network) and network_info(a.network).complete]
    if not pro:
        return _nothing("complete", say("no_work_profile"), todo=[say("do_set_up")])
    findings, todo, missing_any, unread_any, read_whole = [], [], False, False, False
    for a in pro:
        spec = network_info(a.network).complete
        missing: list[str] = []
        unread: list[str] = []
        for part, key in spec.items():
            value = a.profile.get(key)
            if not (isinstance(value, str) and value.strip()):
                # a field the network hides from a program without a token may well be there: not "missing"
                (unread if a.unseen else missing).append(part)
            elif part == "name" and not full_name(value):
                missing.append(piece("short_name", value=value.strip()))
            elif part == "location" and _STREETISH.search(value):
                findings.append(
                    Finding(
                        say("f_precise", network=title(a.network), value=value),
                        a.id,
                        f"field:{key}",
                        value,
                        a.url,
                    )
                )
                todo.append(say("do_city", network=title(a.network)))
                missing_any = True
        if unread:
            unread_any = True
            findings.append(
                Finding(
                    say("f_unread", network=title(a.network), parts=_and(unread), needs=a.needs),
                    a.id,
                    "profile",
                    None,
                    a.url,
                )
            )
        if missing:
            missing_any = True
            findings.append(
                Finding(say("f_missing", network=title(a.network), parts=_and(missing)), a.id, "profile", None, a.url)
            )
            parts = ", ".join(m.split(" (")[0] for m in missing)
            todo.append(say("do_add", parts=parts, network=title(a.network), to=_to(a.network)))
        elif not unread:
            read_whole = True
            findings.append(
                Finding(say("f_has", network=title(a.network), parts=_and(list(spec))), a.id, "profile", None, a.url)
            )
    if unread_any and not missing_any and not read_whole:  # nothing could be read whole: no verdict to give
        return _nothing("complete", say("complete_unread"), findings=findings, todo=todo)
    return _check(
        "complete",
        "warn" if missing_any else "pass",
        say("gaps") if missing_any else say("complete_as_read") if unread_any else say("complete"),
        findings,
        todo,
    )


@lru_cache(maxsize=1)
def lexicon() -> list[tuple[dict[str, Any], re.Pattern[str]]]:
    cats = load()["content"]["categories"]
    return [(c, re.compile(r"(?<![\w])(?:" + "|".join(c["patterns"]) + r")(?![\w])", re.IGNORECASE)) for c in cats]


def _place(source: str) -> str:
    """Where on a profile, in words: 'post:123' -> 'a post', 'field:bio' -> 'the bio field'."""
    places = load()["wording"]["places"]
    head, _, rest = source.partition(":")
    if head == "field":
        return places["field"].format(field=rest.split(":", 1)[0].replace("_", " "))
    return places.get(head, head.replace("_", " "))


def _snippet(text: str, start: int, end: int, width: int = 50) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


def content_check(accounts: list[Account], reflected: list[Document] | None = None) -> Check:
    """`reflected` are other people's posts the person liked or shared: they reflect on them too."""
    findings, todo = [], []
    hits: dict[str, int] = {}
    by_id = {a.id: a for a in accounts}
    pairs = [(a, doc, "") for a in accounts for doc in a.documents]
    pairs += [(by_id[d.account], d, piece("liked")) for d in reflected or [] if d.account in by_id]
    if not pairs:
        return _nothing("content", say("nothing_to_read"))
    for a, doc, how in pairs:
        for cat, pattern in lexicon():
            m = pattern.search(doc.text)
            if not m:
                continue
            hits[cat["id"]] = hits.get(cat["id"], 0) + 1
            share = piece("share", share=cat["share"]) if cat.get("share") else ""
            findings.append(
                Finding(
                    say(
                        "f_content",
                        network=title(a.network),
                        place=_place(doc.source),
                        words=m.group(0),
                        category=cat["title"],
                        share=share,
                        how=how,
                        snippet=_snippet(doc.text, m.start(), m.end()),
                    ),
                    a.id,
                    doc.source,
                    m.group(0),
                    doc.url or a.url,
                )
            )
            if cat["advice"] not in todo:
                todo.append(cat["advice"])
    if not findings:
        return _check("content", "pass", say("content_ok"), [], [])
    cats = {c["id"]: c["title"] for c, _ in lexicon()}
    summary = _and([f"{n} about {cats[k]}" for k, n in hits.items()])
    return _check("content", "fail", say("flagged", posts=_count(len(findings), "post"), what=summary), findings, todo)


def identity(report: Report, accounts: list[Account]) -> Check:
    kinds = {k: v for k, v in load()["identity_kinds"].items() if not k.startswith("_")}
    pro_ids = {a.id: a for a in accounts if is_professional(a.network)}
    findings, todo = [], []
    for f in report.fragments:
        if f.kind not in kinds:
            continue
        risks = [r for r in report.capabilities if f.id in r.fragments and r.state in ("satisfied", "near_miss")]
        for e in f.evidence:
            a = pro_ids.get(e.account)
            if a is None:
                continue
            lit = sorted((r for r in risks if r.satisfied), key=lambda r: -r.capability.severity)
            near = sorted((r for r in risks if not r.satisfied), key=lambda r: -r.capability.severity)
            if lit:
                key = "f_identity_risks_one" if len(lit) == 1 else "f_identity_risks"
                unlocks = say(key, n=len(lit), title=lit[0].capability.title)
            elif near:
                key = "f_identity_near_one" if len(near) == 1 else "f_identity_near"
                unlocks = say(key, n=len(near), title=near[0].capability.title)
            else:
                unlocks = ""
            findings.append(
                Finding(
                    say(
                        "f_identity",
                        kind=kinds[f.kind],
                        words=e.text,
                        network=title(a.network),
                        place=_place(e.source),
                        unlocks=unlocks,
                    ),
                    a.id,
                    e.source,
                    e.text,
                    e.url or a.url,
                    tuple(r.capability.id for r in risks),
                )
            )
            tip = say("do_take_off", kind=kinds[f.kind], network=title(a.network), to=_to(a.network))
            if tip not in todo:
                todo.append(tip)
    if not pro_ids:
        return _nothing("identity", say("no_work_profile_look"))
    if findings:
        return _check(
            "identity", "fail", say("details", details=_count(len(findings), "private detail")), findings, todo
        )
    return _check("identity", "pass", say("no_details"), [], [])


def incomplete(report: Report) -> str:
    """Why the review cannot vouch for the person ('' when it can): nothing found, or too little checked."""
    shortfall = report.coverage.shortfall() if report.coverage is not None else ""
    if not report.own_accounts:
        return say("nothing_to_review") + (" " + shortfall if shortfall else "")
    return shortfall


def review(report: Report, today: date | None = None, expected_name: str | None = None) -> Review:
    """`expected_name` is the name the person goes by (an adviser's list has it); professional profiles should show it."""
    today = today or datetime.now(UTC).date()
    accounts = own_accounts(report)
    handle = report.target.handle
    return Review(
        handle,
        (
            digital_name(handle, accounts, expected_name),
            apart(accounts),
            up_to_date(accounts, today),
            visibility(accounts),
            complete(accounts),
            content_check(accounts),
            identity(report, accounts),
        ),
        incomplete(report),
    )
