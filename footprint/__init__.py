"""footprint: how the harmless-looking fragments a handle shows add up to identity-theft risk.

    >>> import footprint
    >>> report = footprint.scan("jessmcr2011", demo=True)   # the built-in demo network: no request leaves
    >>> report.score, [c.capability.title for c in report.capabilities if c.satisfied][:1]

`scan(handle, *, demo=False, **settings)` runs a whole scan and returns a Report; `await scan_async(...)` does
the same inside a running event loop. The settings are ScanSettings' fields (timeout, deadline, proxy, endpoints,
allow_private, networks, sites_file, only_list, depth, offline, fresh, name, ...). `Report.to_dict()` is exactly
what `footprint scan --json` writes and `Report.from_dict()` reads it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from footprint.version import __version__

__all__ = ["Report", "ScanSettings", "scan", "scan_async", "__version__"]

if TYPE_CHECKING:
    from footprint.model import Report
    from footprint.settings import ScanSettings


def __getattr__(name: str) -> Any:
    # Lazy: `footprint --help` must not pay for importing the scanner, httpx and spaCy.
    if name == "Report":
        from footprint.model import Report

        return Report
    if name == "ScanSettings":
        from footprint.settings import ScanSettings

        return ScanSettings
    raise AttributeError(f"module 'footprint' has no attribute {name!r}")


async def scan_async(handle: str, *, demo: bool = False, store: bool = False, **settings: Any) -> Report:
    """Scan HANDLE inside a running event loop. `store=True` keeps the answers in the local store (as the
    command does); `offline=True` replays them and needs it."""
    from footprint.handles import normalise_handle
    from footprint.model import Target
    from footprint.scanner import Scanner
    from footprint.settings import ScanSettings

    target = Target(normalise_handle(handle))
    config = ScanSettings.of(demo=demo, **settings)
    if store or config.offline:
        from footprint.store import Store

        with Store() as kept:
            return await Scanner(config, store=kept).scan(target)
    return await Scanner(config).scan(target)


def scan(handle: str, *, demo: bool = False, store: bool = False, **settings: Any) -> Report:
    """Scan HANDLE and return the Report (for code that is not already inside an event loop)."""
    import asyncio

    return asyncio.run(scan_async(handle, demo=demo, store=store, **settings))
