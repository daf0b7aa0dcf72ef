"""A progress bar on stderr while a scan runs: sites checked, found and unknown."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from footprint.scanner import Answered, Event, Planned


class ScanProgress:
    """Feeds on the scanner's events; shows nothing when stderr is not a terminal."""

    def __init__(self, console: Console, enabled: bool = True) -> None:
        self.enabled = enabled and console.is_terminal
        self.counts = {"found": 0, "not_found": 0, "unknown": 0}
        self._progress = Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]{task.fields[found]} found[/] [yellow]{task.fields[unknown]} unknown[/]"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("scan", total=0, found=0, unknown=0)

    def __enter__(self) -> ScanProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._progress.stop()

    def __call__(self, event: Event) -> None:
        if isinstance(event, Planned):
            self._progress.update(self._task, total=event.total)
        elif isinstance(event, Answered):
            status = event.account.status
            self.counts[status] = self.counts.get(status, 0) + 1
            self._progress.update(self._task, advance=1, found=self.counts["found"], unknown=self.counts["unknown"])
