"""The offline translator answers the questions it understands correctly, and only those.

Each expected answer is computed here by an independent query over the sample data, so a rule
that returns rows of some other question fails.
"""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.agent import SqlAgent
from {{ cookiecutter.package_name }}.database import open_sample
from {{ cookiecutter.package_name }}.offline import Decline, translate

REVENUE_BY = ("SELECT {key}, ROUND(SUM(oi.quantity * p.price), 2) FROM order_items oi "
              "JOIN products p ON p.id = oi.product_id JOIN orders o ON o.id = oi.order_id "
              "JOIN customers c ON c.id = o.customer_id WHERE o.status <> 'cancelled' {where} GROUP BY {key}")


@pytest.fixture(scope="module")
def conn():
    return open_sample()


def ask(conn, question: str) -> list[tuple]:
    result = SqlAgent(conn, max_retries=0, row_limit=1000).ask(question)
    assert result.ok, result.declined or result.attempts
    return result.rows


def rows(conn, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


def leaders(pairs: list[tuple]) -> set:
    best = max(value for _, value in pairs)
    return {name for name, value in pairs if value == best}


def test_which_customer_placed_the_most_orders(conn):
    counts = rows(conn, "SELECT c.name, COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id "
                        "GROUP BY c.id")
    answer = ask(conn, "Which customer placed the most orders?")
    # every customer tied at the top, and nobody else
    assert {name for name, _ in answer} == leaders(counts)
    assert {n for _, n in answer} == {max(n for _, n in counts)}


def test_counts_with_filters(conn):
    assert ask(conn, "How many customers are there?") == rows(conn, "SELECT COUNT(*) FROM customers")
    assert ask(conn, "How many customers from the United States?") == rows(
        conn, "SELECT COUNT(*) FROM customers WHERE country = 'United States'")
    assert ask(conn, "How many orders were shipped in 2024?") == rows(
        conn, "SELECT COUNT(*) FROM orders WHERE status = 'shipped' AND ordered_at LIKE '2024-%'")
    assert ask(conn, "Which country has the most customers?") == [("Germany", 3)]


def test_revenue_rankings(conn):
    by_customer = rows(conn, REVENUE_BY.format(key="c.name", where=""))
    assert {name for name, _ in ask(conn, "Which customer spent the most?")} == leaders(by_customer)
    top3 = sorted(rows(conn, REVENUE_BY.format(key="p.name", where="")), key=lambda r: -r[1])[:3]
    assert ask(conn, "Top 3 products by revenue") == top3
    german = rows(conn, REVENUE_BY.format(key="c.name", where="AND c.country = 'Germany'"))
    assert sorted(ask(conn, "revenue per customer in Germany")) == sorted(german)


def test_prices_and_averages(conn):
    assert ask(conn, "What is the most expensive product?") == rows(
        conn, "SELECT name, price FROM products WHERE price = (SELECT MAX(price) FROM products)")
    assert ask(conn, "least expensive product") == ask(conn, "cheapest product") == rows(
        conn, "SELECT name, price FROM products WHERE price = (SELECT MIN(price) FROM products)")
    assert ask(conn, "average price by category")[0] == ("Computers", 1249.0)


@pytest.mark.parametrize("question,why", [
    ("How many customers are not from Germany?", "'not'"),      # a negation it cannot express
    ("Which customer placed the most orders last year?", "'last', 'year'"),  # a relative date
    ("What's the weather in Paris?", "'weather', 'paris'"),
    ("Top 3 customers", "what to rank by"),                     # ranked by what?
    ("Revenue per customer per country", "one thing at a time"),
    ("Revenue by country and category", "'and'"),
    ("DROP TABLE orders", "'drop', 'table'"),
])
def test_it_declines_rather_than_answer_another_question(question, why):
    with pytest.raises(Decline, match=why):
        translate(question)
