from __future__ import annotations

import sqlite3

import pytest

from {{ cookiecutter.package_name }}.database import (
    DatabaseError,
    describe_schema,
    open_readonly,
    open_sample,
    run_query,
    write_sample,
)


def test_the_sample_database_loads_with_its_schema():
    conn = open_sample()
    schema = describe_schema(conn)
    for table in ("customers", "products", "orders", "order_items"):
        assert f"CREATE TABLE {table}" in schema
    assert "-- 30 rows" in schema  # orders
    columns, rows, more = run_query(conn, "SELECT COUNT(*) AS n FROM customers", 10)
    assert columns == ["n"] and rows == [(12,)] and not more


@pytest.mark.parametrize("statement", [
    "DELETE FROM customers",
    "UPDATE products SET price = 0",
    "DROP TABLE orders",
    "INSERT INTO products (name, category, price) VALUES ('x', 'y', 1)",
    "ATTACH DATABASE 'other.db' AS other",
    "PRAGMA query_only = OFF",
])
def test_writes_are_refused_by_the_database_itself(statement):
    conn = open_sample()
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute(statement)
    assert run_query(conn, "SELECT COUNT(*) FROM products", 1)[1] == [(9,)]


def test_files_open_read_only(tmp_path):
    path = write_sample(tmp_path / "shop.db")
    conn = open_readonly(path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM orders")
    assert run_query(conn, "SELECT COUNT(*) FROM orders", 1)[1] == [(30,)]
    with pytest.raises(DatabaseError, match="already exists"):
        write_sample(path)
    with pytest.raises(DatabaseError, match="no such database"):
        open_readonly(tmp_path / "missing.db")
    (tmp_path / "junk.db").write_text("not a database")
    with pytest.raises(DatabaseError, match="not a readable SQLite database"):
        open_readonly(tmp_path / "junk.db")


def test_rows_are_capped_and_slow_queries_stopped():
    conn = open_sample()
    _, rows, more = run_query(conn, "SELECT * FROM order_items", 5)
    assert len(rows) == 5 and more
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
    with pytest.raises(sqlite3.OperationalError, match="longer than"):
        run_query(conn, endless, 1, seconds=0.2)
