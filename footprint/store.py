"""The local store: one SQLite file in the user's cache directory.

It keeps three things, each tied to the handle it is about so `footprint forget HANDLE` can remove it all:
- raw HTTP responses with a time-to-live (record at home, replay offline at the venue);
- scan results, one row per (handle, network), written the moment each arrives so Ctrl-C keeps them;
- finished reports per handle (what a resumable `batch` looks up to skip work already done).

Every row records where it came from (its `source`): the demo network ("demo"), the real networks ("real"),
or endpoint overrides ("endpoints:github=http://…"). A Store reads and writes one source only (`of(source)`
gives the same file seen as another): demo answers never answer a real scan, `--offline`, `review` or
`batch`, and the other way round. A file written before sources were recorded is emptied when opened,
since where its answers came from cannot be known.

Where it lives is footprint/paths.py's decision (FOOTPRINT_HOME overrides it; tests use a temporary one).
It is one person's exposure, so on a shared computer nobody else may read it: the folder is owner-only
(0700) and so is the file (0600; SQLite gives its -wal and -shm files the same mode as the database).
"""

from __future__ import annotations

import copy
import json
import os
import re
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from footprint import paths
from footprint.model import Account

DEFAULT_TTL = 14 * 24 * 3600  # long enough to record at home on Sunday and replay in a workshop that week
REAL = "real"
DEMO = "demo"
VERSION = 2  # PRAGMA user_version: 2 = every row has its source
SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT NOT NULL,          -- method + URL with sorted query
    subject TEXT NOT NULL,      -- the handle the request was about (lower case)
    target TEXT NOT NULL,       -- the handle whose scan made it (lower case)
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    fetched_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    source TEXT NOT NULL,       -- where the answer came from: demo, real, or endpoints:...
    PRIMARY KEY (key, target, source)
);
CREATE TABLE IF NOT EXISTS results (
    target TEXT NOT NULL,
    network TEXT NOT NULL,
    handle TEXT NOT NULL,       -- the account's own handle (differs from target after a pivot)
    status TEXT NOT NULL,
    account TEXT NOT NULL,      -- the Account as JSON
    saved_at REAL NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (target, network, handle, source)
);
CREATE TABLE IF NOT EXISTS reports (
    target TEXT NOT NULL,
    report TEXT NOT NULL,
    saved_at REAL NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (target, source)
);
CREATE TABLE IF NOT EXISTS history (
    target TEXT NOT NULL,
    started_at REAL NOT NULL,
    finished_at REAL,
    summary TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL DEFAULT 'real'
);
"""


@dataclass
class StoredResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: float


class Store:
    """Small and synchronous: every call is one short transaction, safe to call from the event loop."""

    def __init__(self, path: Path | str | None = None, source: str = REAL) -> None:
        self.path = Path(path) if path else paths.store_file()
        self.source = source
        _owner_only(self.path)
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL still never corrupts the file; it only skips an fsync per result (a sweep saves hundreds).
            self._db.execute("PRAGMA synchronous=NORMAL")
            if self._db.execute("PRAGMA user_version").fetchone()[0] < VERSION:
                for table in ("responses", "results", "reports", "history"):  # rows of unknown origin
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.executescript(SCHEMA)
            self._db.execute(f"PRAGMA user_version={VERSION}")

    def of(self, source: str) -> Store:
        """The same file, reading and writing only rows from `source` (the connection is shared, not reopened)."""
        view = copy.copy(self)
        view.source = source
        return view

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- raw responses ---------------------------------------------------------------------------
    def save_response(
        self,
        key: str,
        target: str,
        subject: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        ttl: float = DEFAULT_TTL,
    ) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?,?,?,?,?,?,?,?,?)",
                (key, subject.lower(), target.lower(), status, json.dumps(headers), body, now, now + ttl, self.source),
            )

    def response(self, key: str, max_age: float | None = None) -> StoredResponse | None:
        """The newest unexpired response for `key`; with max_age, only one fetched that recently."""
        now = time.time()
        oldest = now - max_age if max_age is not None else 0.0
        with self._lock:
            row = self._db.execute(
                "SELECT status, headers, body, fetched_at FROM responses"
                " WHERE key=? AND source=? AND expires_at>? AND fetched_at>=? ORDER BY fetched_at DESC LIMIT 1",
                (key, self.source, now, oldest),
            ).fetchone()
        if row is None:
            return None
        return StoredResponse(row[0], json.loads(row[1]), bytes(row[2]), row[3])

    def holds(self, target: str) -> bool:
        """Whether anything from this source is stored for a scan of `target` (what --offline can replay)."""
        t = target.lower()
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM responses WHERE target=? AND source=? AND expires_at>?"
                " UNION ALL SELECT 1 FROM results WHERE target=? AND source=? LIMIT 1",
                (t, self.source, time.time(), t, self.source),
            ).fetchone()
        return row is not None

    def purge_expired(self) -> int:
        with self._lock, self._db:
            return self._db.execute("DELETE FROM responses WHERE expires_at<=?", (time.time(),)).rowcount

    # -- results ---------------------------------------------------------------------------------
    def save_account(self, target: str, account: Account) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO results VALUES (?,?,?,?,?,?,?)",
                (
                    target.lower(),
                    account.network,
                    account.handle.lower(),
                    account.status,
                    json.dumps(account.to_dict(documents=True)),
                    time.time(),
                    self.source,
                ),
            )

    def accounts(self, target: str) -> list[Account]:
        """Every result saved for a scan of `target`, in the order they arrived."""
        with self._lock:
            rows = self._db.execute(
                "SELECT account FROM results WHERE target=? AND source=? ORDER BY saved_at",
                (target.lower(), self.source),
            ).fetchall()
        return [Account.from_dict(json.loads(r[0])) for r in rows]

    def done_networks(self, target: str) -> set[str]:
        """Networks with a definite answer (found / not_found) for `target`: a resumed scan can skip them."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT network FROM results WHERE target=? AND source=? AND status IN ('found','not_found')",
                (target.lower(), self.source),
            ).fetchall()
        return {r[0] for r in rows}

    # -- finished reports (what `batch` resumes from) --------------------------------------------
    def save_report(self, target: str, report: dict[str, Any]) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO reports VALUES (?,?,?,?)",
                (target.lower(), json.dumps(report), time.time(), self.source),
            )

    def report(self, target: str, max_age: float | None = None) -> dict[str, Any] | None:
        oldest = time.time() - max_age if max_age is not None else 0.0
        with self._lock:
            row = self._db.execute(
                "SELECT report FROM reports WHERE target=? AND source=? AND saved_at>=?",
                (target.lower(), self.source, oldest),
            ).fetchone()
        return json.loads(row[0]) if row else None

    # -- history ---------------------------------------------------------------------------------
    def start_scan(self, target: str) -> int:
        with self._lock, self._db:
            row = self._db.execute(
                "INSERT INTO history (target, started_at, source) VALUES (?,?,?)",
                (target.lower(), time.time(), self.source),
            )
            return int(row.lastrowid or 0)

    def finish_scan(self, scan_id: int, summary: dict[str, Any]) -> None:
        with self._lock, self._db:
            self._db.execute(
                "UPDATE history SET finished_at=?, summary=? WHERE rowid=?", (time.time(), json.dumps(summary), scan_id)
            )

    def history(self, target: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT started_at, finished_at, summary FROM history WHERE target=? AND source=? ORDER BY started_at",
                (target.lower(), self.source),
            ).fetchall()
        return [{"started_at": r[0], "finished_at": r[1], "summary": json.loads(r[2])} for r in rows]

    # -- forget ----------------------------------------------------------------------------------
    def forget(self, handle: str) -> dict[str, int]:
        """Delete everything stored that mentions `handle`, in every table: the rows about it as a scan target
        or a pivot, and the rows of other handles that name it (another scan that pivoted to it, a stored
        answer that links to it). Those are gone whole, not edited: they can be had again by scanning again.
        Then the file is rebuilt and its write-ahead log emptied, so no deleted page keeps the words either."""
        mentions = _mention(handle)
        counts: dict[str, int] = {}
        with self._lock:
            self._db.create_function("mentions", 1, lambda value: _mentioned(mentions, value), deterministic=True)
            with self._db:
                self._db.execute("PRAGMA secure_delete=ON")
                tables = [r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
                for table in tables:
                    columns = [r[1] for r in self._db.execute(f'PRAGMA table_info("{table}")')]
                    where = " OR ".join(f'mentions("{c}")' for c in columns)
                    counts[table] = self._db.execute(f'DELETE FROM "{table}" WHERE {where}').rowcount
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {k: counts.get(k, 0) for k in ("responses", "results", "reports", "history")} | {
            k: n for k, n in counts.items() if k not in ("responses", "results", "reports", "history")
        }


def _owner_only(path: Path) -> None:
    """The store's folder 0700 and its files 0600, made so before SQLite opens them (it copies the database
    file's mode to its -wal and -shm files); an older store is tightened, a symlink is never followed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = os.stat(path.parent)
    # an older store's folder is tightened; a shared folder (sticky, like /tmp) or someone else's is left alone
    if folder.st_uid == os.geteuid() and not folder.st_mode & stat.S_ISVTX and folder.st_mode & 0o077:
        os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for extra in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + extra)
        if side.exists() and not side.is_symlink():
            os.chmod(side, 0o600)


def _mention(handle: str) -> re.Pattern[str]:
    """The handle as a whole name, in any case: `bob` in "github:bob" or "keybase.io/bob", not in "bobby"."""
    return re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(handle)}(?![A-Za-z0-9_-])", re.IGNORECASE)


def _mentioned(mentions: re.Pattern[str], value: object) -> bool:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return isinstance(value, str) and mentions.search(value) is not None
