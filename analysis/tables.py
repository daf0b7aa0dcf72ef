"""Derived tables kept in footprint's cache (footprint/paths.py): built once from a data package, then read back.

Parsing a data package's own files costs tenths of a second on every run; a compact JSON copy of only what
footprint reads loads in a few hundredths. Each copy is named by the package's version (and whatever else
it is derived from), so an upgrade or an edited rule file builds it again. Files are owner-only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from footprint import files, paths


def _cache_dir() -> Path | None:
    try:
        path = paths.cache()
        if paths.may_write():  # in a room nothing is saved: a table already there is read, else built in memory
            files.private_dir(path)
        return path
    except OSError:
        return None


def cached(name: str, version: str, build: Callable[[], Any]) -> Any:
    """Load a derived table from the cache, or build it and try to save it (a read-only disk is fine)."""
    cache = _cache_dir()
    path = cache / f"{name}-{version}.json" if cache else None
    if path and path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = build()
    if path and paths.may_write():
        try:
            files.write_private(path, json.dumps(data, separators=(",", ":")))
        except OSError:
            pass
    return data


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "missing"
