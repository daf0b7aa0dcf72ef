"""The self-contained HTML report: one file, no network, every script and style inline and pinned by hash in a
strict Content-Security-Policy, every stranger's word autoescaped. The command writes it owner-only."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from footprint.model import Report
from footprint.version import __version__
from reports import view as views

HERE = Path(__file__).parent
STATIC = HERE / "static"


@lru_cache(maxsize=1)
def environment() -> Environment:
    # Autoescape on for every template, whatever its name: strangers' text goes through here.
    return Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True)
    )


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def asset(*names: str) -> str:
    return "\n".join((STATIC / n).read_text(encoding="utf-8") for n in names)


def render(report: Report, redact: bool = False, with_review: bool = False) -> str:
    """`with_review` adds the professional-presence section (footprint review, batch)."""
    view = views.build(report, redact=redact)
    professional = report.review.to_dict() if with_review and report.review is not None else None
    if professional is not None:  # finding URLs come from profiles: only http(s) ones become links
        professional = {
            **professional,
            "checks": [
                {**c, "findings": [{**f, "url": views.safe_url(f.get("url"))} for f in c["findings"]]}
                for c in professional["checks"]
            ],
        }
    css = asset("footprint.css")
    js = asset("graph.js", "report.js")
    csp = (
        f"default-src 'none'; script-src {csp_hash(js)}; style-src {csp_hash(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        environment()
        .get_template("report.html")
        .render(
            view=view,
            css=Markup(css),
            js=Markup(js),
            csp=csp,
            version=__version__,
            pipeline=report.pipeline,
            found=[a for a in view["accounts"] if a["status"] == "found"],
            fragments={f["id"]: f for f in view["fragments"]},
            networks={a["id"]: a["title"] for a in view["accounts"]},
            professional=professional,
            redacted=redact,
        )
    )
