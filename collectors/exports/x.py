"""The X (Twitter) archive: data/account.js, data/profile.js, data/tweets.js (older: tweet.js, and
tweets-part1.js when split), data/note-tweet.js (posts longer than 280 characters), each a JS assignment
`window.YTD.<name>.part0 = [...]`.
The profile's website is a t.co link: it is expanded only from the archive's own data (a tweet's
entities.urls that names the same link), never by asking t.co, and dropped where the archive does not say.
Retweets and likes (like.js) are someone else's words: they are not read as facts about you, but they
reflect on you, so the content check reads them. Direct messages are never read."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from collectors.exports.base import AccountBuilder, ExportReader, Problem
from collectors.exports.tree import ExportTree, FileProblem
from footprint.model import Account, Document


def x_time(value: object) -> str | None:
    """'Fri Jun 14 22:41:07 +0000 2024' -> ISO 8601."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError:
        return None


def iso_time(value: object) -> str | None:
    """note-tweet.js writes '2025-06-04T10:00:00.000Z'."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


_TWEETS = re.compile(r"tweets?(-part\d+)?\.js")


def _shortened(url: str) -> bool:
    try:
        return (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower() == "t.co"
    except ValueError:
        return False


def _expansions(tree: ExportTree) -> dict[str, str]:
    """t.co link -> where it goes, as the archive's own tweets record it (entities.urls)."""
    out: dict[str, str] = {}
    for name in tree.names:
        if not _TWEETS.fullmatch(name.rsplit("/", 1)[-1]):
            continue
        try:
            rows = _rows(tree, name, "tweet")
        except FileProblem:
            continue  # named when the tweets themselves are read
        for row in rows:
            urls = (row.get("entities") or {}).get("urls") if isinstance(row.get("entities"), dict) else None
            for u in urls if isinstance(urls, list) else []:
                if isinstance(u, dict) and isinstance(u.get("url"), str) and isinstance(u.get("expanded_url"), str):
                    out[u["url"]] = u["expanded_url"]
    return out


def _rows(tree: ExportTree, name: str, key: str) -> list[dict]:
    data = tree.js_data(name)
    if not isinstance(data, list):
        raise FileProblem("should hold a list after window.YTD")
    return [row[key] if isinstance(row, dict) and key in row else row for row in data if isinstance(row, dict)]


class X(ExportReader):
    network = "x"
    title = "X archive"
    files = {
        r"account\.js": "account",
        r"profile\.js": "profile",
        r"tweets?(-part\d+)?\.js": "tweets",
        r"protected-history\.js": "protected",
        r"like(-part\d+)?\.js": "likes",
        r"note-tweet(-part\d+)?\.js": "notes",
    }

    def account(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        for row in _rows(tree, name, "account"):
            out.handle = row.get("username") or out.handle
            out.field("name", row.get("accountDisplayName"))
            out.field("email", row.get("email"))

    def profile(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        for row in _rows(tree, name, "profile"):
            description = row["description"]
            out.field("bio", description.get("bio"))
            website = description.get("website")
            if isinstance(website, str) and _shortened(website):
                website = _expansions(tree).get(website.strip())  # else dropped: t.co is X's, not the person's site
            out.field("website", website)
            out.field("location", description.get("location"))

    def protected(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        changes = [r for r in _rows(tree, name, "protectedHistory") if isinstance(r.get("action"), str)]
        if changes:  # the latest change says whether tweets are protected (only followers see them)
            latest = max(changes, key=lambda r: str(r.get("protectedAt", "")))
            out.private = latest["action"].lower() == "protect"

    def tweets(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        for row in _rows(tree, name, "tweet"):
            text = row.get("full_text") or row.get("text") or ""
            tid = row.get("id_str") or row.get("id") or ""
            if isinstance(text, str) and text.startswith("RT @"):
                out.reflect(
                    f"repost:{tid}",
                    text,
                    x_time(row.get("created_at")),
                    url=f"https://x.com/i/status/{tid}" if tid else None,
                )
                continue
            if not isinstance(text, str):
                continue
            kind = "comment" if row.get("in_reply_to_status_id_str") or row.get("in_reply_to_screen_name") else "post"
            url = f"https://x.com/i/status/{tid}" if tid else None
            out.text(f"{kind}:{tid}", text, x_time(row.get("created_at")), url=url)

    def likes(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        for row in _rows(tree, name, "like"):
            tid = row.get("tweetId") or ""
            out.reflect(
                f"like:{tid}",
                row.get("fullText"),
                url=row.get("expandedUrl") or (f"https://x.com/i/status/{tid}" if tid else None),
            )

    def notes(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        """Posts longer than 280 characters: tweets.js holds them cut short, this file whole."""
        for row in _rows(tree, name, "noteTweet"):
            core, results = row.get("core"), row.get("noteTweetResults")  # the common layout, then an older one
            text = (core.get("text") if isinstance(core, dict) else None) or (
                results.get("text") if isinstance(results, dict) else None
            )
            nid = row.get("noteTweetId") or row.get("tweetId") or ""
            out.text(f"note:{nid}", text, iso_time(row.get("createdAt")))

    def read(
        self, tree: ExportTree, names: list[str], problems: list[Problem]
    ) -> tuple[Account | None, list[Document]]:
        account, reflected = super().read(tree, names, problems)
        if account is not None:
            account.documents = _whole_posts(account.documents)
        return account, reflected


def _whole_posts(documents: list[Document]) -> list[Document]:
    """A long post is in tweets.js cut short and in note-tweet.js whole, at the same time (the archive links
    them no other way): the whole text takes the tweet's place, so it is read once and keeps its address."""
    notes = {d.timestamp: d for d in documents if d.source.startswith("note:") and d.timestamp}
    used: set[str] = set()
    out = []
    for d in documents:
        note = notes.get(d.timestamp) if d.source.startswith(("post:", "comment:")) and d.timestamp else None
        if note is not None and note.text.startswith(d.text.rstrip("…. ")[:40]):
            out.append(replace(d, text=note.text))
            used.add(note.source)
        else:
            out.append(d)
    return [d for d in out if d.source not in used]
