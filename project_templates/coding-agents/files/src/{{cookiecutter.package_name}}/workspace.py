"""Workspaces: the user's folder, the agents' throwaway copy of it, and the diff between them.

The agents never write into the user's folder. `Sandbox.copy_of(folder)` gives them a copy in a
temporary directory; they write and run tests there, and only an approved change is applied back
with `apply_changes`. Every path an agent names is checked to stay inside the workspace.
"""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Never read, copied, diffed or written by the agents.
IGNORED_DIRS = {".git", ".coding-agents", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache",
                ".venv", "venv", "node_modules", ".tox", ".idea", ".vscode"}
MAX_FILE_BYTES = 200_000
NO_NEWLINE = "\n\\ No newline at end of file\n"


class WorkspaceError(ValueError):
    """A path outside the workspace, or a folder that cannot be used."""


def check_path(relative: str) -> str:
    """A clean relative POSIX path inside the workspace, or WorkspaceError."""
    path = PurePosixPath(relative.strip().replace("\\", "/"))
    drive = bool(path.parts) and ":" in path.parts[0]  # C:/… on Windows
    if not relative.strip() or path.is_absolute() or ".." in path.parts or drive:
        raise WorkspaceError(f"'{relative}' is not a relative path inside the workspace")
    if set(path.parts) & IGNORED_DIRS:
        raise WorkspaceError(f"'{relative}' is inside a folder the agents may not touch")
    return path.as_posix()


def snapshot(root: Path) -> dict[str, str]:
    """Every text file under `root` (relative path → content), skipping tool folders and binaries."""
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or set(rel.parts) & IGNORED_DIRS:
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            continue
        try:
            files[rel.as_posix()] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
    return files


@dataclass(frozen=True)
class Change:
    status: str  # "added", "modified" or "deleted"
    path: str


def changes(before: dict[str, str], after: dict[str, str]) -> list[Change]:
    result = []
    for path in sorted(set(before) | set(after)):
        if path not in before:
            result.append(Change("added", path))
        elif path not in after:
            result.append(Change("deleted", path))
        elif before[path] != after[path]:
            result.append(Change("modified", path))
    return result


def unified_diff(before: dict[str, str], after: dict[str, str]) -> str:
    """A git-style patch (apply it with `git apply` or `patch -p1`)."""
    parts = []
    for change in changes(before, after):
        old = before.get(change.path, "").splitlines(keepends=True)
        new = after.get(change.path, "").splitlines(keepends=True)
        source = "/dev/null" if change.status == "added" else f"a/{change.path}"
        target = "/dev/null" if change.status == "deleted" else f"b/{change.path}"
        lines = list(difflib.unified_diff(old, new, source, target))
        parts.append(f"diff --git a/{change.path} b/{change.path}\n")
        if change.status != "modified":
            parts.append(f"{'new' if change.status == 'added' else 'deleted'} file mode 100644\n")
        parts.extend(line if line.endswith("\n") else line + NO_NEWLINE for line in lines)
    return "".join(parts)


def write_files(root: Path, files: dict[str, str | None]) -> list[str]:
    """Write (content) or delete (None) files under `root`; returns the paths touched."""
    touched = []
    for relative, content in files.items():
        path = root / check_path(relative)
        if content is None:
            if path.is_file():
                path.unlink()
                touched.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        touched.append(relative)
    return touched


def apply_changes(root: Path, before: dict[str, str], after: dict[str, str]) -> list[Change]:
    """Make `root` (which holds `before`) hold `after`; returns what changed."""
    todo = changes(before, after)
    write_files(root, {c.path: (None if c.status == "deleted" else after[c.path]) for c in todo})
    return todo


def copy_workspace(source: Path, target: Path) -> None:
    """Copy the user's folder into the sandbox, without tool folders (.git, .venv…)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*IGNORED_DIRS), dirs_exist_ok=True)
