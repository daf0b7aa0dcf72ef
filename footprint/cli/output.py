"""Showing and writing a finished Report: the terminal, `--json`, `-o`, `--html` and `--graph`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from footprint.cli.app import console, fail, say
from footprint.cli.messages import message
from footprint.cli.options import Output
from footprint.settings import ScanSettings

if TYPE_CHECKING:
    from footprint.model import Report


def write_file(path: Path, data: str | bytes) -> None:
    from footprint.files import write_private

    try:
        write_private(path, data)
    except OSError as exc:
        raise fail(message("cannot_write", path=path, reason=exc.strerror), 1) from None


def emit(report: Report, out: Output, settings: ScanSettings, terminal: bool = True, with_review: bool = False) -> None:
    """Writes what the options ask for; shows the terminal report unless --json keeps stdout to the JSON.
    `with_review` puts the professional-presence review in the HTML report too."""
    from reports import json_report

    if out.html is not None:
        from reports import html_report

        write_file(out.html, html_report.render(report, redact=settings.redact, with_review=with_review))
        if not out.as_json:
            say(message("html_written", path=out.html))
    if out.graph is not None:
        from analysis.graph import exposure_graph, graph_text

        write_file(out.graph, graph_text(exposure_graph(report), out.graph.suffix))
    if out.json_file is not None:
        write_file(out.json_file, json_report.render(report))
    if out.as_json and out.json_file is None:
        sys.stdout.write(json_report.render(report))
    elif not out.as_json and terminal:
        from reports import terminal as terminal_view

        terminal_view.render(report, console(), redact=settings.redact)
