"""`footprint sites`: the site lists used for existence checks (WhatsMyName format)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from footprint.cli.app import app, fail
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
    rows = [] if sites else [{"network": c.network, "method": "api", "url": c.base} for c in build()]
    seen = {r["network"] for r in rows}
    rows += [c.describe() for c in checks if c.network not in seen]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    for r in rows:
        adult = "   NSFW: only with --nsfw" if r.get("nsfw") else ""
        typer.echo(f"{r['network']:18} {r['method']:24} {r['url']}{adult}")
    community = sum("wmn-data" in r["method"] for r in rows)
    typer.echo(
        f"{len(rows)} networks"
        + (
            f", {community} from the WhatsMyName list (CC BY-SA 4.0, https://github.com/WebBreacher/WhatsMyName)"
            if community
            else ""
        )
    )


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
        raise fail(message("no_download", reason=exc), 1) from None
    tmp = target.with_suffix(".part")
    tmp.write_bytes(resp.content)
    try:
        raw = read_list(tmp)
    except SiteListError as exc:
        tmp.unlink(missing_ok=True)
        raise fail(str(exc), 1) from None
    tmp.replace(target)
    licence = raw.get("license") or ["CC BY-SA 4.0"]
    authors = raw.get("authors") or ["WhatsMyName contributors"]
    typer.echo(f"Saved {len(raw['sites'])} sites to {target}")
    typer.echo(f"WhatsMyName (https://github.com/WebBreacher/WhatsMyName), licence: {', '.join(map(str, licence))}")
    typer.echo(f"Authors: {', '.join(map(str, authors))}")
