"""The package's shape (issue #14): imports point one way, from contract/ to briefing/
to site/ to adapters/; nothing but the adapters imports MkDocs; no import cycle anywhere.

Every import counts, also those inside functions: a cycle hidden in a function is still
a cycle a reader has to untangle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "briefbook"
LAYERS = ("problems", "contract", "briefing", "site", "adapters")
"""Lowest first: a module may import from its own layer and the layers before it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> list[str]:
    """Every module `name` imports, absolute (briefbook.x.y or an outside package)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            # `from . import x` may name a module x of that package
            found += [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
    return found


def layer(name: str) -> int | None:
    parts = name.split(".")
    if parts[0] != "briefbook" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def test_only_the_adapters_import_mkdocs():
    offenders = [
        f"{name} imports {target}"
        for name in MODULES
        if not name.startswith("briefbook.adapters")
        for target in imports(name)
        if target.split(".")[0] in ("mkdocs", "material")
    ]
    assert offenders == []


def test_imports_point_from_contract_to_briefing_to_site_to_adapters():
    upward = [
        f"{name} imports {target}"
        for name in MODULES
        for target in imports(name)
        if layer(name) is not None and layer(target) is not None and layer(target) > layer(name)
    ]
    assert upward == []


def test_no_import_cycle_anywhere_in_the_package():
    graph = {name: {t for t in imports(name) if t in MODULES and t != name} for name in MODULES}
    # Importing a module runs its package's __init__ first; ours hold nothing to import.
    assert [
        n for n in MODULES if n.count(".") == 1 and MODULES[n].name == "__init__.py" and MODULES[n].stat().st_size
    ] == []
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_check_sees_an_import():
    """The checks above would pass on an empty graph: make sure they read imports."""
    assert "briefbook.contract.definitions" in imports("briefbook.contract.kinds")
    assert "briefbook.briefing.model" in imports("briefbook.site.exports")
    assert "mkdocs.plugins" in imports("briefbook.adapters.mkdocs_plugin")
