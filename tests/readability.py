"""Every text footprint shows a person, gathered by kind, with its reading age (Flesch-Kincaid grade, textstat
0.7.4, whose syllables come from pyphen's dictionaries and so work offline).

Templates are measured with each {placeholder} as a short sample word, and the texts the analysis and the views
build are measured as built, for every demo persona. A web address or a setting's path is copied, not read, so
each address counts as one word ("there") before measuring. `python -m tests.readability` prints the table.
"""
from __future__ import annotations

import json
import re
import statistics
from functools import lru_cache
from pathlib import Path
from string import Formatter

ROOT = Path(__file__).resolve().parent.parent
GRADE_LIMIT = 6.0
# A web address: with a scheme, or a bare host with a dot and a path or a known ending ("keybase.io").
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s)]*[^\s).,;:!?'\"”]|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|io|net|tv|rs|to|me|app|social|uk)(?:/[^\s)]*[^\s).,;:!?'\"”])?\b")
SAMPLES = {"network": "GitHub", "networks": "GitHub", "a": "GitHub", "b": "Keybase", "handle": "jess", "n": "3",
           "score": "89", "after": "80", "kind": "pet name", "value": "Biscuit", "title": "Guess your passwords",
           "titles": "Guess your passwords", "reason": "the same name", "pieces": "3 pieces", "things": "6 things",
           "steps": "steps", "i": "1", "where": "UK", "bits": "50.9", "chance": "99%", "one_in": "2,000"}


def grade(text: str) -> float:
    import textstat

    plain = ADDRESS.sub("there", text)
    return float(textstat.flesch_kincaid_grade(plain))


def fill(template: str) -> str:
    """A template with a short sample word for each placeholder (one we have no sample for: 'it')."""
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    return template.format(**{n: SAMPLES.get(n, "it") for n in names})


def _json(path: str) -> dict:
    return json.loads((ROOT / path).read_text(encoding="utf-8"))


def _strings(table: dict, prefix: str = ""):
    """Every string in a wording table (keys starting with '_' are notes for us, not for the reader)."""
    for key, value in table.items():
        if key.startswith("_"):
            continue
        if isinstance(value, dict):
            yield from _strings(value, f"{prefix}{key}.")
        elif isinstance(value, str):
            yield f"{prefix}{key}", value


@lru_cache(maxsize=1)
def _reports():
    import footprint
    from footprint.demo import personas

    return {p.id: footprint.scan(p.handle, demo=True) for p in personas().values()}


def texts() -> list[tuple[str, str, str]]:
    """(kind of text, where it is, the text)."""
    out: list[tuple[str, str, str]] = []
    add = lambda kind, where, text: out.append((kind, where, text)) if text and text.strip() else None  # noqa: E731

    for c in _json("analysis/data/capabilities.json")["capabilities"]:
        add("capability explanations", f"{c['id']} title", c["title"])
        add("capability explanations", c["id"], c["explanation"])

    advice = _json("analysis/data/advice.json")
    for key in ("kinds", "professional_kinds"):
        for kind, text in advice[key].items():
            add("advice per kind", f"{key}.{kind}", text)
    for where, text in _strings(advice.get("wording", {}), "wording."):
        add("advice per kind", where, fill(text))
    add("advice per kind", "default", advice["default"])

    review_words = _json("analysis/data/professional.json")["wording"]
    for path in sorted((ROOT / "footprint" / "networks").glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("advice"):
            add("advice per network", path.stem, entry["advice"])
        if entry.get("sees"):  # what a logged-out employer sees, in the sentence the review puts it in
            parts = review_words["parts"]
            add("review wording", f"{path.stem} sees", review_words["f_seen"].format(
                network=entry["title"], role=parts["role_personal"], state=parts["state_open"], sees=entry["sees"]))

    review = _json("analysis/data/professional.json")
    for check, spec in review["checks"].items():
        if not check.startswith("_"):
            add("review wording", f"{check} title", spec["title"])
            add("review wording", f"{check} why", spec["why"])
    for cat in review["content"]["categories"]:
        add("review wording", f"content {cat['id']}", cat["advice"])
    for where, text in _strings(review.get("wording", {}), "wording."):
        if not where.startswith("wording.parts."):  # pieces of sentences, measured in the findings as built
            add("review wording", where, fill(text))

    wording = _json("reports/data/wording.json")
    for section in ("story", "live"):
        for where, text in _strings(wording[section], f"{section}."):
            add("story captions", where, fill(text))
    for section in ("score", "identity", "terminal", "review", "batch", "picture"):
        for where, text in _strings(wording[section], f"{section}."):
            if not where.startswith("picture.labels."):  # names on boxes, not sentences (see its _about)
                add("view wording", where, fill(text))

    for where, text in _strings(_json("footprint/cli/messages.json")):
        add("error messages", where, fill(text))

    out += built() + refusals()
    return out


def refusals() -> list[tuple[str, str, str]]:
    """What footprint says when it refuses bad input, provoked through the code that says it (a file's name is
    the reader's own, so each message is measured as if the file were called cohort.csv)."""
    import tempfile

    from footprint import batch, handles
    from footprint.scanner import plan
    from footprint.settings import ScanSettings

    said: list[tuple[str, str]] = []

    def refused(where: str, attempt) -> None:
        try:
            attempt()
        except Exception as exc:  # noqa: BLE001 - any refusal is a message to measure
            said.append((where, str(exc)))
        else:
            raise AssertionError(f"{where}: expected a refusal")

    for where, bad in {"timeout": dict(timeout=0), "deadline": dict(deadline=0), "depth": dict(depth=9),
                       "proxy": dict(proxy="ftp://x"), "offline and fresh": dict(offline=True, fresh=True),
                       "endpoint": dict(endpoints={"github": "ftp://x"})}.items():
        refused(f"settings {where}", lambda bad=bad: ScanSettings(**bad))
    refused("unknown site", lambda: plan(ScanSettings(networks=("nosuch",))))
    refused("unknown endpoint", lambda: plan(ScanSettings(endpoints={"nosuch": "https://x.example"})))
    for where, raw in {"empty": "", "too long": "x" * 101, "bad": "two words"}.items():
        refused(f"handle {where}", lambda raw=raw: handles.normalise_handle(raw))
    with tempfile.TemporaryDirectory() as folder:
        for where, data in {"empty": b"", "not text": b"\xff\xfe\x00h", "no usable row": b"two words\n!!\n"}.items():
            path = Path(folder) / "cohort.csv"
            path.write_bytes(data)
            refused(f"batch {where}", lambda path=path: batch.read_rows(path))
        from collectors.exports import read_exports
        from collectors.sitelist import read_list

        sites = Path(folder) / "sites.json"
        for where, data in {"not JSON": b"{", "no sites": b"{}", "bad address": b'{"sites": [{"name": "x", '
                            b'"uri_check": "ftp://x/{account}", "e_code": 200, "e_string": "", "m_code": 404, '
                            b'"m_string": "", "cat": "social"}]}'}.items():
            sites.write_bytes(data)
            refused(f"site list {where}", lambda: read_list(sites))
        refused("site list missing", lambda: read_list(Path(folder) / "nosuch.json"))
        refused("download missing", lambda: read_exports([Path(folder) / "nosuch.zip"]))
        (Path(folder) / "empty").mkdir()
        refused("download with nothing to read", lambda: read_exports([Path(folder) / "empty"]))
        refused("download not a zip", lambda: read_exports([sites]))
        (Path(folder) / "web").mkdir()
        (Path(folder) / "web" / "index.html").write_text("<html></html>")
        refused("download as web pages", lambda: read_exports([Path(folder) / "web"]))
        said = [
            (where, text.replace(str(Path(folder)) + "/", "").replace(str(Path(folder)), "Downloads"))
            for where, text in said
        ]
    return [("error messages", where, text) for where, text in said]


def built() -> list[tuple[str, str, str]]:
    """The sentences the analysis and the views build, as built for every demo persona."""
    from reports import view
    from reports.terminal import fix_lines

    out = []
    for persona, report in _reports().items():
        if report.review is not None:
            for c in report.review.checks:
                out.append(("review wording", f"{persona} {c.id} summary", c.summary))
                if c.id != "content":  # content findings quote a stranger's post at length: not our words to grade
                    out += [("review wording", f"{persona} {c.id} finding", f.text) for f in c.findings]
                out += [("review wording", f"{persona} {c.id} do", t) for t in c.todo]
            if report.review.incomplete:
                out.append(("review wording", f"{persona} incomplete", report.review.incomplete))
        for i, line in enumerate(fix_lines(report, redact=True)):
            out.append(("fix-plan steps", f"{persona} line {i}", line))
        shown = view.build(report, redact=True, live=True)
        out.append(("story captions", f"{persona} opening", shown["opening"]["title"] + " " + shown["opening"]["text"]))
        for i, step in enumerate(shown["story"]):  # a caption is read whole: its title, then its text
            out.append(("story captions", f"{persona} step {i + 1}", f"{step['title']}. {step['text']}"))
    return [x for x in out if x[2].strip()]


def table() -> list[tuple[str, int, float, float, int]]:
    """(kind, count, median, maximum, how many over the limit) per kind, and for all."""
    graded = [(kind, grade(text)) for kind, _, text in texts()]
    rows = []
    for kind in [*dict.fromkeys(k for k, _ in graded), "all"]:
        g = [x for k, x in graded if k == kind or kind == "all"]
        rows.append((kind, len(g), statistics.median(g), max(g), sum(x > GRADE_LIMIT for x in g)))
    return rows


if __name__ == "__main__":
    print("| texts | n | median | max | over grade 6 |\n|---|---|---|---|---|")
    for kind, n, median, top, over in table():
        print(f"| {kind} | {n} | {median:.1f} | {top:.1f} | {over} |")
    import sys

    if "-v" in sys.argv:
        for kind, where, text in sorted(texts(), key=lambda t: -grade(t[2])):
            if grade(text) > GRADE_LIMIT:
                print(f"{grade(text):5.1f}  {kind:24} {where:34} {text}")
