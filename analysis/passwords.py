"""Passwords built from your life: which public fragments a password is made of, seen through the usual
disguises (case, '1' for 'i' and '@' for 'a', written backwards, a year or a birthday added), how many guesses
an attacker who knows those fragments needs (zxcvbn, with the fragments as its user inputs), and, for demo
personas only, the first ten passwords a targeted guesser would build from them.

The password is an argument here and nothing else: it is never kept, logged or put in what is returned.
Only the kinds and the public fragments it contains come back, never the part of the password that matched.
Substitutions, wording, verdicts and guess templates are data (analysis/data/passwords.json).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from footprint.model import Evidence, Fragment, Guess

DATA = Path(__file__).parent / "data" / "passwords.json"
MAX_ESTIMATED = 72  # zxcvbn refuses longer input; a longer passphrase is judged on its first 72 characters
SHORT_NUMBER = 2  # a two-digit year counts only beside another match: on its own it is any two digits


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Piece:
    """A string a fragment gives a guesser: 'biscuit' from a pet, '1403' from a birthday."""

    kind: str
    fragment: Fragment
    text: str  # lower case
    numeric: bool


@dataclass(frozen=True)
class Match:
    piece: Piece
    start: int
    end: int
    disguises: tuple[str, ...]  # "case", "symbols", "reversed"


@dataclass(frozen=True)
class Contained:
    """One fragment a password is built from, with where that fragment is public."""

    kind: str
    words: str  # "your pet's name"
    fragment: str  # the public value, never the password's piece
    evidence: tuple[Evidence, ...]
    disguises: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "fragment": self.fragment,
            "evidence": [{"account": e.account, "source": e.source, "url": e.url} for e in self.evidence],
            "disguised_by": list(self.disguises),
        }


@dataclass(frozen=True)
class Check:
    contains: tuple[Contained, ...]
    guesses_log10: float
    strength: str
    verdict: str
    advice: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "contains": [c.to_dict() for c in self.contains],
            "guesses_log10": round(self.guesses_log10, 2),
            "strength": self.strength,
            "verdict": self.verdict,
            "advice": self.advice,
        }


# --- what fragments give a guesser ---------------------------------------------------------------------------


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", value.casefold()) if w]


def _date_pieces(normalized: str) -> list[str]:
    """'--03-14' (a birthday) or '2008-07-03' (a date of birth) as people write them in passwords."""
    m = re.fullmatch(r"(\d{4}|-)-(\d{2})-(\d{2})", normalized)
    if not m:
        return []
    year, month, day = m.groups()
    out = [day + month, month + day, str(int(day)) + str(int(month))]
    if year != "-":
        out += [day + month + year, day + month + year[2:], month + day + year, year + month + day, year]
    return out


def pieces(fragments: list[Fragment]) -> list[Piece]:
    kinds = data()["kinds"]
    ignore = set(data()["ignore_words"])
    out: list[Piece] = []
    for f in fragments:
        spec = kinds.get(f.kind)
        if not isinstance(spec, dict):
            continue
        norm = f.normalized.casefold()
        texts: list[str] = []
        if f.kind in ("birthday", "date_of_birth"):
            texts = _date_pieces(norm)
        elif f.kind == "birth_year":
            texts = [norm, norm[-2:]] if re.fullmatch(r"\d{4}", norm) else []
        elif f.kind == "phone":
            digits = re.sub(r"\D", "", norm)
            texts = [digits[-6:], "0" + digits[2:] if digits.startswith("44") else digits]
        elif f.kind == "email":
            local = norm.partition("@")[0]
            texts = [re.sub(r"[^0-9a-z]", "", local), *re.findall(r"[a-z]+", local)]
        elif f.kind == "handle":
            name = norm.split("@")[0].removesuffix(".bsky.social").split(":")[-1]
            texts = [re.sub(r"[^0-9a-z]", "", name), *re.findall(r"[a-z]{4,}", name)]
        elif f.kind in ("location", "hometown"):
            texts = [] if norm.startswith("geo:") else [re.sub(r"[^a-z]", "", norm.split(",")[0])]
        else:
            words = [w for w in _words(norm) if w not in ignore]
            texts = words + (["".join(words)] if len(words) > 1 else [])
        for text in dict.fromkeys(texts):
            numeric = text.isdigit()
            if len(text) >= (SHORT_NUMBER if numeric else int(spec.get("min", 3))):
                out.append(Piece(f.kind, f, text, numeric))
    return out


# --- finding them in a password ------------------------------------------------------------------------------


def _same(p: str, t: str, subs: dict[str, str]) -> bool:
    return p == t or t in subs.get(p, "")


def _find(password: str, piece: Piece, subs: dict[str, str]) -> list[Match]:
    low = password.casefold()
    found = []
    for reverse in (False, True):
        target = piece.text[::-1] if reverse else piece.text
        if reverse and target == piece.text:
            continue
        n = len(target)
        for i in range(len(low) - n + 1):
            window = low[i : i + n]
            if piece.numeric:
                ok = window == target
            else:
                ok = all(_same(p, t, subs) for p, t in zip(window, target, strict=True))
            if not ok:
                continue
            disguises = []
            if password[i : i + n] != window:
                disguises.append("case")
            if window != target:
                disguises.append("symbols")
            if reverse:
                disguises.append("reversed")
            found.append(Match(piece, i, i + n, tuple(disguises)))
    return found


def find_pieces(password: str, fragments: list[Fragment]) -> list[Match]:
    """The fragments a password is built from: longest matches first, none overlapping."""
    subs = {k: v for k, v in data()["substitutions"].items() if not k.startswith("_")}
    candidates = [m for piece in pieces(fragments) for m in _find(password, piece, subs)]
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
    chosen: list[Match] = []
    taken = [False] * len(password)
    for m in candidates:
        if not any(taken[m.start : m.end]):
            chosen.append(m)
            for i in range(m.start, m.end):
                taken[i] = True
    # Two digits on their own are any two digits; beside a name they are the year people add.
    if not any(m.end - m.start > SHORT_NUMBER or not m.piece.numeric for m in chosen):
        return []
    return [m for m in chosen if not (m.piece.numeric and m.end - m.start <= SHORT_NUMBER)] + [
        m for m in chosen if m.piece.numeric and m.end - m.start <= SHORT_NUMBER
    ]


# --- the check -----------------------------------------------------------------------------------------------


def _verdict(log10: float, result: dict[str, Any]) -> tuple[str, str]:
    shown = result.get("crack_times_display", {})
    for band in data()["verdicts"]:
        if log10 < band["below_log10"]:
            text = band["text"].format(
                online=shown.get("online_no_throttling_10_per_second", "?"),
                offline=shown.get("offline_fast_hashing_1e10_per_second", "?"),
                log10=round(log10),
            )
            return band["strength"], text
    return "strong", ""


def check(password: str, fragments: list[Fragment]) -> Check:
    """What a password is built from, and how many guesses someone who knows the fragments needs."""
    from zxcvbn import zxcvbn

    matches = find_pieces(password, fragments)
    by_fragment: dict[str, list[Match]] = {}
    for m in matches:
        by_fragment.setdefault(m.piece.fragment.id, []).append(m)
    words = data()["kinds"]
    contains = tuple(
        Contained(
            ms[0].piece.kind,
            words[ms[0].piece.kind]["words"],
            ms[0].piece.fragment.value,
            tuple(ms[0].piece.fragment.evidence),
            tuple(sorted({d for m in ms for d in m.disguises})),
        )
        for ms in by_fragment.values()
    )
    user_inputs = list(dict.fromkeys(p.text for p in pieces(fragments)))
    result = zxcvbn(password[:MAX_ESTIMATED], user_inputs=user_inputs)
    log10 = float(result["guesses_log10"])
    strength, verdict = _verdict(log10, result)
    if contains and strength == "strong":
        strength = "fair"  # built from public facts: the estimate already knows them, but say it plainly
    return Check(contains, log10, strength, verdict, data()["advice"])


def sentence(result: Check, network_names: dict[str, str] | None = None) -> str:
    """'Your password contains your pet's name "Biscuit" (github: field:bio) and ...' in plain words."""
    if not result.contains:
        return "Your password is not built from anything public that footprint found about this handle."

    def where(c: Contained) -> str:
        seen = list(dict.fromkeys(f"{e.account.split(':', 1)[0]} {_place(e.source)}" for e in c.evidence))
        return ", ".join(seen[:2]) + (" and more" if len(seen) > 2 else "")

    parts = [f"{c.words} “{c.fragment}” ({where(c)})" for c in result.contains]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    disguised = {d for c in result.contains for d in c.disguises} - {"case"}
    tail = " The disguise (symbols for letters, writing it backwards) does not fool a guesser." if disguised else ""
    return f"Your password contains {joined}.{tail}"


def _place(source: str) -> str:
    """'field:bio' -> 'bio', 'post:3lb..' -> 'a post', 'url' -> 'profile address'."""
    kind, _, name = source.partition(":")
    return {"field": name, "post": "a post", "comment": "a comment", "url": "profile address"}.get(kind, source)


# --- what a stranger would try first (demo personas only) ---------------------------------------------------


def _part_value(kind: str, fragments: list[Fragment], handle: str | None) -> tuple[str, str] | None:
    """(text, Fragment.id) of the first fragment of `kind` usable in a guess."""
    wanted = {"surname": ("full_name",), "first_name": ("first_name", "full_name")}.get(kind, (kind,))
    # the handle the person was looked up by comes before the ones found in bios and links
    ranked = sorted(fragments, key=lambda f: (f.kind != wanted[0], f.normalized != (handle or "").casefold()))
    for f in ranked:
        if f.kind not in wanted:
            continue
        norm = f.normalized.casefold()
        if kind == "birthday":
            dates = _date_pieces(norm)
            text = dates[0] if dates else ""
        elif kind == "birth_year":
            text = norm if re.fullmatch(r"\d{4}", norm) else ""
        elif kind == "handle":
            text = re.sub(r"[^0-9a-z_]", "", norm.split("@")[0].split(".")[0].split(":")[-1])
        elif kind in ("location", "hometown"):
            text = "" if norm.startswith("geo:") else re.sub(r"[^a-z]", "", norm.split(",")[0])
        elif kind == "surname":
            words = _words(norm)
            text = words[-1] if len(words) > 1 and len(words[-1]) > 1 else ""
        elif f.kind == "full_name":  # a first name, from a full one
            words = _words(norm)
            text = words[0] if len(words) > 1 and len(words[0]) > 1 else ""
        else:
            words = [w for w in _words(norm) if w not in data()["ignore_words"]]
            text = words[0] if words else ""
        if text:
            return text, f.id
    return None


def first_guesses(fragments: list[Fragment], handle: str | None = None, limit: int = 10) -> list[Guess]:
    """The first `limit` passwords a targeted guesser builds from these fragments, in the templates' order;
    `handle`: the one the person was looked up by."""
    out: list[Guess] = []
    seen: set[str] = set()
    for template in data()["guess_templates"]["templates"]:
        parts: list[tuple[str, str, str]] = []
        for part in template["parts"]:
            if part.startswith("'"):
                parts.append(("", part.strip("'"), ""))
                continue
            style, _, kind = part.rpartition(":")
            found = _part_value(kind, fragments, handle)
            if found is None:
                break
            text, fid = found
            if style == "Cap":
                text = text[:1].upper() + text[1:]
            elif style == "reversed":
                text = text[::-1]
            parts.append((fid.partition("=")[0], text, fid))
        else:
            guess = Guess(tuple(parts), template["recipe"])
            if guess.text not in seen:
                seen.add(guess.text)
                out.append(guess)
        if len(out) == limit:
            break
    return out


def mark_hit(guesses: list[Guess], password: str | None) -> list[Guess]:
    """Which guess is the persona's fictional password (exactly, as a login form compares)."""
    return [Guess(g.parts, g.recipe, hit=password is not None and g.text == password) for g in guesses]
