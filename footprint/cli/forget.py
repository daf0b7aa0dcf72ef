"""`footprint forget`: delete everything the local store keeps about a handle."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from footprint.cli import scanning
from footprint.cli.app import app


@app.command()
def forget(
    handle: Annotated[str, typer.Argument(help="The handle whose stored responses, results and history to delete.")],
) -> None:
    """Delete everything the local store keeps about HANDLE, and say how much was removed."""
    who = scanning.target(handle)
    with scanning.opened_store() as store:
        counts = store.forget(who.handle)
    total = sum(counts.values())
    if not total:
        typer.echo(f"Nothing stored about {who.handle}.")
        return
    parts = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    typer.echo(f"Forgot {who.handle}: removed {parts} from {os.environ.get('FOOTPRINT_HOME') or 'the local store'}.")
