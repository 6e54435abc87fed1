"""Read-only access to SQLite: the sample shop database or a file of yours.

Three locks, each enough on its own for SELECT-only access: the file is opened read-only (the
sample lives in memory), `PRAGMA query_only` refuses writes, and an authorizer allows only
reading. A progress handler stops a query that runs longer than its time budget.
"""

from __future__ import annotations

import sqlite3
import time
from importlib import resources
from pathlib import Path

SAMPLE_SQL = "shop.sql"
QUERY_SECONDS = 5.0
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
            getattr(sqlite3, "SQLITE_RECURSIVE", 33)}


class DatabaseError(RuntimeError):
    """The database cannot be opened."""


def sample_script() -> str:
    return (resources.files(__package__) / "data" / SAMPLE_SQL).read_text(encoding="utf-8")


def _authorize(action: int, *_args) -> int:
    return sqlite3.SQLITE_OK if action in _ALLOWED else sqlite3.SQLITE_DENY


def _lock(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute("PRAGMA query_only = ON")
    conn.set_authorizer(_authorize)
    return conn


def open_sample() -> sqlite3.Connection:
    """The bundled shop database, built in memory and then locked."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(sample_script())
    return _lock(conn)


def open_readonly(path: str | Path | None = None) -> sqlite3.Connection:
    if path is None:
        return open_sample()
    file = Path(path)
    if not file.is_file():
        raise DatabaseError(f"{file}: no such database file")
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise DatabaseError(f"{file}: not a readable SQLite database ({exc})") from None
    return _lock(conn)


def write_sample(path: str | Path) -> Path:
    """Save the sample database to a file, to explore it with other tools."""
    file = Path(path)
    if file.exists():
        raise DatabaseError(f"{file} already exists")
    with sqlite3.connect(file) as conn:
        conn.executescript(sample_script())
    conn.close()
    return file


def describe_schema(conn: sqlite3.Connection) -> str:
    """The CREATE statements of every table, with their row counts: what the model is shown."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    parts = []
    for name, sql in rows:
        (count,) = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        parts.append(f"{sql};  -- {count} rows")
    return "\n\n".join(parts)


def run_query(conn: sqlite3.Connection, sql: str, limit: int,
              seconds: float = QUERY_SECONDS) -> tuple[list[str], list[tuple], bool]:
    """Columns, at most `limit` rows, and whether there were more. Raises sqlite3.Error."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        cursor = conn.execute(sql)
        rows = cursor.fetchmany(limit + 1)
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise sqlite3.OperationalError(f"the query ran longer than {seconds:g} s") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    columns = [d[0] for d in cursor.description or []]
    return columns, rows[:limit], len(rows) > limit
