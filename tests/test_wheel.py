"""The built wheel, installed in a fresh venv, runs from an unrelated directory.

Offline: the fresh venv gets the wheel with --no-deps and borrows the dependencies from the test
environment through a .pth file (the test env's own genai_roadmap is not on that path's import
hooks, so only the wheel's copy can answer).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True)
    (built,) = out.glob("genai_roadmap-*.whl")
    return built


def test_wheel_carries_roadmaps_templates_and_dotfiles(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    roadmaps = [n for n in names if n.startswith("genai_roadmap/data/roadmap/") and n.endswith(".yaml")]
    assert len(roadmaps) >= 5
    assert "genai_roadmap/data/project_templates/templates.yaml" in names
    assert {"genai_roadmap/assets/map.css", "genai_roadmap/assets/map.js"} <= set(names)  # the HTML map's
    # dotfiles inside templates (.gitignore, .env.example, .github/) must survive packaging
    source_dotfiles = [p.relative_to(ROOT).as_posix() for p in (ROOT / "project_templates").rglob(".*") if p.is_file()]
    for dotfile in source_dotfiles:
        assert "genai_roadmap/data/" + dotfile in names, dotfile
    # the exercises travel with the package; their reference solutions do not
    exercises = {n.split("/")[2] for n in names if n.startswith("genai_roadmap/exercises/") and n.count("/") == 3}
    assert len(exercises) >= 40 and "genai_roadmap/exercises/manifest.yaml" in names
    assert all(f"genai_roadmap/exercises/{e}/{f}" in names for e in exercises for f in ("exercise.py", "test_exercise.py"))
    assert not any("exercise_solutions" in n for n in names)


def test_wheel_in_a_fresh_venv_runs_from_an_unrelated_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(subprocess.check_output([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)],
                   check=True)
    # Only after installing: pip would otherwise see the test env's genai-roadmap and skip the wheel.
    (site / "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    genai = env_dir / "bin" / "genai"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "GENAI_HOME": str(tmp_path / "home")}
    proc = subprocess.run([str(genai), "roadmap", "list", "--json"], cwd=elsewhere, capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["roadmaps"]) >= 5 and all(r["origin"] == "bundled" for r in data["roadmaps"])
    assert all(str(env_dir) in r["path"] for r in data["roadmaps"])  # the wheel's copy, not the checkout
    proc = subprocess.run([str(genai), "next", "-n", "1"], cwd=elsewhere, capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and "Tick one off with: genai check" in proc.stdout, proc.stderr
    proc = subprocess.run([str(genai), "export", "--format", "html"], cwd=elsewhere, capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0 and 'id="genai-data"' in proc.stdout and "use strict" in proc.stdout, proc.stderr
    proc = subprocess.run([str(genai), "exercise", "start", "softmax"], cwd=elsewhere, capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([str(genai), "exercise", "check", "softmax", "--json"], cwd=elsewhere, capture_output=True,
                          text=True, env=env)
    assert proc.returncode == 1 and json.loads(proc.stdout)["counts"] == {"passed": 1, "failed": 2}, proc.stderr
