import pytest

from footprint.handles import InvalidHandle, normalise_handle


@pytest.mark.parametrize("raw,expected", [
    ("jessmcr2011", "jessmcr2011"),
    ("@jess_mcr", "jess_mcr"),
    ("dan.whitfield", "dan.whitfield"),
    ("jess@mastodon.social", "jess@mastodon.social"),
    ("  spaced-out  ", "spaced-out"),
])
def test_valid_handles(raw, expected):
    assert normalise_handle(raw) == expected


@pytest.mark.parametrize("raw", [
    "", "   ", "two words", "a/b", "../etc", "a..b", "what?", "tag#1", "jess@", "@@jess", "je@ss@host.org",
    "bell\x07", "new\nline", "x" * 101, "jess@localhost",
])
def test_invalid_handles(raw):
    with pytest.raises(InvalidHandle) as info:
        normalise_handle(raw)
    assert "handle" in str(info.value)
