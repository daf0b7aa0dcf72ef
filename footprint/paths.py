"""Where footprint keeps files: the one module that decides every location.

- home: the personal data footprint keeps (the store, the downloaded community site list). FOOTPRINT_HOME
  overrides it; otherwise the user's cache directory, since all of it can be rebuilt by scanning again.
- cache: tables derived from installed packages (the gazetteers), nothing about anyone. FOOTPRINT_CACHE
  overrides it; otherwise a folder inside home, so pointing FOOTPRINT_HOME elsewhere moves everything.
"""

from __future__ import annotations

import os
from pathlib import Path

STORE_FILE = "footprint.sqlite"
COMMUNITY_LIST_FILE = "wmn-data.json"


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
