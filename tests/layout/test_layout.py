"""The shape of the library: packages in layers, imports pointing one way, no cycles, small modules.

Imports are read from the source (every `import` / `from ... import` in a module, at any depth,
except those under `if TYPE_CHECKING:`), so a function-level import that dodges a cycle at run
time is still caught.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "comp_models"
MAX_LINES = 500

# Lowest first. A package may import packages of earlier layers, and modules of its own package.
LAYERS = [
    {"types", "errors", "dates", "kernels"},
    {"metrics"},
    {"payouts"},
    {"plans"},
    {"periods"},
    {"engine"},
    {"statements", "analysis"},
    {"data", "reports"},
    {"cli"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """comp_models modules imported by a module (a `from pkg import name` of a submodule counts it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = name.split(".") if is_pkg else name.split(".")[:-1]
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            if t in known and t != name:
                out.add(t)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(name, path, known) for name, path in mods.items()}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_no_import_cycle_between_modules():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                cycles.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_every_package_is_placed_in_a_layer():
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} | {p.stem for p in PACKAGE.glob("*.py")
                                                                       if not p.stem.startswith("__")}
    assert packages - set(RANK) == set(), f"place new packages in LAYERS: {sorted(packages - set(RANK))}"


def test_imports_point_one_way():
    """A package imports only packages of earlier layers (and its own modules)."""
    wrong = []
    for module, deps in _graph().items():
        pkg = _package(module)
        if pkg is None or pkg == "__main__":  # comp_models/__init__.py and __main__.py compose everything
            continue
        for dep in deps:
            dep_pkg = _package(dep)
            if dep_pkg is None:
                wrong.append(f"{module} imports the top-level {dep}")
            elif dep_pkg != pkg and RANK[dep_pkg] >= RANK[pkg]:
                wrong.append(f"{module} ({pkg}, layer {RANK[pkg]}) imports {dep} ({dep_pkg}, layer {RANK[dep_pkg]})")
    assert not wrong, "\n".join(sorted(wrong))


def test_library_never_imports_the_benchmarks_or_streamlit():
    offenders = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            for m in mods:
                if m.split(".")[0] in ("benchmarks", "streamlit", "tests", "ui", "app_pages"):
                    if not name.startswith("comp_models.cli"):  # the CLI's `bench` command delegates
                        offenders.append(f"{name} imports {m}")
                    elif m.split(".")[0] != "benchmarks":
                        offenders.append(f"{name} imports {m}")
    assert not offenders, offenders


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_small(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines (at most {MAX_LINES}): split it by concept"


def test_every_package_says_what_it_owns():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc.lower() and len(doc) > 150, f"{init.relative_to(ROOT)}: say what it owns and imports"


def test_the_checker_finds_a_cycle(tmp_path, monkeypatch):
    """The cycle check can fail: two modules importing each other are reported."""
    pkg = tmp_path / "comp_models"
    (pkg / "engine").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "engine" / "__init__.py").write_text("")
    (pkg / "engine" / "a.py").write_text("from comp_models.engine.b import x\n")
    (pkg / "engine" / "b.py").write_text("def f():\n    from comp_models.engine import a\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "ROOT", tmp_path)
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "PACKAGE", pkg)
    with pytest.raises(AssertionError, match="import cycles"):
        test_no_import_cycle_between_modules()
