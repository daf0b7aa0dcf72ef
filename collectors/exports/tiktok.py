"""TikTok "Download your data" in JSON: one user_data.json (or user_data_tiktok.json) holding everything.

Older downloads group it as Profile > Profile Information > ProfileMap, Video > Videos > VideoList and
Comment > Comments > CommentsList ({"Date", "Comment"}); newer ones as Profile And Settings > Profile Info >
ProfileMap, Post > Posts > VideoList and lowercase {"date", "comment"}. Both are read. Messages are not.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from collectors.exports.base import AccountBuilder, ExportReader, dig, items
from collectors.exports.tree import ExportTree, FileProblem

PROFILE_FIELDS = {
    "displayName": "name",
    "bioDescription": "bio",
    "emailAddress": "email",
    "telephoneNumber": "phone",
    "birthDate": "date_of_birth",
}
CAPTION_KEYS = ("Title", "Desc", "Description", "Caption")


def tiktok_time(value: Any) -> str | None:
    """TikTok writes '2024-03-01 19:22:01' (UTC), sometimes with a trailing ' UTC'."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.replace(" UTC", "").strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).isoformat()
    except ValueError:
        return None


def _birth_date(value: str) -> str:
    # TikTok writes birthDate as '02-Jun-2003' or '2003-06-02'; normalise reads '2 Jun 2003' and '02/06/2003'
    for fmt in ("%d-%b-%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).strftime("%d/%m/%Y")
        except ValueError:
            continue
    return value


class TikTok(ExportReader):
    network = "tiktok"
    title = "TikTok"
    files = {r"user_data(_tiktok)?\.json": "user_data"}

    def user_data(self, tree: ExportTree, name: str, out: AccountBuilder) -> None:
        data = tree.json(name)
        if not isinstance(data, dict):
            raise FileProblem("should be a JSON object (is it TikTok's JSON download?)")
        profile = dig(data, "Profile", "Profile Information", "ProfileMap") or dig(
            data, "Profile And Settings", "Profile Info", "ProfileMap"
        )
        videos = items(data, "Video", "Videos", "VideoList") or items(data, "Post", "Posts", "VideoList")
        comments = items(data, "Comment", "Comments", "CommentsList")
        if not isinstance(profile, dict) and not videos and not comments:
            raise FileProblem("has no ProfileMap, VideoList or CommentsList (is it TikTok's JSON download?)")
        if isinstance(profile, dict):
            out.handle = profile.get("userName") or out.handle
            for key, ours in PROFILE_FIELDS.items():
                value = profile.get(key)
                if isinstance(value, str) and value.strip() and value.strip().upper() not in {"N/A", "NONE"}:
                    out.field(ours, _birth_date(value) if ours == "date_of_birth" else value)
        settings = dig(data, "App Settings", "Settings", "SettingsMap") or dig(
            data, "Profile And Settings", "Settings", "SettingsMap"
        )
        if isinstance(settings, dict) and isinstance(settings.get("Private Account"), str):
            out.private = settings["Private Account"].strip().lower() in {"enabled", "on", "true", "yes"}
        for i, video in enumerate(videos, 1):
            caption = next((video[k] for k in CAPTION_KEYS if isinstance(video.get(k), str) and video[k].strip()), "")
            place = video.get("Location")
            if isinstance(place, str) and place.strip():
                caption = f"{caption}\nLocation: {place.strip()}".strip()
            out.text(f"post:{i}", caption, tiktok_time(video.get("Date")), url=video.get("Link") or None)
        for i, comment in enumerate(comments, 1):
            text = comment.get("Comment") if "Comment" in comment else comment.get("comment")
            out.text(f"comment:{i}", text, tiktok_time(comment.get("Date") or comment.get("date")))
