from __future__ import annotations

import shutil
import subprocess

import pytest

from {{ cookiecutter.package_name }}.workspace import (
    WorkspaceError,
    apply_changes,
    changes,
    check_path,
    snapshot,
    unified_diff,
    write_files,
)

BEFORE = {"app.py": "print('hi')\n", "old.txt": "bye\n", "keep.md": "same\n"}
AFTER = {"app.py": "print('hello')\n", "new/mod.py": "X = 1\n", "keep.md": "same\n"}


@pytest.mark.parametrize("path", ["../evil.py", "/etc/passwd", "a/../../b", "C:/x.py", ".git/config",
                                  "pkg/__pycache__/x.pyc", "", "  "])
def test_paths_must_stay_inside_the_workspace(path):
    with pytest.raises(WorkspaceError):
        check_path(path)


def test_clean_paths_pass():
    assert check_path("pkg/mod.py") == "pkg/mod.py"
    assert check_path("pkg\\mod.py") == "pkg/mod.py"
    assert check_path("./tests/test_x.py") == "tests/test_x.py"


def test_snapshots_skip_tool_folders_and_binaries(tmp_path):
    write_files(tmp_path, {"a.py": "A\n", "docs/b.md": "B\n"})
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\xff\xfe")
    assert snapshot(tmp_path) == {"a.py": "A\n", "docs/b.md": "B\n"}


def test_changes_and_the_patch_name_every_file():
    assert [(c.status, c.path) for c in changes(BEFORE, AFTER)] == [
        ("modified", "app.py"), ("added", "new/mod.py"), ("deleted", "old.txt")]
    patch = unified_diff(BEFORE, AFTER)
    assert "--- a/app.py\n+++ b/app.py\n" in patch and "-print('hi')\n+print('hello')\n" in patch
    assert "--- /dev/null\n+++ b/new/mod.py\n" in patch and "--- a/old.txt\n+++ /dev/null\n" in patch
    assert unified_diff(BEFORE, BEFORE) == ""


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_patch_applies_with_git(tmp_path):
    write_files(tmp_path, dict(BEFORE))
    (tmp_path / "change.patch").write_text(unified_diff(BEFORE, AFTER))
    subprocess.run(["git", "apply", "change.patch"], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "change.patch").unlink()
    assert snapshot(tmp_path) == AFTER


def test_applying_changes_makes_the_folder_match(tmp_path):
    write_files(tmp_path, dict(BEFORE))
    applied = apply_changes(tmp_path, BEFORE, AFTER)
    assert snapshot(tmp_path) == AFTER and len(applied) == 3
    with pytest.raises(WorkspaceError):
        write_files(tmp_path, {"../outside.py": "x"})
    assert not (tmp_path.parent / "outside.py").exists()
