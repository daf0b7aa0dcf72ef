import json

from typer.testing import CliRunner

from footprint.cli import app

runner = CliRunner()


def test_text_reads_what_you_paste_and_shows_the_facts():
    result = runner.invoke(app, ["text", "-", "--json"], input="year 11 @ Oakfield High | bday 14th March 🎂\n")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["fragments"]
    assert {(r["kind"], r["normalized"]) for r in rows} >= {("school_year", "year 11"), ("school", "oakfield high"),
                                                            ("birthday", "--03-14")}
    school = next(r for r in rows if r["kind"] == "school")
    assert school["value"] == "Oakfield High" and (school["start"], school["end"]) == (10, 23)


def test_text_table_shows_strangers_words_literally(tmp_path):
    path = tmp_path / "bio.txt"
    path.write_text("my dog [red]Biscuit[/red] | based in Leeds", encoding="utf-8")
    result = runner.invoke(app, ["text", str(path)])
    assert result.exit_code == 0 and "leeds, gb" in result.stdout and "based in Leeds" not in result.stdout


def test_text_jsonl_writes_one_line_per_record_and_names_bad_lines(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text('{"id": "p1", "text": "my cat Miso hates Mondays"}\nnot json\n{"id": 7, "text": "nothing"}\n',
                    encoding="utf-8")
    result = runner.invoke(app, ["text", "--jsonl", str(path)])
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["p1", 7]
    assert lines[0]["fragments"] == [{"kind": "pet_name", "value": "Miso", "normalized": "miso", "start": 7,
                                      "end": 11, "confidence": 0.9}]
    assert lines[1]["fragments"] == []
    assert "line 2: not JSON" in result.stderr


def test_text_with_a_missing_file_is_one_line_and_exit_2(tmp_path):
    result = runner.invoke(app, ["text", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and result.stderr.strip().count("\n") == 0 and "cannot read" in result.stderr


def test_doctor_says_which_pipeline_is_in_use(monkeypatch):
    monkeypatch.setenv("FOOTPRINT_PIPELINE", "blank")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "blank:en" in result.stdout and "footprint_context" in result.stdout
    assert "UK places" in result.stdout and "first names" in result.stdout


def test_doctor_with_a_pipeline_that_is_not_there_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("FOOTPRINT_PIPELINE", str(tmp_path / "no_such_pipeline"))
    from analysis.nlp import get_nlp
    get_nlp.cache_clear()
    try:
        result = runner.invoke(app, ["doctor"])
    finally:
        get_nlp.cache_clear()
    assert result.exit_code == 1 and "cannot load the trained pipeline" in result.stderr
