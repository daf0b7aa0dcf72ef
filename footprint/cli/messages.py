"""What the commands say, read from messages.json beside this file: one place for the words, so they can be
measured (tests/test_readability.py). The template is ours; what fills it may be a stranger's, and is never
read as a template itself."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    return json.loads((Path(__file__).parent / "messages.json").read_text(encoding="utf-8"))


def message(key: str, **values: Any) -> str:
    return _table()[key].format(**values)


def count(n: int, word: str) -> str:
    """'1 file', '3 files'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
