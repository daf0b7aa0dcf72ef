"""Readers for a person's own data download (one small module per network), read locally: nothing is
uploaded. Each reader recognises its files by name; files no reader knows are listed, never guessed at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from collectors.exports.base import ExportReader, Problem
from collectors.exports.facebook import Facebook
from collectors.exports.instagram import Instagram
from collectors.exports.tiktok import TikTok
from collectors.exports.tree import ExportError, ExportTree, FileProblem
from collectors.exports.x import X
from collectors.photos import HEAD_BYTES, IMAGE_SUFFIXES, photos_from_files
from footprint.model import Account, Document

READERS: tuple[ExportReader, ...] = (Instagram(), TikTok(), X(), Facebook())
# Photos, videos and the HTML version of a download are not text we analyse; they are not worth a line each.
DATA_SUFFIXES = (".json", ".js", ".txt", ".csv")


@dataclass
class ImportResult:
    accounts: list[Account] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # damaged files, each named
    ignored: list[str] = field(default_factory=list)  # data files no reader knows (messages, ads, logins...)
    reflected: list[Document] = field(default_factory=list)  # posts you liked or shared: content check only
    html_files: int = 0
    files_read: int = 0
    photos_read: int = 0

    def summary(self) -> dict:
        return {
            "accounts": [a.id for a in self.accounts],
            "files_read": self.files_read,
            "liked_or_shared": len(self.reflected),
            "photos_read": self.photos_read,
            "problems": [{"file": p.file, "reason": p.reason} for p in self.problems],
            "ignored": self.ignored,
        }


def read_exports(paths: list[Path]) -> ImportResult:
    """Reads every export given (zips or folders). Raises ExportError only when nothing at all is readable."""
    result = ImportResult()
    for path in paths:
        tree = ExportTree(path)
        try:
            _read_tree(tree, result, prefix=f"{path.name}/")
        finally:
            tree.close()
    if not result.accounts:
        titles = [r.title for r in READERS]
        known = ", ".join(titles[:-1]) + " and " + titles[-1]
        detail = f" Problems: {'; '.join(str(p) for p in result.problems[:3])}." if result.problems else ""
        if result.html_files:  # Meta and TikTok offer HTML or TXT downloads too; only the JSON one is readable
            detail += " This looks like the web page (HTML) version of a download. Ask for the JSON version instead."
        where = ", ".join(str(p) for p in paths)
        raise ExportError(f"footprint found nothing it can read in {where}. It reads the downloads of {known}.{detail}")
    return result


def _read_tree(tree: ExportTree, result: ImportResult, prefix: str) -> None:
    claimed: dict[int, list[str]] = {}
    images = [n for n in tree.names if n.lower().endswith(IMAGE_SUFFIXES)]
    before = len(result.accounts)
    for name in tree.names:
        owner = next((i for i, r in enumerate(READERS) if r.claims(name)), None)
        if owner is not None:
            claimed.setdefault(owner, []).append(name)
        elif name.lower().endswith(DATA_SUFFIXES):
            result.ignored.append(prefix + name)
        elif name.lower().endswith(".html"):
            result.html_files += 1
    for i, names in claimed.items():
        problems: list[Problem] = []
        account, reflected = READERS[i].read(tree, names, problems)
        result.reflected.extend(reflected)
        result.problems.extend(Problem(prefix + p.file, p.reason) for p in problems)
        result.files_read += len(names) - len(problems)
        if account is not None:
            result.accounts.append(account)
    if len(result.accounts) == before + 1:  # one network's download: its photos are that account's
        _read_photos(tree, images, result.accounts[-1], result, prefix)


def _read_photos(tree: ExportTree, images: list[str], account: Account, result: ImportResult, prefix: str) -> None:
    """Only the first bytes of each photo are read, for its EXIF; the photo itself is never copied anywhere."""
    heads = []
    for name in images:
        try:
            heads.append((name, tree.head(name, HEAD_BYTES)))
        except FileProblem as exc:
            result.problems.append(Problem(prefix + name, str(exc)))
    account.photos.extend(photos_from_files(heads))
    result.photos_read += sum(p.status == "read" for p in account.photos)


__all__ = ["ExportError", "ImportResult", "Problem", "READERS", "read_exports"]
