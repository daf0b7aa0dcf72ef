"""The domain model every other package imports: what a scan finds and what the analysis makes of it.

Data flows one way: Target -> Account (with Documents) -> Fragment (with Evidence) -> Link -> CapabilityResult
-> Report. Everything here is plain data; behaviour lives in the packages that produce it.

Accounts, documents and fragments are built up while a scan runs, so they stay mutable. A Report is what the
analysis hands to the views: frozen, with tuples for its collections, complete (nothing a view shows is left
for the view to work out), and `Report.from_dict(report.to_dict())` gives the same Report back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["found", "not_found", "unknown"]
CapabilityState = Literal["satisfied", "near_miss", "out_of_reach"]
ReviewResult = Literal["pass", "warn", "fail", "n/a"]  # n/a: the check had nothing to look at
OverallResult = Literal["pass", "warn", "fail", "incomplete"]
StoryKind = Literal["account", "link", "fragment", "guesses", "summary"]
FixAction = Literal["remove", "protect"]

REPORT_SCHEMA = "footprint/report@3"
REVIEW_SCHEMA = "footprint/professional@2"


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


@dataclass(frozen=True)
class Photo:
    """What one public image gives away in its EXIF (collectors/photos.py): only these facts and the image's
    hash are kept, never the image."""

    source: str  # where the account shows it: "field:avatar_url", "post:3lbjess0001", "file:media/1.jpg"
    url: str  # the image's address (or its path inside a data download)
    status: Literal["read", "skipped"] = "read"  # skipped: not fetched or not an image we can read (see reason)
    reason: str = ""
    sha256: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    taken: str | None = None  # the camera's own date and time, as EXIF writes it (no time zone)
    camera: str | None = None

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Photo:
        facts = ("sha256", "latitude", "longitude", "taken", "camera")
        return cls(d["source"], d["url"], d.get("status", "read"), d.get("reason", ""), *(d.get(k) for k in facts))


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
    # the token (environment variable) without which this network cannot be asked at all (then `unknown`), or,
    # on an account found without it, shows less: `unseen` says what (GitLab's bio, location, job... need one)
    needs: str = ""
    unseen: str = ""
    photos: list[Photo] = field(default_factory=list)  # its public images' EXIF facts (collectors/photos.py)

    @property
    def id(self) -> str:
        return f"{self.network}:{self.handle}"

    def to_dict(self, documents: bool = False) -> dict[str, Any]:
        """The report's shape; `documents=True` adds the texts too (what the store keeps to analyse again)."""
        out = {
            "id": self.id,
            "network": self.network,
            "handle": self.handle,
            "url": self.url,
            "status": self.status,
            "reason": self.reason,
            "confidence": self.confidence,
            "via": self.via,
            "evidence": list(self.evidence),
            "last_active": self.last_active,
            "profile": self.profile,
            "links": [{"kind": k, "value": v, "field": f} for k, v, f in self.links],
            "photos": [asdict(p) for p in self.photos],
        }
        if self.needs:
            out["needs"] = self.needs
        if self.unseen:
            out["unseen"] = self.unseen
        if documents:
            out["documents"] = [asdict(d) for d in self.documents]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Account:
        return cls(
            network=d["network"],
            handle=d["handle"],
            url=d["url"],
            status=d["status"],
            reason=d.get("reason", ""),
            profile=dict(d.get("profile") or {}),
            documents=[Document(**doc) for doc in d.get("documents", [])],
            links=[_link_tuple(x) for x in d.get("links", [])],
            last_active=d.get("last_active"),
            confidence=d.get("confidence", 1.0),
            via=d.get("via", ""),
            evidence=list(d.get("evidence", [])),
            needs=d.get("needs", ""),
            unseen=d.get("unseen", ""),
            photos=[Photo.from_dict(p) for p in d.get("photos", [])],
        )


@dataclass(frozen=True)
class Coverage:
    """How much of the scan could be checked: a verdict is only as good as what it looked at.

    `networks` counts the networks asked (a network skipped for want of a token the user did not give is
    listed in `skipped`, not counted); `answered` those that said found or not_found; `reasons` why the
    others stayed unknown. `enough` is false when more than a quarter stayed unknown (or none was asked)."""

    networks: int
    answered: int
    unknown: int
    reasons: dict[str, int] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    enough: bool = True
    # networks that answered but showed less than a token would: (network, token, what was not visible)
    limited: tuple[tuple[str, str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "networks": self.networks,
            "answered": self.answered,
            "unknown": self.unknown,
            "reasons": dict(self.reasons),
            "skipped": list(self.skipped),
            "enough": self.enough,
            "limited": [{"network": n, "needs": t, "unseen": u} for n, t, u in self.limited],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Coverage:
        return cls(
            int(d["networks"]),
            int(d["answered"]),
            int(d["unknown"]),
            {str(k): int(v) for k, v in (d.get("reasons") or {}).items()},
            tuple(d.get("skipped", [])),
            bool(d["enough"]),
            tuple((str(x["network"]), str(x["needs"]), str(x["unseen"])) for x in d.get("limited") or []),
        )

    def unseen(self) -> str:
        """What some networks did not show without a token, in one sentence ('' when nothing was held back)."""
        if not self.limited:
            return ""
        parts = [f"{unseen} (set {token} to see them)" for _, token, unseen in self.limited]
        return "Not visible without a token: " + "; ".join(parts) + "."

    def shortfall(self) -> str:
        """What could not be checked and why, in one sentence ('' when coverage is enough)."""
        if self.enough:
            return ""
        if not self.networks:
            return "No network could be asked, so nothing here says you are safe."
        why = ", ".join(f"{reason} ({n})" for reason, n in sorted(self.reasons.items(), key=lambda r: -r[1])[:4])
        return (
            f"Only {self.answered} of {self.networks} networks could be checked; {self.unknown} could not"
            + (f": {why}" if why else "")
            + ". This is only what was found so far, not a sign that you are safe."
        )


def _link_tuple(x: Any) -> tuple[str, str, str]:
    if isinstance(x, dict):
        return (x["kind"], x["value"], x.get("field", ""))
    kind, value, source = x
    return (kind, value, source)


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

    @property
    def is_bare_handle(self) -> bool:
        """A handle seen only as an account's own name (the one the user typed): not news, unlike a handle
        found in a bio or a link."""
        return self.kind == "handle" and all(e.rule == "account-found" or e.source == "url" for e in self.evidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "value": self.value,
            "normalized": self.normalized,
            "confidence": self.confidence,
            "evidence": [asdict(e) for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fragment:
        return cls(d["kind"], d["value"], d["normalized"], [Evidence(**e) for e in d.get("evidence", [])])


@dataclass(frozen=True)
class Link:
    """Two accounts believed to belong to the same person, and why."""

    a: str
    b: str
    reason: str
    evidence: str
    confidence: float


@dataclass(frozen=True)
class Capability:
    """An attack that a combination of fragment kinds makes possible (read from data)."""

    id: str
    title: str
    explanation: str
    severity: int  # 1 (nuisance) .. 5 (serious harm)
    requires: tuple[tuple[str, ...], ...]  # AND of OR-groups of fragment kinds
    sources: tuple[str, ...] = ()
    requires_bits: str | None = None  # "population": enough bits of identity to single out one person

    @property
    def requires_text(self) -> str:
        if self.requires_bits:
            return f"bits >= {self.requires_bits} bits"
        return " and ".join("(" + " or ".join(g) + ")" for g in self.requires)


@dataclass(frozen=True)
class CapabilityResult:
    capability: Capability
    state: CapabilityState
    fragments: tuple[str, ...] = ()  # Fragment.id on the path
    missing: tuple[tuple[str, ...], ...] = ()  # OR-groups still unmet
    accounts: tuple[str, ...] = ()  # Account.id of the accounts on the path

    @property
    def satisfied(self) -> bool:
        return self.state == "satisfied"

    def to_dict(self) -> dict[str, Any]:
        cap = self.capability
        return {
            "id": cap.id,
            "title": cap.title,
            "explanation": cap.explanation,
            "severity": cap.severity,
            "requires": [list(g) for g in cap.requires],
            "requires_bits": cap.requires_bits,
            "requires_text": cap.requires_text,
            "sources": list(cap.sources),
            "state": self.state,
            "satisfied": self.satisfied,
            "fragments": list(self.fragments),
            "accounts": list(self.accounts),
            "missing": [list(g) for g in self.missing],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CapabilityResult:
        cap = Capability(
            d["id"],
            d["title"],
            d["explanation"],
            int(d["severity"]),
            tuple(tuple(g) for g in d.get("requires", [])),
            tuple(d.get("sources", [])),
            d.get("requires_bits"),
        )
        return cls(
            cap,
            d["state"],
            tuple(d.get("fragments", [])),
            tuple(tuple(g) for g in d.get("missing", [])),
            tuple(d.get("accounts", [])),
        )


@dataclass(frozen=True)
class FixPart:
    """A fragment removed in the same step as the step's own: alone neither lowers the score."""

    fragment: str  # Fragment.id
    kind: str
    value: str
    where: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "fragment": self.fragment,
            "kind": self.kind,
            "value": self.value,
            "where": [asdict(e) for e in self.where],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FixPart:
        return cls(d["fragment"], d["kind"], d["value"], tuple(Evidence(**e) for e in d.get("where", [])))


@dataclass(frozen=True)
class FixStep:
    """One move of the fix plan: remove this fragment (with `together`, when only all of them lower the score)
    from the places in `where`. `keep` names the professional profiles it belongs on and stays on."""

    fragment: str  # Fragment.id
    kind: str
    value: str
    breaks: tuple[str, ...]  # Capability.id
    where: tuple[Evidence, ...]
    advice: tuple[str, ...]
    score_after: int
    together: tuple[FixPart, ...] = ()
    keep: tuple[str, ...] = ()  # networks (professional) where it stays
    # remove: take the fragment down; protect: keep it, but lock what it opens (two-factor on a recovery email)
    action: FixAction = "remove"

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "fragment": self.fragment,
            "kind": self.kind,
            "value": self.value,
            "breaks": list(self.breaks),
            "where": [asdict(e) for e in self.where],
            "advice": list(self.advice),
            "score_after": self.score_after,
            "together": [p.to_dict() for p in self.together],
            "keep": list(self.keep),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FixStep:
        return cls(
            d["fragment"],
            d["kind"],
            d["value"],
            tuple(d.get("breaks", [])),
            tuple(Evidence(**e) for e in d.get("where", [])),
            tuple(d.get("advice", [])),
            d["score_after"],
            tuple(FixPart.from_dict(p) for p in d.get("together", [])),
            tuple(d.get("keep", [])),
            d.get("action", "remove"),
        )


@dataclass(frozen=True)
class FragmentBits:
    """One fragment's share of the bits of identity (analysis/identity.py)."""

    fragment: str  # Fragment.id
    kind: str
    value: str
    bits: float  # the fragment's own surprisal
    facets: dict[str, float]
    counted: float = 0.0  # how much of the total it accounts for (0 when a more specific fact covers it)
    basis: str = ""
    source: str = ""


@dataclass(frozen=True)
class Identity:
    """How many bits of identity the fragments add up to, against the population's (analysis/identity.py)."""

    bits: float
    population_bits: float
    population: int
    population_name: str
    expected_others: float  # people expected to share all of it, besides the target
    one_in: float  # about one in this many people share all of it
    p_unique: float
    fragments: tuple[FragmentBits, ...] = ()
    method: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "bits": self.bits,
            "population": self.population_name,
            "population_size": self.population,
            "population_bits": round(self.population_bits, 2),
            "one_in": round(self.one_in),
            "expected_others": round(self.expected_others, 3),
            "p_unique": round(self.p_unique, 3),
            "fragments": [asdict(b) for b in self.fragments],
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Identity:
        return cls(
            bits=d["bits"],
            population_bits=d["population_bits"],
            population=d["population_size"],
            population_name=d["population"],
            expected_others=d["expected_others"],
            one_in=d["one_in"],
            p_unique=d["p_unique"],
            fragments=tuple(FragmentBits(**b) for b in d.get("fragments", [])),
            method=d.get("method", ""),
        )


@dataclass(frozen=True)
class Finding:
    """One observation of the professional review, with where it was seen."""

    text: str
    account: str | None = None
    source: str | None = None  # the field or post
    quote: str | None = None  # the words themselves
    url: str | None = None
    risks: tuple[str, ...] = ()  # capability ids this makes possible (identity check)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "risks": list(self.risks)}


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    result: ReviewResult
    summary: str
    why: str
    source: str
    findings: tuple[Finding, ...] = ()
    todo: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "result": self.result,
            "summary": self.summary,
            "why": self.why,
            "source": self.source,
            "findings": [f.to_dict() for f in self.findings],
            "todo": list(self.todo),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Check:
        findings = tuple(Finding(**{**f, "risks": tuple(f.get("risks", []))}) for f in d.get("findings", []))
        return cls(
            d["id"], d["title"], d["result"], d["summary"], d["why"], d["source"], findings, tuple(d.get("todo", []))
        )


REVIEW_ORDER: dict[str, int] = {"n/a": -1, "pass": 0, "warn": 1, "fail": 2}


@dataclass(frozen=True)
class Review:
    """The professional-presence review (analysis/professional.py).

    `incomplete` says why the review cannot vouch for anyone (no account found, too little checked): then a
    review that found nothing wrong is `incomplete`, never `pass`; what it did find still counts."""

    handle: str
    checks: tuple[Check, ...]
    incomplete: str = ""

    @property
    def result(self) -> OverallResult:
        worst = max((c.result for c in self.checks), key=REVIEW_ORDER.__getitem__, default="n/a")
        if worst in ("warn", "fail"):
            return worst  # type: ignore[return-value]
        return "incomplete" if self.incomplete or worst == "n/a" else "pass"

    def counts(self) -> dict[str, int]:
        return {r: sum(c.result == r for c in self.checks) for r in REVIEW_ORDER}

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REVIEW_SCHEMA,
            "handle": self.handle,
            "result": self.result,
            "incomplete": self.incomplete,
            "counts": self.counts(),
            "checks": [c.to_dict() for c in self.checks],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Review:
        return cls(d.get("handle", ""), tuple(Check.from_dict(c) for c in d.get("checks", [])), d.get("incomplete", ""))


@dataclass(frozen=True)
class StoryStep:
    """One finding of the story, in the order a room should see them (analysis/story.py).

    `ref` is an Account.id, a Link as "a|b", or a Fragment.id; `lit` the capabilities this step unlocks.
    A demo persona's story has a "guesses" step (ref ""): what a stranger would try first. The last step is the
    summary: what it all adds up to (the report's unlocked capabilities), the score, and in `ref` the Fragment.id of
    the fix that helps most ('' when there is none); it unlocks nothing new."""

    kind: StoryKind
    ref: str
    lit: tuple[str, ...] = ()
    score: int = 0
    bits: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "ref": self.ref, "lit": list(self.lit), "score": self.score, "bits": self.bits}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StoryStep:
        return cls(d["type"], d["ref"], tuple(d.get("lit", [])), d.get("score", 0), d.get("bits"))


@dataclass(frozen=True)
class Guess:
    """One password a targeted guesser would try, built from the person's fragments (analysis/passwords.py).

    `parts` are (kind, text, Fragment.id) with kind "" and id "" for what the template adds (a "!" or "123"),
    so a view can mask the person's words and keep the rest. Only demo personas get guesses."""

    parts: tuple[tuple[str, str, str], ...]
    recipe: str  # the template in words: "pet's name + birth year"
    hit: bool = False  # this is the persona's fictional password

    @property
    def text(self) -> str:
        return "".join(p[1] for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "recipe": self.recipe,
            "hit": self.hit,
            "parts": [{"kind": k, "text": t, "fragment": f} for k, t, f in self.parts],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Guess:
        parts = tuple((p["kind"], p["text"], p["fragment"]) for p in d.get("parts", []))
        return cls(parts, d.get("recipe", ""), bool(d.get("hit")))


@dataclass(frozen=True)
class Report:
    target: Target
    accounts: tuple[Account, ...]
    fragments: tuple[Fragment, ...]  # about the target (from its own accounts)
    unlinked_fragments: tuple[Fragment, ...]
    links: tuple[Link, ...]
    own_accounts: tuple[str, ...]  # Account.id of the accounts shown to be the target's
    capabilities: tuple[CapabilityResult, ...]
    score: int
    fix_plan: tuple[FixStep, ...]
    identity: Identity | None = None
    review: Review | None = None
    coverage: Coverage | None = None
    story: tuple[StoryStep, ...] = ()
    pipeline: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # what one command adds (`import`: what was read)
    # Came from the built-in demo network of fictional personas: only then are `guesses` made.
    demo: bool = False
    guesses: tuple[Guess, ...] = ()  # what a stranger would try first (demo personas only)

    def to_dict(self) -> dict[str, Any]:
        """Exactly what `--json` writes (schema documented in the README)."""
        out = {
            "schema": REPORT_SCHEMA,
            "target": asdict(self.target),
            "accounts": [a.to_dict() for a in self.accounts],
            "own_accounts": list(self.own_accounts),
            "fragments": [f.to_dict() for f in self.fragments],
            "unlinked_fragments": [f.to_dict() for f in self.unlinked_fragments],
            "links": [asdict(link) for link in self.links],
            "capabilities": [c.to_dict() for c in self.capabilities],
            "score": self.score,
            "fix_plan": [s.to_dict() for s in self.fix_plan],
            "identity": self.identity.to_dict() if self.identity else None,
            "professional": self.review.to_dict() if self.review else None,
            "coverage": self.coverage.to_dict() if self.coverage else None,
            "story": [s.to_dict() for s in self.story],
            "pipeline": self.pipeline,
            "demo": self.demo,
            "guesses": [g.to_dict() for g in self.guesses],
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        if d.get("schema") != REPORT_SCHEMA:
            raise ValueError(f"not a {REPORT_SCHEMA} report (schema {d.get('schema')!r})")
        known = {
            "schema",
            "target",
            "accounts",
            "own_accounts",
            "fragments",
            "unlinked_fragments",
            "links",
            "capabilities",
            "score",
            "fix_plan",
            "identity",
            "professional",
            "coverage",
            "story",
            "pipeline",
            "demo",
            "guesses",
        }
        return cls(
            target=Target(**d["target"]),
            accounts=tuple(Account.from_dict(a) for a in d["accounts"]),
            fragments=tuple(Fragment.from_dict(f) for f in d["fragments"]),
            unlinked_fragments=tuple(Fragment.from_dict(f) for f in d.get("unlinked_fragments", [])),
            links=tuple(Link(**x) for x in d.get("links", [])),
            own_accounts=tuple(d.get("own_accounts", [])),
            capabilities=tuple(CapabilityResult.from_dict(c) for c in d.get("capabilities", [])),
            score=d["score"],
            fix_plan=tuple(FixStep.from_dict(s) for s in d.get("fix_plan", [])),
            identity=Identity.from_dict(d["identity"]) if d.get("identity") else None,
            review=Review.from_dict(d["professional"]) if d.get("professional") else None,
            coverage=Coverage.from_dict(d["coverage"]) if d.get("coverage") else None,
            story=tuple(StoryStep.from_dict(s) for s in d.get("story", [])),
            pipeline=d.get("pipeline", ""),
            extra={k: v for k, v in d.items() if k not in known},
            demo=bool(d.get("demo", False)),
            guesses=tuple(Guess.from_dict(g) for g in d.get("guesses", [])),
        )


# --- fragment kinds ---------------------------------------------------------------------------------
# Every kind a Fragment can have. The data files (capabilities, identity bits, advice, the review, the
# network catalogue, the extraction rules) name kinds by these words; tests/test_networks.py checks it.
KINDS: frozenset[str] = frozenset(
    {
        "full_name",  # a first and a last name
        "first_name",  # a first name on its own
        "age",  # an age in years
        "birthday",  # day and month of birth
        "date_of_birth",  # day, month and year
        "birth_year",  # year of birth
        "location",  # where someone lives or is: a town, region or country
        "hometown",  # where someone grew up
        "address",  # a street address
        "postcode",  # a postcode, whole or in part
        "school",  # a school's name
        "school_year",  # a school year group
        "university",  # a university or college
        "employer",  # a company or organisation someone works for
        "job_title",  # a job or role
        "email",  # an email address
        "phone",  # a phone number
        "pet_name",  # a pet's name
        "family_member",  # a relative's name
        "partner_name",  # a partner's name
        "pronouns",  # pronouns (they give away gender)
        "relationship_status",  # single, engaged, married
        "vehicle",  # a car or its number plate
        "favourite",  # a favourite team, food or band
        "routine",  # where someone is at a regular time
        "travel",  # a trip: where and when someone is away
        "handle",  # a username on some network
        "url",  # a website
        "photo",  # a profile picture (from the account itself, not from text)
        "linked_accounts",  # accounts openly tied to each other (from the accounts, not from text)
    }
)
