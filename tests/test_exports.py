"""A person's own data downloads (Instagram, TikTok, X, Facebook), read locally. The fixtures under
tests/exports/ are fictional and follow each network's real layout, including Meta's mangled UTF-8."""
import json
import shutil
import socket
import zipfile
from pathlib import Path

import pytest

from collectors.exports import ExportError, read_exports
from tests.conftest import run_cli

EXPORTS = Path(__file__).parent / "exports"
INSTAGRAM, TIKTOK, X, FACEBOOK = (EXPORTS / n for n in ("instagram-jessmcr", "tiktok-jessmcr", "x-amz_afterdark", "facebook-amara"))


def zip_folder(folder: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(folder).as_posix())
    return dest


def docs(account) -> dict[str, str]:
    return {d.source: d.text for d in account.documents}


def import_json(*paths: Path) -> tuple[dict, str]:
    result = run_cli("import", *map(str, paths), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def fragment_values(report: dict, kind: str) -> set[str]:
    return {f["normalized"] for f in report["fragments"] if f["kind"] == kind}


def test_instagram_profile_posts_and_comments_with_meta_text_repaired():
    result = read_exports([INSTAGRAM])
    ig, = result.accounts
    assert (ig.network, ig.handle, ig.url) == ("instagram", "jess.mcr.11", "https://www.instagram.com/jess.mcr.11")
    assert ig.profile["name"] == "Jess Hughes" and ig.profile["date_of_birth"] == "14/03/2011"
    assert ig.profile["private_account"] is False
    text = docs(ig)
    assert text["post:1"] == "Sunday at the café with my dog Biscuit ☕🐶"  # was caf\u00c3\u00a9 ... in the file
    assert text["post:2"].startswith("First day of Year 11 at Oakfield High")
    assert "Mill Lane" in text["comment:1"]
    assert ig.last_active.startswith("2024-09-10")
    # direct messages and ads are listed as not read, never analysed
    assert any("messages/inbox" in name for name in result.ignored)
    assert not any("private words" in d.text for d in ig.documents)
    assert result.problems == []


def test_tiktok_new_layout_profile_videos_comments_and_privacy():
    tt, = read_exports([TIKTOK]).accounts
    assert (tt.network, tt.handle) == ("tiktok", "jessmcr2011")
    assert tt.profile["date_of_birth"] == "14/03/2011" and tt.profile["bio"] == "mcr girl | 14"
    assert tt.profile["private_account"] is False
    text = docs(tt)
    assert "Location: Greater Manchester" in text["post:1"] and text["comment:1"] == "my cat Mochi hates mornings too"
    assert tt.last_active.startswith("2025-02-03")


def test_tiktok_old_layout(tmp_path):
    (tmp_path / "user_data.json").write_text(json.dumps({
        "Profile": {"Profile Information": {"ProfileMap": {"userName": "oldtok", "bioDescription": "hi", "birthDate": "2009-01-05"}}},
        "Video": {"Videos": {"VideoList": [{"Date": "2021-05-01 10:00:00", "Link": "https://www.tiktokv.com/share/video/1/", "Likes": "3"}]}},
        "Comment": {"Comments": {"CommentsList": [{"Date": "2021-05-02 10:00:00", "Comment": "born on 5 January"}]}},
    }))
    tt, = read_exports([tmp_path]).accounts
    assert tt.handle == "oldtok" and tt.profile["date_of_birth"] == "05/01/2009"
    assert docs(tt)["comment:1"] == "born on 5 January" and tt.last_active.startswith("2021-05-02")


def test_x_archive_tweets_replies_and_retweets():
    x, = read_exports([X]).accounts
    assert (x.network, x.handle, x.url) == ("x", "amz_afterdark", "https://x.com/amz_afterdark")
    assert x.profile["name"] == "Amara 🌙" and x.profile["location"] == "Leeds"
    text = docs(x)
    assert "hungover" in text["post:1800000000000000001"]
    assert "my boss is a joke" in text["comment:1800000000000000002"]  # a reply
    assert not any("someone_else" in t for t in text.values())  # a retweet is someone else's words
    reflected = {d.source: d.text for d in read_exports([X]).reflected}
    assert reflected["repost:1800000000000000003"].startswith("RT @someone_else")
    assert "immigrants" in reflected["like:1700000000000000009"]  # likes reflect on you; they are read apart
    assert x.last_active.startswith("2024-09-30")


def test_facebook_profile_posts_checkins_and_comments():
    fb, = read_exports([FACEBOOK]).accounts
    assert (fb.network, fb.handle) == ("facebook", "amara.okafor.03")
    assert fb.profile["date_of_birth"] == "02/06/2003" and fb.profile["hometown"] == "Bradford, United Kingdom"
    assert fb.profile["school"] == "Beckfield Grammar School"
    text = docs(fb)
    assert text["post:2"] == "Résumé finally done ✨\nChecked in at Café Nero, Briggate, Leeds"
    assert "pulling a sickie" in text["comment:1"]
    assert text["profile:family_members:1"] == "Sister: Chiamaka Okafor"


@pytest.mark.parametrize("folder", [INSTAGRAM, TIKTOK, X, FACEBOOK], ids=lambda p: p.name)
def test_zip_reads_the_same_as_the_folder(folder, tmp_path):
    from_folder, = read_exports([folder]).accounts
    from_zip, = read_exports([zip_folder(folder, tmp_path / "download.zip")]).accounts
    assert docs(from_zip) == docs(from_folder) and from_zip.profile == from_folder.profile


def test_damaged_file_is_named_and_the_rest_is_read(tmp_path):
    export = shutil.copytree(INSTAGRAM, tmp_path / "ig")
    (export / "your_instagram_activity/content/posts_1.json").write_text('[{"media": [{"title": "half a fi')
    result = read_exports([export])
    problem, = result.problems
    assert problem.file == "ig/your_instagram_activity/content/posts_1.json" and "not valid JSON" in problem.reason
    ig, = result.accounts
    assert ig.profile["name"] == "Jess Hughes" and "comment:1" in docs(ig)  # the other files still count

    cli = run_cli("import", str(export), "--json")
    assert cli.returncode == 0
    assert "skipped ig/your_instagram_activity/content/posts_1.json is not valid JSON" in cli.stderr
    assert json.loads(cli.stdout)["import"]["problems"][0]["file"].endswith("posts_1.json")


def test_corrupt_member_of_a_zip_is_named(tmp_path):
    archive = zip_folder(X, tmp_path / "twitter.zip")
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("data/tweets.js")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 25):  # scramble the compressed bytes: a bad CRC or a zlib error
        raw[i] ^= 0xFF
    archive.write_bytes(bytes(raw))
    result = read_exports([archive])
    assert [p.file for p in result.problems] == ["twitter.zip/data/tweets.js"]
    x, = result.accounts
    assert x.handle == "amz_afterdark" and x.profile["bio"]


def test_wrong_shape_and_wrong_wrapper_are_named(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/tweets.js").write_text('[{"tweet": {}}]')  # missing the window.YTD assignment
    (tmp_path / "data/account.js").write_text('window.YTD.account.part0 = [{"account": {"username": "someone"}}]')
    (tmp_path / "posts_1.json").write_text('{"not": "a list"}')
    result = read_exports([tmp_path])
    reasons = {p.file.split("/", 1)[1]: p.reason for p in result.problems}
    assert "window.YTD" in reasons["data/tweets.js"] and "list of posts" in reasons["posts_1.json"]
    assert [a.handle for a in result.accounts] == ["someone"]


def test_nothing_readable_is_one_line_exit_2(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    for args in ([str(tmp_path)], [str(tmp_path / "missing.zip")], [str(tmp_path / "notes.txt")]):
        result = run_cli("import", *args)
        assert result.returncode == 2, result
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    with pytest.raises(ExportError, match="Instagram, TikTok, X archive and Facebook"):
        read_exports([tmp_path])


def test_html_version_of_a_download_gets_a_hint(tmp_path):
    (tmp_path / "your_instagram_activity/content").mkdir(parents=True)
    (tmp_path / "your_instagram_activity/content/posts_1.html").write_text("<html><body>posts</body></html>")
    result = run_cli("import", str(tmp_path))
    assert result.returncode == 2 and "Ask for the JSON version" in result.stderr


def test_import_opens_no_socket(monkeypatch):
    from footprint.model import Target
    from footprint.scanner import analyse_own_data

    def refuse(*args, **kwargs):
        raise AssertionError("import tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    accounts = read_exports([INSTAGRAM, TIKTOK, X, FACEBOOK]).accounts
    report = analyse_own_data(Target(accounts[0].handle), accounts, [], {})
    assert report.fragments


def test_import_instagram_and_tiktok_end_to_end():
    report, _ = import_json(INSTAGRAM, TIKTOK)
    assert {a["network"] for a in report["accounts"]} == {"instagram", "tiktok"}
    assert report["unlinked_fragments"] == []  # your own download is yours, whatever the handle
    assert "oakfield high" in fragment_values(report, "school")
    assert "2011-03-14" in fragment_values(report, "date_of_birth")
    assert {"biscuit", "mochi"} <= fragment_values(report, "pet_name")
    assert any(c["satisfied"] for c in report["capabilities"]) and report["score"] > 0
    content, seen_by = report["professional"]["checks"]
    flagged = [f for f in content["findings"] if f["account"] == "tiktok:jessmcr2011"]
    assert content["result"] == "fail" and flagged[0]["quote"] == "wasted" and flagged[0]["source"] == "post:2"
    assert seen_by["id"] == "visibility" and seen_by["result"] == "warn"  # both downloads say the account is public
    assert all("public: anyone can see your posts" in f["text"] for f in seen_by["findings"])


def test_import_x_archive_flags_what_an_employer_would_hold_against_you():
    report, _ = import_json(X)
    content = next(c for c in report["professional"]["checks"] if c["id"] == "content")
    quotes = {f["quote"].casefold() for f in content["findings"]}
    assert {"hungover", "my boss is a joke"} <= quotes
    assert any(f["url"] == "https://x.com/i/status/1800000000000000002" for f in content["findings"])
    assert "--06-02" in fragment_values(report, "birthday")
    liked = next(f for f in content["findings"] if f["source"] == "like:1700000000000000009")
    assert "you liked or shared this" in liked["text"] and "discriminatory" in liked["text"]
    # the retweet's "born 1 June 1990" is someone else's: it must not become amara's date of birth
    assert "1990-06-01" not in fragment_values(report, "date_of_birth")
    assert not any("immigrants" in e["text"] for f in report["fragments"] for e in f["evidence"])


def test_import_facebook_zip_end_to_end(tmp_path):
    report, _ = import_json(zip_folder(FACEBOOK, tmp_path / "facebook-amara.zip"))
    assert "2003-06-02" in fragment_values(report, "date_of_birth")
    assert any("bradford" in v for v in fragment_values(report, "hometown"))
    bank = next(c for c in report["capabilities"] if c["id"] == "credit-fraud")
    # A town is not an address: name + date of birth + current city leave credit fraud one step away.
    assert bank["state"] in ("satisfied", "near_miss") and any(f.startswith("date_of_birth=") for f in bank["fragments"])
    content = next(c for c in report["professional"]["checks"] if c["id"] == "content")
    assert any(f["quote"].casefold() == "hate my job" and f["source"] == "comment:1" for f in content["findings"])


def test_import_terminal_says_it_stayed_local():
    result = run_cli("import", str(INSTAGRAM))
    assert result.returncode == 0, result.stderr
    assert "Nothing was uploaded" in result.stdout and "Oakfield High" in result.stdout


# --- Imports as the downloads really are (issue 19) ------------------------------------------------------------

def _x_copy(tmp_path, profile_website: str, tweets: list[dict], notes: list[dict] | None = None) -> Path:
    folder = tmp_path / "x"
    shutil.copytree(X, folder)
    data = folder / "data"
    profile = [{"profile": {"description": {"bio": "Leeds nights.", "website": profile_website, "location": "Leeds"}}}]
    (data / "profile.js").write_text("window.YTD.profile.part0 = " + json.dumps(profile))
    (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps([{"tweet": t} for t in tweets]))
    if notes is not None:  # the layout several archive parsers agree on: noteTweet {noteTweetId, createdAt, core.text}
        (data / "note-tweet.js").write_text("window.YTD.note_tweet.part0 = " + json.dumps([{"noteTweet": n} for n in notes]))
    return folder


def test_x_profile_website_is_expanded_from_the_archive_or_dropped(tmp_path):
    # profile.js holds the website as a t.co link (twarchive's fixture, the twitter_archive crate's docs);
    # the archive's tweets carry t.co expansions in entities.urls
    tweet = {"id_str": "1", "created_at": "Fri Jun 14 22:41:07 +0000 2024", "full_text": "new site https://t.co/AbC123",
             "entities": {"urls": [{"url": "https://t.co/AbC123", "expanded_url": "https://amara.example.net/",
                                    "display_url": "amara.example.net"}]}}
    x, = read_exports([_x_copy(tmp_path / "a", "https://t.co/AbC123", [tweet])]).accounts
    assert x.profile["website"] == "https://amara.example.net/"
    assert ("url", "https://amara.example.net/", "website") in x.links
    x, = read_exports([_x_copy(tmp_path / "b", "https://t.co/ZzZ999", [tweet])]).accounts
    assert "website" not in x.profile and not any("t.co" in v for _, v, _ in x.links)


def test_x_long_posts_are_read_whole_from_note_tweet(tmp_path):
    whole = "Moving to Bradford next month for the new job at the hospital, " + "and here is why. " * 20
    cut = whole[:270] + "… https://t.co/long1"
    tweets = [{"id_str": "7", "created_at": "Wed Jun 04 10:00:00 +0000 2025", "full_text": cut, "entities": {}}]
    notes = [{"noteTweetId": "70", "createdAt": "2025-06-04T10:00:00.000Z", "core": {"text": whole, "urls": []}},
             {"noteTweetId": "71", "createdAt": "2025-06-05T10:00:00.000Z", "core": {"text": "A long one on its own."}}]
    x, = read_exports([_x_copy(tmp_path, "", tweets, notes)]).accounts
    text = docs(x)
    assert text["post:7"] == whole.strip()  # the whole post, in the tweet's place and with its address
    assert "note:70" not in text and text["note:71"] == "A long one on its own."


def _instagram_copy(tmp_path, labels: dict[str, str]) -> Path:
    folder = tmp_path / "ig"
    shutil.copytree(INSTAGRAM, folder)
    path = folder / "personal_information" / "personal_information" / "personal_information.json"
    def mangle(s: str) -> str:  # Meta writes each UTF-8 byte as its own \u00XX, labels as much as values
        return s.encode("utf-8").decode("latin-1")
    fields = {mangle(k): {"href": "", "value": mangle(v), "timestamp": 0} for k, v in labels.items()}
    path.write_text(json.dumps({"profile_user": [{"string_map_data": fields}]}))
    return folder


def test_instagram_labels_in_other_languages_are_read_once_repaired(tmp_path):
    french = {"Nom d'utilisateur": "jess.mcr.11", "Nom": "Jess Hughes", "Numéro de téléphone": "+44 7700 900123",
              "Adresse e-mail": "jess@example.com", "Date de naissance": "2011-03-14", "Biographie": "Année 11 🐶"}
    ig, = read_exports([_instagram_copy(tmp_path / "fr", french)]).accounts
    assert ig.handle == "jess.mcr.11"
    assert {k: ig.profile.get(k) for k in ("name", "phone", "email", "date_of_birth", "bio")} == {
        "name": "Jess Hughes", "phone": "+44 7700 900123", "email": "jess@example.com",
        "date_of_birth": "14/03/2011", "bio": "Année 11 🐶"}
    spanish = {"Nombre de usuario": "jess.mcr.11", "Nombre": "Jess Hughes"}
    ig, = read_exports([_instagram_copy(tmp_path / "es", spanish)]).accounts
    assert ig.profile["name"] == "Jess Hughes"


def test_instagram_labels_in_an_unknown_language_are_a_named_problem_not_silence(tmp_path):
    result = read_exports([_instagram_copy(tmp_path, {"Imię i nazwisko": "Jess Hughes", "Nazwa użytkownika": "jess"})])
    assert any("language footprint does not know yet" in str(p) for p in result.problems)
