"""The email that unlocks everything. An email address found in public is probably the one the person's
other accounts send their password resets to: whoever gets into it can reset the rest. Taking the address
down does not undo that (it is already out there), so the fix plan's first step is to lock it: turn on
two-factor authentication there, with the provider's own security page for the common providers
(advice.json, "recovery_email")."""

from __future__ import annotations

from analysis.risk import load_advice
from footprint.model import FixStep, Fragment


def _provider_tip(address: str, providers: list[dict]) -> str | None:
    domain = address.rpartition("@")[2].casefold().strip()
    for provider in providers:
        if domain in provider["domains"]:
            return f"{provider['name']}: {provider['how']} at {provider['url']}"
    return None


def protect_steps(fragments: list[Fragment], score: int) -> list[FixStep]:
    """One "protect" step per email address; `score` is the score now (turning on 2FA hides nothing)."""
    data = load_advice()["recovery_email"]
    steps = []
    for f in fragments:
        if f.kind != "email" or "@" not in f.value:
            continue
        tip = _provider_tip(f.value, data["providers"])
        advice = (data["why"], data["general"]) + ((tip,) if tip else ())
        steps.append(FixStep(f.id, f.kind, f.value, (), tuple(f.evidence), advice, score, action="protect"))
    return steps
