"""The shape of the code: floors that imports only ever go down, no import cycles, and each package minding
its own business. Read from the source (every import, including those inside functions), so a new arrow
that points up or closes a circle fails here before it costs anything."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("footprint", "collectors", "analysis", "reports")

# The floor of each module, by the longest matching prefix. Ground: plain data and where files live.
FLOORS = {
    "footprint.model": 0, "footprint.handles": 0, "footprint.paths": 0, "footprint.settings": 0,
    "footprint.files": 0, "footprint.version": 0, "footprint.networks": 0,
    "collectors": 1, "analysis": 1, "reports": 1, "footprint.demo": 1,
    "footprint.scanner": 2, "footprint.store": 2,
    "footprint": 3,  # the library API (footprint/__init__.py), the CLI, the web app, batch
}
# Packages on the same floor that must not lean on each other: collectors gather, analysis decides,
# reports only show a Report (they never collect and never re-run the risk model).
APART = {"collectors": {"analysis", "reports"}, "analysis": {"collectors", "reports"},
         "reports": {"collectors", "analysis"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> nx.DiGraph:
    g = nx.DiGraph()
    modules = {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    for name, path in modules.items():
        g.add_node(name)
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.split(".")[0] in PACKAGES:
                    g.add_edge(name, target)
    return g


def floor(module: str) -> int:
    best = max((p for p in FLOORS if module == p or module.startswith(p + ".")), key=len)
    return FLOORS[best]


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    return imports()


def test_there_are_no_import_cycles(graph):
    cycles = list(nx.simple_cycles(graph))
    assert cycles == [], cycles[:5]


def test_imports_only_go_down_a_floor_or_stay(graph):
    upward = [(a, b) for a, b in graph.edges if floor(b) > floor(a)]
    assert upward == []


def test_collectors_analysis_and_reports_keep_apart(graph):
    crossing = [(a, b) for a, b in graph.edges
                if b.split(".")[0] in APART.get(a.split(".")[0], set())]
    assert crossing == []


def test_the_checker_sees_imports(graph):
    # The test above would pass on an empty graph: make sure it reads real arrows, function-level ones too.
    assert graph.has_edge("footprint.scanner", "collectors.sitelist")
    assert graph.has_edge("footprint.cli.scan", "footprint.cli.output")
    assert graph.has_edge("analysis.report", "analysis.story")
