"""A data download as a set of named files, whether the person gives us the zip or the unzipped folder.

Nothing is extracted to disk: files are read straight out of the zip, so a hostile archive cannot
write outside anything (no path traversal) and a huge member is refused before it is read.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

MAX_FILE_BYTES = 64 * 1024 * 1024  # a year of posts is a few MB; anything bigger is not a file we read
_JS_ASSIGNMENT = re.compile(r"^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*")


class ExportError(Exception):
    """The export as a whole cannot be read (missing, not a zip or folder)."""


class FileProblem(Exception):
    """One file in the export cannot be read; the message says why, in a few words."""


class ExportTree:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.names = sorted(
                p.relative_to(path).as_posix()
                for p in path.rglob("*")
                if p.is_file() and not _hidden(p.relative_to(path))
            )
        elif path.is_file():
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ExportError(f"{path} is not a zip file or a folder ({exc})") from None
            self.names = sorted(
                i.filename for i in self._zip.infolist() if not i.is_dir() and not _hidden(PurePosixPath(i.filename))
            )
        else:
            raise ExportError(f"{path} does not exist")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def read_bytes(self, name: str) -> bytes:
        try:
            if self._zip is not None:
                info = self._zip.getinfo(name)
                if info.file_size > MAX_FILE_BYTES:
                    raise FileProblem(f"too large ({info.file_size // 1_000_000} MB)")
                return self._zip.read(info)
            file = self.path / name
            if file.stat().st_size > MAX_FILE_BYTES:
                raise FileProblem(f"too large ({file.stat().st_size // 1_000_000} MB)")
            return file.read_bytes()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, KeyError, EOFError, ValueError) as exc:
            # a truncated download shows up as a bad CRC, a zlib error or an early end of file
            raise FileProblem(f"is damaged or cannot be read ({type(exc).__name__})") from None

    def head(self, name: str, size: int) -> bytes:
        """The first `size` bytes of a file (a photo's EXIF is at its start): a big member costs no more."""
        try:
            if self._zip is not None:
                with self._zip.open(name) as member:
                    return member.read(size)
            with (self.path / name).open("rb") as file:
                return file.read(size)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, KeyError, EOFError, ValueError) as exc:
            raise FileProblem(f"is damaged or cannot be read ({type(exc).__name__})") from None

    def text(self, name: str) -> str:
        try:
            return self.read_bytes(name).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileProblem("is not UTF-8 text") from None

    def json(self, name: str) -> Any:
        try:
            return json.loads(self.text(name))
        except json.JSONDecodeError as exc:
            raise FileProblem(f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None

    def js_data(self, name: str) -> Any:
        """The X archive wraps its JSON as `window.YTD.tweets.part0 = [...]`."""
        text = self.text(name)
        m = _JS_ASSIGNMENT.match(text)
        if not m:
            raise FileProblem("does not start with window.YTD.<name>.part<N> = (is it from an X archive?)")
        try:
            return json.loads(text[m.end() :])
        except json.JSONDecodeError as exc:
            raise FileProblem(
                f"is not valid JSON after the window.YTD assignment (line {exc.lineno}: {exc.msg})"
            ) from None


def _hidden(rel: PurePosixPath | Path) -> bool:
    # macOS adds __MACOSX/ and .DS_Store when people re-zip a folder
    return any(part.startswith(".") or part == "__MACOSX" for part in rel.parts)


def fix_meta_text(value: Any) -> Any:
    """Meta's (Instagram, Facebook) exports write each UTF-8 byte as its own \\u00XX escape, so 'é' arrives
    as 'Ã©' and an emoji as four odd characters. Re-encoding as Latin-1 gives back the bytes; strings that
    were never mangled either fail that round trip or come back unchanged."""
    if isinstance(value, str):
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    if isinstance(value, list):
        return [fix_meta_text(v) for v in value]
    if isinstance(value, dict):
        # the labels are written the same way: a French download's "Numéro de téléphone" arrives mangled too
        return {fix_meta_text(k): fix_meta_text(v) for k, v in value.items()}
    return value
