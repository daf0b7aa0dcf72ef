"""`footprint serve --room`: opening a classroom room, and what the presenter is told.

stdout gets exactly two lines, `present: URL` (the presenter's page, its key in the query) and `join: URL` (what
students open); everything else goes to stderr. Ctrl-C closes the room, and its memory goes with the process.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from typing import Any

import typer

from footprint.cli.app import fail, say
from footprint.settings import ScanSettings

EVERYWHERE = ("0.0.0.0", "::")


def lan_address() -> str | None:
    """This laptop's address on the local network: the one its default route leaves by. Connecting a UDP
    socket only consults the routing table; no packet is sent."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: any routable address will do
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def open_room(host: str | None, port: int, settings: ScanSettings) -> None:
    if settings.offline:
        raise fail("a room keeps nothing on disk, so it has nothing to replay: --offline works with scan and review")
    if settings.nsfw:
        raise fail("--nsfw has no place in a classroom: a room never checks adult sites")
    bind = (host or EVERYWHERE[0]).strip("[]")
    try:
        address = ipaddress.ip_address("127.0.0.1" if bind == "localhost" else bind)
    except ValueError:
        raise fail(f"--host {host!r} is not an IP address (leave it out to let the room's phones in)") from None
    try:
        sock = socket.create_server(
            (str(address), port), family=socket.AF_INET6 if address.version == 6 else socket.AF_INET
        )
    except OSError as exc:
        raise fail(f"cannot listen on {bind}:{port}: {exc.strerror}", 1) from None
    port = sock.getsockname()[1]
    everywhere = str(address) in EVERYWHERE
    lan = lan_address() if everywhere else None
    public_host = (lan or "127.0.0.1") if everywhere else str(address)
    # The key never crosses the school's Wi-Fi: the presenter's page is opened on this laptop when it can be.
    present_host = "127.0.0.1" if everywhere or address.is_loopback else str(address)

    import uvicorn

    from footprint.web.room import create_room_app

    public = f"http://{_url_host(public_host)}:{port}"
    web, room = create_room_app(settings, public=public, hosts={public_host, str(address)})
    typer.echo(f"present: http://{_url_host(present_host)}:{port}/room?key={room.key}")
    typer.echo(f"join: {public}/join/{room.code}")
    say("Open the present address on the projector. Students open the join address, or scan its QR code.")
    if everywhere and lan is None:
        say("No local network found: only this computer can join. Connect to the room's Wi-Fi and start again.")
    if os.environ.get("GITHUB_TOKEN"):
        say("GitHub: your GITHUB_TOKEN is used for everyone's checks.")
    else:
        say("No GITHUB_TOKEN: GitHub answers this whole network 60 times an hour (about 15 checks).")
    say("Getting the room ready...")
    room.warm()
    say("Ready. Press Ctrl+C to close the room; everything in it is forgotten.")

    class RoomServer(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # Streams to the projector and the phones never end by themselves: end them, then shut down.
            try:
                asyncio.get_running_loop().call_soon_threadsafe(room.close)
            except RuntimeError:
                room.close()
            super().handle_exit(sig, frame)

    server = RoomServer(uvicorn.Config(web, log_level="warning", lifespan="off", timeout_graceful_shutdown=2))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn hands Ctrl-C back once it has shut down: it is how a room ends
        pass
    say("The room is closed. Nothing from it was kept.")
