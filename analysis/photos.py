"""Photos that say where you live: a GPS position in a picture's EXIF (collectors/photos.py read it) becomes
a `location` fragment, with the account and the picture as its evidence and the nearest town where the
gazetteer knows one. It feeds the capabilities like any other location (finding you, knowing when your home
is empty).

Its normalised value is the position to four decimals (about 10 metres), so it stays a fact of its own
beside a town named in a bio: a point is far more precise than a town. Identity bits still count it only as
an unnamed place (the fewest bits a place gives), so it is never overclaimed.
"""

from __future__ import annotations

from analysis.gazetteer import nearest_place
from footprint.model import Account, Evidence, Fragment, Photo

SOURCE = "photo:exif"
# The picture fields collectors/photos.py reads, in a reader's words: evidence is read by people.
FIELD_WORDS = {"banner": "banner picture", "header": "header picture"}


def _picture(photo: Photo) -> str:
    kind, _, name = photo.source.partition(":")
    if kind == "field":
        return f"the {FIELD_WORDS.get(name, 'profile picture')}"
    if kind == "file":
        return f"the photo {name}"
    return f"the picture in {photo.source}"


def _where(lat: float, lon: float) -> str:
    near = nearest_place(lat, lon)
    point = f"{lat:.5f}, {lon:.5f}"
    if near is None:
        return point
    place, km = near
    return f"{point} (near {place.name})" if km >= 1 else f"{point} (in {place.name})"


def photo_fragments(accounts: list[Account], own: set[str]) -> list[Fragment]:
    """`own`: the ids of the accounts shown to be the target's. One fragment per position, every picture
    that carries it as evidence."""
    out: dict[str, Fragment] = {}
    for account in accounts:
        if account.id not in own or account.status != "found":
            continue
        for photo in account.photos:
            if photo.latitude is None or photo.longitude is None:
                continue
            lat, lon = photo.latitude, photo.longitude
            where = _where(lat, lon)
            details = [f"GPS {lat:.5f}, {lon:.5f}"]
            if photo.taken:
                details.append(f"taken {photo.taken.replace('T', ' ')}")
            if photo.camera:
                details.append(f"on {photo.camera}")
            evidence = Evidence(
                account.id, SOURCE, f"{_picture(photo)}: {', '.join(details)}", url=photo.url, rule="exif-gps"
            )
            key = f"geo:{lat:.4f},{lon:.4f}"
            out.setdefault(key, Fragment("location", where, key)).evidence.append(evidence)
    return list(out.values())
