"""Documents in, fragments out: structured fields map straight to kinds, free text goes through spaCy."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from analysis.field_values import typed_values
from analysis.nlp import get_nlp
from analysis.normalize import normalise
from analysis.segments import EMOJI as _EMOJI_CHARS
from footprint import networks
from footprint.model import Account, Document, Evidence, Fragment

if TYPE_CHECKING:  # spaCy is imported when free text needs it, not before (analysis/nlp.py)
    from spacy.language import Language

FIELD_CONFIDENCE = 0.95
EMOJI = re.compile(f"[{_EMOJI_CHARS}]")


def field_kind(network: str, doc: Document) -> str | None:
    """The kind a structured field maps to (the network's catalogue entry says); 'text' for free text."""
    if doc.field is None:
        return "text"
    return networks.lookup(network).field_kinds.get(doc.field, "text")


def _name_words(value: str) -> str:
    """A display name without its emoji and decoration: "jess 🐶" -> "jess"."""
    return " ".join(w for w in (EMOJI.sub("", w) for w in value.split()) if any(c.isalnum() for c in w))


def _name_kind(value: str) -> str:
    return "full_name" if len(_name_words(value).split()) >= 2 else "first_name"


class FragmentSet:
    """Merges sightings of the same (kind, normalised value) into one fragment."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], Fragment] = {}

    def add(self, kind: str, value: str, evidence: Evidence, normalized: str | None = None) -> None:
        value = value.strip()
        if not value:
            return
        key = (kind, normalized if normalized is not None else normalise(kind, value))
        fragment = self._by_key.get(key)
        if fragment is None:
            fragment = self._by_key[key] = Fragment(kind=kind, value=value, normalized=key[1])
        if not any(
            e.account == evidence.account and e.source == evidence.source and e.start == evidence.start
            for e in fragment.evidence
        ):
            fragment.evidence.append(evidence)

    def fragments(self) -> list[Fragment]:
        return sorted(self._by_key.values(), key=lambda f: (f.kind, f.normalized))


def free_texts(accounts: Iterable[Account]) -> list[Document]:
    """The documents that go through the spaCy pipeline: free text of found accounts."""
    return [
        doc
        for account in accounts
        if account.status == "found"
        for doc in account.documents
        if field_kind(account.network, doc) == "text"
    ]


def extract(accounts: list[Account], nlp: Language | None = None) -> list[Fragment]:
    found = FragmentSet()
    texts: list[Document] = []
    for account in accounts:
        if account.status != "found":
            continue
        # The handle itself is public knowledge once the account is found.
        found.add(
            "handle",
            account.handle,
            Evidence(
                account=account.id,
                source="url",
                text=account.handle,
                end=len(account.handle),
                url=account.url,
                rule="account-found",
                confidence=account.confidence,
            ),
        )
        for doc in account.documents:
            kind = field_kind(account.network, doc)
            if kind == "text":
                texts.append(doc)
            elif kind is not None:
                if kind == "name":
                    kind, value = _name_kind(doc.text), _name_words(doc.text)
                    if value:
                        found.add(
                            kind,
                            value,
                            Evidence(
                                account=doc.account,
                                source=doc.source,
                                text=doc.text,
                                start=0,
                                end=len(doc.text),
                                url=doc.url,
                                rule=f"field:{account.network}.{doc.field}",
                                confidence=FIELD_CONFIDENCE,
                            ),
                        )
                    continue
                # What the field is for, then what it holds: a location field may hold a postcode.
                for value_kind, start, end in typed_values(kind, doc.text):
                    found.add(
                        value_kind,
                        doc.text[start:end],
                        Evidence(
                            account=doc.account,
                            source=doc.source,
                            text=doc.text[start:end],
                            start=start,
                            end=end,
                            url=doc.url,
                            rule=f"field:{account.network}.{doc.field}",
                            confidence=FIELD_CONFIDENCE,
                        ),
                    )
    if not texts:  # nothing for the pipeline to read: no reason to wait for it to be built
        return found.fragments()
    nlp = nlp or get_nlp()
    for document, spacy_doc in zip(texts, nlp.pipe(d.text for d in texts), strict=True):
        for kind, value, evidence, normalized in spans_to_evidence(document, spacy_doc):
            found.add(kind, value, evidence, normalized)
    return found.fragments()


def spans_to_evidence(document: Document, spacy_doc) -> list[tuple[str, str, Evidence, str | None]]:
    """(kind, value, evidence, normalised value) for each fragment span, with the exact characters matched
    (a span snaps to whole tokens; the evidence does not)."""
    from analysis.components import SPAN_KEY

    out = []
    text = spacy_doc.text
    for span in spacy_doc.spans.get(SPAN_KEY, []):
        value = span._.value or span.text
        offset = text.find(value, span.start_char, span.end_char)
        start = offset if offset >= 0 else span.start_char
        out.append(
            (
                span.label_,
                value,
                Evidence(
                    account=document.account,
                    source=document.source,
                    text=value,
                    start=start,
                    end=start + len(value),
                    url=document.url,
                    rule=span._.rule,
                    confidence=span._.confidence,
                ),
                span._.normalized,
            )
        )
    return out


def extract_text(text: str, nlp: Language | None = None) -> list[Fragment]:
    """Free text on its own (pasted, or a person's own posts)."""
    doc = Document(account="text", source="text", text=text)
    found = FragmentSet()
    for kind, value, evidence, normalized in spans_to_evidence(doc, (nlp or get_nlp())(text)):
        found.add(kind, value, evidence, normalized)
    return found.fragments()


def extract_texts(texts: list[str], nlp: Language | None = None, batch_size: int = 256) -> list[list[Fragment]]:
    """Many free texts at once through nlp.pipe (for `footprint text --jsonl` and evaluation)."""
    out = []
    for i, spacy_doc in enumerate((nlp or get_nlp()).pipe(texts, batch_size=batch_size)):
        doc = Document(account="text", source=f"text:{i}", text=spacy_doc.text)
        found = FragmentSet()
        for kind, value, evidence, normalized in spans_to_evidence(doc, spacy_doc):
            found.add(kind, value, evidence, normalized)
        out.append(found.fragments())
    return out
