"""Start-up that does not wait on itself: what a command imports and builds, and when.

Each check runs in a fresh interpreter: which modules a process has imported is the thing under test, and
this test process has imported everything already. The times themselves live in benchmarks/bench_startup.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str, tmp_path: Path) -> dict:
    env = {**os.environ, "FOOTPRINT_HOME": str(tmp_path), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_help_imports_nothing_heavy(tmp_path):
    code = """
import json, runpy, sys
sys.argv = ["footprint", "--help"]
try:
    runpy.run_module("footprint", run_name="__main__")
except SystemExit as exc:
    code = exc.code
heavy = ("spacy", "thinc", "httpx", "httpcore", "numpy", "rich", "analysis", "collectors", "jinja2", "starlette")
loaded = {m.split(".")[0] for m, module in sys.modules.items() if module is not None}  # None: refused, not loaded
print(json.dumps({"code": code, "heavy": sorted(loaded & set(heavy))}))
"""
    result = run(code, tmp_path)
    assert result["code"] in (0, None)
    assert result["heavy"] == []


def test_an_existence_only_sweep_is_analysed_without_building_the_pipeline(tmp_path):
    # found accounts with no free text (what a site-list sweep finds): the whole analysis still runs
    code = """
import json, sys
from analysis.report import analyse
from footprint.model import Account, Target
accounts = [Account("site001", "jess.mcr", "https://site001.example/jess.mcr", "found"),
            Account("site002", "jess.mcr", "https://site002.example/jess.mcr", "not_found")]
report = analyse(Target("jess.mcr"), accounts)
print(json.dumps({"spacy": "spacy" in sys.modules, "pipeline": report.pipeline,
                  "kinds": sorted({f.kind for f in report.fragments}), "review": report.review is not None,
                  "capabilities": len(report.capabilities)}))
"""
    result = run(code, tmp_path)
    assert result["spacy"] is False
    assert result["pipeline"] == ""
    assert result["kinds"] == ["handle"] and result["review"] and result["capabilities"] > 0


def test_free_text_is_read_by_the_pipeline_and_the_report_names_it(tmp_path):
    code = """
import json
from analysis.report import analyse
from footprint.model import Account, Document, Target
bio = Document("github:jess.mcr", "field:bio", "Year 11 at Oakfield High in Manchester")
accounts = [Account("github", "jess.mcr", "https://github.com/jess.mcr", "found", documents=[bio])]
report = analyse(Target("jess.mcr"), accounts)
print(json.dumps({"pipeline": report.pipeline, "kinds": sorted({f.kind for f in report.fragments})}))
"""
    result = run(code, tmp_path)
    assert result["pipeline"].startswith("spacy ") and "footprint_context" in result["pipeline"]
    assert {"school", "school_year"} <= set(result["kinds"])


def test_the_scan_starts_building_the_pipeline_while_the_network_answers(tmp_path):
    # collect() alone, no analysis: the first bio that arrives starts the build in a background thread
    code = """
import asyncio, json, sys, threading
from footprint.model import Target
from footprint.scanner import Scanner
from footprint.settings import ScanSettings
before = "spacy" in sys.modules
accounts = asyncio.run(Scanner(ScanSettings(demo=True)).collect(Target("jessmcr2011")))
builders = [t for t in threading.enumerate() if t.name == "footprint-pipeline"]
for t in builders:
    t.join()
print(json.dumps({"before": before, "found": sum(a.status == "found" for a in accounts),
                  "spacy": "spacy.language" in sys.modules}))
"""
    result = run(code, tmp_path)
    assert result["before"] is False
    assert result["found"] > 0
    assert result["spacy"] is True


def test_spacy_loads_without_its_command_line_and_that_still_works_when_asked(tmp_path):
    code = """
import json, sys
from analysis.nlp import get_nlp
nlp = get_nlp()
skipped = not any(m in sys.modules for m in ("spacy.cli", "weasel", "requests"))
import spacy
import spacy.cli
print(json.dumps({"skipped": skipped, "download": callable(spacy.cli.download),
                  "info": "pipelines" in spacy.info(silent=True), "works": len(nlp("Leeds").text)}))
"""
    result = run(code, tmp_path)
    assert result == {"skipped": True, "download": True, "info": True, "works": 5}


def test_a_command_does_not_import_httpx_s_own_command_line(tmp_path):
    code = """
import contextlib, io, json, runpy, sys
sys.argv = ["footprint", "demo", "sol", "--json"]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        runpy.run_module("footprint", run_name="__main__")
    except SystemExit as exit:
        code = exit.code
print(json.dumps({"code": code, "handle": json.loads(out.getvalue())["target"]["handle"],
                  "cli": sorted(m for m in ("httpx._main", "click", "pygments") if sys.modules.get(m))}))
"""
    result = run(code, tmp_path)
    assert result == {"code": 0, "handle": "quietfox", "cli": []}
