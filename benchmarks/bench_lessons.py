"""The talk's other lessons, timed: `footprint password`'s check (matching the fragments and zxcvbn with them
as user inputs) and reading the EXIF of one picture. Targets: a password check under 100 ms once warm (a
person waits for it), EXIF under 5 ms per picture (a scan reads up to eight per account).
Run with `make bench` (figures only; no test depends on them). Exits 1 if a target is missed."""
from __future__ import annotations

import asyncio
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import passwords  # noqa: E402
from collectors.photos import read_exif  # noqa: E402
from footprint.model import Target  # noqa: E402
from footprint.scanner import Scanner  # noqa: E402
from footprint.settings import ScanSettings  # noqa: E402

PASSWORD_TARGET_MS, EXIF_TARGET_MS = 100.0, 5.0
PASSWORDS = ["B1scu1t1403!", "tiucsib11", "correct horse battery staple", "Mcfc2011", "lantern pebble orbit tundra",
             "Jess-Hughes-2011", "xX_jessmcr2011_Xx", "P@ssw0rd"]


def picture(size: int, gps: bool) -> bytes:
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = "Apple", "iPhone 13"
    exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: "2026:06:14 18:32:05"}
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (53.0, 24.0, 6.55), 3: "W", 4: (2.0, 8.0, 22.09)}
    out = io.BytesIO()
    Image.effect_noise((size, size), 60).convert("RGB").save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def main() -> int:
    report = asyncio.run(Scanner(ScanSettings(demo=True)).scan(Target("jessmcr2011")))
    fragments = list(report.fragments)
    start = time.perf_counter()
    passwords.check(PASSWORDS[0], fragments)
    cold = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(5):
        for pw in PASSWORDS:
            start = time.perf_counter()
            passwords.check(pw, fragments)
            times.append((time.perf_counter() - start) * 1000)
    warm = statistics.median(times)
    print(f"password check against {len(fragments)} fragments: first {cold:.0f} ms (loads zxcvbn's dictionaries), "
          f"then median {warm:.1f} ms, worst {max(times):.1f} ms over {len(times)} checks")
    ok = max(times) < PASSWORD_TARGET_MS
    for size, label in ((96, "96x96 avatar"), (1024, "1024x1024 photo")):
        data = picture(size, gps=True)
        runs = []
        for _ in range(200):
            start = time.perf_counter()
            read_exif(data, "field:avatar_url", "u")
            runs.append((time.perf_counter() - start) * 1000)
        per = statistics.median(runs)
        print(f"EXIF of a {label} ({len(data) / 1000:.0f} KB, with GPS): median {per:.2f} ms, worst {max(runs):.2f} ms")
        ok = ok and per < EXIF_TARGET_MS
    guesses_start = time.perf_counter()
    for _ in range(100):
        passwords.first_guesses(fragments, "jessmcr2011")
    print(f"first ten guesses: {(time.perf_counter() - guesses_start) * 10:.2f} ms each")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
