"""The readable terminal report. Profile text is a stranger's: it goes through reports/plain.py (escape
codes shown, never acted on) and reaches rich only as Text, never as markup, so '[bold]' in a bio prints as
it is. With `redact`, every value goes through reports/redact.py, as on the big screen."""

from __future__ import annotations

import textwrap

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from footprint.model import Evidence, Fragment, Report
from reports.plain import as_text, plain
from reports.redact import mask, mask_source
from reports.view import telling
from reports.wording import (
    join,
    kind_label,
    link_pairs,
    linked_count,
    needs,
    network_title,
    plural,
    say,
    source_label,
)

STATE_STYLE = {
    "satisfied": ("UNLOCKED", "bold red"),
    "near_miss": ("ONE AWAY", "bold yellow"),
    "out_of_reach": ("locked", "green"),
}
STATUS_STYLE = {"found": "bold", "not_found": "dim", "unknown": "yellow"}
SHORT_FIX_LIST = 3  # the rest is in --html and --json: a short list gets done


class _Shown:
    """Values as this report shows them: as they are, or masked for a shared screen."""

    def __init__(self, redact: bool) -> None:
        self.redact = redact

    def value(self, kind: str, value: str) -> str:
        if kind == "linked_accounts":  # a list of account ids: how many says it in words
            return plural(linked_count(value), "account")
        return mask(kind, value) if self.redact else value

    def account(self, account_id: str) -> str:
        network, _, handle = account_id.partition(":")
        return plain(f"{network}:{mask('handle', handle)}" if self.redact else account_id, 80)

    def where(self, e: Evidence, kind: str) -> Text:
        source = mask_source(e.source) if self.redact else e.source
        words = mask(kind, e.text) if self.redact else e.text
        return Text.assemble(
            (self.account(e.account), "cyan"), " ", (plain(source, 60), "dim"), ": ", f"“{plain(words, 60)}”"
        )


def _identity_line(report: Report) -> str:
    identity = report.identity
    if identity is None:
        return ""
    one_in, p_unique = identity.one_in, identity.p_unique
    where = identity.population_name
    # "1 in 2 quadrillion" means nothing to a 14-year-old once it passes the population: say what it means.
    if isinstance(p_unique, (int, float)) and p_unique >= 0.995:
        meaning = say("identity.unique", where=where)
    elif isinstance(p_unique, (int, float)) and p_unique >= 0.5:
        meaning = say("identity.likely", chance=f"{p_unique:.0%}", where=where)
    elif isinstance(one_in, (int, float)) and one_in >= 2:
        meaning = say("identity.one_in", one_in=f"{round(one_in):,}")
    else:
        meaning = say("identity.nothing")
    return say("terminal.bits", bits=f"{identity.bits:.1f}", meaning=meaning)


def short_of_coverage(report: Report) -> str:
    """'' when enough could be checked to say anything reassuring; else how much could not, and why."""
    return report.coverage.shortfall() if report.coverage is not None else ""


def render(report: Report, console: Console, redact: bool = False) -> None:
    shown = _Shown(redact)
    cov = report.coverage
    partial = (
        say("terminal.partial", answered=cov.answered, networks=cov.networks)
        if cov is not None and not cov.enough
        else ""
    )
    lines = [
        Text(say("terminal.title", handle=plain(shown.value("handle", report.target.handle), 80)), "bold"),
        Text(say("terminal.score", score=report.score) + partial, "bold"),
    ]
    if bits := _identity_line(report):
        lines.append(Text(bits))
    console.print(Panel(Group(*lines), expand=False))
    # The first time the score is shown, what it means and what moves it.
    console.print(Text(say("score.explain"), "dim"))
    if short := short_of_coverage(report):
        console.print(Text(short, "bold yellow"))
    if cov is not None and (unseen := cov.unseen()):  # found, but a token would have shown more
        console.print(Text(plain(unseen), "yellow"))
    console.print()
    _accounts(report, console, shown)
    _fragments(report, console, shown)
    _capabilities(report, console, shown)
    _fixes(report, console, shown)


def _accounts(report: Report, console: Console, shown: _Shown) -> None:
    own = set(report.own_accounts)
    found = [a for a in report.accounts if a.status == "found"]
    table = Table(title=say("terminal.accounts", found=len(found)), title_justify="left", title_style="bold")
    table.add_column("network", no_wrap=True)
    table.add_column("handle", overflow="fold")
    table.add_column("profile", overflow="fold")
    for a in sorted(found, key=lambda a: a.id not in own):
        notes = []
        if a.id not in own:
            notes.append(say("terminal.maybe_other"))
        if not a.documents and not a.profile:
            notes.append(say("terminal.name_only"))
        profile = as_text(shown.value("url", a.url), 200)
        if notes:
            profile.append("\n" + "; ".join(notes), "dim")
        table.add_row(as_text(network_title(a.network)), as_text(shown.value("handle", a.handle), 80), profile)
    if found:
        console.print(table)
    for a in report.accounts:
        if a.status == "unknown":
            console.print(
                Text(say("terminal.unknown", network=network_title(a.network), reason=plain(a.reason, 200)), "yellow")
            )
    # Thirty "not found" rows would bury the few accounts that matter; they get one line instead. A network
    # where an account was found (under another handle) is not one where nothing was found.
    seen = {a.network for a in report.accounts if a.status != "not_found"}
    absent = list(
        dict.fromkeys(
            network_title(a.network) for a in report.accounts if a.status == "not_found" and a.network not in seen
        )
    )
    if absent:
        console.print(Text(say("terminal.absent", networks=plural(len(absent), "network"), names=join(absent)), "dim"))
    photos = [p for a in report.accounts for p in a.photos]
    if photos:  # what was and was not checked, so "no position" is only ever said of a picture that was read
        read = [p for p in photos if p.status == "read"]
        located = sum(p.latitude is not None for p in read)
        skipped = len(photos) - len(read)
        line = say("terminal.photos", read=len(read), located=located)
        console.print(Text(line + (say("terminal.photos_skipped", n=skipped) if skipped else "."), "dim"))
    console.print()


def _where(f: Fragment, shown: _Shown) -> Text:
    """Where a fact is, as a person says it: 'location on GitHub, Keybase and Steam; bio on Bluesky', with the
    words themselves when they are not just the value."""
    places: dict[str, list[str]] = {}
    words: dict[str, list[str]] = {}
    for e in f.evidence:
        label = plain(source_label(mask_source(e.source) if shown.redact else e.source), 60)
        places.setdefault(label, [])
        title = network_title(e.account.split(":", 1)[0])
        if title not in places[label]:
            places[label].append(title)
        said = plain(e.text, 40)
        if said.startswith(("http://", "https://")):  # a picture's address says nothing to a reader
            continue
        if said.casefold() != f.value.casefold() and said not in words.setdefault(label, []):
            words[label].append(shown.value(f.kind, said))
    out = Text()
    for i, (label, titles) in enumerate(places.items()):
        if i:
            out.append("; ")
        out.append(f"{label} on {join(titles)}")
        if words.get(label):
            out.append(" (" + ", ".join(f"“{w}”" for w in words[label][:2]) + ")", "dim")
    return out


def _fragments(report: Report, console: Console, shown: _Shown) -> None:
    facts = [f for f in report.fragments if not f.is_bare_handle and f.kind != "linked_accounts"]
    if facts:
        table = Table(title=say("terminal.fragments"), title_justify="left", title_style="bold")
        table.add_column("what", no_wrap=True)
        table.add_column("value", overflow="fold", max_width=30)
        table.add_column("where it is")
        for f in facts:
            table.add_row(kind_label(f.kind), as_text(shown.value(f.kind, f.value), 60), _where(f, shown))
        console.print(table)
    else:
        console.print(say("terminal.no_fragments"))
    _tied(report, console)
    if report.unlinked_fragments:
        pieces = plural(len(report.unlinked_fragments), "more piece")
        console.print(Text(say("terminal.unlinked", pieces=pieces[0].upper() + pieces[1:]), "dim"))
    console.print()


def _tied(report: Report, console: Console) -> None:
    """The accounts openly tied together, in two lines: which, and how (not one line per piece of evidence)."""
    if not any(f.kind == "linked_accounts" for f in report.fragments):
        return
    own = set(report.own_accounts)
    ties = [x for x in report.links if x.a in own and x.b in own and x.reason != "same-handle"]
    names = list(dict.fromkeys(network_title(a.split(":", 1)[0]) for x in ties for a in (x.a, x.b)))
    by_reason: dict[str, list[tuple[str, str]]] = {}
    for x in ties:
        by_reason.setdefault(x.reason, []).append(
            (network_title(x.a.split(":", 1)[0]), network_title(x.b.split(":", 1)[0]))
        )
    how = "; ".join(link_pairs(reason, pairs) for reason, pairs in by_reason.items())
    console.print(Text(say("terminal.tied", names=join(names))))
    indented(console, Text(say("terminal.tied_how", how=how), "dim"), 2)


def _piece(f: Fragment, shown: _Shown) -> str:
    if f.kind == "linked_accounts":  # a count, not a value to quote
        return plural(linked_count(f.value), "linked account")
    return f"{kind_label(f.kind)} “{plain(shown.value(f.kind, f.value), 30)}”"


def _pieces(pieces: list[Fragment], shown: _Shown, most: int = 3) -> str:
    """A few pieces in words, one of each kind first ('pet name “Biscuit”, school “Oakfield High” and 4 more')."""
    first = list({f.kind: f for f in reversed(pieces)}.values())[::-1]
    first.sort(key=pieces.index)
    ordered = first + [f for f in pieces if f not in first]
    words = [_piece(f, shown) for f in ordered[:most]]
    if len(ordered) > most:
        return ", ".join(words) + " " + say("terminal.more", n=len(ordered) - most)
    return join(words)


def indented(console: Console, text: Text, indent: int, first: int | None = None) -> None:
    """A line that wraps under itself, not under the margin, at any width (and with no trailing spaces); `first`
    sets the first line's indent apart, for a numbered step whose words wrap under its words, not its number."""
    pad = " " * indent
    lead = pad if first is None else " " * first
    wrapped = textwrap.fill(text.plain, width=max(40, console.width), initial_indent=lead, subsequent_indent=pad)
    console.print(Text(wrapped, text.style), soft_wrap=True)


def _capabilities(report: Report, console: Console, shown: _Shown) -> None:
    console.print(Text(say("terminal.capabilities"), "bold"))
    locked = []
    for r in report.capabilities:
        if r.state == "out_of_reach":
            locked.append(r.capability.title)
            continue
        label, style = STATE_STYLE[r.state]
        console.print(Text.assemble((f"{label:9}", style), " ", (plain(r.capability.title), "bold")))
        pieces = telling(report, r.fragments)
        if pieces:
            key = "terminal.because" if r.satisfied else "terminal.has"
            indented(console, Text(say(key, pieces=_pieces(pieces, shown))), 10)
        if r.missing:
            indented(console, Text(say("terminal.missing", needs=needs(r.missing)), "yellow"), 10)
    if locked:
        console.print(Text(say("terminal.locked", titles="; ".join(locked)), "dim"))
    console.print()


def fix_lines(report: Report, redact: bool = False, limit: int | None = None) -> list[str]:
    """The fix plan as the terminal says it: first what to lock (kept, but protected: the recovery email guards every
    account that resets through it), then for each step what to remove (and what the score does), then its
    advice, one line each. `limit` counts the steps that remove something."""
    shown = _Shown(redact)
    out = []
    for step in report.fix_plan:
        if step.action == "protect":
            value = plain(shown.value(step.kind, step.value), 40)
            out.append(say("terminal.protect", kind=kind_label(step.kind), value=value))
            out += ["   " + plain(tip) for tip in step.advice]
    before = report.score
    remove = [s for s in report.fix_plan if s.action != "protect"]
    for i, step in enumerate(remove[:limit], 1):
        value = plain(shown.value(step.kind, step.value), 40)
        effect = say("terminal.drops" if step.score_after < before else "terminal.stays", after=step.score_after)
        if step.keep:
            out.append(say("terminal.keep", i=i, kind=kind_label(step.kind), value=value, keep=join(list(step.keep))))
        elif step.kind == "linked_accounts":
            out.append(say("terminal.unlink", i=i, n=linked_count(step.value), effect=effect))
        else:
            # the values are in the table above: a list of them here would bury the step in one long sentence
            together = list(dict.fromkeys(kind_label(p.kind) for p in step.together))
            out.append(
                say(
                    "terminal.remove",
                    i=i,
                    kind=kind_label(step.kind),
                    value=value,
                    together=say("terminal.together", kinds=join(together)) if together else "",
                    effect=effect,
                )
            )
        before = step.score_after
        out += ["   " + plain(tip) for tip in step.advice]
    return out


def _fixes(report: Report, console: Console, shown: _Shown) -> None:
    if report.fix_plan:
        headed = False
        for line in fix_lines(report, shown.redact, SHORT_FIX_LIST):
            if line[:1].isdigit() and not headed:  # what to lock comes before the numbered steps
                console.print(Text(say("terminal.fixes"), "bold"))
                headed = True
            if line.startswith("   "):
                indented(console, Text(line.strip()), 3)
            else:
                indented(console, Text(line, "bold"), 3, first=0)
        more = sum(s.action != "protect" for s in report.fix_plan) - SHORT_FIX_LIST
        if more > 0:
            console.print(Text(say("terminal.more_steps", n=more, steps="step" if more == 1 else "steps"), "dim"))
    elif any(r.satisfied for r in report.capabilities):
        console.print(say("terminal.no_single_fix"))
    elif short_of_coverage(report):
        # what could not be checked may hold exactly what is missing: never a clean bill of health
        console.print(Text(say("terminal.unsure"), "yellow"))
    else:
        console.print(Text(say("terminal.clean"), "green"))
