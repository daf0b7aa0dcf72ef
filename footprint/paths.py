"""Where footprint keeps files: the one module that decides every location.

- home: the personal data footprint keeps (the store, the downloaded community site list). FOOTPRINT_HOME
  overrides it; otherwise the user's cache directory, since all of it can be rebuilt by scanning again.
- cache: tables derived from installed packages (the gazetteers), nothing about anyone. FOOTPRINT_CACHE
  overrides it; otherwise a folder inside home, so pointing FOOTPRINT_HOME elsewhere moves everything.

A classroom room (`footprint serve --room`) promises that nothing is written to disk: the work it does runs
inside `nothing_written()`, and whatever would save a file asks `may_write()` first (it may still read).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

STORE_FILE = "footprint.sqlite"
COMMUNITY_LIST_FILE = "wmn-data.json"
SITE_HEALTH_FILE = "site-health.json"
# A context variable, not a global: it follows a room's own tasks (and the threads they hand analysis to,
# asyncio.to_thread copies it) and nothing else in the process.
_WRITES: ContextVar[bool] = ContextVar("footprint_writes", default=True)


@contextmanager
def nothing_written() -> Iterator[None]:
    """Within this block (and the tasks and worker threads it starts), footprint saves no file."""
    token = _WRITES.set(False)
    try:
        yield
    finally:
        _WRITES.reset(token)


def may_write() -> bool:
    return _WRITES.get()


def home() -> Path:
    override = os.environ.get("FOOTPRINT_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("footprint", appauthor=False))


def cache() -> Path:
    override = os.environ.get("FOOTPRINT_CACHE")
    return Path(override).expanduser() if override else home() / "cache"


def store_file() -> Path:
    return home() / STORE_FILE


def community_list() -> Path:
    return home() / COMMUNITY_LIST_FILE


def community_attempt() -> Path:
    """When a scan last tried to fetch the community list (its mtime): at most one try a day."""
    return home() / (COMMUNITY_LIST_FILE + ".tried")


def site_health() -> Path:
    """What `footprint sites check` last found about each site-list rule (works or broken, and when)."""
    return home() / SITE_HEALTH_FILE
