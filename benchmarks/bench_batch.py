"""Batch throughput on the demo network: people per second for a cohort cycling the demo personas and
handles nobody has (which every check must still answer). Run with `make bench`."""
from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from footprint.batch import read_rows, run_batch  # noqa: E402
from footprint.demo import DemoTransport, personas  # noqa: E402
from footprint.scanner import Scanner  # noqa: E402
from footprint.settings import ScanSettings  # noqa: E402
from footprint.store import Store  # noqa: E402

PEOPLE = 40


def main() -> None:
    handles = [p.handle for p in personas().values()]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cohort = root / "cohort.csv"
        cohort.write_text("\n".join(handles + [f"student{i:03d}" for i in range(PEOPLE - len(handles))]) + "\n")
        rows = read_rows(cohort)
        from analysis.nlp import get_nlp

        get_nlp()  # load the pipeline once, outside the timing, as a running batch would have
        for concurrency in (1, 4, 8):
            store = Store(root / f"store-{concurrency}.db")
            start = time.perf_counter()
            outcomes = asyncio.run(run_batch(rows, root, Scanner(ScanSettings(), store=store, transport=DemoTransport()), concurrency=concurrency))
            cold = time.perf_counter() - start
            start = time.perf_counter()
            asyncio.run(run_batch(rows, root, Scanner(ScanSettings(), store=store, transport=DemoTransport()), concurrency=concurrency))
            resumed = time.perf_counter() - start
            store.close()
            done = sum(o.status == "done" for o in outcomes)
            print(f"concurrency {concurrency}: {done} people in {cold:.2f} s ({done / cold:.1f} people/s); "
                  f"resumed from the store in {resumed:.2f} s ({done / resumed:.0f} people/s)")


if __name__ == "__main__":
    main()
