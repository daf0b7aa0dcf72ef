"""`footprint batch`: a careers adviser's list of consenting students, scanned and reviewed one row each.

Rows are read first and checked before any request: a bad row is reported and skipped, never stops the
batch. Scans run with bounded concurrency; each finished person is saved to the local store at once, so a
batch stopped half way resumes where it was (rows already in the store are not scanned again)."""
from __future__ import annotations

import asyncio
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import httpx

from footprint.handles import InvalidHandle, normalise_handle

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
    review: str = ""  # pass / warn / fail
    counts: dict[str, int] = field(default_factory=dict)
    report_file: str = ""
    detail: str = ""
    report: dict[str, Any] | None = None


def read_rows(path: Path) -> list[Row]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchFileError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchFileError(f"{path} is not UTF-8 text; save it from your spreadsheet as 'CSV UTF-8'") from None
    lines = list(csv.reader(io.StringIO(text)))
    rows: list[Row] = []
    order = list(COLUMNS)
    seen: dict[str, int] = {}
    for number, cells in enumerate(lines, 1):
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not rows and not seen and cells[0].casefold() == "handle":  # a header row names the columns
            order = [c.casefold() for c in cells]
            continue
        row = Row(number)
        values = dict(zip(order, cells))
        extra = [c for c in cells[len(order):] if c]
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
        raise BatchFileError(f"{path} has no rows; put one handle per line (optionally: handle,name,email)")
    return rows


def worst_capability(report: dict[str, Any]) -> str:
    unlocked = [c for c in report.get("capabilities", []) if c.get("satisfied")]
    if not unlocked:
        return ""
    return max(unlocked, key=lambda c: c.get("severity", 0))["title"]


def summarise(outcome: Outcome, report: dict[str, Any]) -> Outcome:
    outcome.report = report
    outcome.score = report.get("score")
    outcome.worst = worst_capability(report)
    professional = report.get("professional") or {}
    outcome.review = professional.get("result", "")
    outcome.counts = professional.get("counts", {})
    return outcome


def safe_name(handle: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", handle)


async def run_batch(
    rows: list[Row],
    out_dir: Path,
    store: Any,
    options: Any,
    transport: httpx.AsyncBaseTransport | None = None,
    concurrency: int = 4,
    fresh: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Scans every good row (at most `concurrency` at once), reviews it and writes its report."""
    from analysis.professional import review
    from footprint.model import Target
    from footprint.pipeline import analyse, collect, unreachable

    limit = asyncio.Semaphore(concurrency)
    outcomes: dict[int, Outcome] = {}

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.row.line] = outcome
        if on_done is not None:
            on_done(outcome)

    async def one(row: Row) -> None:
        outcome = Outcome(row, "done", report_file=f"{safe_name(row.handle)}.json")
        stored = None if fresh else store.report(row.handle)
        if stored is not None and "professional" in stored:
            outcome.status = "resumed"
            write_report(out_dir, outcome.report_file, stored)
            if not (out_dir / html_name(row.handle)).exists():  # rebuilt from the stored results: no request
                report, _ = analyse(Target(row.handle), store.accounts(row.handle))
                write_html(out_dir, row.handle, report, stored["professional"])
            finish(summarise(outcome, stored))
            return
        async with limit:
            try:
                accounts = await collect(Target(row.handle), options, transport, store=store)
            except Exception as exc:  # one person's failure never stops the batch
                finish(Outcome(row, "error", detail=f"{type(exc).__name__}: {exc}"))
                return
        if (reasons := unreachable(accounts, most=3)) is not None:
            finish(Outcome(row, "error", detail=f"could not reach any network ({reasons})"))
            return
        # analysis is CPU work on the event loop's thread: spaCy pipelines are not shared across threads
        report, _ = analyse(Target(row.handle), accounts)
        data = {**report.to_dict(), "professional": review(report, expected_name=row.name or None).to_dict()}
        store.save_report(row.handle, data)
        write_report(out_dir, outcome.report_file, data)
        write_html(out_dir, row.handle, report, data["professional"])
        finish(summarise(outcome, data))

    for row in rows:
        if row.problem:
            finish(Outcome(row, "bad row", detail=row.problem))
    await asyncio.gather(*(one(r) for r in rows if not r.problem))
    return [outcomes[r.line] for r in rows]


def html_name(handle: str) -> str:
    return f"{safe_name(handle)}.html"


def write_html(out_dir: Path, handle: str, report: Any, professional: dict[str, Any]) -> None:
    from reports import html_report

    html_report.write(report, out_dir / html_name(handle), professional=professional)


def write_report(out_dir: Path, name: str, data: dict[str, Any]) -> None:
    import json

    (out_dir / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


SUMMARY_FIELDS = ["line", "handle", "name", "email", "status", "score", "worst_capability", "review", "fail", "warn", "pass", "report", "html", "detail"]


def summary_rows(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    return [{
        "line": o.row.line, "handle": o.row.handle, "name": o.row.name, "email": o.row.email, "status": o.status,
        "score": "" if o.score is None else o.score, "worst_capability": o.worst, "review": o.review,
        "fail": o.counts.get("fail", ""), "warn": o.counts.get("warn", ""), "pass": o.counts.get("pass", ""),
        "report": o.report_file if o.status in ("done", "resumed") else "",
        "html": html_name(o.row.handle) if o.status in ("done", "resumed") else "", "detail": o.detail,
    } for o in outcomes]


def write_summary_csv(path: Path, outcomes: list[Outcome]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, SUMMARY_FIELDS)
        writer.writeheader()
        for row in summary_rows(outcomes):
            # a cell starting with = + - @ would run as a formula when the adviser opens the file
            writer.writerow({k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@\t\r" else v) for k, v in row.items()})

