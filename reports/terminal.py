"""The readable terminal report. Profile text is a stranger's: it goes through reports/plain.py (escape
codes shown, never acted on) and reaches rich only as Text, never as markup, so '[bold]' in a bio prints as
it is. With `redact`, every value goes through reports/redact.py, as on the big screen."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from footprint.model import Evidence, Report
from reports.plain import as_text, plain
from reports.redact import mask, mask_source

STATE_STYLE = {
    "satisfied": ("UNLOCKED", "bold red"),
    "near_miss": ("one away", "yellow"),
    "out_of_reach": ("locked", "green"),
}
STATUS_STYLE = {"found": "bold", "not_found": "dim", "unknown": "yellow"}
SHORT_FIX_LIST = 3  # the rest is in --html and --json: a short list gets done


class _Shown:
    """Values as this report shows them: as they are, or masked for a shared screen."""

    def __init__(self, redact: bool) -> None:
        self.redact = redact

    def value(self, kind: str, value: str) -> str:
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
    line = f"   {identity.bits:.1f} bits of identity"
    one_in, p_unique = identity.one_in, identity.p_unique
    where = identity.population_name
    # "1 in 2 quadrillion" means nothing to a 14-year-old once it passes the population: say what it means.
    if isinstance(p_unique, (int, float)) and p_unique >= 0.995:
        line += f" (enough to pick you out of everyone in the {where})"
    elif isinstance(p_unique, (int, float)) and p_unique >= 0.5:
        line += f" (a {p_unique:.0%} chance this picks out only you in the {where})"
    elif isinstance(one_in, (int, float)) and one_in >= 2:
        line += f" (about 1 in {round(one_in):,} people share all of it)"
    elif isinstance(one_in, (int, float)):
        line += " (nothing here narrows you down yet)"
    return line


def short_of_coverage(report: Report) -> str:
    """'' when enough could be checked to say anything reassuring; else how much could not, and why."""
    return report.coverage.shortfall() if report.coverage is not None else ""


def render(report: Report, console: Console, redact: bool = False) -> None:
    shown = _Shown(redact)
    cov = report.coverage
    partial = f" (only {cov.answered} of {cov.networks} networks checked)" if cov is not None and not cov.enough else ""
    console.print(
        Panel(
            Text.assemble(
                "footprint report for ",
                (plain(shown.value("handle", report.target.handle), 80), "bold"),
                f"   exposure score {report.score}/100{partial}",
                _identity_line(report),
            ),
            expand=False,
        )
    )
    if short := short_of_coverage(report):
        console.print(Text(short, "bold yellow"))
    if cov is not None and (unseen := cov.unseen()):  # found, but a token would have shown more
        console.print(Text(plain(unseen), "yellow"))
    _accounts(report, console, shown)
    _fragments(report, console, shown)
    _capabilities(report, console, shown)
    _fixes(report, console, shown)


def _accounts(report: Report, console: Console, shown: _Shown) -> None:
    accounts = Table(title="Accounts", title_justify="left")
    for col in ("network", "status", "profile", "why"):
        accounts.add_column(col)
    # Thirty "not found" rows would bury the few accounts that matter; they get one line instead.
    absent = [a.network for a in report.accounts if a.status == "not_found"]
    for a in report.accounts:
        if a.status != "not_found":
            accounts.add_row(
                as_text(a.network, 40),
                Text(a.status, STATUS_STYLE[a.status]),
                as_text(shown.value("url", a.url), 80),
                as_text(a.reason, 80),
            )
    console.print(accounts)
    if absent:
        console.print(Text(plain(f"Not found on {len(absent)} networks: {', '.join(absent)}."), "dim"))
    photos = [p for a in report.accounts for p in a.photos]
    if photos:  # what was and was not checked, so "no position" is only ever said of a picture that was read
        read = [p for p in photos if p.status == "read"]
        located = sum(p.latitude is not None for p in read)
        line = f"Pictures checked for a hidden location (EXIF): {len(read)} read, {located} with a GPS position"
        skipped = len(photos) - len(read)
        console.print(Text(line + (f", {skipped} could not be read." if skipped else "."), "dim"))


def _fragments(report: Report, console: Console, shown: _Shown) -> None:
    if report.fragments:
        frags = Table(title="What they show about you", title_justify="left")
        for col in ("kind", "value", "where it is"):
            frags.add_column(col)
        for f in report.fragments:
            if f.is_bare_handle:
                continue
            frags.add_row(
                as_text(f.kind),
                as_text(shown.value(f.kind, f.value), 40),
                Group(*(shown.where(e, f.kind) for e in f.evidence)),
            )
        console.print(frags)
    else:
        console.print("No personal fragments found on the accounts linked to this handle.")
    if report.unlinked_fragments:
        console.print(
            Text(
                f"{len(report.unlinked_fragments)} fragments were found on accounts that may belong to "
                "someone else with the same handle; they are not counted.",
                "dim",
            )
        )


def _capabilities(report: Report, console: Console, shown: _Shown) -> None:
    caps = Table(title="What someone could do with it", title_justify="left")
    for col in ("", "risk", "because of", "missing"):
        caps.add_column(col)
    by_id = {f.id: f for f in report.fragments}
    for r in report.capabilities:
        label, style = STATE_STYLE[r.state]
        because = [by_id[i] for i in r.fragments if i in by_id]
        caps.add_row(
            Text(label, style),
            as_text(r.capability.title),
            as_text(", ".join(f"{f.kind.replace('_', ' ')} {shown.value(f.kind, f.value)}" for f in because), 60)
            if r.state != "out_of_reach"
            else "",
            as_text(" and ".join(" or ".join(g) for g in r.missing)),
        )
    console.print(caps)


def _fixes(report: Report, console: Console, shown: _Shown) -> None:
    protect = [s for s in report.fix_plan if s.action == "protect"]
    remove = [s for s in report.fix_plan if s.action != "protect"]
    for step in protect:  # kept, but locked: the recovery email protects every account that resets through it
        console.print(
            Text.assemble(
                (f"Lock this first: protect your {step.kind.replace('_', ' ')} ", "bold"),
                (f"“{plain(shown.value(step.kind, step.value), 40)}”", "bold"),
                " with two-factor authentication. ",
                step.advice[0],
            )
        )
        for tip in step.advice[1:]:
            console.print(Text("   " + tip, "dim"))
    if remove:
        console.print(Text("Fix these first (the biggest fix first)", "bold"))
        before = report.score
        for i, step in enumerate(remove[:SHORT_FIX_LIST], 1):
            also = ", ".join(
                f"{p.kind.replace('_', ' ')} “{plain(shown.value(p.kind, p.value), 30)}”" for p in step.together
            )
            if step.keep:
                verb = f"{i}. Take your {step.kind.replace('_', ' ')} "
                effect = f" off your personal accounts (keep it on {', '.join(step.keep)}). "
            else:
                verb = f"{i}. Remove your {step.kind.replace('_', ' ')} "
                effect = (f", together with your {also}" if also else "") + (
                    f" (score drops to {step.score_after}). "
                    if step.score_after < before
                    else f" (score stays at {step.score_after}). "
                )
            console.print(
                Text.assemble(
                    verb, (f"“{plain(shown.value(step.kind, step.value), 40)}”", "bold"), effect, plain(step.advice[0])
                )
            )
            before = step.score_after
            for tip in step.advice[1:]:
                console.print(Text("   " + plain(tip), "dim"))
        more = len(remove) - SHORT_FIX_LIST
        if more > 0:
            console.print(
                Text(
                    f"…and {more} more step{'s' if more > 1 else ''}: see the full plan with --html FILE or --json.",
                    "dim",
                )
            )
    elif any(r.satisfied for r in report.capabilities):
        console.print("No single change breaks an unlocked risk; see the table above.")
    elif short_of_coverage(report):
        # what could not be checked may hold exactly what is missing: never a clean bill of health
        console.print(
            Text(
                "Nothing found so far unlocks a serious risk, but too much could not be checked to say more.", "yellow"
            )
        )
    else:
        console.print(Text("Nothing here unlocks a serious risk. Keep it that way.", "green"))
