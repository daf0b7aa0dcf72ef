"""Photos that say where you live: the EXIF of every public image an account shows (its avatar, its header,
the pictures in the posts its API returned), read with Pillow.

Only three facts are kept, with the image's SHA-256: the GPS position, the date it was taken and the camera.
The bytes are dropped as soon as they are read, and the HTTP layer is told not to record them in the store
(`record=False`), so no image is ever written to disk. An image that is too big, damaged or not an image is
`skipped` with its reason: one bad picture never ends a scan, and "no position" is only said of a picture
that was read.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import math
import re
import warnings
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpx

from collectors.http import HttpLike, describe_error, describe_status
from footprint.model import Account, Photo

MAX_IMAGE_BYTES = 2_000_000  # an avatar is tens of kilobytes; a phone photo bigger than this is not read
MAX_PER_ACCOUNT = 8  # the avatar, the header and the newest post pictures
# Profile fields that hold the account's own pictures (the networks' names for them).
IMAGE_FIELDS = ("avatar_url", "avatar", "avatar_static", "picture", "image", "photo", "banner", "header")
# Formats whose EXIF Pillow reads without decoding a pixel.
FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "MPO")

_GPS_IFD, _EXIF_IFD = 0x8825, 0x8769
_LAT_REF, _LAT, _LON_REF, _LON = 1, 2, 3, 4
_MAKE, _MODEL, _DATETIME, _DATETIME_ORIGINAL = 0x010F, 0x0110, 0x0132, 0x9003
_EXIF_DATE = re.compile(r"(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def read_exif(data: bytes, source: str, url: str, complete: bool = True) -> Photo:
    """The facts one image's EXIF gives away. Never raises: anything unreadable is `skipped` with why.
    `complete=False`: `data` is only the file's first bytes (EXIF sits at the start), so no hash is taken."""
    if complete and len(data) > MAX_IMAGE_BYTES:
        return Photo(source, url, "skipped", f"larger than {MAX_IMAGE_BYTES // 1_000_000} MB: not read")
    digest = hashlib.sha256(data).hexdigest() if complete else None
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Only the header is parsed, never the pixels, so a huge width x height costs nothing here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                exif = image.getexif()
                gps = dict(exif.get_ifd(_GPS_IFD))
                sub = dict(exif.get_ifd(_EXIF_IFD))
                base = dict(exif)
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile bytes; none may end a scan
        return Photo(source, url, "skipped", f"not an image we can read ({type(exc).__name__})", sha256=digest)
    lat, lon = _position(gps)
    return Photo(
        source,
        url,
        "read",
        sha256=digest,
        latitude=lat,
        longitude=lon,
        taken=_taken(sub.get(_DATETIME_ORIGINAL) or base.get(_DATETIME)),
        camera=_camera(base.get(_MAKE), base.get(_MODEL)),
    )


def _degrees(value: Any) -> float | None:
    """EXIF writes an angle as (degrees, minutes, seconds), each a rational."""
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    total = d + m / 60 + s / 3600
    return total if math.isfinite(total) else None


def _position(gps: dict[int, Any]) -> tuple[float | None, float | None]:
    lat, lon = _degrees(gps.get(_LAT)), _degrees(gps.get(_LON))
    if lat is None or lon is None:
        return None, None
    if str(gps.get(_LAT_REF, "N")).strip().upper().startswith("S"):
        lat = -lat
    if str(gps.get(_LON_REF, "E")).strip().upper().startswith("W"):
        lon = -lon
    # 0,0 is where cameras put "no fix"; anything off the globe is a broken or hostile tag.
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (abs(lat) < 1e-6 and abs(lon) < 1e-6):
        return None, None
    return round(lat, 5), round(lon, 5)  # about a metre: more would claim a precision no phone has


def _text(value: Any, limit: int = 40) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    # A stranger wrote these bytes: no control characters, no NUL padding, a short line.
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())[:limit]


def _taken(value: Any) -> str | None:
    m = _EXIF_DATE.match(_text(value))
    if not m or m.group(1) == "0000":
        return None
    y, mo, d, h, mi, s = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}"


def _camera(make: Any, model: Any) -> str | None:
    make_s, model_s = _text(make), _text(model)
    if model_s.casefold().startswith(make_s.casefold()):
        make_s = ""  # "Apple" + "iPhone 13" stays as it is; "Canon" + "Canon EOS 90D" is said once
    return " ".join(p for p in (make_s, model_s) if p) or None


def image_sources(account: Account) -> list[tuple[str, str]]:
    """(source, url) of the account's public images: its picture fields, then the post media its collector
    kept (`profile["media"]`), each address once, at most MAX_PER_ACCOUNT."""
    found: list[tuple[str, Any]] = []
    for name in IMAGE_FIELDS:
        value = account.profile.get(name)
        if isinstance(value, dict):  # e.g. Keybase's {"url": ...}
            value = value.get("url") or value.get("full")
        found.append((f"field:{name}", value))
    for item in account.profile.get("media") or []:
        if isinstance(item, dict):
            found.append((str(item.get("source", "post")), item.get("url")))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for source, url in found:
        if isinstance(url, str) and url.startswith(("https://", "http://")) and url not in seen:
            seen.add(url)
            out.append((source, url))
    return out[:MAX_PER_ACCOUNT]


async def fetch_photo(source: str, url: str, http: HttpLike, only_host: str | None = None) -> Photo:
    """One image through the shared HTTP stack (the guard, the limits, the size cap), never recorded."""
    if only_host is not None and (urlsplit(url).hostname or "") != only_host:
        return Photo(source, url, "skipped", "not fetched: this network's address was changed with --endpoint")
    try:
        response = await http.get(url, headers={"Accept": "image/*"}, record=False)
    except (httpx.HTTPError, ValueError) as exc:
        return Photo(source, url, "skipped", f"not fetched: {describe_error(exc)}")
    if response.status_code != 200:
        return Photo(source, url, "skipped", f"not fetched: {describe_status(response)}")
    return read_exif(response.content, source, url)


async def read_photos(account: Account, http: HttpLike, only_host: str | None = None) -> None:
    """Fills `account.photos` for a found account; `only_host`: fetch only images on this host (a network
    pointed at a test server must not reach the real image hosts)."""
    if account.status != "found":
        return
    sources = image_sources(account)
    if sources:
        account.photos = list(await asyncio.gather(*(fetch_photo(s, u, http, only_host) for s, u in sources)))


HEAD_BYTES = 256 * 1024  # a JPEG's EXIF is one segment of at most 64 KB near the start of the file
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp")


def photos_from_files(files: Iterable[tuple[str, bytes]]) -> list[Photo]:
    """The EXIF of images in a person's own data download: (path in the download, its first HEAD_BYTES)."""
    return [read_exif(head, f"file:{name}", name, complete=False) for name, head in files]
