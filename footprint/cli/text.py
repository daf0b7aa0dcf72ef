"""`footprint text` (what a piece of text gives away) and `footprint doctor` (which pipeline is in use)."""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path
from typing import Annotated

import typer

from footprint.cli.app import app, console, fail
from footprint.cli.messages import message
from footprint.version import __version__

MAX_TEXT_BYTES = 5_000_000  # a paste or a file of posts, not a disk image


def _nlp():
    from analysis.nlp import PipelineError, get_nlp

    try:
        return get_nlp()
    except PipelineError as exc:
        raise fail(str(exc), 1) from None


def _read(source: str) -> str:
    if source == "-":
        if sys.stdin.isatty():
            raise fail(message("paste"))
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    else:
        path = Path(source)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_TEXT_BYTES + 1)
        except IsADirectoryError:
            raise fail(message("is_folder", source=source)) from None
        except OSError as exc:
            raise fail(message("cannot_read", source=source, reason=exc.strerror)) from None
    if len(data) > MAX_TEXT_BYTES:
        what = message("the_input") if source == "-" else source
        raise fail(message("too_big", source=what, mb=MAX_TEXT_BYTES // 1_000_000))
    return data.decode("utf-8", errors="replace")


def fragment_row(fragment) -> list[dict]:
    """One JSON object per sighting: the shape `--jsonl` writes."""
    return [
        {
            "kind": fragment.kind,
            "value": e.text,
            "normalized": fragment.normalized,
            "start": e.start,
            "end": e.end,
            "confidence": e.confidence,
        }
        for e in fragment.evidence
    ]


def _jsonl(path: str) -> None:
    from analysis.extract import extract_texts

    raw = _read(path)
    records, problems = [], []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            problems.append(f"line {number}: not JSON")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            problems.append(f'line {number}: needs {{"id": ..., "text": "..."}}')
            continue
        records.append(record)
    nlp = _nlp()
    out = sys.stdout
    for record, fragments in zip(records, extract_texts([r["text"] for r in records], nlp), strict=True):
        rows = sorted((row for f in fragments for row in fragment_row(f)), key=lambda r: (r["start"], r["kind"]))
        out.write(json.dumps({"id": record.get("id"), "fragments": rows}, ensure_ascii=False) + "\n")
    out.flush()
    for problem in problems:  # everything readable was written first; then say what was skipped
        sys.stderr.write(f"footprint: {path}: {problem} (skipped)\n")
    if problems:
        raise typer.Exit(2)


@app.command()
def text(
    source: Annotated[
        str, typer.Argument(metavar="[FILE|-]", help="A text file, or - (the default) to read what you paste.")
    ] = "-",
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help='Read JSON Lines of {"id", "text"}; write JSON Lines of {"id", "fragments"}.',
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write the fragments as JSON.")] = False,
) -> None:
    """Show what personal facts a piece of text gives away (your own posts, a bio you are about to publish)."""
    if jsonl is not None:
        return _jsonl(jsonl)
    from analysis.extract import extract_text

    content = _read(source)
    fragments = extract_text(content, _nlp())
    if as_json:
        rows = sorted((row for f in fragments for row in fragment_row(f)), key=lambda r: (r["start"], r["kind"]))
        sys.stdout.write(json.dumps({"fragments": rows}, ensure_ascii=False, indent=2) + "\n")
        return
    shown = console()
    if not fragments:
        shown.print("Nothing personal found in this text.")
        return
    from rich.table import Table

    from reports.plain import as_text

    table = Table(title=f"{len(fragments)} personal fact{'s' if len(fragments) != 1 else ''} in this text")
    for column in ("what", "found", "as", "chars", "sure", "rule"):
        table.add_column(column, overflow="fold")
    for fragment in sorted(fragments, key=lambda f: f.evidence[0].start):
        for e in fragment.evidence:
            # as_text keeps the words literal: no rich markup read from them, no escape sequence acted on.
            table.add_row(
                as_text(fragment.kind.replace("_", " ")),
                as_text(e.text),
                as_text(fragment.normalized),
                as_text(f"{e.start}-{e.end}"),
                as_text(f"{e.confidence:.0%}"),
                as_text(e.rule, style="dim"),
            )
    shown.print(table)


@app.command()
def doctor() -> None:
    """Say which extraction pipeline is in use and what it knows."""
    import spacy

    from analysis import gazetteer
    from analysis.components import RULES_DIR
    from analysis.nlp import describe, installed_trained_pipelines, trained_pipeline_name

    nlp = _nlp()
    lines = [
        ("footprint", __version__),
        ("python", platform.python_version()),
        ("spaCy", spacy.__version__),
        ("pipeline", describe(nlp)),
        ("trained NER", nlp.meta.get("footprint_trained") or "none: rules and gazetteers only"),
    ]
    if nlp.meta.get("footprint_warning"):
        lines.append(("warning", nlp.meta["footprint_warning"]))
    lines.append(
        (
            "trained pipelines installed",
            ", ".join(installed_trained_pipelines()) or "none (optional: python -m spacy download en_core_web_sm)",
        )
    )
    lines.append(
        (
            "FOOTPRINT_PIPELINE",
            os.environ.get("FOOTPRINT_PIPELINE") or f"unset (chosen: {trained_pipeline_name() or 'blank'})",
        )
    )
    rule_count = sum(
        1 for line in (RULES_DIR / "context.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
    )
    entity_count = sum(
        1 for line in (RULES_DIR / "entities.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
    )
    lines.append(("rules", f"{rule_count} context rules, {entity_count} EntityRuler patterns ({RULES_DIR})"))
    try:
        sizes = gazetteer.sizes()
        lines.append(
            (
                "gazetteers",
                f"{sizes['places']} place names ({sizes['uk_places']} UK places, GeoNames), "
                f"{sizes['first_names']} first names",
            )
        )
    except Exception as exc:  # a missing data package must not hide the rest of the report
        lines.append(("gazetteers", f"unavailable: {type(exc).__name__}: {exc}"))
    from rich.text import Text

    shown = console()
    for key, value in lines:
        shown.print(Text(f"{key:28} {value}"))
