"""`footprint scan` (the real networks) and `footprint demo` (the same scan on the built-in demo network)."""

from __future__ import annotations

from typing import Annotated

import typer

from footprint.cli import scanning
from footprint.cli.app import app, fail
from footprint.cli.messages import message
from footprint.cli.options import Output, scan_options
from footprint.cli.output import emit
from footprint.settings import ScanSettings


@app.command()
@scan_options()
def scan(
    handle: Annotated[str, typer.Argument(help="The handle to check, e.g. jess_mcr or jess@mastodon.social.")],
    *,
    settings: ScanSettings,
    out: Output,
) -> None:
    """Check the real public APIs of open networks for HANDLE and report the exposure."""
    who = scanning.target(handle)
    with scanning.opened_store() as store:
        report = scanning.run(
            scanning.scanner(settings, store),
            who,
            not out.as_json,
            "use --offline to replay a stored scan, or try `footprint demo`.",
        )
    emit(report, out, settings)


@app.command()
@scan_options(network=False, fixed={"demo": True})
def demo(
    persona: Annotated[str | None, typer.Argument(help="Which fictional persona to scan (default: jess).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the demo personas and exit.")] = False,
    *,
    settings: ScanSettings,
    out: Output,
) -> None:
    """Run the full scan against the built-in demo network of fictional personas. Works offline."""
    from footprint import demo as demo_network

    people = demo_network.personas()
    if list_:
        for p in people.values():
            typer.echo(f"{p.id:8} @{p.handle:14} {p.title}")
        return
    chosen = people.get(persona or "jess")
    if chosen is None:
        raise fail(message("unknown_persona", persona=repr(persona), names=", ".join(people)))
    report = scanning.run(scanning.scanner(settings), scanning.target(chosen.handle), False, "")
    emit(report, out, settings)
