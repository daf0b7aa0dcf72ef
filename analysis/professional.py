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
    """Where to go to change it, as the end of a sentence: ': URL', or nothing when the catalogue has no place."""
    settings = network_info(network).settings
    return f": {settings}" if settings else ""


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
        return _nothing("digital-name", "no account found, so there are no handles or names to compare")
    findings, todo = [], []
    seen = sightings(accounts)
    relations = {s: handle_relation(chosen_name(s.network, s.handle), handle) for s in seen}
    for s in seen:
        rel = relations[s]
        where = f"your {title(s.network)} account" if s.source == "url" else f"linked from {s.where} ({s.source})"
        label = {"same": "same handle", "variant": "near-variant", "different": "different handle"}[rel]
        findings.append(
            Finding(f"{title(s.network)}: {s.handle} ({label}, {where})", s.where, s.source, s.handle, s.url)
        )
    odd = [s for s in seen if relations[s] != "same"]
    names = display_names(accounts)
    distinct = sorted({_name_key(n) for n, _, _ in names if _name_key(n)})
    for name, a, source in names:
        findings.append(Finding(f"{title(a.network)} shows the name “{name}”", a.id, source, name, a.url))
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
                    f"{title(a.network)} shows “{name}”, not “{expected_name}” (the name on the list)",
                    a.id,
                    source,
                    name,
                    a.url,
                )
            )
        if unlike:
            todo.append(f"Show “{expected_name}” on every professional profile, as on your CV.")
    rude = {(s.handle, w) for s in seen for w in unprofessional_words(s.handle)}
    for h, w in sorted(rude):
        findings.append(Finding(f"The handle {h} contains “{w}”, which a recruiter may read the wrong way", quote=h))
    if odd:
        todo.append(
            f"Use {handle} everywhere you want employers to find you; keep other handles for private accounts only."
        )
    if len(distinct) > 1:
        todo.append("Show the same name on every professional profile (the one on your CV).")
    if rude:
        todo.append(
            "Keep that handle for friends, or choose a plain one (your name) for anything an employer might see."
        )
    if not odd and len(distinct) <= 1 and not rude and not unlike:
        return _check("digital-name", "pass", f"{handle} everywhere", findings, todo)
    parts = []
    if odd:
        parts.append(
            f"{len(odd)} other handle{'s' if len(odd) != 1 else ''}: "
            + ", ".join(f"{s.handle} on {title(s.network)}" for s in odd)
        )
    if len(distinct) > 1:
        parts.append(f"{len(distinct)} different names")
    if rude:
        parts.append("a handle an employer may find unprofessional")
    if unlike:
        parts.append(f"a professional profile without the name {expected_name}")
    return _check("digital-name", "warn", "; ".join(parts), findings, todo)


def apart(accounts: list[Account]) -> Check:
    pro = [a for a in accounts if is_professional(a.network)]
    if not pro:
        return _nothing("apart", "no professional profile found, so there is nothing to keep apart")
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
                    f"Your {title(a.network)} profile links to your personal {title(network)} account {where[0][2]} "
                    f"(field{'s' if len(where) > 1 else ''} {fields})",
                    a.id,
                    fields,
                    where[0][1],
                    a.url,
                )
            )
            todo.append(f"Remove the {title(network)} link ({fields}) from {title(a.network)}{_to(a.network)}")
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
                        f"{title(b.network)} (personal) shows the same name as {title(a.network)}: “{other}”",
                        b.id,
                        bsource,
                        other,
                        b.url,
                    )
                )
    if shared:
        todo.append(
            "Use a nickname on personal accounts, or make them private, so a search for your name finds the professional ones."
        )
    if fails:
        return _check(
            "apart",
            "fail",
            f"{fails} link{'s' if fails != 1 else ''} from a professional profile to a personal account",
            findings,
            todo,
        )
    if shared:
        return _check("apart", "warn", "personal accounts share your professional name", findings, todo)
    return _check("apart", "pass", "professional profiles do not point to personal ones", findings, todo)


def _parse(ts: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def up_to_date(accounts: list[Account], today: date) -> Check:
    if not accounts:
        return _nothing("up-to-date", "no account found, so there is no activity to date")
    limit = load()["dormant_days"]
    findings, todo, worst = [], [], "pass"
    for a in accounts:
        when = _parse(a.last_active) if a.last_active else None
        if when is None:
            findings.append(
                Finding(f"{title(a.network)}: no date of last activity is shown", a.id, "last_active", None, a.url)
            )
            continue
        days = (today - when.date()).days
        dormant = days > limit
        role = "professional" if is_professional(a.network) else "personal"
        findings.append(
            Finding(
                f"{title(a.network)} ({role}): last activity or profile update {when.date().isoformat()}, "
                f"{days} days ago{' (dormant)' if dormant else ''}",
                a.id,
                "last_active",
                a.last_active,
                a.url,
            )
        )
        if dormant:
            worst = max(worst, "fail" if role == "professional" else "warn", key=ORDER.__getitem__)
            todo.append(
                f"{title(a.network)} has been quiet since {when.date().isoformat()}: "
                + (
                    "update it (a new project, a fresh bio) or close it."
                    if role == "professional"
                    else "delete it or make it private if you no longer use it."
                )
            )
    dormant = [f for f in findings if "(dormant)" in f.text]
    undated = sum(f.quote is None for f in findings)
    if undated == len(findings):
        return _nothing("up-to-date", "no account shows when it was last active", findings)
    summary = (
        f"{len(dormant)} dormant account{'s' if len(dormant) != 1 else ''} (no activity for over a year)"
        if dormant
        else "every account that shows a date has been active in the last year"
        + (f" ({undated} show{'s' if undated == 1 else ''} no date)" if undated else "")
    )
    return _check("up-to-date", worst, summary, findings, todo)  # type: ignore[arg-type]


def visibility(accounts: list[Account], list_unchecked: bool = True) -> Check:
    if not accounts:
        return _nothing("visibility", "no account found, so there is nothing to see")
    findings, todo = [], []
    open_personal: list[Account | Sighting] = []
    for a in accounts:
        info = network_info(a.network)
        private = a.profile.get("private_account")
        is_open = (not private) if isinstance(private, bool) else info.open
        role = "professional" if is_professional(a.network) else "personal"
        if isinstance(private, bool):  # the person's own download says so
            state = (
                "private: only followers you accept see your posts" if private else "public: anyone can see your posts"
            )
        else:
            state = "open: anyone can read it" if is_open else "mostly closed to logged-out visitors"
        findings.append(
            Finding(
                f"{title(a.network)} ({role}) is {state}. A logged-out employer sees {info.sees}.",
                a.id,
                "private_account" if isinstance(private, bool) else "network",
                None,
                a.url,
            )
        )
        if is_open and role == "personal":
            open_personal.append(a)
            todo.append(f"Make {title(a.network)} private, or check what is on it{_to(a.network)}")
    found = {(a.network, a.handle.casefold()) for a in accounts}
    for s in sightings(accounts):
        info = network_info(s.network)
        if (s.network, s.handle.casefold()) in found or is_professional(s.network) or not info.open:
            continue
        open_personal.append(s)
        findings.append(
            Finding(
                f"{title(s.network)} {s.handle} (personal, linked from {s.where}) was not read by footprint; "
                f"unless you have made it private, a logged-out employer sees {info.sees}.",
                s.where,
                s.source,
                s.handle,
                s.url,
            )
        )
        todo.append(
            f"Check {title(s.network)} {s.handle}: make it private or remove the link to it. {info.settings}".strip()
        )
    checked = {a.network for a in accounts}
    closed = [n.name for n in networks.all() if not n.open and n.name not in checked]
    if closed and list_unchecked:
        findings.append(
            Finding(
                "Not checked (they show little to a logged-out visitor): "
                + ", ".join(sorted({title(n) for n in closed}))
                + ". Check their privacy settings yourself."
            )
        )
    if open_personal:
        return _check(
            "visibility",
            "warn",
            f"{len(open_personal)} personal account{'s' if len(open_personal) != 1 else ''} anyone may be able to read: "
            + ", ".join(f"{title(a.network)} {a.handle}" for a in open_personal),
            findings,
            todo,
        )
    return _check("visibility", "pass", "no personal account found open to anyone", findings, todo)


_STREETISH = re.compile(r"\d")


def full_name(value: str) -> bool:
    """A first and a last name, not initials ('A. Okafor', 'Amara O.') or a single word."""
    words = [w.strip(".") for w in value.split()]
    return len(words) >= 2 and sum(len(w) >= 2 and w.replace("-", "").replace("'", "").isalpha() for w in words) >= 2


def complete(accounts: list[Account]) -> Check:
    pro = [a for a in accounts if is_professional(a.network) and network_info(a.network).complete]
    if not pro:
        return _nothing(
            "complete",
            "no professional profile found to check",
            todo=["Set up one professional profile with a short bio, your city, a link and your real name."],
        )
    findings, todo, missing_any, unread_any = [], [], False, False
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
                missing.append(f"full name (it shows “{value.strip()}”)")
            elif part == "location" and _STREETISH.search(value):
                findings.append(
                    Finding(
                        f"{title(a.network)} location “{value}” looks more precise than a city",
                        a.id,
                        f"field:{key}",
                        value,
                        a.url,
                    )
                )
                todo.append(f"Show just your city on {title(a.network)}.")
                missing_any = True
        if unread:
            unread_any = True
            findings.append(
                Finding(
                    f"{title(a.network)}: {', '.join(unread)} could not be read without {a.needs}",
                    a.id,
                    "profile",
                    None,
                    a.url,
                )
            )
        if missing:
            missing_any = True
            findings.append(
                Finding(f"{title(a.network)} is missing: {', '.join(missing)}", a.id, "profile", None, a.url)
            )
            parts = ", ".join(m.split(" (")[0] for m in missing)
            todo.append(f"Add your {parts} to {title(a.network)}{_to(a.network)}")
        elif not unread:
            findings.append(Finding(f"{title(a.network)} has " + ", ".join(spec), a.id, "profile", None, a.url))
    return _check(
        "complete",
        "warn" if missing_any else "pass",
        "some professional profiles are incomplete"
        if missing_any
        else "professional profiles are complete, as far as could be read"
        if unread_any
        else "professional profiles are complete",
        findings,
        todo,
    )


@lru_cache(maxsize=1)
def lexicon() -> list[tuple[dict[str, Any], re.Pattern[str]]]:
    cats = load()["content"]["categories"]
    return [(c, re.compile(r"(?<![\w])(?:" + "|".join(c["patterns"]) + r")(?![\w])", re.IGNORECASE)) for c in cats]


def _snippet(text: str, start: int, end: int, width: int = 50) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


def content_check(accounts: list[Account], reflected: list[Document] | None = None) -> Check:
    """`reflected` are other people's posts the person liked or shared: they reflect on them too."""
    findings, todo = [], []
    hits: dict[str, int] = {}
    by_id = {a.id: a for a in accounts}
    pairs = [(a, doc, "") for a in accounts for doc in a.documents]
    pairs += [(by_id[d.account], d, "you liked or shared this: ") for d in reflected or [] if d.account in by_id]
    if not pairs:
        return _nothing("content", "no public posts, comments or bios found to read")
    for a, doc, how in pairs:
        for cat, pattern in lexicon():
            m = pattern.search(doc.text)
            if not m:
                continue
            hits[cat["id"]] = hits.get(cat["id"], 0) + 1
            share = f" ({cat['share']} of hiring managers named it)" if cat.get("share") else ""
            findings.append(
                Finding(
                    f"{title(a.network)} {doc.source}: {how}{cat['title']}{share}: “{m.group(0)}” in “{_snippet(doc.text, m.start(), m.end())}”",
                    a.id,
                    doc.source,
                    m.group(0),
                    doc.url or a.url,
                )
            )
            if cat["advice"] not in todo:
                todo.append(cat["advice"])
    if not findings:
        return _check(
            "content",
            "pass",
            "nothing in public posts, comments or bios matched what employers hold against people",
            [],
            [],
        )
    cats = {c["id"]: c["title"] for c, _ in lexicon()}
    summary = ", ".join(f"{n} about {cats[k]}" for k, n in hits.items())
    return _check(
        "content",
        "fail",
        f"{len(findings)} post{'s' if len(findings) != 1 else ''} or field{'s' if len(findings) != 1 else ''} flagged: {summary}",
        findings,
        todo,
    )


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
            unlocks = "; ".join(
                f"{'unlocks' if r.satisfied else 'nearly unlocks'} “{r.capability.title}”" for r in risks
            )
            findings.append(
                Finding(
                    f"Your {kinds[f.kind]} “{e.text}” is on your {title(a.network)} profile ({e.source})"
                    + (f": {unlocks}" if unlocks else ""),
                    a.id,
                    e.source,
                    e.text,
                    e.url or a.url,
                    tuple(r.capability.id for r in risks),
                )
            )
            tip = f"Take your {kinds[f.kind]} off {title(a.network)}{_to(a.network)}"
            if tip not in todo:
                todo.append(tip)
    if not pro_ids:
        return _nothing("identity", "no professional profile found to look at")
    if findings:
        return _check(
            "identity",
            "fail",
            f"{len(findings)} identity detail{'s' if len(findings) != 1 else ''} on professional profiles, each with the risk it opens",
            findings,
            todo,
        )
    return _check("identity", "pass", "no date of birth, address or school on professional profiles", [], [])


def incomplete(report: Report) -> str:
    """Why the review cannot vouch for the person ('' when it can): nothing found, or too little checked."""
    shortfall = report.coverage.shortfall() if report.coverage is not None else ""
    if not report.own_accounts:
        return "No account was found for this handle, so there is nothing to review." + (
            " " + shortfall if shortfall else ""
        )
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
