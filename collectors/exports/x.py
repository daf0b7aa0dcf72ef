"""The X (Twitter) archive: data/account.js, data/profile.js, data/tweets.js (older: tweet.js, and
tweets-part1.js when split), each a JS assignment `window.YTD.<name>.part0 = [...]`.
Retweets and likes (like.js) are someone else's words: they are not read as facts about you, but they
reflect on you, so the content check reads them. Direct messages are never read."""

from __future__ import annotations

from datetime import datetime

from collectors.exports.base import AccountBuilder, ExportReader
from collectors.exports.tree import ExportTree, FileProblem


def x_time(value: object) -> str | None:
    """'Fri Jun 14 22:41:07 +0000 2024' -> ISO 8601."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError:
        return None


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
            out.field("website", description.get("website"))
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
