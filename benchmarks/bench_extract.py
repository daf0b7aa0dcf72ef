"""Extraction speed and start-up time, and (when Presidio is installed) Presidio on the same corpus.

    python benchmarks/bench_extract.py [--texts N]

Targets (issue 12): >= 1,500 short texts a second on one core through nlp.pipe including fragments with
evidence (extract_texts), without a trained model; a cold `footprint text` (a fresh process that reads one
text and prints its fragments) under 1.5 s. The machine is shared: the figures say what the load was, and
CPU time is reported beside wall time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# One core: keep numeric libraries from spreading over the machine.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from analysis.evaluate import development_sets, load_corpus  # noqa: E402

CORPUS = development_sets(ROOT / "tests" / "corpus")  # never the held-back set

COLD = """
import time
t0 = time.perf_counter()
from analysis.nlp import build
nlp = build(trained=False)
t1 = time.perf_counter()
nlp("jess | 15 | based in Leeds | my dog Biscuit")   # first text: loads the gazetteers (from cache)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def cold_start(runs: int = 5) -> tuple[float, float]:
    builds, firsts = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True)
        b, f = map(float, out.stdout.split())
        builds.append(b)
        firsts.append(f)
    return statistics.median(builds), statistics.median(firsts)


def throughput(run, n: int, repeat: int = 3) -> tuple[float, float]:
    """Best texts per second over `repeat` runs, by wall time and by this process's CPU time."""
    best_wall = best_cpu = 0.0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        run()
        best_wall = max(best_wall, n / (time.perf_counter() - t))
        best_cpu = max(best_cpu, n / max(time.process_time() - c, 1e-9))
    return best_wall, best_cpu


def cold_text(runs: int = 5) -> float:
    """Median wall time of `footprint text FILE` in a fresh process (start-up, one text, its fragments)."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("jess | 15 | based in Leeds | my dog Biscuit 🐶 | 🎂 14/3")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "footprint", "text", f.name], cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    os.unlink(f.name)
    return statistics.median(times)


# Presidio entity -> our kinds it can stand for. Only these kinds are compared.
PRESIDIO_KINDS = {
    "EMAIL_ADDRESS": {"email"},
    "PHONE_NUMBER": {"phone"},
    "URL": {"url"},
    "UK_POSTCODE": {"postcode"},
    "UK_VEHICLE_REGISTRATION": {"vehicle"},
    "DATE_TIME": {"birthday", "date_of_birth", "birth_year"},
    "PERSON": {"full_name", "first_name", "family_member", "partner_name", "pet_name"},
    "LOCATION": {"location", "hometown"},
}


PRESIDIO_PYTHON = Path(os.environ.get("FOOTPRINT_PRESIDIO_PYTHON", ROOT / ".venv-presidio" / "bin" / "python"))


def compare_with_presidio(records: list[dict], ours: list) -> None:
    # Presidio lives in a virtualenv of its own: installed beside spaCy it registers a spaCy entry point
    # that makes every spacy.blank() import all of Presidio, which would be measured as our start-up.
    if not PRESIDIO_PYTHON.exists():
        print(f"\nPresidio: no {PRESIDIO_PYTHON}; `make presidio` creates it (pip install presidio-analyzer).")
        return
    out = subprocess.run([str(PRESIDIO_PYTHON), str(ROOT / "benchmarks" / "presidio_run.py")],
                         input=json.dumps([r["text"] for r in records]), capture_output=True, text=True)
    if out.returncode != 0:
        print(f"\nPresidio: failed to run: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}")
        return
    answer = json.loads(out.stdout)
    results = answer["results"]
    kinds = set().union(*PRESIDIO_KINDS.values())
    rows = {}
    for system in ("footprint", "presidio"):
        tp, fp, fn = Counter(), Counter(), Counter()
        for record, found in zip(records, ours if system == "footprint" else results):
            gold = [(lab["kind"], lab["start"], lab["end"]) for lab in record["labels"] if lab["kind"] in kinds]
            if system == "footprint":
                spans = [(f.kind, e.start, e.end) for f in found if f.kind in kinds for e in f.evidence[:1]]
            else:
                spans = [(etype, s, e) for etype, s, e, _ in found if etype in PRESIDIO_KINDS]
            used = set()
            for kind, s, e in gold:
                hit = next((i for i, (k, ps, pe) in enumerate(spans) if i not in used and ps < e and s < pe and
                            (k == kind if system == "footprint" else kind in PRESIDIO_KINDS[k])), None)
                if hit is None:
                    fn[kind] += 1
                else:
                    used.add(hit)
                    tp[kind] += 1
            for i, (k, _, _) in enumerate(spans):
                if i not in used:
                    fp[k if system == "footprint" else sorted(PRESIDIO_KINDS[k])[0]] += 1
        rows[system] = (tp, fp, fn)
    print(f"\nPresidio {answer['version']} (pattern recognisers + its UK postcode/vehicle ones switched on; its "
          f"trained model en_core_web_lg cannot be downloaded here, so its PERSON/LOCATION/most DATE_TIME "
          f"finds are missing): {answer['rate']:,.0f} texts/s (footprint: see above)")
    print("  compared on: email, phone, url, postcode, vehicle, dates (birthday/date_of_birth/birth_year vs "
          "DATE_TIME), names (vs PERSON), places (vs LOCATION); a find must overlap a labelled span")
    for system, (tp, fp, fn) in rows.items():
        t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        p = t / (t + f) if t + f else 1.0
        r = t / (t + n) if t + n else 1.0
        print(f"  {system:10} TP {t:4d} FP {f:4d} FN {n:4d}  P {p:.3f} R {r:.3f}")
    for kind_group in (["email"], ["phone"], ["url"], ["postcode"], ["vehicle"],
                       ["birthday", "date_of_birth", "birth_year"]):
        cells = []
        for system, (tp, fp, fn) in rows.items():
            t = sum(tp[k] for k in kind_group)
            f = sum(fp[k] for k in kind_group)
            n = sum(fn[k] for k in kind_group)
            cells.append(f"{system} {t}/{t + n} found, {f} wrong")
        print(f"  {'+'.join(kind_group):38} " + "; ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=20_000, help="how many short texts to push through nlp.pipe")
    args = parser.parse_args()

    from analysis.extract import extract_texts
    from analysis.nlp import build, describe

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work skews these figures)")
    build_s, first_s = cold_start()
    print(f"cold start (fresh process: import + build blank pipeline): {build_s * 1000:.0f} ms (median of 5)")
    print(f"first text (loads gazetteers from the cache): {first_s * 1000:.0f} ms")

    records = [r for path in CORPUS for r in load_corpus(path)]
    texts = [r["text"] for r in records]
    mean_len = statistics.mean(len(t) for t in texts)
    batch = (texts * (args.texts // len(texts) + 1))[: args.texts]
    nlp = build(trained=False)
    nlp("warm up: based in Leeds")
    wall, cpu = throughput(lambda: list(nlp.pipe(batch, batch_size=256)), len(batch))
    print(f"\n{describe(nlp)}")
    print(f"nlp.pipe: {wall:,.0f} texts/s wall, {cpu:,.0f} texts/s CPU ({len(batch):,} texts, mean {mean_len:.0f} chars)")
    wall, cpu = throughput(lambda: extract_texts(batch, nlp), len(batch))
    print(f"extract_texts (pipe + fragments with evidence): {wall:,.0f} texts/s wall, {cpu:,.0f} texts/s CPU"
          f"  [target >= 1,500]")
    print(f"cold `footprint text FILE`: {cold_text() * 1000:.0f} ms (median of 5)  [target < 1500 ms]"
          f"; load average now {os.getloadavg()[0]:.2f}")
    ours = extract_texts(texts, nlp)
    compare_with_presidio(records, ours)


if __name__ == "__main__":
    main()
