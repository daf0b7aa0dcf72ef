"""The `footprint` command's frame: the Typer app, its consoles, and how a failure ends.

Every failure a user can cause ends in one line and a non-zero exit; a bug of ours too, unless
FOOTPRINT_DEBUG=1 asks for the traceback. Commands live in the modules beside this one.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from footprint.cli.messages import message
from footprint.version import __version__

if TYPE_CHECKING:
    from rich.console import Console

# The order `footprint --help` lists the commands in: what people reach for first.
ORDER = ("scan", "demo", "review", "password", "batch", "import", "text", "serve", "sites", "forget", "doctor")


class _Ordered(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))


app = typer.Typer(
    cls=_Ordered,
    help="See what your handle shows the world, and how the pieces add up to identity-theft risk.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
COLOR = {"on": True}  # --no-color turns it off for every console we make


def color() -> bool:
    return COLOR["on"] and "NO_COLOR" not in os.environ


def console(stderr: bool = False) -> Console:
    """Every console footprint prints to: plain (no colour and no other escape codes) under --no-color or NO_COLOR."""
    from rich.console import Console

    if not color():
        return Console(stderr=stderr, color_system=None, no_color=True, highlight=False)
    return Console(stderr=stderr, highlight=False)


def say(message: str, stderr: bool = True, style: str | None = None) -> None:
    """One line for the user: it may quote a stranger's words, so it is never read as markup and any escape
    sequence in it is shown, not acted on (reports/plain.py)."""
    from reports.plain import plain

    console(stderr).print(plain(message, keep_lines=True), markup=False, highlight=False, soft_wrap=True, style=style)


def fail(message: str, code: int = 2) -> typer.Exit:
    say(f"footprint: {message}")
    return typer.Exit(code)


@app.callback(invoke_without_command=True)
def _global(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour in the output (NO_COLOR=1 does the same).")
    ] = False,
) -> None:
    if no_color:
        COLOR["on"] = False
    if version:
        typer.echo(f"footprint {__version__}")
        raise typer.Exit()


def _no_color_first(args: list[str]) -> list[str]:
    """People type the flag after the command too (`footprint demo jess --no-color`): it is the app's, so it moves
    to the front, where the app reads it. After `--` every word is a value, and stays."""
    cut = args.index("--") if "--" in args else len(args)
    if "--no-color" not in args[:cut]:
        return args
    return ["--no-color", *[a for i, a in enumerate(args) if i >= cut or a != "--no-color"]]


def _without_httpx_cli() -> None:
    """httpx imports its own command line (click, pygments and more of rich: a twentieth of a second) only to
    export `httpx.main`, which footprint never calls. In footprint's own process that import is refused, and
    httpx falls back to the stand-in it keeps for a missing extra."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def main() -> None:
    _without_httpx_cli()
    try:
        app(args=_no_color_first(sys.argv[1:]))
    except KeyboardInterrupt:
        say("footprint: " + message("interrupted"))
        sys.exit(130)
    except Exception as exc:  # a bug of ours: one line, not a traceback; FOOTPRINT_DEBUG=1 shows it all
        if os.environ.get("FOOTPRINT_DEBUG"):
            raise
        say("footprint: " + message("internal_error", kind=type(exc).__name__, detail=exc))
        sys.exit(1)
