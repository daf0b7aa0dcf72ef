"""Precision and recall of extraction against a labelled corpus (JSON Lines of id, text, labels).

A predicted fragment matches a gold label when the kinds agree and its evidence overlaps the labelled
words (or, failing that, the normalised values agree). Each gold label and each predicted fragment is
used at most once, so a fragment found twice in one text is not counted twice.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis.normalize import normalise
from footprint.model import Fragment


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    normalised_ok: int = 0
    normalised_checked: int = 0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, "FP"/"FN"/"NORM", kind, text)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def precision(self, kind: str | None = None) -> float:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fp = self.fp[kind] if kind else sum(self.fp.values())
        return self._ratio(tp, tp + fp)

    def recall(self, kind: str | None = None) -> float:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fn = self.fn[kind] if kind else sum(self.fn.values())
        return self._ratio(tp, tp + fn)

    def f1(self, kind: str | None = None) -> float:
        p, r = self.precision(kind), self.recall(kind)
        return 2 * p * r / (p + r) if p + r else 0.0

    def kinds(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def table(self) -> str:
        rows = [f"{'kind':20} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6}"]
        for kind in self.kinds():
            gold = self.tp[kind] + self.fn[kind]
            found = self.tp[kind] + self.fp[kind]
            rows.append(
                f"{kind:20} {gold:5d} {found:5d} {self.precision(kind):6.3f} {self.recall(kind):6.3f} {self.f1(kind):6.3f}"
            )
        gold = sum(self.tp.values()) + sum(self.fn.values())
        found = sum(self.tp.values()) + sum(self.fp.values())
        rows.append(f"{'micro':20} {gold:5d} {found:5d} {self.precision():6.3f} {self.recall():6.3f} {self.f1():6.3f}")
        rows.append(f"normalised values right: {self.normalised_ok}/{self.normalised_checked}")
        return "\n".join(rows)


# Held back for one final scoring by someone else: never scored, read or tuned on here.
HELD_BACK = {"untouched.jsonl", "fresh.jsonl"}


def development_sets(folder: Path = Path("tests") / "corpus") -> list[Path]:
    """The corpus files anyone may score while working: every set except the held-back one."""
    return sorted(p for p in folder.glob("*.jsonl") if p.name not in HELD_BACK)


def load_corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _overlaps(fragment: Fragment, start: int, end: int) -> bool:
    return any(e.start < end and start < e.end for e in fragment.evidence)


def score(records: list[dict], predictions: list[list[Fragment]], scores: Scores | None = None) -> Scores:
    scores = scores or Scores()
    for record, fragments in zip(records, predictions, strict=True):
        unused = list(fragments)
        for label in record["labels"]:
            kind = label["kind"]
            match = next((f for f in unused if f.kind == kind and _overlaps(f, label["start"], label["end"])), None)
            if match is None:
                gold_norm = label.get("normalized") or normalise(kind, label["text"])
                match = next((f for f in unused if f.kind == kind and f.normalized == gold_norm), None)
            if match is None:
                scores.fn[kind] += 1
                scores.errors.append((record["id"], "FN", kind, label["text"]))
                continue
            unused.remove(match)
            scores.tp[kind] += 1
            if "normalized" in label:
                scores.normalised_checked += 1
                if match.normalized == label["normalized"]:
                    scores.normalised_ok += 1
                else:
                    scores.errors.append((record["id"], "NORM", kind, f"{match.normalized} != {label['normalized']}"))
        for fragment in unused:
            scores.fp[fragment.kind] += 1
            scores.errors.append((record["id"], "FP", fragment.kind, fragment.value))
    return scores


def main(argv: list[str] | None = None) -> None:
    """python -m analysis.evaluate [CORPUS.jsonl ...] [--errors]: the table for each corpus file."""
    import sys

    from analysis.extract import extract_texts
    from analysis.nlp import build, describe

    args = list(sys.argv[1:] if argv is None else argv)
    if {"-h", "--help"} & set(args):
        print(main.__doc__)
        return
    show_errors = "--errors" in args
    paths = [Path(a) for a in args if a != "--errors"] or development_sets()
    if missing := [p for p in paths if not p.is_file()]:
        raise SystemExit(f"no corpus file at {missing[0]}")
    nlp = build()
    print(describe(nlp))
    for path in paths:
        records = load_corpus(path)
        scores = score(records, extract_texts([r["text"] for r in records], nlp))
        print(f"\n{path} ({len(records)} texts, {sum(r['hard_negative'] for r in records)} hard negatives)")
        print(scores.table())
        if show_errors:
            for error in scores.errors:
                print("  " + " | ".join(error))


if __name__ == "__main__":
    main()
