"""Instagram "Download your information" in JSON: profile, posts, reels, stories and your comments.

Layout (2024-): personal_information/personal_information/personal_information.json,
your_instagram_activity/content/posts_1.json, .../content/reels.json, .../content/stories.json,
your_instagram_activity/comments/post_comments_1.json and reels_comments.json. Older downloads keep the
same file names in other folders, so files are recognised by name. Direct messages are never read.
"""

from __future__ import annotations

from typing import Any

from collectors.exports.base import AccountBuilder, ExportReader, dig, iso_from_epoch, items
from collectors.exports.tree import ExportTree, FileProblem, fix_meta_text
from footprint import networks


def _load(tree: ExportTree, name: str) -> Any:
    return fix_meta_text(tree.json(name))


def _value(entry: Any) -> str | None:
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, str) else None


class Instagram(ExportReader):
    network = "instagram"
    title = "Instagram"
    files = {
        r"personal_information\.json": "profile",
        r"posts_\d+\.json": "posts",
        r"reels\.json": "reels",
        r"stories\.json": "stories",
        r"post_comments(_\d+)?\.json": "comments",
        r"reels_comments\.json": "comments",
    }

    def profile(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        data = _load(tree, name)
        users = items(data, "profile_user")
        if not users:
            raise FileProblem("has no profile_user section (is it from Instagram?)")
        # labels are in the account's language (networks/instagram.json lists the ones known), in any case
        fields = {str(k).strip().casefold(): v for k, v in users[0]["string_map_data"].items()}
        options = networks.get(self.network).options
        labels = options["profile_labels"]
        known = [label for label in fields if label in labels]
        if fields and not known:
            raise FileProblem(
                "has profile labels in a language footprint does not know yet ("
                + ", ".join(list(fields)[:4])[:120]
                + "): the profile was not read"
            )
        for label in known:
            ours, value = labels[label], _value(fields[label])
            if not (ours and value):
                continue
            if ours == "username":
                out.handle = value or out.handle
                continue
            if ours == "date_of_birth":  # Instagram writes YYYY-MM-DD; we read dates the UK way
                y, _, rest = value.partition("-")
                m, _, d = rest.partition("-")
                value = f"{d}/{m}/{y}" if d and m and y else value
            out.field(ours, value)
        private = next((_value(fields[p]) for p in options["private_label"] if p in fields), None)
        if private is not None:
            out.private = private.strip().lower() in {"true", "yes", "on", "waar", "ja", "sí", "vrai", "oui"}

    def _media(self, entries: list[Any], source: str, out: AccountBuilder) -> None:
        for i, post in enumerate(entries, 1):
            listed = post.get("media") if isinstance(post, dict) else None
            media = listed if isinstance(listed, list) else [post]
            caption = post.get("title") or next(
                (m.get("title") for m in media if isinstance(m, dict) and m.get("title")), ""
            )
            stamp = post.get("creation_timestamp") or next(
                (m.get("creation_timestamp") for m in media if isinstance(m, dict)), None
            )
            out.text(f"{source}:{i}", caption, iso_from_epoch(stamp))

    def posts(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        data = _load(tree, name)
        if not isinstance(data, list):
            raise FileProblem("should hold a list of posts")
        self._media(data, "post", out)

    def reels(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        self._media(items(_load(tree, name), "ig_reels_media"), "reel", out)

    def stories(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        self._media(items(_load(tree, name), "ig_stories"), "story", out)

    def comments(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        data = _load(tree, name)
        entries = data if isinstance(data, list) else next((v for v in data.values() if isinstance(v, list)), [])
        start = sum(d.source.startswith("comment:") for d in out.documents)
        for i, entry in enumerate(entries, start + 1):
            fields = entry["string_map_data"]
            stamp = dig(fields, "Time", "timestamp")
            out.text(f"comment:{i}", _value(fields.get("Comment")), iso_from_epoch(stamp))
