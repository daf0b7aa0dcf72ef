"""The self-contained HTML report: offline, owner-only, escaped, pinned by a strict CSP."""
import base64
import hashlib
import re
import stat
from html import unescape

from footprint.demo import personas
from reports import html_report
from tests.conftest import run_cli
from tests.live_helpers import hostile_persona, persona_report


def inline_blocks(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)


def test_demo_writes_an_owner_only_report_with_summary_evidence_and_fix_plan(tmp_path):
    out = tmp_path / "jess.html"
    out.write_text("old")
    out.chmod(0o644)  # an existing file is narrowed too
    result = run_cli("demo", "jess", "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text()
    assert "footprint report for jessmcr2011" in html
    assert f"{persona_report(personas()['jess']).score} / 100" in html  # the score
    assert "Get into your accounts with your secret answers" in html and "Bonneau" in html  # capability + source
    assert "Oakfield High" in html and 'href="https://keybase.io/jessmcr2011"' in html  # evidence + where
    plan = persona_report(personas()["jess"]).fix_plan
    assert "Fix these first" in html and plan[0].advice[0] in unescape(html)
    assert "@media print" in html
    # Nothing loads from anywhere: no src attributes, no stylesheets, no CSS urls; links are only links.
    assert not re.search(r"\ssrc=|<link[^>]+stylesheet|url\(|@import", html)


def test_csp_pins_exactly_the_inline_script_and_style():
    html = html_report.render(persona_report(personas()["jess"]))
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    (script,) = [s for s in re.findall(r"<script>(.*?)</script>", html, flags=re.S)]
    (style,) = inline_blocks(html, "style")
    for text, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


def test_hostile_fields_are_text_never_markup():
    html = html_report.render(persona_report(hostile_persona()))
    body = html.split("<body", 1)[1]
    assert "<script>window" not in body and "<img src=x" not in body and "<svg onload" not in body
    assert "<iframe" not in body and "<style>body" not in body
    assert "&lt;script&gt;window.__pwned=" in body  # shown, as text
    assert not re.search(r"href=[\"']?\s*(javascript|data):", body, flags=re.I)
    assert len(re.findall(r"<script\b", body)) == 2  # our JSON data block and our one script
    assert "\\u003cscript\\u003e" in body  # the JSON data block cannot close its own tag


def test_redacted_report_shows_kinds_not_values():
    html = html_report.render(persona_report(personas()["jess"]), redact=True)
    assert "J*** H*****" in html and "full name" in html
    for value in ("Jess Hughes", "Oakfield", "Biscuit", "Kieran", "jessmcr2011", "Stockport"):
        assert value not in html, value


def test_unwritable_html_path_is_one_line_error(tmp_path):
    result = run_cli("demo", "jess", "--html", str(tmp_path / "missing" / "r.html"))
    assert result.returncode == 1
    assert result.stderr.startswith("footprint: cannot write") and "Traceback" not in result.stderr


def test_the_report_says_what_the_score_means_and_what_moves_it():
    import footprint
    from reports import html_report as hr

    page = hr.render(footprint.scan("jessmcr2011", demo=True))
    assert "Exposure score 89 out of 100." in page and "It goes up with each risk that is unlocked" in page
    assert "Each fix brings it down" in page  # under the meter too
