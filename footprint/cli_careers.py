"""The careers commands: `review`, `batch` and `import`. Registered on the main app by footprint.cli."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from footprint.cli import JsonOpt, OutputOpt, app, err, fail


def _console() -> Console:
    return Console(no_color="NO_COLOR" in os.environ or None)


def write_json(data: dict[str, Any], as_json: bool, output: Path | None) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror}", 1)
    elif as_json:
        sys.stdout.write(text)


@app.command("import")
def import_export(
    exports: Annotated[list[Path], typer.Argument(help="Your data download(s): the zip, or the unzipped folder (Instagram, TikTok, X, Facebook).", show_default=False)],
    as_json: JsonOpt = False,
    output: OutputOpt = None,
) -> None:
    """Analyse your own data download, on this computer: nothing is uploaded or requested."""
    from collectors.exports import ExportError, read_exports

    try:
        result = read_exports(exports)
    except ExportError as exc:
        raise fail(str(exc))
    for problem in result.problems:
        err.print(f"footprint: skipped {problem}", markup=False, highlight=False)

    from analysis.linking import TARGET
    from analysis.professional import content_check, visibility
    from footprint.model import Link, Target
    from footprint.pipeline import analyse

    target = Target(result.accounts[0].handle)
    own = [Link(TARGET, a.id, "own-export", f"{a.id} comes from your own data download", 1.0) for a in result.accounts]
    report, _ = analyse(target, result.accounts, known_links=own)
    checks = [content_check(result.accounts, result.reflected), visibility(result.accounts, list_unchecked=False)]
    data = {**report.to_dict(), "import": result.summary(), "professional": {"checks": [c.to_dict() for c in checks]}}
    write_json(data, as_json, output)
    if not as_json:
        from reports import professional as review_view, terminal

        console = _console()
        console.print(f"Read {result.files_read} files from your download on this computer; nothing was uploaded.",
                      markup=False, highlight=False)
        if result.ignored:
            console.print(f"{len(result.ignored)} files footprint does not read (messages, ads, logins...) were left alone, "
                          f"e.g. {result.ignored[0]}.", markup=False, highlight=False, style="dim")
        terminal.render(report, console)
        review_view.render_checks(checks, console)


SiteOpt = Annotated[list[str], typer.Option("--site", help="Only check these networks (repeatable); see `footprint sites list`.")]
DemoOpt = Annotated[bool, typer.Option("--demo", help="Use the built-in demo network of fictional personas (offline).")]
EndpointOpt = Annotated[list[str], typer.Option("--endpoint", help="Point a network at another base URL: NETWORK=URL (repeatable).")]
PrivateOpt = Annotated[bool, typer.Option("--allow-private", help="Allow requests to loopback and private addresses (for local test servers).")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each request.")]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="Answer only from responses stored by an earlier scan; no network.")]


def scan_setup(endpoint: list[str], site: list[str], timeout: float, allow_private: bool, offline: bool, demo: bool):
    """ScanOptions and transport shared by `review` and `batch`, built the way `scan` builds them."""
    from collectors.http import HttpConfig
    from footprint.cli import UsageError, parse_endpoints
    from footprint.pipeline import ScanOptions, plan

    try:
        endpoints = parse_endpoints(endpoint)
    except UsageError as exc:
        raise fail(str(exc))
    options = ScanOptions(endpoints=endpoints, networks=site or None,
                          http=HttpConfig(timeout=timeout, allow_private=allow_private, offline=offline))
    try:
        plan(options)
    except ValueError as exc:  # an unknown --site, or a bad site list
        raise fail(str(exc))
    transport = None
    if demo:
        from footprint.demo import DemoTransport

        transport = DemoTransport()
    return options, transport


@app.command()
def review(
    handle: Annotated[str, typer.Argument(help="The handle to review, e.g. amaraokafor.")],
    as_json: JsonOpt = False,
    output: OutputOpt = None,
    name: Annotated[Optional[str], typer.Option("--name", help="The name you go by (as on your CV); professional profiles should show it.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a printable HTML report with the review to this file (owner-only, 0600).")] = None,
    redact: Annotated[bool, typer.Option("--redact", help="Mask values in the HTML report and leave out the review's findings: for a shared screen.")] = False,
    demo: DemoOpt = False,
    endpoint: EndpointOpt = [],
    site: SiteOpt = [],
    allow_private: PrivateOpt = False,
    timeout: TimeoutOpt = 10.0,
    offline: OfflineOpt = False,
) -> None:
    """Professional-presence review: pass / warn / fail per check, with the evidence and what to do."""
    import asyncio

    from footprint.cli import _store
    from footprint.handles import InvalidHandle, normalise_handle
    from footprint.model import Target

    try:
        handle = normalise_handle(handle)
    except InvalidHandle as exc:
        raise fail(str(exc))
    options, transport = scan_setup(endpoint, site, timeout, allow_private, offline, demo)
    from analysis.professional import review as run_review
    from footprint.pipeline import analyse, collect, unreachable

    from footprint.progress import ScanProgress

    store = _store()
    shown = ScanProgress(err, enabled=not as_json)
    try:
        with shown:
            accounts = asyncio.run(collect(Target(handle), options, transport, store=store, on_event=shown))
        if (reasons := unreachable(accounts)) is not None:
            raise fail(f"could not reach any network ({reasons}). Check your connection, or try --demo.", 1)
        report, _ = analyse(Target(handle), accounts)
        result = run_review(report, expected_name=name)
        data = {**report.to_dict(), "professional": result.to_dict()}
        store.save_report(handle, data)
    finally:
        store.close()
    write_json(data, as_json, output)
    if html is not None:
        from reports import html_report

        try:
            html_report.write(report, html, redact=redact, professional=data["professional"])
        except OSError as exc:
            raise fail(f"cannot write {html}: {exc.strerror}", 1)
        if not as_json:
            err.print(f"HTML report written to {html}", markup=False, highlight=False, soft_wrap=True)
    if not as_json:
        from reports import professional as review_view

        review_view.render(result, _console())
        _console().print(f"Exposure score {report.score}/100: `footprint scan {handle}` shows the full risk report.",
                         markup=False, highlight=False, style="dim")


@app.command()
def batch(
    file: Annotated[Path, typer.Argument(help="CSV with one handle per row; optional columns name and email (a header row names them).")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for the summary and one report per person (default: FILE's name + '-reports').")] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", "-j", min=1, max=16, help="How many people to scan at once.")] = 4,
    fresh: Annotated[bool, typer.Option("--fresh", help="Scan everyone again, even people already done (otherwise a batch resumes).")] = False,
    demo: DemoOpt = False,
    endpoint: EndpointOpt = [],
    site: SiteOpt = [],
    allow_private: PrivateOpt = False,
    timeout: TimeoutOpt = 10.0,
    offline: OfflineOpt = False,
) -> None:
    """Scan and review a list of consenting students: a summary (terminal, CSV, HTML) and a report per person."""
    import asyncio
    import time

    from footprint.batch import BatchFileError, read_rows, run_batch, summary_rows, write_summary_csv

    try:
        rows = read_rows(file)
    except BatchFileError as exc:
        raise fail(str(exc))
    options, transport = scan_setup(endpoint, site, timeout, allow_private, offline, demo)
    out_dir = out or file.with_name(file.stem + "-reports")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"cannot create {out_dir}: {exc.strerror}", 1)
    from footprint.cli import _store

    console = _console()
    for row in rows:
        if row.problem:
            err.print(f"footprint: skipped line {row.line} of {file.name}: {row.problem}", markup=False, highlight=False)
    good = [r for r in rows if not r.problem]

    def progress(outcome) -> None:
        if outcome.status in ("done", "resumed", "error"):
            done[0] += 1
            note = f"{outcome.review or outcome.status}" + (f": {outcome.detail}" if outcome.detail else "")
            err.print(f"[{done[0]}/{len(good)}] {outcome.row.handle}: {note}", markup=False, highlight=False)

    done = [0]
    store = _store()
    started = time.perf_counter()
    try:
        outcomes = asyncio.run(run_batch(rows, out_dir, store, options, transport, concurrency=concurrency, fresh=fresh, on_done=progress))
    except KeyboardInterrupt:
        raise fail("interrupted: people already done are kept; run the same command again to resume", 130)
    finally:
        store.close()
    seconds = time.perf_counter() - started
    from reports import batch_html

    summary = summary_rows(outcomes)
    try:
        write_summary_csv(out_dir / "summary.csv", outcomes)
        note = (f"{sum(o.status in ('done', 'resumed') for o in outcomes)} of {len(outcomes)} rows reviewed from {file.name}. "
                "Score: exposure to identity-theft risk (0-100). Review: the worst result of the professional-presence checks.")
        (out_dir / "summary.html").write_text(batch_html.render(summary, f"footprint cohort review: {file.name}", note), encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write the summary in {out_dir}: {exc.strerror}", 1)
    from rich.table import Table
    from rich.text import Text

    from reports.professional import RESULT_STYLE
    from reports.terminal import _clean

    table = Table(title=f"Cohort: {file.name}", title_justify="left")
    for col in ("line", "handle", "name", "score", "most serious risk unlocked", "review", "notes"):
        table.add_column(col)
    for r, o in zip(summary, outcomes):
        label, style = RESULT_STYLE.get(o.review, (o.status, "dim"))
        table.add_row(str(r["line"]), _clean(r["handle"], 40), _clean(r["name"], 30), str(r["score"]), _clean(r["worst_capability"], 50),
                      Text(label, style), _clean("; ".join(x for x in (o.status if o.status != "done" else "", o.detail) if x), 60))
    console.print(table)
    console.print(f"{len(good)} people in {seconds:.1f} s; summary in {out_dir / 'summary.csv'} and {out_dir / 'summary.html'}, "
                  f"one report per person in {out_dir}.", markup=False, highlight=False)
    if good and all(o.status == "error" for o in outcomes if not o.row.problem):
        raise typer.Exit(1)
