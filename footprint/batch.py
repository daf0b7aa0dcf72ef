"""`footprint batch`: a careers adviser's list of consenting students, scanned and reviewed one row each.

Rows are read first and checked before any request: a bad row is reported and skipped, never stops the
batch. Scans run with bounded concurrency; each finished person is saved to the local store at once, so a
batch stopped half way resumes where it was (rows already in the store are not scanned again)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from footprint.files import write_private
from footprint.handles import InvalidHandle, normalise_handle
from footprint.model import Report, Target
from footprint.scanner import Scanner, unreachable

MAX_ROWS = 2000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COLUMNS = ("handle", "name", "email")


class BatchFileError(Exception):
    """The file as a whole cannot be used (missing, not text, no rows)."""


@dataclass
class Row:
    line: int  # line number in the file, as a spreadsheet shows it
    handle: str = ""
    name: str = ""
    email: str = ""
    problem: str = ""  # why the row is skipped ("" for a good row)


@dataclass
class Outcome:
    row: Row
    status: str  # "done", "resumed" (from the store), "bad row", "error"
    score: int | None = None
    worst: str = ""  # the most severe unlocked capability
    review: str = ""  # pass / warn / fail / incomplete
    counts: dict[str, int] = field(default_factory=dict)
    checked: str = ""  # "31 of 34": networks that answered, of those asked
    shortfall: str = ""  # why too little could be checked to vouch for this person ('' when enough)
    report_file: str = ""
    detail: str = ""
    report: Report | None = None


def read_rows(path: Path) -> list[Row]:
    """Rows as a spreadsheet writes them: comma, semicolon or tab separated (sniffed), with or without a
    header row naming the columns in any order. A file with no usable row is an error, not an empty batch."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchFileError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchFileError(f"{path} is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8'") from None
    lines = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    rows: list[Row] = []
    order = list(COLUMNS)
    header = False
    seen: dict[str, int] = {}
    for number, cells in enumerate(lines, 1):
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        named = [c.casefold() for c in cells]
        if not rows and not header and "handle" in named:  # a header row names the columns, in any order
            order, header = named, True
            continue
        row = Row(number)
        values = dict(zip(order, cells, strict=False))
        extra = [c for c in cells[len(order) :] if c]
        row.name, row.email = values.get("name", ""), values.get("email", "")
        try:
            row.handle = normalise_handle(values.get("handle", ""))
        except InvalidHandle as exc:
            row.handle = values.get("handle", "")
            row.problem = str(exc).split(":")[0]
        if not row.problem and row.email and not _EMAIL.match(row.email):
            row.problem = f"{row.email!r} is not an email address"
        if not row.problem and extra:
            row.problem = f"{len(cells)} columns; expected at most {len(order)} ({', '.join(order)})"
        if not row.problem and row.handle.casefold() in seen:
            row.problem = f"the same handle as line {seen[row.handle.casefold()]}"
        if not row.problem:
            seen[row.handle.casefold()] = number
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise BatchFileError(f"{path} has more than {MAX_ROWS} rows; split it into smaller files")
    if not rows:
        raise BatchFileError(f"{path} has no rows. Put one handle on each line (a name and email may follow it)")
    if all(r.problem for r in rows):
        first = rows[0]
        raise BatchFileError(
            f"{path} has no usable row: all {len(rows)} were skipped (line {first.line}: {first.problem}). "
            "Put one handle on each line, or name the columns in a first row (handle,name,email)"
        )
    return rows


def _delimiter(text: str) -> str:
    """Comma, semicolon (what spreadsheets write where the comma is the decimal sign) or tab, whichever
    the data lines agree on; a one-column file has none, and comma reads it."""
    sample = "\n".join(line for line in text.splitlines()[:50] if line.strip() and not line.lstrip().startswith("#"))
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def worst_capability(report: Report) -> str:
    unlocked = [c for c in report.capabilities if c.satisfied]
    return max(unlocked, key=lambda c: c.capability.severity).capability.title if unlocked else ""


def summarise(outcome: Outcome, report: Report) -> Outcome:
    outcome.report = report
    outcome.score = report.score
    outcome.worst = worst_capability(report)
    if report.coverage is not None:
        outcome.checked = f"{report.coverage.answered} of {report.coverage.networks}"
        outcome.shortfall = report.coverage.shortfall()
    if report.review is not None:
        outcome.review = report.review.result
        outcome.counts = report.review.counts()
    return outcome


def safe_name(handle: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", handle)


def stored_report(store: Any, handle: str) -> Report | None:
    """A finished report from an earlier run of the batch, if the store has one in today's format."""
    data = store.report(handle)
    try:
        return Report.from_dict(data) if data is not None else None
    except (ValueError, KeyError, TypeError):  # an older format: scan again
        return None


async def run_batch(
    rows: list[Row],
    out_dir: Path,
    scanner: Scanner,
    concurrency: int = 4,
    fresh: bool = False,
    redact: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Scans every good row (at most `concurrency` at once), reviews it and writes its report."""
    limit = asyncio.Semaphore(concurrency)
    outcomes: dict[int, Outcome] = {}

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.row.line] = outcome
        if on_done is not None:
            on_done(outcome)

    async def one(row: Row) -> None:
        outcome = Outcome(row, "done", report_file=f"{safe_name(row.handle)}.json")
        stored = None if fresh or scanner.store is None else stored_report(scanner.store, row.handle)
        if stored is not None and stored.review is not None:
            outcome.status = "resumed"
            write_outputs(out_dir, row.handle, stored, redact)
            finish(summarise(outcome, stored))
            return
        async with limit:
            try:
                accounts = await scanner.collect(Target(row.handle))
            except Exception as exc:  # one person's failure never stops the batch
                finish(Outcome(row, "error", detail=f"{type(exc).__name__}: {exc}"))
                return
        if (reasons := unreachable(accounts, most=3)) is not None:
            finish(Outcome(row, "error", detail=f"could not reach any network ({reasons})"))
            return
        # analysis is CPU work on the event loop's thread: spaCy pipelines are not shared across threads
        report = scanner.analyse(Target(row.handle), accounts, name=row.name or None)
        if scanner.store is not None:
            scanner.store.save_report(row.handle, report.to_dict())
        write_outputs(out_dir, row.handle, report, redact)
        finish(summarise(outcome, report))

    for row in rows:
        if row.problem:
            finish(Outcome(row, "bad row", detail=row.problem))
    await asyncio.gather(*(one(r) for r in rows if not r.problem))
    return [outcomes[r.line] for r in rows]


def html_name(handle: str) -> str:
    return f"{safe_name(handle)}.html"


def write_outputs(out_dir: Path, handle: str, report: Report, redact: bool) -> None:
    """The person's JSON report and printable HTML report (with the review), owner-only."""
    from reports import html_report, json_report

    write_private(out_dir / f"{safe_name(handle)}.json", json_report.render(report))
    write_private(out_dir / html_name(handle), html_report.render(report, redact=redact, with_review=True))


SUMMARY_FIELDS = [
    "line",
    "handle",
    "name",
    "email",
    "status",
    "score",
    "checked",
    "worst_capability",
    "review",
    "fail",
    "warn",
    "pass",
    "report",
    "html",
    "detail",
]


def summary_rows(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    return [
        {
            "line": o.row.line,
            "handle": o.row.handle,
            "name": o.row.name,
            "email": o.row.email,
            "status": o.status,
            "score": "" if o.score is None else o.score,
            "checked": o.checked,
            "worst_capability": o.worst,
            "review": o.review,
            "fail": o.counts.get("fail", ""),
            "warn": o.counts.get("warn", ""),
            "pass": o.counts.get("pass", ""),
            "report": o.report_file if o.status in ("done", "resumed") else "",
            "html": html_name(o.row.handle) if o.status in ("done", "resumed") else "",
            "detail": "; ".join(x for x in (o.detail, o.shortfall) if x),
        }
        for o in outcomes
    ]


def write_summary_csv(path: Path, outcomes: list[Outcome]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, SUMMARY_FIELDS)
    writer.writeheader()
    for row in summary_rows(outcomes):
        # a cell starting with = + - @ would run as a formula when the adviser opens the file
        writer.writerow(
            {k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@\t\r" else v) for k, v in row.items()}
        )
    write_private(path, buffer.getvalue())
