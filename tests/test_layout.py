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
    "training",
    "positions",
    "candidates",
    "applications",
    "interviews",
    "scorecards",
    "debriefs",
    "onboarding",
    "coaching",  # planned (DESIGN.md): listed so they slot in at the right place
    "analytics",
    "packets",
)
RANK = {area: index for index, area in enumerate(FLOW)}
#: Shared plumbing every area may use; it depends on no domain area itself.
PLUMBING = ("auth", "audit", "mail", "users")
TYPING_GUARDS = ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _area(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _is_view(path: Path) -> bool:
    return path.name.startswith("views") or "views" in path.relative_to(PACKAGE).parts


def _module_exists(dotted: str) -> bool:
    target = PACKAGE.parent.joinpath(*dotted.split("."))
    return target.with_suffix(".py").exists() or (target / "__init__.py").exists()


def _package_of(path: Path) -> list[str]:
    return list(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])


def _names_views(dotted: str) -> bool:
    """``hiring.<area>.views`` or ``hiring.<area>.views_<part>``."""
    return any(part.startswith("views") for part in dotted.split(".")[2:])


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every ``hiring.*`` module imported, at any depth, except under ``if TYPE_CHECKING:``.

    ``from hiring.x import views`` counts as importing ``hiring.x.views``; relative imports
    are resolved against the module's own package.
    """
    tree = ast.parse(path.read_text(), str(path))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in TYPING_GUARDS:
            typing_only |= {id(inner) for child in node.body for inner in ast.walk(child)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = _package_of(path)[: len(_package_of(path)) - node.level + 1]
                base = ".".join([*package, *([base] if base else [])])
            if base != "hiring" and not base.startswith("hiring."):
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield node.lineno, submodule if _module_exists(submodule) else base
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
        if _names_views(module) and module.split(".")[1] != _area(path)
    ]
    assert not crossing, "\n".join(crossing)


def test_plumbing_depends_on_no_domain_area() -> None:
    """Accounts, the audit log and mail serve every area, so none of them may need one."""
    reaching = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for area in PLUMBING
        for path in (PACKAGE / area).rglob("*.py")
        for line, module in _imports(path)
        if module.split(".")[1] in RANK
    ]
    assert not reaching, "\n".join(reaching)


@pytest.mark.parametrize("init", sorted(PACKAGE.glob("*/__init__.py")), ids=lambda p: p.parent.name)
def test_package_inits_import_nothing(init: Path) -> None:
    """The factory registers blueprints; importing an area never loads its pages."""
    tree = ast.parse(init.read_text())
    assert not [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]


def test_the_checker_sees_hidden_and_indirect_imports(tmp_path: Path) -> None:
    """Imports inside functions, ``from package import views``, relative imports and
    ``if not TYPE_CHECKING`` all count; only ``if TYPE_CHECKING:`` is left out."""
    module = PACKAGE / "debriefs" / "_layout_probe.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from hiring.packets.render import Packet\n"
        "if not TYPE_CHECKING:\n    from hiring.onboarding import models\n"
        "from hiring.interviews import views\n"
        "from ..scorecards import services\n"
        "def f():\n    from hiring.packets import render\n"
    )
    try:
        found = sorted(m for _line, m in _imports(module))
    finally:
        module.unlink()
    assert found == [
        "hiring.interviews.views",
        "hiring.onboarding.models",
        "hiring.packets.render",
        "hiring.scorecards.services",
    ]
    edges = {("interviews", "scorecards"): ["x"], ("scorecards", "interviews"): ["y"]}
    assert _cycles(edges) == [["interviews", "scorecards"]]
