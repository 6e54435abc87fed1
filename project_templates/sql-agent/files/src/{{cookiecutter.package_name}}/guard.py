"""The SQL guard: one read-only statement or nothing, checked before the database sees it."""

from __future__ import annotations

import re

FORBIDDEN = ("insert", "update", "delete", "replace", "drop", "alter", "create", "attach", "detach",
             "pragma", "vacuum", "reindex", "analyze", "begin", "commit", "rollback", "savepoint")
_STRINGS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_FENCE = re.compile(r"```(?:sql|sqlite)?\s*(.*?)```", re.S | re.I)


class UnsafeSQL(ValueError):
    """The text is not exactly one SELECT statement."""


def extract_sql(reply: str) -> str:
    """The SQL in a model's reply: inside a code fence if there is one, without the final `;`."""
    fenced = _FENCE.search(reply)
    sql = (fenced.group(1) if fenced else reply).strip()
    return sql.rstrip(";").strip()


def check_sql(sql: str) -> str:
    """Return the statement if it only reads; raise UnsafeSQL saying why otherwise."""
    code = _COMMENTS.sub(" ", _STRINGS.sub("''", sql)).strip().rstrip(";").strip()
    if not code:
        raise UnsafeSQL("the reply contains no SQL")
    if ";" in code:
        raise UnsafeSQL("only one statement is allowed")
    first = code.split(None, 1)[0].lower()
    if first not in ("select", "with"):
        raise UnsafeSQL(f"only SELECT queries are allowed, not {first.upper()}")
    words = set(re.findall(r"[a-z_]+", code.lower()))
    bad = [word.upper() for word in FORBIDDEN if word in words]
    if bad:
        raise UnsafeSQL(f"read-only queries cannot use {', '.join(bad)}")
    return sql.strip().rstrip(";").strip()
