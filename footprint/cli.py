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
COLOR = {"on": True}  # --no-color turns it off for every console we make


def console(stderr: bool = False) -> Console:
    if not COLOR["on"] or "NO_COLOR" in os.environ:  # plain: no colour and no other escape codes either
        return Console(stderr=stderr, color_system=None, no_color=True, highlight=False)
    return Console(stderr=stderr, highlight=False)


class UsageError(Exception):
    """Bad input from the user: shown as one line, exit code 2."""


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"footprint: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def parse_endpoints(values: list[str]) -> dict[str, str]:
    """`NETWORK=URL` pairs from FOOTPRINT_ENDPOINTS (comma-separated) and then --endpoint (which wins)."""
    pairs = [p for p in os.environ.get("FOOTPRINT_ENDPOINTS", "").split(",") if p.strip()] + list(values)
    out = {}
    for pair in pairs:
        name, sep, url = pair.strip().partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise UsageError(f"endpoint {pair!r} should look like NETWORK=https://host[:port]")
        if name not in REGISTRY and name != "sites":
            raise UsageError(f"unknown network {name!r} in endpoint; known: {', '.join(sorted(REGISTRY))}")
        out[name] = url
    return out


JsonOpt = Annotated[bool, typer.Option("--json", help="Write the JSON report to stdout (or to --output) and nothing else.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the JSON report to this file.")]
HtmlOpt = Annotated[Optional[Path], typer.Option("--html", help="Also write a self-contained HTML report to this file (owner-only, 0600).")]
RedactOpt = Annotated[bool, typer.Option("--redact", help="Mask the values in the HTML report (\"J*** H******\"): for showing on a shared screen.")]
GraphOpt = Annotated[Optional[Path], typer.Option("--graph", help="Also write the exposure graph to FILE (.graphml or .gexf, for Gephi).")]
GRAPH_FORMATS = (".graphml", ".gexf")


def check_graph_path(path: Path | None) -> None:
    if path is not None and path.suffix.casefold() not in GRAPH_FORMATS:
        raise fail(f"--graph wants a file ending in .graphml or .gexf, not {path.name!r}")


def save_graph(g, path: Path | None) -> None:
    if path is None:
        return
    from analysis.graph import write_graph

    try:
        write_graph(g, path)
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror}", 1)


def emit(report: Report, as_json: bool, output: Path | None, html: Path | None = None, redact: bool = False) -> None:
    from reports import json_report, terminal

    if html is not None:
        from reports import html_report

        try:
            html_report.write(report, html, redact=redact)
        except OSError as exc:
            raise fail(f"cannot write {html}: {exc.strerror}", 1)
        if not as_json:
            err.print(f"HTML report written to {html}", markup=False, highlight=False, soft_wrap=True)

    if output is not None:
        try:
            output.write_text(json_report.render(report), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror}", 1)
    if as_json and output is None:
        sys.stdout.write(json_report.render(report))
    elif not as_json:
        terminal.render(report, console())


def _store():
    import sqlite3

    from footprint.store import Store

    try:
        return Store()
    except (OSError, sqlite3.Error) as exc:
        raise fail(f"cannot open the local store: {exc} (set FOOTPRINT_HOME to a writable directory)", 1)


@app.command()
def scan(
    handle: Annotated[str, typer.Argument(help="The handle to check, e.g. jess_mcr or jess@mastodon.social.")],
    as_json: JsonOpt = False,
    output: OutputOpt = None,
    endpoint: Annotated[list[str], typer.Option("--endpoint", help="Point a network at another base URL: NETWORK=URL (repeatable).")] = [],
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow requests to loopback and private addresses (for local test servers).")] = False,
    site: Annotated[list[str], typer.Option("--site", help="Only check these networks (repeatable); see `footprint sites list`.")] = [],
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each request.")] = 10.0,
    deadline: Annotated[float, typer.Option("--deadline", min=1.0, help="Seconds for the whole scan; checks still running then are `unknown`.")] = 90.0,
    depth: Annotated[int, typer.Option("--depth", min=0, max=3, help="Follow links to other accounts this many hops (0: none).")] = 1,
    sites: Annotated[Optional[Path], typer.Option("--sites", help="Use this site list (WhatsMyName format) instead of the built-in ones.")] = None,
    only_list: Annotated[bool, typer.Option("--only-list", help="Run only the site-list existence checks, like other username checkers.")] = False,
    proxy: Annotated[Optional[str], typer.Option("--proxy", "-p", help="Send requests through this proxy, e.g. socks5://127.0.0.1:9050 for Tor.")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Answer only from responses stored by an earlier scan; no network.")] = False,
    fresh: Annotated[bool, typer.Option("--fresh", help="Ignore stored responses and ask every network again.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")] = True,
    html: HtmlOpt = None,
    redact: RedactOpt = False,
    graph: GraphOpt = None,
) -> None:
    """Check the real public APIs of open networks for HANDLE and report the exposure."""
    from collectors.sitelist import SiteListError

    check_graph_path(graph)
    try:
        handle = normalise_handle(handle)
        endpoints = parse_endpoints(endpoint)
        if proxy and not proxy.startswith(("http://", "https://", "socks5://", "socks5h://")):
            raise UsageError(f"proxy {proxy!r} should look like socks5://host:port or http://host:port")
        if proxy and proxy.startswith("socks"):
            try:
                import socksio  # noqa: F401  (httpx's SOCKS support)
            except ImportError:
                raise UsageError("SOCKS proxies need httpx's socks extra: pip install 'httpx[socks]'") from None
    except (InvalidHandle, UsageError) as exc:
        raise fail(str(exc))
    from footprint.pipeline import ScanOptions, analyse, collect, plan, unreachable
    from footprint.progress import ScanProgress
    import asyncio

    config = HttpConfig(timeout=timeout, allow_private=allow_private, proxy=proxy, deadline=deadline,
                        offline=offline, reuse=None if fresh else HttpConfig.reuse)
    options = ScanOptions(endpoints=endpoints, networks=site or None, http=config, depth=depth,
                          sites_file=str(sites) if sites else None, only_list=only_list)
    try:
        first, _ = plan(options)
    except SiteListError as exc:
        raise fail(str(exc))
    except ValueError as exc:
        raise fail(str(exc))
    if not offline:
        from collectors.http import network_reachable

        urls = [u for u in (getattr(c, "base", None) or c.url("x") for c in first) if "{" not in u]
        problem = asyncio.run(network_reachable(urls, config))
        if problem:
            raise fail(f"could not reach any network ({problem}). Check your connection, use --offline to replay "
                       "a stored scan, or try `footprint demo`.", 1)
    store = _store()
    shown = ScanProgress(err, enabled=progress and not as_json)
    try:
        with shown:
            accounts = asyncio.run(collect(Target(handle), options, store=store, on_event=shown))
    except KeyboardInterrupt:
        kept = len(store.accounts(handle))
        store.close()
        raise fail(f"interrupted: {kept} results kept in the store; `footprint scan {handle} --offline` replays them", 130)
    if (reasons := unreachable(accounts)) is not None:
        store.close()
        raise fail(f"could not reach any network ({reasons}). Check your connection, or try `footprint demo`.", 1)
    report, g = analyse(Target(handle), accounts)
    store.save_report(handle, report.to_dict())
    store.close()
    emit(report, as_json, output, html, redact)
    save_graph(g, graph)


@app.command()
def forget(
    handle: Annotated[str, typer.Argument(help="The handle whose stored responses, results and history to delete.")],
) -> None:
    """Delete everything the local store keeps about HANDLE, and say how much was removed."""
    try:
        handle = normalise_handle(handle)
    except InvalidHandle as exc:
        raise fail(str(exc))
    store = _store()
    counts = store.forget(handle)
    store.close()
    total = sum(counts.values())
    if not total:
        typer.echo(f"Nothing stored about {handle}.")
        return
    parts = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    typer.echo(f"Forgot {handle}: removed {parts} from {os.environ.get('FOOTPRINT_HOME') or 'the local store'}.")


sites_app = typer.Typer(help="The site lists used for existence checks (WhatsMyName format).", no_args_is_help=True)
app.add_typer(sites_app, name="sites")


@sites_app.command("list")
def sites_list(
    as_json: JsonOpt = False,
    sites: Annotated[Optional[Path], typer.Option("--sites", help="Show this site list instead of the built-in ones.")] = None,
) -> None:
    """Show what a scan checks, and by which method."""
    import json

    from collectors import build
    from collectors.sitelist import SiteListError, load_checks

    try:
        checks = load_checks(sites)
    except SiteListError as exc:
        raise fail(str(exc))
    rows = [] if sites else [{"network": c.network, "method": "api", "url": c.base} for c in build()]
    seen = {r["network"] for r in rows}
    rows += [c.describe() for c in checks if c.network not in seen]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    for r in rows:
        typer.echo(f"{r['network']:18} {r['method']:24} {r['url']}")
    community = sum("wmn-data" in r["method"] for r in rows)
    typer.echo(f"{len(rows)} networks" + (f", {community} from the WhatsMyName list (CC BY-SA 4.0, "
                                          "https://github.com/WebBreacher/WhatsMyName)" if community else ""))


@sites_app.command("update")
def sites_update(
    url: Annotated[str, typer.Option("--url", help="Where to download the list from.")] = "",
) -> None:
    """Download the community WhatsMyName list (CC BY-SA 4.0) into the cache; scans then use it too."""
    import httpx

    from collectors.http import USER_AGENT
    from collectors.sitelist import COMMUNITY_URL, SiteListError, community_path, read_list

    target = community_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        resp = httpx.get(url or COMMUNITY_URL, headers={"User-Agent": USER_AGENT}, timeout=30, follow_redirects=True)
        resp.raise_for_status()
    except httpx.HTTPError as exc:
        raise fail(f"could not download the site list: {exc}", 1)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(resp.content)
    try:
        raw = read_list(tmp)
    except SiteListError as exc:
        tmp.unlink(missing_ok=True)
        raise fail(str(exc), 1)
    tmp.replace(target)
    licence = raw.get("license") or ["CC BY-SA 4.0"]
    authors = raw.get("authors") or ["WhatsMyName contributors"]
    typer.echo(f"Saved {len(raw['sites'])} sites to {target}")
    typer.echo(f"WhatsMyName (https://github.com/WebBreacher/WhatsMyName), licence: {', '.join(map(str, licence))}")
    typer.echo(f"Authors: {', '.join(map(str, authors))}")


@app.command()
def demo(
    persona: Annotated[Optional[str], typer.Argument(help="Which fictional persona to scan (default: jess).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the demo personas and exit.")] = False,
    as_json: JsonOpt = False,
    output: OutputOpt = None,
    html: HtmlOpt = None,
    redact: RedactOpt = False,
    graph: GraphOpt = None,
) -> None:
    """Run the full scan against the built-in demo network of fictional personas. Works offline."""
    check_graph_path(graph)
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
    report, g = run(Target(chosen.handle), ScanOptions(), transport=demo_network.DemoTransport())
    emit(report, as_json, output, html, redact)
    save_graph(g, graph)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but loopback needs the printed access token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0 picks a free one).")] = 8765,
    pace: Annotated[float, typer.Option("--pace", min=0.0, max=10.0, help="Seconds between accounts found in a demo, so the room sees the picture build.")] = 0.6,
) -> None:
    """Start the live workshop view in the browser (values hidden by default; nothing is saved)."""
    import ipaddress
    import secrets
    import socket

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        raise fail(f"--host {host!r} is not an IP address (use 127.0.0.1, or 0.0.0.0 to let others on your network in)")
    token = None if loopback else secrets.token_urlsafe(18)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.create_server((host.strip("[]"), port), family=family)
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror}", 1)
    import uvicorn

    from reports.live import create_app

    shown = "127.0.0.1" if host == "localhost" else (f"[{host}]" if ":" in host else host)
    url = f"http://{shown}:{sock.getsockname()[1]}/" + (f"?token={token}" if token else "")
    typer.echo(f"footprint live view: {url}")
    if token:
        typer.echo("Others on your network can open it with that address; without the token they are refused.")
    typer.echo("Press Ctrl+C to stop.")
    app_ = create_app(token=token, loopback=loopback, pace=pace)
    server = uvicorn.Server(uvicorn.Config(app_, log_level="warning", lifespan="off"))
    server.run(sockets=[sock])


@app.callback(invoke_without_command=True)
def _version(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour in the output (NO_COLOR=1 does the same).")] = False,
) -> None:
    if no_color:
        COLOR["on"] = False
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


from footprint import cli_careers  # noqa: E402,F401  registers `review`, `batch` and `import`
from footprint import cli_text  # noqa: E402,F401  registers `text` and `doctor`
