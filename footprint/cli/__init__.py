"""The `footprint` command. Each module here registers its commands on the one Typer app (footprint/cli/app.py);
none imports the scanner, httpx or spaCy until its command runs, so `footprint --help` stays instant."""

from __future__ import annotations

from footprint.cli import careers, forget, password, scan, serve, sites, text  # noqa: F401  (they register their commands)
from footprint.cli.app import app, main

__all__ = ["app", "main"]
