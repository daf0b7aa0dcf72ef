"""`footprint password [HANDLE]`: is your password built from what is public about you? Checked on this
computer: the password is read without echo (or as one line from a pipe), compared with the handle's
fragments and given to the estimator, and never stored, logged, printed or sent. With --pwned, only the first
five characters of its SHA-1 go to Pwned Passwords (k-anonymity)."""

from __future__ import annotations

import getpass
import hashlib
import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from footprint.cli import scanning
from footprint.cli.app import app, fail, say
from footprint.cli.options import scan_options
from footprint.settings import ScanSettings

if TYPE_CHECKING:
    from footprint.model import Fragment

MAX_PASSWORD_BYTES = 1024  # a passphrase of 20 long words fits; more is not a password someone types
PWNED = "pwned"  # the --endpoint name that points Pwned Passwords elsewhere (a test server)


def read_password() -> str:
    """From the terminal without echo, or the first line of standard input when it is a pipe or a file."""
    if sys.stdin.isatty():
        try:
            text = getpass.getpass("Password (not shown, not stored, not sent): ")
        except EOFError:
            text = ""
    else:
        raw = sys.stdin.buffer.readline(MAX_PASSWORD_BYTES + 1)  # bytes are counted before anything is decoded
        if len(raw.rstrip(b"\r\n")) > MAX_PASSWORD_BYTES:
            raise fail(f"that password is longer than {MAX_PASSWORD_BYTES} bytes")
        try:
            text = raw.rstrip(b"\r\n").decode("utf-8")
        except UnicodeDecodeError:
            raise fail("the password on standard input is not UTF-8 text") from None
    if not text:
        raise fail("no password given: type it at the prompt, or pipe one line in (echo ... | footprint password)")
    return text


def _fragments(handle: str | None, settings: ScanSettings, show_progress: bool) -> tuple[list[Fragment], str]:
    """The fragments to compare against, and where they came from (in words)."""
    from dataclasses import replace

    from footprint.model import Report

    if handle is None:
        return [], "no handle given: the password is judged on its own"
    if settings.demo:
        from footprint import demo

        persona = demo.persona_for(handle)
        if persona is None:
            raise fail(f"unknown demo persona {handle!r}; choose one of: {', '.join(demo.personas())}")
        report = scanning.run(scanning.scanner(settings), scanning.target(persona.handle), False, "")
        return list(report.fragments), f"{len(report.fragments)} public facts about {persona.handle} (demo network)"
    who = scanning.target(handle)
    scan_settings = replace(settings, endpoints={k: v for k, v in settings.endpoints.items() if k != PWNED})
    with scanning.opened_store() as store:
        scanner = scanning.scanner(scan_settings, store)  # its view of the store: reports of its own source only
        stored = None if settings.fresh or scanner.store is None else scanner.store.report(who.handle)
        if stored is not None:
            try:
                report = Report.from_dict(stored)
                return list(
                    report.fragments
                ), f"{len(report.fragments)} public facts from your last scan of {who.handle}"
            except (ValueError, KeyError, TypeError):
                pass  # an old or damaged stored report: scan again
        report = scanning.run(scanner, who, show_progress, "or try --demo.")
    return list(report.fragments), f"{len(report.fragments)} public facts about {who.handle} (scanned just now)"


def _pwned(password: str, settings: ScanSettings) -> tuple[int | None, str]:
    import asyncio

    from collectors import pwned
    from collectors.http import Http, describe_error
    from footprint.scanner import http_config

    digest = hashlib.sha1(password.encode("utf-8")).hexdigest()  # noqa: S324 - the corpus is keyed by SHA-1

    async def ask() -> int:
        async with Http(http_config(settings)) as http:
            return await pwned.breach_count(digest, http, settings.endpoints.get(PWNED, pwned.BASE))

    try:
        count = asyncio.run(ask())
    except pwned.PwnedUnavailable as exc:
        return None, f"could not ask Pwned Passwords ({exc})"
    except Exception as exc:  # noqa: BLE001 - any network trouble: said in one line, the check still stands
        return None, f"could not ask Pwned Passwords ({describe_error(exc)})"
    if count:
        return count, f"seen {count:,} times in data breaches: attackers try it first. Never use it."
    return 0, "not in the Pwned Passwords list of breached passwords (that alone does not make it strong)"


@app.command()
@scan_options(demo=True, redact=False, output=False)
def password(
    handle: Annotated[
        str | None, typer.Argument(help="Whose public facts to compare with (a stored scan is used if there is one).")
    ] = None,
    pwned: Annotated[
        bool,
        typer.Option("--pwned", help="Also ask Pwned Passwords: only 5 characters of the password's SHA-1 are sent."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Write the result as JSON to stdout and nothing else.")
    ] = False,
    *,
    settings: ScanSettings,
) -> None:
    """Is your password built from what is public about you? Checked on this computer; never stored or sent."""
    if pwned and settings.demo:
        raise fail("--pwned is not for the demo network: its personas and their passwords are made up")
    if settings.demo and handle is None:
        raise fail("--demo needs a persona, e.g. footprint password jess --demo")
    if handle is not None and not settings.demo:
        scanning.target(handle)  # a bad handle fails here, before anyone types a password
    secret = read_password()
    fragments, basis = _fragments(handle, settings, show_progress=not as_json)
    from analysis import passwords

    try:
        result = passwords.check(secret, fragments)
    except Exception:  # noqa: BLE001 - whatever went wrong, its message must not carry the password out
        raise fail("could not check that password (an internal error; nothing was stored or sent)", 1) from None
    count, pwned_line = _pwned(secret, settings) if pwned else (None, "")
    del secret
    if as_json:
        out = {**result.to_dict(), "pwned": count, "compared_with": basis}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    say("Checked on this computer: your password was not stored, printed or sent.", stderr=False, style="dim")
    say(f"Compared with {basis}.", stderr=False, style="dim")
    say(passwords.sentence(result), stderr=False)
    say(f"{result.strength.capitalize()} (about 10^{result.guesses_log10:.1f} guesses). {result.verdict}", stderr=False)
    if pwned:
        say(f"Pwned Passwords: {pwned_line}", stderr=False)
    say(f"What to do: {result.advice}", stderr=False, style="bold")
