"""Facebook "Download your information" in JSON: profile_information.json (profile_v2), your posts
(your_posts__check_ins__photos_and_videos_1.json, older your_posts_1.json) and comments.json (comments_v2).
Text is Meta-mangled UTF-8 and is repaired on reading. Messages are never read."""

from __future__ import annotations

from typing import Any

from collectors.exports.base import AccountBuilder, ExportReader, dig, iso_from_epoch, items
from collectors.exports.tree import ExportTree, FileProblem, fix_meta_text


def _load(tree: ExportTree, name: str) -> Any:
    return fix_meta_text(tree.json(name))


class Facebook(ExportReader):
    network = "facebook"
    title = "Facebook"
    files = {
        r"profile_information\.json": "profile",
        r"your_posts(__check_ins__photos_and_videos)?_\d+\.json": "posts",
        r"comments\.json": "comments",
    }

    def profile(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        p = _load(tree, name).get("profile_v2")
        if not isinstance(p, dict):
            raise FileProblem("has no profile_v2 section (is it from Facebook?)")
        out.handle = p.get("username") or out.handle
        out.field("name", dig(p, "name", "full_name"))
        emails = items(p, "emails", "emails")
        if emails:
            out.field("email", emails[0])
        birthday = p.get("birthday") or {}
        day, month, year = birthday.get("day"), birthday.get("month"), birthday.get("year")
        if day and month and year:
            out.field("date_of_birth", f"{int(day):02d}/{int(month):02d}/{int(year)}")
        out.field("location", dig(p, "current_city", "name"))
        out.field("hometown", dig(p, "hometown", "name"))
        out.field("relationship", dig(p, "relationship", "status"))
        schools = [e.get("name") for e in items(p, "education_experiences") if isinstance(e, dict) and e.get("name")]
        if schools:
            out.field("school", schools[0])
        for i, member in enumerate(m for m in items(p, "family_members") if isinstance(m, dict)):
            if member.get("name"):
                out.text(
                    f"profile:family_members:{i + 1}", f"{member.get('relation', 'Family')}: {member['name']}".strip()
                )
        jobs = [j for j in items(p, "work_experiences") if isinstance(j, dict) and j.get("employer")]
        if jobs:
            out.field("employer", jobs[0]["employer"])

    def posts(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        data = _load(tree, name)
        if not isinstance(data, list):
            raise FileProblem("should hold a list of posts")
        start = sum(d.source.startswith("post:") for d in out.documents)
        for i, post in enumerate(data, start + 1):
            when = iso_from_epoch(post.get("timestamp"))
            text = "\n".join(
                d["post"] for d in items(post, "data") if isinstance(d, dict) and isinstance(d.get("post"), str)
            )
            places = [
                dig(d, "place")
                for a in items(post, "attachments")
                for d in items(a, "data")
                if isinstance(dig(d, "place"), dict)
            ]
            for place in places:  # a check-in says where you were, and when
                where = ", ".join(str(v) for v in (place.get("name"), place.get("address")) if v)
                text = f"{text}\nChecked in at {where}".strip()
            out.text(f"post:{i}", text, when)

    def comments(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        data = _load(tree, name)
        entries = items(data, "comments_v2") or items(data, "comments")
        if not entries and not (isinstance(data, dict) and ("comments_v2" in data or "comments" in data)):
            raise FileProblem("has no comments_v2 section (is it from Facebook?)")
        for i, entry in enumerate(entries, 1):
            comment: dict[str, Any] = next(
                (
                    d["comment"]
                    for d in items(entry, "data")
                    if isinstance(d, dict) and isinstance(d.get("comment"), dict)
                ),
                {},
            )
            out.text(
                f"comment:{i}",
                comment.get("comment"),
                iso_from_epoch(comment.get("timestamp") or entry.get("timestamp")),
            )
