"""The house's layout (DESIGN.md §4), checked from the source: the domain areas' own layers
form no import cycle and follow the flow; views never import another area's views; package
``__init__`` modules import nothing, so reading a model never loads a page."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hiring"
#: The areas in the order data flows; a domain module imports only areas before its own.
FLOW = (
    "library",
    "positions",
    "candidates",
    "applications",
    "interviews",
    "scorecards",
    "debriefs",
    "onboarding",
    "coaching",
    "analytics",
    "packets",
)
RANK = {area: index for index, area in enumerate(FLOW)}


def _area(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _is_view(path: Path) -> bool:
    return path.name.startswith("views") or "views" in path.relative_to(PACKAGE).parts


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every ``hiring.*`` module imported, at any depth, except under ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(), str(path))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(inner) for child in node.body for inner in ast.walk(child)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "hiring":
                yield from ((node.lineno, f"hiring.{alias.name}") for alias in node.names)
            elif node.module.startswith("hiring."):
                yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("hiring."):
                    yield node.lineno, alias.name


def _domain_edges() -> dict[tuple[str, str], list[str]]:
    """(from area, to area) → where, for every import between areas outside views."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _area(path)
        if source not in RANK or _is_view(path):
            continue
        for line, module in _imports(path):
            target = module.split(".")[1]
            if target != source and target in RANK:
                where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
                edges.setdefault((source, target), []).append(where)
    return edges


def _cycles(edges: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one area (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(area: str) -> None:
        index[area] = low[area] = len(index)
        stack.append(area)
        for other in graph.get(area, ()):
            if other not in index:
                visit(other)
                low[area] = min(low[area], low[other])
            elif other in stack:
                low[area] = min(low[area], index[other])
        if low[area] == index[area]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == area:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for area in sorted(graph):
        if area not in index:
            visit(area)
    return found


def test_no_import_cycle_between_domain_areas() -> None:
    edges = _domain_edges()
    cycles = _cycles(edges)
    detail = [
        where
        for group in cycles
        for (source, target), places in edges.items()
        if source in group and target in group
        for where in places
    ]
    assert not cycles, f"areas importing each other: {cycles}\n" + "\n".join(detail)


def test_domain_modules_import_only_earlier_areas() -> None:
    backwards = [
        where
        for (source, target), places in _domain_edges().items()
        if RANK[target] > RANK[source]
        for where in places
    ]
    assert not backwards, "imports against the flow:\n" + "\n".join(backwards)


def test_views_never_import_another_areas_views() -> None:
    crossing = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for path in PACKAGE.rglob("*.py")
        if _is_view(path)
        for line, module in _imports(path)
        if ".views" in module and module.split(".")[1] != _area(path)
    ]
    assert not crossing, "\n".join(crossing)


@pytest.mark.parametrize("init", sorted(PACKAGE.glob("*/__init__.py")), ids=lambda p: p.parent.name)
def test_package_inits_import_nothing(init: Path) -> None:
    """The factory registers blueprints; importing an area never loads its pages."""
    tree = ast.parse(init.read_text())
    assert not [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]


def test_the_checker_sees_a_cycle_and_a_function_level_import(tmp_path: Path) -> None:
    """The walker must catch imports hidden inside functions, and skip typing-only ones."""
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from hiring.packets.render import Packet\n"
        "def f():\n    from hiring.debriefs import services\n"
    )
    assert [m for _l, m in _imports(module)] == ["hiring.debriefs"]
    edges = {("interviews", "scorecards"): ["x"], ("scorecards", "interviews"): ["y"]}
    assert _cycles(edges) == [["interviews", "scorecards"]]
