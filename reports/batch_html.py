"""The cohort summary as one printable HTML page for a careers adviser. Every value is escaped: handles
and names come from a spreadsheet, and reports quote strangers' text."""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
h1 { font-size: 1.4rem; } p.note { color: #444; max-width: 60rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.fail { color: #a00; font-weight: bold; } .warn { color: #8a5a00; font-weight: bold; } .pass { color: #060; font-weight: bold; }
.incomplete { color: #8a5a00; font-weight: bold; }
.bad { color: #666; font-style: italic; }
@media print { body { margin: 0.5cm; } a { color: inherit; text-decoration: none; } tr { page-break-inside: avoid; } }
"""


def render(rows: list[dict[str, Any]], title: str, note: str) -> str:
    head = [
        "Line",
        "Handle",
        "Name",
        "Score",
        "Networks checked",
        "Most serious risk unlocked",
        "Review",
        "Report",
        "Notes",
    ]
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">{escape(note)}</p>',
        "<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>",
    ]
    for r in rows:
        review = str(r["review"])
        counts = f" ({r['fail']} fail, {r['warn']} warn, {r['pass']} pass)" if review else ""
        link = " ".join(
            f'<a href="{escape(str(r[k]), quote=True)}">{label}</a>'
            for k, label in (("html", "printable"), ("report", "JSON"))
            if r.get(k)
        )
        status = "" if r["status"] in ("done", "resumed") else str(r["status"])
        notes = "; ".join(x for x in (status, str(r["detail"])) if x)
        cls = ' class="bad"' if r["status"] in ("bad row", "error") else ""
        out.append(
            f"<tr{cls}><td>{r['line']}</td><td>{escape(str(r['handle']))}</td><td>{escape(str(r['name']))}</td>"
            f"<td>{escape(str(r['score']))}</td><td>{escape(str(r.get('checked', '')))}</td>"
            f"<td>{escape(str(r['worst_capability']))}</td>"
            f'<td><span class="{escape(review, quote=True)}">{escape(review.upper())}</span>{escape(counts)}</td>'
            f"<td>{link}</td><td>{escape(notes)}</td></tr>"
        )
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"
