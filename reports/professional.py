"""The professional-presence review in the terminal, and a cohort's summary table. Like reports/terminal.py,
strangers' text goes through reports/plain.py and only ever reaches rich as Text, never as markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from footprint.model import Check, Review
from reports.plain import as_text, plain

RESULT_STYLE = {
    "pass": ("PASS", "bold green"),
    "warn": ("WARN", "bold yellow"),
    "fail": ("FAIL", "bold red"),
    "n/a": ("N/A", "dim"),
    "incomplete": ("INCOMPLETE", "bold yellow"),
}


def render_checks(checks: Iterable[Check], console: Console, redact: bool = False) -> None:
    """With `redact`, the findings (which quote the person's own words) are left out: for a shared screen."""
    for check in checks:
        label, style = RESULT_STYLE[check.result]
        console.print(
            Text.assemble(
                (f"{label:4}", style),
                "  ",
                (plain(check.title), "bold"),
                ": ",
                "(hidden)" if redact else plain(check.summary, 160),
            )
        )
        if check.result not in ("pass", "n/a"):
            console.print(Text("      why: " + plain(check.why), "dim"))
        if redact:
            if check.findings:
                console.print(Text(f"      {len(check.findings)} finding(s) hidden (--redact)", "dim"))
        else:
            for f in check.findings:
                console.print(Text("      - " + plain(f.text, 300)))
            for tip in check.todo:
                console.print(Text.assemble(("      do: ", "bold"), plain(tip, 300)))
        console.print()


def render(review: Review, console: Console, redact: bool = False) -> None:
    counts = review.counts()
    label, style = RESULT_STYLE[review.result]
    handle = "(hidden)" if redact else plain(review.handle, 80)
    console.print(
        Panel(
            Text.assemble(
                "professional-presence review for ",
                (handle, "bold"),
                "   ",
                (label, style),
                f"   ({counts['fail']} fail, {counts['warn']} warn, {counts['pass']} pass, {counts['n/a']} n/a)",
            ),
            expand=False,
        )
    )
    if review.incomplete:
        console.print(Text(review.incomplete, "bold yellow"))
        console.print()
    render_checks(review.checks, console, redact)


def render_cohort(summary: list[dict[str, Any]], name: str, console: Console) -> None:
    table = Table(title=as_text(f"Cohort: {name}", 90), title_justify="left")
    for col in ("line", "handle", "name", "score", "checked", "most serious risk unlocked", "review", "notes"):
        table.add_column(col)
    for r in summary:
        label, style = RESULT_STYLE.get(r["review"], (r["status"], "dim"))
        notes = "; ".join(x for x in (r["status"] if r["status"] != "done" else "", r["detail"]) if x)
        table.add_row(
            as_text(r["line"]),
            as_text(r["handle"], 40),
            as_text(r["name"], 30),
            as_text(r["score"]),
            as_text(r["checked"]),
            as_text(r["worst_capability"], 50),
            Text(label, style),
            as_text(notes, 60),
        )
    console.print(table)
