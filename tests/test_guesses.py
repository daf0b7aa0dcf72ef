"""What a stranger would try first: ten guesses built from a demo persona's fragments, with the persona's
fictional password marked, for demo personas only (never for a real handle, even with the same data)."""
import json

from footprint.model import Report
from reports import html_report
from tests.conftest import run_cli


def demo(persona):
    return json.loads(run_cli("demo", persona, "--json").stdout)


def test_jess_password_is_the_second_guess_built_from_her_dog_and_birthday():
    r = demo("jess")
    assert r["demo"] is True and len(r["guesses"]) == 10
    texts = [g["text"] for g in r["guesses"]]
    assert texts[:2] == ["Biscuit2011", "Biscuit1403"] and [g["hit"] for g in r["guesses"]].index(True) == 1
    hit = r["guesses"][1]
    assert hit["recipe"] == "pet's name + birthday"
    assert [p["kind"] for p in hit["parts"]] == ["pet_name", "birthday"] and hit["parts"][0]["fragment"] == "pet_name=biscuit"
    assert [s["type"] for s in r["story"][-2:]] == ["guesses", "summary"]
    again = Report.from_dict(r)
    assert again.demo and again.guesses[1].hit and again.guesses[1].text == "Biscuit1403"


def test_the_careful_persona_gets_ten_guesses_and_none_is_right():
    r = demo("sol")
    assert len(r["guesses"]) == 10 and not any(g["hit"] for g in r["guesses"])
    assert all("quietfox" in g["text"].casefold() or "xofteiuq" in g["text"] for g in r["guesses"])


def test_a_real_scan_of_the_same_data_has_no_guesses(fake_api, tmp_path):
    out = tmp_path / "r.html"
    result = run_cli("scan", "jessmcr2011", *fake_api.endpoint_args(), "--allow-private", "--json", "--html", str(out))
    r = json.loads(result.stdout)
    assert r["demo"] is False and r["guesses"] == [] and all(s["type"] != "guesses" for s in r["story"])
    assert "What a stranger would try first" not in out.read_text()


def test_the_demo_html_report_lists_them_and_masks_them_when_redacted(tmp_path):
    plain, masked = tmp_path / "p.html", tmp_path / "m.html"
    run_cli("demo", "jess", "--html", str(plain))
    run_cli("demo", "jess", "--html", str(masked), "--redact")
    assert "What a stranger would try first" in plain.read_text() and "Biscuit1403" in plain.read_text()
    text = masked.read_text()
    assert "What a stranger would try first" in text and "Biscuit1403" not in text and "this is the persona" in text


def test_views_never_show_guesses_of_a_report_not_from_the_demo(tmp_path):
    from dataclasses import replace
    r = Report.from_dict(demo("jess"))
    assert "What a stranger would try first" not in html_report.render(replace(r, demo=False))
