"""Rule patterns compiled once per machine, not once per run.

The context rules expand into long alternations ({{job_title}} alone is 4,800 characters), and Python's
regular-expression parser is written in Python: compiling the ~200 a short text wakes is a third of a
second on every run. The parse ends in a list of integers handed to the C engine; that list is kept in
footprint's cache (footprint/paths.py, owner-only) under the pattern's hash, and later runs hand it to the
engine directly. The engine checks the code it is given, a copy is only written when the pattern rebuilt
from it equals the one `re.compile` makes (same flags, groups and code), and a missing, stale or damaged
copy falls back to `re.compile`, so what a rule matches never depends on the cache.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
from typing import Any

from footprint import files, paths

try:  # CPython's own compiler (private modules, hence imported by name): without it, compile every time
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    _sre = None

# The code's meaning changes with the interpreter, so each version has its own folder.
_FOLDER = f"patterns-{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}"


def _rebuild(source: str, entry: list[Any]) -> re.Pattern[str]:
    flags, groups, groupindex, code = entry
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, index in groupindex.items():
        indexgroup[index] = name
    return _sre.compile(source, flags, code, groups, groupindex, tuple(indexgroup))


def _entry(source: str, flags: int) -> list[Any]:
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    return [flags | parsed.state.flags, parsed.state.groups - 1, dict(parsed.state.groupdict), list(code)]


def compile(source: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile, remembered
    flags = int(flags)
    if _sre is None:
        return re.compile(source, flags)
    try:
        folder = paths.cache() / _FOLDER
    except OSError:
        return re.compile(source, flags)
    path = folder / f"{hashlib.sha1(f'{flags}:{source}'.encode()).hexdigest()}.json"
    try:
        kept, kept_flags, entry = json.loads(path.read_text(encoding="utf-8"))
        if kept == source and kept_flags == flags:
            return _rebuild(source, entry)
    except (OSError, ValueError, TypeError, RuntimeError, IndexError, KeyError):
        pass
    compiled = re.compile(source, flags)
    if paths.may_write():
        try:
            entry = _entry(source, flags)
            if _rebuild(source, entry) == compiled:
                files.private_dir(folder)
                files.write_private(path, json.dumps([source, flags, entry], separators=(",", ":")))
        except (OSError, ValueError, TypeError, RuntimeError, AttributeError):
            pass
    return compiled
