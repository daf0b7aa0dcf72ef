"""Makes the demo personas' pictures (footprint/demo/images/): `python -m footprint.demo.make_images`.

Small drawings, not photos, each with the EXIF a phone might leave in it. Jess's GitHub avatar carries a GPS
position a few streets from her (fictional) home in Stockport, the date it was taken and her phone's name;
Dan's has a camera and a date but no position (location was off); Sol's and Amara's have no EXIF at all.
Committed with the images so anyone can see where every byte of them comes from.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent / "images"

# (file, background, foreground, EXIF: make, model, taken, (lat, lon) or None)
PICTURES = [
    (
        "jess-avatar.jpg",
        (96, 160, 220),
        (250, 220, 120),
        ("Apple", "iPhone 13", "2026:06:14 18:32:05", (53.40182, -2.13947)),
    ),
    ("dan-avatar.jpg", (60, 70, 90), (230, 120, 80), ("Google", "Pixel 7a", "2025:09:02 08:15:40", None)),
    ("sol-avatar.jpg", (40, 110, 90), (240, 240, 230), None),
    ("amara-avatar.jpg", (120, 60, 120), (250, 200, 210), None),
]


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (float(degrees), float(minutes), seconds)


def make(name: str, background: tuple[int, int, int], foreground: tuple[int, int, int], exif_spec) -> bytes:
    import io

    from PIL import ExifTags, Image, ImageDraw

    image = Image.new("RGB", (96, 96), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((24, 16, 72, 64), fill=foreground)  # a head
    draw.rectangle((18, 70, 78, 96), fill=foreground)  # shoulders
    exif = Image.Exif()
    if exif_spec is not None:
        make_, model, taken, position = exif_spec
        exif[ExifTags.Base.Make] = make_
        exif[ExifTags.Base.Model] = model
        exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: taken}
        if position is not None:
            lat, lon = position
            exif[ExifTags.IFD.GPSInfo] = {
                ExifTags.GPS.GPSLatitudeRef: "N" if lat >= 0 else "S",
                ExifTags.GPS.GPSLatitude: _dms(lat),
                ExifTags.GPS.GPSLongitudeRef: "E" if lon >= 0 else "W",
                ExifTags.GPS.GPSLongitude: _dms(lon),
            }
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif.tobytes())
    return out.getvalue()


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, background, foreground, exif_spec in PICTURES:
        (HERE / name).write_bytes(make(name, background, foreground, exif_spec))
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
