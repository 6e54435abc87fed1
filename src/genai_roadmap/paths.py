"""Every file location the tool uses, in one place.

`GENAI_HOME` replaces the per-user data directory (and puts the cache under it), which is how the
tests and anyone wanting a portable setup isolate their progress.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP_NAME = "genai-roadmap"


def data_dir() -> Path:
    home = os.environ.get("GENAI_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = os.environ.get("GENAI_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def verify_venvs_dir() -> Path:
    """Where `genai verify` keeps the environments it creates for projects without a `.venv`."""
    return cache_dir() / "verify-venvs"


def state_file() -> Path:
    return data_dir() / "state.json"


def state_backup_file() -> Path:
    return data_dir() / "state.json.bak"


def state_lock_file() -> Path:
    return data_dir() / "state.json.lock"


def config_file() -> Path:
    """Settings (`genai config`), beside the progress file."""
    return data_dir() / "config.toml"


def user_roadmaps_dir() -> Path:
    """Roadmaps added with `genai roadmap add` are copied here."""
    return data_dir() / "roadmaps"


def roadmap_cache_dir() -> Path:
    return cache_dir() / "roadmaps"


def hardware_cache_file() -> Path:
    """The last `genai hw` detection, which `genai next` reads for its hardware advice."""
    return cache_dir() / "hardware.json"


def maps_dir() -> Path:
    return cache_dir() / "maps"


def map_file(roadmap_id: str) -> Path:
    """The page `genai view` writes and opens: the HTML map of one roadmap's progress."""
    return maps_dir() / f"{roadmap_id}.html"


def _package_data(name: str) -> Path:
    # Installed wheels carry roadmap/ and project_templates/ inside the package (see pyproject's
    # force-include); a source checkout run with PYTHONPATH=src falls back to the repo's top level.
    packaged = resources.files("genai_roadmap") / "data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / name


def bundled_roadmaps_dir() -> Path:
    return _package_data("roadmap")


def project_templates_dir() -> Path:
    return _package_data("project_templates")


def bundled_exercises_dir() -> Path:
    """The exercises of `genai exercise` (package data beside this module: manifest and one folder each)."""
    return Path(__file__).resolve().parent / "exercises"


def exercise_workspace() -> Path:
    """Where `genai exercise start` writes exercises unless told `--dir`."""
    return data_dir() / "exercises"


def all_locations() -> dict[str, Path]:
    """What `genai path` prints: every location, keyed by a stable name."""
    return {
        "data_dir": data_dir(),
        "state_file": state_file(),
        "state_backup": state_backup_file(),
        "state_lock": state_lock_file(),
        "config_file": config_file(),
        "user_roadmaps": user_roadmaps_dir(),
        "cache_dir": cache_dir(),
        "hardware_cache": hardware_cache_file(),
        "verify_venvs": verify_venvs_dir(),
        "maps": maps_dir(),
        "exercise_workspace": exercise_workspace(),
        "bundled_roadmaps": bundled_roadmaps_dir(),
        "project_templates": project_templates_dir(),
    }
