"""The domain model every other package imports: what a scan finds and what the analysis makes of it.

Data flows one way: Target -> Account (with Documents) -> Fragment (with Evidence) -> Link -> CapabilityResult -> Report.
Everything here is plain data; behaviour lives in the packages that produce it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["found", "not_found", "unknown"]
CapabilityState = Literal["satisfied", "near_miss", "out_of_reach"]

REPORT_SCHEMA = "footprint/report@1"


@dataclass(frozen=True)
class Target:
    """What the user asked about: a handle (optionally `user@instance`)."""

    handle: str


@dataclass
class Document:
    """One piece of text an account shows: a profile field, a bio, a post or a comment."""

    account: str  # Account.id of the account that shows it
    source: str  # "field:location", "bio", "post:123", "comment:456"
    text: str
    field: str | None = None  # the network's own field name, for structured profile fields
    url: str | None = None  # where a person can see it
    timestamp: str | None = None  # ISO 8601, when the network says


@dataclass
class Account:
    """The outcome of checking one network for one handle."""

    network: str
    handle: str
    url: str
    status: Status
    reason: str = ""
    profile: dict[str, Any] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    # Other handles, emails and websites this account points at, each as (kind, value, source field).
    links: list[tuple[str, str, str]] = field(default_factory=list)
    last_active: str | None = None
    confidence: float = 1.0
    via: str = ""  # for a pivot: the account, field and value that led here (evidence for the identity graph)
    evidence: list[str] = field(default_factory=list)  # why `found` (or why not) is believed

    @property
    def id(self) -> str:
        return f"{self.network}:{self.handle}"


@dataclass
class Evidence:
    """Why a fragment is believed: which account, which field or post, which words."""

    account: str
    source: str
    text: str  # the matched words
    start: int = 0
    end: int = 0
    url: str | None = None
    rule: str = ""  # the rule or component that found it
    confidence: float = 1.0


@dataclass
class Fragment:
    """One personal fact about the account holder, with every place it was seen."""

    kind: str
    value: str
    normalized: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.normalized)

    @property
    def id(self) -> str:
        return f"{self.kind}={self.normalized}"

    @property
    def accounts(self) -> list[str]:
        return sorted({e.account for e in self.evidence})

    @property
    def confidence(self) -> float:
        # Independent sightings make a fact more certain: 1 - prod(1 - c).
        miss = 1.0
        for e in self.evidence:
            miss *= 1.0 - e.confidence
        return round(1.0 - miss, 3)


@dataclass
class Link:
    """Two accounts believed to belong to the same person, and why."""

    a: str
    b: str
    reason: str
    evidence: str
    confidence: float


@dataclass
class Capability:
    """An attack that a combination of fragment kinds makes possible (read from data)."""

    id: str
    title: str
    explanation: str
    severity: int  # 1 (nuisance) .. 5 (serious harm)
    requires: list[list[str]]  # AND of OR-groups of fragment kinds
    sources: list[str] = field(default_factory=list)
    requires_bits: str | None = None  # "population": enough bits of identity to single out one person


@dataclass
class CapabilityResult:
    capability: Capability
    state: CapabilityState
    fragments: list[str] = field(default_factory=list)  # Fragment.id on the path
    missing: list[list[str]] = field(default_factory=list)  # OR-groups still unmet
    accounts: list[str] = field(default_factory=list)  # Account.id of the accounts on the path

    @property
    def satisfied(self) -> bool:
        return self.state == "satisfied"


@dataclass
class FixStep:
    fragment: str  # Fragment.id
    kind: str
    value: str
    breaks: list[str]  # Capability.id
    where: list[Evidence]
    advice: list[str]
    score_after: int


@dataclass
class Report:
    target: Target
    accounts: list[Account]
    fragments: list[Fragment]  # about the target (from linked accounts)
    unlinked_fragments: list[Fragment]
    links: list[Link]
    capabilities: list[CapabilityResult]
    score: int
    fix_plan: list[FixStep]
    pipeline: str = ""
    identity: dict[str, Any] = field(default_factory=dict)  # bits of identity (analysis/identity.py)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "target": asdict(self.target),
            "accounts": [_account_dict(a) for a in self.accounts],
            "fragments": [_fragment_dict(f) for f in self.fragments],
            "unlinked_fragments": [_fragment_dict(f) for f in self.unlinked_fragments],
            "links": [asdict(link) for link in self.links],
            "capabilities": [_capability_dict(c) for c in self.capabilities],
            "score": self.score,
            "fix_plan": [_fix_dict(s) for s in self.fix_plan],
            "identity": self.identity,
            "pipeline": self.pipeline,
        }


def _account_dict(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "network": a.network,
        "handle": a.handle,
        "url": a.url,
        "status": a.status,
        "reason": a.reason,
        "confidence": a.confidence,
        "via": a.via,
        "evidence": a.evidence,
        "last_active": a.last_active,
        "profile": a.profile,
        "links": [{"kind": k, "value": v, "field": f} for k, v, f in a.links],
    }


def _fragment_dict(f: Fragment) -> dict[str, Any]:
    return {
        "id": f.id,
        "kind": f.kind,
        "value": f.value,
        "normalized": f.normalized,
        "confidence": f.confidence,
        "evidence": [asdict(e) for e in f.evidence],
    }


def _capability_dict(c: CapabilityResult) -> dict[str, Any]:
    cap = c.capability
    return {
        "id": cap.id,
        "title": cap.title,
        "explanation": cap.explanation,
        "severity": cap.severity,
        "requires": " and ".join("(" + " or ".join(g) + ")" for g in cap.requires) or f"bits >= {cap.requires_bits} bits",
        "sources": cap.sources,
        "state": c.state,
        "satisfied": c.satisfied,
        "fragments": c.fragments,
        "accounts": c.accounts,
        "missing": c.missing,
    }


def _fix_dict(s: FixStep) -> dict[str, Any]:
    return {
        "fragment": s.fragment,
        "kind": s.kind,
        "value": s.value,
        "breaks": s.breaks,
        "where": [asdict(e) for e in s.where],
        "advice": s.advice,
        "score_after": s.score_after,
    }


# --- fragment kinds ---------------------------------------------------------------------------------
# Every kind a Fragment can have. The data files (capabilities, identity bits, advice, the review, the
# network catalogue, the extraction rules) name kinds by these words; tests/test_networks.py checks it.
KINDS: frozenset[str] = frozenset({
    "full_name",            # a first and a last name
    "first_name",           # a first name on its own
    "age",                  # an age in years
    "birthday",             # day and month of birth
    "date_of_birth",        # day, month and year
    "birth_year",           # year of birth
    "location",             # where someone lives or is: a town, region or country
    "hometown",             # where someone grew up
    "address",              # a street address
    "postcode",             # a postcode, whole or in part
    "school",               # a school's name
    "school_year",          # a school year group
    "university",           # a university or college
    "employer",             # a company or organisation someone works for
    "job_title",            # a job or role
    "email",                # an email address
    "phone",                # a phone number
    "pet_name",             # a pet's name
    "family_member",        # a relative's name
    "partner_name",         # a partner's name
    "pronouns",             # pronouns (they give away gender)
    "relationship_status",  # single, engaged, married
    "vehicle",              # a car or its number plate
    "favourite",            # a favourite team, food or band
    "routine",              # where someone is at a regular time
    "travel",               # a trip: where and when someone is away
    "handle",               # a username on some network
    "url",                  # a website
    "photo",                # a profile picture (from the account itself, not from text)
    "linked_accounts",      # accounts openly tied to each other (from the accounts, not from text)
})
