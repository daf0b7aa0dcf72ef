"""Rule patterns kept compiled between runs (analysis/patterns.py): the kept copy is the same pattern,
owner-only, never written in a room, and a damaged copy is ignored rather than trusted."""

from __future__ import annotations

import json
import re
import stat

from analysis import patterns
from analysis.components import RULES_DIR, load_rules
from analysis.lexicons import expand
from footprint import paths


def _kept(cache) -> list:
    return sorted(cache.glob("patterns-*/*.json"))


def test_a_kept_pattern_is_the_pattern_re_compile_makes(tmp_path, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_CACHE", str(tmp_path))
    sources = [expand(rule.source) for rule in load_rules(RULES_DIR / "context.jsonl")[:40]]
    for source in sources:
        patterns.compile(source)  # first run: compiled and kept
    kept = _kept(tmp_path)
    assert len(kept) >= len(set(sources))
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept)
    assert stat.S_IMODE(kept[0].parent.stat().st_mode) == 0o700
    # next run: read back, and equal (flags, groups and engine code) to a fresh compile
    assert all(patterns.compile(source) == re.compile(source) for source in sources)
    text = "Software engineer at Acme, Bristol. My dog Biscuit and my nan Pat"
    assert [m.span() for s in sources for m in patterns.compile(s).finditer(text)] == [
        m.span() for s in sources for m in re.compile(s).finditer(text)
    ]


def test_a_damaged_copy_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_CACHE", str(tmp_path))
    source = r"(?i)my (?P<animal>dog|cat) (?P<name>[A-Z]\w+)"
    patterns.compile(source)
    (path,) = _kept(tmp_path)
    kept, kept_flags, (flags, groups, groupindex, code) = json.loads(path.read_text())
    path.write_text(
        json.dumps([kept, kept_flags, [flags, groups, groupindex, [99999, *code[1:]]]])
    )  # garbage engine code
    assert patterns.compile(source) == re.compile(source)
    path.write_text("not json")
    assert patterns.compile(source).match("my dog Rex").group("name") == "Rex"


def test_flags_are_part_of_the_pattern(tmp_path, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_CACHE", str(tmp_path))
    for _ in range(2):  # compiled and kept, then read back
        assert patterns.compile(r"oakfield high").match("Oakfield High") is None
        assert patterns.compile(r"oakfield high", re.IGNORECASE).match("Oakfield High")
        assert patterns.compile(r"oakfield high", re.IGNORECASE) == re.compile(r"oakfield high", re.IGNORECASE)


def test_nothing_is_kept_in_a_room(tmp_path, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_CACHE", str(tmp_path))
    with paths.nothing_written():
        assert patterns.compile(r"in a room (\d+)").match("in a room 12")
    assert _kept(tmp_path) == []
