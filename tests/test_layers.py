"""The layers of lifesim: every import of a lifesim module points down, never up or sideways.

    app -> window -> {sandbox, census} -> simulation (and notebook) -> {drivers, io} -> core

Walks every module's source with ``ast`` (function-level imports too), so a step the wrong way
fails here, naming the module and the import, before it becomes a cycle.
"""

import ast
from pathlib import Path

import pytest

import lifesim

PACKAGE = Path(lifesim.__file__).resolve().parent

# Layer of a module: the first matching prefix; a top-level module not listed is core.
LAYERS = (
    ("lifesim.app", 5, "app"),
    ("lifesim.window", 4, "window"),
    ("lifesim.sandbox", 3, "sandbox"),
    ("lifesim.census", 3, "census"),
    ("lifesim.simulation", 2, "simulation"),
    ("lifesim.outcome", 2, "simulation"),
    ("lifesim.runspec", 2, "simulation"),
    ("lifesim.notebook", 2, "simulation"),
    ("lifesim.drivers", 1, "drivers"),
    ("lifesim.io", 1, "io"),
)
CORE = (0, "core")
# The package's own __init__ is the public facade (``from lifesim import Grid, Simulation``):
# it may gather names from below the app, and no module of lifesim may import from it.
FACADE = "lifesim"
APP_ONLY = ("argparse", "tqdm")  # the command line's tools: nothing below the app reads argv


def layer(module):
    """(rank, name) of a lifesim module's layer."""
    for prefix, rank, name in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank, name
    return CORE


def sources(root=PACKAGE):
    """{module name: source text} for every module of the package at ``root``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path.read_text(encoding="utf-8")
    return found


def imports(module, source, known):
    """(imported lifesim module, line, inside a function?) for each import in ``source``."""
    tree = ast.parse(source)
    in_function = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            in_function.update(id(n) for n in ast.walk(node) if n is not node)
    is_package = module in known and any(m.startswith(module + ".") for m in known)
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[:len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in targets:
            yield target, node.lineno, id(node) in in_function


def violations(found):
    """One line per import that breaks the layering, for modules {name: source}."""
    bad = []
    for module, source in found.items():
        rank, name = layer(module)
        for target, line, nested in imports(module, source, found):
            where = f"{module} line {line}: import {target}"
            if target.split(".")[0] in APP_ONLY and name != "app":
                bad.append(f"{where}: only the app layer reads the command line")
            if target.split(".")[0] != "lifesim":
                continue
            if nested:
                bad.append(f"{where}: inside a function (import it at the top; a cycle is fixed by layering)")
            if module == FACADE:
                if layer(target)[1] == "app":
                    bad.append(f"{where}: the facade gathers names from below the app")
                continue
            if target == FACADE:
                bad.append(f"{where}: import from the module that defines it, not from the facade")
                continue
            t_rank, t_name = layer(target)
            if t_rank > rank:
                bad.append(f"{where}: {name} may not import {t_name} (it is above)")
            elif t_rank == rank and t_name != name:
                bad.append(f"{where}: {name} and {t_name} are siblings and never import each other")
    return bad + [f"cycle: {' -> '.join(c)}" for c in cycles(found)]


def cycles(found):
    """Import cycles among the modules (each as a list of names), by depth-first search."""
    graph = {m: sorted({t for t, _, _ in imports(m, s, found) if t in found and t != m and t != FACADE})
             for m, s in found.items() if m != FACADE}
    state, stack, out = {}, [], []

    def visit(m):
        state[m] = "open"
        stack.append(m)
        for t in graph.get(m, ()):
            if state.get(t) == "open":
                out.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = "done"

    for m in graph:
        if m not in state:
            visit(m)
    return out


def test_every_import_points_down_the_layers():
    assert violations(sources()) == []


@pytest.mark.parametrize("module, line, complaint", [
    ("lifesim.drivers.serial", "import lifesim.app.cli", "drivers may not import app"),
    ("lifesim.drivers.serial", "from lifesim.io import formats", "drivers and io are siblings"),
    ("lifesim.io.formats", "from lifesim.drivers import get_driver", "io and drivers are siblings"),
    ("lifesim.grid", "from lifesim.simulation import Simulation", "core may not import simulation"),
    ("lifesim.simulation", "import argparse", "only the app layer reads the command line"),
    ("lifesim.window.window", "from tqdm import tqdm", "only the app layer reads the command line"),
    ("lifesim.window.window", "def f():\n    from lifesim.grid import Grid", "inside a function"),
    ("lifesim.rules", "from lifesim import Grid", "not from the facade"),
])
def test_a_step_the_wrong_way_is_named(module, line, complaint):
    found = sources()
    found[module] += "\n" + line + "\n"
    bad = violations(found)
    assert any(module in v and complaint in v for v in bad), bad


def test_a_cycle_is_named():
    found = sources()
    found["lifesim.errors"] += "\nfrom lifesim.grid import Grid\n"  # grid imports errors
    assert any(v.startswith("cycle:") and "lifesim.errors" in v and "lifesim.grid" in v
               for v in violations(found))


def test_public_names_stay_importable():
    public = {"ALIVE", "EMPTY", "TICK", "Query", "Transition", "Neighborhood", "Grid", "Rule",
              "parse_rule", "Simulation", "LifesimError", "ProtocolError", "CellError"}
    assert public <= set(lifesim.__all__)
    for name in lifesim.__all__:
        assert getattr(lifesim, name) is not None
    from lifesim.examples import conway  # rule paths users write: lifesim.examples.conway:rule
    assert conway.__name__ == "lifesim.examples.conway"
