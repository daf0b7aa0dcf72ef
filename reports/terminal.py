"""The readable terminal report. Profile text is a stranger's: it is only ever passed to rich as Text,
never as markup, so '[bold]' or escape codes in a bio print as they are."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from footprint.model import Evidence, Report

STATE_STYLE = {"satisfied": ("UNLOCKED", "bold red"), "near_miss": ("one away", "yellow"), "out_of_reach": ("locked", "green")}
STATUS_STYLE = {"found": "bold", "not_found": "dim", "unknown": "yellow"}
SHORT_FIX_LIST = 3  # the rest is in --html and --json: a short list gets done


def _clean(value: str, limit: int = 80) -> str:
    # Control characters in a stranger's text could move the cursor or recolour the terminal.
    text = "".join(ch if ch.isprintable() else " " for ch in value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(e: Evidence) -> Text:
    return Text.assemble((e.account, "cyan"), " ", (e.source, "dim"), ": ", f"“{_clean(e.text, 60)}”")


def _identity_line(report: Report) -> str:
    # Shown when the risk model measures bits of identity; older reports simply have none.
    identity = report.to_dict().get("identity")
    if not isinstance(identity, dict) or not isinstance(identity.get("bits"), (int, float)):
        return ""
    line = f"   {identity['bits']:.1f} bits of identity"
    one_in, p_unique = identity.get("one_in"), identity.get("p_unique")
    where = identity.get("population", "the country")
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


def render(report: Report, console: Console) -> None:
    console.print(Panel(Text.assemble("footprint report for ", (_clean(report.target.handle), "bold"),
                                      f"   exposure score {report.score}/100", _identity_line(report)), expand=False))

    accounts = Table(title="Accounts", title_justify="left")
    for col in ("network", "status", "profile", "why"):
        accounts.add_column(col)
    # Thirty "not found" rows would bury the few accounts that matter; they get one line instead.
    absent = [a.network for a in report.accounts if a.status == "not_found"]
    for a in report.accounts:
        if a.status != "not_found":
            accounts.add_row(a.network, Text(a.status, STATUS_STYLE[a.status]), _clean(a.url), _clean(a.reason))
    console.print(accounts)
    if absent:
        console.print(Text(f"Not found on {len(absent)} networks: {', '.join(absent)}.", "dim"))

    if report.fragments:
        frags = Table(title="What they show about you", title_justify="left")
        for col in ("kind", "value", "where it is"):
            frags.add_column(col)
        for f in report.fragments:
            if f.kind == "handle" and all(e.rule == "account-found" for e in f.evidence):
                continue
            frags.add_row(f.kind, _clean(f.value, 40), Group(*(_where(e) for e in f.evidence)))
        console.print(frags)
    else:
        console.print("No personal fragments found on the accounts linked to this handle.")

    if report.unlinked_fragments:
        console.print(Text(f"{len(report.unlinked_fragments)} fragments were found on accounts that may belong to "
                           "someone else with the same handle; they are not counted.", "dim"))

    caps = Table(title="What someone could do with it", title_justify="left")
    for col in ("", "risk", "because of", "missing"):
        caps.add_column(col)
    for r in report.capabilities:
        label, style = STATE_STYLE[r.state]
        caps.add_row(Text(label, style), r.capability.title,
                     _clean(", ".join(r.fragments), 60) if r.state != "out_of_reach" else "",
                     " and ".join(" or ".join(g) for g in r.missing))
    console.print(caps)

    if report.fix_plan:
        console.print(Text("Fix these first", "bold"))
        for i, step in enumerate(report.fix_plan[:SHORT_FIX_LIST], 1):
            console.print(Text.assemble(f"{i}. Remove your {step.kind.replace('_', ' ')} ", (f"“{_clean(step.value, 40)}”", "bold"),
                                        f" (score drops to {step.score_after}). ", step.advice[0]))
            for tip in step.advice[1:]:
                console.print(Text("   " + tip, "dim"))
        more = len(report.fix_plan) - SHORT_FIX_LIST
        if more > 0:
            console.print(Text(f"…and {more} more step{'s' if more > 1 else ''}: see the full plan with --html FILE or --json.", "dim"))
    elif any(r.satisfied for r in report.capabilities):
        console.print("No single change breaks an unlocked risk; see the table above.")
    else:
        console.print(Text("Nothing here unlocks a serious risk. Keep it that way.", "green"))
