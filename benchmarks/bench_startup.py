"""Start-up: how long the commands people type most take, from process start to exit, as a user runs them.

- `footprint --help`: must not import spaCy, httpx or the analysis (checked here, not only timed);
- `footprint text FILE`, a new process with footprint's caches in place (the state after a first run);
- `footprint demo jess`, the same (a workshop's second demo onwards);
- the first run on a new account: `footprint text FILE` in an empty home, which builds the gazetteer cache.

Each is run several times in a process of its own; the median wall time is reported with the CPU time and
peak RSS of that run (a shared machine is noisy: CPU time says more than wall time when it is busy).
Run: `make bench` or `python benchmarks/bench_startup.py [--runs 5]`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measured import run_measured  # benchmarks/ is on the path when a benchmark runs

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Jess, 15, Year 11 at Oakfield High in Manchester. bday 3rd May. my dog Biscuit\n"
TARGETS = {"--help": 0.2, "text": 0.8, "demo jess": 0.8}
HEAVY = ("spacy", "thinc", "httpx", "httpcore", "numpy", "analysis", "collectors", "rich", "jinja2", "starlette")



def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOOTPRINT_", "XDG_"))}
    return {**env, "HOME": str(home), "NO_COLOR": "1"}


def once(args: list[str], home: Path) -> dict:
    run = run_measured([sys.executable, "-m", "footprint", *args], env_for(home), ROOT)
    if run["returncode"] != 0:
        raise SystemExit(f"footprint {' '.join(args)} failed: {run['stderr']}")
    return run


def median(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["wall"])
    return {**ordered[len(ordered) // 2], "spread": f"{ordered[0]['wall']:.2f}-{ordered[-1]['wall']:.2f}"}


def heavy_modules_for_help(home: Path) -> list[str]:
    code = ("import sys, runpy\nsys.argv = ['footprint', '--help']\ntry:\n    runpy.run_module('footprint', "
            "run_name='__main__')\nexcept SystemExit:\n    pass\nsys.stderr.write(' '.join(sorted({m.split('.')[0] "
            f"for m, module in sys.modules.items() if module is not None and m.split('.')[0] in {HEAVY!r}}})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env_for(home), cwd=ROOT)
    return proc.stderr.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        text = work / "bio.txt"
        text.write_text(TEXT)
        home = work / "home"
        home.mkdir()
        first = once(["text", str(text)], home)  # also fills the caches the runs below find in place
        once(["demo", "jess"], home)
        rows = [
            ("footprint --help", "--help", median([once(["--help"], home) for _ in range(args.runs)])),
            ("footprint text FILE (caches in place)", "text",
             median([once(["text", str(text)], home) for _ in range(args.runs)])),
            ("footprint demo jess (caches in place)", "demo jess",
             median([once(["demo", "jess"], home) for _ in range(args.runs)])),
            ("footprint text FILE, first run, empty home", None, {**first, "spread": "1 run"}),
        ]
        heavy = heavy_modules_for_help(home)
    load = os.getloadavg()[0]
    print(f"median of {args.runs} runs each; load average {load:.1f} on {os.cpu_count()} cores when done")
    print(f"{'command':44} {'wall s':>7} {'target':>7} {'CPU s':>6} {'RSS MB':>7}  spread")
    for label, key, r in rows:
        target = f"{TARGETS[key]:7.1f}" if key else f"{'-':>7}"
        print(f"{label:44} {r['wall']:7.2f} {target} {r['cpu']:6.2f} {r['rss_mb']:7.0f}  {r['spread']}")
    print(f"heavy modules imported by --help: {', '.join(heavy) or 'none'}")
    print(f"(CPU of a bare `python -c pass`: {statistics.median(bare_python() for _ in range(3)):.2f} s)")


def bare_python() -> float:
    return run_measured([sys.executable, "-c", "pass"])["cpu"]


if __name__ == "__main__":
    main()
