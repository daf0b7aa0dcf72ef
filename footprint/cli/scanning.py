"""Running the scanner from a command: the store, the progress bar, Ctrl-C, and 'nothing answered'."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from footprint.cli.app import console, fail, say
from footprint.cli.messages import count, message
from footprint.settings import ScanSettings, SettingsError

if TYPE_CHECKING:
    from footprint.model import Report, Target
    from footprint.scanner import Scanner
    from footprint.store import Store


def target(handle: str) -> Target:
    from footprint.handles import InvalidHandle, normalise_handle
    from footprint.model import Target

    try:
        return Target(normalise_handle(handle))
    except InvalidHandle as exc:
        raise fail(str(exc)) from None


@contextmanager
def opened_store() -> Iterator[Store]:
    from footprint.store import Store

    try:
        store = Store()
    except (OSError, sqlite3.Error) as exc:
        raise fail(message("no_store", reason=exc), 1) from None
    try:
        yield store
    finally:
        store.close()


def scanner(settings: ScanSettings, store: Store | None = None) -> Scanner:
    from footprint.scanner import Scanner

    try:
        return Scanner(settings, store=store)
    except SettingsError as exc:  # an unknown --site or endpoint, a bad site list
        raise fail(str(exc)) from None


def run(scan: Scanner, who: Target, show_progress: bool, retry_hint: str) -> Report:
    """One scan with a progress bar on stderr; `retry_hint` ends the 'nothing answered' line."""
    import asyncio

    from footprint.cli.progress import ScanProgress
    from footprint.scanner import NothingReachable, NothingStored

    shown = ScanProgress(console(stderr=True), enabled=show_progress and scan.settings.progress)
    try:
        with shown:
            report = asyncio.run(scan.scan(who, on_event=shown))
        for notice in scan.notices:
            say(notice)
        return report
    except NothingStored as exc:
        raise fail(str(exc), 1) from None
    except NothingReachable as exc:
        raise fail(message("nothing_reached", reason=exc, hint=retry_hint), 1) from None
    except KeyboardInterrupt:
        if scan.store is None:
            raise fail(message("interrupted"), 130) from None
        kept = len(scan.store.accounts(who.handle))
        raise fail(message("interrupted_kept", results=count(kept, "result")), 130) from None
