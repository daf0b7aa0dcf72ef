"""`footprint review`: the professional-presence review, end to end on the demo personas, and the
data-driven pieces it is made of."""
import json
import re

import pytest

from analysis import professional as pro
from footprint.model import Account, Document
from tests.conftest import run_cli


def review_json(handle: str, env: dict[str, str] | None = None) -> dict:
    result = run_cli("review", handle, "--demo", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check(report: dict, check_id: str) -> dict:
    return next(c for c in report["professional"]["checks"] if c["id"] == check_id)


@pytest.fixture(scope="module")
def amara(tmp_path_factory) -> dict:
    # module-scoped, so it runs before the per-test store fixture: give it a store of its own
    return review_json("amaraokafor", env={"FOOTPRINT_HOME": str(tmp_path_factory.mktemp("review-home"))})


def test_job_seeker_review_has_the_full_report_and_a_professional_section(amara):
    assert amara["schema"] == "footprint/report@3" and amara["score"] > 0
    section = amara["professional"]
    assert section["schema"] == "footprint/professional@2" and section["result"] == "fail"
    assert [c["id"] for c in section["checks"]] == ["digital-name", "apart", "up-to-date", "visibility", "complete", "content", "identity"]
    for c in section["checks"]:
        assert c["result"] in {"pass", "warn", "fail"} and c["summary"] and c["why"] and c["source"]
        if c["result"] != "pass":
            assert c["findings"] and c["todo"]


def test_job_seeker_dormant_professional_profile(amara):
    up = check(amara, "up-to-date")
    assert up["result"] == "fail"
    github, = [f for f in up["findings"] if f["account"] == "github:amaraokafor"]
    assert github["quote"].startswith("2024-05") and "(quiet for over a year)" in github["text"]
    assert any("GitHub" in t and "2024-05" in t for t in up["todo"])


def test_job_seeker_personal_account_linked_from_the_professional_one(amara):
    apart = check(amara, "apart")
    assert apart["result"] == "fail"
    link = next(f for f in apart["findings"] if f["account"] == "github:amaraokafor")  # GitLab and DEV link it too
    assert link["account"] == "github:amaraokafor" and "twitter_username" in link["source"]
    assert "amz_afterdark" in link["text"] and link["quote"] in {"x:amz_afterdark", "https://twitter.com/amz_afterdark"}


def test_job_seeker_inconsistent_digital_name(amara):
    name = check(amara, "digital-name")
    assert name["result"] == "warn"
    by_handle = {f["quote"]: f for f in name["findings"] if f["source"] is not None and f["quote"]}
    # the X account is checked itself once the pivot from GitHub reaches it
    assert "not the handle you use" in by_handle["amz_afterdark"]["text"] and by_handle["amz_afterdark"]["account"] in {"github:amaraokafor", "x:amz_afterdark"}
    assert "close to your handle" in by_handle["amara-okafor-data"]["text"]
    assert any("afterdark" in f["text"] and "recruiter" in f["text"] for f in name["findings"])


def test_job_seeker_identity_details_link_to_the_risk_section(amara):
    identity = check(amara, "identity")
    assert identity["result"] == "fail"
    birthday = next(f for f in identity["findings"] if "birthday" in f["text"])
    assert birthday["account"] == "hackernews:amaraokafor" and birthday["quote"] == "2nd June"
    satisfied = {c["id"] for c in amara["capabilities"] if c["state"] != "out_of_reach"}
    assert birthday["risks"] and set(birthday["risks"]) <= satisfied


def test_careful_persona_has_no_fail():
    report = review_json("quietfox")
    # The only fail allowed is a dormant account: quietfox (34 bits) counts as one person's handle on both
    # networks, and its Hacker News account has been quiet for over a year.
    fails = [c["id"] for c in report["professional"]["checks"] if c["result"] == "fail"]
    assert set(fails) <= {"up-to-date"}
    assert check(report, "complete")["result"] == "warn"  # no professional profile to be found by


def test_terminal_review_shows_each_check_with_its_evidence():
    result = run_cli("review", "amaraokafor", "--demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for line in ("FAIL  Work and personal kept apart", "WARN  Your name online", "FAIL  Up to date"):
        assert line in out
    assert "amz_afterdark" in out and "2024-05-19" in out and "Do: " in out


def test_review_bad_handle_is_one_line():
    result = run_cli("review", "has space", "--demo")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_name_on_the_list_is_checked_against_professional_profiles():
    result = run_cli("review", "amaraokafor", "--demo", "--json", "--name", "Amara N. Okafor")
    name = check(json.loads(result.stdout), "digital-name")
    assert any(f["account"] == "github:amaraokafor" and f["quote"] == "Amara Okafor" and "Amara N. Okafor" in f["text"]
               for f in name["findings"])


def test_review_json_to_file(tmp_path):
    out = tmp_path / "review.json"
    result = run_cli("review", "amaraokafor", "--demo", "--output", str(out))
    assert result.returncode == 0
    assert json.loads(out.read_text())["professional"]["handle"] == "amaraokafor"


def test_review_against_a_real_local_server(fake_api):
    result = run_cli("review", "amaraokafor", "--json", *fake_api.endpoint_args(), "--allow-private")  # includes --site
    assert result.returncode == 0, result.stderr
    assert check(json.loads(result.stdout), "apart")["result"] == "fail"


# --- the pieces ---------------------------------------------------------------------------------

@pytest.mark.parametrize("handle,relation", [
    ("amaraokafor", "same"), ("Amara.Okafor", "same"), ("amara-okafor-data", "variant"), ("amaraokafr", "variant"),
    ("amz_afterdark", "different"), ("quietfox", "different"),
])
def test_handle_relation(handle, relation):
    assert pro.handle_relation(handle, "amaraokafor") == relation


def test_a_bluesky_name_on_the_default_domain_is_the_same_digital_name():
    accounts = [Account("github", "amaraokafor", "https://github.com/amaraokafor", "found"),
                Account("bluesky", "amaraokafor.bsky.social", "https://bsky.app/profile/amaraokafor.bsky.social", "found"),
                Account("mastodon", "amaraokafor@hachyderm.io", "https://hachyderm.io/@amaraokafor", "found")]
    result = pro.digital_name("amaraokafor", accounts)
    assert result.result == "pass", [f.text for f in result.findings]
    assert any("amaraokafor.bsky.social on Bluesky: the same handle" in f.text for f in result.findings)


@pytest.mark.parametrize("handle,flagged", [
    ("amz_afterdark", ["afterdark"]), ("jess_420", ["420"]), ("sexyjess", ["sexy"]), ("amaraokafor", []), ("blushing_rose", []),
])
def test_unprofessional_handle_words(handle, flagged):
    assert pro.unprofessional_words(handle) == flagged


@pytest.mark.parametrize("kind,value,expected", [
    ("handle", "x:amz_afterdark", ("x", "amz_afterdark")),
    ("url", "https://twitter.com/amz_afterdark", ("x", "amz_afterdark")),
    ("url", "https://www.linkedin.com/in/amara-okafor-data", ("linkedin", "amara-okafor-data")),
    ("url", "https://www.tiktok.com/@jessmcr2011", ("tiktok", "jessmcr2011")),
    ("url", "https://amaraokafor.example.com", None),
    ("email", "a@example.com", None),
])
def test_linked_handle(kind, value, expected):
    assert pro.linked_handle(kind, value) == expected


def _account(text: str) -> Account:
    a = Account("x", "someone", "https://x.com/someone", "found")
    a.documents = [Document(account=a.id, source="post:1", text=text)]
    return a


@pytest.mark.parametrize("text,category", [
    ("so hungover today", "drinking-drugs"),
    ("we got smashed at prinks", "drinking-drugs"),
    ("I lied on my CV about the A-levels", "lying-qualifications"),
    ("my manager is a joke", "criticising-employer"),
    ("go back to your own country", "discriminatory"),
    ("new thirst trap just dropped", "provocative"),
])
def test_content_lexicon_flags(text, category):
    result = pro.content_check([_account(text)])
    assert result.result == "fail"
    assert any(p.search(text) for c, p in pro.lexicon() if c["id"] == category)


@pytest.mark.parametrize("text", [
    "Smashed it at the interview today!", "Reading about lean startups", "Shots from my photography walk",
    "Diet Coke and revision", "Hangover Square is a great novel",
])
def test_content_lexicon_leaves_ordinary_posts_alone(text):
    assert pro.content_check([_account(text)]).result == "pass"


def test_lexicon_is_data_with_sources():
    data = pro.load()
    for cat in data["content"]["categories"]:
        assert cat["source"] in data["sources"] and cat["advice"] and cat["patterns"]
        for p in cat["patterns"]:
            re.compile(p)
    for spec in data["checks"].values():
        if isinstance(spec, dict):
            assert spec["source"] in data["sources"]


@pytest.mark.parametrize("name,ok", [("Amara Okafor", True), ("A. Okafor", False), ("Amara O.", False), ("amara", False), ("Mary-Jane Li Wu", True)])
def test_full_name(name, ok):
    assert pro.full_name(name) is ok


def test_printable_html_review_escapes_and_can_be_redacted(tmp_path):
    out = tmp_path / "amara.html"
    result = run_cli("review", "amaraokafor", "--demo", "--html", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert 'id="professional"' in page and "FAIL" in page and "amz_afterdark" in page and "2024-05-19" in page
    assert out.stat().st_mode & 0o777 == 0o600
    hidden = tmp_path / "hidden.html"
    run_cli("review", "amaraokafor", "--demo", "--html", str(hidden), "--redact")
    page = hidden.read_text()
    assert 'id="professional"' in page and "hidden in this copy" in page and "2nd June" not in page


def test_html_review_section_escapes_hostile_text():
    from footprint.model import REVIEW_SCHEMA, Report, Review, Target
    from reports import html_report

    hostile = {"schema": REVIEW_SCHEMA, "handle": "x", "result": "fail", "counts": {"pass": 0, "warn": 0, "fail": 1},
               "checks": [{"id": "content", "title": "Content", "result": "fail", "summary": "<img src=x onerror=alert(1)>",
                           "why": "w", "source": "s", "todo": ["<script>alert(2)</script>"],
                           "findings": [{"text": "<b>bold</b>", "url": "javascript:alert(3)", "account": None, "source": None,
                                         "quote": None, "risks": []}]}]}
    page = html_report.render(Report(Target("x"), (), (), (), (), (), (), 0, (), review=Review.from_dict(hostile)),
                              with_review=True)
    assert "<img src=x" not in page and "<script>alert(2)" not in page and "<b>bold</b>" not in page
    assert 'href="javascript:' not in page


def test_demo_hints_never_suggest_scanning_a_persona_for_real():
    # a demo persona's handle may well be a real person's: the demo points at the demo, never at a real scan
    result = run_cli("--no-color", "review", "amaraokafor", "--demo")
    assert result.returncode == 0, result.stderr
    assert "footprint scan amaraokafor" not in result.stdout + result.stderr
    assert "`footprint demo amara`" in result.stdout
