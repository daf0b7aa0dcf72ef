"""The options every scanning command shares, declared once.

`@scan_options(...)` adds the chosen groups of options to a command and hands it a checked `ScanSettings`
(and, with `output=True`, an `Output`), so `scan`, `review`, `batch`, `demo` and `serve` cannot drift apart:
an option added here reaches every command that scans.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from footprint.cli.app import color, fail
from footprint.cli.messages import message
from footprint.settings import ScanSettings, SettingsError, parse_endpoints

GRAPH_FORMATS = (".graphml", ".gexf")


@dataclass(frozen=True)
class Output:
    """Where a report goes besides the terminal."""

    as_json: bool = False
    json_file: Path | None = None
    html: Path | None = None
    graph: Path | None = None


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


NETWORK = [
    _option(
        "endpoint",
        Annotated[
            list[str], typer.Option("--endpoint", help="Point a network at another base URL: NETWORK=URL (repeatable).")
        ],
        [],
    ),
    _option(
        "allow_private",
        Annotated[
            bool,
            typer.Option(
                "--allow-private",
                help="Allow loopback and private addresses, only at the hosts of the --endpoint and --sites URLs given.",
            ),
        ],
        False,
    ),
    _option(
        "site",
        Annotated[
            list[str],
            typer.Option("--site", help="Only check these networks (repeatable); see `footprint sites list`."),
        ],
        [],
    ),
    _option(
        "timeout", Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each request.")], 10.0
    ),
    _option(
        "deadline",
        Annotated[
            float,
            typer.Option(
                "--deadline", min=1.0, help="Seconds for the whole scan; checks still running then are `unknown`."
            ),
        ],
        90.0,
    ),
    _option(
        "depth",
        Annotated[
            int, typer.Option("--depth", min=0, max=3, help="Follow links to other accounts this many hops (0: none).")
        ],
        1,
    ),
    _option(
        "sites",
        Annotated[
            Path | None,
            typer.Option("--sites", help="Use this site list (WhatsMyName format) instead of the built-in ones."),
        ],
        None,
    ),
    _option(
        "only_list",
        Annotated[
            bool,
            typer.Option("--only-list", help="Run only the site-list existence checks, like other username checkers."),
        ],
        False,
    ),
    _option(
        "nsfw",
        Annotated[
            bool,
            typer.Option("--nsfw", help="Also check adult (NSFW) sites of the site list; they are left out otherwise."),
        ],
        False,
    ),
    _option(
        "proxy",
        Annotated[
            str | None,
            typer.Option(
                "--proxy", "-p", help="Send requests through this proxy, e.g. socks5://127.0.0.1:9050 for Tor."
            ),
        ],
        None,
    ),
    _option(
        "offline",
        Annotated[
            bool, typer.Option("--offline", help="Answer only from responses stored by an earlier scan; no network.")
        ],
        False,
    ),
    _option(
        "fresh",
        Annotated[bool, typer.Option("--fresh", help="Ignore stored responses and ask every network again.")],
        False,
    ),
    _option(
        "update_sites",
        Annotated[
            bool,
            typer.Option(
                "--update/--no-update",
                help="Fetch the community site list when it is missing or a week old (at most daily).",
            ),
        ],
        True,
    ),
    _option(
        "progress",
        Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")],
        True,
    ),
]
DEMO = [
    _option(
        "demo",
        Annotated[bool, typer.Option("--demo", help="Use the built-in demo network of fictional personas (offline).")],
        False,
    )
]
REDACT = [
    _option(
        "redact",
        Annotated[
            bool,
            typer.Option(
                "--redact", help='Mask every value ("J*** H******") in what is shown and written: for a shared screen.'
            ),
        ],
        False,
    )
]
OUTPUT = [
    _option(
        "as_json",
        Annotated[
            bool, typer.Option("--json", help="Write the JSON report to stdout (or to --output) and nothing else.")
        ],
        False,
    ),
    _option(
        "output",
        Annotated[Path | None, typer.Option("--output", "-o", help="Write the JSON report to this file (owner-only).")],
        None,
    ),
    _option(
        "html",
        Annotated[
            Path | None,
            typer.Option("--html", help="Also write a self-contained HTML report to this file (owner-only)."),
        ],
        None,
    ),
    _option(
        "graph",
        Annotated[
            Path | None,
            typer.Option("--graph", help="Also write the exposure graph to FILE (.graphml or .gexf, for Gephi)."),
        ],
        None,
    ),
]


def scan_options(
    *,
    network: bool = True,
    demo: bool = False,
    redact: bool = True,
    output: bool = True,
    fixed: dict[str, Any] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command the chosen option groups; it receives `settings: ScanSettings` (and `out: Output`).
    `fixed` are settings the command decides itself (the demo command's demo=True)."""
    groups = [
        *(NETWORK if network else []),
        *(DEMO if demo else []),
        *(REDACT if redact else []),
        *(OUTPUT if output else []),
    ]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)
        hints = typing.get_type_hints(func, include_extras=True)  # Typer needs the annotations as objects
        own = [
            p.replace(annotation=hints.get(p.name, p.annotation))
            for p in signature.parameters.values()
            if p.name not in ("settings", "out")
        ]

        @functools.wraps(func)
        def command(**values: Any) -> Any:
            shared = {p.name: values.pop(p.name) for p in groups}
            if output:
                values["out"] = _output(shared)
            values["settings"] = _settings(shared, fixed or {})
            return func(**values)

        command.__signature__ = signature.replace(parameters=own + groups)  # type: ignore[attr-defined]
        return command

    return decorate


def _output(shared: dict[str, Any]) -> Output:
    graph = shared.pop("graph")
    if graph is not None and graph.suffix.casefold() not in GRAPH_FORMATS:
        raise fail(message("graph_file", name=repr(graph.name)))
    return Output(as_json=shared.pop("as_json"), json_file=shared.pop("output"), html=shared.pop("html"), graph=graph)


def _settings(shared: dict[str, Any], fixed: dict[str, Any]) -> ScanSettings:
    values: dict[str, Any] = {"color": color(), **fixed}
    try:
        if "endpoint" in shared:
            sites = shared.pop("sites")
            values.update(
                endpoints=parse_endpoints(shared.pop("endpoint")),
                networks=tuple(shared.pop("site")),
                sites_file=str(sites) if sites else None,
                **{
                    k: shared.pop(k)
                    for k in (
                        "allow_private",
                        "timeout",
                        "deadline",
                        "depth",
                        "only_list",
                        "nsfw",
                        "proxy",
                        "offline",
                        "fresh",
                        "update_sites",
                        "progress",
                    )
                },
            )
        values.update(shared)  # demo, redact
        settings = ScanSettings.of(**values)
    except SettingsError as exc:
        raise fail(str(exc)) from None
    if settings.proxy and settings.proxy.startswith("socks"):
        try:
            import socksio  # noqa: F401  (httpx's SOCKS support)
        except ImportError:
            raise fail(message("socks")) from None
    return settings
