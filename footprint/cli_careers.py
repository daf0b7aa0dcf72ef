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
    from analysis.professional import content_check
    from footprint.model import Link, Target
    from footprint.pipeline import analyse

    target = Target(result.accounts[0].handle)
    own = [Link(TARGET, a.id, "own-export", f"{a.id} comes from your own data download", 1.0) for a in result.accounts]
    report, _ = analyse(target, result.accounts, known_links=own)
    content = content_check(result.accounts)
    data = {**report.to_dict(), "import": result.summary(), "professional": {"checks": [content.to_dict()]}}
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
        review_view.render_checks([content], console)


@app.command()
def review(
    handle: Annotated[str, typer.Argument(help="The handle to review, e.g. amaraokafor.")],
    as_json: JsonOpt = False,
    output: OutputOpt = None,
    demo: Annotated[bool, typer.Option("--demo", help="Scan the built-in demo network of fictional personas (offline).")] = False,
    endpoint: Annotated[list[str], typer.Option("--endpoint", help="Point a network at another base URL: NETWORK=URL (repeatable).")] = [],
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow requests to loopback and private addresses (for local test servers).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each request.")] = 10.0,
) -> None:
    """Professional-presence review: pass / warn / fail per check, with the evidence and what to do."""
    from collectors.http import HttpConfig
    from footprint.cli import UsageError, parse_endpoints
    from footprint.handles import InvalidHandle, normalise_handle
    from footprint.model import Target

    try:
        handle = normalise_handle(handle)
        endpoints = parse_endpoints(endpoint)
    except (InvalidHandle, UsageError) as exc:
        raise fail(str(exc))
    from analysis.professional import review as run_review
    from footprint.pipeline import ScanOptions, run

    transport = None
    if demo:
        from footprint.demo import DemoTransport

        transport = DemoTransport()
    options = ScanOptions(endpoints=endpoints, http=HttpConfig(timeout=timeout, allow_private=allow_private))
    report, _ = run(Target(handle), options, transport=transport)
    if all(a.status == "unknown" for a in report.accounts):
        reasons = sorted({a.reason for a in report.accounts})
        raise fail(f"could not reach any network ({'; '.join(reasons)}). Check your connection, or try --demo.", 1)
    result = run_review(report)
    write_json({**report.to_dict(), "professional": result.to_dict()}, as_json, output)
    if not as_json:
        from reports import professional as review_view

        review_view.render(result, _console())
