"""Photos that say where you live: EXIF read from generated images, the GPS position as a location fragment,
fetched through the HTTP stack from a local server, never stored; the demo persona's avatar; a data download."""
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from collectors.photos import MAX_IMAGE_BYTES, read_exif
from tests.conftest import run_cli


def picture(gps=None, camera=("Apple", "iPhone 13"), taken="2026:06:14 18:32:05", size=(32, 32), fmt="JPEG") -> bytes:
    """A real image file made here, with the EXIF a phone would write (gps: (lat, lon) in signed degrees)."""
    exif = Image.Exif()
    if camera:
        exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = camera
    if taken:
        exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: taken}
    if gps:
        def dms(v):
            v = abs(v)
            return (float(int(v)), float(int(v * 60 % 60)), round(v * 3600 % 60, 4))
        lat, lon = gps
        exif[ExifTags.IFD.GPSInfo] = {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def test_gps_date_and_camera_are_read_from_a_photo():
    p = read_exif(picture(gps=(53.40182, -2.13947)), "field:avatar_url", "https://img.example/a.jpg")
    assert p.status == "read" and p.sha256 and len(p.sha256) == 64
    assert (p.latitude, p.longitude) == pytest.approx((53.40182, -2.13947), abs=1e-4)
    assert p.taken == "2026-06-14T18:32:05" and p.camera == "Apple iPhone 13"


def test_southern_and_western_positions_are_negative_and_png_works_too():
    p = read_exif(picture(gps=(-33.8568, 151.2153), fmt="PNG"), "post:1", "u")
    assert p.latitude == pytest.approx(-33.8568, abs=1e-4) and p.longitude == pytest.approx(151.2153, abs=1e-4)


def test_a_photo_without_gps_is_read_and_says_no_position():
    p = read_exif(picture(gps=None, camera=None, taken=None), "field:avatar_url", "u")
    assert p.status == "read" and p.latitude is None and p.longitude is None and p.camera is None and p.taken is None


def test_a_truncated_image_is_skipped_with_a_reason_not_an_error():
    data = picture(gps=(53.4, -2.1))
    p = read_exif(data[:200], "field:avatar_url", "u")
    assert p.status == "skipped" and "not an image we can read" in p.reason and p.latitude is None


def test_an_oversized_image_is_not_read_at_all():
    big = picture(gps=(53.4, -2.1)) + b"\0" * MAX_IMAGE_BYTES
    p = read_exif(big, "field:avatar_url", "u")
    assert p.status == "skipped" and "larger than" in p.reason and p.sha256 is None and p.latitude is None


def test_not_an_image_and_broken_gps_tags_give_no_position():
    assert read_exif(b"<html>hello</html>", "field:avatar_url", "u").status == "skipped"
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (200.0, 0.0, 0.0), 3: "E", 4: (10.0, 0.0, 0.0)}  # off the globe
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif.tobytes())
    p = read_exif(out.getvalue(), "field:avatar_url", "u")
    assert p.status == "read" and p.latitude is None


def test_demo_jess_avatar_gives_away_where_she_lives():
    result = run_cli("demo", "jess", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    from_photo = [f for f in report["fragments"] if any(e["source"] == "photo:exif" for e in f["evidence"])]
    assert len(from_photo) == 1
    f = from_photo[0]
    assert f["kind"] == "location" and "53.40182, -2.13947" in f["value"] and "Stockport" in f["value"]
    e = f["evidence"][0]
    assert e["account"] == "github:jessmcr2011" and e["url"].startswith("https://avatars.githubusercontent.com/")
    assert e["text"].startswith("the profile picture: GPS") and "iPhone 13" in e["text"]  # in words, not a field name
    github = next(a for a in report["accounts"] if a["id"] == "github:jessmcr2011")
    assert github["photos"][0]["latitude"] == pytest.approx(53.40182) and set(github["photos"][0]) >= {"sha256", "camera", "taken"}
    caps = {c["id"]: c for c in report["capabilities"]}
    assert f["id"] in caps["locate-person"]["fragments"] or caps["locate-person"]["state"] == "satisfied"


def test_demo_sol_avatar_was_read_and_holds_nothing():
    report = json.loads(run_cli("demo", "sol", "--json").stdout)
    github = next(a for a in report["accounts"] if a["id"] == "github:quietfox")
    assert [p["status"] for p in github["photos"]] == ["read"] and github["photos"][0]["latitude"] is None
    assert not any(e["source"] == "photo:exif" for f in report["fragments"] for e in f["evidence"])


class PictureServer:
    """A GitHub-like API on 127.0.0.1 whose user's avatar and a second picture are served from the same server."""

    def __init__(self, avatar: bytes) -> None:
        self.avatar, self.hits = avatar, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.hits.append(self.path)
                base = f"http://127.0.0.1:{server.port}"
                if self.path.startswith("/users/pqx7_kestrelwing") and "/" not in self.path[len("/users/pqx7_kestrelwing"):]:
                    body, kind = json.dumps({"login": "pqx7_kestrelwing", "html_url": "https://github.com/pqx7_kestrelwing",
                                             "avatar_url": f"{base}/avatar.jpg", "bio": "I paint"}).encode(), "application/json"
                elif self.path == "/avatar.jpg":
                    body, kind = server.avatar, "image/jpeg"
                elif self.path.startswith("/users/pqx7_kestrelwing/"):
                    body, kind = b"[]", "application/json"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def args(self):
        return ["--site", "github", "--endpoint", f"github=http://127.0.0.1:{self.port}", "--allow-private", "--json"]


def test_a_picture_is_fetched_through_the_http_stack_and_never_stored(footprint_home):
    avatar = picture(gps=(51.45402, -2.58791)) + b"FOOTPRINT-TEST-PIXELS" * 50
    with PictureServer(avatar) as server:
        result = run_cli("scan", "pqx7_kestrelwing", *server.args())
    assert result.returncode == 0, result.stderr
    assert "/avatar.jpg" in server.hits
    report = json.loads(result.stdout)
    photo = report["accounts"][0]["photos"][0]
    assert photo["status"] == "read" and photo["latitude"] == pytest.approx(51.45402, abs=1e-4)
    assert any(e["source"] == "photo:exif" and "Bristol" in f["value"] for f in report["fragments"] for e in f["evidence"])
    stored = b"".join(p.read_bytes() for p in Path(footprint_home).rglob("*") if p.is_file())
    assert b"I paint" in stored  # the store holds the API's answer...
    assert b"FOOTPRINT-TEST-PIXELS" not in stored and avatar[:64] not in stored  # ...but never the picture


def test_an_oversized_picture_is_refused_by_the_size_cap_and_said_so():
    with PictureServer(picture(gps=(51.45, -2.59)) + b"\0" * 3_000_000) as server:
        result = run_cli("scan", "pqx7_kestrelwing", *server.args())
    assert result.returncode == 0, result.stderr
    photo = json.loads(result.stdout)["accounts"][0]["photos"][0]
    assert photo["status"] == "skipped" and "too large" in photo["reason"] and photo["latitude"] is None
    assert not any(e["source"] == "photo:exif" for f in json.loads(result.stdout)["fragments"] for e in f["evidence"])


def test_a_network_pointed_at_a_test_server_never_fetches_real_image_hosts(fake_api):
    # jess's recorded GitHub answer names avatars.githubusercontent.com: under --endpoint that is not asked
    result = run_cli("scan", "jessmcr2011", *fake_api.endpoint_args(), "--allow-private", "--json")
    github = next(a for a in json.loads(result.stdout)["accounts"] if a["network"] == "github")
    assert github["photos"] and all(p["status"] == "skipped" and "--endpoint" in p["reason"] for p in github["photos"])


def test_import_reads_the_exif_of_photos_in_a_data_download(tmp_path):
    root = tmp_path / "instagram-jess"
    (root / "personal_information" / "personal_information").mkdir(parents=True)
    (root / "media" / "posts" / "202606").mkdir(parents=True)
    (root / "personal_information" / "personal_information" / "personal_information.json").write_text(json.dumps(
        {"profile_user": [{"string_map_data": {"Username": {"value": "jess.demo"}, "Bio": {"value": "hi"}}}]}))
    (root / "media" / "posts" / "202606" / "beach.jpg").write_bytes(picture(gps=(53.40182, -2.13947)))
    (root / "media" / "posts" / "202606" / "plain.jpg").write_bytes(picture(gps=None))
    result = run_cli("import", str(root), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["import"]["photos_read"] == 2
    located = [f for f in report["fragments"] if f["kind"] == "location"]
    assert len(located) == 1 and "Stockport" in located[0]["value"]
    assert located[0]["evidence"][0]["source"] == "photo:exif" and "beach.jpg" in located[0]["evidence"][0]["text"]


def test_terminal_says_how_many_pictures_were_read_and_which_could_not_be(fake_api):
    assert "Pictures checked for a hidden place (EXIF): 1 read, 1 with a GPS position." in run_cli("demo", "jess").stdout
    pointed = run_cli("scan", "jessmcr2011", *fake_api.endpoint_args(), "--allow-private").stdout
    assert "0 read, 0 with a GPS position, 1 could not be read." in pointed
