from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.agent import SqlAgent
from {{ cookiecutter.package_name }}.database import open_sample
from {{ cookiecutter.package_name }}.offline import Decline, translate
from {{ cookiecutter.package_name }}.providers import FakeProvider


@pytest.fixture
def agent():
    # explicit limits: the generated defaults are answers to `genai new` and may differ
    return SqlAgent(open_sample(), max_retries=2, row_limit=100)


def test_questions_become_sql_and_rows(agent):
    result = agent.ask("How many customers are there?")
    assert result.ok and result.rows == [(12,)] and len(result.attempts) == 1
    result = agent.ask("What is the total revenue by country?")
    assert result.columns == ["country", "revenue"] and result.rows[0][0] == "Germany"
    assert sum(revenue for _, revenue in result.rows) == pytest.approx(37659.0)


def test_cancelled_orders_do_not_count_as_revenue(agent):
    assert agent.ask("Total revenue").rows == [(37659.0,)]
    assert agent.ask("How many cancelled orders?").rows == [(2,)]


def test_the_agent_corrects_itself_after_an_error():
    fake = FakeProvider(replies=["SELECT nme FROM products", "SELECT name FROM products ORDER BY price DESC"])
    result = SqlAgent(open_sample(), fake, max_retries=1).ask("Which product is the most expensive?")
    assert result.ok and result.rows[0] == ("Laptop Pro 14",)
    assert [a.error is None for a in result.attempts] == [False, True]
    assert "no such column: nme" in result.attempts[0].error
    assert "no such column: nme" in fake.calls[1][-1].content  # the model saw the error


def test_unsafe_sql_is_never_run_and_retries_are_bounded():
    fake = FakeProvider(replies=["DELETE FROM orders"] * 5)
    agent = SqlAgent(open_sample(), fake, max_retries=2)
    result = agent.ask("Remove all orders")
    assert not result.ok and len(result.attempts) == 3
    assert agent.conn.execute("SELECT COUNT(*) FROM orders").fetchone() == (30,)


def test_the_offline_brain_declines_what_it_does_not_know(agent):
    with pytest.raises(Decline, match="'write', 'poem'"):
        translate("Write me a poem")
    result = agent.ask("Write me a poem")
    assert not result.ok and not result.attempts and "'poem'" in result.declined


def test_the_offline_brain_only_knows_the_sample_schema(tmp_path):
    import sqlite3

    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    result = SqlAgent(conn, max_retries=2, row_limit=100).ask("How many customers are there?")
    assert not result.ok and "sample shop" in result.declined
