"""A shared computer: what footprint keeps and writes is the owner's alone, a symlink planted at an output path
is replaced rather than followed, and `forget` leaves nothing of a handle in the store, not even in the
stored reports of another handle whose scan pivoted to it."""
import os
import stat

from tests.conftest import run_cli
from tests.logging_server import LoggingServer


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def store_files(home):
    return [p for p in home.iterdir() if p.name.startswith("footprint.sqlite")]


def test_the_store_is_owner_only_and_an_older_open_one_is_tightened(footprint_home, fake_api):
    footprint_home.chmod(0o755)
    (footprint_home / "footprint.sqlite").touch(mode=0o644)
    os.chmod(footprint_home / "footprint.sqlite", 0o644)  # as an older footprint left them
    result = run_cli("scan", "dwhitfield", *fake_api.endpoint_args(), "--allow-private", "--json")
    assert result.returncode == 0, result.stderr
    assert mode(footprint_home) == 0o700
    files = store_files(footprint_home)
    assert {p.name for p in files} >= {"footprint.sqlite"}
    assert all(mode(p) == 0o600 for p in files), [(p.name, oct(mode(p))) for p in files]


def test_every_output_replaces_a_symlink_at_its_path_and_is_owner_only(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("someone else's file")
    outputs = {name: tmp_path / name for name in ("report.json", "report.html", "graph.graphml")}
    for path in outputs.values():
        path.symlink_to(precious)
    result = run_cli("demo", "jess", "-o", str(outputs["report.json"]), "--html", str(outputs["report.html"]),
                     "--graph", str(outputs["graph.graphml"]))
    assert result.returncode == 0, result.stderr
    assert precious.read_text() == "someone else's file"  # not followed, not overwritten
    for name, path in outputs.items():
        assert not path.is_symlink() and path.stat().st_size > 100, name
        assert mode(path) == 0o600, (name, oct(mode(path)))


def test_every_batch_file_is_owner_only_in_an_owner_only_folder(tmp_path):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("handle,name\njessmcr2011,Jess Hughes\ndwhitfield,Dan Whitfield\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").symlink_to(cohort)  # planted where the summary goes
    result = run_cli("batch", str(cohort), "--demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert cohort.read_text().startswith("handle,name\njessmcr2011")
    written = sorted(p.name for p in out.iterdir())
    assert {"summary.csv", "summary.html", "jessmcr2011.json", "jessmcr2011.html", "dwhitfield.json"} <= set(written)
    assert all(mode(out / name) == 0o600 and not (out / name).is_symlink() for name in written), written


def test_sites_update_writes_the_list_owner_only(footprint_home):
    body = {"license": ["CC BY-SA 4.0"], "authors": ["fictional"], "sites": [
        {"name": "ExampleForum", "uri_check": "https://forum.example/u/{account}", "e_code": 200, "e_string": "x",
         "m_code": 404, "m_string": "y"}]}
    with LoggingServer() as server:
        server.route("/wmn-data.json", body)
        result = run_cli("sites", "update", "--url", f"{server.base}/wmn-data.json", "--allow-private")
    assert result.returncode == 0, result.stderr
    assert mode(footprint_home / "wmn-data.json") == 0o600


def pivoting_pair(api: LoggingServer) -> list[str]:
    """quillonfox on GitHub links its Keybase, zephyrtrace, whose proofs name quillonfox back: a scan of
    quillonfox pivots to zephyrtrace and keeps zephyrtrace's answers, account and words in its report."""
    api.route("/gh/users/quillonfox", {"login": "quillonfox", "id": 5, "type": "User", "name": "Quill Fox",
                                       "blog": "https://keybase.io/zephyrtrace", "bio": "I'm zephyrtrace on Keybase",
                                       "html_url": "https://github.com/quillonfox"})
    api.route("/kb/_/api/1.0/user/lookup.json", {"status": {"code": 0, "name": "OK"}, "them": [{
        "basics": {"username": "zephyrtrace"}, "profile": {"full_name": "Zephyr Trace", "location": "Whitby",
                                                           "bio": "zephyrtrace, lives in Whitby"},
        "proofs_summary": {"all": [{"proof_type": "github", "nametag": "quillonfox", "state": 1}]}}]},
              when={"usernames": "zephyrtrace"})
    api.route("/kb/_/api/1.0/user/lookup.json", {"status": {"code": 0, "name": "OK"}, "them": [None]})
    return ["--endpoint", f"github={api.base}/gh", "--endpoint", f"keybase={api.base}/kb", "--site", "github",
            "--site", "keybase", "--allow-private", "--no-progress", "--json"]


def test_forget_leaves_no_trace_of_the_handle_anywhere_in_the_store(footprint_home):
    with LoggingServer() as api:
        args = pivoting_pair(api)
        first = run_cli("scan", "quillonfox", *args)
        other = run_cli("scan", "someoneelse", *args)
    assert first.returncode == 0, first.stderr
    assert "zephyrtrace" in first.stdout  # the scan did pivot, and the store holds it
    assert any(b"zephyrtrace" in p.read_bytes().lower() for p in store_files(footprint_home))
    forgot = run_cli("forget", "ZephyrTrace")
    assert forgot.returncode == 0 and forgot.stdout.startswith("Forgot ZephyrTrace: removed"), forgot.stdout
    for path in store_files(footprint_home):  # the database, its write-ahead log and its index
        assert b"zephyrtrace" not in path.read_bytes().lower(), path.name
    again = run_cli("forget", "zephyrtrace")
    assert again.stdout.startswith("Nothing stored about zephyrtrace")
    assert other.returncode == 0  # a scan that never met the handle keeps what it found
    kept = run_cli("scan", "someoneelse", *args, "--offline")
    assert kept.returncode == 0, kept.stderr
