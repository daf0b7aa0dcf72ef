"""The `footprint` command. Every failure a user can cause ends in one line and a non-zero exit."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from collectors import REGISTRY
from collectors.http import HttpConfig
from footprint import __version__
from footprint.handles import InvalidHandle, normalise_handle
from footprint.model import Report, Target

# The pipeline pulls in spaCy (over a second to import), so commands import it when they run:
# `footprint --help` and input errors stay instant.

app = typer.Typer(
    help="See what your handle shows the world, and how the pieces add up to identity-theft risk.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True)


class UsageError(Exception):
    """Bad input from the user: shown as one line, exit code 2."""


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"footprint: {message}", markup=False, highlight=False)
    return typer.Exit(code)


def parse_endpoints(values: list[str]) -> dict[str, str]:
    """`NETWORK=URL` pairs from FOOTPRINT_ENDPOINTS (comma-separated) and then --endpoint (which wins)."""
    pairs = [p for p in os.environ.get("FOOTPRINT_ENDPOINTS", "").split(",") if p.strip()] + list(values)
    out = {}
    for pair in pairs:
        name, sep, url = pair.strip().partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise UsageError(f"endpoint {pair!r} should look like NETWORK=https://host[:port]")
        if name not in REGISTRY:
            raise UsageError(f"unknown network {name!r} in endpoint; known: {', '.join(sorted(REGISTRY))}")
        out[name] = url
    return out


JsonOpt = Annotated[bool, typer.Option("--json", help="Write the JSON report to stdout (or to --output) and nothing else.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the JSON report to this file.")]


def emit(report: Report, as_json: bool, output: Path | None) -> None:
    from reports import json_report, terminal

    if output is not None:
        try:
            output.write_text(json_report.render(report), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror}", 1)
    if as_json and output is None:
        sys.stdout.write(json_report.render(report))
    elif not as_json:
        terminal.render(report, Console(no_color="NO_COLOR" in os.environ or None))


@app.command()
def scan(
    handle: Annotated[str, typer.Argument(help="The handle to check, e.g. jess_mcr or jess@mastodon.social.")],
    as_json: JsonOpt = False,
    output: OutputOpt = None,
    endpoint: Annotated[list[str], typer.Option("--endpoint", help="Point a network at another base URL: NETWORK=URL (repeatable).")] = [],
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow requests to loopback and private addresses (for local test servers).")] = False,
    site: Annotated[list[str], typer.Option("--site", help="Only check these networks (repeatable).")] = [],
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each request.")] = 10.0,
) -> None:
    """Check the real public APIs of open networks for HANDLE and report the exposure."""
    try:
        handle = normalise_handle(handle)
        endpoints = parse_endpoints(endpoint)
        unknown = [s for s in site if s not in REGISTRY]
        if unknown:
            raise UsageError(f"unknown network {unknown[0]!r}; known: {', '.join(sorted(REGISTRY))}")
    except (InvalidHandle, UsageError) as exc:
        raise fail(str(exc))
    from footprint.pipeline import ScanOptions, run

    options = ScanOptions(endpoints=endpoints, networks=site or None,
                          http=HttpConfig(timeout=timeout, allow_private=allow_private))
    report, _ = run(Target(handle), options)
    if all(a.status == "unknown" for a in report.accounts):
        reasons = sorted({a.reason for a in report.accounts})
        raise fail(f"could not reach any network ({'; '.join(reasons)}). Check your connection, or try `footprint demo`.", 1)
    emit(report, as_json, output)


@app.command()
def demo(
    persona: Annotated[Optional[str], typer.Argument(help="Which fictional persona to scan (default: jess).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the demo personas and exit.")] = False,
    as_json: JsonOpt = False,
    output: OutputOpt = None,
) -> None:
    """Run the full scan against the built-in demo network of fictional personas. Works offline."""
    from footprint import demo as demo_network
    from footprint.pipeline import ScanOptions, run

    people = demo_network.personas()
    if list_:
        for p in people.values():
            typer.echo(f"{p.id:8} @{p.handle:14} {p.title}")
        return
    chosen = people.get(persona or "jess")
    if chosen is None:
        raise fail(f"unknown persona {persona!r}; choose one of: {', '.join(people)}")
    report, _ = run(Target(chosen.handle), ScanOptions(), transport=demo_network.DemoTransport())
    emit(report, as_json, output)


@app.callback(invoke_without_command=True)
def _version(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"footprint {__version__}")
        raise typer.Exit()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("footprint: interrupted", markup=False)
        sys.exit(130)
    except Exception as exc:  # a bug of ours: one line, not a traceback; FOOTPRINT_DEBUG=1 shows it all
        if os.environ.get("FOOTPRINT_DEBUG"):
            raise
        err.print(f"footprint: internal error: {type(exc).__name__}: {exc} (set FOOTPRINT_DEBUG=1 for details)", markup=False)
        sys.exit(1)
