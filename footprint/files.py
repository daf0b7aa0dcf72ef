"""Every file footprint writes for the user: owner-only from the first byte, and never through a symlink.

A report is a map of one person's exposure, so on a shared computer nobody else may read it. Writing to a
temporary file in the same folder and renaming it over the target means a symlink planted at the target
path is replaced, not followed, and a reader never sees half a file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_private(path: Path, data: bytes | str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def private_dir(path: Path) -> None:
    """A folder for footprint's own files: created owner-only (an existing folder is left as the user made it)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
