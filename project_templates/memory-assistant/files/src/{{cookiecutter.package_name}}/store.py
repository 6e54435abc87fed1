"""Where memories live: a data directory (`--data-dir`, else $MEMORY_DIR, else `.memory/`) holding
{{ "one SQLite file, `memories.sqlite` (see sqlite_store.py)" if cookiecutter.store == "sqlite" else "one JSON file, `memories.json` (see json_store.py)" }}.

Memories are personal data: the directory gets a `.gitignore` of its own so that they are never
committed, and `forget` deletes them for good.
"""

from __future__ import annotations

import os
from pathlib import Path

{% if cookiecutter.store == "sqlite" -%}
from .memory import MemoryStore
from .sqlite_store import SqliteStore
{%- else -%}
from .json_store import JsonStore
from .memory import MemoryStore
{%- endif %}

STORE = "{{ cookiecutter.store }}"
DATA_DIR_VARIABLE = "MEMORY_DIR"
DEFAULT_DATA_DIR = ".memory"


def data_dir(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)


def open_store(path: str | Path | None = None) -> MemoryStore:
    """The store in the data directory, created (with its .gitignore) when it does not exist yet."""
    directory = data_dir(path)
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# personal memories: never commit them\n*\n", encoding="utf-8")
{%- if cookiecutter.store == "sqlite" %}
    return SqliteStore(directory / "memories.sqlite")
{%- else %}
    return JsonStore(directory / "memories.json")
{%- endif %}
