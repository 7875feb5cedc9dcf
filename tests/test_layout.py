"""The layout holds: no import circle between the package's files, no stage importing the command
line or the web, nothing outside the store touching its tables or engine, and only the settings
module reading the environment (module-level imports, read from the source)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import diplowatch

PACKAGE = Path(diplowatch.__file__).parent


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text("utf-8"))
    return found


MODULES = _modules()


def _imported(tree: ast.Module, *, top_level: bool) -> Iterator[str]:
    """The diplowatch modules a module imports (at its top level, or anywhere)."""
    nodes = tree.body if top_level else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.If) and top_level:
            continue  # TYPE_CHECKING blocks
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("diplowatch"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("diplowatch"):
            module = node.module or ""
            for alias in node.names:
                joined = f"{module}.{alias.name}"
                yield joined if joined in MODULES else module


def _graph() -> dict[str, set[str]]:
    return {name: set(_imported(tree, top_level=True)) - {name} for name, tree in MODULES.items()}


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def test_no_import_circle_between_files() -> None:
    graph = _graph()
    assert sum(map(len, graph.values())) > 300  # the graph is read, not empty
    # Importing a module runs its packages' __init__ first: count those edges too, except a
    # package's own import of its submodules.
    for name in list(graph):
        graph[name] |= {p for p in _parents(name) if p in MODULES and p != "diplowatch"}
    cycles = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph.get(name, ())):
            if other not in MODULES or other.startswith(name + "."):
                continue
            if state.get(other) == 1:
                cycles.append([*path[path.index(other) :], other] if other in path else [other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_stages_never_import_the_command_line_or_the_web() -> None:
    upward = {
        name: sorted(
            o for o in _imported(tree, top_level=False) if o.split(".")[1:2] in (["cli"], ["web"])
        )
        for name, tree in MODULES.items()
        if name.split(".")[1:2] not in (["cli"], ["web"]) and name != "diplowatch.__main__"
    }
    assert {name: found for name, found in upward.items() if found} == {}


def test_nothing_outside_the_store_touches_its_tables_or_its_engine() -> None:
    leaks = []
    for name, tree in MODULES.items():
        if name.startswith("diplowatch.store"):
            continue
        if "diplowatch.store.schema" in set(_imported(tree, top_level=False)):
            leaks.append(f"{name} imports the schema")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "engine":
                leaks.append(f"{name}:{node.lineno} uses .engine")
    assert leaks == []


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = []
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                readers.append(f"{name}:{node.lineno}")
    assert all(reader.startswith("diplowatch.config:") for reader in readers), readers


def test_every_error_diplowatch_defines_is_in_the_one_tree() -> None:
    defined = [
        f"{name}.{node.name}"
        for name, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name.endswith("Error")
    ]
    assert defined and all(name.startswith("diplowatch.errors.") for name in defined), defined
