"""`footprint serve`: the live workshop view in the browser."""

from __future__ import annotations

from typing import Annotated

import typer

from footprint.cli.app import app, fail
from footprint.cli.messages import message
from footprint.cli.options import scan_options
from footprint.settings import ScanSettings


@app.command()
@scan_options(redact=False, output=False)
def serve(
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            help="Address to listen on (default 127.0.0.1; with --room, every interface). "
            "The live view off loopback needs the printed access token.",
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0 picks a free one).")
    ] = 8765,
    pace: Annotated[
        float,
        typer.Option(
            "--pace",
            min=0.0,
            max=10.0,
            help="Seconds between accounts found in a demo, so the room sees the picture build.",
        ),
    ] = 0.6,
    room: Annotated[
        bool,
        typer.Option(
            "--room",
            help="A classroom: each student checks their own handle on their phone; the big screen shows only totals.",
        ),
    ] = False,
    *,
    settings: ScanSettings,
) -> None:
    """Start the live workshop view in the browser (values hidden by default; nothing is saved)."""
    if room:
        from footprint.cli.room import open_room

        open_room(host, port, settings)
        return
    host = host or "127.0.0.1"
    import ipaddress
    import secrets
    import socket

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        raise fail(message("not_an_address", host=repr(host))) from None
    if settings.offline:
        raise fail(message("serve_offline"))
    token = None if loopback else secrets.token_urlsafe(18)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.create_server((host.strip("[]"), port), family=family)
    except OSError as exc:
        raise fail(message("cannot_listen", host=host, port=port, reason=exc.strerror), 1) from None
    import uvicorn

    from footprint.web.app import create_app

    shown = "127.0.0.1" if host == "localhost" else (f"[{host}]" if ":" in host else host)
    url = f"http://{shown}:{sock.getsockname()[1]}/" + (f"?token={token}" if token else "")
    typer.echo(f"footprint live view: {url}")
    if token:
        typer.echo("Others on your network can open it with that address; without the token they are refused.")
    typer.echo("Press Ctrl+C to stop.")
    web = create_app(token=token, loopback=loopback, pace=pace, settings=settings, hosts={host.strip("[]")})
    server = uvicorn.Server(uvicorn.Config(web, log_level="warning", lifespan="off"))
    server.run(sockets=[sock])
