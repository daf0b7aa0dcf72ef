"""`footprint sites`: the site lists used for existence checks (WhatsMyName format)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from footprint.cli.app import app, fail, say
from footprint.cli.messages import message

sites_app = typer.Typer(help="The site lists used for existence checks (WhatsMyName format).", no_args_is_help=True)
app.add_typer(sites_app, name="sites")

JsonOpt = Annotated[bool, typer.Option("--json", help="Write JSON to stdout and nothing else.")]
MAX_LIST_BYTES = 20_000_000  # the community list is about a megabyte; room to grow, not room for a flood


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
    rows = [] if sites else [{"network": c.network, "method": "api", "url": c.base} for c in build()]
    seen = {r["network"] for r in rows}
    rows += [c.describe() for c in checks if c.network not in seen]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    for r in rows:  # a site list is written by strangers too
        adult = "   NSFW: only with --nsfw" if r.get("nsfw") else ""
        say(f"{r['network']:18} {r['method']:24} {r['url']}{adult}", stderr=False)
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
    from collectors.sitelist import COMMUNITY_URL, SiteListError, community_path, read_list
    from footprint.files import private_dir, write_private

    source = url or COMMUNITY_URL
    if not source.startswith(("http://", "https://")):
        raise fail(f"--url {source!r} should start with https://")
    # Through the same stack as a scan: the address guard, a size cap counted before decoding, a time limit.
    config = HttpConfig(
        timeout=timeout,
        deadline=timeout,
        retries=1,
        max_body=MAX_LIST_BYTES,
        reuse=None,
        allowed=allowance([source]) if allow_private else frozenset(),
    )

    async def download() -> bytes:
        async with Http(config) as http:
            resp = await http.get(source)
        if resp.status_code != 200:
            raise fail(message("no_download", reason=f"HTTP {resp.status_code} from {source}"), 1)
        return resp.content

    try:
        body = asyncio.run(download())
    except Exception as exc:  # every way a download fails, in one line
        if isinstance(exc, typer.Exit):
            raise
        raise fail(message("no_download", reason=describe_error(exc)), 1) from None
    target = community_path()
    try:
        private_dir(target.parent)
        tmp = target.with_name(target.name + ".part")
        write_private(tmp, body)
    except OSError as exc:
        raise fail(f"cannot write {target}: {exc.strerror}", 1) from None
    try:
        raw = read_list(tmp)
    except SiteListError as exc:
        tmp.unlink(missing_ok=True)
        raise fail(str(exc), 1) from None
    tmp.replace(target)
    licence = raw.get("license") or ["CC BY-SA 4.0"]
    authors = raw.get("authors") or ["WhatsMyName contributors"]
    say(f"Saved {len(raw['sites'])} sites to {target}", stderr=False)
    say(
        f"WhatsMyName (https://github.com/WebBreacher/WhatsMyName), licence: {', '.join(map(str, licence))}",
        stderr=False,
    )
    say(f"Authors: {', '.join(map(str, authors))}", stderr=False)
