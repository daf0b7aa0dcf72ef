"""The machine-readable report (schema footprint/report@3, documented in the README)."""

from __future__ import annotations

import json

from footprint.model import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
