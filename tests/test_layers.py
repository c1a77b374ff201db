"""The package's shape: imports run one way only, and the engine and policy are pure.

cli -> app -> report -> engine -> {policy, sources, store} -> model -> versions.
A module may import its own package and any package below its own; the three
siblings in the middle may not import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "canirequire"
LAYER = {"versions": 0, "model": 1, "policy": 2, "sources": 2, "store": 2, "engine": 3, "report": 4, "app": 5,
         "cli": 6, "__main__": 7}
# Modules that must not touch files, the network, processes or the clock.
PURE = ("engine", "policy", "model", "versions")
IMPURE_MODULES = {"os", "pathlib", "io", "subprocess", "socket", "shutil", "tempfile", "requests", "urllib",
                  "http", "platform", "time"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        yield rel, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _package_of(rel: Path) -> str:
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imported_packages(rel: Path, tree: ast.AST):
    """(line, top-level canirequire package) for every import of the project's own code."""
    depth_base = list(rel.parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = depth_base[: len(depth_base) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not target:  # "from .. import __version__"
                    for alias in node.names:
                        yield node.lineno, alias.name
                    continue
                yield node.lineno, target[0]
            elif node.module and node.module.split(".")[0] == "canirequire":
                parts = node.module.split(".")
                yield node.lineno, parts[1] if len(parts) > 1 else "__init__"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "canirequire" and len(parts) > 1:
                    yield node.lineno, parts[1]


@pytest.mark.parametrize("rel,tree", list(_modules()), ids=lambda x: str(x) if isinstance(x, Path) else "")
def test_imports_run_one_way(rel, tree):
    own = _package_of(rel)
    if own == "__init__":
        return
    for line, target in _imported_packages(rel, tree):
        if target in ("__init__", "__version__", own):
            continue
        assert target in LAYER, f"{rel}:{line} imports unknown package {target!r}"
        assert LAYER[target] < LAYER[own], (
            f"{rel}:{line}: {own} (layer {LAYER[own]}) may not import {target} (layer {LAYER[target]})"
        )


@pytest.mark.parametrize("rel,tree", [(r, t) for r, t in _modules() if _package_of(r) in PURE],
                         ids=lambda x: str(x) if isinstance(x, Path) else "")
def test_pure_layers_do_no_io_and_read_no_clock(rel, tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [(node.module or "").split(".")[0]]
        else:
            names = []
        for name in names:
            assert name not in IMPURE_MODULES, f"{rel}:{node.lineno} imports {name}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                pytest.fail(f"{rel}:{node.lineno} opens a file")
            if isinstance(func, ast.Attribute) and func.attr in ("today", "now", "utcnow"):
                pytest.fail(f"{rel}:{node.lineno} reads the clock ({func.attr}())")
