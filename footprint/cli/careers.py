"""The careers commands: `review` (one person's professional presence), `batch` (a cohort) and `import`
(a person's own data download, analysed on this computer)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from footprint.cli import scanning
from footprint.cli.app import app, console, fail, say
from footprint.cli.messages import count, message
from footprint.cli.options import Output, scan_options
from footprint.cli.output import emit
from footprint.settings import ScanSettings


@app.command("import")
@scan_options(network=False)
def import_export(
    exports: Annotated[
        list[Path],
        typer.Argument(
            help="Your data download(s): the zip, or the unzipped folder (Instagram, TikTok, X, Facebook).",
            show_default=False,
        ),
    ],
    *,
    settings: ScanSettings,
    out: Output,
) -> None:
    """Analyse your own data download, on this computer: nothing is uploaded or requested."""
    from collectors.exports import ExportError, read_exports
    from footprint.model import Target
    from footprint.scanner import analyse_own_data

    try:
        result = read_exports(exports)
    except ExportError as exc:
        raise fail(str(exc)) from None
    for problem in result.problems:
        say(message("skipped", problem=problem))
    report = analyse_own_data(
        Target(result.accounts[0].handle), result.accounts, result.reflected, {"import": result.summary()}
    )
    emit(report, out, settings, terminal=False)
    if not out.as_json:
        from reports import professional as review_view
        from reports import terminal

        shown = console()
        say(message("import_read", files=count(result.files_read, "file")), stderr=False)
        if result.ignored:
            say(
                message("import_ignored", files=count(len(result.ignored), "file"), first=result.ignored[0]),
                stderr=False,
                style="dim",
            )
        terminal.render(report, shown, redact=settings.redact)
        if report.review is not None:
            review_view.render_checks(report.review.checks, shown, redact=settings.redact)


@app.command()
@scan_options(demo=True)
def review(
    handle: Annotated[str, typer.Argument(help="The handle to review, e.g. amaraokafor.")],
    name: Annotated[
        str | None,
        typer.Option("--name", help="The name you go by (as on your CV); professional profiles should show it."),
    ] = None,
    *,
    settings: ScanSettings,
    out: Output,
) -> None:
    """Professional-presence review: pass / warn / fail per check, with the evidence and what to do."""
    from dataclasses import replace

    who = scanning.target(handle)
    settings = replace(settings, name=name)
    with scanning.opened_store() as store:
        report = scanning.run(scanning.scanner(settings, store), who, not out.as_json, "or try --demo.")
    emit(report, out, settings, terminal=False, with_review=True)
    if not out.as_json and report.review is not None:
        from reports import professional as review_view

        shown = console()
        review_view.render(report.review, shown, redact=settings.redact)
        from reports.wording import say as view_says

        _note(message("review_score", score=report.score, where=_full_report(who.handle, settings)))
        _note(view_says("score.explain"), style="dim")


def _note(text: str, style: str = "") -> None:
    """A sentence on stdout, wrapped to the terminal's width (80 columns when piped); never read as markup."""
    from rich.text import Text

    console().print(Text(text, style))


def _full_report(handle: str, settings: ScanSettings) -> str:
    """Where the full risk report is. A demo persona's handle may be a real person's: a demo never suggests
    scanning it for real, only the demo of the same persona."""
    if not settings.demo:
        return message("full_report_real", handle=handle)
    from footprint import demo as demo_network

    persona = next((p.id for p in demo_network.personas().values() if p.handle.casefold() == handle.casefold()), None)
    if persona is None:
        return message("full_report_unknown")
    return message("full_report_demo", persona=persona)


@app.command()
@scan_options(demo=True, output=False)
def batch(
    file: Annotated[
        Path,
        typer.Argument(help="CSV with one handle per row; optional columns name and email (a header row names them)."),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder for the summary and one report per person (default: FILE's name + '-reports')."
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", min=1, max=16, help="How many people to scan at once.")
    ] = 4,
    *,
    settings: ScanSettings,
) -> None:
    """Scan and review a list of consenting students: a summary (terminal, CSV, HTML) and a report per person.
    Running it again resumes: people already done are taken from the store (--fresh scans everyone again)."""
    import asyncio

    from footprint.batch import BatchFileError, Outcome, read_rows, run_batch, summary_rows, write_summary_csv
    from footprint.files import private_dir, write_private

    try:
        rows = read_rows(file)
    except BatchFileError as exc:
        raise fail(str(exc)) from None
    folder = out_dir or file.with_name(file.stem + "-reports")
    try:
        private_dir(folder)
    except OSError as exc:
        raise fail(message("cannot_create", folder=folder, reason=exc.strerror), 1) from None
    for row in rows:
        if row.problem:
            say(message("skipped_line", line=row.line, file=file.name, problem=row.problem))
    good = [r for r in rows if not r.problem]
    done = [0]

    def progress(outcome: Outcome) -> None:
        if outcome.status in ("done", "resumed", "error"):
            done[0] += 1
            note = f"{outcome.review or outcome.status}" + (f": {outcome.detail}" if outcome.detail else "")
            say(message("batch_progress", done=done[0], total=len(good), handle=outcome.row.handle, note=note))

    started = time.perf_counter()
    with scanning.opened_store() as store:
        scan = scanning.scanner(settings, store)
        try:
            outcomes = asyncio.run(
                run_batch(
                    rows,
                    folder,
                    scan,
                    concurrency=concurrency,
                    fresh=settings.fresh,
                    redact=settings.redact,
                    on_done=progress,
                )
            )
        except KeyboardInterrupt:
            raise fail(message("batch_interrupted"), 130) from None
    seconds = time.perf_counter() - started
    from reports import batch_html
    from reports import professional as review_view
    from reports.wording import say as view_says

    summary = summary_rows(outcomes)
    try:
        write_summary_csv(folder / "summary.csv", outcomes)
        note = (
            f"{sum(o.status in ('done', 'resumed') for o in outcomes)} of {len(outcomes)} rows reviewed from {file.name}. "
            + view_says("batch.score")
            + " "
            + view_says("batch.review")
        )
        write_private(
            folder / "summary.html", batch_html.render(summary, f"footprint cohort review: {file.name}", note)
        )
    except OSError as exc:
        raise fail(message("cannot_write_summary", folder=folder, reason=exc.strerror), 1) from None
    review_view.render_cohort(summary, file.name, console())
    _note(view_says("batch.score"), style="dim")
    _note(
        message(
            "batch_done",
            people=f"{len(good)} {'person' if len(good) == 1 else 'people'}",
            seconds=f"{seconds:.1f}",
            csv=folder / "summary.csv",
            html=folder / "summary.html",
            folder=folder,
        )
    )
    if good and all(o.status == "error" for o in outcomes if not o.row.problem):
        raise typer.Exit(1)
