"""The layout's rules (docs/architecture.md), checked on the source so they stay true."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "genai_roadmap"
SOURCES = sorted(PACKAGE.rglob("*.py"))


@functools.lru_cache(maxsize=None)
def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _module_name(path: Path) -> str:
    return ".".join(("genai_roadmap", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def test_no_module_imports_another_modules_private_names():
    crossings = []
    for path in SOURCES:
        own = _module_name(path)
        imported = _imported_modules(path)
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("genai_roadmap") and node.module != own:
                crossings += [f"{path.name}: from {node.module} import {a.name}" for a in node.names
                              if a.name.startswith("_") and not a.name.startswith("__")]
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                base = node.value
                if isinstance(base, ast.Name) and base.id not in ("self", "cls") and base.id in imported:
                    crossings.append(f"{path.name}: {base.id}.{node.attr}")
    assert not crossings, crossings


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("genai_roadmap"):
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("genai_roadmap")}
    return names


def _calls(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                found.add(f"{getattr(func.value, 'id', getattr(func.value, 'attr', '?'))}.{func.attr}")
            elif isinstance(func, ast.Name):
                found.add(func.id)
    return found


def test_one_home_for_atomic_replacement_and_for_the_clock():
    replacing = [p.name for p in SOURCES if "os.replace" in _calls(p)]
    assert replacing == ["files.py"], replacing
    clocks = [p.name for p in SOURCES if "datetime.now" in _calls(p)]
    assert clocks == ["clock.py"], clocks


def test_renderers_read_no_files():
    for path in sorted((PACKAGE / "render").glob("*.py")):
        calls = _calls(path)
        reads = {c for c in calls if c == "open" or c.endswith((".read_text", ".read_bytes", ".open"))}
        assert not reads, (path.name, reads)
        assert "genai_roadmap.hardware.advice" not in path.read_text()
