"""Reading a large data download: a fictional Instagram export with many posts and comments, zipped,
read and analysed (extraction, graph, risk) on this computer. Run with `make bench`."""
from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collectors.exports import read_exports  # noqa: E402
from footprint.model import Target  # noqa: E402
from footprint.scanner import analyse_own_data  # noqa: E402

POSTS = 5000
COMMENTS = 5000
CAPTIONS = ["Sunday walk with my dog Biscuit", "Revision again, Year 11 is a lot", "Café with friends ☕",
            "so hungover after the party", "New trainers!", "Match day at the Etihad"]


def build(path: Path) -> None:
    mangle = lambda text: text.encode("utf-8").decode("latin-1")  # noqa: E731  (Meta's export encoding)
    profile = {"profile_user": [{"string_map_data": {"Username": {"value": "bench.user"}, "Name": {"value": "Bench User"},
                                                     "Bio": {"value": "Oakfield High"}}}]}
    posts = [{"media": [{"uri": f"media/{i}.jpg", "creation_timestamp": 1700000000 + i * 3600, "title": mangle(CAPTIONS[i % len(CAPTIONS)])}]}
             for i in range(POSTS)]
    comments = [{"string_map_data": {"Comment": {"value": mangle(f"nice one {i}")}, "Time": {"timestamp": 1700000000 + i}}}
                for i in range(COMMENTS)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("personal_information/personal_information/personal_information.json", json.dumps(profile))
        z.writestr("your_instagram_activity/content/posts_1.json", json.dumps(posts))
        z.writestr("your_instagram_activity/comments/post_comments_1.json", json.dumps(comments))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "instagram.zip"
        build(archive)
        from analysis.nlp import get_nlp

        get_nlp()
        tracemalloc.start()
        start = time.perf_counter()
        result = read_exports([archive])
        read = time.perf_counter() - start
        accounts = result.accounts
        report = analyse_own_data(Target(accounts[0].handle), accounts, result.reflected, {})
        total = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        docs = sum(len(a.documents) for a in accounts)
        print(f"{archive.stat().st_size / 1e6:.1f} MB zip, {docs} documents: read in {read:.2f} s, "
              f"read + analysed in {total:.1f} s ({docs / total:.0f} documents/s), peak Python memory {peak / 1e6:.0f} MB, "
              f"{len(report.fragments)} fragments")


if __name__ == "__main__":
    main()
