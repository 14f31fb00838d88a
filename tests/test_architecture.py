"""The house rules of kg/, checked on its source: layers that import only downwards, no
import cycle (lazy imports count), no module over 400 lines, a docstring on every module,
and resource IRIs spelled in kg/ids.py only."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kg"

# Bottom to top (design.md). A module may import its own layer and the ones below.
LAYERS = [
    ("kg.ids", "kg.model", "kg.vocab"),
    ("kg.ingest",),
    ("kg.nlp",),
    ("kg.rdf",),
    ("kg.store",),
    ("kg.pipeline",),
    ("kg.views",),
    ("kg.quality",),
    ("kg.endpoint",),
    ("kg.api",),
    ("kg.cli",),
]
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int | None:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None  # kg itself, kg.__main__: the package's doors, above everything


def imports_of(module: str) -> set[str]:
    """Every kg module this one imports, at the top or inside a function."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names]
            if not all(name in MODULES for name in names):  # names from the module itself, not its submodules
                names.append(base)
        else:
            continue
        found |= {name for name in names if name in MODULES and name != module}
    return found


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for module in MODULES:
        for target in imports_of(module):
            if not MODULES[module].name == "__init__.py" or not target.startswith(module + "."):
                graph.add_edge(module, target)
    return graph


def test_every_module_is_placed_in_a_layer():
    unplaced = [m for m in MODULES if layer_of(m) is None and m not in {"kg", "kg.__main__"}]
    assert unplaced == []


def test_imports_point_down_only():
    upward = [
        f"{module} -> {target}"
        for module in MODULES
        for target in imports_of(module)
        if layer_of(module) is not None and layer_of(target) is not None and layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_import_cycle():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == []


def test_the_commands_go_through_the_facade():
    allowed = ("kg.api", "kg.cli", "kg.endpoint")
    stray = [
        f"{module} -> {target}"
        for module in MODULES if module.startswith("kg.cli")
        for target in imports_of(module)
        if not target.startswith(allowed) or (target.startswith("kg.endpoint") and module != "kg.cli.serve")
    ]
    assert stray == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small_and_says_what_it_owns(module):
    text = MODULES[module].read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{module} has {len(text.splitlines())} lines"
    assert ast.get_docstring(ast.parse(text)), f"{module} has no docstring"


def test_resource_iris_are_spelled_in_ids_only():
    spelled = [m for m, path in MODULES.items() if "w3id.org/dipkg/" in path.read_text(encoding="utf-8") and m != "kg.ids"]
    assert spelled == []
