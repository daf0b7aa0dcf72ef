"""Peak memory of a scan that meets a decompression bomb, one encoding at a time (target: under 300 MB).

Each bomb unpacks to 512 MiB of zeros (tests/bombs.py): gzip three times over (231 bytes), gzip once and
deflate once (about half a megabyte each), and br (809 bytes). Each run is `footprint scan` as a user runs it
(`--only-list --sites FILE`, the bomb and one genuine profile), in a process of its own; its peak is the
kernel's high-water mark of resident memory (VmHWM). A run with no bomb is the baseline.

Run: `python benchmarks/bench_bombs.py`.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bombs import BombServer, bombs  # noqa: E402

CHILD = """
import re, sys
from footprint.cli import main
sys.argv = ["footprint", "scan", "realuser", "--only-list", "--sites", sys.argv[1], "--allow-private", "--json",
            "--depth", "0", "--no-progress", "--fresh"]
try:
    main()
finally:
    peak = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
    print("PEAK", int(peak) // 1024, file=sys.stderr)
"""


def run(server: BombServer, kinds: list[str], home: str) -> tuple[int, dict[str, str], float]:
    sites = [s for s in server.sites() if s["name"] in ("real", *kinds)]
    path = Path(home) / "sites.json"
    path.write_text(json.dumps({"sites": sites}))
    env = {**os.environ, "FOOTPRINT_HOME": home, "NO_COLOR": "1"}
    started = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - started
    peak = int(re.search(r"PEAK (\d+)", child.stderr).group(1))
    reasons = {a["network"]: a["reason"] for a in json.loads(child.stdout)["accounts"]}
    return peak, reasons, seconds


def main() -> None:
    if not sys.platform.startswith("linux"):
        sys.exit("reads the peak from /proc/self/status: Linux only")
    served = bombs()
    with BombServer() as server, tempfile.TemporaryDirectory() as home:
        print(f"{'bomb':10} {'encoding':18} {'bytes sent':>10} {'peak MB':>8} {'seconds':>8}  verdict")
        peak, reasons, seconds = run(server, [], home)
        print(f"{'none':10} {'':18} {'':>10} {peak:>8} {seconds:>8.1f}  {reasons['real']}")
        for kind in served:
            peak, reasons, seconds = run(server, [kind], home)
            encoding, body = served[kind]
            print(f"{kind:10} {encoding:18} {len(body):>10} {peak:>8} {seconds:>8.1f}  unknown: {reasons[kind]}")
            assert peak < 300, f"{kind}: {peak} MB"
        peak, reasons, seconds = run(server, list(served), home)
        print(f"{'all four':10} {'':18} {'':>10} {peak:>8} {seconds:>8.1f}  real: {reasons['real']}")


if __name__ == "__main__":
    main()
