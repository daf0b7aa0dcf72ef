"""A cohort on the demo network: `footprint batch` of 30 students (the demo personas, then handles nobody
has, which every check must still answer), run as an adviser runs it, in a process of its own with an empty
home: wall time, CPU time and peak RSS, and the same command again (resumed from the store). The gazetteer
cache (tables derived from installed packages, built on a computer's first analysis) is built once, first,
and measured on its own row; the other runs find it in place (FOOTPRINT_CACHE), as every run after the
first does.
Run: `make bench` or `python benchmarks/bench_batch.py [--people 30] [--runs 3]`.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from measured import run_measured  # benchmarks/ is on the path when a benchmark runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))




def env_for(home: Path, cache: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOOTPRINT_", "XDG_"))}
    return {**env, "HOME": str(home), "NO_COLOR": "1", **({"FOOTPRINT_CACHE": str(cache)} if cache else {})}


def batch(cohort: Path, out: Path, home: Path, concurrency: int, cache: Path | None) -> dict:
    cmd = [sys.executable, "-m", "footprint", "batch", str(cohort), "--demo", "--out", str(out), "-j", str(concurrency)]
    run = run_measured(cmd, env_for(home, cache), ROOT)
    if run["returncode"] != 0:
        raise SystemExit(f"footprint batch failed: {run['stderr']}")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from footprint.demo import personas

    handles = [p.handle for p in personas().values()][: args.people]
    handles += [f"student{i:03d}" for i in range(args.people - len(handles))]
    print(f"{len(handles)} people ({len(personas())} demo personas), median of {args.runs} runs, each in an empty home")
    print(f"{'run':42} {'wall s':>7} {'people/s':>8} {'CPU s':>6} {'RSS MB':>7}  spread")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cohort = work / "cohort.csv"
        cohort.write_text("\n".join(handles) + "\n")
        (work / "first").mkdir()
        first = batch(cohort, work / "out-first", work / "first", 4, None)
        cache = work / "first" / ".cache" / "footprint" / "cache"
        table = [("batch -j 4, first run (builds the cache)", [first])]
        for concurrency in (1, 4):
            cold, resumed = [], []
            for i in range(args.runs):
                home = work / f"home-{concurrency}-{i}"
                home.mkdir()
                out = work / f"out-{concurrency}-{i}"
                cold.append(batch(cohort, out, home, concurrency, cache))
                resumed.append(batch(cohort, out, home, concurrency, cache))
            table += [(f"batch -j {concurrency}, empty home", cold), (f"batch -j {concurrency}, resumed", resumed)]
        for label, runs in table:
            ordered = sorted(runs, key=lambda r: r["wall"])
            r = ordered[len(ordered) // 2]
            print(f"{label:42} {r['wall']:7.2f} {len(handles) / r['wall']:8.1f} {r['cpu']:6.2f} {r['rss_mb']:7.0f}  "
                  f"{ordered[0]['wall']:.2f}-{ordered[-1]['wall']:.2f}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores when done")


if __name__ == "__main__":
    main()
