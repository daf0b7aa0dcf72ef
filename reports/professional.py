"""The professional-presence review in the terminal, and a cohort's summary table. Like reports/terminal.py,
strangers' text goes through reports/plain.py and only ever reaches rich as Text, never as markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from footprint.model import Check, Review
from reports.plain import as_text, plain
from reports.terminal import indented
from reports.wording import plural, say

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
        console.print(Text.assemble((f"{label:4}", style), "  ", (plain(check.title), "bold")))
        indented(console, Text(say("review.hidden") if redact else plain(check.summary, 600)), 6)
        if check.result not in ("pass", "n/a"):
            indented(console, Text(say("review.why", why=plain(check.why)), "dim"), 11, first=6)
        if redact:
            if check.findings:
                indented(
                    console,
                    Text(say("review.findings_hidden", findings=plural(len(check.findings), "finding")), "dim"),
                    6,
                )
        else:
            for f in check.findings:
                indented(console, Text("- " + plain(f.text, 600)), 8, first=6)
            for tip in check.todo:
                indented(console, Text(say("review.do", tip=plain(tip, 600))), 10, first=6)
        console.print()


def _counted(counts: dict[str, int]) -> dict[str, int]:
    return {k.replace("/", ""): v for k, v in counts.items()}


def render(review: Review, console: Console, redact: bool = False) -> None:
    counts = review.counts()
    label, style = RESULT_STYLE[review.result]
    handle = say("review.hidden") if redact else plain(review.handle, 80)
    console.print(
        Panel(
            Group(
                Text.assemble(say("review.title"), " ", (handle, "bold"), "   ", (label, style)),
                Text(say("review.counts_na" if counts["n/a"] else "review.counts", **_counted(counts))),
            ),
            expand=False,
        )
    )
    if review.incomplete:
        console.print(Text(review.incomplete, "bold yellow"))
        console.print()
    render_checks(review.checks, console, redact)


def render_cohort(summary: list[dict[str, Any]], name: str, console: Console) -> None:
    """One row per person, readable at 80 columns: a handle or a name too long for its column folds onto the
    next line, whole, and is never cut short; how much was checked is a note only where it was not everything."""
    table = Table(title=as_text(f"Cohort: {name}", 90), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("line", no_wrap=True)
    table.add_column("handle", overflow="fold", min_width=12)
    table.add_column("name", overflow="fold")
    table.add_column("score", no_wrap=True, justify="right")
    table.add_column("review", no_wrap=True)
    table.add_column("most serious risk unlocked")
    rows = []
    for r in summary:
        label, style = RESULT_STYLE.get(r["review"], (r["status"], "dim"))
        answered, _, asked = str(r["checked"]).partition(" of ")
        partly = f"only {r['checked']} networks checked" if asked and answered != asked else ""
        # "resumed" (taken from the store by an earlier run of the same batch) is no news to the reader
        status = r["status"] if r["status"] not in ("done", "resumed") else ""
        notes = "; ".join(x for x in (status, partly, r["detail"]) if x)
        rows.append((r, label, style, notes))
    if any(notes for *_, notes in rows):
        table.add_column("notes")
    for r, label, style, notes in rows:
        cells: list[str | Text] = [
            as_text(r["line"]),
            as_text(r["handle"], 200),
            as_text(r["name"], 200),
            as_text(r["score"]),
            Text(label, style),
            as_text(r["worst_capability"], 80),
        ]
        table.add_row(*cells, *([as_text(notes, 120)] if len(table.columns) > 6 else []))
    console.print(table)
