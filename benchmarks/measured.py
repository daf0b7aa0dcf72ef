"""A command run in a process of its own, measured: wall time, CPU time and peak RSS. A small parent starts
it and reads getrusage of its only child, so the numbers belong to that run alone, not to the benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CHILD = """import resource, subprocess, sys, time, json
started = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
           "returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr[-500:]}, sys.stdout)
"""


def run_measured(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, *cmd], capture_output=True, text=True, env=env, cwd=cwd)
    return json.loads(proc.stdout)
