"""What an export reader is: the files of one network's data download in, one Account out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from collectors.exports.tree import ExportTree, FileProblem
from footprint import networks
from footprint.model import Account, Document


@dataclass
class Problem:
    """A file we could not use, and why; shown to the person so nothing is skipped silently."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file} {self.reason}"


def iso_from_epoch(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        try:
            return datetime.fromtimestamp(value, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None


@dataclass
class AccountBuilder:
    """Collects one network's profile fields and posts from several files into one Account."""

    network: str
    url_template: str
    handle: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    private: bool | None = None
    # Other people's words you liked or shared: they reflect on you (an employer sees them on your profile),
    # but they are not facts about you, so they feed the content check and never extraction.
    reflected: list[Document] = field(default_factory=list)

    def field(self, name: str, value: Any) -> None:
        if isinstance(value, str) and value.strip():
            self.profile[name] = value.strip()

    def text(self, source: str, text: Any, timestamp: str | None = None, url: str | None = None) -> None:
        if isinstance(text, str) and text.strip():
            self.documents.append(Document(account="", source=source, text=text.strip(), url=url, timestamp=timestamp))

    def reflect(self, source: str, text: Any, timestamp: str | None = None, url: str | None = None) -> None:
        if isinstance(text, str) and text.strip():
            self.reflected.append(Document(account="", source=source, text=text.strip(), url=url, timestamp=timestamp))

    def build(self, origin: str) -> Account | None:
        if not self.files:
            return None
        handle = self.handle or "me"
        account = Account(
            network=self.network,
            handle=handle,
            url=self.url_template.format(handle=handle),
            status="found",
            reason=f"read from your own data download ({origin})",
        )
        account.profile = dict(self.profile)
        if self.private is not None:
            account.profile["private_account"] = self.private
        field_docs = [
            Document(account=account.id, source=f"field:{k}", field=k, text=v, url=account.url)
            for k, v in self.profile.items()
            if isinstance(v, str)
        ]
        posts = [
            Document(account=account.id, source=d.source, text=d.text, url=d.url or account.url, timestamp=d.timestamp)
            for d in self.documents
        ]
        account.documents = field_docs + posts
        stamps = [d.timestamp for d in posts if d.timestamp]
        account.last_active = max(stamps) if stamps else None
        if self.profile.get("website"):
            account.links.append(("url", self.profile["website"], "website"))
        if self.profile.get("email"):
            account.links.append(("email", self.profile["email"], "email"))
        return account


class ExportReader:
    network: ClassVar[str]
    title: ClassVar[str]  # how people call the download, for messages
    # basename pattern -> method name; a file is this reader's when its basename matches
    files: ClassVar[dict[str, str]]

    @property
    def url_template(self) -> str:
        """The account's page, from the network's catalogue entry."""
        return networks.get(self.network).profile

    def claims(self, name: str) -> str | None:
        base = name.rsplit("/", 1)[-1]
        for pattern, method in self.files.items():
            if re.fullmatch(pattern, base):
                return method
        return None

    def read(
        self, tree: ExportTree, names: list[str], problems: list[Problem]
    ) -> tuple[Account | None, list[Document]]:
        """The account, and the documents it liked or shared (tied to the account's id)."""
        builder = AccountBuilder(self.network, self.url_template)
        for name in names:
            method: Callable[[ExportTree, str, AccountBuilder], None] = getattr(self, self.claims(name) or "")
            try:
                method(tree, name, builder)
            except FileProblem as exc:
                problems.append(Problem(name, str(exc)))
                continue
            except (KeyError, TypeError, AttributeError, ValueError, IndexError):
                # the file parsed but is not shaped like this network's export
                problems.append(Problem(name, f"is not laid out like {self.title} (unexpected structure)"))
                continue
            builder.files.append(name)
        account = builder.build(f"{self.title}, {len(builder.files)} file{'s' if len(builder.files) != 1 else ''}")
        if account is None:
            return None, []
        reflected = [
            Document(account=account.id, source=d.source, text=d.text, url=d.url or account.url, timestamp=d.timestamp)
            for d in builder.reflected
        ]
        return account, reflected


def items(value: Any, *keys: str) -> list[Any]:
    """Walks nested dicts by `keys` and returns the list at the end ([] when missing or null)."""
    for key in keys:
        if not isinstance(value, dict):
            return []
        value = value.get(key)
    return value if isinstance(value, list) else []


def dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
