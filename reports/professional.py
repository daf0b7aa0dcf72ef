"""The professional-presence review in the terminal. Like reports/terminal.py, strangers' text only ever
reaches rich as Text, never as markup, and control characters are blanked."""
from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from analysis.professional import Check, Review
from reports.terminal import _clean

RESULT_STYLE = {"pass": ("PASS", "bold green"), "warn": ("WARN", "bold yellow"), "fail": ("FAIL", "bold red")}


def render_checks(checks: list[Check], console: Console) -> None:
    for check in checks:
        label, style = RESULT_STYLE[check.result]
        console.print(Text.assemble((f"{label:4}", style), "  ", (check.title, "bold"), ": ", _clean(check.summary, 160)))
        if check.result != "pass":
            console.print(Text("      why: " + check.why, "dim"))
        for f in check.findings:
            console.print(Text("      - " + _clean(f.text, 300)))
        for tip in check.todo:
            console.print(Text.assemble(("      do: ", "bold"), _clean(tip, 300)))
        console.print()


def render(review: Review, console: Console) -> None:
    counts = review.counts()
    label, style = RESULT_STYLE[review.result]
    console.print(Panel(Text.assemble("professional-presence review for ", (review.handle, "bold"), "   ", (label, style),
                                      f"   ({counts['fail']} fail, {counts['warn']} warn, {counts['pass']} pass)"), expand=False))
    render_checks(review.checks, console)
