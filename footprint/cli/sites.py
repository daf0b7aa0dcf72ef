"""`footprint sites`: the site lists used for existence checks (WhatsMyName format)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from footprint.cli.app import app, fail, say
from footprint.cli.messages import message

sites_app = typer.Typer(help="The site lists used for existence checks (WhatsMyName format).", no_args_is_help=True)
app.add_typer(sites_app, name="sites")

JsonOpt = Annotated[bool, typer.Option("--json", help="Write JSON to stdout and nothing else.")]


@sites_app.command("list")
def sites_list(
    as_json: JsonOpt = False,
    sites: Annotated[
        Path | None, typer.Option("--sites", help="Show this site list instead of the built-in ones.")
    ] = None,
) -> None:
    """Show what a scan checks, and by which method."""
    from collectors import build
    from collectors.sitelist import SiteListError, load_checks

    try:
        checks = load_checks(sites)
    except SiteListError as exc:
        raise fail(str(exc)) from None
    rows: list[dict[str, Any]] = []
    for c in [] if sites else build():
        rows.append({"network": c.network, "method": "api", "url": c.base})
        if refusal := c.info.refusal():  # the network turns every logged-out program away: always unknown
            rows[-1]["refuses"] = refusal
    seen = {r["network"] for r in rows}
    for check in checks:
        if check.network not in seen:
            rows.append({**check.describe(), "health": check.health})
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    for r in rows:  # a site list is written by strangers too
        notes = [f"always unknown: {r['refuses']}"] if r.get("refuses") else []
        if "health" in r:
            health = r["health"]
            notes.append(f"{health['state']}, checked {health['checked']}" if health else "not checked yet")
        if r.get("nsfw"):
            notes.append("NSFW: only with --nsfw")
        say(f"{r['network']:18} {r['method']:24} {r['url']}" + "".join(f"   {n}" for n in notes), stderr=False)
    community = sum("wmn-data" in r["method"] for r in rows)
    say(
        f"{len(rows)} networks"
        + (
            f", {community} from the WhatsMyName list (CC BY-SA 4.0, https://github.com/WebBreacher/WhatsMyName)"
            if community
            else ""
        ),
        stderr=False,
    )


@sites_app.command("update")
def sites_update(
    url: Annotated[str, typer.Option("--url", help="Where to download the list from.")] = "",
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow a loopback or private address, only at the --url's host.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, max=300, help="Seconds for the whole download.")
    ] = 60.0,
) -> None:
    """Download the community WhatsMyName list (CC BY-SA 4.0) into the cache; scans then use it too."""
    import asyncio

    from collectors.http import Http, HttpConfig, allowance, describe_error
    from collectors.sitelist import (
        COMMUNITY_MAX_BYTES,
        COMMUNITY_URL,
        SiteListError,
        community_path,
        credit,
        fetch_community,
    )

    source = url or COMMUNITY_URL
    if not source.startswith(("http://", "https://")):
        raise fail(f"--url {source!r} should start with https://")
    # Through the same stack as a scan: the address guard, a size cap counted before decoding, a time limit.
    config = HttpConfig(
        timeout=timeout,
        deadline=timeout,
        retries=1,
        max_body=COMMUNITY_MAX_BYTES,
        reuse=None,
        allowed=allowance([source]) if allow_private else frozenset(),
    )

    async def download() -> dict[str, Any]:
        async with Http(config) as http:
            return await fetch_community(http, source)

    try:
        raw = asyncio.run(download())
    except SiteListError as exc:
        raise fail(str(exc), 1) from None
    except OSError as exc:
        raise fail(f"cannot write {community_path()}: {exc.strerror}", 1) from None
    except Exception as exc:  # every way a download fails, in one line
        raise fail(message("no_download", reason=describe_error(exc)), 1) from None
    say(f"Saved {len(raw['sites'])} sites to {community_path()}", stderr=False)
    say(credit(raw), stderr=False)


@sites_app.command("check")
def sites_check(
    as_json: JsonOpt = False,
    sites: Annotated[
        Path | None, typer.Option("--sites", help="Check this site list instead of the built-in ones.")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow loopback or private addresses, only at the list's hosts.")
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, max=120, help="Seconds for one request.")] = 10.0,
) -> None:
    """Test every site-list rule on its known accounts and a random name, and remember which ones work.

    A later scan reports a site whose rule failed as unknown ("detection broken") instead of trusting it."""
    import asyncio

    from collectors.http import Http, HttpConfig, allowance
    from collectors.sitelist import SiteListError, load_checks, save_health

    try:
        checks = load_checks(sites, nsfw=False)
    except SiteListError as exc:
        raise fail(str(exc)) from None
    if not checks:
        raise fail("no sites to check")
    config = HttpConfig(
        timeout=timeout,
        deadline=None,
        retries=1,
        reuse=None,
        allowed=allowance([str(c.site["uri_check"]) for c in checks]) if allow_private else frozenset(),
    )

    async def run() -> list[dict[str, str]]:
        async with Http(config) as http:
            return list(await asyncio.gather(*(c.self_check(http) for c in checks)))

    results = asyncio.run(run())
    try:
        where = save_health(results)
    except OSError as exc:
        raise fail(f"cannot save the results: {exc.strerror}", 1) from None
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
        return
    for r in results:
        say(f"{r['network']:18} {r['state']:13} {r['why']}", stderr=False)
    counts = {state: sum(r["state"] == state for r in results) for state in ("works", "broken", "inconclusive")}
    say(
        f"{len(results)} sites: {counts['works']} work, {counts['broken']} broken (scans now say 'unknown' for them), "
        f"{counts['inconclusive']} could not be tested. Saved to {where}",
        stderr=False,
    )
