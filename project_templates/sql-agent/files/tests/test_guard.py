from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.guard import UnsafeSQL, check_sql, extract_sql


def test_sql_is_taken_from_code_fences_and_loses_its_semicolon():
    assert extract_sql("Here you go:\n```sql\nSELECT 1;\n```\nEnjoy") == "SELECT 1"
    assert extract_sql("  SELECT name FROM products; ") == "SELECT name FROM products"


@pytest.mark.parametrize("sql", [
    "SELECT * FROM products",
    "with t as (select 1 as x) select x from t",
    "SELECT 'drop table; delete' AS text_is_fine",
    "SELECT name FROM customers -- no comment can hide a DELETE",
])
def test_reads_pass(sql):
    assert check_sql(sql) == sql


@pytest.mark.parametrize("sql,reason", [
    ("DELETE FROM products", "not DELETE"),
    ("SELECT 1; DROP TABLE products", "one statement"),
    ("WITH x AS (SELECT 1) DELETE FROM products", "cannot use DELETE"),
    ("", "no SQL"),
    ("/* only a comment */", "no SQL"),
    ("PRAGMA table_info(products)", "not PRAGMA"),
])
def test_everything_else_is_refused(sql, reason):
    with pytest.raises(UnsafeSQL, match=reason):
        check_sql(sql)
